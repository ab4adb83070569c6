"""The four clients: blocking and asyncio, organization (admin) and SCIM directory."""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Mapping, Optional

from ._config import RateLimit, RetryPolicy
from ._native import DEFAULTS, NativeClient
from ._pager import AsyncPager, Pager
from ._generated.resources import AdminResources, AsyncAdminResources, AsyncScimResources, ScimResources
from ._transport import AsyncTransport, Outcome, Transport
from ._workflows import AsyncWorkflows, Workflows

__all__ = ["AdminClient", "ScimClient", "AsyncAdminClient", "AsyncScimClient"]

SCIM_FAMILY = "user-provisioning"
DEFAULT_RETRY = RetryPolicy()


def _options(
    base_url: Optional[str],
    timeout: float,
    connect_timeout: float,
    retry: Optional[RetryPolicy],
    rate_limit: Optional[RateLimit],
    user_agent: Optional[str],
    max_response_bytes: Optional[int],
) -> Dict[str, Any]:
    return {
        "base_url": base_url,
        "timeout": timeout,
        "connect_timeout": connect_timeout,
        "user_agent": user_agent,
        "retry": retry,
        "rate_limit": rate_limit,
        "max_response_bytes": max_response_bytes,
    }


class _ClientMixin:
    _native: NativeClient

    def __repr__(self) -> str:
        # The native repr shows the base URL (and directory), never the key.
        return f"{type(self).__name__}<{self._native!r}>"

    def __reduce__(self) -> Any:
        raise TypeError(f"{type(self).__name__} cannot be pickled (it holds an API key)")


class AdminClient(_ClientMixin, AdminResources):
    """A blocking client for every admin API that takes an organization API key.

    ``timeout`` and ``connect_timeout`` are seconds per attempt; ``retry=None`` disables
    retries; ``base_url`` replaces ``https://api.atlassian.com`` (plain ``http`` only for
    loopback hosts, e.g. the offline mock). One client can be shared by many threads: calls
    release the GIL while they wait.
    """

    __slots__ = ("_native",)

    def __init__(
        self,
        api_key: str,
        *,
        base_url: Optional[str] = None,
        timeout: float = float(DEFAULTS["timeout"]),
        connect_timeout: float = float(DEFAULTS["connect_timeout"]),
        retry: Optional[RetryPolicy] = DEFAULT_RETRY,
        rate_limit: Optional[RateLimit] = None,
        user_agent: Optional[str] = None,
        max_response_bytes: Optional[int] = None,
    ) -> None:
        opts = _options(base_url, timeout, connect_timeout, retry, rate_limit, user_agent, max_response_bytes)
        self._native = NativeClient.admin(api_key, **opts)
        super().__init__(Transport(self._native), {})

    @property
    def workflows(self) -> Workflows:
        """The admin workflows: offboarding, the inactive-users report, exports, the event tail."""
        return Workflows(self._native)

    def call(self, family: str, operation_id: str, /, **params: Any) -> Any:
        """Sends any operation by family and operationId; parameters by spec name
        (``orgId``) or snake_case (``org_id``), the request body as ``body``."""
        return self._t.call(family, operation_id, params)

    def paginate(self, family: str, operation_id: str, /, **params: Any) -> Pager[Any]:
        """A lazy pager over any list operation, by family and operationId."""
        return self._t.pager(family, operation_id, params)

    def bulk(self, family: str, operation_id: str, items: Iterable[Mapping[str, Any]], concurrency: int = int(DEFAULTS["bulk_concurrency"])) -> List[Outcome]:
        """Runs one operation once per argument mapping in ``items``, at most ``concurrency``
        at a time; returns one :class:`Outcome` per item, in input order (never raises for
        a failed item)."""
        return self._t.bulk(family, operation_id, items, concurrency)

    def __enter__(self) -> "AdminClient":
        return self

    def __exit__(self, *exc: object) -> None:
        return None


class ScimClient(_ClientMixin, ScimResources):
    """A blocking client for one SCIM directory, with that directory's own API key.

    ``directoryId`` is filled in for every call. Other options as for :class:`AdminClient`.
    """

    __slots__ = ("_native",)

    def __init__(
        self,
        directory_id: str,
        api_key: str,
        *,
        base_url: Optional[str] = None,
        timeout: float = float(DEFAULTS["timeout"]),
        connect_timeout: float = float(DEFAULTS["connect_timeout"]),
        retry: Optional[RetryPolicy] = DEFAULT_RETRY,
        rate_limit: Optional[RateLimit] = None,
        user_agent: Optional[str] = None,
        max_response_bytes: Optional[int] = None,
    ) -> None:
        opts = _options(base_url, timeout, connect_timeout, retry, rate_limit, user_agent, max_response_bytes)
        self._native = NativeClient.scim(directory_id, api_key, **opts)
        super().__init__(Transport(self._native), {})

    @property
    def directory_id(self) -> str:
        """The directory this client provisions."""
        return self._native.directory_id or ""

    def call(self, operation_id: str, /, **params: Any) -> Any:
        """Sends any SCIM operation by operationId (``directoryId`` defaults to this client's)."""
        return self._t.call(SCIM_FAMILY, operation_id, params)

    def paginate(self, operation_id: str, /, **params: Any) -> Pager[Any]:
        """A lazy pager over a SCIM list operation."""
        return self._t.pager(SCIM_FAMILY, operation_id, params)

    def bulk(self, operation_id: str, items: Iterable[Mapping[str, Any]], concurrency: int = int(DEFAULTS["bulk_concurrency"])) -> List[Outcome]:
        """Runs one SCIM operation over many argument mappings (see :meth:`AdminClient.bulk`)."""
        return self._t.bulk(SCIM_FAMILY, operation_id, items, concurrency)

    def __enter__(self) -> "ScimClient":
        return self

    def __exit__(self, *exc: object) -> None:
        return None


class AsyncAdminClient(_ClientMixin, AsyncAdminResources):
    """The asyncio flavour of :class:`AdminClient`: methods are coroutines, listings are
    :class:`AsyncPager` objects for ``async for``."""

    __slots__ = ("_native",)

    def __init__(
        self,
        api_key: str,
        *,
        base_url: Optional[str] = None,
        timeout: float = float(DEFAULTS["timeout"]),
        connect_timeout: float = float(DEFAULTS["connect_timeout"]),
        retry: Optional[RetryPolicy] = DEFAULT_RETRY,
        rate_limit: Optional[RateLimit] = None,
        user_agent: Optional[str] = None,
        max_response_bytes: Optional[int] = None,
    ) -> None:
        opts = _options(base_url, timeout, connect_timeout, retry, rate_limit, user_agent, max_response_bytes)
        self._native = NativeClient.admin(api_key, **opts)
        super().__init__(AsyncTransport(self._native), {})

    @property
    def workflows(self) -> AsyncWorkflows:
        """The admin workflows (asyncio): offboarding, the inactive-users report, exports, the event tail."""
        return AsyncWorkflows(self._native)

    async def call(self, family: str, operation_id: str, /, **params: Any) -> Any:
        """Sends any operation by family and operationId (see :meth:`AdminClient.call`)."""
        return await self._t.call(family, operation_id, params)

    def paginate(self, family: str, operation_id: str, /, **params: Any) -> AsyncPager[Any]:
        """A lazy async pager over any list operation."""
        return self._t.pager(family, operation_id, params)

    async def bulk(self, family: str, operation_id: str, items: Iterable[Mapping[str, Any]], concurrency: int = int(DEFAULTS["bulk_concurrency"])) -> List[Outcome]:
        """Runs one operation over many argument mappings (see :meth:`AdminClient.bulk`)."""
        return await self._t.bulk(family, operation_id, items, concurrency)

    async def __aenter__(self) -> "AsyncAdminClient":
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None


class AsyncScimClient(_ClientMixin, AsyncScimResources):
    """The asyncio flavour of :class:`ScimClient`."""

    __slots__ = ("_native",)

    def __init__(
        self,
        directory_id: str,
        api_key: str,
        *,
        base_url: Optional[str] = None,
        timeout: float = float(DEFAULTS["timeout"]),
        connect_timeout: float = float(DEFAULTS["connect_timeout"]),
        retry: Optional[RetryPolicy] = DEFAULT_RETRY,
        rate_limit: Optional[RateLimit] = None,
        user_agent: Optional[str] = None,
        max_response_bytes: Optional[int] = None,
    ) -> None:
        opts = _options(base_url, timeout, connect_timeout, retry, rate_limit, user_agent, max_response_bytes)
        self._native = NativeClient.scim(directory_id, api_key, **opts)
        super().__init__(AsyncTransport(self._native), {})

    @property
    def directory_id(self) -> str:
        """The directory this client provisions."""
        return self._native.directory_id or ""

    async def call(self, operation_id: str, /, **params: Any) -> Any:
        """Sends any SCIM operation by operationId."""
        return await self._t.call(SCIM_FAMILY, operation_id, params)

    def paginate(self, operation_id: str, /, **params: Any) -> AsyncPager[Any]:
        """A lazy async pager over a SCIM list operation."""
        return self._t.pager(SCIM_FAMILY, operation_id, params)

    async def bulk(self, operation_id: str, items: Iterable[Mapping[str, Any]], concurrency: int = int(DEFAULTS["bulk_concurrency"])) -> List[Outcome]:
        """Runs one SCIM operation over many argument mappings."""
        return await self._t.bulk(SCIM_FAMILY, operation_id, items, concurrency)

    async def __aenter__(self) -> "AsyncScimClient":
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None
