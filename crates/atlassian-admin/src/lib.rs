#![doc = include_str!("../README.md")]
//!
//! ## Map of the crate
//!
//! - [`AdminClient`] (organization API key) and [`ScimClient`] (a SCIM directory's key) expose
//!   every operation as a method on a resource handle: `client.org(id).directory(dir).users()`.
//! - Every method returns a [`Call`] (await it) or, for listings, a [`Paginator`] (a `Stream`).
//! - Retries ([`RetryPolicy`]), client-side rate limits ([`RateLimit`]) and the shared pause after
//!   a 429 apply to every request; [`bulk`] runs one operation over many items.
//! - Every failure is an [`Error`] with an [`ErrorKind`].
//! - [`workflows`] has the multi-step admin jobs; [`types`] the generated models.
#![warn(missing_docs)]

mod bulk;
mod call;
mod client;
mod config;
mod dynamic;
mod error;
mod operations;
mod paginate;
mod transport;
pub mod workflows;

#[cfg(feature = "logging")]
pub mod logging;

#[allow(missing_docs, clippy::all, deprecated)]
#[rustfmt::skip] // generated (cargo xtask codegen); checked by `codegen --check`, not by rustfmt
#[path = "generated/resources.rs"]
mod resources;

pub use bulk::{bulk, bulk_stream};
pub use call::{Call, Response};
pub use client::{AdminClient, AdminClientBuilder, RawClients, ScimClient, ScimClientBuilder, DEFAULT_BASE_URL, FAMILIES};
pub use config::{check_concurrency, defaults, seconds, ApiKey, RateLimit, RetryPolicy};
pub use error::{Error, ErrorKind, Result};
pub use operations::OperationEntry;
pub use paginate::{Page, PageStyle, Paginator};
pub use resources::*;
pub use transport::Preview;

/// The generated models and request builders of each family.
pub mod types {
    pub use atlassian_admin_raw::{api_access, control, dlp, organization, user_management, user_provisioning};
}
pub use atlassian_admin_raw as raw;

/// The resource map resolved for every operation (handles, method names, arguments, paging):
/// what the Python and Node bindings build their resource classes from.
pub const RESOURCES_JSON: &str = include_str!("generated/resources.json");
