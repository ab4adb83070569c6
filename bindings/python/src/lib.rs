//! `atlassian_admin._native`: the compiled half of the Python package.
//!
//! It is deliberately small: one class, [`client::NativeClient`], forwards JSON text to the
//! `*_json` entry points of the Rust client (`call_json`, `page_json`, `bulk_json`) and hands the
//! answers back as text. Everything that makes the API pleasant in Python (resource classes,
//! lazy pagers, dataclasses, the exception hierarchy) lives in the pure-Python package.

mod client;
mod convert;
mod errors;
mod pager;
mod runtime;

use pyo3::prelude::*;

/// The extension module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<client::NativeClient>()?;
    m.add_class::<pager::NativePager>()?;
    m.add("RESOURCES_JSON", atlassian_admin::RESOURCES_JSON)?;
    m.add("ERROR_KINDS", errors::all_kinds())?;
    m.add("DEFAULT_BULK_CONCURRENCY", atlassian_admin::defaults::BULK_CONCURRENCY)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
