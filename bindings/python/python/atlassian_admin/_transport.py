"""The seam between the generated resource classes and ``_native``.

A transport turns Python arguments into JSON text for the native client and its answers back
into Python values; the resource classes only build argument dictionaries.
"""

from __future__ import annotations

import json
import operator
import sys
from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Mapping, Optional

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
    except (TypeError, ValueError, RecursionError) as e:  # RecursionError: nested too deeply
        raise InvalidArgumentError(f"{what} cannot be sent as JSON: {e}") from e


def _name(value: Any, what: str) -> str:
    """A family or operationId as the native client takes it (a string that is valid UTF-8)."""
    if not isinstance(value, str):
        raise InvalidArgumentError(f"{what} must be a string, not {type(value).__name__}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as e:  # a lone surrogate
        raise InvalidArgumentError(f"{what} is not valid text: {e}") from e
    return value


def _args(args: Mapping[str, Any], operation_id: str) -> str:
    return _dumps(dict(args), operation_id)


def _items(items: Iterable[Mapping[str, Any]], operation_id: str) -> str:
    """The argument mappings of a bulk run as one JSON array."""
    try:
        listed = list(items)
    except TypeError as e:
        raise InvalidArgumentError(f"{operation_id}: bulk items must be an iterable of argument mappings: {e}") from e
    out: List[Dict[str, Any]] = []
    for n, item in enumerate(listed):
        if not isinstance(item, Mapping):
            raise InvalidArgumentError(f"{operation_id}: bulk item {n} must be a mapping of arguments, not {type(item).__name__}")
        out.append(dict(item))
    return _dumps(out, operation_id)


def _concurrency(n: Any) -> int:
    """A whole number the native client can take; the range (from 1) is the core's rule, so a
    number below it goes over as 0, which the core refuses."""
    try:
        i = operator.index(n)
    except TypeError as e:
        raise InvalidArgumentError(f"concurrency must be a whole number, not {type(n).__name__}") from e
    return max(0, min(i, sys.maxsize))


def _outcomes(raw: List[Any]) -> List[Outcome]:
    return [Outcome(value=json.loads(v)) if ok else Outcome(error=v) for ok, v in raw]


class Transport:
    """Blocking calls through a :class:`NativeClient`."""

    __slots__ = ("native",)

    def __init__(self, native: NativeClient) -> None:
        self.native = native

    def call(self, family: str, operation_id: str, args: Mapping[str, Any]) -> Any:
        text = self.native.call(_name(family, "family"), _name(operation_id, "operation_id"), _args(args, operation_id))
        return json.loads(text)

    def pager(self, family: str, operation_id: str, args: Mapping[str, Any]) -> Pager[Any]:
        family, operation_id = _name(family, "family"), _name(operation_id, "operation_id")
        text = _args(args, operation_id)
        native = self.native

        def open_(cursor: Optional[str], limit: Optional[int], prefetch: bool) -> NativePager:
            return native.pager(family, operation_id, text, cursor, limit, prefetch)

        return Pager[Any](open_)

    def bulk(self, family: str, operation_id: str, items: Iterable[Mapping[str, Any]], concurrency: int) -> List[Outcome]:
        family, operation_id = _name(family, "family"), _name(operation_id, "operation_id")
        text = _items(items, operation_id)
        return _outcomes(self.native.bulk(family, operation_id, text, _concurrency(concurrency)))


class AsyncTransport:
    """Awaitable calls through a :class:`NativeClient`."""

    __slots__ = ("native",)

    def __init__(self, native: NativeClient) -> None:
        self.native = native

    async def call(self, family: str, operation_id: str, args: Mapping[str, Any]) -> Any:
        text = await self.native.call_async(_name(family, "family"), _name(operation_id, "operation_id"), _args(args, operation_id))
        return json.loads(text)

    def pager(self, family: str, operation_id: str, args: Mapping[str, Any]) -> AsyncPager[Any]:
        family, operation_id = _name(family, "family"), _name(operation_id, "operation_id")
        text = _args(args, operation_id)
        native = self.native

        def open_(cursor: Optional[str], limit: Optional[int], prefetch: bool) -> NativePager:
            return native.pager(family, operation_id, text, cursor, limit, prefetch)

        return AsyncPager[Any](open_)

    async def bulk(self, family: str, operation_id: str, items: Iterable[Mapping[str, Any]], concurrency: int) -> List[Outcome]:
        family, operation_id = _name(family, "family"), _name(operation_id, "operation_id")
        text = _items(items, operation_id)
        return _outcomes(await self.native.bulk_async(family, operation_id, text, _concurrency(concurrency)))
