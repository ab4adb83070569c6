//! The core's workflows (`atlassian_admin::workflows`) for Python: offboarding, the inactive
//! users report, exports and the event tail. The steps, stop rules and records are the core's;
//! results cross as JSON text, streams as [`NativeItems`] batches.

use crate::client::block_on;
use crate::errors::to_py_err;
use atlassian_admin::workflows::{Batches, Offboard};
use atlassian_admin::AdminClient;
use atlassian_admin::ScimClient;
use futures::stream::BoxStream;
use pyo3::prelude::*;
use serde_json::Value;
use std::sync::Arc;

type Items = BoxStream<'static, atlassian_admin::Result<Value>>;

/// A stream of JSON items from a workflow, read in batches; `None` once it has ended.
#[pyclass(frozen, module = "atlassian_admin._native")]
pub struct NativeItems {
    items: Arc<tokio::sync::Mutex<Batches>>,
}

async fn batch(items: Arc<tokio::sync::Mutex<Batches>>, n: usize) -> atlassian_admin::Result<Option<String>> {
    Ok(items.lock().await.next(n).await?.map(|v| Value::Array(v).to_string()))
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
        crate::aio::awaitable_value(py, batch(items, n))
    }

    /// Ends the stream now.
    fn close(&self) {
        if let Ok(mut g) = self.items.try_lock() {
            g.close();
        }
    }
}

pub(crate) fn items(s: Items) -> NativeItems {
    NativeItems { items: Arc::new(tokio::sync::Mutex::new(Batches::new(s))) }
}

pub(crate) fn offboard_job(admin: AdminClient, org_id: String, dry_run: bool, scim: Option<ScimClient>) -> Offboard {
    let job = Offboard::new(&admin, org_id).dry_run(dry_run);
    match scim {
        Some(s) => job.scim(s),
        None => job,
    }
}

pub(crate) async fn offboard_all(job: Offboard, emails: Vec<String>, concurrency: usize) -> atlassian_admin::Result<String> {
    let records = job.run_all(emails, concurrency).await?;
    Ok(Value::Array(records.iter().map(|r| r.to_json()).collect()).to_string())
}
