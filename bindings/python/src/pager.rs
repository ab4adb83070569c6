//! `NativePager`: a core [`Paginator`] held across the boundary. Every stop rule (last page,
//! repeated cursor, empty pages, limit, polling) and the prefetch of the next page are the
//! core's; Python only asks for the next page and wraps it in its iterator protocol.

use crate::errors::to_py_err;
use atlassian_admin::{Page, Paginator};
use futures::stream::BoxStream;
use futures::StreamExt;
use pyo3::prelude::*;
use serde_json::value::RawValue;
use std::sync::Arc;

type Pages = BoxStream<'static, atlassian_admin::Result<Page<Box<RawValue>>>>;

/// The pages of one listing, in order; `None` once it has ended. Dropping it cancels the
/// page being fetched ahead.
#[pyclass(frozen, module = "atlassian_admin._native")]
pub struct NativePager {
    pages: Arc<tokio::sync::Mutex<Option<Pages>>>,
}

impl NativePager {
    pub(crate) fn new(p: Paginator<Box<RawValue>>) -> Self {
        NativePager { pages: Arc::new(tokio::sync::Mutex::new(Some(p.pages()))) }
    }
}

/// The next page of `pages`, or `None` at the end (after an error, the listing is over).
async fn next(pages: Arc<tokio::sync::Mutex<Option<Pages>>>) -> atlassian_admin::Result<Option<Page<Box<RawValue>>>> {
    let mut guard = pages.lock().await;
    let Some(stream) = guard.as_mut() else { return Ok(None) };
    match stream.next().await {
        Some(Ok(page)) => Ok(Some(page)),
        Some(Err(e)) => {
            *guard = None;
            Err(e)
        }
        None => {
            *guard = None;
            Ok(None)
        }
    }
}

#[pymethods]
impl NativePager {
    /// The next page as `(items, next_cursor, total)`, or `None` when the listing has ended.
    fn next_page<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, pyo3::types::PyTuple>>> {
        let pages = self.pages.clone();
        let page = crate::client::block_on(py, move || next(pages))?.map_err(|e| to_py_err(py, &e))?;
        page.map(|p| crate::convert::page_tuple(py, p)).transpose()
    }

    /// [`next_page`](Self::next_page) as an awaitable.
    fn next_page_async<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let pages = self.pages.clone();
        crate::aio::awaitable(py, next(pages), |py, page| match page {
            Some(p) => crate::convert::page_tuple(py, p).map(|t| t.into_any().unbind()),
            None => Ok(py.None()),
        })
    }

    /// Ends the listing now (cancels the page fetched ahead).
    fn close(&self) {
        if let Ok(mut g) = self.pages.try_lock() {
            *g = None;
        }
    }
}
