//! [`AdminClient`] (organization API key) and [`ScimClient`] (a SCIM directory's key).

use crate::config::{defaults, ApiKey, RateLimit, RetryPolicy};
use crate::error::{Error, Result};
use crate::transport::Transport;
use atlassian_admin_raw as raw;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// The real service.
pub const DEFAULT_BASE_URL: &str = "https://api.atlassian.com";

/// The generated clients of every family, sharing one transport.
pub struct RawClients {
    /// Organizations.
    pub organization: raw::organization::Client,
    /// User management.
    pub user_management: raw::user_management::Client,
    /// User provisioning (SCIM and SCIM links).
    pub user_provisioning: raw::user_provisioning::Client,
    /// Admin control.
    pub control: raw::control::Client,
    /// API access.
    pub api_access: raw::api_access::Client,
    /// Data loss prevention.
    pub dlp: raw::dlp::Client,
}

pub(crate) struct Core {
    pub(crate) raw: RawClients,
    base_url: String,
}

impl fmt::Debug for Core {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Core").field("base_url", &self.base_url).finish_non_exhaustive()
    }
}

/// Settings shared by both client builders.
#[derive(Clone)]
struct Settings {
    api_key: Option<ApiKey>,
    base_url: String,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: String,
    retry: RetryPolicy,
    rate_limit: Option<RateLimit>,
    max_response_bytes: usize,
    family_urls: std::collections::BTreeMap<String, String>,
}

/// The API families, as named in `specs/` and in errors (derived from the manifest).
pub use crate::resources::FAMILIES;

impl Default for Settings {
    fn default() -> Self {
        Settings {
            api_key: None,
            base_url: DEFAULT_BASE_URL.into(),
            timeout: defaults::TIMEOUT,
            connect_timeout: defaults::CONNECT_TIMEOUT,
            user_agent: concat!("atlassian-admin-rust/", env!("CARGO_PKG_VERSION")).into(),
            retry: RetryPolicy::default(),
            rate_limit: None,
            max_response_bytes: defaults::MAX_RESPONSE_BYTES,
            family_urls: Default::default(),
        }
    }
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("api_key", &self.api_key)
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("rate_limit", &self.rate_limit)
            .finish()
    }
}

fn is_loopback(host: &url::Host<&str>) -> bool {
    match host {
        url::Host::Domain(d) => d.eq_ignore_ascii_case("localhost"),
        url::Host::Ipv4(ip) => ip.is_loopback(),
        url::Host::Ipv6(ip) => ip.is_loopback(),
    }
}

fn check_url(base: &str) -> Result<()> {
    let url = url::Url::parse(base).map_err(|e| Error::invalid_argument(format!("base URL `{base}`: {e}")))?;
    let host = url.host().ok_or_else(|| Error::invalid_argument("the base URL has no host"))?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&host) => {}
        _ => return Err(Error::invalid_argument("the base URL must use https (plain http only for loopback hosts)")),
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::invalid_argument("the base URL must not have a query or fragment"));
    }
    Ok(())
}

impl Settings {
    fn build(self) -> Result<Core> {
        let key = self.api_key.ok_or_else(|| Error::invalid_argument("an API key is required"))?;
        if key.expose().trim().is_empty() || key.expose().chars().any(char::is_control) {
            return Err(Error::invalid_argument("the API key is empty or contains control characters"));
        }
        if self.user_agent.chars().any(char::is_control) {
            return Err(Error::invalid_argument("the user agent contains control characters"));
        }
        self.retry.check()?;
        if let Some(l) = &self.rate_limit {
            l.check()?;
        }
        crate::config::check_timeouts(self.timeout, self.connect_timeout, self.max_response_bytes)?;
        let base = self.base_url.trim_end_matches('/').to_string();
        check_url(&base)?;
        for (family, url) in &self.family_urls {
            if !FAMILIES.contains(&family.as_str()) {
                return Err(Error::invalid_argument(format!("unknown API family `{family}` (one of {FAMILIES:?})")));
            }
            check_url(url)?;
        }
        let mut auth =
            http::HeaderValue::from_str(&format!("Bearer {}", key.expose())).map_err(|_| Error::invalid_argument("the API key is not a valid header value"))?;
        auth.set_sensitive(true);
        let mut headers = http::HeaderMap::new();
        headers.insert(http::header::AUTHORIZATION, auth);
        headers.insert(http::header::ACCEPT, http::HeaderValue::from_static("application/json"));
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .user_agent(self.user_agent)
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::invalid_argument(format!("HTTP client: {e}")))?;
        let transport = Arc::new(Transport::new(self.retry, self.rate_limit, self.max_response_bytes));
        let hooks = raw::Hooks::new(transport.clone());
        // Each family's path prefix on the host: the `servers` URL of `specs/<family>.json`.
        let at = |family: &str| match self.family_urls.get(family) {
            Some(url) => url.trim_end_matches('/').to_string(),
            None => {
                let prefix = crate::resources::FAMILY_PREFIXES.iter().find(|(f, _)| *f == family).map_or("", |(_, p)| p);
                format!("{base}{prefix}")
            }
        };
        let raw = RawClients {
            organization: raw::organization::Client::new_with_client(&at("organization"), http.clone(), hooks.clone()),
            user_management: raw::user_management::Client::new_with_client(&at("user-management"), http.clone(), hooks.clone()),
            user_provisioning: raw::user_provisioning::Client::new_with_client(&at("user-provisioning"), http.clone(), hooks.clone()),
            control: raw::control::Client::new_with_client(&at("control"), http.clone(), hooks.clone()),
            api_access: raw::api_access::Client::new_with_client(&at("api-access"), http.clone(), hooks.clone()),
            dlp: raw::dlp::Client::new_with_client(&at("dlp"), http, hooks),
        };
        Ok(Core { raw, base_url: base })
    }
}

macro_rules! builder_setters {
    () => {
        /// The host that replaces `https://api.atlassian.com` for every family (each keeps its
        /// path prefix), e.g. the offline mock's `http://127.0.0.1:PORT`.
        pub fn base_url(mut self, url: impl Into<String>) -> Self {
            self.s.base_url = url.into();
            self
        }
        /// Timeout of each attempt (default [`defaults::TIMEOUT`], 60 s).
        pub fn timeout(mut self, d: Duration) -> Self {
            self.s.timeout = d;
            self
        }
        /// Connect timeout (default [`defaults::CONNECT_TIMEOUT`], 10 s).
        pub fn connect_timeout(mut self, d: Duration) -> Self {
            self.s.connect_timeout = d;
            self
        }
        /// The `User-Agent` header.
        pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
            self.s.user_agent = ua.into();
            self
        }
        /// The retry policy (default [`RetryPolicy::default`]).
        pub fn retry(mut self, p: RetryPolicy) -> Self {
            self.s.retry = p;
            self
        }
        /// A client-side request budget (default: none).
        pub fn rate_limit(mut self, l: RateLimit) -> Self {
            self.s.rate_limit = Some(l);
            self
        }
        /// The full base URL of one family (path prefix included), overriding `base_url` for it:
        /// for a proxy, or a mock that serves one family at its root (Prism).
        pub fn family_base_url(mut self, family: &str, url: impl Into<String>) -> Self {
            self.s.family_urls.insert(family.to_string(), url.into());
            self
        }
        /// Largest response body accepted (default [`defaults::MAX_RESPONSE_BYTES`], 64 MiB).
        pub fn max_response_bytes(mut self, n: usize) -> Self {
            self.s.max_response_bytes = n;
            self
        }
    };
}

/// A client for every admin API that takes an organization API key.
///
/// ```no_run
/// # async fn f() -> atlassian_admin::Result<()> {
/// use futures::TryStreamExt;
/// let client = atlassian_admin::AdminClient::builder().api_key("KEY").build()?;
/// let orgs = client.orgs().list().try_collect::<Vec<_>>().await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct AdminClient {
    pub(crate) core: Arc<Core>,
}

/// Builds an [`AdminClient`].
#[derive(Debug, Default)]
pub struct AdminClientBuilder {
    s: Settings,
}

impl AdminClientBuilder {
    /// The organization API key (required).
    pub fn api_key(mut self, key: impl Into<ApiKey>) -> Self {
        self.s.api_key = Some(key.into());
        self
    }
    builder_setters!();
    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<AdminClient> {
        Ok(AdminClient { core: Arc::new(self.s.build()?) })
    }
}

impl AdminClient {
    /// Starts a builder.
    pub fn builder() -> AdminClientBuilder {
        AdminClientBuilder::default()
    }
    /// The generated clients, for anything the resource API does not cover.
    pub fn raw(&self) -> &RawClients {
        &self.core.raw
    }
}

impl fmt::Debug for AdminClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AdminClient").field("base_url", &self.core.base_url).field("api_key", &"****").finish()
    }
}

/// A client for one SCIM directory, authenticated with that directory's own API key.
///
/// ```no_run
/// # async fn f() -> atlassian_admin::Result<()> {
/// let scim = atlassian_admin::ScimClient::builder("DIRECTORY_ID").api_key("SCIM_KEY").build()?;
/// let user = scim.users().get("SCIM_USER_ID").await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct ScimClient {
    pub(crate) core: Arc<Core>,
    pub(crate) directory_id: Arc<str>,
}

/// Builds a [`ScimClient`].
#[derive(Debug)]
pub struct ScimClientBuilder {
    s: Settings,
    directory_id: String,
}

impl ScimClientBuilder {
    /// The directory's SCIM API key (required).
    pub fn api_key(mut self, key: impl Into<ApiKey>) -> Self {
        self.s.api_key = Some(key.into());
        self
    }
    builder_setters!();
    /// Checks the settings and builds the client.
    pub fn build(self) -> Result<ScimClient> {
        crate::call::check_id("directoryId", &self.directory_id)?;
        Ok(ScimClient { core: Arc::new(self.s.build()?), directory_id: self.directory_id.into() })
    }
}

impl ScimClient {
    /// Starts a builder for the directory `directory_id`.
    pub fn builder(directory_id: impl Into<String>) -> ScimClientBuilder {
        ScimClientBuilder { s: Settings::default(), directory_id: directory_id.into() }
    }
    /// The directory this client provisions.
    pub fn directory_id(&self) -> &str {
        &self.directory_id
    }
    /// The generated clients.
    pub fn raw(&self) -> &RawClients {
        &self.core.raw
    }
}

impl fmt::Debug for ScimClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ScimClient").field("base_url", &self.core.base_url).field("directory_id", &self.directory_id).field("api_key", &"****").finish()
    }
}
