//! The operation table: every operation of the manifest and the method that sends it.

/// One row of [`OPERATIONS`](crate::OPERATIONS).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OperationEntry {
    /// API family (`organization`, `user-management`, `user-provisioning`, `control`, `api-access`, `dlp`).
    pub family: &'static str,
    /// The operationId in `specs/<family>.json`.
    pub operation_id: &'static str,
    /// The call that sends it, e.g. `client.org(org_id).users().list()`.
    pub method: &'static str,
    /// Whether Atlassian deprecated the operation (the method is `#[deprecated]`).
    pub deprecated: bool,
    /// What it does, in one line (ours, from `summaries.txt`).
    pub summary: &'static str,
    /// `GET`, `POST`, ...
    pub http_method: &'static str,
    /// The path on the host, with `{placeholders}` (`/admin/v1/orgs/{orgId}`).
    pub path: &'static str,
}
