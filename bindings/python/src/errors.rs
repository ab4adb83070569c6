//! Turns a core [`Error`] into a Python exception.
//!
//! The Rust side only names the kind; `atlassian_admin.errors._from_native` picks the exception
//! class, so the kind-to-class table exists exactly once, in Python.

use atlassian_admin::{Error, ErrorKind};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// A stable, lower-case name for each kind (the keys of the Python table).
fn kind_name(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::InvalidArgument => "invalid_argument",
        ErrorKind::BadRequest => "bad_request",
        ErrorKind::Unauthorized => "unauthorized",
        ErrorKind::Forbidden => "forbidden",
        ErrorKind::NotFound => "not_found",
        ErrorKind::Conflict => "conflict",
        ErrorKind::RateLimited => "rate_limited",
        ErrorKind::Server => "server",
        ErrorKind::UnexpectedStatus => "unexpected_status",
        ErrorKind::Transport => "transport",
        ErrorKind::Timeout => "timeout",
        ErrorKind::Decode => "decode",
        ErrorKind::ResponseTooLarge => "response_too_large",
        // `ErrorKind` is non-exhaustive: kinds added later surface as the base class.
        _ => "unknown",
    }
}

/// Builds the Python exception instance for `e` (not raised).
pub(crate) fn exception<'py>(py: Python<'py>, e: &Error) -> PyResult<Bound<'py, PyAny>> {
    let factory = py.import("atlassian_admin.errors")?.getattr("_from_native")?;
    let kw = PyDict::new(py);
    kw.set_item("kind", kind_name(e.kind()))?;
    kw.set_item("message", e.message())?;
    kw.set_item("status", e.status())?;
    kw.set_item("code", e.code())?;
    kw.set_item("request_id", e.request_id())?;
    kw.set_item("retry_after", e.retry_after().map(|d| d.as_secs_f64()))?;
    kw.set_item("body", e.body())?;
    kw.set_item("operation", e.operation())?;
    kw.set_item("retryable", e.is_retryable())?;
    factory.call((e.to_string(),), Some(&kw))
}

/// The `PyErr` to raise for `e`.
pub(crate) fn to_py_err(py: Python<'_>, e: &Error) -> PyErr {
    match exception(py, e) {
        Ok(value) => PyErr::from_value(value),
        // The Python package is missing or broken: still say what went wrong.
        Err(import_error) => {
            let err = PyRuntimeError::new_err(e.to_string());
            err.set_cause(py, Some(import_error));
            err
        }
    }
}

/// [`to_py_err`] from code that does not hold the GIL (the end of an async call).
pub(crate) fn into_py_err(e: Error) -> PyErr {
    Python::attach(|py| to_py_err(py, &e))
}
