//! The asyncio bridge: a call returns an `asyncio.Future` of the running loop, completed from
//! the tokio task that runs the request.
//!
//! It does the least that is safe: one task per call, completed with one
//! `loop.call_soon_threadsafe` (taking the GIL briefly on the task's thread); cancelling the
//! future aborts the task, which drops the request. `pyo3_async_runtimes::future_into_py`
//! spawns two tasks and a blocking-pool job per call and copies the context, for Rust code that
//! calls back into Python, which ours never does; that cost is what this module avoids.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyModule;
use pyo3::IntoPyObjectExt;
use std::future::Future;

const HELPERS: &std::ffi::CStr = c"
def complete(fut, ok, value):
    # A future cancelled meanwhile must not be completed (asyncio would log InvalidStateError).
    if not fut.done():
        if ok:
            fut.set_result(value)
        else:
            fut.set_exception(value)
";

fn helpers(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    static M: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    M.get_or_try_init(py, || PyModule::from_code(py, HELPERS, c"atlassian_admin/_aio.py", c"atlassian_admin._aio").map(Bound::unbind)).map(|m| m.bind(py))
}

fn get_running_loop(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    static F: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    F.get_or_try_init(py, || py.import("asyncio")?.getattr("get_running_loop").map(Bound::unbind))?.bind(py).call0()
}

/// Aborts the request's task when its future is done (a no-op once the task has finished).
#[pyclass]
struct Abort(tokio::task::AbortHandle);

#[pymethods]
impl Abort {
    fn __call__(&self, _fut: &Bound<'_, PyAny>) {
        self.0.abort();
    }
}

/// An `asyncio.Future` of the running loop for `fut`, which runs on the process's runtime.
pub(crate) fn awaitable<'py, T, Fut>(py: Python<'py>, fut: Fut) -> PyResult<Bound<'py, PyAny>>
where
    Fut: Future<Output = PyResult<T>> + Send + 'static,
    T: for<'a> IntoPyObject<'a> + Send + 'static,
{
    let event_loop = get_running_loop(py)?;
    let py_fut = event_loop.call_method0(pyo3::intern!(py, "create_future"))?;
    let complete = helpers(py)?.getattr("complete")?.unbind();
    let (l, f) = (event_loop.clone().unbind(), py_fut.clone().unbind());
    let task = crate::runtime::get().spawn(async move {
        let out = fut.await;
        crate::runtime::attach(|py| {
            let (ok, value) = match out.and_then(|v| v.into_py_any(py)) {
                Ok(v) => (true, v),
                Err(e) => (false, e.into_value(py).into_any()),
            };
            // Fails only when the loop is closed: nobody is waiting any more.
            let _ = l.bind(py).call_method1(pyo3::intern!(py, "call_soon_threadsafe"), (complete, f, ok, value));
        });
    });
    py_fut.call_method1(pyo3::intern!(py, "add_done_callback"), (Abort(task.abort_handle()),))?;
    Ok(py_fut)
}
