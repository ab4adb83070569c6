"""The asyncio clients, one client shared by threads, and bulk runs."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any, List

import pytest

import atlassian_admin as aa
from conftest import Mock


def test_async_admin_client(shared_mock: Mock) -> None:
    async def go() -> None:
        async with shared_mock.async_admin() as c:
            org, users = await asyncio.gather(
                c.org(shared_mock.org_id).get(),
                c.org(shared_mock.org_id).users().list().limit(40).to_list(),
            )
            assert org["data"]["id"] == shared_mock.org_id
            assert len(users) == 40
            pages = [p async for p in c.org(shared_mock.org_id).users().list().pages()]
            assert len(pages) > 1
            by_name = await c.call("organization", "getOrgById", orgId=shared_mock.org_id)
            assert by_name == org
            with pytest.raises(aa.NotFoundError):
                await c.org(shared_mock.org_id).domain("nope").get()
            outcomes = await c.bulk("organization", "getOrgById", [{"orgId": shared_mock.org_id}, {"orgId": "nope"}])
            assert [o.ok for o in outcomes] == [True, False]

    asyncio.run(go())


def test_async_scim_client(mock: Mock) -> None:
    async def go() -> None:
        scim = mock.async_scim()
        users = [u async for u in scim.users().list(count=20)]
        assert users
        one = await scim.users().get(users[0]["id"])
        assert one["id"] == users[0]["id"]
        with pytest.raises(aa.ConflictError):
            await scim.users().create({"userName": users[0]["userName"]})
        many = await asyncio.gather(*(scim.users().get(u["id"]) for u in users[:10]))
        assert [u["id"] for u in many] == [u["id"] for u in users[:10]]

    asyncio.run(go())


def test_threads_share_one_client(shared_mock: Mock) -> None:
    c = shared_mock.admin()
    errors: List[BaseException] = []

    def work(i: int) -> int:
        try:
            assert c.org(shared_mock.org_id).get()["data"]["id"] == shared_mock.org_id
            return len(c.org(shared_mock.org_id).users().list().limit(25 + i).to_list())
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)
            raise

    with ThreadPoolExecutor(max_workers=8) as pool:
        counts = list(pool.map(work, range(16)))
    assert not errors
    assert counts == [25 + i for i in range(16)]


def test_gil_is_released_during_calls(mock_with: Any) -> None:
    m = mock_with("--latency-ms", "300")
    c = m.admin()
    ticks = 0
    stop = threading.Event()

    def ticker() -> None:
        nonlocal ticks
        while not stop.is_set():
            ticks += 1
            stop.wait(0.01)

    t = threading.Thread(target=ticker)
    t.start()
    c.org(m.org_id).get()
    stop.set()
    t.join()
    assert ticks >= 10  # the ticker ran while the call waited


def test_bulk_one_outcome_per_item_in_order(mock: Mock) -> None:
    c = mock.admin()
    users = c.org(mock.org_id).directory(mock.directory_id).users().search({"limit": 20}).limit(20).to_list()
    ids = [u["accountId"] for u in users]
    items = [{"orgId": mock.org_id, "directoryId": mock.directory_id, "accountId": a} for a in ids]
    items.insert(3, {"orgId": mock.org_id, "directoryId": mock.directory_id, "accountId": "no-such-account"})
    items.insert(7, {"orgId": mock.org_id})  # invalid: fails before sending
    outcomes = c.bulk("organization", "getDirectoryUserDetails", items, concurrency=4)
    assert len(outcomes) == len(items)
    assert not outcomes[3].ok and isinstance(outcomes[3].error, aa.NotFoundError)
    assert not outcomes[7].ok and isinstance(outcomes[7].error, aa.InvalidArgumentError)
    good = [o for i, o in enumerate(outcomes) if i not in (3, 7)]
    assert all(o.ok for o in good)
    assert [o.value["data"]["accountId"] for o in good] == ids
    with pytest.raises(aa.NotFoundError):
        outcomes[3].unwrap()


def test_scim_bulk(mock: Mock) -> None:
    scim = mock.scim()
    users = scim.users().list(count=5).limit(5).to_list()
    outcomes = scim.bulk("getScimUser", [{"userId": u["id"]} for u in users])
    assert [o.value["id"] for o in outcomes] == [u["id"] for u in users]
