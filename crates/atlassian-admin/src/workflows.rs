//! The admin jobs people keep rewriting by hand, built on the operations of this crate and
//! shared by the command line and the Python and Node packages (same steps, same records).
//!
//! - [`Offboard`]: resolve an e-mail to its account, take away its access in every directory,
//!   its group memberships and its API tokens, and write one audit record. Dry runs send no
//!   write; a second run on an offboarded user changes nothing.
//! - [`inactive_users`]: users whose latest activity in any product is older than N days.
//! - [`export`]: every item of a listing (users, groups, API tokens, API keys, events).
//! - [`tail_events`]: the audit log as it grows, within the events API's own rate limit.

use crate::{AdminClient, Error, ErrorKind, Result, ScimClient};
use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};
use serde::Serialize;
use serde_json::{json, Value};
use std::time::Duration;

/// What happened to one step of a workflow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepOutcome {
    /// The change was made.
    Done,
    /// Nothing to change (already in the wanted state).
    Unchanged,
    /// A dry run: the change would be made.
    Planned,
    /// Not attempted, with the reason in `detail`.
    Skipped,
    /// Attempted and failed; `detail` says why.
    Failed,
}

/// One step of an [`AuditRecord`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Step {
    /// `resolve`, `scim_deactivate`, `suspend`, `remove_group`, `revoke_token`.
    pub step: &'static str,
    /// What the step acts on (a directory, group or token id).
    pub target: String,
    /// How the step ended.
    pub outcome: StepOutcome,
    /// Why it ended so (the error, or what made it unnecessary), when there is more to say.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// How offboarding one e-mail ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OffboardOutcome {
    /// Every change was made.
    Done,
    /// The user was already offboarded: nothing changed.
    Unchanged,
    /// A dry run: the steps list what would change.
    Planned,
    /// No account has this e-mail in any directory of the organization.
    NotFound,
    /// The account is managed by an identity provider (SCIM) and no SCIM key was given: nothing
    /// was changed, since the next sync would restore the access.
    Blocked,
    /// Some step failed (see the steps); the others were still tried.
    Failed,
}

/// The record of offboarding one e-mail: every step and its outcome.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AuditRecord {
    /// The address that was asked for.
    pub email: String,
    /// The account it resolved to (`None` when no directory has it).
    pub account_id: Option<String>,
    /// Whether this was a plan only (nothing sent but reads).
    pub dry_run: bool,
    /// When offboarding this address started (RFC 3339, UTC).
    pub started_at: String,
    /// How it ended overall.
    pub outcome: OffboardOutcome,
    /// Every step, in the order taken.
    pub steps: Vec<Step>,
}

impl AuditRecord {
    /// The record as JSON (what the CLI prints, one line per user).
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// Whether the run reached its goal (done, unchanged or planned).
    pub fn succeeded(&self) -> bool {
        matches!(self.outcome, OffboardOutcome::Done | OffboardOutcome::Unchanged | OffboardOutcome::Planned)
    }
}

/// Offboarding: build with [`Offboard::new`], then [`Offboard::run`] per e-mail.
#[derive(Clone, Debug)]
pub struct Offboard {
    client: AdminClient,
    org_id: String,
    scim: Option<ScimClient>,
    dry_run: bool,
}

fn step(step: &'static str, target: impl Into<String>, outcome: StepOutcome, detail: Option<String>) -> Step {
    Step { step, target: target.into(), outcome, detail }
}

fn why(e: &Error) -> String {
    e.to_string()
}

/// A user found in one directory.
struct Found {
    directory: String,
    account_id: String,
    membership: String,
    synced: bool,
    groups: Vec<(String, String)>,
}

impl Offboard {
    /// Offboarding in organization `org_id` through `client` (an organization admin key).
    pub fn new(client: &AdminClient, org_id: impl Into<String>) -> Self {
        Offboard { client: client.clone(), org_id: org_id.into(), scim: None, dry_run: false }
    }

    /// Deactivate SCIM-managed users through this directory's SCIM API (without it such users
    /// are left untouched and reported as [`OffboardOutcome::Blocked`]).
    pub fn scim(mut self, scim: ScimClient) -> Self {
        self.scim = Some(scim);
        self
    }

    /// Plan only: read what is needed, send no write.
    pub fn dry_run(mut self, on: bool) -> Self {
        self.dry_run = on;
        self
    }

    async fn call(&self, family: &str, op: &str, args: Value) -> Result<Value> {
        self.client.call_json(family, op, args).await
    }

    /// A write, or its plan in a dry run.
    async fn write(&self, steps: &mut Vec<Step>, name: &'static str, target: &str, family: &str, op: &str, args: Value) -> bool {
        if self.dry_run {
            steps.push(step(name, target, StepOutcome::Planned, None));
            return true;
        }
        match self.call(family, op, args).await {
            Ok(_) => {
                steps.push(step(name, target, StepOutcome::Done, None));
                true
            }
            Err(e) => {
                steps.push(step(name, target, StepOutcome::Failed, Some(why(&e))));
                false
            }
        }
    }

    async fn find(&self, email: &str, steps: &mut Vec<Step>) -> Result<Vec<Found>> {
        let dirs: Vec<Value> = self.client.paginate_json("organization", "getDirectoriesForOrg", json!({"orgId": self.org_id}))?.try_collect().await?;
        let mut found = vec![];
        for d in dirs {
            let Some(dir) = d.get("directoryId").or_else(|| d.get("id")).and_then(Value::as_str).map(str::to_string) else { continue };
            let body = json!({"emails": [email], "expand": ["groups"], "limit": 10});
            let users: Vec<Value> = self
                .client
                .paginate_json("organization", "searchDirectoryUsers", json!({"orgId": self.org_id, "directoryId": dir, "body": body}))?
                .try_collect()
                .await?;
            // The search matches e-mails case-insensitively; keep exact matches only.
            let users: Vec<&Value> = users.iter().filter(|u| u.get("email").and_then(Value::as_str).is_some_and(|e| e.eq_ignore_ascii_case(email))).collect();
            if users.is_empty() {
                steps.push(step("resolve", &dir, StepOutcome::Unchanged, Some("no account with this e-mail in the directory".into())));
            }
            for u in users {
                let Some(account_id) = u.get("accountId").and_then(Value::as_str) else { continue };
                let groups = u
                    .get("groups")
                    .and_then(Value::as_array)
                    .map(|gs| {
                        gs.iter()
                            .filter_map(|g| Some((g.get("id")?.as_str()?.to_string(), g.get("name").and_then(Value::as_str).unwrap_or("").to_string())))
                            .collect()
                    })
                    .unwrap_or_default();
                let source = u.get("managementSource").and_then(Value::as_str).unwrap_or("");
                steps.push(step("resolve", &dir, StepOutcome::Done, Some(format!("account {account_id}"))));
                found.push(Found {
                    directory: dir.clone(),
                    account_id: account_id.to_string(),
                    membership: u.get("membershipStatus").and_then(Value::as_str).unwrap_or("").to_ascii_lowercase(),
                    synced: ["synced", "scim"].iter().any(|s| source.eq_ignore_ascii_case(s)),
                    groups,
                });
            }
        }
        Ok(found)
    }

    async fn scim_deactivate(&self, scim: &ScimClient, email: &str, steps: &mut Vec<Step>) -> bool {
        let quoted = email.replace('\\', "\\\\").replace('"', "\\\"");
        let mut user = None;
        for filter in [format!("userName eq \"{quoted}\""), format!("emails.value eq \"{quoted}\"")] {
            match scim.paginate_json("listScimUsers", json!({"filter": filter})).map(|p| p.limit(1)) {
                Ok(p) => match p.try_collect::<Vec<Value>>().await {
                    Ok(mut v) if !v.is_empty() => {
                        user = Some(v.remove(0));
                        break;
                    }
                    Ok(_) => {}
                    Err(e) => {
                        steps.push(step("scim_deactivate", email, StepOutcome::Failed, Some(why(&e))));
                        return false;
                    }
                },
                Err(e) => {
                    steps.push(step("scim_deactivate", email, StepOutcome::Failed, Some(why(&e))));
                    return false;
                }
            }
        }
        let Some(u) = user else {
            steps.push(step("scim_deactivate", email, StepOutcome::Failed, Some("no SCIM user with this userName or e-mail in the SCIM directory".into())));
            return false;
        };
        let id = u.get("id").and_then(Value::as_str).unwrap_or_default().to_string();
        if u.get("active") == Some(&Value::Bool(false)) {
            steps.push(step("scim_deactivate", &id, StepOutcome::Unchanged, Some("already inactive".into())));
            return true;
        }
        if self.dry_run {
            steps.push(step("scim_deactivate", &id, StepOutcome::Planned, None));
            return true;
        }
        let body = json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [{"op": "replace", "value": {"active": false}}]});
        match scim.call_json("patchScimUser", json!({"userId": id, "body": body})).await {
            Ok(_) => {
                steps.push(step("scim_deactivate", &id, StepOutcome::Done, None));
                true
            }
            Err(e) => {
                steps.push(step("scim_deactivate", &id, StepOutcome::Failed, Some(why(&e))));
                false
            }
        }
    }

    /// Offboards each e-mail, `concurrency` at a time (1 to 10,000): one record per address,
    /// in input order, as each completes.
    pub fn run_stream(&self, emails: Vec<String>, concurrency: usize) -> Result<BoxStream<'_, AuditRecord>> {
        let n = crate::config::check_concurrency(concurrency)?;
        Ok(stream::iter(emails).map(move |e| async move { self.run(&e).await }).buffered(n).boxed())
    }

    /// [`run_stream`](Self::run_stream), collected.
    pub async fn run_all(&self, emails: Vec<String>, concurrency: usize) -> Result<Vec<AuditRecord>> {
        Ok(self.run_stream(emails, concurrency)?.collect().await)
    }

    /// Offboards one e-mail and returns its audit record (never an error: failures are steps).
    pub async fn run(&self, email: &str) -> AuditRecord {
        let started_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let mut steps = vec![];
        let record = |outcome, account_id: Option<String>, steps: Vec<Step>| AuditRecord {
            email: email.to_string(),
            account_id,
            dry_run: self.dry_run,
            started_at: started_at.clone(),
            outcome,
            steps,
        };
        let email = email.trim();
        if email.is_empty() || !email.contains('@') || email.len() > 320 {
            steps.push(step("resolve", email, StepOutcome::Failed, Some("not an e-mail address".into())));
            return record(OffboardOutcome::Failed, None, steps);
        }
        let found = match self.find(email, &mut steps).await {
            Ok(f) => f,
            Err(e) => {
                steps.push(step("resolve", &self.org_id, StepOutcome::Failed, Some(why(&e))));
                return record(OffboardOutcome::Failed, None, steps);
            }
        };
        let Some(first) = found.first() else { return record(OffboardOutcome::NotFound, None, steps) };
        let account_id = first.account_id.clone();
        let mut ok = true;
        if found.iter().any(|f| f.synced) {
            match &self.scim {
                Some(scim) => ok &= self.scim_deactivate(scim, email, &mut steps).await,
                None => {
                    steps.push(step(
                        "scim_deactivate",
                        &account_id,
                        StepOutcome::Skipped,
                        Some("the account is managed by an identity provider (SCIM): the next sync would restore any access removed here. Pass the SCIM directory's key, or deprovision the user in the identity provider".into()),
                    ));
                    return record(OffboardOutcome::Blocked, Some(account_id), steps);
                }
            }
        }
        for f in &found {
            let args = json!({"orgId": self.org_id, "directoryId": f.directory, "accountId": f.account_id});
            if f.membership == "suspended" {
                steps.push(step("suspend", &f.directory, StepOutcome::Unchanged, Some("already suspended".into())));
            } else {
                ok &= self.write(&mut steps, "suspend", &f.directory, "organization", "suspendUser", args).await;
            }
            for (gid, name) in &f.groups {
                let args = json!({"orgId": self.org_id, "directoryId": f.directory, "groupId": gid, "accountId": f.account_id});
                let target = if name.is_empty() { gid.clone() } else { format!("{gid} ({name})") };
                ok &= self.write(&mut steps, "remove_group", &target, "organization", "removeUserFromGroup", args).await;
            }
        }
        match self.call("user-management", "listUserApiTokens", json!({"account_id": account_id})).await {
            Ok(tokens) => {
                let ids: Vec<String> =
                    tokens.as_array().map(|t| t.iter().filter_map(|x| x.get("id").and_then(Value::as_str).map(str::to_string)).collect()).unwrap_or_default();
                if ids.is_empty() {
                    steps.push(step("revoke_token", &account_id, StepOutcome::Unchanged, Some("no API tokens".into())));
                }
                for id in ids {
                    ok &= self
                        .write(&mut steps, "revoke_token", &id, "user-management", "deleteUserApiToken", json!({"account_id": account_id, "tokenId": id}))
                        .await;
                }
            }
            // Only managed accounts have tokens the organization can see.
            Err(e) if matches!(e.kind(), ErrorKind::NotFound | ErrorKind::Forbidden) => {
                steps.push(step(
                    "revoke_token",
                    &account_id,
                    StepOutcome::Skipped,
                    Some(format!("the account's API tokens are not visible to the organization ({})", e.message())),
                ));
            }
            Err(e) => {
                steps.push(step("revoke_token", &account_id, StepOutcome::Failed, Some(why(&e))));
                ok = false;
            }
        }
        let changed = steps.iter().any(|s| s.step != "resolve" && s.outcome == StepOutcome::Done);
        let outcome = match (ok, self.dry_run, changed) {
            (false, _, _) => OffboardOutcome::Failed,
            (true, true, _) if steps.iter().any(|s| s.outcome == StepOutcome::Planned) => OffboardOutcome::Planned,
            (true, _, true) => OffboardOutcome::Done,
            _ => OffboardOutcome::Unchanged,
        };
        record(outcome, Some(account_id), steps)
    }
}

/// One row of the inactive-users report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InactiveUser {
    /// The Atlassian account id.
    pub account_id: String,
    /// The account's e-mail address, when the directory shows it.
    pub email: Option<String>,
    /// The display name, when the directory shows it.
    pub name: Option<String>,
    /// The latest activity in any product (RFC 3339), `None` if never active.
    pub last_active: Option<String>,
    /// Whole days since `last_active` (`None` if never active).
    pub days_inactive: Option<i64>,
    /// `product:date` of each product's latest activity.
    pub products: Vec<String>,
}

fn parse_time(s: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&chrono::Utc))
        .or_else(|| chrono::NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()?.and_hms_opt(0, 0, 0).map(|t| t.and_utc()))
}

/// The latest activity per product in a last-active-dates answer (`product_access` members with
/// `last_active_timestamp` or `last_active`).
fn latest(answer: &Value) -> (Option<chrono::DateTime<chrono::Utc>>, Vec<String>) {
    let access = answer.pointer("/data/product_access").or_else(|| answer.get("product_access")).and_then(Value::as_array);
    let mut best = None;
    let mut products = vec![];
    for p in access.into_iter().flatten() {
        let when = ["last_active_timestamp", "last_active", "lastActiveTimestamp"].iter().find_map(|k| p.get(*k).and_then(Value::as_str)).and_then(parse_time);
        let key = p.get("key").and_then(Value::as_str).unwrap_or("product");
        if let Some(t) = when {
            products.push(format!("{key}:{}", t.format("%Y-%m-%d")));
            best = best.max(Some(t));
        }
    }
    (best, products)
}

/// The rows of [`inactive_users`]: an inactive user (or `None` for an active one) and how many
/// users were looked at so far.
pub type InactiveRows = BoxStream<'static, Result<(Option<InactiveUser>, u64)>>;

/// Users of the organization whose latest activity in any product is more than `days` days
/// old (or who were never active), from the last-active-dates endpoint, `concurrency` users at
/// a time (1 to 10,000). Streams in listing order; the second item of each pair is how many
/// users were looked at so far (for progress).
pub fn inactive_users(client: &AdminClient, org_id: &str, days: u32, concurrency: usize) -> Result<InactiveRows> {
    let n = crate::config::check_concurrency(concurrency)?;
    let cutoff = chrono::Utc::now() - chrono::Duration::days(i64::from(days));
    let users = client.paginate_json("organization", "getUsers", json!({"orgId": org_id}))?;
    let client = client.clone();
    let org = org_id.to_string();
    let seen = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    Ok(users
        .map(move |u| {
            let client = client.clone();
            let org = org.clone();
            let seen = seen.clone();
            async move {
                let u = u?;
                let Some(id) = u.get("account_id").or_else(|| u.get("accountId")).and_then(Value::as_str).map(str::to_string) else {
                    return Ok((None, seen.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1));
                };
                let answer = client.call_json("organization", "getUserLastActiveDates", json!({"orgId": org, "accountId": id})).await?;
                let (last, products) = latest(&answer);
                let count = seen.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                if last.is_some_and(|t| t >= cutoff) {
                    return Ok((None, count));
                }
                let s = |k: &str| u.get(k).and_then(Value::as_str).map(str::to_string);
                Ok((
                    Some(InactiveUser {
                        account_id: id,
                        email: s("email"),
                        name: s("name"),
                        last_active: last.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
                        days_inactive: last.map(|t| (chrono::Utc::now() - t).num_days()),
                        products,
                    }),
                    count,
                ))
            }
        })
        .buffered(n)
        .boxed())
}

/// What [`export`] lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Export {
    /// Every user of the organization (v1 listing).
    Users,
    /// Every group of every directory.
    Groups,
    /// Every user API token of the organization.
    ApiTokens,
    /// Every admin API key of the organization.
    ApiKeys,
    /// The audit log, newest first.
    Events,
}

impl Export {
    /// The names the command line and the bindings use.
    pub const NAMES: [&'static str; 5] = ["users", "groups", "api-tokens", "api-keys", "events"];

    /// `users`, `groups`, `api-tokens` (or `api_tokens`), `api-keys`, `events`.
    pub fn from_name(s: &str) -> Option<Export> {
        Some(match s.replace('_', "-").as_str() {
            "users" => Export::Users,
            "groups" => Export::Groups,
            "api-tokens" => Export::ApiTokens,
            "api-keys" => Export::ApiKeys,
            "events" => Export::Events,
            _ => return None,
        })
    }
}

/// Every item of one listing of the organization, page after page, in constant memory.
pub fn export(client: &AdminClient, org_id: &str, what: Export) -> Result<BoxStream<'static, Result<Value>>> {
    let args = json!({"orgId": org_id});
    Ok(match what {
        Export::Users => client.paginate_json("organization", "getUsers", args)?.boxed(),
        Export::ApiTokens => client.paginate_json("api-access", "getAllApiTokensByOrgId", args)?.boxed(),
        Export::ApiKeys => client.paginate_json("api-access", "getAllApiKeysByOrgId", args)?.boxed(),
        Export::Events => client.paginate_json("organization", "getEvents", args)?.boxed(),
        Export::Groups => {
            let c = client.clone();
            let org = org_id.to_string();
            client
                .paginate_json("organization", "getDirectoriesForOrg", args)?
                .map_ok(move |d| {
                    let dir = d.get("directoryId").or_else(|| d.get("id")).and_then(Value::as_str).unwrap_or_default().to_string();
                    match c.paginate_json("organization", "searchDirectoryGroups", json!({"orgId": org, "directoryId": dir, "body": {"limit": 100}})) {
                        Ok(p) => p.boxed(),
                        Err(e) => stream::once(async move { Err(e) }).boxed(),
                    }
                })
                .try_flatten()
                .boxed()
        }
    })
}

/// The events API allows 10 requests a minute per path: a poll at most every 6 seconds.
pub const EVENTS_POLL_INTERVAL: Duration = Duration::from_secs(6);

/// The audit log in time order from `from` (RFC 3339 or epoch milliseconds; default: the last
/// hour), optionally only events whose action is in `actions`: one poll of up to 500 events at
/// a time, polls `interval` apart ([`EVENTS_POLL_INTERVAL`] keeps within the API's limit). With
/// `follow` it waits for new events once caught up and never ends; otherwise it ends when
/// caught up.
pub fn tail_events(
    client: &AdminClient,
    org_id: &str,
    from: Option<&str>,
    actions: Vec<String>,
    follow: bool,
    interval: Duration,
) -> BoxStream<'static, Result<Value>> {
    let from = from.map(str::to_string).unwrap_or_else(|| (chrono::Utc::now() - chrono::Duration::hours(1)).timestamp_millis().to_string());
    struct St {
        client: AdminClient,
        org: String,
        from: String,
        cursor: Option<String>,
        buf: std::collections::VecDeque<Value>,
        first: bool,
        done: bool,
    }
    let st = St { client: client.clone(), org: org_id.to_string(), from, cursor: None, buf: Default::default(), first: true, done: false };
    let keep = move |e: &Value| actions.is_empty() || e.pointer("/attributes/action").and_then(Value::as_str).is_some_and(|a| actions.iter().any(|x| x == a));
    stream::unfold(st, move |mut st| async move {
        loop {
            if let Some(e) = st.buf.pop_front() {
                return Some((Ok(e), st));
            }
            if st.done {
                return None;
            }
            if !st.first {
                tokio::time::sleep(interval).await;
            }
            st.first = false;
            let mut args = json!({"orgId": st.org, "sortOrder": "asc", "limit": 500});
            match &st.cursor {
                Some(c) => args["cursor"] = json!(c),
                None => args["from"] = json!(st.from),
            }
            let page = st.client.paginate_json("organization", "pollEvents", args).map(|p| p.prefetch(false).pages());
            let mut pages = match page {
                Ok(p) => p,
                Err(e) => {
                    st.done = true;
                    return Some((Err(e), st));
                }
            };
            // One page per poll: the cursor of the last page is where the next poll starts.
            match pages.next().await {
                Some(Ok(p)) => {
                    let caught_up = p.items.is_empty();
                    if let Some(c) = p.next_cursor {
                        st.cursor = Some(c);
                    }
                    st.buf.extend(p.items);
                    if caught_up && !follow {
                        st.done = true;
                    }
                }
                Some(Err(e)) => {
                    st.done = !follow || e.kind() != ErrorKind::RateLimited;
                    if st.done {
                        return Some((Err(e), st));
                    }
                }
                None => st.done = !follow,
            }
        }
    })
    .try_filter(move |e| futures::future::ready(keep(e)))
    .boxed()
}

/// A workflow's items handed over in batches (what the bindings read): each batch waits for
/// one item, then takes only those already there, so a tail that is waiting for new events
/// hands over what it has. An error comes after the items that preceded it; then the stream
/// is over.
pub struct Batches {
    stream: Option<BoxStream<'static, Result<Value>>>,
    error: Option<Error>,
}

impl Batches {
    /// Batches of `stream`.
    pub fn new(stream: BoxStream<'static, Result<Value>>) -> Self {
        Batches { stream: Some(stream), error: None }
    }

    /// Up to `n` items (at least one), `Ok(None)` once the stream is over.
    pub async fn next(&mut self, n: usize) -> Result<Option<Vec<Value>>> {
        use futures::FutureExt;
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        let Some(s) = self.stream.as_mut() else { return Ok(None) };
        let mut out = vec![];
        let mut next = s.next().await;
        loop {
            match next {
                Some(Ok(v)) => out.push(v),
                Some(Err(e)) => {
                    self.stream = None;
                    if out.is_empty() {
                        return Err(e);
                    }
                    self.error = Some(e);
                    break;
                }
                None => {
                    self.stream = None;
                    break;
                }
            }
            if out.len() >= n.max(1) {
                break;
            }
            match s.next().now_or_never() {
                Some(item) => next = item,
                None => break,
            }
        }
        Ok((!out.is_empty()).then_some(out))
    }

    /// Ends the stream now (stops its requests).
    pub fn close(&mut self) {
        self.stream = None;
        self.error = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn batches_hand_over_items_then_the_error() {
        let items: Vec<Result<Value>> = vec![Ok(json!(1)), Ok(json!(2)), Ok(json!(3)), Err(Error::invalid_argument("boom")), Ok(json!(4))];
        let mut b = Batches::new(stream::iter(items).boxed());
        assert_eq!(b.next(2).await.unwrap(), Some(vec![json!(1), json!(2)]));
        assert_eq!(b.next(10).await.unwrap(), Some(vec![json!(3)]), "the items before the error first");
        assert!(b.next(10).await.is_err(), "then the error");
        assert_eq!(b.next(10).await.unwrap(), None, "then the end");
        let mut empty = Batches::new(stream::empty().boxed());
        assert_eq!(empty.next(5).await.unwrap(), None);
    }
}
