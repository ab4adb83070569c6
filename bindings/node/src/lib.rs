//! Native half of the `atlassian-admin` npm package.
//!
//! Deliberately small: it builds a Rust [`atlassian_admin::AdminClient`] or
//! [`atlassian_admin::ScimClient`] and forwards JSON strings to the core's by-name entry points
//! (`call_json`, `paginate_json`, `bulk_json`). Everything a user sees (resource classes, async
//! iteration, abort signals, error classes) lives in the hand-written `index.js`.

#![deny(clippy::all)]

mod client;
mod convert;
mod errors;
mod workflows;

pub use client::{NativeClient, NativePager};

/// napi's tokio runtime, with the core's worker count for a bridge
/// ([`atlassian_admin::defaults::bridge_worker_threads`]) instead of one worker per core. Runs
/// when the addon is loaded; if the runtime cannot be built, napi builds its default one.
#[napi_derive::module_init]
fn init() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(atlassian_admin::defaults::bridge_worker_threads())
        .enable_all()
        .thread_name("atlassian-admin")
        .build();
    if let Ok(rt) = rt {
        napi::bindgen_prelude::create_custom_tokio_runtime(rt);
    }
}

/// The resource map the JS resource classes are generated from (same bytes as
/// `crates/atlassian-admin/src/generated/resources.json`).
#[napi_derive::napi]
pub fn resources_json() -> &'static str {
    atlassian_admin::RESOURCES_JSON
}

/// Version of the Rust crates this addon was built from.
#[napi_derive::napi]
pub fn native_version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

/// The stable names of every error kind of the core (`NotFound`, ...): `index.js` has a class
/// for each, and its tests walk this list.
#[napi_derive::napi]
pub fn error_kinds() -> Vec<&'static str> {
    atlassian_admin::ErrorKind::ALL.iter().map(|k| k.name()).collect()
}

/// Defaults of the core that the JS layer shows (bulk concurrency).
#[napi_derive::napi]
pub fn default_bulk_concurrency() -> u32 {
    atlassian_admin::defaults::BULK_CONCURRENCY as u32
}
