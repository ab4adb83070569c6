//! [`NativeClient`]: one Rust client (admin or SCIM) behind three promise-returning methods.
//!
//! Each method clones the client (an `Arc`) into its future, runs on napi's tokio runtime and
//! resolves with a JSON string, so the event loop is never blocked.

use crate::convert::{self, NativeOptions};
use crate::errors::{invalid_argument, to_napi};
use atlassian_admin::{AdminClient, RateLimit, RetryPolicy, ScimClient};
use napi_derive::napi;

#[derive(Clone)]
enum Inner {
    Admin(AdminClient),
    Scim(ScimClient),
}

/// A Rust client. Its `Debug` form (and anything JS can read from it) never contains the key.
#[napi]
pub struct NativeClient {
    inner: Inner,
}

const SCIM_FAMILY: &str = "user-provisioning";

macro_rules! configure {
    ($b:expr, $o:expr) => {{
        let o: &NativeOptions = $o;
        let mut b = $b.api_key(o.api_key.clone());
        if let Some(u) = &o.base_url {
            b = b.base_url(u.clone());
        }
        if let Some(ms) = o.timeout_ms {
            b = b.timeout(convert::millis("timeoutMs", ms)?);
        }
        if let Some(ms) = o.connect_timeout_ms {
            b = b.connect_timeout(convert::millis("connectTimeoutMs", ms)?);
        }
        if let Some(ua) = &o.user_agent {
            b = b.user_agent(ua.clone());
        }
        if let Some(n) = o.max_response_bytes {
            if !n.is_finite() || n < 0.0 || n.fract() != 0.0 {
                return Err(invalid_argument("maxResponseBytes must be a whole number of bytes"));
            }
            b = b.max_response_bytes(n.min(usize::MAX as f64) as usize);
        }
        if let Some(r) = &o.retry {
            b = b.retry(RetryPolicy::try_from(r)?);
        }
        if let Some(l) = &o.rate_limit {
            b = b.rate_limit(RateLimit::try_from(l)?);
        }
        b.build().map_err(to_napi)?
    }};
}

impl NativeClient {
    /// The admin client, for the workflows (a SCIM client has none).
    pub(crate) fn admin_client(&self) -> napi::Result<AdminClient> {
        match &self.inner {
            Inner::Admin(a) => Ok(a.clone()),
            Inner::Scim(_) => Err(invalid_argument("workflows run on an AdminClient, not a ScimClient")),
        }
    }

    /// The SCIM client of a SCIM `NativeClient`.
    pub(crate) fn scim_client(&self) -> napi::Result<ScimClient> {
        match &self.inner {
            Inner::Scim(s) => Ok(s.clone()),
            Inner::Admin(_) => Err(invalid_argument("`scim` must be a ScimClient")),
        }
    }
}

#[napi]
impl NativeClient {
    /// A client for the organization-key families.
    #[napi(factory)]
    pub fn admin(options: NativeOptions) -> napi::Result<NativeClient> {
        // ATLASSIAN_ADMIN_LOG=debug|trace|<filter>: the core's log events on standard error.
        atlassian_admin::logging::init_from_env();
        let c = configure!(AdminClient::builder(), &options);
        Ok(NativeClient { inner: Inner::Admin(c) })
    }

    /// A client for one SCIM directory.
    #[napi(factory)]
    pub fn scim(options: NativeOptions) -> napi::Result<NativeClient> {
        atlassian_admin::logging::init_from_env();
        let dir = options.directory_id.clone().ok_or_else(|| invalid_argument("directoryId is required"))?;
        let c = configure!(ScimClient::builder(dir), &options);
        Ok(NativeClient { inner: Inner::Scim(c) })
    }

    /// `"admin"` or `"scim"`.
    #[napi(getter)]
    pub fn kind(&self) -> &'static str {
        match self.inner {
            Inner::Admin(_) => "admin",
            Inner::Scim(_) => "scim",
        }
    }

    /// The SCIM directory, for SCIM clients.
    #[napi(getter)]
    pub fn directory_id(&self) -> Option<String> {
        match &self.inner {
            Inner::Scim(s) => Some(s.directory_id().to_string()),
            Inner::Admin(_) => None,
        }
    }

    /// One operation; resolves with the answer as JSON text (`"null"` when there is no body).
    #[napi]
    pub async fn call(&self, family: String, operation_id: String, args_json: String) -> napi::Result<String> {
        let args = convert::parse_args(&args_json)?;
        self.check_family(&family)?;
        let inner = self.inner.clone();
        let out = async move {
            match inner {
                Inner::Admin(c) => c.call_json(&family, &operation_id, args).await,
                Inner::Scim(c) => c.call_json(&operation_id, args).await,
            }
        }
        .await;
        out.map(|v| v.to_string()).map_err(to_napi)
    }

    /// A listing over the core's paginator (its stop rules, `limit`, `startingAt` and the
    /// prefetch of the next page): call `nextPage()` until it resolves with `null`.
    #[napi]
    pub fn pager(
        &self,
        family: String,
        operation_id: String,
        args_json: String,
        cursor: Option<String>,
        limit: Option<u32>,
        prefetch: Option<bool>,
    ) -> napi::Result<NativePager> {
        let args = convert::parse_args(&args_json)?;
        self.check_family(&family)?;
        let p = match &self.inner {
            Inner::Admin(c) => c.paginate_raw(&family, &operation_id, args),
            Inner::Scim(c) => c.paginate_raw(&operation_id, args),
        }
        .map_err(to_napi)?;
        let mut p = p.prefetch(prefetch.unwrap_or(true));
        if let Some(c) = cursor {
            p = p.starting_at(c);
        }
        if let Some(n) = limit {
            p = p.limit(n as usize);
        }
        Ok(NativePager { pages: std::sync::Arc::new(tokio::sync::Mutex::new(Some(p.pages()))) })
    }

    /// One operation over a JSON array of argument objects, at most `concurrency` at a time;
    /// resolves with `[{"ok": true, "value": ...} | {"ok": false, "error": {...}}]` in input order.
    #[napi]
    pub async fn bulk(&self, family: String, operation_id: String, items_json: String, concurrency: Option<u32>) -> napi::Result<String> {
        let items = convert::parse_items(&items_json)?;
        self.check_family(&family)?;
        let n = concurrency.map_or(atlassian_admin::defaults::BULK_CONCURRENCY, |n| n as usize);
        let inner = self.inner.clone();
        let outcomes = async move {
            match inner {
                Inner::Admin(c) => c.bulk_json(&family, &operation_id, items, n).await,
                Inner::Scim(c) => c.bulk_json(&operation_id, items, n).await,
            }
        }
        .await
        .map_err(to_napi)?;
        Ok(convert::outcomes_to_json(outcomes))
    }
}

impl NativeClient {
    fn check_family(&self, family: &str) -> napi::Result<()> {
        match self.inner {
            Inner::Scim(_) => scim_family(family),
            Inner::Admin(_) => Ok(()),
        }
    }
}

fn scim_family(family: &str) -> napi::Result<()> {
    if family.is_empty() || family == SCIM_FAMILY {
        Ok(())
    } else {
        Err(invalid_argument(format!("a SCIM client only serves the `{SCIM_FAMILY}` family, not `{family}`")))
    }
}

type Pages = futures::stream::BoxStream<'static, atlassian_admin::Result<atlassian_admin::Page<Box<serde_json::value::RawValue>>>>;

/// The pages of one listing. Every stop rule is the core's; dropping or closing it cancels the
/// page fetched ahead.
#[napi]
pub struct NativePager {
    pages: std::sync::Arc<tokio::sync::Mutex<Option<Pages>>>,
}

#[napi]
impl NativePager {
    /// The next page as `{"items": [...], "nextCursor": string|null, "total": number|null}`
    /// (JSON text), or `null` when the listing has ended (it ends after an error, too).
    #[napi]
    pub async fn next_page(&self) -> napi::Result<Option<String>> {
        use futures::StreamExt;
        let pages = self.pages.clone();
        let mut guard = pages.lock().await;
        let Some(stream) = guard.as_mut() else { return Ok(None) };
        match stream.next().await {
            Some(Ok(page)) => Ok(Some(convert::page_to_json(page))),
            Some(Err(e)) => {
                *guard = None;
                Err(to_napi(e))
            }
            None => {
                *guard = None;
                Ok(None)
            }
        }
    }

    /// Ends the listing now.
    #[napi]
    pub fn close(&self) {
        if let Ok(mut g) = self.pages.try_lock() {
            *g = None;
        }
    }
}
