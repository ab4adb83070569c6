//! Turns a core [`Error`] into a Python exception.
//!
//! The Rust side only names the kind; `atlassian_admin.errors._from_native` picks the exception
//! class, so the kind-to-class table exists exactly once, in Python.

use atlassian_admin::{Error, ErrorKind};
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// The core's stable kind name in snake_case (`NotFound` -> `not_found`): the keys of the
/// Python table. Derived, not listed, so a kind added to the core arrives here by itself.
pub(crate) fn kind_name(kind: ErrorKind) -> String {
    let mut out = String::new();
    for (i, c) in kind.name().chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Every kind of the core, as [`kind_name`]s (exported as `_native.ERROR_KINDS`).
pub(crate) fn all_kinds() -> Vec<String> {
    ErrorKind::ALL.iter().map(|k| kind_name(*k)).collect()
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
    kw.set_item("attempts", e.attempts())?;
    kw.set_item("maybe_sent", e.maybe_sent())?;
    let exc = factory.call((e.to_string(),), Some(&kw))?;
    if let Some(cause) = cause_chain(py, e.kind(), std::error::Error::source(e))? {
        exc.setattr("__cause__", cause)?;
    }
    Ok(exc)
}

/// The underlying failure of `kind` (and what caused it, as its own `__cause__`) as built-in
/// Python exceptions: `TimeoutError` for a timeout, `ConnectionError` for a failed connection,
/// `ValueError` for a body that does not decode, `OSError` otherwise.
fn cause_chain<'py>(py: Python<'py>, kind: ErrorKind, mut source: Option<&(dyn std::error::Error + 'static)>) -> PyResult<Option<Bound<'py, PyAny>>> {
    use pyo3::exceptions::{PyConnectionError, PyOSError, PyTimeoutError, PyValueError};
    let mut chain = Vec::new();
    while let Some(s) = source {
        // Bounded: a cycle or an absurd chain must not hang the conversion.
        if chain.len() == 16 {
            break;
        }
        let text = s.to_string();
        let err = match (chain.is_empty(), kind) {
            (true, ErrorKind::Timeout) => PyTimeoutError::new_err(text),
            (true, ErrorKind::Transport) => PyConnectionError::new_err(text),
            (true, ErrorKind::Decode) => PyValueError::new_err(text),
            _ => PyOSError::new_err(text),
        };
        chain.push(err.into_value(py).into_bound(py).into_any());
        source = s.source();
    }
    for pair in chain.windows(2) {
        pair[0].setattr("__cause__", &pair[1])?;
    }
    Ok(chain.into_iter().next())
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
