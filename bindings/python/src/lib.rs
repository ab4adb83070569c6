//! `atlassian_admin._native`: the compiled half of the Python package.
//!
//! It is deliberately small: one class, [`client::NativeClient`], forwards JSON text to the
//! `*_json` entry points of the Rust client (`call_json`, `page_json`, `bulk_json`) and hands the
//! answers back as text. Everything that makes the API pleasant in Python (resource classes,
//! lazy pagers, dataclasses, the exception hierarchy) lives in the pure-Python package.

mod aio;
mod client;
mod convert;
mod errors;
mod pager;
mod runtime;
mod workflows;

use pyo3::prelude::*;

/// The extension module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<client::NativeClient>()?;
    m.add_class::<pager::NativePager>()?;
    m.add_class::<workflows::NativeItems>()?;
    m.add("RESOURCES_JSON", atlassian_admin::RESOURCES_JSON)?;
    m.add("ERROR_KINDS", errors::all_kinds())?;
    m.add("DEFAULTS", defaults(m.py())?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(pyo3::wrap_pyfunction!(_shutdown, m)?)?;
    // Before the interpreter finalizes, stop the runtime (see runtime::shutdown).
    m.py().import("atexit")?.call_method1("register", (m.getattr("_shutdown")?,))?;
    Ok(())
}

/// Stops the extension's runtime (registered with `atexit`; not for direct use).
#[pyfunction]
fn _shutdown(py: Python<'_>) {
    py.detach(runtime::shutdown);
}

/// The core's defaults, for the Python signatures and dataclasses (durations in seconds).
fn defaults(py: Python<'_>) -> PyResult<Bound<'_, pyo3::types::PyDict>> {
    use atlassian_admin::defaults as d;
    let out = pyo3::types::PyDict::new(py);
    out.set_item("timeout", d::TIMEOUT.as_secs_f64())?;
    out.set_item("connect_timeout", d::CONNECT_TIMEOUT.as_secs_f64())?;
    out.set_item("max_response_bytes", d::MAX_RESPONSE_BYTES)?;
    out.set_item("bulk_concurrency", d::BULK_CONCURRENCY)?;
    out.set_item("max_attempts", d::MAX_ATTEMPTS)?;
    out.set_item("base_delay", d::BASE_DELAY.as_secs_f64())?;
    out.set_item("max_delay", d::MAX_DELAY.as_secs_f64())?;
    out.set_item("max_elapsed", d::MAX_ELAPSED.as_secs_f64())?;
    Ok(out)
}
