"""Type stub of the compiled extension (see src/client.rs).

Checked against the built module by ``python -m mypy.stubtest atlassian_admin._native``
(test.sh runs it).
"""

from typing import Any, Awaitable, Dict, List, Optional, Protocol, Tuple, final

__all__ = ["NativeClient", "NativePager", "RESOURCES_JSON", "ERROR_KINDS", "DEFAULTS", "__version__", "_shutdown", "NativeItems"]

RESOURCES_JSON: str
ERROR_KINDS: List[str]
DEFAULTS: Dict[str, float]

def _shutdown() -> None: ...
__version__: str

_PageTuple = Tuple[List[Any], Optional[str], Optional[int]]

class _Retry(Protocol):
    max_attempts: int
    base_delay: float
    max_delay: float
    max_elapsed: float

class _RateLimit(Protocol):
    requests: int
    per: float
    burst: Optional[int]

@final
class NativePager:
    def next_page(self) -> Optional[_PageTuple]: ...
    def next_page_async(self) -> Awaitable[Optional[_PageTuple]]: ...
    def close(self) -> None: ...

@final
class NativeClient:
    @staticmethod
    def admin(
        api_key: str,
        *,
        base_url: Optional[str] = None,
        timeout: float = ...,
        connect_timeout: float = ...,
        user_agent: Optional[str] = None,
        retry: Optional[_Retry] = None,
        rate_limit: Optional[_RateLimit] = None,
        max_response_bytes: Optional[int] = None,
    ) -> NativeClient: ...
    @staticmethod
    def scim(
        directory_id: str,
        api_key: str,
        *,
        base_url: Optional[str] = None,
        timeout: float = ...,
        connect_timeout: float = ...,
        user_agent: Optional[str] = None,
        retry: Optional[_Retry] = None,
        rate_limit: Optional[_RateLimit] = None,
        max_response_bytes: Optional[int] = None,
    ) -> NativeClient: ...
    @property
    def kind(self) -> str: ...
    @property
    def directory_id(self) -> Optional[str]: ...
    def call(self, family: str, operation_id: str, args: str) -> str: ...
    def call_async(self, family: str, operation_id: str, args: str) -> Awaitable[str]: ...
    def pager(
        self,
        family: str,
        operation_id: str,
        args: str,
        cursor: Optional[str] = None,
        limit: Optional[int] = None,
        prefetch: bool = True,
    ) -> NativePager: ...
    def bulk(self, family: str, operation_id: str, items: str, concurrency: int = ...) -> List[Tuple[bool, Any]]: ...
    def bulk_async(
        self, family: str, operation_id: str, items: str, concurrency: int = ...
    ) -> Awaitable[List[Tuple[bool, Any]]]: ...

    def offboard(self, org_id: str, emails: List[str], dry_run: bool = ..., scim: Optional[NativeClient] = ..., concurrency: int = ...) -> str: ...
    def offboard_async(
        self, org_id: str, emails: List[str], dry_run: bool = ..., scim: Optional[NativeClient] = ..., concurrency: int = ...
    ) -> Awaitable[str]: ...
    def export(self, org_id: str, what: str) -> NativeItems: ...
    def inactive_users(self, org_id: str, days: int, concurrency: int = ...) -> NativeItems: ...
    def tail_events(
        self, org_id: str, from_: Optional[str] = ..., actions: List[str] = ..., follow: bool = ..., interval: float = ...
    ) -> NativeItems: ...
@final
class NativeItems:
    def next_batch(self, n: int = ...) -> Optional[str]: ...
    def next_batch_async(self, n: int = ...) -> Awaitable[Optional[str]]: ...
    def close(self) -> None: ...
