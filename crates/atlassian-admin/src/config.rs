//! Values that configure a client: the key, the retry policy, the client-side rate limit.

use std::fmt;
use std::time::Duration;

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
/// Defaults: 5 attempts, 500 ms base delay, 30 s max delay, 120 s max elapsed.
///
/// ```
/// use atlassian_admin::RetryPolicy;
/// use std::time::Duration;
/// let patient = RetryPolicy::default().with_max_attempts(10).with_max_elapsed(Duration::from_secs(600));
/// assert_eq!(patient.max_attempts, 10);
/// assert_eq!(RetryPolicy::disabled().max_attempts, 1);
/// ```
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq)]
pub struct RetryPolicy {
    /// Total attempts, the first included (1 = no retries).
    pub max_attempts: u32,
    /// Base of the exponential backoff.
    pub base_delay: Duration,
    /// Longest single wait.
    pub max_delay: Duration,
    /// No new attempt starts after this much time since the first.
    pub max_elapsed: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            max_elapsed: Duration::from_secs(120),
        }
    }
}

impl RetryPolicy {
    /// Never retry.
    pub fn disabled() -> Self {
        RetryPolicy { max_attempts: 1, ..Default::default() }
    }
    /// Sets the total number of attempts (at least 1).
    pub fn with_max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = n.max(1);
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

    /// The backoff for retry number `retry` (1-based), without server hints.
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let exp = self.base_delay.saturating_mul(1u32 << retry.saturating_sub(1).min(20));
        let cap = exp.min(self.max_delay);
        let nanos = cap.as_nanos().min(u64::MAX as u128) as u64;
        Duration::from_nanos(if nanos == 0 { 0 } else { rand::random_range(0..=nanos) })
    }
}

/// A client-side request budget: `requests` per `per`, with bursts of up to `burst`.
///
/// ```
/// let limit = atlassian_admin::RateLimit::per_second(10).with_burst(20);
/// assert_eq!((limit.requests, limit.burst), (10, 20));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct RateLimit {
    /// Requests allowed per period.
    pub requests: u32,
    /// The period.
    pub per: Duration,
    /// Requests that may go out back to back.
    pub burst: u32,
}

impl RateLimit {
    /// `n` requests per second, bursts of `n`.
    pub fn per_second(n: u32) -> Self {
        RateLimit { requests: n.max(1), per: Duration::from_secs(1), burst: n.max(1) }
    }
    /// `n` requests per minute, bursts of `n / 60` (at least 1).
    pub fn per_minute(n: u32) -> Self {
        RateLimit { requests: n.max(1), per: Duration::from_secs(60), burst: (n / 60).max(1) }
    }
    /// Sets the burst size.
    pub fn with_burst(mut self, burst: u32) -> Self {
        self.burst = burst.max(1);
        self
    }
}
