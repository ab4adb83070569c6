"""Client settings: the retry policy and the client-side rate limit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple

__all__ = ["RetryPolicy", "RateLimit"]


@dataclass(frozen=True)
class RetryPolicy:
    """When and how often a request is tried again (durations in seconds).

    The core retries 429, 502, 503, 504 and connection failures, honours ``Retry-After``,
    and otherwise waits a random ("full jitter") delay of at most
    ``min(max_delay, base_delay * 2**n)``. Requests that may already have taken effect are
    only repeated after a 429 or a failure to connect.
    """

    max_attempts: int = 5
    """Total attempts, the first included (1 means no retries)."""
    base_delay: float = 0.5
    """Base of the exponential backoff."""
    max_delay: float = 30.0
    """Longest single wait."""
    max_elapsed: float = 120.0
    """No new attempt starts after this long since the first."""

    @classmethod
    def disabled(cls) -> "RetryPolicy":
        """A policy that never retries."""
        return cls(max_attempts=1)

    def _native(self) -> Tuple[int, float, float, float]:
        return (max(1, int(self.max_attempts)), float(self.base_delay), float(self.max_delay), float(self.max_elapsed))


@dataclass(frozen=True)
class RateLimit:
    """A client-side budget: ``requests`` per ``per`` seconds, in bursts of up to ``burst``."""

    requests: int
    per: float = 1.0
    burst: Optional[int] = None
    """Requests that may go out back to back (default: ``requests``)."""

    @classmethod
    def per_second(cls, n: int) -> "RateLimit":
        """``n`` requests per second, in bursts of ``n``."""
        return cls(requests=max(1, n), per=1.0, burst=max(1, n))

    @classmethod
    def per_minute(cls, n: int) -> "RateLimit":
        """``n`` requests per minute, in bursts of ``n // 60`` (at least 1)."""
        return cls(requests=max(1, n), per=60.0, burst=max(1, n // 60))

    def _native(self) -> Tuple[int, float, int]:
        burst = self.requests if self.burst is None else self.burst
        return (int(self.requests), float(self.per), max(1, int(burst)))
