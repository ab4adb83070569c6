#![doc = include_str!("../README.md")]
//!
//! ## Layout
//!
//! Everything under `src/generated/` is written by `cargo xtask codegen` from `specs/` and is
//! never edited by hand. Each family module has a `Client`, a `builder` module with one request
//! builder per operation, and a `types` module. Non-2xx answers are returned untouched as
//! [`Error::UnexpectedResponse`]; requests go out through the [`Executor`] installed in
//! [`Hooks`], which is how the `atlassian-admin` crate adds its transport.
#![warn(missing_docs)]

mod hooks;
#[macro_use]
mod open_enum;
pub use hooks::{Executor, Hooks};
pub use progenitor_client::{Error, OperationInfo, ResponseValue};

macro_rules! family {
    ($(#[$doc:meta] $name:ident ($family:literal) => $file:literal),* $(,)?) => {
        $(
            #[$doc]
            #[allow(clippy::all, unused_imports, dead_code, missing_docs, rustdoc::all)]
            #[path = $file]
            pub mod $name;

            impl progenitor_client::ClientHooks<Hooks> for $name::Client {
                async fn exec(
                    &self,
                    request: reqwest::Request,
                    info: &OperationInfo,
                ) -> reqwest::Result<reqwest::Response> {
                    use progenitor_client::ClientInfo;
                    let id = $name::OPERATION_IDS
                        .iter()
                        .find(|(rust, _)| *rust == info.operation_id)
                        .map_or(info.operation_id, |(_, id)| *id);
                    match self.inner().executor() {
                        Some(e) => e.execute(self.client(), request, $family, id).await,
                        None => self.client().execute(request).await,
                    }
                }
            }
        )*
    };
}

family! {
    /// Organizations: orgs, domains, events, policies, directories, users, groups, workspaces.
    organization ("organization") => "generated/organization.rs",
    /// User management: profile, email, lifecycle and API tokens of managed accounts.
    user_management ("user-management") => "generated/user_management.rs",
    /// User provisioning: SCIM 2.0 users and groups of an identity-provider directory, SCIM links.
    user_provisioning ("user-provisioning") => "generated/user_provisioning.rs",
    /// Admin control: authentication, IP allowlist and data security policies, their resources.
    control ("control") => "generated/control.rs",
    /// API access: user and service-account API tokens, API keys, service accounts, OAuth clients.
    api_access ("api-access") => "generated/api_access.rs",
    /// Data loss prevention: classification levels and their lifecycle.
    dlp ("dlp") => "generated/dlp.rs",
}

/// A boxed, `Send` future (what [`Operation::send`] returns).
pub type BoxFuture<'a, T> = futures::future::BoxFuture<'a, T>;

/// Implemented by every generated request builder: lets callers send any operation generically.
pub trait Operation<'a>: Sized + Send + 'a {
    /// The decoded success body (`()` when the operation answers without one).
    type Output: Send + 'a;
    /// The operationId in `specs/<family>.json`.
    const OPERATION_ID: &'static str;
    /// Sends the request.
    fn send(self) -> BoxFuture<'a, Result<ResponseValue<Self::Output>, Error<()>>>;
}

/// The operation manifest written by codegen: family, operationId, Rust method, HTTP method,
/// path, deprecation, parameters of every operation.
pub const MANIFEST_JSON: &str = include_str!("generated/manifest.json");
