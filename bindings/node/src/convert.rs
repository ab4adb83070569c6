//! JSON strings in and out, and the client options object.

use crate::errors::invalid_argument;
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
    pub retry_max_attempts: Option<u32>,
    pub retry_base_delay_ms: Option<f64>,
    pub retry_max_delay_ms: Option<f64>,
    pub retry_max_elapsed_ms: Option<f64>,
    pub rate_limit_requests: Option<u32>,
    pub rate_limit_per_ms: Option<f64>,
    pub rate_limit_burst: Option<u32>,
}

pub fn millis(name: &str, v: f64) -> napi::Result<Duration> {
    if !v.is_finite() || v < 0.0 {
        return Err(invalid_argument(format!("{name} must be a non-negative number of milliseconds")));
    }
    Ok(Duration::from_secs_f64(v / 1000.0))
}

pub fn retry_policy(o: &NativeOptions) -> napi::Result<RetryPolicy> {
    let mut p = RetryPolicy::default();
    if let Some(n) = o.retry_max_attempts {
        p = p.with_max_attempts(n);
    }
    if let Some(ms) = o.retry_base_delay_ms {
        p = p.with_base_delay(millis("retry.baseDelayMs", ms)?);
    }
    if let Some(ms) = o.retry_max_delay_ms {
        p = p.with_max_delay(millis("retry.maxDelayMs", ms)?);
    }
    if let Some(ms) = o.retry_max_elapsed_ms {
        p = p.with_max_elapsed(millis("retry.maxElapsedMs", ms)?);
    }
    Ok(p)
}

pub fn rate_limit(o: &NativeOptions) -> napi::Result<Option<RateLimit>> {
    let Some(requests) = o.rate_limit_requests else { return Ok(None) };
    if requests == 0 {
        return Err(invalid_argument("rateLimit.requests must be at least 1"));
    }
    let per = millis("rateLimit.perMs", o.rate_limit_per_ms.unwrap_or(1000.0))?;
    if per.is_zero() {
        return Err(invalid_argument("rateLimit.perMs must be positive"));
    }
    Ok(Some(RateLimit::new(requests, per).with_burst(o.rate_limit_burst.unwrap_or(requests).max(1))))
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

pub fn page_to_json(p: Page<Value>) -> String {
    json!({ "items": p.items, "nextCursor": p.next_cursor, "total": p.total }).to_string()
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
