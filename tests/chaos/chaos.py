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
import time
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

    def again(op: Callable[[], Any]) -> Any:
        """Runs `op`, sending it again after a typed error, up to ROUNDS times."""
        for r in range(ROUNDS):
            try:
                return op()
            except aa.AtlassianAdminError:
                c["typed_errors"] += 1
                if r + 1 == ROUNDS:
                    c["unrecovered"] += 1
                    raise
                c["caller_retries"] += 1
        raise AssertionError("unreachable")

    def exists(user_name: str) -> bool:
        found = again(lambda: scim.users().list(filter=f'userName eq "{user_name}"').to_list())
        return len(found) > 0

    def create(user_name: str) -> None:
        body = {"userName": user_name, "emails": [{"value": user_name, "primary": True}], "name": {"givenName": "Chaos", "familyName": user_name.split("@")[0]}}
        for r in range(ROUNDS):
            try:
                scim.users().create(body)
                c["writes_confirmed"] += 1
                return
            except aa.ConflictError:
                if r == 0:
                    c["writes_sent_twice"] += 1  # the client repeated a write that had applied
                c["writes_confirmed"] += 1
                return
            except aa.AtlassianAdminError as e:
                c["typed_errors"] += 1
                if e.maybe_sent and exists(user_name):
                    c["writes_confirmed"] += 1
                    return
                c["caller_retries"] += 1
        c["writes_lost"] += 1

    start = time.perf_counter()
    for i in range(int(p["ops"])):
        c["ops"] += 1
        kind = i % 20
        try:
            if kind < 16:
                c["reads"] += 1
                again(lambda: org.get())
            elif kind < 18:
                c["listings"] += 1
                ids = again(lambda: [u["account_id"] for u in org.users().list()])
                k = f"{len(set(ids)) - (base + c['writes_confirmed'])}/{len(ids) - len(set(ids))}"
                sizes[k] = sizes.get(k, 0) + 1
            else:
                c["writes"] += 1
                create(f"chaos-python-{i}@example.com")
        except aa.AtlassianAdminError:
            pass  # counted as unrecovered
    out: Dict[str, Any] = dict(c)
    out["listing_sizes"] = sizes
    out["wall_s"] = time.perf_counter() - start
    print(json.dumps(out))


if __name__ == "__main__":
    main()
