"""Type stub of the compiled extension (see src/client.rs).

Checked against the built module by ``python -m mypy.stubtest atlassian_admin._native``
(test.sh runs it).
"""

from typing import Any, Awaitable, List, Optional, Tuple, final

__all__ = ["NativeClient", "RESOURCES_JSON", "__version__"]

RESOURCES_JSON: str
__version__: str

_PageTuple = Tuple[str, Optional[str], Optional[int]]

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
    def page(self, family: str, operation_id: str, args: str, cursor: Optional[str] = None) -> _PageTuple: ...
    def page_async(self, family: str, operation_id: str, args: str, cursor: Optional[str] = None) -> Awaitable[_PageTuple]: ...
    def bulk(self, family: str, operation_id: str, items: str, concurrency: int = 16) -> List[Tuple[bool, Any]]: ...
    def bulk_async(
        self, family: str, operation_id: str, items: str, concurrency: int = 16
    ) -> Awaitable[List[Tuple[bool, Any]]]: ...
