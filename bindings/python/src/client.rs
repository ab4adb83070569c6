//! `NativeClient`: an admin or SCIM client of the Rust core behind a JSON-text interface.

use crate::convert;
use crate::errors::to_py_err;
use atlassian_admin::{seconds, AdminClient, Error, RateLimit, RetryPolicy, ScimClient};
use pyo3::prelude::*;
use pyo3::types::PyList;
use serde_json::Value;
use std::future::Future;
use std::sync::Mutex;
use std::time::Duration;

/// The family every SCIM operation belongs to.
const SCIM_FAMILY: &str = "user-provisioning";

const DEFAULT_TIMEOUT: f64 = atlassian_admin::defaults::TIMEOUT.as_secs_f64();
const DEFAULT_CONNECT_TIMEOUT: f64 = atlassian_admin::defaults::CONNECT_TIMEOUT.as_secs_f64();

/// How often a blocking call wakes up to let Python handle signals (Ctrl-C).
const SIGNAL_POLL: Duration = Duration::from_millis(50);

#[derive(Clone)]
enum Inner {
    Admin(AdminClient),
    Scim(ScimClient),
}

impl Inner {
    fn check_family(&self, family: &str) -> Result<(), Error> {
        match self {
            Inner::Scim(_) if family != SCIM_FAMILY => {
                Err(Error::invalid_argument(format!("a SCIM client only calls `{SCIM_FAMILY}` operations, not `{family}`")))
            }
            _ => Ok(()),
        }
    }

    async fn call(self, family: String, op: String, args: Value) -> Result<Value, Error> {
        match &self {
            Inner::Admin(c) => c.call_json(&family, &op, args).await,
            Inner::Scim(c) => c.call_json(&op, args).await,
        }
    }

    async fn bulk(self, family: String, op: String, items: Vec<Value>, concurrency: usize) -> Result<Vec<Result<Value, Error>>, Error> {
        match &self {
            Inner::Admin(c) => c.bulk_json(&family, &op, items, concurrency).await,
            Inner::Scim(c) => c.bulk_json(&op, items, concurrency).await,
        }
    }
}

/// A client of the Rust core: an organization (admin) client or a SCIM directory client.
///
/// Arguments and answers cross as JSON text. Blocking methods release the GIL while the
/// request runs and wake up regularly to let Python deliver signals; `*_async` methods return
/// asyncio awaitables. The API key is never shown by `repr`.
///
/// The client survives `os.fork()`: in a child process the first call builds a fresh Rust
/// client (connection pool, rate limiter) from the same settings, on a fresh tokio runtime
/// (see [`crate::runtime`]); the parent's client is leaked there, never used or dropped.
#[pyclass(frozen, module = "atlassian_admin._native")]
pub struct NativeClient {
    /// The client of the process whose id is the first field.
    inner: Mutex<(u32, Inner)>,
    /// Builds the client again (in a forked child).
    rebuild: Box<dyn Fn() -> Result<Inner, Error> + Send + Sync>,
    repr: String,
}

/// Options shared by both constructors (durations in seconds).
#[derive(Clone)]
struct Options {
    base_url: Option<String>,
    timeout: f64,
    connect_timeout: f64,
    user_agent: Option<String>,
    retry: Option<PyRetry>,
    rate_limit: Option<PyRateLimit>,
    max_response_bytes: Option<usize>,
}

/// `atlassian_admin.RetryPolicy` (a dataclass), read by attribute.
#[derive(Clone, FromPyObject)]
struct PyRetry {
    max_attempts: u32,
    base_delay: f64,
    max_delay: f64,
    max_elapsed: f64,
}

impl TryFrom<&PyRetry> for RetryPolicy {
    type Error = Error;
    fn try_from(r: &PyRetry) -> Result<Self, Error> {
        Ok(RetryPolicy::default()
            .with_max_attempts(r.max_attempts)
            .with_base_delay(seconds("retry.base_delay", r.base_delay)?)
            .with_max_delay(seconds("retry.max_delay", r.max_delay)?)
            .with_max_elapsed(seconds("retry.max_elapsed", r.max_elapsed)?))
    }
}

/// `atlassian_admin.RateLimit` (a dataclass), read by attribute.
#[derive(Clone, FromPyObject)]
struct PyRateLimit {
    requests: u32,
    per: f64,
    burst: Option<u32>,
}

impl TryFrom<&PyRateLimit> for RateLimit {
    type Error = Error;
    fn try_from(l: &PyRateLimit) -> Result<Self, Error> {
        let limit = RateLimit::new(l.requests, seconds("rate_limit.per", l.per)?);
        Ok(match l.burst {
            Some(b) => limit.with_burst(b),
            None => limit,
        })
    }
}

impl Options {
    /// `None` (no policy object) means no retries.
    fn retry(&self) -> Result<RetryPolicy, Error> {
        self.retry.as_ref().map_or(Ok(RetryPolicy::disabled()), RetryPolicy::try_from)
    }
    fn rate_limit(&self) -> Result<Option<RateLimit>, Error> {
        self.rate_limit.as_ref().map(RateLimit::try_from).transpose()
    }
}

/// Applies [`Options`] to either builder (they share their setter names).
macro_rules! configure {
    ($builder:expr, $o:expr) => {{
        let o: &Options = $o;
        let mut b = $builder.timeout(seconds("timeout", o.timeout)?).connect_timeout(seconds("connect_timeout", o.connect_timeout)?);
        if let Some(url) = &o.base_url {
            b = b.base_url(url.clone());
        }
        if let Some(ua) = &o.user_agent {
            b = b.user_agent(ua.clone());
        }
        b = b.retry(o.retry()?);
        if let Some(l) = o.rate_limit()? {
            b = b.rate_limit(l);
        }
        if let Some(n) = o.max_response_bytes {
            b = b.max_response_bytes(n);
        }
        b.build()
    }};
}

fn build_admin(api_key: String, o: &Options) -> Result<AdminClient, Error> {
    configure!(AdminClient::builder().api_key(api_key), o)
}

fn build_scim(directory_id: String, api_key: String, o: &Options) -> Result<ScimClient, Error> {
    configure!(ScimClient::builder(directory_id).api_key(api_key), o)
}

/// A blocking call made on one of the runtime's own threads (only Python code run there, a
/// finalizer say, could make one) would wait for the thread it blocks: refused instead.
fn not_on_a_runtime_thread() -> PyResult<()> {
    match tokio::runtime::Handle::try_current() {
        Ok(_) => Err(pyo3::exceptions::PyRuntimeError::new_err("a blocking call cannot run on the client's own runtime thread; use the async methods")),
        Err(_) => Ok(()),
    }
}

/// Runs the future that `make` builds as a task on the process's runtime and waits for it
/// without holding the GIL, waking up regularly to let Python deliver signals: a
/// `KeyboardInterrupt` aborts (cancels) the request. For work that goes on beside the caller
/// (a listing's next page, a bulk run): the task runs on the runtime's worker, which also
/// starts the page fetched ahead as soon as this one is in, with no wake-up of another thread in
/// between (driven from the calling thread, each page of a listing cost one more: 0.2 ms).
pub(crate) fn block_on<T, F, Fut>(py: Python<'_>, make: F) -> PyResult<T>
where
    F: FnOnce() -> Fut + Send,
    Fut: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    not_on_a_runtime_thread()?;
    let rt = crate::runtime::get();
    let fut = make();
    let (tx, rx) = std::sync::mpsc::sync_channel(1);
    let task = rt.spawn(async move {
        let _ = tx.send(fut.await);
    });
    py.detach(move || loop {
        match rx.recv_timeout(SIGNAL_POLL) {
            Ok(out) => return Ok(out),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                if let Err(e) = Python::attach(|py| py.check_signals()) {
                    task.abort();
                    return Err(e);
                }
            }
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                return Err(pyo3::exceptions::PyRuntimeError::new_err("the request task ended without an answer"));
            }
        }
    })
}

/// Runs the future that `make` builds on the calling thread (its I/O and timers are driven by
/// the process's runtime), without holding the GIL, waking up regularly to let Python deliver
/// signals: a `KeyboardInterrupt` drops (cancels) the request. For one call, whose answer the
/// caller waits for: it is polled where it is awaited, as a Rust caller's would be, which
/// measured 20-30 µs less per small call than a task on the runtime.
pub(crate) fn block_on_here<T, F, Fut>(py: Python<'_>, make: F) -> PyResult<T>
where
    F: FnOnce() -> Fut + Send,
    Fut: Future<Output = T> + Send,
    T: Send,
{
    not_on_a_runtime_thread()?;
    let rt = crate::runtime::get();
    py.detach(move || {
        rt.block_on(async move {
            let fut = make();
            tokio::pin!(fut);
            loop {
                match tokio::time::timeout(SIGNAL_POLL, &mut fut).await {
                    Ok(out) => return Ok(out),
                    Err(_) => Python::attach(|py| py.check_signals())?,
                }
            }
        })
    })
}

/// Turns bulk outcomes into `[(True, json_text) | (False, exception), ...]`.
fn outcomes(py: Python<'_>, results: Vec<Result<Value, Error>>) -> PyResult<Py<PyList>> {
    let list = PyList::empty(py);
    for r in results {
        match r {
            Ok(v) => list.append((true, convert::to_text(&v)))?,
            Err(e) => list.append((false, crate::errors::exception(py, &e)?))?,
        }
    }
    Ok(list.unbind())
}

#[pymethods]
impl NativeClient {
    /// An organization client (every family; SCIM operations need `directoryId`).
    #[staticmethod]
    #[pyo3(signature = (api_key, *, base_url=None, timeout=DEFAULT_TIMEOUT, connect_timeout=DEFAULT_CONNECT_TIMEOUT, user_agent=None, retry=None, rate_limit=None, max_response_bytes=None))]
    #[allow(clippy::too_many_arguments)]
    fn admin(
        py: Python<'_>,
        api_key: String,
        base_url: Option<String>,
        timeout: f64,
        connect_timeout: f64,
        user_agent: Option<String>,
        retry: Option<PyRetry>,
        rate_limit: Option<PyRateLimit>,
        max_response_bytes: Option<usize>,
    ) -> PyResult<Self> {
        let o = Options { base_url, timeout, connect_timeout, user_agent, retry, rate_limit, max_response_bytes };
        let client = build_admin(api_key.clone(), &o).map_err(|e| to_py_err(py, &e))?;
        let rebuild = move || build_admin(api_key.clone(), &o).map(Inner::Admin);
        Ok(NativeClient::new(format!("{client:?}"), Inner::Admin(client), Box::new(rebuild)))
    }

    /// A client of one SCIM directory, with that directory's own key.
    #[staticmethod]
    #[pyo3(signature = (directory_id, api_key, *, base_url=None, timeout=DEFAULT_TIMEOUT, connect_timeout=DEFAULT_CONNECT_TIMEOUT, user_agent=None, retry=None, rate_limit=None, max_response_bytes=None))]
    #[allow(clippy::too_many_arguments)]
    fn scim(
        py: Python<'_>,
        directory_id: String,
        api_key: String,
        base_url: Option<String>,
        timeout: f64,
        connect_timeout: f64,
        user_agent: Option<String>,
        retry: Option<PyRetry>,
        rate_limit: Option<PyRateLimit>,
        max_response_bytes: Option<usize>,
    ) -> PyResult<Self> {
        let o = Options { base_url, timeout, connect_timeout, user_agent, retry, rate_limit, max_response_bytes };
        let client = build_scim(directory_id.clone(), api_key.clone(), &o).map_err(|e| to_py_err(py, &e))?;
        let rebuild = move || build_scim(directory_id.clone(), api_key.clone(), &o).map(Inner::Scim);
        Ok(NativeClient::new(format!("{client:?}"), Inner::Scim(client), Box::new(rebuild)))
    }

    /// `"admin"` or `"scim"`.
    #[getter]
    fn kind(&self) -> &'static str {
        match self.lock().1 {
            Inner::Admin(_) => "admin",
            Inner::Scim(_) => "scim",
        }
    }

    /// The SCIM directory of a SCIM client (`None` for an admin client).
    #[getter]
    fn directory_id(&self) -> Option<String> {
        match &self.lock().1 {
            Inner::Admin(_) => None,
            Inner::Scim(c) => Some(c.directory_id().to_string()),
        }
    }

    fn __repr__(&self) -> String {
        format!("NativeClient({})", self.repr)
    }

    /// Sends one operation; `args` is a JSON object; returns the answer as JSON text.
    fn call(&self, py: Python<'_>, family: String, operation_id: String, args: &str) -> PyResult<String> {
        let (inner, args) = self.prepare(py, &family, args)?;
        let v = block_on_here(py, move || inner.call(family, operation_id, args))?.map_err(|e| to_py_err(py, &e))?;
        Ok(convert::to_text(&v))
    }

    /// [`call`](Self::call) as an awaitable.
    fn call_async<'py>(&self, py: Python<'py>, family: String, operation_id: String, args: &str) -> PyResult<Bound<'py, PyAny>> {
        let (inner, args) = self.prepare(py, &family, args)?;
        crate::aio::awaitable_value(py, async move { inner.call(family, operation_id, args).await.map(|v| convert::to_text(&v)) })
    }

    /// A listing over the core's paginator (its stop rules, limit and prefetch): call
    /// `next_page()` (or `next_page_async()`) until it returns `None`.
    #[pyo3(signature = (family, operation_id, args, cursor=None, limit=None, prefetch=true))]
    #[allow(clippy::too_many_arguments)]
    fn pager(
        &self,
        py: Python<'_>,
        family: String,
        operation_id: String,
        args: &str,
        cursor: Option<String>,
        limit: Option<usize>,
        prefetch: bool,
    ) -> PyResult<crate::pager::NativePager> {
        let (inner, args) = self.prepare(py, &family, args)?;
        let paginator = match &inner {
            Inner::Admin(c) => c.paginate_raw(&family, &operation_id, args),
            Inner::Scim(c) => c.paginate_raw(&operation_id, args),
        }
        .map_err(|e| to_py_err(py, &e))?;
        let mut p = paginator.prefetch(prefetch);
        if let Some(c) = cursor {
            p = p.starting_at(c);
        }
        if let Some(n) = limit {
            p = p.limit(n);
        }
        Ok(crate::pager::NativePager::new(p))
    }

    /// Runs one operation over a JSON array of argument objects with at most `concurrency`
    /// requests in flight: `[(True, json_text) | (False, exception)]`, in input order.
    #[pyo3(signature = (family, operation_id, items, concurrency=atlassian_admin::defaults::BULK_CONCURRENCY))]
    fn bulk(&self, py: Python<'_>, family: String, operation_id: String, items: &str, concurrency: usize) -> PyResult<Py<PyList>> {
        let (inner, items) = self.prepare_items(py, &family, items)?;
        let results = block_on(py, move || inner.bulk(family, operation_id, items, concurrency))?.map_err(|e| to_py_err(py, &e))?;
        outcomes(py, results)
    }

    /// [`bulk`](Self::bulk) as an awaitable.
    #[pyo3(signature = (family, operation_id, items, concurrency=atlassian_admin::defaults::BULK_CONCURRENCY))]
    fn bulk_async<'py>(&self, py: Python<'py>, family: String, operation_id: String, items: &str, concurrency: usize) -> PyResult<Bound<'py, PyAny>> {
        let (inner, items) = self.prepare_items(py, &family, items)?;
        crate::aio::awaitable(py, async move { inner.bulk(family, operation_id, items, concurrency).await }, |py, results| {
            outcomes(py, results).map(|l| l.into_any())
        })
    }
    /// Offboards each e-mail (see `atlassian_admin::workflows::Offboard`): the audit records as
    /// JSON text (a list).
    #[pyo3(signature = (org_id, emails, dry_run=false, scim=None, concurrency=4))]
    fn offboard(
        &self,
        py: Python<'_>,
        org_id: String,
        emails: Vec<String>,
        dry_run: bool,
        scim: Option<PyRef<'_, NativeClient>>,
        concurrency: usize,
    ) -> PyResult<String> {
        let (admin, scim) = self.workflow_clients(scim.as_deref()).map_err(|e| to_py_err(py, &e))?;
        let job = crate::workflows::offboard_job(admin, org_id, dry_run, scim);
        block_on(py, move || crate::workflows::offboard_all(job, emails, concurrency))?.map_err(|e| to_py_err(py, &e))
    }

    /// [`offboard`](Self::offboard) as an awaitable.
    #[pyo3(signature = (org_id, emails, dry_run=false, scim=None, concurrency=4))]
    fn offboard_async<'py>(
        &self,
        py: Python<'py>,
        org_id: String,
        emails: Vec<String>,
        dry_run: bool,
        scim: Option<PyRef<'_, NativeClient>>,
        concurrency: usize,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (admin, scim) = self.workflow_clients(scim.as_deref()).map_err(|e| to_py_err(py, &e))?;
        let job = crate::workflows::offboard_job(admin, org_id, dry_run, scim);
        crate::aio::awaitable_value(py, crate::workflows::offboard_all(job, emails, concurrency))
    }

    /// Every item of one listing (`users`, `groups`, `api-tokens`, `api-keys`, `events`).
    fn export(&self, py: Python<'_>, org_id: String, what: String) -> PyResult<crate::workflows::NativeItems> {
        let run = || -> atlassian_admin::Result<crate::workflows::NativeItems> {
            let (admin, _) = self.workflow_clients(None)?;
            let what = atlassian_admin::workflows::Export::from_name(&what)
                .ok_or_else(|| Error::invalid_argument(format!("export: `{what}` is not one of {:?}", atlassian_admin::workflows::Export::NAMES)))?;
            Ok(crate::workflows::items(atlassian_admin::workflows::export(&admin, &org_id, what)?))
        };
        run().map_err(|e| to_py_err(py, &e))
    }

    /// Users inactive for more than `days` days (or never active).
    #[pyo3(signature = (org_id, days, concurrency=8))]
    fn inactive_users(&self, py: Python<'_>, org_id: String, days: u32, concurrency: usize) -> PyResult<crate::workflows::NativeItems> {
        let run = || -> atlassian_admin::Result<crate::workflows::NativeItems> {
            let (admin, _) = self.workflow_clients(None)?;
            let rows = atlassian_admin::workflows::inactive_users(&admin, &org_id, days, concurrency)?;
            Ok(crate::workflows::items(futures::StreamExt::boxed(futures::StreamExt::filter_map(rows, |r| async move {
                match r {
                    Ok((Some(u), _)) => Some(Ok(serde_json::to_value(u).unwrap_or(Value::Null))),
                    Ok((None, _)) => None,
                    Err(e) => Some(Err(e)),
                }
            }))))
        };
        run().map_err(|e| to_py_err(py, &e))
    }

    /// The audit log in time order (see `atlassian_admin::workflows::tail_events`).
    #[pyo3(signature = (org_id, from_=None, actions=vec![], follow=false, interval=6.0))]
    fn tail_events(
        &self,
        py: Python<'_>,
        org_id: String,
        from_: Option<String>,
        actions: Vec<String>,
        follow: bool,
        interval: f64,
    ) -> PyResult<crate::workflows::NativeItems> {
        let run = || -> atlassian_admin::Result<crate::workflows::NativeItems> {
            let (admin, _) = self.workflow_clients(None)?;
            let every = atlassian_admin::seconds("interval", interval)?.max(std::time::Duration::from_millis(10));
            Ok(crate::workflows::items(atlassian_admin::workflows::tail_events(&admin, &org_id, from_.as_deref(), actions, follow, every)))
        };
        run().map_err(|e| to_py_err(py, &e))
    }
}

impl NativeClient {
    /// The admin client (and the SCIM client of `scim`) a workflow runs with.
    fn workflow_clients(&self, scim: Option<&NativeClient>) -> Result<(AdminClient, Option<ScimClient>), Error> {
        let admin = match self.current()? {
            Inner::Admin(a) => a,
            Inner::Scim(_) => return Err(Error::invalid_argument("workflows run on an admin client, not a SCIM client")),
        };
        let scim = match scim.map(|s| s.current()).transpose()? {
            None => None,
            Some(Inner::Scim(s)) => Some(s),
            Some(Inner::Admin(_)) => return Err(Error::invalid_argument("`scim` must be a SCIM client")),
        };
        Ok((admin, scim))
    }

    fn new(repr: String, inner: Inner, rebuild: Box<dyn Fn() -> Result<Inner, Error> + Send + Sync>) -> Self {
        // ATLASSIAN_ADMIN_LOG=debug|trace|<filter>: the core's log events on standard error.
        atlassian_admin::logging::init_from_env();
        NativeClient { inner: Mutex::new((std::process::id(), inner)), rebuild, repr }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, (u32, Inner)> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The client for this process: the one built here, or a new one after a fork.
    fn current(&self) -> Result<Inner, Error> {
        let pid = std::process::id();
        let mut guard = self.lock();
        if guard.0 != pid {
            let fresh = (self.rebuild)()?;
            // The parent's client belongs to the parent's runtime: leak it rather than drop it.
            std::mem::forget(std::mem::replace(&mut *guard, (pid, fresh)));
        }
        Ok(guard.1.clone())
    }

    fn prepare(&self, py: Python<'_>, family: &str, args: &str) -> PyResult<(Inner, Value)> {
        let checked = self.current().and_then(|inner| {
            inner.check_family(family)?;
            Ok((inner, convert::parse_args(args)?))
        });
        checked.map_err(|e| to_py_err(py, &e))
    }

    fn prepare_items(&self, py: Python<'_>, family: &str, items: &str) -> PyResult<(Inner, Vec<Value>)> {
        let checked = self.current().and_then(|inner| {
            inner.check_family(family)?;
            Ok((inner, convert::parse_items(items)?))
        });
        checked.map_err(|e| to_py_err(py, &e))
    }
}
