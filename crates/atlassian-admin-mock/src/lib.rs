//! Offline, stateful emulation of the Atlassian Cloud admin REST APIs
//! (organization, user management, user provisioning/SCIM, control,
//! API access and DLP), served over real HTTP for client tests.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let server = atlassian_admin_mock::MockServer::start(Default::default()).await?;
//! let url = format!("{}/admin/v1/orgs/{}/users", server.base_url(), server.org_id());
//! // ... call `url` with `Authorization: Bearer {server.org_api_key()}`
//! server.shutdown().await;
//! # Ok(()) }
//! ```

// Handlers answer `Result<Response, Response>` (axum's idiom: the error side is the answer).
#![allow(clippy::result_large_err)]

mod auth;
pub mod contract;
mod errors;
mod extract;
mod families;
mod faults;
mod pagination;
pub mod state;

use axum::Router;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use errors::Family;
pub use faults::{Stats, STATS_PATH};

/// Settings for one mock server instance.
#[derive(Clone, Debug)]
pub struct Config {
    /// Seed for all generated data and for the fault sequence.
    pub seed: u64,
    /// Number of seeded user accounts.
    pub users: usize,
    /// Number of seeded directory groups.
    pub groups: usize,
    /// Organization admin API key (every non-SCIM path).
    pub org_api_key: String,
    /// SCIM directory key (only `/scim/directory/{directoryId}/...`).
    pub scim_api_key: String,
    /// A valid key of a different organization: 403 on this organization's resources.
    pub other_org_api_key: String,
    /// Requests per second per key (token bucket); `None` disables limiting.
    pub rate_limit: Option<u32>,
    /// Fraction of requests answered with 500.
    pub error_500_rate: f64,
    /// Fraction of requests answered with 503 (`Retry-After: 1`).
    pub error_503_rate: f64,
    /// Fraction of requests whose body is broken off (connection closed early).
    pub reset_rate: f64,
    /// Fraction of requests answered with 200 and a non-JSON body.
    pub malformed_rate: f64,
    /// Fraction of requests whose JSON body is cut in half.
    pub truncated_rate: f64,
    /// Delay added before every answer.
    pub latency_ms: u64,
    /// Port to bind on 127.0.0.1 (0 = any free port).
    pub port: u16,
    /// Paging quirks seen on the live API, on the v1 user listing (`getUsers`): an empty page
    /// with a fresh cursor after every page of users, and a last page whose `links.next`
    /// repeats a cursor already given. A client must follow the first and stop at the second.
    pub paging_quirks: bool,
    /// Skip the request contract (see [`contract`]): handlers then see requests the spec forbids.
    pub lenient: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            seed: 42,
            users: 230,
            groups: 12,
            org_api_key: "mock-org-api-key".into(),
            scim_api_key: "mock-scim-api-key".into(),
            other_org_api_key: "mock-other-org-api-key".into(),
            rate_limit: None,
            error_500_rate: 0.0,
            error_503_rate: 0.0,
            reset_rate: 0.0,
            malformed_rate: 0.0,
            truncated_rate: 0.0,
            latency_ms: 0,
            port: 0,
            paging_quirks: false,
            lenient: false,
        }
    }
}

/// Known identifiers of the seeded data, for tests.
#[derive(Clone, Debug)]
pub struct Fixtures {
    pub org_id: String,
    pub directory_id: String,
    /// One account ID of each real format: 24-hex, `557058:<uuid>`, `712020:<uuid>` (all active).
    pub account_ids: Vec<String>,
    /// An active account that is not SCIM-managed.
    pub account_id: String,
    /// An account whose membership is suspended.
    pub suspended_account_id: String,
    /// An account with at least one user-management API token, and that token's ID.
    pub token_account_id: String,
    pub user_api_token_id: String,
    pub group_id: String,
    pub group_name: String,
    pub domain_id: String,
    pub event_id: String,
    /// Organization policy (`/admin/v1/orgs/{orgId}/policies`) and one of its resource IDs.
    pub policy_id: String,
    pub policy_resource_id: String,
    pub workspace_id: String,
    pub scim_user_id: String,
    pub scim_user_name: String,
    /// Atlassian account linked to `scim_user_id`.
    pub scim_account_id: String,
    pub scim_group_id: String,
    pub scim_group_name: String,
    pub control_policy_id: String,
    pub control_resource_id: String,
    pub dlp_draft_level_id: String,
    pub dlp_published_level_id: String,
    pub dlp_archived_level_id: String,
    pub service_account_id: String,
    pub service_account_atlassian_id: String,
    pub oauth_client_id: String,
    pub api_key_id: String,
    pub api_token_id: String,
}

impl Fixtures {
    /// Replaces `{placeholders}` in a request template with these fixture IDs: `{orgId}`,
    /// `{directoryId}`, `{accountId}` (and `{memberId}`, the same account), `{tokenAccountId}`,
    /// `{tokenId}`, `{groupId}`, `{domainId}`, `{eventId}`, `{policyId}`, `{policyResourceId}`,
    /// `{controlPolicyId}`, `{controlResourceId}`, `{scimUserId}`, `{scimGroupId}`,
    /// `{scimAccountId}`, `{scimUserName}`, `{saId}`, `{saAtlassianId}`, `{clientId}`,
    /// `{apiKeyId}`, `{levelId}` (a draft level), `{publishedLevelId}`, `{archivedLevelId}`.
    pub fn fill(&self, template: &str) -> String {
        let f = self;
        template
            .replace("{orgId}", &f.org_id)
            .replace("{directoryId}", &f.directory_id)
            .replace("{tokenAccountId}", &f.token_account_id)
            .replace("{accountId}", &f.account_id)
            .replace("{memberId}", &f.account_id)
            .replace("{groupId}", &f.group_id)
            .replace("{domainId}", &f.domain_id)
            .replace("{eventId}", &f.event_id)
            .replace("{policyResourceId}", &f.policy_resource_id)
            .replace("{policyId}", &f.policy_id)
            .replace("{controlPolicyId}", &f.control_policy_id)
            .replace("{controlResourceId}", &f.control_resource_id)
            .replace("{tokenId}", &f.user_api_token_id)
            .replace("{scimUserId}", &f.scim_user_id)
            .replace("{scimGroupId}", &f.scim_group_id)
            .replace("{scimAccountId}", &f.scim_account_id)
            .replace("{scimUserName}", &f.scim_user_name)
            .replace("{saId}", &f.service_account_id)
            .replace("{saAtlassianId}", &f.service_account_atlassian_id)
            .replace("{clientId}", &f.oauth_client_id)
            .replace("{apiKeyId}", &f.api_key_id)
            .replace("{levelId}", &f.dlp_draft_level_id)
            .replace("{publishedLevelId}", &f.dlp_published_level_id)
            .replace("{archivedLevelId}", &f.dlp_archived_level_id)
    }
}

pub(crate) struct Shared {
    pub state: Mutex<state::State>,
    pub config: Config,
    pub faults: faults::Faults,
}

/// Handle shared by every handler.
#[derive(Clone)]
pub(crate) struct App(pub Arc<Shared>);

impl App {
    /// The state, locked. Taking it mutably marks the request as a write for the counters.
    pub fn st(&self) -> StateGuard<'_> {
        StateGuard(self.0.state.lock().unwrap_or_else(|e| e.into_inner()))
    }
    pub fn config(&self) -> &Config {
        &self.0.config
    }
}

/// The locked state; a mutable borrow marks the current request as one that changed it.
pub(crate) struct StateGuard<'a>(MutexGuard<'a, state::State>);

impl std::ops::Deref for StateGuard<'_> {
    type Target = state::State;
    fn deref(&self) -> &state::State {
        &self.0
    }
}

impl std::ops::DerefMut for StateGuard<'_> {
    fn deref_mut(&mut self) -> &mut state::State {
        faults::mark_mutated();
        &mut self.0
    }
}

fn fixtures(st: &state::State) -> Fixtures {
    let active = |u: &&state::User| u.account_status == "active" && u.membership_status == "active";
    let mut account_ids = Vec::new();
    for prefix in ["", "557058:", "712020:"] {
        if let Some(u) = st.users.iter().filter(active).find(|u| if prefix.is_empty() { !u.account_id.contains(':') } else { u.account_id.starts_with(prefix) })
        {
            account_ids.push(u.account_id.clone());
        }
    }
    let plain = st.users.iter().filter(active).find(|u| !u.synced).map(|u| u.account_id.clone()).unwrap_or_default();
    let suspended = st.users.iter().find(|u| u.membership_status == "suspended").map(|u| u.account_id.clone()).unwrap_or_default();
    let tok = st.users.iter().filter(active).find(|u| !u.tokens.is_empty());
    let level = |s: &str| st.levels.iter().find(|l| l.status == s).map(|l| l.id.clone()).unwrap_or_default();
    let scim_user = st.scim_users.first();
    Fixtures {
        org_id: st.org_id.clone(),
        directory_id: st.directory_id.clone(),
        account_ids,
        account_id: plain,
        suspended_account_id: suspended,
        token_account_id: tok.map(|u| u.account_id.clone()).unwrap_or_default(),
        user_api_token_id: tok.map(|u| u.tokens[0].id.clone()).unwrap_or_default(),
        group_id: st.groups.first().map(|g| g.id.clone()).unwrap_or_default(),
        group_name: st.groups.first().map(|g| g.name.clone()).unwrap_or_default(),
        domain_id: st.domains[0].0.clone(),
        event_id: st.events.last().map(|e| e.id.clone()).unwrap_or_default(),
        policy_id: st.policies[0].id.clone(),
        policy_resource_id: st.policies[0].resources[0].id.clone(),
        workspace_id: st.workspaces[0].id.clone(),
        scim_user_id: scim_user.map(|s| s.id.clone()).unwrap_or_default(),
        scim_user_name: scim_user.map(|s| s.user_name().to_string()).unwrap_or_default(),
        scim_account_id: scim_user.and_then(|s| s.account_id.clone()).unwrap_or_default(),
        scim_group_id: st.scim_groups[0].id.clone(),
        scim_group_name: st.scim_groups[0].display_name.clone(),
        control_policy_id: st.control_policies[0].id.clone(),
        control_resource_id: st.control_policies[0].resources[0].id.clone(),
        dlp_draft_level_id: level("DRAFT"),
        dlp_published_level_id: level("PUBLISHED"),
        dlp_archived_level_id: level("ARCHIVED"),
        service_account_id: st.service_accounts[0].id.clone(),
        service_account_atlassian_id: st.service_accounts[0].atlassian_id.clone(),
        oauth_client_id: st.oauth_clients[0].client_id.clone(),
        api_key_id: st.api_keys[0].id.clone(),
        api_token_id: st.users.iter().flat_map(|u| u.tokens.iter()).next().map(|t| t.id.clone()).unwrap_or_default(),
    }
}

/// Build the axum router for a seeded organization (no listener).
fn router(app: App) -> Router {
    families::routes()
        .route_layer(axum::middleware::from_fn_with_state(app.clone(), contract::middleware))
        .fallback(families::not_found)
        .method_not_allowed_fallback(families::not_found)
        .layer(axum::middleware::from_fn_with_state(app.clone(), auth::middleware))
        .layer(axum::middleware::from_fn_with_state(app.clone(), faults::middleware))
        .with_state(app)
}

/// A running mock server on 127.0.0.1.
pub struct MockServer {
    app: App,
    addr: SocketAddr,
    fixtures: Fixtures,
    config: Config,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl MockServer {
    /// Seed the state and start serving (binds `127.0.0.1:config.port`, 0 = any port).
    pub async fn start(config: Config) -> std::io::Result<MockServer> {
        let st = state::State::seed(config.seed, config.users, config.groups);
        let fixtures = fixtures(&st);
        let app = App(Arc::new(Shared { state: Mutex::new(st), faults: faults::Faults::new(&config), config: config.clone() }));
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", config.port)).await?;
        let addr = listener.local_addr()?;
        let (tx, rx) = oneshot::channel::<()>();
        let svc = router(app.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, svc)
                .with_graceful_shutdown(async move {
                    let _ = rx.await;
                })
                .await;
        });
        Ok(MockServer { app, addr, fixtures, config, stop: Some(tx), task: Some(task) })
    }

    /// Start on a private runtime, for synchronous tests. The server stops when the handle drops.
    pub fn start_blocking(config: Config) -> std::io::Result<BlockingMockServer> {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build()?;
        let server = rt.block_on(MockServer::start(config))?;
        Ok(BlockingMockServer { server: Some(server), rt: Some(rt) })
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
    pub fn org_id(&self) -> &str {
        &self.fixtures.org_id
    }
    pub fn directory_id(&self) -> &str {
        &self.fixtures.directory_id
    }
    pub fn org_api_key(&self) -> &str {
        &self.config.org_api_key
    }
    pub fn scim_api_key(&self) -> &str {
        &self.config.scim_api_key
    }
    pub fn other_org_api_key(&self) -> &str {
        &self.config.other_org_api_key
    }
    pub fn config(&self) -> &Config {
        &self.config
    }
    /// Known IDs of the seeded data.
    pub fn fixtures(&self) -> &Fixtures {
        &self.fixtures
    }
    /// Requests, 429s, injected faults and applied writes so far (also `GET /_mock/stats`).
    pub fn stats(&self) -> Stats {
        self.app.0.faults.stats()
    }

    /// Stop accepting connections and wait (up to 5 s) for in-flight requests.
    pub async fn shutdown(mut self) {
        self.stop_now().await;
    }

    async fn stop_now(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let abort = task.abort_handle();
            if tokio::time::timeout(std::time::Duration::from_secs(5), task).await.is_err() {
                abort.abort();
            }
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
    }
}

/// A [`MockServer`] on its own runtime; shuts down when dropped.
pub struct BlockingMockServer {
    server: Option<MockServer>,
    rt: Option<tokio::runtime::Runtime>,
}

impl std::ops::Deref for BlockingMockServer {
    type Target = MockServer;
    fn deref(&self) -> &MockServer {
        self.server.as_ref().expect("server running")
    }
}

impl Drop for BlockingMockServer {
    fn drop(&mut self) {
        let (Some(mut server), Some(rt)) = (self.server.take(), self.rt.take()) else { return };
        if tokio::runtime::Handle::try_current().is_ok() {
            // Inside another runtime we may not block: signal and let it go.
            if let Some(tx) = server.stop.take() {
                let _ = tx.send(());
            }
            rt.shutdown_background();
        } else {
            rt.block_on(server.stop_now());
        }
    }
}
