//! JSON strings in and out, and the client options object.

use crate::errors::{invalid_argument, to_napi};
use atlassian_admin::{Page, RateLimit, RetryPolicy};
use napi_derive::napi;
use serde_json::{json, Value};
use std::time::Duration;

/// Settings shared by both clients (all optional except the key). Durations are milliseconds.
#[napi(object)]
#[derive(Default)]
pub struct NativeOptions {
    pub api_key: String,
    /// Only for SCIM clients.
    pub directory_id: Option<String>,
    pub base_url: Option<String>,
    pub timeout_ms: Option<f64>,
    pub connect_timeout_ms: Option<f64>,
    pub user_agent: Option<String>,
    pub max_response_bytes: Option<f64>,
    pub retry: Option<NativeRetry>,
    pub rate_limit: Option<NativeRateLimit>,
}

/// `retry` of the client options; unset members keep the core's defaults.
#[napi(object)]
#[derive(Default)]
pub struct NativeRetry {
    pub max_attempts: Option<f64>,
    pub base_delay_ms: Option<f64>,
    pub max_delay_ms: Option<f64>,
    pub max_elapsed_ms: Option<f64>,
}

/// `rateLimit` of the client options.
#[napi(object)]
pub struct NativeRateLimit {
    pub requests: f64,
    /// Default 1000 (per second).
    pub per_ms: Option<f64>,
    /// Default `requests`.
    pub burst: Option<f64>,
}

/// A JS number that must be a whole count (the core then checks its range).
fn count(name: &str, v: f64) -> napi::Result<u32> {
    if v.fract() != 0.0 || !(0.0..=u32::MAX as f64).contains(&v) {
        return Err(invalid_argument(format!("{name} must be a whole number, not {v}")));
    }
    Ok(v as u32)
}

/// Milliseconds as a duration, through the core's check (negative, NaN and absurd values fail).
pub fn millis(name: &str, v: f64) -> napi::Result<Duration> {
    atlassian_admin::seconds(name, v / 1000.0).map_err(to_napi)
}

impl TryFrom<&NativeRetry> for RetryPolicy {
    type Error = napi::Error;
    fn try_from(r: &NativeRetry) -> napi::Result<Self> {
        let mut p = RetryPolicy::default();
        if let Some(n) = r.max_attempts {
            p = p.with_max_attempts(count("retry.maxAttempts", n)?);
        }
        if let Some(ms) = r.base_delay_ms {
            p = p.with_base_delay(millis("retry.baseDelayMs", ms)?);
        }
        if let Some(ms) = r.max_delay_ms {
            p = p.with_max_delay(millis("retry.maxDelayMs", ms)?);
        }
        if let Some(ms) = r.max_elapsed_ms {
            p = p.with_max_elapsed(millis("retry.maxElapsedMs", ms)?);
        }
        Ok(p)
    }
}

impl TryFrom<&NativeRateLimit> for RateLimit {
    type Error = napi::Error;
    fn try_from(l: &NativeRateLimit) -> napi::Result<Self> {
        let per = millis("rateLimit.perMs", l.per_ms.unwrap_or(1000.0))?;
        let requests = count("rateLimit.requests", l.requests)?;
        let burst = l.burst.map(|b| count("rateLimit.burst", b)).transpose()?.unwrap_or(requests);
        Ok(RateLimit::new(requests, per).with_burst(burst))
    }
}

/// Parses the arguments string (`""` counts as no arguments).
pub fn parse_args(s: &str) -> napi::Result<Value> {
    if s.trim().is_empty() {
        return Ok(Value::Null);
    }
    serde_json::from_str(s).map_err(|e| invalid_argument(format!("arguments are not valid JSON: {e}")))
}

pub fn parse_items(s: &str) -> napi::Result<Vec<Value>> {
    match parse_args(s)? {
        Value::Array(a) => Ok(a),
        _ => Err(invalid_argument("bulk items must be a JSON array")),
    }
}

/// A page as `{"items": [...], "nextCursor": ..., "total": ...}` text: the items are the
/// service's own JSON text, joined, never parsed into a tree and printed again.
pub fn page_to_json(p: Page<Box<serde_json::value::RawValue>>) -> String {
    let len: usize = p.items.iter().map(|i| i.get().len() + 1).sum();
    let mut out = String::with_capacity(len + 64);
    out.push_str("{\"items\":[");
    for (i, item) in p.items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(item.get());
    }
    out.push_str("],\"nextCursor\":");
    out.push_str(&Value::from(p.next_cursor).to_string());
    out.push_str(",\"total\":");
    out.push_str(&Value::from(p.total).to_string());
    out.push('}');
    out
}

pub fn outcomes_to_json(outcomes: Vec<atlassian_admin::Result<Value>>) -> String {
    let list: Vec<Value> = outcomes
        .into_iter()
        .map(|r| match r {
            Ok(v) => json!({ "ok": true, "value": v }),
            Err(e) => json!({ "ok": false, "error": crate::errors::to_json(&e) }),
        })
        .collect();
    Value::Array(list).to_string()
}
