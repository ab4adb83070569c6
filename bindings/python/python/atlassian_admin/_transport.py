"""The seam between the generated resource classes and ``_native``.

A transport turns Python arguments into JSON text for the native client and its answers back
into Python values; the resource classes only build argument dictionaries.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Iterable, List, Mapping, Optional

from ._native import NativeClient
from ._native import NativePager
from ._pager import AsyncPager, Pager
from .errors import AtlassianAdminError, InvalidArgumentError

__all__ = ["Transport", "AsyncTransport", "Outcome"]


@dataclass(frozen=True)
class Outcome:
    """The result of one item of a bulk run: a ``value`` or an ``error``."""

    value: Any = None
    error: Optional[AtlassianAdminError] = None

    @property
    def ok(self) -> bool:
        """True when the item succeeded."""
        return self.error is None

    def unwrap(self) -> Any:
        """The value, or raises the error."""
        if self.error is not None:
            raise self.error
        return self.value


def _dumps(value: Any, what: str) -> str:
    try:
        return json.dumps(value, allow_nan=False)
    except (TypeError, ValueError) as e:
        raise InvalidArgumentError(f"{what} cannot be sent as JSON: {e}") from e


def _outcomes(raw: List[Any]) -> List[Outcome]:
    return [Outcome(value=json.loads(v)) if ok else Outcome(error=v) for ok, v in raw]


class Transport:
    """Blocking calls through a :class:`NativeClient`."""

    __slots__ = ("native",)

    def __init__(self, native: NativeClient) -> None:
        self.native = native

    def call(self, family: str, operation_id: str, args: Mapping[str, Any]) -> Any:
        text = self.native.call(family, operation_id, _dumps(dict(args), operation_id))
        return json.loads(text)

    def pager(self, family: str, operation_id: str, args: Mapping[str, Any]) -> Pager[Any]:
        text = _dumps(dict(args), operation_id)
        native = self.native

        def open_(cursor: Optional[str], limit: Optional[int], prefetch: bool) -> NativePager:
            return native.pager(family, operation_id, text, cursor, limit, prefetch)

        return Pager[Any](open_)

    def bulk(self, family: str, operation_id: str, items: Iterable[Mapping[str, Any]], concurrency: int) -> List[Outcome]:
        text = _dumps([dict(i) for i in items], operation_id)
        return _outcomes(self.native.bulk(family, operation_id, text, concurrency))


class AsyncTransport:
    """Awaitable calls through a :class:`NativeClient`."""

    __slots__ = ("native",)

    def __init__(self, native: NativeClient) -> None:
        self.native = native

    async def call(self, family: str, operation_id: str, args: Mapping[str, Any]) -> Any:
        text = await self.native.call_async(family, operation_id, _dumps(dict(args), operation_id))
        return json.loads(text)

    def pager(self, family: str, operation_id: str, args: Mapping[str, Any]) -> AsyncPager[Any]:
        text = _dumps(dict(args), operation_id)
        native = self.native

        def open_(cursor: Optional[str], limit: Optional[int], prefetch: bool) -> NativePager:
            return native.pager(family, operation_id, text, cursor, limit, prefetch)

        return AsyncPager[Any](open_)

    async def bulk(self, family: str, operation_id: str, items: Iterable[Mapping[str, Any]], concurrency: int) -> List[Outcome]:
        text = _dumps([dict(i) for i in items], operation_id)
        return _outcomes(await self.native.bulk_async(family, operation_id, text, concurrency))
