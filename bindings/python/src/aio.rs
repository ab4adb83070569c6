//! The asyncio bridge: a call returns an `asyncio.Future` of the running loop, completed from
//! the tokio task that runs the request.
//!
//! It does the least that is safe: one task per call, completed with one
//! `loop.call_soon_threadsafe` (taking the GIL briefly on the task's thread); cancelling the
//! future aborts the task, which drops the request. `pyo3_async_runtimes::future_into_py`
//! spawns two tasks and a blocking-pool job per call and copies the context, for Rust code that
//! calls back into Python, which ours never does; that cost is what this module avoids.
//!
//! The answer becomes Python objects on the loop's thread, when the future is completed, as a
//! blocking call builds them on the caller's thread: the runtime's worker only hands it over, so
//! it is free at once for the next page being fetched ahead (building a page of items on the
//! worker held it, and the prefetch behind it, for the whole conversion).

use crate::errors::to_py_err;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::IntoPyObjectExt;
use std::future::Future;
use std::sync::Mutex;

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

type Convert = Box<dyn FnOnce(Python<'_>) -> PyResult<Py<PyAny>> + Send>;

/// A finished call's answer and the future it completes, called by the loop on its thread: the
/// answer becomes Python objects (or the exception it raises) and completes the future. A
/// future cancelled meanwhile is left alone (asyncio would log `InvalidStateError`) and the
/// answer dropped unconverted.
#[pyclass(frozen)]
struct Answer {
    fut: Py<PyAny>,
    convert: Mutex<Option<Convert>>,
}

#[pymethods]
impl Answer {
    fn __call__(&self, py: Python<'_>) -> PyResult<()> {
        let fut = self.fut.bind(py);
        if fut.call_method0(pyo3::intern!(py, "done"))?.is_truthy()? {
            return Ok(());
        }
        let Some(convert) = self.convert.lock().unwrap_or_else(|e| e.into_inner()).take() else { return Ok(()) };
        match convert(py) {
            Ok(v) => fut.call_method1(pyo3::intern!(py, "set_result"), (v,))?,
            Err(e) => fut.call_method1(pyo3::intern!(py, "set_exception"), (e.into_value(py),))?,
        };
        Ok(())
    }
}

/// An `asyncio.Future` of the running loop for `fut`, which runs on the process's runtime; its
/// output becomes Python objects with `convert` (an error, the package's exception) on the
/// loop's thread.
pub(crate) fn awaitable<'py, T, Fut, C>(py: Python<'py>, fut: Fut, convert: C) -> PyResult<Bound<'py, PyAny>>
where
    Fut: Future<Output = atlassian_admin::Result<T>> + Send + 'static,
    T: Send + 'static,
    C: FnOnce(Python<'_>, T) -> PyResult<Py<PyAny>> + Send + 'static,
{
    let event_loop = get_running_loop(py)?;
    let py_fut = event_loop.call_method0(pyo3::intern!(py, "create_future"))?;
    let (l, f) = (event_loop.clone().unbind(), py_fut.clone().unbind());
    let task = crate::runtime::get().spawn(async move {
        let out = fut.await;
        let convert: Convert = Box::new(move |py| match out {
            Ok(v) => convert(py, v),
            Err(e) => Err(to_py_err(py, &e)),
        });
        crate::runtime::attach(|py| {
            // Both fail only when the loop is closed (or memory is exhausted): nobody is waiting.
            if let Ok(answer) = Bound::new(py, Answer { fut: f, convert: Mutex::new(Some(convert)) }) {
                let _ = l.bind(py).call_method1(pyo3::intern!(py, "call_soon_threadsafe"), (answer,));
            }
        });
    });
    py_fut.call_method1(pyo3::intern!(py, "add_done_callback"), (Abort(task.abort_handle()),))?;
    Ok(py_fut)
}

/// [`awaitable`] for an output Python takes as it is (text, `None`, a number).
pub(crate) fn awaitable_value<'py, T, Fut>(py: Python<'py>, fut: Fut) -> PyResult<Bound<'py, PyAny>>
where
    Fut: Future<Output = atlassian_admin::Result<T>> + Send + 'static,
    T: for<'a> IntoPyObject<'a> + Send + 'static,
{
    awaitable(py, fut, |py, v| v.into_py_any(py))
}
