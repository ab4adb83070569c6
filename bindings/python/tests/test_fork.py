"""Clients survive ``os.fork()``.

The parent's tokio runtime (its worker and I/O threads) does not exist in a forked child, and
its connection pool belongs to that runtime. The extension keys both the runtime and each
client's Rust half by process id: the first call in the child builds fresh ones from the same
settings (see src/runtime.rs), so a client created in the parent just keeps working.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
import traceback
import warnings
from typing import Any, Callable, Dict

import pytest

import atlassian_admin as aa
from conftest import Mock

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")

CHILD_TIMEOUT = 30.0


def in_child(work: Callable[[], Dict[str, Any]]) -> Dict[str, Any]:
    """Runs ``work`` in a forked child and returns what it returned (or raises its error)."""
    r, w = os.pipe()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # 3.12+: fork with threads running
        pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        os.close(r)
        code = 0
        try:
            out = {"ok": work()}
        except BaseException:
            out, code = {"error": traceback.format_exc()}, 1
        try:
            os.write(w, json.dumps(out).encode())
        finally:
            os._exit(code)
    os.close(w)
    deadline = time.monotonic() + CHILD_TIMEOUT
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            os.close(r)
            pytest.fail(f"the forked child hung for {CHILD_TIMEOUT}s")
        time.sleep(0.02)
    with os.fdopen(r, "rb") as f:
        raw = f.read()
    result = json.loads(raw) if raw else {"error": f"child exited with status {status} and no output"}
    if "error" in result:
        pytest.fail("in the child:\n" + result["error"])
    return dict(result["ok"])


def test_blocking_client_after_fork(mock: Mock) -> None:
    c = mock.admin()
    org = c.org(mock.org_id)
    # Use the client (runtime started, connections pooled) before forking.
    assert org.get()["data"]["id"] == mock.org_id
    assert len(org.users().list().limit(30).to_list()) == 30

    def child() -> Dict[str, Any]:
        users = org.users().list().limit(120).to_list()  # several pages
        outcomes = c.bulk("organization", "getOrgById", [{"orgId": mock.org_id}] * 5 + [{"orgId": "nope"}], concurrency=4)
        try:
            org.domain("nope").get()
            missing = "no error"
        except aa.NotFoundError:
            missing = "NotFoundError"
        return {
            "pid": os.getpid(),
            "org": org.get()["data"]["id"],
            "users": len(users),
            "outcomes": [o.ok for o in outcomes],
            "missing": missing,
        }

    out = in_child(child)
    assert out.pop("pid") != os.getpid()
    assert out == {"org": mock.org_id, "users": 120, "outcomes": [True] * 5 + [False], "missing": "NotFoundError"}
    # The parent's client is untouched.
    assert org.get()["data"]["id"] == mock.org_id
    assert len(org.users().list().limit(120).to_list()) == 120


def test_async_and_scim_clients_after_fork(mock: Mock) -> None:
    ac = mock.async_admin()
    scim = mock.scim()

    async def use() -> Dict[str, Any]:
        org = await ac.org(mock.org_id).get()
        users = await ac.org(mock.org_id).users().list().limit(60).to_list()
        return {"org": org["data"]["id"], "users": len(users)}

    assert asyncio.run(use()) == {"org": mock.org_id, "users": 60}
    assert len(scim.users().list(count=10).limit(10).to_list()) == 10

    def child() -> Dict[str, Any]:
        out = asyncio.run(use())
        out["scim"] = len(scim.users().list(count=10).limit(25).to_list())
        return out

    assert in_child(child) == {"org": mock.org_id, "users": 60, "scim": 25}
    assert asyncio.run(use()) == {"org": mock.org_id, "users": 60}


def test_fork_twice(shared_mock: Mock) -> None:
    """A child of a child rebuilds again (the runtime is keyed by pid, not a one-shot flag)."""
    c = shared_mock.admin()
    assert c.org(shared_mock.org_id).get()["data"]["id"] == shared_mock.org_id

    def child() -> Dict[str, Any]:
        first = c.org(shared_mock.org_id).get()["data"]["id"]
        grandchild = in_child(lambda: {"org": c.org(shared_mock.org_id).get()["data"]["id"]})
        return {"first": first, "grandchild": grandchild["org"]}

    assert in_child(child) == {"first": shared_mock.org_id, "grandchild": shared_mock.org_id}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
