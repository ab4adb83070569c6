"""Client settings: the retry policy and the client-side rate limit.

Plain values: the defaults are the Rust core's (``_native.DEFAULTS``), and the core checks every
value when a client is built (zero, negative, NaN or absurd settings raise
:class:`~atlassian_admin.InvalidArgumentError`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ._native import DEFAULTS

__all__ = ["RetryPolicy", "RateLimit"]


@dataclass(frozen=True)
class RetryPolicy:
    """When and how often a request is tried again (durations in seconds).

    The core retries 429, 502, 503, 504 and connection failures, honours ``Retry-After``,
    and otherwise waits a random ("full jitter") delay of at most
    ``min(max_delay, base_delay * 2**n)``. Requests that may already have taken effect are
    only repeated after a 429 or a failure to connect.
    """

    max_attempts: int = int(DEFAULTS["max_attempts"])
    """Total attempts, the first included (1 means no retries)."""
    base_delay: float = float(DEFAULTS["base_delay"])
    """Base of the exponential backoff."""
    max_delay: float = float(DEFAULTS["max_delay"])
    """Longest single wait."""
    max_elapsed: float = float(DEFAULTS["max_elapsed"])
    """No new attempt starts after this long since the first."""

    @classmethod
    def disabled(cls) -> "RetryPolicy":
        """A policy that never retries."""
        return cls(max_attempts=1)



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
        return cls(requests=n, per=1.0, burst=n)

    @classmethod
    def per_minute(cls, n: int) -> "RateLimit":
        """``n`` requests per minute, in bursts of ``n // 60`` (at least 1)."""
        return cls(requests=n, per=60.0, burst=max(1, n // 60))

