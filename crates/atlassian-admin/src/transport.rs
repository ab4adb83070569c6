//! The one place where requests go out: authentication (a sensitive default header), retries,
//! the shared pause after a 429, the client-side rate limit, the response size cap and logging.
//! Installed into every generated client through `atlassian_admin_raw::Executor`.

use crate::config::{RateLimit, RetryPolicy};
use atlassian_admin_raw::{BoxFuture, Executor};
use bytes::BytesMut;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Marks a response the transport made up to report a local failure (body too large).
pub(crate) const LOCAL_ERROR_HEADER: &str = "x-atlassian-admin-local-error";
pub(crate) const LOCAL_STATUS_HEADER: &str = "x-atlassian-admin-upstream-status";

/// POST operations that only read: safe to repeat after a 5xx or a broken connection.
const READ_ONLY_POSTS: &[&str] = &[
    "searchDirectoryUsers",
    "searchDirectoryGroups",
    "queryWorkspacesV2",
    "countServiceAccountApiTokens",
    "countOAuthClients",
    "bulkFetchAuthPolicy",
    "getScimLinksByEmail",
];

pub(crate) struct Transport {
    pub(crate) retry: RetryPolicy,
    limiter: Option<Mutex<Bucket>>,
    limit: Option<RateLimit>,
    pause_until: Mutex<Option<Instant>>,
    pub(crate) max_body: usize,
}

struct Bucket {
    tokens: f64,
    last: Instant,
}

impl Transport {
    pub(crate) fn new(retry: RetryPolicy, limit: Option<RateLimit>, max_body: usize) -> Self {
        Transport {
            retry,
            limiter: limit.as_ref().map(|l| Mutex::new(Bucket { tokens: l.burst as f64, last: Instant::now() })),
            limit,
            pause_until: Mutex::new(None),
            max_body,
        }
    }

    /// Waits for the shared pause (after a 429) and for a rate-limit token.
    async fn wait_turn(&self) {
        loop {
            let pause = *self.pause_until.lock().unwrap();
            match pause {
                Some(t) if t > Instant::now() => tokio::time::sleep_until(t.into()).await,
                _ => break,
            }
        }
        let (Some(bucket), Some(limit)) = (&self.limiter, &self.limit) else { return };
        let rate = limit.requests as f64 / limit.per.as_secs_f64();
        loop {
            let wait = {
                let mut b = bucket.lock().unwrap();
                let now = Instant::now();
                b.tokens = (b.tokens + now.duration_since(b.last).as_secs_f64() * rate).min(limit.burst as f64);
                b.last = now;
                if b.tokens >= 1.0 {
                    b.tokens -= 1.0;
                    return;
                }
                Duration::from_secs_f64((1.0 - b.tokens) / rate)
            };
            tokio::time::sleep(wait).await;
        }
    }

    fn pause_all(&self, d: Duration) {
        let until = Instant::now() + d;
        let mut p = self.pause_until.lock().unwrap();
        if p.is_none_or(|t| t < until) {
            *p = Some(until);
        }
    }

    /// Reads the whole body (so a broken-off body can be retried), within the size cap.
    async fn read(&self, resp: reqwest::Response) -> Result<reqwest::Response, ReadError> {
        let status = resp.status();
        let version = resp.version();
        let headers = resp.headers().clone();
        if resp.content_length().is_some_and(|n| n as usize > self.max_body) {
            return Err(ReadError::TooLarge(status));
        }
        let mut resp = resp;
        let mut buf = BytesMut::new();
        loop {
            match resp.chunk().await {
                Ok(Some(c)) => {
                    if buf.len() + c.len() > self.max_body {
                        return Err(ReadError::TooLarge(status));
                    }
                    buf.extend_from_slice(&c);
                }
                Ok(None) => break,
                Err(e) => return Err(ReadError::Broken(e)),
            }
        }
        let body = buf.freeze();
        let mut out = http::Response::new(body.clone());
        out.extensions_mut().insert(BodyCopy(body));
        *out.status_mut() = status;
        *out.version_mut() = version;
        *out.headers_mut() = headers;
        Ok(reqwest::Response::from(out))
    }
}

/// Whether a fully read response body is empty or well-formed JSON.
fn is_json_or_empty(r: &reqwest::Response) -> bool {
    // `read` put the whole body in memory; peek at it without consuming the response.
    let Some(bytes) = r.extensions().get::<BodyCopy>() else { return true };
    bytes.0.iter().all(u8::is_ascii_whitespace) || serde_json::from_slice::<serde::de::IgnoredAny>(&bytes.0).is_ok()
}

/// A copy of a body that `read` buffered (cheap: `Bytes` is reference-counted).
#[derive(Clone)]
struct BodyCopy(bytes::Bytes);

enum ReadError {
    TooLarge(reqwest::StatusCode),
    Broken(reqwest::Error),
}

fn too_large(status: reqwest::StatusCode, limit: usize) -> reqwest::Response {
    let mut out = http::Response::new(bytes::Bytes::new());
    *out.status_mut() = reqwest::StatusCode::from_u16(599).unwrap();
    out.headers_mut().insert(
        LOCAL_ERROR_HEADER,
        http::HeaderValue::from_str(&format!("response body larger than the {limit}-byte limit")).unwrap(),
    );
    out.headers_mut().insert(LOCAL_STATUS_HEADER, http::HeaderValue::from(status.as_u16()));
    reqwest::Response::from(out)
}

/// How long the server asked us to wait: `Retry-After` (seconds or HTTP date), else
/// `X-RateLimit-Reset` (ISO 8601, with or without seconds).
pub(crate) fn retry_hint(headers: &http::HeaderMap) -> Option<Duration> {
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    if let Some(v) = get("retry-after") {
        if let Ok(secs) = v.parse::<f64>() {
            if secs.is_finite() && secs >= 0.0 {
                return Some(Duration::from_secs_f64(secs.min(86_400.0)));
            }
        }
        if let Ok(t) = httpdate::parse_http_date(v) {
            return Some(t.duration_since(std::time::SystemTime::now()).unwrap_or_default());
        }
    }
    let reset = get("x-ratelimit-reset")?;
    let parsed = chrono::DateTime::parse_from_rfc3339(reset)
        .ok()
        .or_else(|| chrono::DateTime::parse_from_str(reset, "%Y-%m-%dT%H:%M%#z").ok())
        .or_else(|| {
            chrono::NaiveDateTime::parse_from_str(reset, "%Y-%m-%dT%H:%M:%S%.f")
                .or_else(|_| chrono::NaiveDateTime::parse_from_str(reset, "%Y-%m-%dT%H:%M"))
                .ok()
                .map(|n| n.and_utc().fixed_offset())
        })?;
    let ms = parsed.timestamp_millis() - chrono::Utc::now().timestamp_millis();
    Some(Duration::from_millis(ms.max(0) as u64))
}

impl Executor for Transport {
    fn execute<'a>(
        &'a self,
        client: &'a reqwest::Client,
        request: reqwest::Request,
        family: &'static str,
        operation_id: &'static str,
    ) -> BoxFuture<'a, reqwest::Result<reqwest::Response>> {
        use tracing::Instrument;
        // One span per request (all its attempts); events inside add attempt, status, elapsed.
        let span = tracing::debug_span!(
            target: "atlassian_admin",
            "request",
            family,
            operation = operation_id,
            method = %request.method(),
            path = %request.url().path(),
        );
        Box::pin(async move {
            let method = request.method().clone();
            let idempotent = matches!(method.as_str(), "GET" | "HEAD" | "PUT" | "DELETE" | "OPTIONS")
                || READ_ONLY_POSTS.contains(&operation_id);
            let start = Instant::now();
            let mut attempt = 0u32;
            loop {
                attempt += 1;
                self.wait_turn().await;
                let last_try = attempt >= self.retry.max_attempts;
                let req = match request.try_clone() {
                    Some(r) if !last_try => r,
                    _ => {
                        // Last attempt (or a streaming body, which cannot be replayed).
                        let r = request.try_clone().unwrap_or(request);
                        let resp = client.execute(r).await?;
                        tracing::debug!(target: "atlassian_admin", attempt, status = resp.status().as_u16(), elapsed_ms = start.elapsed().as_millis() as u64, "response");
                        return match self.read(resp).await {
                            Ok(r) => Ok(r),
                            Err(ReadError::TooLarge(s)) => Ok(too_large(s, self.max_body)),
                            Err(ReadError::Broken(e)) => Err(e),
                        };
                    }
                };
                let sent = client.execute(req).await;
                let elapsed = start.elapsed();
                // Decide: return now, or wait `delay` and try again.
                let delay = match sent {
                    Err(e) => {
                        let never_sent = e.is_connect();
                        tracing::debug!(target: "atlassian_admin", attempt, error = %e, "transport error");
                        let d = self.retry.backoff(attempt);
                        if !(never_sent || idempotent) || elapsed + d > self.retry.max_elapsed {
                            return Err(e);
                        }
                        d
                    }
                    Ok(resp) => {
                        let status = resp.status().as_u16();
                        tracing::debug!(target: "atlassian_admin", attempt, status, elapsed_ms = elapsed.as_millis() as u64, "response");
                        let retryable = status == 429 || (idempotent && matches!(status, 502..=504));
                        if !retryable {
                            return match self.read(resp).await {
                                // A 2xx whose body is not JSON (cut off by a proxy, garbled) is
                                // a server fault: an idempotent request is simply asked again.
                                Ok(r) if idempotent && r.status().is_success() && !is_json_or_empty(&r) => {
                                    tracing::debug!(target: "atlassian_admin", attempt, "body is not JSON");
                                    let d = self.retry.backoff(attempt);
                                    if elapsed + d > self.retry.max_elapsed || attempt + 1 >= self.retry.max_attempts {
                                        return Ok(r);
                                    }
                                    tokio::time::sleep(d).await;
                                    continue;
                                }
                                Ok(r) => Ok(r),
                                Err(ReadError::TooLarge(s)) => Ok(too_large(s, self.max_body)),
                                Err(ReadError::Broken(e)) if idempotent => {
                                    tracing::debug!(target: "atlassian_admin", attempt, error = %e, "body broke off");
                                    let d = self.retry.backoff(attempt);
                                    if elapsed + d > self.retry.max_elapsed {
                                        return Err(e);
                                    }
                                    tokio::time::sleep(d).await;
                                    continue;
                                }
                                Err(ReadError::Broken(e)) => Err(e),
                            };
                        }
                        let hint = retry_hint(resp.headers());
                        let d = hint.unwrap_or_else(|| self.retry.backoff(attempt));
                        if elapsed + d > self.retry.max_elapsed {
                            return match self.read(resp).await {
                                Ok(r) => Ok(r),
                                Err(ReadError::TooLarge(s)) => Ok(too_large(s, self.max_body)),
                                Err(ReadError::Broken(e)) => Err(e),
                            };
                        }
                        if status == 429 {
                            self.pause_all(d);
                        }
                        d
                    }
                };
                tokio::time::sleep(delay).await;
            }
        }.instrument(span))
    }
}

#[cfg(test)]
mod tests {
    use super::retry_hint;
    use std::time::Duration;

    fn headers(pairs: &[(&str, String)]) -> http::HeaderMap {
        let mut h = http::HeaderMap::new();
        for (k, v) in pairs {
            h.insert(http::HeaderName::from_bytes(k.as_bytes()).unwrap(), http::HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn retry_after_seconds_and_http_dates() {
        assert_eq!(retry_hint(&headers(&[("retry-after", "7".into())])), Some(Duration::from_secs(7)));
        let in_30s = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(30));
        let d = retry_hint(&headers(&[("retry-after", in_30s)])).unwrap();
        assert!(d > Duration::from_secs(27) && d <= Duration::from_secs(30), "{d:?}");
        assert_eq!(retry_hint(&headers(&[("retry-after", "soon".into())])), None);
    }

    #[test]
    fn rate_limit_reset_with_and_without_seconds() {
        let at = chrono::Utc::now() + chrono::Duration::seconds(90);
        for text in [at.to_rfc3339(), at.format("%Y-%m-%dT%H:%M:%SZ").to_string(), at.format("%Y-%m-%dT%H:%MZ").to_string(), at.format("%Y-%m-%dT%H:%M:%S%.3f").to_string()] {
            let d = retry_hint(&headers(&[("x-ratelimit-reset", text.clone())])).unwrap_or_else(|| panic!("{text}"));
            assert!(d <= Duration::from_secs(91) && d >= Duration::from_secs(29), "{text}: {d:?}");
        }
        let past = (chrono::Utc::now() - chrono::Duration::seconds(5)).to_rfc3339();
        assert_eq!(retry_hint(&headers(&[("x-ratelimit-reset", past)])), Some(Duration::ZERO));
    }
}
