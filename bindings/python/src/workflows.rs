//! The core's workflows (`atlassian_admin::workflows`) for Python: offboarding, the inactive
//! users report, exports and the event tail. The steps, stop rules and records are the core's;
//! results cross as JSON text, streams as [`NativeItems`] batches.

use crate::client::{awaitable, block_on};
use crate::errors::{into_py_err, to_py_err};
use atlassian_admin::workflows::Offboard;
use atlassian_admin::AdminClient;
use atlassian_admin::ScimClient;
use futures::stream::BoxStream;
use futures::{FutureExt, StreamExt};
use pyo3::prelude::*;
use serde_json::Value;
use std::sync::Arc;

type Items = BoxStream<'static, atlassian_admin::Result<Value>>;

/// A stream of JSON items from a workflow, read in batches; `None` once it has ended.
#[pyclass(frozen, module = "atlassian_admin._native")]
pub struct NativeItems {
    items: Arc<tokio::sync::Mutex<Option<Items>>>,
}

/// Up to `n` items as a JSON array: waits for the first, then takes only those already there
/// (so a tail that is waiting for new events hands over what it has).
async fn batch(items: Arc<tokio::sync::Mutex<Option<Items>>>, n: usize) -> atlassian_admin::Result<Option<String>> {
    let mut guard = items.lock().await;
    let Some(stream) = guard.as_mut() else { return Ok(None) };
    let mut out = vec![];
    let first = stream.next().await;
    let mut next = first;
    loop {
        match next {
            Some(Ok(v)) => out.push(v),
            Some(Err(e)) => {
                *guard = None;
                if out.is_empty() {
                    return Err(e);
                }
                break;
            }
            None => {
                *guard = None;
                break;
            }
        }
        if out.len() >= n.max(1) {
            break;
        }
        match stream.next().now_or_never() {
            Some(item) => next = item,
            None => break,
        }
    }
    if out.is_empty() {
        return Ok(None);
    }
    Ok(Some(Value::Array(out).to_string()))
}

#[pymethods]
impl NativeItems {
    /// Up to `n` items as JSON text (a list), or `None` at the end.
    #[pyo3(signature = (n=100))]
    fn next_batch(&self, py: Python<'_>, n: usize) -> PyResult<Option<String>> {
        let items = self.items.clone();
        block_on(py, move || batch(items, n))?.map_err(|e| to_py_err(py, &e))
    }

    /// [`next_batch`](Self::next_batch) as an awaitable.
    #[pyo3(signature = (n=100))]
    fn next_batch_async<'py>(&self, py: Python<'py>, n: usize) -> PyResult<Bound<'py, PyAny>> {
        let items = self.items.clone();
        awaitable(py, move || async move { batch(items, n).await.map_err(into_py_err) })
    }

    /// Ends the stream now.
    fn close(&self) {
        if let Ok(mut g) = self.items.try_lock() {
            *g = None;
        }
    }
}

pub(crate) fn items(s: Items) -> NativeItems {
    NativeItems { items: Arc::new(tokio::sync::Mutex::new(Some(s))) }
}

pub(crate) fn offboard_job(admin: AdminClient, org_id: String, dry_run: bool, scim: Option<ScimClient>) -> Offboard {
    let job = Offboard::new(&admin, org_id).dry_run(dry_run);
    match scim {
        Some(s) => job.scim(s),
        None => job,
    }
}

pub(crate) async fn offboard_all(job: Offboard, emails: Vec<String>, concurrency: usize) -> atlassian_admin::Result<String> {
    let n = atlassian_admin::check_concurrency(concurrency)?;
    let job = &job;
    let records: Vec<Value> = futures::stream::iter(emails).map(|e| async move { job.run(&e).await.to_json() }).buffered(n).collect().await;
    Ok(Value::Array(records).to_string())
}
