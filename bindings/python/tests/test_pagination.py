"""Lazy pagination through the core's `page` entry point."""

from __future__ import annotations

from typing import List, Optional

import pytest

import atlassian_admin as aa
from atlassian_admin import Page, Pager
from conftest import Mock


def test_v1_users_all_230_across_pages(shared_mock: Mock) -> None:
    pager = shared_mock.admin().org(shared_mock.org_id).users().list()
    pages = list(pager.pages())
    assert len(pages) > 1
    ids = [u["account_id"] for p in pages for u in p.items]
    assert len(ids) == 230
    assert len(set(ids)) == 230
    assert [u["account_id"] for u in pager] == ids  # iterating again starts over


def test_limit_fetches_no_extra_page(shared_mock: Mock) -> None:
    pager = shared_mock.admin().org(shared_mock.org_id).users().list()
    first = pager.first_page()
    n = len(first.items)
    assert first.next_cursor
    limited = list(pager.limit(n + 1).pages())
    assert len(limited) == 2 and sum(len(p.items) for p in limited) == n + 1
    assert list(pager.limit(0)) == []


def test_starting_at_resumes(shared_mock: Mock) -> None:
    pager = shared_mock.admin().org(shared_mock.org_id).users().list()
    first = pager.first_page()
    rest = [u["account_id"] for u in pager.starting_at(first.next_cursor)]
    everything = [u["account_id"] for u in pager]
    assert [u["account_id"] for u in first.items] + rest == everything


def test_events_filter_kept_across_pages(shared_mock: Mock) -> None:
    events = shared_mock.admin().org(shared_mock.org_id).events()
    pages = list(events.list(location="Sydney", limit=10).pages())
    assert len(pages) > 2
    for page in pages:
        for e in page.items:
            assert e["attributes"]["location"]["city"] == "Sydney"
    everything = sum(len(p.items) for p in pages)
    unfiltered = len(events.list(limit=100).to_list())
    assert 0 < everything < unfiltered


def test_scim_start_index_paging(shared_mock: Mock) -> None:
    scim = shared_mock.scim()
    pages = list(scim.users().list(count=7).pages())
    assert len(pages) > 1
    assert all(len(p.items) <= 7 for p in pages)
    ids = [u["id"] for p in pages for u in p.items]
    assert len(ids) == len(set(ids))
    assert pages[0].total == len(ids)


def test_repeated_cursor_stops() -> None:
    calls: List[Optional[str]] = []

    def fetch(cursor: Optional[str]) -> Page:
        calls.append(cursor)
        return Page([len(calls)], "same", None)

    assert list(Pager(fetch)) == [1, 2]
    assert calls == [None, "same"]


def test_one_page_in_memory() -> None:
    seen: List[int] = []

    def fetch(cursor: Optional[str]) -> Page:
        n = int(cursor or 0)
        seen.append(n)
        return Page(list(range(n, n + 10)), str(n + 10) if n < 1000 else None, None)

    it = iter(Pager(fetch))
    assert [next(it) for _ in range(15)] == list(range(15))
    assert seen == [0, 10]


def test_async_pager(shared_mock: Mock) -> None:
    import asyncio

    async def go() -> List[str]:
        c = shared_mock.async_admin()
        return [u["account_id"] async for u in c.org(shared_mock.org_id).users().list()]

    ids = asyncio.run(go())
    assert len(ids) == 230


def test_limit_rejects_negative() -> None:
    with pytest.raises(ValueError):
        Pager(lambda c: Page()).limit(-1)
    assert isinstance(aa.Pager(lambda c: Page()).limit(3), Pager)
