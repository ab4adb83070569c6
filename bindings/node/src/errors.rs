//! Turning a core [`atlassian_admin::Error`] into something JS can rebuild.
//!
//! N-API errors carry a message string only, so the message is a JSON object prefixed with a
//! marker; `index.js` recognises the marker and throws the matching error class with the same
//! fields. Anything without the marker is a plain native error.

use serde_json::{json, Value};

/// Prefix of every structured error message.
pub const MARKER: &str = "ATLASSIAN_ADMIN_ERROR:";

/// The JSON description of a core error (also used for per-item bulk failures).
pub fn to_json(e: &atlassian_admin::Error) -> Value {
    json!({
        "kind": e.kind().name(),
        "message": e.message(),
        "display": e.to_string(),
        "status": e.status(),
        "code": e.code(),
        "requestId": e.request_id(),
        "retryAfter": e.retry_after().map(|d| d.as_secs_f64()),
        "body": e.body(),
        "operation": e.operation(),
        "retryable": e.is_retryable(),
        "attempts": e.attempts(),
        "maybeSent": e.maybe_sent(),
    })
}

/// A rejected promise for `e`.
pub fn to_napi(e: atlassian_admin::Error) -> napi::Error {
    napi::Error::from_reason(format!("{MARKER}{}", to_json(&e)))
}

/// An argument error raised on the native side before reaching the core.
pub fn invalid_argument(message: impl Into<String>) -> napi::Error {
    to_napi(atlassian_admin::Error::invalid_argument(message))
}
