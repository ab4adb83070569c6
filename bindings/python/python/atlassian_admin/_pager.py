"""Lazy pagers over list operations.

A pager wraps the Rust core's paginator (``_native.NativePager``): the core decides every stop
rule (the last page, a repeated cursor, empty pages mid-listing, the item limit, a caught-up
poll) and fetches the next page while the current one is consumed. These classes only speak
Python's iterator protocols. Only the current page (and the one fetched ahead) is in memory;
leaving a loop early cancels the fetch ahead.
"""

from __future__ import annotations

import operator
import sys
from dataclasses import dataclass, field
from typing import Any, AsyncIterator, Callable, Generic, Iterator, List, Optional, Protocol, Tuple, TypeVar

from .errors import InvalidArgumentError

__all__ = ["Page", "Pager", "AsyncPager"]

T = TypeVar("T")


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a listing: its items, the cursor of the next page and the total, if known."""

    items: List[T] = field(default_factory=list)
    next_cursor: Optional[str] = None
    total: Optional[int] = None


_PageTuple = Tuple[List[Any], Optional[str], Optional[int]]


class _NativePager(Protocol):
    def next_page(self) -> Optional[_PageTuple]: ...
    def next_page_async(self) -> Any: ...
    def close(self) -> None: ...


# Opens the core paginator: (starting cursor, item limit, prefetch) -> native pager.
OpenPager = Callable[[Optional[str], Optional[int], bool], _NativePager]


def _limit(n: Any) -> int:
    """An item limit as the core takes it: a whole number from 0 (capped at ``sys.maxsize``)."""
    try:
        i = operator.index(n)
    except TypeError as e:
        raise InvalidArgumentError(f"limit must be a whole number, not {type(n).__name__}") from e
    if i < 0:
        raise InvalidArgumentError("limit must be >= 0")
    return min(i, sys.maxsize)


def _cursor(cursor: Any) -> Optional[str]:
    """A starting cursor: ``None`` or a string that is valid UTF-8."""
    if cursor is None:
        return None
    if not isinstance(cursor, str):
        raise InvalidArgumentError(f"the starting cursor must be a string, not {type(cursor).__name__}")
    try:
        cursor.encode("utf-8")
    except UnicodeEncodeError as e:  # a lone surrogate
        raise InvalidArgumentError(f"the starting cursor is not valid text: {e}") from e
    return cursor


def _page(raw: _PageTuple) -> Page[Any]:
    items, next_cursor, total = raw
    return Page(items, next_cursor, total)


class Pager(Generic[T]):
    """Items of a list operation, fetched page by page as they are iterated.

    ``for item in pager`` yields items; :meth:`pages` yields :class:`Page` objects;
    :meth:`limit` caps the number of items; :meth:`starting_at` resumes from a cursor
    (a ``Page.next_cursor`` from an earlier run). A pager can be iterated more than once;
    each iteration starts again from its first page.
    """

    def __init__(self, open_: OpenPager, *, cursor: Optional[str] = None, max_items: Optional[int] = None) -> None:
        self._open = open_
        self._cursor = cursor
        self._max_items = max_items

    def limit(self, n: int) -> "Pager[T]":
        """A pager that stops after ``n`` items (and fetches no page beyond them).

        Raises :class:`InvalidArgumentError` (a ``ValueError``) unless ``n`` is a whole number from 0.
        """
        return Pager(self._open, cursor=self._cursor, max_items=_limit(n))

    def starting_at(self, cursor: Optional[str]) -> "Pager[T]":
        """A pager that starts at ``cursor`` instead of the first page."""
        return Pager(self._open, cursor=_cursor(cursor), max_items=self._max_items)

    def pages(self) -> Iterator[Page[T]]:
        """Iterates over whole pages."""
        native = self._open(self._cursor, self._max_items, True)
        try:
            while True:
                raw = native.next_page()
                if raw is None:
                    return
                yield _page(raw)
        finally:
            native.close()

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from page.items

    def first_page(self) -> Page[T]:
        """Only the first page (or the page at the starting cursor)."""
        raw = self._open(self._cursor, self._max_items, False).next_page()
        return Page() if raw is None else _page(raw)

    def to_list(self) -> List[T]:
        """Every item, in one list (mind the size of large listings)."""
        return list(self)

    def __repr__(self) -> str:
        return f"<Pager cursor={self._cursor!r} limit={self._max_items!r}>"


class AsyncPager(Generic[T]):
    """The asyncio counterpart of :class:`Pager`: ``async for item in pager``."""

    def __init__(self, open_: OpenPager, *, cursor: Optional[str] = None, max_items: Optional[int] = None) -> None:
        self._open = open_
        self._cursor = cursor
        self._max_items = max_items

    def limit(self, n: int) -> "AsyncPager[T]":
        """A pager that stops after ``n`` items (see :meth:`Pager.limit`)."""
        return AsyncPager(self._open, cursor=self._cursor, max_items=_limit(n))

    def starting_at(self, cursor: Optional[str]) -> "AsyncPager[T]":
        """A pager that starts at ``cursor`` instead of the first page."""
        return AsyncPager(self._open, cursor=_cursor(cursor), max_items=self._max_items)

    async def pages(self) -> AsyncIterator[Page[T]]:
        """Iterates over whole pages."""
        native = self._open(self._cursor, self._max_items, True)
        try:
            while True:
                raw = await native.next_page_async()
                if raw is None:
                    return
                yield _page(raw)
        finally:
            native.close()

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item

    async def first_page(self) -> Page[T]:
        """Only the first page (or the page at the starting cursor)."""
        raw = await self._open(self._cursor, self._max_items, False).next_page_async()
        return Page() if raw is None else _page(raw)

    async def to_list(self) -> List[T]:
        """Every item, in one list."""
        return [item async for item in self]

    def __repr__(self) -> str:
        return f"<AsyncPager cursor={self._cursor!r} limit={self._max_items!r}>"
