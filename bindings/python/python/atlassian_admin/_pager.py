"""Lazy pagers over list operations.

A pager asks the Rust core for one page at a time (``page`` with the previous page's
cursor), so only the current page is held in memory. It stops when the service gives no
next cursor or repeats one it already gave, or when the item limit is reached.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, AsyncIterator, Awaitable, Callable, Iterator, List, Optional, Set

__all__ = ["Page", "Pager", "AsyncPager"]


@dataclass(frozen=True)
class Page:
    """One page of a listing: its items, the cursor of the next page and the total, if known."""

    items: List[Any] = field(default_factory=list)
    next_cursor: Optional[str] = None
    total: Optional[int] = None


FetchPage = Callable[[Optional[str]], Page]
AsyncFetchPage = Callable[[Optional[str]], Awaitable[Page]]


class _Walk:
    """The bookkeeping shared by both pagers: cursors seen and items still allowed."""

    def __init__(self, start: Optional[str], max_items: Optional[int]) -> None:
        self.cursor = start
        self.remaining = max_items
        self.seen: Set[str] = set() if start is None else {start}

    def done_before_fetch(self) -> bool:
        return self.remaining is not None and self.remaining <= 0

    def trim(self, page: Page) -> Page:
        if self.remaining is None:
            return page
        items = page.items[: self.remaining]
        self.remaining -= len(items)
        if len(items) == len(page.items):
            return page
        return Page(items, page.next_cursor, page.total)

    def advance(self, page: Page) -> bool:
        """Moves to the next page; False when there is none (or it would loop)."""
        nxt = page.next_cursor
        if not nxt or nxt in self.seen or self.done_before_fetch():
            return False
        self.seen.add(nxt)
        self.cursor = nxt
        return True


class Pager:
    """Items of a list operation, fetched page by page as they are iterated.

    ``for item in pager`` yields items; :meth:`pages` yields :class:`Page` objects;
    :meth:`limit` caps the number of items; :meth:`starting_at` resumes from a cursor
    (a ``Page.next_cursor`` from an earlier run). A pager can be iterated more than once;
    each iteration starts again from its first page.
    """

    def __init__(self, fetch: FetchPage, *, cursor: Optional[str] = None, max_items: Optional[int] = None) -> None:
        self._fetch = fetch
        self._cursor = cursor
        self._max_items = max_items

    def limit(self, n: int) -> "Pager":
        """A pager that stops after ``n`` items (and fetches no page beyond them)."""
        if n < 0:
            raise ValueError("limit must be >= 0")
        return Pager(self._fetch, cursor=self._cursor, max_items=n)

    def starting_at(self, cursor: Optional[str]) -> "Pager":
        """A pager that starts at ``cursor`` instead of the first page."""
        return Pager(self._fetch, cursor=cursor, max_items=self._max_items)

    def pages(self) -> Iterator[Page]:
        """Iterates over whole pages."""
        walk = _Walk(self._cursor, self._max_items)
        if walk.done_before_fetch():
            return
        while True:
            page = self._fetch(walk.cursor)
            yield walk.trim(page)
            if not walk.advance(page):
                return

    def __iter__(self) -> Iterator[Any]:
        for page in self.pages():
            yield from page.items

    def first_page(self) -> Page:
        """Only the first page (or the page at the starting cursor)."""
        return self._fetch(self._cursor)

    def to_list(self) -> List[Any]:
        """Every item, in one list (mind the size of large listings)."""
        return list(self)

    def __repr__(self) -> str:
        return f"<Pager cursor={self._cursor!r} limit={self._max_items!r}>"


class AsyncPager:
    """The asyncio counterpart of :class:`Pager`: ``async for item in pager``."""

    def __init__(self, fetch: AsyncFetchPage, *, cursor: Optional[str] = None, max_items: Optional[int] = None) -> None:
        self._fetch = fetch
        self._cursor = cursor
        self._max_items = max_items

    def limit(self, n: int) -> "AsyncPager":
        """A pager that stops after ``n`` items."""
        if n < 0:
            raise ValueError("limit must be >= 0")
        return AsyncPager(self._fetch, cursor=self._cursor, max_items=n)

    def starting_at(self, cursor: Optional[str]) -> "AsyncPager":
        """A pager that starts at ``cursor`` instead of the first page."""
        return AsyncPager(self._fetch, cursor=cursor, max_items=self._max_items)

    async def pages(self) -> AsyncIterator[Page]:
        """Iterates over whole pages."""
        walk = _Walk(self._cursor, self._max_items)
        if walk.done_before_fetch():
            return
        while True:
            page = await self._fetch(walk.cursor)
            yield walk.trim(page)
            if not walk.advance(page):
                return

    async def __aiter__(self) -> AsyncIterator[Any]:
        async for page in self.pages():
            for item in page.items:
                yield item

    async def first_page(self) -> Page:
        """Only the first page (or the page at the starting cursor)."""
        return await self._fetch(self._cursor)

    async def to_list(self) -> List[Any]:
        """Every item, in one list."""
        return [item async for item in self]

    def __repr__(self) -> str:
        return f"<AsyncPager cursor={self._cursor!r} limit={self._max_items!r}>"
