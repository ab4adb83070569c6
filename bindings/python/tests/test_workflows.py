"""The core's workflows from Python (blocking and asyncio): the same steps, records and stop
rules as the command line."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List

import pytest

import atlassian_admin as aa
from conftest import Mock


def _search(m: Mock) -> List[Dict[str, Any]]:
    return m.admin().org(m.org_id).directory(m.directory_id).users().search({}).to_list()


def test_offboard_plans_acts_once_then_changes_nothing(mock: Mock) -> None:
    c = mock.admin()
    email = None
    for u in _search(mock):
        if u.get("managementSource") == "synced" or u.get("membershipStatus") != "active":
            continue
        if c.user(u["accountId"]).api_tokens().list().to_list():
            email = u["email"]
            break
    assert email, "an active, unsynced user with an API token"
    (plan,) = c.workflows.offboard(mock.org_id, email, dry_run=True)
    assert plan["outcome"] == "planned"
    assert any(s["step"] == "revoke_token" and s["outcome"] == "planned" for s in plan["steps"])
    (done,) = c.workflows.offboard(mock.org_id, [email])
    assert done["outcome"] == "done", done
    (again,) = c.workflows.offboard(mock.org_id, [email])
    assert again["outcome"] == "unchanged", again
    (missing,) = c.workflows.offboard(mock.org_id, ["nobody@nowhere.example"])
    assert missing["outcome"] == "not_found"
    with pytest.raises(aa.InvalidArgumentError):
        c.workflows.offboard(mock.org_id, [42])  # type: ignore[list-item]


def test_scim_managed_users_need_a_scim_client(mock: Mock) -> None:
    c = mock.admin()
    synced = next(u for u in _search(mock) if u.get("managementSource") == "synced" and u.get("membershipStatus") == "active")
    (blocked,) = c.workflows.offboard(mock.org_id, synced["email"])
    assert blocked["outcome"] == "blocked"
    (done,) = c.workflows.offboard(mock.org_id, synced["email"], scim=mock.scim())
    assert any(s["step"] == "scim_deactivate" and s["outcome"] == "done" for s in done["steps"]), done


def test_exports_report_and_tail(mock: Mock) -> None:
    c = mock.admin()
    users = list(c.workflows.export(mock.org_id, "users"))
    assert len(users) == len(c.org(mock.org_id).users().list().to_list())
    assert list(c.workflows.export(mock.org_id, "groups"))
    with pytest.raises(aa.InvalidArgumentError):
        c.workflows.export(mock.org_id, "nonsense")  # type: ignore[arg-type]
    inactive = list(c.workflows.inactive_users(mock.org_id, days=30))
    assert inactive and all(u["days_inactive"] is None or u["days_inactive"] > 30 for u in inactive)
    events = list(c.workflows.tail_events(mock.org_id, from_="0", interval=0.02))
    assert events
    times = [e["attributes"]["time"] for e in events]
    assert times == sorted(times), "oldest first"
    followed = c.workflows.tail_events(mock.org_id, from_="0", follow=True, interval=0.02)
    first = [next(followed) for _ in range(3)]
    followed.close()
    assert len(first) == 3


def test_async_workflows(mock: Mock) -> None:
    async def run() -> None:
        c = mock.async_admin()
        (missing,) = await c.workflows.offboard(mock.org_id, "nobody@nowhere.example", dry_run=True)
        assert missing["outcome"] == "not_found"
        n = 0
        async for _ in c.workflows.export(mock.org_id, "users"):
            n += 1
        assert n > 0
        rows = [u async for u in c.workflows.inactive_users(mock.org_id, days=30)]
        assert rows

    asyncio.run(run())
