//! Log output for programs that have no `tracing` subscriber of their own: the Python and Node
//! packages and the command line. Rust programs normally install their own subscriber instead.
//!
//! Every request is one `request` span (family, operation, method, path) with events for each
//! attempt (status, elapsed time, retry waits). Keys, headers and bodies are never logged.

use std::sync::OnceLock;

/// The environment variable read by [`init_from_env`]: a filter such as `debug`, `trace` or
/// `atlassian_admin=debug,reqwest=trace`.
pub const ENV_VAR: &str = "ATLASSIAN_ADMIN_LOG";

static INSTALLED: OnceLock<bool> = OnceLock::new();

/// Writes log events matching `filter` (`tracing_subscriber::EnvFilter` syntax; a bare level such
/// as `debug` applies to this crate and the HTTP stack) to standard error. Only the first call
/// in a process has an effect; it returns whether a subscriber was installed by this crate (not
/// when the program already had one, or the filter does not parse).
pub fn init(filter: &str) -> bool {
    *INSTALLED.get_or_init(|| {
        let directives = match filter.trim() {
            "" => return false,
            level @ ("error" | "warn" | "info" | "debug" | "trace") => format!("atlassian_admin={level},reqwest={level},hyper_util={level}"),
            other => other.to_string(),
        };
        let Ok(filter) = tracing_subscriber::EnvFilter::try_new(directives) else { return false };
        tracing_subscriber::fmt().with_writer(std::io::stderr).with_env_filter(filter).try_init().is_ok()
    })
}

/// [`init`] with the value of [`ENV_VAR`], when it is set; otherwise nothing is logged.
pub fn init_from_env() -> bool {
    match std::env::var(ENV_VAR) {
        Ok(v) => init(&v),
        Err(_) => false,
    }
}
