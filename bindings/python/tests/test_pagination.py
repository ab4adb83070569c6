"""Lazy pagination over the core's paginator (its stop rules, limits and prefetch)."""

from __future__ import annotations

from typing import Callable, List

import pytest

import atlassian_admin as aa
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


def test_stop_rules_are_the_cores(mock_with: Callable[..., Mock]) -> None:
    """The same rules as crates/atlassian-admin/tests/paging.rs: an empty page with a fresh
    cursor is followed, a repeated cursor ends the listing, limits stop fetching."""
    m = mock_with("--paging-quirks")
    users = m.admin().org(m.org_id).users().list()
    assert [len(p.items) for p in users.pages()] == [100, 0, 100, 0, 30]
    ids = [u["account_id"] for u in users]
    assert len(ids) == len(set(ids)) == 230
    assert len(users.limit(150).to_list()) == 150


def test_a_poll_ends_when_caught_up(shared_mock: Mock) -> None:
    poll = shared_mock.admin().org(shared_mock.org_id).events().poll()
    pages = list(poll.pages())
    assert sum(len(p.items) for p in pages) > 0
    resume = pages[-1].next_cursor
    assert resume, "the caught-up page keeps where to poll from"
    assert poll.starting_at(resume).to_list() == []


def test_leaving_a_loop_early_is_fine(shared_mock: Mock) -> None:
    pager = shared_mock.admin().org(shared_mock.org_id).users().list()
    it = iter(pager)
    assert len([next(it) for _ in range(15)]) == 15
    del it  # the page fetched ahead is cancelled
    assert len(pager.to_list()) == 230


def test_async_pager(shared_mock: Mock) -> None:
    import asyncio

    async def go() -> List[str]:
        c = shared_mock.async_admin()
        return [u["account_id"] async for u in c.org(shared_mock.org_id).users().list()]

    ids = asyncio.run(go())
    assert len(ids) == 230


def test_limit_rejects_negative(shared_mock: Mock) -> None:
    pager = shared_mock.admin().org(shared_mock.org_id).users().list()
    with pytest.raises(ValueError):
        pager.limit(-1)
    assert isinstance(pager.limit(3), aa.Pager)
