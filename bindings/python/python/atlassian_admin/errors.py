"""The exceptions raised by every client.

All of them derive from :class:`AtlassianAdminError`. Failures that carry an answer from the
service (an HTTP status) are :class:`ApiError` subclasses, chosen by status; failures on the
way there or back are :class:`TransportError`, :class:`DecodeError` or
:class:`ResponseTooLargeError`; arguments rejected before anything was sent raise
:class:`InvalidArgumentError`.

Every exception keeps the details the Rust core reported as attributes and survives pickling.
"""

from __future__ import annotations

import builtins
from typing import Any, Dict, Optional, Type

__all__ = [
    "AtlassianAdminError",
    "ApiError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "RateLimitedError",
    "ServerError",
    "UnexpectedStatusError",
    "TransportError",
    "TimeoutError",
    "DecodeError",
    "ResponseTooLargeError",
    "InvalidArgumentError",
]


class AtlassianAdminError(Exception):
    """Base class of every error this package raises.

    Attributes (``None`` where they do not apply):

    - ``message``: what went wrong, in words;
    - ``kind``: the core's error kind in snake_case (``"not_found"``, ``"timeout"``, ...);
    - ``status``: the HTTP status, when the service answered;
    - ``code``: Atlassian's error code (``ADMIN-404-1``, a SCIM ``scimType``, ...);
    - ``request_id``: the trace ID the service returned, for support tickets;
    - ``retry_after``: seconds the service asked the caller to wait;
    - ``body``: the start of the response body (at most 2 KiB);
    - ``operation``: the operationId that failed;
    - ``retryable``: whether trying again later may succeed;
    - ``attempts``: how many times the request was sent (0: it never left the process);
    - ``maybe_sent``: whether it may have reached the server (so a write may have applied).
    """

    kind: str = "unknown"

    def __init__(
        self,
        text: str = "",
        *,
        message: Optional[str] = None,
        kind: Optional[str] = None,
        status: Optional[int] = None,
        code: Optional[str] = None,
        request_id: Optional[str] = None,
        retry_after: Optional[float] = None,
        body: Optional[str] = None,
        operation: Optional[str] = None,
        retryable: bool = False,
        attempts: int = 0,
        maybe_sent: bool = False,
    ) -> None:
        super().__init__(text)
        self.message: str = text if message is None else message
        if kind is not None:
            self.kind = kind
        self.status: Optional[int] = status
        self.code: Optional[str] = code
        self.request_id: Optional[str] = request_id
        self.retry_after: Optional[float] = retry_after
        self.body: Optional[str] = body
        self.operation: Optional[str] = operation
        self.retryable: bool = retryable
        self.attempts: int = attempts
        self.maybe_sent: bool = maybe_sent

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else self.message

    def __reduce__(self) -> Any:
        # Rebuild from the text and restore every attribute (OSError-derived classes such as
        # TimeoutError would otherwise lose them).
        return (self.__class__, (str(self),), dict(self.__dict__))


class ApiError(AtlassianAdminError):
    """The service answered with an error status (see ``status``, ``code``, ``body``)."""


class BadRequestError(ApiError):
    """400 or 422: the service rejected the request as malformed."""


class AuthenticationError(ApiError):
    """401: the key is missing, wrong or expired."""


class PermissionDeniedError(ApiError):
    """402 or 403: the key may not do this, or the plan does not include it."""


class NotFoundError(ApiError):
    """404 or 410: no such resource."""


class ConflictError(ApiError):
    """409: the request conflicts with the resource's state (a duplicate SCIM user, ...)."""


class RateLimitedError(ApiError):
    """429 after every retry the policy allowed; ``retry_after`` says how long to wait."""


class ServerError(ApiError):
    """5xx after every retry the policy allowed."""


class UnexpectedStatusError(ApiError):
    """A status none of the other classes covers."""


class TransportError(AtlassianAdminError):
    """The connection failed or broke off before a complete answer arrived."""


class TimeoutError(TransportError, builtins.TimeoutError):
    """The request took longer than the client's ``timeout`` (also a builtin ``TimeoutError``)."""

    def __init__(self, text: str = "", **details: Any) -> None:
        TransportError.__init__(self, text, **details)


class DecodeError(AtlassianAdminError):
    """The response body was not what the operation returns (not JSON, cut short, ...)."""


class ResponseTooLargeError(AtlassianAdminError):
    """The response body exceeded the client's ``max_response_bytes`` (refused without reading
    it whole). A kind of its own in the core, beside ``decode``: not a :class:`DecodeError`."""


class InvalidArgumentError(AtlassianAdminError, ValueError):
    """An argument was rejected before anything was sent (also a ``ValueError``)."""


# The one table from the core's error kinds to classes.
_BY_KIND: Dict[str, Type[AtlassianAdminError]] = {
    "invalid_argument": InvalidArgumentError,
    "bad_request": BadRequestError,
    "unauthorized": AuthenticationError,
    "forbidden": PermissionDeniedError,
    "not_found": NotFoundError,
    "conflict": ConflictError,
    "rate_limited": RateLimitedError,
    "server": ServerError,
    "unexpected_status": UnexpectedStatusError,
    "transport": TransportError,
    "timeout": TimeoutError,
    "decode": DecodeError,
    "response_too_large": ResponseTooLargeError,
}

# Each class's default ``kind``: what an exception raised by this package's Python code (an
# argument it rejects itself) reports, the same as the core's would.
for _kind, _cls in _BY_KIND.items():
    _cls.kind = _kind
del _kind, _cls


def _from_native(text: str, *, kind: str, **details: Any) -> AtlassianAdminError:
    """Builds the exception for an error of the Rust core (called by ``_native``)."""
    cls = _BY_KIND.get(kind)
    if cls is None:
        cls = ApiError if details.get("status") is not None else AtlassianAdminError
    return cls(text, kind=kind, **details)
