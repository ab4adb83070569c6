//! Rate limiting, injected faults and latency, applied around every request.

use crate::errors::{self, Family};
use crate::{App, Config};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The kinds of injected failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    Error500,
    Error503,
    Reset,
    Malformed,
    Truncated,
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Fault RNG (seeded, drawn once per request in arrival order), rate-limit buckets and counters.
pub struct Faults {
    rng: Mutex<StdRng>,
    buckets: Mutex<HashMap<String, Bucket>>,
    counters: Counters,
}

/// What the server has seen since it started, served at `GET /_mock/stats`.
#[derive(Default)]
struct Counters {
    requests: AtomicU64,
    rate_limited: AtomicU64,
    faults: AtomicU64,
    writes_applied: AtomicU64,
}

/// A snapshot of the mock's counters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    /// Every request, the refused ones included (`/_mock/stats` itself excluded).
    pub requests: u64,
    /// Requests answered 429 by the rate limit.
    pub rate_limited: u64,
    /// Requests answered with an injected fault (500, 503, malformed, truncated or reset).
    pub faults: u64,
    /// Requests that changed the state and answered 2xx, including those whose answer was then
    /// broken off by a fault (the client may not know they took effect). Searches sent as POST
    /// are not writes.
    pub writes_applied: u64,
}

impl Faults {
    pub fn new(cfg: &Config) -> Faults {
        Faults { rng: Mutex::new(StdRng::seed_from_u64(cfg.seed ^ 0x5eed_fa17)), buckets: Mutex::new(HashMap::new()), counters: Counters::default() }
    }

    /// The counters now.
    pub fn stats(&self) -> Stats {
        let c = &self.counters;
        let get = |a: &AtomicU64| a.load(Ordering::Relaxed);
        Stats { requests: get(&c.requests), rate_limited: get(&c.rate_limited), faults: get(&c.faults), writes_applied: get(&c.writes_applied) }
    }

    /// Draw the fault (if any) for the next request.
    fn draw(&self, cfg: &Config) -> Option<Fault> {
        let rates = [
            (cfg.error_500_rate, Fault::Error500),
            (cfg.error_503_rate, Fault::Error503),
            (cfg.reset_rate, Fault::Reset),
            (cfg.malformed_rate, Fault::Malformed),
            (cfg.truncated_rate, Fault::Truncated),
        ];
        if rates.iter().all(|(r, _)| *r <= 0.0) {
            return None;
        }
        let x: f64 = self.rng.lock().unwrap_or_else(|e| e.into_inner()).random();
        let mut acc = 0.0;
        for (r, f) in rates {
            acc += r.max(0.0);
            if x < acc {
                return Some(f);
            }
        }
        None
    }

    /// Take a token for `key`; `Err(seconds until one is available)` when empty.
    fn take(&self, key: &str, rate: u32) -> Result<u32, f64> {
        let rate = f64::from(rate.max(1));
        let mut b = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        let bucket = b.entry(key.to_string()).or_insert(Bucket { tokens: rate, at: now });
        let elapsed = now.duration_since(bucket.at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * rate).min(rate);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(bucket.tokens.floor() as u32)
        } else {
            Err((1.0 - bucket.tokens) / rate)
        }
    }
}

fn set(resp: &mut Response, name: &'static str, value: String) {
    if let Ok(v) = HeaderValue::from_str(&value) {
        resp.headers_mut().insert(name, v);
    }
}

fn rate_limited(family: Family, limit: u32, wait: f64) -> Response {
    let secs = wait.ceil().max(1.0) as i64;
    let body = match family {
        Family::UserManagement => serde_json::json!({"key": "rateLimited"}),
        Family::Scim | Family::ScimAdmin => errors::body(family, 429, "tooMany", "Too many requests.", None),
        _ => errors::gateway_body(429, "Rate limit exceeded"),
    };
    let mut resp = errors::json_response(429, &body);
    let reset = chrono::Utc::now() + chrono::Duration::milliseconds((wait * 1000.0).ceil() as i64);
    set(&mut resp, "retry-after", secs.to_string());
    set(&mut resp, "x-ratelimit-limit", limit.to_string());
    set(&mut resp, "x-ratelimit-remaining", "0".into());
    set(&mut resp, "x-ratelimit-reset", reset.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    resp
}

tokio::task_local! {
    /// Set when the request's handler borrowed the state mutably.
    static MUTATED: std::cell::Cell<bool>;
}

/// Marks the current request as one that changed the state (see `StateGuard`).
pub(crate) fn mark_mutated() {
    let _ = MUTATED.try_with(|m| m.set(true));
}

/// Runs the handler, and reports whether it took the state mutably.
async fn run_marked(next: Next, req: Request) -> (Response, bool) {
    MUTATED
        .scope(std::cell::Cell::new(false), async move {
            let resp = next.run(req).await;
            (resp, MUTATED.try_with(|m| m.get()).unwrap_or(false))
        })
        .await
}

/// The mock's own path for its counters (not part of any Atlassian API).
pub const STATS_PATH: &str = "/_mock/stats";

/// Count the request, then apply latency, the rate limit and injected faults.
pub async fn middleware(State(app): State<App>, req: Request, next: Next) -> Response {
    let counters = &app.0.faults.counters;
    if req.uri().path() == STATS_PATH {
        return errors::json_response(200, &serde_json::to_value(app.0.faults.stats()).unwrap_or_default());
    }
    counters.requests.fetch_add(1, Ordering::Relaxed);
    let applied = |resp: &Response, mutated: bool| {
        if mutated && resp.status().is_success() {
            counters.writes_applied.fetch_add(1, Ordering::Relaxed);
        }
    };
    let cfg = app.config().clone();
    if cfg.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(cfg.latency_ms)).await;
    }
    let family = Family::of(req.uri().path()).unwrap_or(Family::Organization);
    let mut remaining = None;
    if let Some(limit) = cfg.rate_limit {
        let key = crate::auth::bearer(&req).unwrap_or_else(|| "anonymous".into());
        match app.0.faults.take(&key, limit) {
            Ok(r) => remaining = Some((limit, r)),
            Err(wait) => {
                counters.rate_limited.fetch_add(1, Ordering::Relaxed);
                return rate_limited(family, limit, wait);
            }
        }
    }
    let fault = app.0.faults.draw(&cfg);
    if fault.is_some() {
        counters.faults.fetch_add(1, Ordering::Relaxed);
    }
    let mut resp = match fault {
        Some(Fault::Error500) => errors::err(family, 500, "Injected internal server error."),
        Some(Fault::Error503) => {
            let mut r = errors::err(family, 503, "Injected service unavailable.");
            set(&mut r, "retry-after", "1".into());
            r
        }
        Some(Fault::Malformed) => {
            let mut r = Response::new(Body::from("<html><body>Bad gateway: upstream sent garbage</body></html>"));
            set(&mut r, "content-type", "application/json".into());
            r
        }
        Some(f @ (Fault::Reset | Fault::Truncated)) => {
            let (resp, mutated) = run_marked(next, req).await;
            applied(&resp, mutated);
            let (mut parts, body) = resp.into_parts();
            let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
            let mut full = bytes.to_vec();
            if full.len() < 4 {
                full = b"{\"data\": [\"padding so the body can be cut\"]}".to_vec();
                parts.status = axum::http::StatusCode::OK;
                parts.headers.insert("content-type", HeaderValue::from_static("application/json"));
            }
            let half = full[..full.len() / 2].to_vec();
            parts.headers.remove("content-length");
            if f == Fault::Truncated {
                Response::from_parts(parts, Body::from(half))
            } else {
                parts.status = axum::http::StatusCode::OK;
                let declared = full.len();
                let stream = futures_util::stream::iter(vec![
                    Ok::<_, std::io::Error>(bytes::Bytes::from(half)),
                    Err(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "injected connection reset")),
                ]);
                let mut r = Response::from_parts(parts, Body::from_stream(stream));
                set(&mut r, "content-length", declared.to_string());
                r
            }
        }
        None => {
            let (resp, mutated) = run_marked(next, req).await;
            applied(&resp, mutated);
            resp
        }
    };
    if let Some((limit, rem)) = remaining {
        set(&mut resp, "x-ratelimit-limit", limit.to_string());
        set(&mut resp, "x-ratelimit-remaining", rem.to_string());
    }
    resp
}
