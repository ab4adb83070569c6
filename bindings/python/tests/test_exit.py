"""The interpreter exits cleanly right after busy use of the client (sync, asyncio, a pager
left half-read): no worker thread of the extension may still be inside Python when it
finalizes, which CPython answers with "Fatal Python error"."""

from __future__ import annotations

import subprocess
import sys

from conftest import Mock

SCRIPT = """
import asyncio, sys
import atlassian_admin as aa
base, org, key, d = sys.argv[1:5]

async def main():
    c = aa.AsyncAdminClient(key, base_url=base)
    for _ in range(150):
        await c.org(org).get()
    await asyncio.gather(*(c.org(org).get() for _ in range(32)))
    pager = c.org(org).directory(d).users().search({"limit": 5})
    async for _ in pager:
        break  # a prefetch may still be running at exit

asyncio.run(main())
s = aa.AdminClient(key, base_url=base)
it = iter(s.org(org).users().list())
next(it)  # left half-read, its next page in flight
print("done")
"""


def test_exit_after_busy_async_use_is_clean(shared_mock: Mock) -> None:
    m = shared_mock
    for _ in range(4):  # the race this guards against is timing-dependent
        r = subprocess.run(
            [sys.executable, "-c", SCRIPT, m.base_url, m.org_id, m.org_api_key, m.directory_id],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert r.returncode == 0, r.stderr[-2000:]
        assert "Fatal Python error" not in r.stderr
        assert r.stdout.strip() == "done"
