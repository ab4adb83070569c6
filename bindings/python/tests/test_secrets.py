"""Keys never reach any output: a failing run at the most verbose log level, every byte captured.

A child process talks to a mock that knows two secret keys and injects 500s, 503s, 429s and
truncated bodies; it logs at ``ATLASSIAN_ADMIN_LOG=trace`` and Python ``logging`` at DEBUG,
prints ``repr``/``str`` of clients, errors, outcomes and pages, tries a third (wrong) key and a
malformed one, runs asyncio, a bulk run and a dry-run offboarding, and ends with an uncaught
exception (a traceback). Its stdout and stderr are searched for every key.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from conftest import mock_binary

ORG_KEY = "org-secret-4f1c9a7e2b"
SCIM_KEY = "scim-secret-8d03b6e51a"
WRONG_KEY = "wrong-secret-1e7f2c9d04"

CHILD = textwrap.dedent(
    r'''
    import asyncio, json, logging, subprocess, sys, traceback
    import atlassian_admin as aa

    logging.basicConfig(level=logging.DEBUG, stream=sys.stderr)
    ORG_KEY, SCIM_KEY, WRONG_KEY, MOCK = sys.argv[1:5]
    proc = subprocess.Popen([MOCK, "--port", "0", "--exit-on-stdin-close", "--org-api-key", ORG_KEY,
                             "--scim-api-key", SCIM_KEY, "--error-500", "0.15", "--error-503", "0.1",
                             "--truncated", "0.05", "--rate-limit", "40", "--seed", "7"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    info = json.loads(proc.stdout.readline())
    retry = aa.RetryPolicy(max_attempts=6, base_delay=0.01, max_delay=0.1)
    client = aa.AdminClient(ORG_KEY, base_url=info["base_url"], retry=retry)
    scim = aa.ScimClient(info["directory_id"], SCIM_KEY, base_url=info["base_url"], retry=retry)
    print(repr(client), str(client), repr(scim), vars(client) if hasattr(client, "__dict__") else "")
    org = client.org(info["org_id"])
    pager = org.users().list()
    print(repr(pager))
    for page in pager.pages():
        print(repr(page), page.next_cursor)
        break
    for call in (lambda: org.domain("nope").get(),
                 lambda: aa.AdminClient(WRONG_KEY, base_url=info["base_url"]).org(info["org_id"]).get(),
                 lambda: aa.AdminClient(ORG_KEY + "\n", base_url=info["base_url"]),
                 lambda: scim.users().get("nope"),
                 lambda: client.call("organization", "getOrgById", orgId=""),
                 lambda: org.directory(info["directory_id"]).user("nope").suspend()):
        try:
            print("ok", call())
        except aa.AtlassianAdminError as e:
            print(repr(e), str(e), e.__dict__, e.body if hasattr(e, "body") else None)
            traceback.print_exc()
    outcomes = client.bulk("organization", "getOrgById", [{"orgId": info["org_id"]}, {"orgId": "x"}] * 4, concurrency=4)
    print([repr(o) for o in outcomes])
    print(client.workflows.offboard(info["org_id"], ["nobody@example.com"], dry_run=True))

    async def main():
        async with aa.AsyncAdminClient(WRONG_KEY, base_url=info["base_url"]) as c:
            print(repr(c))
            await c.org(info["org_id"]).get()

    try:
        asyncio.run(main())
    finally:
        proc.stdin.close()
        proc.wait(timeout=5)
    '''
)


def test_no_key_in_any_output() -> None:
    env = dict(os.environ, ATLASSIAN_ADMIN_LOG="trace", PYTHONFAULTHANDLER="1")
    run = subprocess.run(
        [sys.executable, "-c", CHILD, ORG_KEY, SCIM_KEY, WRONG_KEY, str(mock_binary())],
        capture_output=True,
        env=env,
        timeout=120,
    )
    out = run.stdout.decode("utf-8", "replace") + run.stderr.decode("utf-8", "replace")
    # The run really failed, really logged, really hit the faults: otherwise the search proves little.
    assert run.returncode == 1, out[-3000:]
    assert "AuthenticationError" in out and "Traceback" in out, out[-3000:]
    assert "getOrgById" in out and "request" in out and "attempt" in out, "trace logging is on"
    assert "retrying" in out, "the injected faults were retried"
    for key in (ORG_KEY, SCIM_KEY, WRONG_KEY):
        assert out.count(key) == 0, f"{key} leaked: ...{out[max(0, out.find(key) - 300):out.find(key) + 100]}..."
