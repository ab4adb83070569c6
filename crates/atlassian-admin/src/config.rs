//! Values that configure a client: the key, the retry policy, the client-side rate limit, and
//! every default. Setters never fail; every value is checked when the client is built, so a
//! zero, negative, NaN or absurd setting is an [`ErrorKind::InvalidArgument`](crate::ErrorKind)
//! from `build()`, never a panic or a hang later. The bindings read their defaults from here.

use crate::error::{Error, Result};
use std::fmt;
use std::time::Duration;

/// Every default of the client, defined once (the Python and Node packages read them from here).
pub mod defaults {
    use std::time::Duration;
    /// Timeout of each attempt.
    pub const TIMEOUT: Duration = Duration::from_secs(60);
    /// Connect timeout.
    pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
    /// Largest response body accepted.
    pub const MAX_RESPONSE_BYTES: usize = 64 << 20;
    /// Requests in flight in a bulk run.
    pub const BULK_CONCURRENCY: usize = 16;
    /// Total attempts of a request, the first included.
    pub const MAX_ATTEMPTS: u32 = 5;
    /// Base of the exponential backoff.
    pub const BASE_DELAY: Duration = Duration::from_millis(500);
    /// Longest single wait between attempts.
    pub const MAX_DELAY: Duration = Duration::from_secs(30);
    /// No new attempt starts after this much time since the first.
    pub const MAX_ELAPSED: Duration = Duration::from_secs(120);
    /// Consecutive empty pages (each with a fresh cursor) a listing follows before it fails.
    pub const MAX_EMPTY_PAGES: usize = 100;

    /// Worker threads of the tokio runtime the Python and Node bridges run the core on: one,
    /// unless `TOKIO_WORKER_THREADS` (tokio's own setting) names another whole number.
    ///
    /// The work on it is network I/O and JSON decoding, which one thread keeps up with (the
    /// caller's own thread consumes in parallel); a second worker is woken to look for work each
    /// time the first picks up a call, which costs a context switch per call and, measured on
    /// two cores, 20-50 µs of latency and CPU per small call (see `docs/benchmarks.md`).
    pub fn bridge_worker_threads() -> usize {
        std::env::var("TOKIO_WORKER_THREADS").ok().and_then(|v| v.trim().parse().ok()).filter(|&n: &usize| n > 0).unwrap_or(1)
    }
}

/// Bounds that make a setting absurd rather than merely unusual.
pub(crate) mod limits {
    use std::time::Duration;
    pub const DAY: Duration = Duration::from_secs(86_400);
    pub const MAX_ATTEMPTS: u32 = 100;
    pub const MAX_DELAY: Duration = Duration::from_secs(3_600);
    pub const MAX_REQUESTS: u32 = 1_000_000;
    pub const MAX_CONCURRENCY: usize = 10_000;
}

/// A number of seconds as a [`Duration`]: what the bindings pass on. Negative, NaN, infinite
/// and over-a-day values are an `InvalidArgument` naming `name`.
pub fn seconds(name: &str, secs: f64) -> Result<Duration> {
    match Duration::try_from_secs_f64(secs) {
        Ok(d) if d <= limits::DAY => Ok(d),
        _ => Err(Error::invalid_argument(format!("{name} must be a number of seconds from 0 to 86400, not {secs}"))),
    }
}

fn check_duration(name: &str, d: Duration, positive: bool, max: Duration) -> Result<()> {
    if (positive && d.is_zero()) || d > max {
        let low = if positive { "more than 0" } else { "0" };
        return Err(Error::invalid_argument(format!("{name} must be from {low} to {} seconds, not {d:?}", max.as_secs())));
    }
    Ok(())
}

/// A bulk run's concurrency: 1 to 10,000.
pub fn check_concurrency(n: usize) -> Result<usize> {
    if n == 0 || n > limits::MAX_CONCURRENCY {
        return Err(Error::invalid_argument(format!("concurrency must be from 1 to {}, not {n}", limits::MAX_CONCURRENCY)));
    }
    Ok(n)
}

/// An API key. Its value never appears in `Debug`, `Display`, errors or logs.
#[derive(Clone)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wraps a key. Keys with CR/LF or other control characters are rejected when the client is built.
    pub fn new(key: impl Into<String>) -> Self {
        ApiKey(key.into())
    }
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(****)")
    }
}

impl<S: Into<String>> From<S> for ApiKey {
    fn from(s: S) -> Self {
        ApiKey::new(s)
    }
}

/// When and how often to try a request again.
///
/// Retried: 429, 502, 503, 504 and connection failures; a request the server may have processed
/// (a POST or PATCH that is not a read-only query) is repeated only after a 429 or a failure
/// to connect. `Retry-After` (seconds or HTTP date) and `X-RateLimit-Reset` (ISO 8601) are
/// honoured; otherwise the delay is "full jitter": uniform in `0..=min(max_delay, base * 2^n)`.
///
/// Defaults ([`defaults`]): 5 attempts, 500 ms base delay, 30 s max delay, 120 s max elapsed.
/// Values are checked when the client is built: 1 to 100 attempts, delays up to an hour with the
/// base no longer than the max, a time budget from over 0 to a day.
///
/// ```
/// use atlassian_admin::RetryPolicy;
/// use std::time::Duration;
/// let patient = RetryPolicy::default().with_max_attempts(10).with_max_elapsed(Duration::from_secs(600));
/// assert_eq!(patient.max_attempts(), 10);
/// assert_eq!(RetryPolicy::disabled().max_attempts(), 1);
/// assert!(RetryPolicy::default().with_max_attempts(0).check().is_err());
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
    max_elapsed: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: defaults::MAX_ATTEMPTS,
            base_delay: defaults::BASE_DELAY,
            max_delay: defaults::MAX_DELAY,
            max_elapsed: defaults::MAX_ELAPSED,
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn disabled() -> Self {
        RetryPolicy { max_attempts: 1, ..Default::default() }
    }
    /// Sets the total number of attempts, the first included (1 to 100).
    pub fn with_max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = n;
        self
    }
    /// Sets the backoff base.
    pub fn with_base_delay(mut self, d: Duration) -> Self {
        self.base_delay = d;
        self
    }
    /// Sets the longest single wait.
    pub fn with_max_delay(mut self, d: Duration) -> Self {
        self.max_delay = d;
        self
    }
    /// Sets the overall time budget.
    pub fn with_max_elapsed(mut self, d: Duration) -> Self {
        self.max_elapsed = d;
        self
    }
    /// Total attempts, the first included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }
    /// Base of the exponential backoff.
    pub fn base_delay(&self) -> Duration {
        self.base_delay
    }
    /// Longest single wait.
    pub fn max_delay(&self) -> Duration {
        self.max_delay
    }
    /// The overall time budget.
    pub fn max_elapsed(&self) -> Duration {
        self.max_elapsed
    }

    /// Checks the values (the client builders call this).
    pub fn check(&self) -> Result<()> {
        if self.max_attempts == 0 || self.max_attempts > limits::MAX_ATTEMPTS {
            return Err(Error::invalid_argument(format!("retry.max_attempts must be from 1 to {}, not {}", limits::MAX_ATTEMPTS, self.max_attempts)));
        }
        check_duration("retry.base_delay", self.base_delay, false, limits::MAX_DELAY)?;
        check_duration("retry.max_delay", self.max_delay, false, limits::MAX_DELAY)?;
        check_duration("retry.max_elapsed", self.max_elapsed, true, limits::DAY)?;
        if self.base_delay > self.max_delay {
            return Err(Error::invalid_argument(format!("retry.base_delay ({:?}) must not exceed retry.max_delay ({:?})", self.base_delay, self.max_delay)));
        }
        Ok(())
    }

    /// The longest backoff before retry number `retry` (1-based), without server hints:
    /// `min(max_delay, base * 2^(retry-1))`.
    pub(crate) fn backoff_cap(&self, retry: u32) -> Duration {
        self.base_delay.saturating_mul(1u32 << retry.saturating_sub(1).min(20)).min(self.max_delay)
    }

    /// Uniform in `0..=cap`.
    pub(crate) fn jitter(cap: Duration) -> Duration {
        let nanos = cap.as_nanos().min(u64::MAX as u128) as u64;
        Duration::from_nanos(if nanos == 0 { 0 } else { rand::random_range(0..=nanos) })
    }
}

/// A client-side request budget: `requests` per `per`, with bursts of up to `burst`.
///
/// Checked when the client is built: 1 to 1,000,000 requests per period of more than 0 seconds
/// and at most a day; bursts from 1 to 1,000,000.
///
/// ```
/// let limit = atlassian_admin::RateLimit::per_second(10).with_burst(20);
/// assert_eq!((limit.requests(), limit.burst()), (10, 20));
/// assert!(atlassian_admin::RateLimit::per_second(0).check().is_err());
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct RateLimit {
    requests: u32,
    per: Duration,
    burst: u32,
}

impl RateLimit {
    /// `requests` per `per`, bursts of `requests`.
    pub fn new(requests: u32, per: Duration) -> Self {
        RateLimit { requests, per, burst: requests }
    }
    /// `n` requests per second, bursts of `n`.
    pub fn per_second(n: u32) -> Self {
        RateLimit::new(n, Duration::from_secs(1))
    }
    /// `n` requests per minute, bursts of `n / 60` (at least 1).
    pub fn per_minute(n: u32) -> Self {
        RateLimit { requests: n, per: Duration::from_secs(60), burst: (n / 60).max(1) }
    }
    /// Sets the burst size.
    pub fn with_burst(mut self, burst: u32) -> Self {
        self.burst = burst;
        self
    }
    /// Requests allowed per period.
    pub fn requests(&self) -> u32 {
        self.requests
    }
    /// The period.
    pub fn per(&self) -> Duration {
        self.per
    }
    /// Requests that may go out back to back.
    pub fn burst(&self) -> u32 {
        self.burst
    }
    /// Checks the values (the client builders call this).
    pub fn check(&self) -> Result<()> {
        if self.requests == 0 || self.requests > limits::MAX_REQUESTS {
            return Err(Error::invalid_argument(format!("rate_limit.requests must be from 1 to {}, not {}", limits::MAX_REQUESTS, self.requests)));
        }
        if self.burst == 0 || self.burst > limits::MAX_REQUESTS {
            return Err(Error::invalid_argument(format!("rate_limit.burst must be from 1 to {}, not {}", limits::MAX_REQUESTS, self.burst)));
        }
        check_duration("rate_limit.per", self.per, true, limits::DAY)
    }
    /// Requests per second (finite and positive once [`check`](Self::check) passed).
    pub(crate) fn rate_per_second(&self) -> f64 {
        self.requests as f64 / self.per.as_secs_f64()
    }
}

/// Checks the settings shared by both client builders.
pub(crate) fn check_timeouts(timeout: Duration, connect_timeout: Duration, max_response_bytes: usize) -> Result<()> {
    check_duration("timeout", timeout, true, limits::DAY)?;
    check_duration("connect_timeout", connect_timeout, true, limits::DAY)?;
    if max_response_bytes == 0 || max_response_bytes > (4usize << 30) {
        return Err(Error::invalid_argument(format!("max_response_bytes must be from 1 to 4 GiB, not {max_response_bytes}")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn absurd_settings_are_invalid_arguments() {
        let bad_retry = [
            RetryPolicy::default().with_max_attempts(0),
            RetryPolicy::default().with_max_attempts(101),
            RetryPolicy::default().with_base_delay(Duration::from_secs(7200)),
            RetryPolicy::default().with_max_delay(Duration::from_millis(100)), // below the base
            RetryPolicy::default().with_max_elapsed(Duration::ZERO),
            RetryPolicy::default().with_max_elapsed(Duration::from_secs(1_000_000)),
        ];
        for p in bad_retry {
            assert_eq!(p.check().unwrap_err().kind(), ErrorKind::InvalidArgument, "{p:?}");
        }
        assert!(RetryPolicy::default().check().is_ok() && RetryPolicy::disabled().check().is_ok());
        let bad_limits = [
            RateLimit::per_second(0),
            RateLimit::per_second(10).with_burst(0),
            RateLimit::new(10, Duration::ZERO),
            RateLimit::new(10, Duration::from_secs(200_000)),
            RateLimit::per_second(2_000_000),
        ];
        for l in bad_limits {
            assert_eq!(l.check().unwrap_err().kind(), ErrorKind::InvalidArgument, "{l:?}");
        }
        assert!(RateLimit::per_minute(10).check().is_ok());
        assert_eq!(RateLimit::per_minute(10).burst(), 1);
        for s in [-1.0, f64::NAN, f64::INFINITY, 1e12] {
            assert_eq!(seconds("timeout", s).unwrap_err().kind(), ErrorKind::InvalidArgument, "{s}");
        }
        assert_eq!(seconds("timeout", 1.5).unwrap(), Duration::from_millis(1500));
        assert!(check_concurrency(0).is_err() && check_concurrency(16).is_ok());
        assert!(check_timeouts(Duration::ZERO, defaults::CONNECT_TIMEOUT, 10).is_err());
        assert!(check_timeouts(defaults::TIMEOUT, defaults::CONNECT_TIMEOUT, 0).is_err());
    }
}
