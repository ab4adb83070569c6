"""Type stub of the compiled extension (see src/client.rs).

Checked against the built module by ``python -m mypy.stubtest atlassian_admin._native``
(test.sh runs it).
"""

from typing import Any, Awaitable, List, Optional, Tuple, final

__all__ = ["NativeClient", "NativePager", "RESOURCES_JSON", "ERROR_KINDS", "DEFAULT_BULK_CONCURRENCY", "__version__"]

RESOURCES_JSON: str
ERROR_KINDS: List[str]
DEFAULT_BULK_CONCURRENCY: int
__version__: str

_PageTuple = Tuple[List[Any], Optional[str], Optional[int]]

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
        timeout: float = 60.0,
        connect_timeout: float = 10.0,
        user_agent: Optional[str] = None,
        retry: Optional[Tuple[int, float, float, float]] = None,
        rate_limit: Optional[Tuple[int, float, int]] = None,
        max_response_bytes: Optional[int] = None,
    ) -> NativeClient: ...
    @staticmethod
    def scim(
        directory_id: str,
        api_key: str,
        *,
        base_url: Optional[str] = None,
        timeout: float = 60.0,
        connect_timeout: float = 10.0,
        user_agent: Optional[str] = None,
        retry: Optional[Tuple[int, float, float, float]] = None,
        rate_limit: Optional[Tuple[int, float, int]] = None,
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
    def bulk(self, family: str, operation_id: str, items: str, concurrency: int = 16) -> List[Tuple[bool, Any]]: ...
    def bulk_async(
        self, family: str, operation_id: str, items: str, concurrency: int = 16
    ) -> Awaitable[List[Tuple[bool, Any]]]: ...
