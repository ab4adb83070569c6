//! The one place where requests go out: retries, the shared pause after a 429, the client-side
//! rate limit, the response size cap and logging. Installed into every generated client through
//! `atlassian_admin_raw::Executor`.
//!
//! The retry rule is a pure function, [`decide`]: what happened on one attempt in, "return" or
//! "wait and try again" out. [`Transport::execute`] only does the I/O around it.
//!
//! What the transport learns about one call (attempts, whether the request may have reached the
//! server, a local failure such as an oversized body, the raw body) travels back to the caller
//! through [`Stats`], a task-local the call scopes around its future: no fake HTTP statuses.

use crate::config::{RateLimit, RetryPolicy};
use atlassian_admin_raw::{BoxFuture, Executor};
use bytes::{Bytes, BytesMut};
use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Longest URL the transport sends (path and query); longer requests fail before sending.
pub(crate) const MAX_URL_BYTES: usize = 16 * 1024;

/// What the transport reports about one call.
#[derive(Default)]
pub(crate) struct Stats {
    /// The caller only reads the raw body (see [`observed_raw`]).
    raw_only: AtomicBool,
    attempts: AtomicU32,
    maybe_sent: AtomicBool,
    local: Mutex<Option<Local>>,
    body: Mutex<Option<Bytes>>,
}

/// A failure decided in this process, not by the server.
#[derive(Clone, Debug)]
pub(crate) enum Local {
    /// The body exceeded the size cap; `status` is what the server answered.
    TooLarge { status: u16, limit: usize },
    /// The request was refused before sending.
    Invalid(String),
}

impl Stats {
    pub(crate) fn attempts(&self) -> u32 {
        self.attempts.load(Ordering::Relaxed)
    }
    pub(crate) fn maybe_sent(&self) -> bool {
        self.maybe_sent.load(Ordering::Relaxed)
    }
    pub(crate) fn local(&self) -> Option<Local> {
        self.local.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
    /// The raw body of the final answer (already read in full by the transport).
    pub(crate) fn take_body(&self) -> Option<Bytes> {
        self.body.lock().unwrap_or_else(|e| e.into_inner()).take()
    }
}

tokio::task_local! {
    static STATS: Arc<Stats>;
    static DRY_RUN: Arc<Mutex<Option<Preview>>>;
}

/// A request rendered exactly as it would go out, and not sent (a dry run). The API key is not
/// part of it: authentication is added by the HTTP client when a request is really sent.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Preview {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The full URL, query included.
    pub url: String,
    /// The JSON body, if any (text that is not JSON is kept as a string).
    pub body: Option<serde_json::Value>,
}

/// Runs `fut` with every request it makes rendered into a [`Preview`] instead of sent; returns
/// the future's output and the last request it would have sent.
pub(crate) async fn dry_run<F: Future>(fut: F) -> (F::Output, Option<Preview>) {
    let slot = Arc::new(Mutex::new(None));
    let out = DRY_RUN.scope(slot.clone(), fut).await;
    let preview = slot.lock().unwrap_or_else(|e| e.into_inner()).take();
    (out, preview)
}

/// Runs `fut` with a fresh [`Stats`] the transport fills in, and returns both.
pub(crate) async fn observed<F: Future>(fut: F) -> (F::Output, Arc<Stats>) {
    let stats = Arc::new(Stats::default());
    let out = STATS.scope(stats.clone(), fut).await;
    (out, stats)
}

/// [`observed`] for a caller that reads only the raw body: the generated client is handed a
/// stand-in for a 2xx JSON body (`{}` or `[]`), so it does not decode the whole answer into its
/// types only for it to be thrown away. The real body is in [`Stats::take_body`].
pub(crate) async fn observed_raw<F: Future>(fut: F) -> (F::Output, Arc<Stats>) {
    let stats = Arc::new(Stats::default());
    stats.raw_only.store(true, Ordering::Relaxed);
    let out = STATS.scope(stats.clone(), fut).await;
    (out, stats)
}

/// The stand-in body of [`observed_raw`]: the smallest JSON of the same shape.
fn stand_in(body: &Bytes) -> Option<Bytes> {
    match body.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => Some(Bytes::from_static(b"{}")),
        Some(b'[') => Some(Bytes::from_static(b"[]")),
        _ => None,
    }
}

fn record(f: impl FnOnce(&Stats)) {
    let _ = STATS.try_with(|s| f(s));
}

/// Whether an operation may be sent again after the server may have processed it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Idempotency {
    /// GET, HEAD, PUT, DELETE, OPTIONS, and POSTs that only read (`repeat=safe` in resources.txt).
    Safe,
    /// A write that must not run twice: repeated only when it surely did not reach the server.
    Unsafe,
}

impl Idempotency {
    pub(crate) fn of(method: &http::Method, family: &str, operation_id: &str) -> Self {
        let safe =
            matches!(method.as_str(), "GET" | "HEAD" | "PUT" | "DELETE" | "OPTIONS") || crate::resources::READ_ONLY_WRITES.contains(&(family, operation_id));
        if safe {
            Idempotency::Safe
        } else {
            Idempotency::Unsafe
        }
    }
}

/// What one attempt came to.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Outcome {
    /// The server answered with `status`, the whole body read; `json` says whether that body is
    /// empty or well-formed JSON; `hint` is its `Retry-After` / `X-RateLimit-Reset`.
    Answered { status: u16, json: bool, hint: Option<Duration> },
    /// The connection could not be made: the request surely did not reach the server.
    ConnectFailed,
    /// Sending failed or timed out after the connection was made: it may have been processed.
    SendFailed,
    /// The server answered but the body broke off.
    BodyBroken,
    /// The body exceeded the size cap.
    TooLarge,
}

/// What to do after an attempt.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Decision {
    /// Hand this outcome to the caller.
    Return,
    /// Try again after `wait`; `pause_all` makes every request of the client wait too (a 429).
    Retry { wait: Wait, pause_all: bool },
}

/// How long to wait before the next attempt.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Wait {
    /// What the server asked for.
    Exactly(Duration),
    /// "Full jitter": uniform in `0..=cap`.
    Jitter(Duration),
}

impl Wait {
    fn least(self) -> Duration {
        match self {
            Wait::Exactly(d) => d,
            Wait::Jitter(_) => Duration::ZERO,
        }
    }
}

/// The retry rule, as a pure decision. `attempt` is 1-based; `elapsed` is the time since the
/// first attempt started.
///
/// - 429: always retried (the server did not process the request), after its hint; pauses the
///   whole client.
/// - 502, 503, 504, a broken body, a 2xx whose body is not JSON, a send failure after connecting:
///   retried only for [`Idempotency::Safe`] operations.
/// - A failure to connect: retried for every operation.
/// - Anything else (other statuses, a body over the cap): returned.
/// - Nothing is retried once `attempt` reaches the policy's attempts, or when the least wait
///   would end past its time budget.
pub(crate) fn decide(policy: &RetryPolicy, outcome: Outcome, attempt: u32, elapsed: Duration, idem: Idempotency) -> Decision {
    let safe = idem == Idempotency::Safe;
    let backoff = Wait::Jitter(policy.backoff_cap(attempt));
    let (retry, wait, pause_all) = match outcome {
        Outcome::Answered { status: 429, hint, .. } => (true, hint.map_or(backoff, Wait::Exactly), true),
        Outcome::Answered { status: 502..=504, hint, .. } => (safe, hint.map_or(backoff, Wait::Exactly), false),
        Outcome::Answered { status: 200..=299, json: false, .. } => (safe, backoff, false),
        Outcome::Answered { .. } | Outcome::TooLarge => (false, backoff, false),
        Outcome::ConnectFailed => (true, backoff, false),
        Outcome::SendFailed | Outcome::BodyBroken => (safe, backoff, false),
    };
    if !retry || attempt >= policy.max_attempts() || elapsed + wait.least() > policy.max_elapsed() {
        return Decision::Return;
    }
    Decision::Retry { wait, pause_all }
}

pub(crate) struct Transport {
    retry: RetryPolicy,
    limiter: Option<Mutex<Bucket>>,
    limit: Option<RateLimit>,
    pause_until: Mutex<Option<Instant>>,
    max_body: usize,
}

struct Bucket {
    tokens: f64,
    last: Instant,
}

/// A response read in full, or why it could not be.
enum Read {
    Whole(reqwest::Response, Bytes),
    TooLarge(u16),
    Broken(reqwest::Error),
}

impl Transport {
    /// `limit` and `retry` were checked when they were built (see `config.rs`).
    pub(crate) fn new(retry: RetryPolicy, limit: Option<RateLimit>, max_body: usize) -> Self {
        Transport {
            retry,
            limiter: limit.as_ref().map(|l| Mutex::new(Bucket { tokens: l.burst() as f64, last: Instant::now() })),
            limit,
            pause_until: Mutex::new(None),
            max_body,
        }
    }

    /// Waits for the shared pause (after a 429) and for a rate-limit token.
    async fn wait_turn(&self) {
        loop {
            let pause = *self.pause_until.lock().unwrap_or_else(|e| e.into_inner());
            match pause {
                Some(t) if t > Instant::now() => tokio::time::sleep_until(t.into()).await,
                _ => break,
            }
        }
        let (Some(bucket), Some(limit)) = (&self.limiter, &self.limit) else { return };
        let rate = limit.rate_per_second();
        loop {
            let wait = {
                let mut b = bucket.lock().unwrap_or_else(|e| e.into_inner());
                let now = Instant::now();
                b.tokens = (b.tokens + now.duration_since(b.last).as_secs_f64() * rate).min(limit.burst() as f64);
                b.last = now;
                if b.tokens >= 1.0 {
                    b.tokens -= 1.0;
                    return;
                }
                // `rate` is finite and positive (checked in `RateLimit`), so this is too.
                Duration::from_secs_f64(((1.0 - b.tokens) / rate).min(86_400.0))
            };
            tokio::time::sleep(wait).await;
        }
    }

    fn pause_all(&self, d: Duration) {
        let until = Instant::now() + d;
        let mut p = self.pause_until.lock().unwrap_or_else(|e| e.into_inner());
        if p.is_none_or(|t| t < until) {
            *p = Some(until);
        }
    }

    /// Reads the whole body (so a broken-off body can be retried), within the size cap: a
    /// declared length over the cap is refused before reading, a stream stops at the cap.
    async fn read(&self, mut resp: reqwest::Response) -> Read {
        let status = resp.status().as_u16();
        if resp.content_length().is_some_and(|n| n > self.max_body as u64) {
            return Read::TooLarge(status);
        }
        let mut buf = BytesMut::new();
        loop {
            match resp.chunk().await {
                Ok(Some(c)) => {
                    if buf.len() + c.len() > self.max_body {
                        return Read::TooLarge(status);
                    }
                    buf.extend_from_slice(&c);
                }
                Ok(None) => break,
                Err(e) => return Read::Broken(e),
            }
        }
        Read::Whole(resp, buf.freeze())
    }
}

/// Whether a body is empty or well-formed JSON.
fn is_json_or_empty(body: &[u8]) -> bool {
    body.iter().all(u8::is_ascii_whitespace) || serde_json::from_slice::<serde::de::IgnoredAny>(body).is_ok()
}

/// Rebuilds a response around a body already read.
fn rebuild(resp: &reqwest::Response, body: Bytes) -> reqwest::Response {
    let mut out = http::Response::new(body);
    *out.status_mut() = resp.status();
    *out.version_mut() = resp.version();
    *out.headers_mut() = resp.headers().clone();
    reqwest::Response::from(out)
}

/// The answer the generated client sees after a local failure: the server's status (or 400 for a
/// request refused before sending) and no body. The caller reads the real reason from [`Stats`].
fn local_answer(status: u16, local: Local) -> reqwest::Response {
    record(|s| *s.local.lock().unwrap_or_else(|e| e.into_inner()) = Some(local));
    let mut out = http::Response::new(Bytes::new());
    *out.status_mut() = reqwest::StatusCode::from_u16(status).unwrap_or(reqwest::StatusCode::BAD_REQUEST);
    reqwest::Response::from(out)
}

/// How long the server asked us to wait: `Retry-After` (seconds or HTTP date), else
/// `X-RateLimit-Reset` (ISO 8601, with or without seconds). Capped at a day.
pub(crate) fn retry_hint(headers: &http::HeaderMap) -> Option<Duration> {
    const DAY: Duration = Duration::from_secs(86_400);
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    if let Some(v) = get("retry-after") {
        // The standard form, digits only: any number of them, too many for a u64 meaning "long".
        if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
            return Some(v.parse::<u64>().map_or(DAY, Duration::from_secs).min(DAY));
        }
        if let Ok(secs) = v.parse::<f64>() {
            if secs.is_finite() && secs >= 0.0 {
                return Some(Duration::from_secs_f64(secs.min(86_400.0)));
            }
        }
        if let Ok(t) = httpdate::parse_http_date(v) {
            return Some(t.duration_since(std::time::SystemTime::now()).unwrap_or_default().min(DAY));
        }
    }
    let reset = get("x-ratelimit-reset")?;
    let parsed =
        chrono::DateTime::parse_from_rfc3339(reset).ok().or_else(|| chrono::DateTime::parse_from_str(reset, "%Y-%m-%dT%H:%M%#z").ok()).or_else(|| {
            chrono::NaiveDateTime::parse_from_str(reset, "%Y-%m-%dT%H:%M:%S%.f")
                .or_else(|_| chrono::NaiveDateTime::parse_from_str(reset, "%Y-%m-%dT%H:%M"))
                .ok()
                .map(|n| n.and_utc().fixed_offset())
        })?;
    let ms = parsed.timestamp_millis().saturating_sub(chrono::Utc::now().timestamp_millis());
    Some(Duration::from_millis(ms.max(0) as u64).min(DAY))
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
        Box::pin(
            async move {
                let url_len = request.url().as_str().len();
                if url_len > MAX_URL_BYTES {
                    let why = format!("the request URL is {url_len} bytes, over the {MAX_URL_BYTES}-byte limit (an identifier or parameter is too long)");
                    return Ok(local_answer(400, Local::Invalid(why)));
                }
                if let Ok(slot) = DRY_RUN.try_with(Arc::clone) {
                    let body = request
                        .body()
                        .and_then(|b| b.as_bytes())
                        .map(|b| serde_json::from_slice(b).unwrap_or_else(|_| serde_json::Value::String(String::from_utf8_lossy(b).into_owned())));
                    let preview = Preview { method: request.method().to_string(), url: request.url().to_string(), body };
                    *slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(preview);
                    return Ok(local_answer(400, Local::Invalid("dry run: the request was not sent".into())));
                }
                let idem = Idempotency::of(request.method(), family, operation_id);
                let start = Instant::now();
                let mut attempt = 0u32;
                let mut request = Some(request);
                loop {
                    attempt += 1;
                    self.wait_turn().await;
                    // Keep a copy for the next attempt; a body that cannot be replayed (a stream)
                    // makes this the last one.
                    let this = request.take().expect("a request for every attempt");
                    request = this.try_clone();
                    let replayable = request.is_some();
                    record(|s| {
                        s.attempts.store(attempt, Ordering::Relaxed);
                    });
                    let sent = client.execute(this).await;
                    let (outcome, result): (Outcome, reqwest::Result<reqwest::Response>) = match sent {
                        Err(e) => {
                            let never_sent = e.is_connect();
                            if !never_sent {
                                record(|s| s.maybe_sent.store(true, Ordering::Relaxed));
                            }
                            tracing::debug!(target: "atlassian_admin", attempt, error = %e, "transport error");
                            (if never_sent { Outcome::ConnectFailed } else { Outcome::SendFailed }, Err(e))
                        }
                        Ok(resp) => {
                            record(|s| s.maybe_sent.store(true, Ordering::Relaxed));
                            let status = resp.status().as_u16();
                            let hint = retry_hint(resp.headers());
                            tracing::debug!(target: "atlassian_admin", attempt, status, elapsed_ms = start.elapsed().as_millis() as u64, "response");
                            match self.read(resp).await {
                                Read::Whole(resp, body) => {
                                    let json = is_json_or_empty(&body);
                                    let raw_only = STATS.try_with(|s| s.raw_only.load(Ordering::Relaxed)).unwrap_or(false);
                                    let given = if raw_only && (200..300).contains(&status) { stand_in(&body) } else { None };
                                    let given = given.unwrap_or_else(|| body.clone());
                                    record(|s| *s.body.lock().unwrap_or_else(|e| e.into_inner()) = Some(body));
                                    (Outcome::Answered { status, json, hint }, Ok(rebuild(&resp, given)))
                                }
                                Read::TooLarge(status) => (Outcome::TooLarge, Ok(local_answer(status, Local::TooLarge { status, limit: self.max_body }))),
                                Read::Broken(e) => {
                                    tracing::debug!(target: "atlassian_admin", attempt, error = %e, "body broke off");
                                    (Outcome::BodyBroken, Err(e))
                                }
                            }
                        }
                    };
                    let decision = if replayable { decide(&self.retry, outcome, attempt, start.elapsed(), idem) } else { Decision::Return };
                    match decision {
                        Decision::Return => return result,
                        Decision::Retry { wait, pause_all } => {
                            let budget = self.retry.max_elapsed().saturating_sub(start.elapsed());
                            let d = match wait {
                                Wait::Exactly(d) => d,
                                Wait::Jitter(cap) => RetryPolicy::jitter(cap),
                            }
                            .min(budget);
                            if pause_all {
                                self.pause_all(d);
                            }
                            tracing::debug!(target: "atlassian_admin", attempt, wait_ms = d.as_millis() as u64, "retrying");
                            tokio::time::sleep(d).await;
                        }
                    }
                }
            }
            .instrument(span),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(retry_hint(&headers(&[("retry-after", "1e300".into())])), Some(Duration::from_secs(86_400)));
    }

    #[test]
    fn rate_limit_reset_with_and_without_seconds() {
        let at = chrono::Utc::now() + chrono::Duration::seconds(90);
        for text in [
            at.to_rfc3339(),
            at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            at.format("%Y-%m-%dT%H:%MZ").to_string(),
            at.format("%Y-%m-%dT%H:%M:%S%.3f").to_string(),
        ] {
            let d = retry_hint(&headers(&[("x-ratelimit-reset", text.clone())])).unwrap_or_else(|| panic!("{text}"));
            assert!(d <= Duration::from_secs(91) && d >= Duration::from_secs(29), "{text}: {d:?}");
        }
        let past = (chrono::Utc::now() - chrono::Duration::seconds(5)).to_rfc3339();
        assert_eq!(retry_hint(&headers(&[("x-ratelimit-reset", past)])), Some(Duration::ZERO));
    }

    /// Every status class, connection failure, broken body and method class.
    #[test]
    fn decision_table() {
        use Idempotency::{Safe, Unsafe};
        let p = RetryPolicy::default(); // 5 attempts, 500 ms base, 120 s budget
        let s = Duration::from_secs;
        let ans = |status, json, hint| Outcome::Answered { status, json, hint };
        let jitter = |attempt| Wait::Jitter(p.backoff_cap(attempt));
        let retry = |wait| Decision::Retry { wait, pause_all: false };
        #[rustfmt::skip]
        let table: Vec<(Outcome, Idempotency, Decision)> = vec![
            // success and client errors are final
            (ans(200, true, None), Safe, Decision::Return),
            (ans(201, true, None), Unsafe, Decision::Return),
            (ans(204, true, None), Unsafe, Decision::Return),
            (ans(301, true, None), Safe, Decision::Return),
            (ans(400, true, None), Safe, Decision::Return),
            (ans(401, true, None), Safe, Decision::Return),
            (ans(403, true, None), Safe, Decision::Return),
            (ans(404, true, None), Safe, Decision::Return),
            (ans(409, true, None), Unsafe, Decision::Return),
            // 429: never processed, so every method is retried, and the whole client pauses
            (ans(429, true, None), Safe, Decision::Retry { wait: jitter(1), pause_all: true }),
            (ans(429, true, Some(s(3))), Unsafe, Decision::Retry { wait: Wait::Exactly(s(3)), pause_all: true }),
            // 5xx: only operations safe to repeat; 500 is not a transient status
            (ans(500, true, None), Safe, Decision::Return),
            (ans(502, true, None), Safe, retry(jitter(1))),
            (ans(503, true, Some(s(2))), Safe, retry(Wait::Exactly(s(2)))),
            (ans(504, true, None), Safe, retry(jitter(1))),
            (ans(503, true, None), Unsafe, Decision::Return),
            (ans(599, true, None), Safe, Decision::Return),
            // a 2xx whose body is not JSON is a fault on the way
            (ans(200, false, None), Safe, retry(jitter(1))),
            (ans(200, false, None), Unsafe, Decision::Return),
            (ans(404, false, None), Safe, Decision::Return),
            // connection failures: never sent, so always retried; after connecting, only if safe
            (Outcome::ConnectFailed, Unsafe, retry(jitter(1))),
            (Outcome::SendFailed, Safe, retry(jitter(1))),
            (Outcome::SendFailed, Unsafe, Decision::Return),
            (Outcome::BodyBroken, Safe, retry(jitter(1))),
            (Outcome::BodyBroken, Unsafe, Decision::Return),
            (Outcome::TooLarge, Safe, Decision::Return),
        ];
        for (outcome, idem, want) in table {
            assert_eq!(decide(&p, outcome, 1, Duration::ZERO, idem), want, "{outcome:?} {idem:?}");
        }
        // Limits: the last attempt, and a wait that would end past the budget.
        assert_eq!(decide(&p, ans(503, true, None), 5, Duration::ZERO, Safe), Decision::Return);
        assert_eq!(decide(&p, ans(503, true, None), 4, Duration::ZERO, Safe), retry(jitter(4)));
        assert_eq!(decide(&p, ans(429, true, Some(s(30))), 1, s(100), Safe), Decision::Return);
        assert_eq!(decide(&p, ans(429, true, Some(s(30))), 1, s(80), Safe), Decision::Retry { wait: Wait::Exactly(s(30)), pause_all: true });
        assert_eq!(decide(&p, Outcome::ConnectFailed, 1, s(121), Unsafe), Decision::Return);
        let once = RetryPolicy::disabled();
        assert_eq!(decide(&once, ans(429, true, None), 1, Duration::ZERO, Safe), Decision::Return);
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let p = RetryPolicy::default();
        assert_eq!(p.backoff_cap(1), Duration::from_millis(500));
        assert_eq!(p.backoff_cap(2), Duration::from_secs(1));
        assert_eq!(p.backoff_cap(4), Duration::from_secs(4));
        assert_eq!(p.backoff_cap(40), Duration::from_secs(30));
        for _ in 0..100 {
            assert!(RetryPolicy::jitter(Duration::from_millis(10)) <= Duration::from_millis(10));
        }
    }

    #[test]
    fn idempotency_comes_from_the_method_and_the_resource_map() {
        let of = |m: &http::Method, op| Idempotency::of(m, "organization", op);
        assert_eq!(of(&http::Method::GET, "getOrgs"), Idempotency::Safe);
        assert_eq!(of(&http::Method::DELETE, "deleteGroup"), Idempotency::Safe);
        assert_eq!(of(&http::Method::POST, "searchDirectoryUsers"), Idempotency::Safe);
        assert_eq!(of(&http::Method::POST, "createGroup"), Idempotency::Unsafe);
        assert_eq!(Idempotency::of(&http::Method::POST, "user-provisioning", "getScimLinksByEmail"), Idempotency::Safe);
        assert_eq!(Idempotency::of(&http::Method::PATCH, "user-provisioning", "patchUser"), Idempotency::Unsafe);
    }
}

/// Property tests of [`retry_hint`].
#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;
    use std::time::SystemTime;

    const DAY: Duration = Duration::from_secs(86_400);

    fn one(name: &str, value: &[u8]) -> Option<http::HeaderMap> {
        let v = http::HeaderValue::from_bytes(value).ok()?;
        let mut h = http::HeaderMap::new();
        h.insert(http::HeaderName::from_bytes(name.as_bytes()).unwrap(), v);
        Some(h)
    }

    fn hint(name: &str, value: &str) -> Option<Duration> {
        retry_hint(&one(name, value.as_bytes()).expect("a valid header value"))
    }

    /// Header text that looks like a number or a date half the time.
    fn header_text() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            prop::collection::vec(any::<u8>(), 0..64),
            "[ -~]{0,40}".prop_map(String::into_bytes),
            "[-+]?[0-9]{0,30}(\\.[0-9]{0,10})?([eE][-+]?[0-9]{1,4})?".prop_map(String::into_bytes),
            "(inf|-inf|NaN|infinity|-0|0x10|1_000| 5 )".prop_map(String::into_bytes),
            "[0-9]{1,6}-[0-9]{1,2}-[0-9]{1,2}T[0-9]{1,2}:[0-9]{1,2}(:[0-9]{1,2}(\\.[0-9]{1,9})?)?(Z|[-+][0-9]{2}:?[0-9]{2})?".prop_map(String::into_bytes),
            "(Mon|Sun), [0-9]{1,2} (Jan|Feb|Dec) [0-9]{1,5} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT".prop_map(String::into_bytes),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn any_header_text_gives_at_most_a_day(after in header_text(), reset in header_text(), which in 0u8..3) {
            let mut h = http::HeaderMap::new();
            if which != 1 {
                if let Ok(v) = http::HeaderValue::from_bytes(&after) {
                    h.insert("retry-after", v);
                }
            }
            if which != 0 {
                if let Ok(v) = http::HeaderValue::from_bytes(&reset) {
                    h.insert("x-ratelimit-reset", v);
                }
            }
            if let Some(d) = retry_hint(&h) {
                prop_assert!(d <= DAY, "{:?} from {:?}", d, h);
            }
        }

        #[test]
        fn whole_seconds_are_taken_as_they_are(secs in any::<u64>(), pad in "[ \t]{0,2}") {
            let want = Duration::from_secs(secs).min(DAY);
            prop_assert_eq!(hint("retry-after", &format!("{pad}{secs}{pad}")), Some(want));
        }

        #[test]
        fn fractional_seconds_round_trip(millis in 0u64..200_000_000) {
            let text = format!("{}.{:03}", millis / 1000, millis % 1000);
            let d = hint("retry-after", &text).unwrap();
            let want = Duration::from_millis(millis).min(DAY);
            prop_assert!(d.abs_diff(want) < Duration::from_micros(10), "{} gave {:?}", text, d);
        }

        #[test]
        fn huge_and_negative_numbers_are_capped_or_refused(digits in "[1-9][0-9]{20,400}", negative in "-0*[1-9][0-9]{0,29}(\\.[0-9]+)?") {
            // Digits past what a float holds (over 309 of them) are still "longer than a day".
            prop_assert_eq!(hint("retry-after", &digits), Some(DAY));
            prop_assert_eq!(hint("retry-after", &negative), None);
            // Negative zero is still zero.
            prop_assert_eq!(hint("retry-after", "-0"), Some(Duration::ZERO));
        }

        #[test]
        fn http_dates_give_the_time_until_then(ahead in 0u64..(3 * 86_400), behind in 1u64..(50 * 365 * 86_400)) {
            let when = SystemTime::now() + Duration::from_secs(ahead);
            let d = hint("retry-after", &httpdate::fmt_http_date(when)).unwrap();
            let want = Duration::from_secs(ahead).min(DAY);
            // HTTP dates have whole seconds, and a little time passes while the test runs.
            prop_assert!(d <= want && want - d <= Duration::from_secs(3), "{}s ahead gave {:?}", ahead, d);
            let past = SystemTime::now() - Duration::from_secs(behind);
            prop_assert_eq!(hint("retry-after", &httpdate::fmt_http_date(past)), Some(Duration::ZERO));
        }

        #[test]
        fn rate_limit_resets_give_the_time_until_then(ahead in -(400 * 86_400i64)..(3 * 86_400), style in 0usize..4, offset_hours in -12i32..=12) {
            let at = chrono::Utc::now() + chrono::Duration::seconds(ahead);
            let zone = chrono::FixedOffset::east_opt(offset_hours * 3600).unwrap();
            let text = match style {
                0 => at.with_timezone(&zone).to_rfc3339(),
                1 => at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                2 => at.with_timezone(&zone).format("%Y-%m-%dT%H:%M%:z").to_string(),
                _ => at.format("%Y-%m-%dT%H:%M:%S%.3f").to_string(), // no zone: UTC
            };
            let d = hint("x-ratelimit-reset", &text).unwrap_or_else(|| panic!("{text} does not parse"));
            // Without seconds the time is truncated to the minute.
            let slack = if style == 2 { 62 } else { 3 };
            let want = Duration::from_secs(ahead.max(0) as u64).min(DAY);
            prop_assert!(d <= want + Duration::from_secs(1) && want.saturating_sub(d) <= Duration::from_secs(slack), "{} gave {:?}, want {:?}", text, d, want);
        }

        #[test]
        fn retry_after_wins_when_it_parses(secs in 0u64..100_000, ahead in 0i64..86_400) {
            let mut h = one("retry-after", secs.to_string().as_bytes()).unwrap();
            let reset = (chrono::Utc::now() + chrono::Duration::seconds(ahead)).to_rfc3339();
            h.insert("x-ratelimit-reset", http::HeaderValue::from_str(&reset).unwrap());
            prop_assert_eq!(retry_hint(&h), Some(Duration::from_secs(secs).min(DAY)));
            h.insert("retry-after", http::HeaderValue::from_static("later"));
            let d = retry_hint(&h).unwrap();
            prop_assert!(d <= Duration::from_secs(ahead as u64) + Duration::from_secs(1));
        }
    }
}
