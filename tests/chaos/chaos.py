"""The Python side of tests/chaos/run.py: the mixed workload through our sync client.

Reads (getOrgById), full listings of the organization's users, and SCIM user creations (a write
that must never apply twice). What the caller does with a failure is what a careful script does
with our errors: a typed error that says the request never reached the server is sent again; one
that may have reached it is checked first (a SCIM filter on the userName); a 409 on a write the
caller sends for the first time means the client itself sent it twice. Prints one JSON line.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Dict

import atlassian_admin as aa

ROUNDS = 10


def main() -> None:
    info = json.loads(sys.argv[1])
    p = json.loads(sys.argv[2])
    retry = aa.RetryPolicy(max_attempts=8, base_delay=0.005, max_delay=0.2)
    client = aa.AdminClient(info["org_api_key"], base_url=info["base_url"], retry=retry)
    scim = aa.ScimClient(info["directory_id"], info["scim_api_key"], base_url=info["base_url"], retry=retry)
    org = client.org(info["org_id"])
    c: Dict[str, int] = dict(ops=0, reads=0, listings=0, writes=0, typed_errors=0, caller_retries=0, unrecovered=0,
                             writes_confirmed=0, writes_sent_twice=0, writes_lost=0)
    # Each completed listing: "distinct ids - users expected/repeated ids" -> how many listings.
    sizes: Dict[str, int] = {}
    base = int(p["expected_users"])
    lock = threading.Lock()

    def inc(key: str) -> None:
        with lock:
            c[key] += 1

    def again(op: Callable[[], Any]) -> Any:
        """Runs `op`, sending it again after a typed error, up to ROUNDS times."""
        for r in range(ROUNDS):
            try:
                return op()
            except aa.AtlassianAdminError:
                inc("typed_errors")
                if r + 1 == ROUNDS:
                    inc("unrecovered")
                    raise
                inc("caller_retries")
        raise AssertionError("unreachable")

    def exists(user_name: str) -> bool:
        found = again(lambda: scim.users().list(filter=f'userName eq "{user_name}"').to_list())
        return len(found) > 0

    def create(user_name: str) -> None:
        body = {"userName": user_name, "emails": [{"value": user_name, "primary": True}], "name": {"givenName": "Chaos", "familyName": user_name.split("@")[0]}}
        for r in range(ROUNDS):
            try:
                scim.users().create(body)
                inc("writes_confirmed")
                return
            except aa.ConflictError:
                if r == 0:
                    inc("writes_sent_twice")  # the client repeated a write that had applied
                inc("writes_confirmed")
                return
            except aa.AtlassianAdminError as e:
                inc("typed_errors")
                if e.maybe_sent and exists(user_name):
                    inc("writes_confirmed")
                    return
                inc("caller_retries")
        inc("writes_lost")

    # `concurrency` lanes (threads) share the operations (lane k takes i = k, k + n, ...). A
    # listing counts against the creations confirmed before it started; with concurrent lanes,
    # creations confirmed while it runs may or may not appear, so only missing and repeated ids
    # are faults then.
    def lane(k: int, n: int) -> None:
        for i in range(k, int(p["ops"]), n):
            inc("ops")
            kind = i % 20
            try:
                if kind < 16:
                    inc("reads")
                    again(lambda: org.get())
                elif kind < 18:
                    inc("listings")
                    before = c["writes_confirmed"]
                    ids = again(lambda: [u["account_id"] for u in org.users().list()])
                    key = f"{len(set(ids)) - (base + before)}/{len(ids) - len(set(ids))}"
                    with lock:
                        sizes[key] = sizes.get(key, 0) + 1
                else:
                    inc("writes")
                    create(f"chaos-python-{i}@example.com")
            except aa.AtlassianAdminError:
                pass  # counted as unrecovered

    start = time.perf_counter()
    n = int(p.get("concurrency", 1))
    with ThreadPoolExecutor(max_workers=n) as pool:
        for f in [pool.submit(lane, k, n) for k in range(n)]:
            f.result()  # anything but our typed errors is a crash of the run
    out: Dict[str, Any] = dict(c)
    out["listing_sizes"] = sizes
    out["wall_s"] = time.perf_counter() - start
    print(json.dumps(out))


if __name__ == "__main__":
    main()
