"""The Python side of bench/run.py: one scenario, one client, one JSON line of results.

    python bench/python/clients.py CLIENT SCENARIO INFO [PARAMS]

CLIENT: `ours` (atlassian_admin, sync), `ours-async` (atlassian_admin, asyncio), `apa`
(atlassian-python-api's CloudAdmin, as its users page it: a cursor loop over
`search_directory_users`), `requests` (a plain requests loop, the floor) or `asyncio-handoff`
(latency only: asyncio's own cross-thread round trip with no request, for reference). SCENARIO: `list-v2`,
`list-v1`, `latency` or `bulk`. INFO is the mock's first output line, PARAMS a JSON object.
Wall and CPU time cover the measured part only (imports and set-up excluded).
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any, Callable, Dict, List


def touch(u: Dict[str, Any], id_key: str) -> int:
    """Light per-item work, the same in every language: read two members."""
    return len(u.get(id_key) or "") + len(u.get("email") or "")


def latencies(call: Callable[[], Any], n: int) -> Dict[str, Any]:
    for _ in range(20):
        call()
    xs: List[float] = []
    for _ in range(n):
        t = time.perf_counter()
        call()
        xs.append((time.perf_counter() - t) * 1000)
    xs.sort()
    return {"items": n, "p50_ms": xs[n // 2], "p99_ms": xs[min(n * 99 // 100, n - 1)]}


def ids(params: Dict[str, Any]) -> List[str]:
    with open(params["ids_file"]) as f:
        return list(json.load(f))


def listing(org: Any, info: Dict[str, str], scenario: str) -> "tuple[Any, str]":
    """The pager of a listing scenario (sync or asyncio, by the handle) and its id member."""
    if scenario == "list-v2":
        return org.directory(info["directory_id"]).users().search({"limit": 100}), "accountId"
    return org.users().list(), "account_id"


def ours(info: Dict[str, str], scenario: str, params: Dict[str, Any]) -> Dict[str, Any]:
    import atlassian_admin as aa

    c = aa.AdminClient(info["org_api_key"], base_url=info["base_url"], retry=aa.RetryPolicy(max_attempts=50, max_elapsed=600))
    org = c.org(info["org_id"])
    if scenario in ("list-v2", "list-v1"):
        items, key = listing(org, info, scenario)
        n = t = 0
        for u in items:
            n += 1
            t += touch(u, key)
        return {"items": n, "touched": t}
    if scenario == "latency":
        return latencies(lambda: org.get(), int(params.get("n", 500)))
    if scenario == "bulk":
        rows = [{"orgId": info["org_id"], "directoryId": info["directory_id"], "accountId": a} for a in ids(params)]
        out = c.bulk("organization", "suspendUser", rows, concurrency=int(params.get("concurrency", 16)))
        ok = sum(1 for o in out if o.ok)
        return {"items": len(out), "ok": ok, "failed": len(out) - ok}
    raise SystemExit(f"unknown scenario {scenario}")


def ours_async(info: Dict[str, str], scenario: str, params: Dict[str, Any]) -> Dict[str, Any]:
    import atlassian_admin as aa

    async def run() -> Dict[str, Any]:
        c = aa.AsyncAdminClient(info["org_api_key"], base_url=info["base_url"], retry=aa.RetryPolicy(max_attempts=50, max_elapsed=600))
        org = c.org(info["org_id"])
        if scenario in ("list-v2", "list-v1"):
            items, key = listing(org, info, scenario)
            n = t = 0
            async for u in items:
                n += 1
                t += touch(u, key)
            return {"items": n, "touched": t}
        if scenario == "latency":
            n = int(params.get("n", 500))
            for _ in range(20):
                await org.get()
            xs: List[float] = []
            for _ in range(n):
                t0 = time.perf_counter()
                await org.get()
                xs.append((time.perf_counter() - t0) * 1000)
            xs.sort()
            return {"items": n, "p50_ms": xs[n // 2], "p99_ms": xs[min(n * 99 // 100, n - 1)]}
        if scenario == "bulk":
            rows = [{"orgId": info["org_id"], "directoryId": info["directory_id"], "accountId": a} for a in ids(params)]
            out = await c.bulk("organization", "suspendUser", rows, concurrency=int(params.get("concurrency", 16)))
            ok = sum(1 for o in out if o.ok)
            return {"items": len(out), "ok": ok, "failed": len(out) - ok}
        raise SystemExit(f"unknown scenario {scenario}")

    return asyncio.run(run())


def plain(info: Dict[str, str], scenario: str, params: Dict[str, Any]) -> Dict[str, Any]:
    import requests

    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {info['org_api_key']}"
    base, org, d = info["base_url"], info["org_id"], info["directory_id"]
    n = t = 0
    if scenario == "list-v2":
        url = f"{base}/admin/v2/orgs/{org}/directories/{d}/users/search"
        body: Dict[str, Any] = {"limit": 100}
        while True:
            r = s.post(url, json=body)
            r.raise_for_status()
            page = r.json()
            for u in page["data"]:
                n += 1
                t += touch(u, "accountId")
            nxt = (page.get("links") or {}).get("next")
            if not nxt:
                return {"items": n, "touched": t}
            body = {"cursor": nxt}
    if scenario == "list-v1":
        url: Any = f"{base}/admin/v1/orgs/{org}/users"
        while url:
            r = s.get(url)
            r.raise_for_status()
            page = r.json()
            for u in page["data"]:
                n += 1
                t += touch(u, "account_id")
            url = (page.get("links") or {}).get("next")
        return {"items": n, "touched": t}
    if scenario == "latency":
        url = f"{base}/admin/v1/orgs/{org}"

        def get() -> Any:
            r = s.get(url)
            r.raise_for_status()
            return r.json()

        return latencies(get, int(params.get("n", 500)))
    raise SystemExit(f"requests has no {scenario} scenario")


def apa(info: Dict[str, str], scenario: str, params: Dict[str, Any]) -> Dict[str, Any]:
    from atlassian import CloudAdmin

    admin = CloudAdmin(info["org_api_key"])
    admin.url = info["base_url"]  # CloudAdmin always starts at api.atlassian.com
    org, d = info["org_id"], info["directory_id"]
    if scenario == "list-v2":
        n = t = 0
        body: Dict[str, Any] = {"limit": 100}
        while True:
            page = admin.search_directory_users(org, d, data=body)
            for u in page["data"]:
                n += 1
                t += touch(u, "accountId")
            nxt = (page.get("links") or {}).get("next")
            if not nxt:
                return {"items": n, "touched": t}
            body = {"cursor": nxt}
    if scenario == "latency":
        return latencies(lambda: admin.get_organization(org), int(params.get("n", 500)))
    raise SystemExit(f"atlassian-python-api has no {scenario} scenario")


def handoff(info: Dict[str, str], scenario: str, params: Dict[str, Any]) -> Dict[str, Any]:
    """asyncio's own cross-thread round trip, with no request: an awaited no-op on a worker
    thread (`run_in_executor`). Any asyncio client whose I/O runs off the loop's thread pays one."""
    if scenario != "latency":
        raise SystemExit(f"the asyncio round trip has no {scenario} scenario")
    import concurrent.futures

    async def run() -> Dict[str, Any]:
        loop = asyncio.get_running_loop()
        with concurrent.futures.ThreadPoolExecutor(1) as ex:
            n = int(params.get("n", 500))
            for _ in range(20):
                await loop.run_in_executor(ex, int)
            xs: List[float] = []
            for _ in range(n):
                t0 = time.perf_counter()
                await loop.run_in_executor(ex, int)
                xs.append((time.perf_counter() - t0) * 1000)
        xs.sort()
        return {"items": n, "p50_ms": xs[n // 2], "p99_ms": xs[min(n * 99 // 100, n - 1)]}

    return asyncio.run(run())


CLIENTS = {"ours": ours, "ours-async": ours_async, "requests": plain, "apa": apa, "asyncio-handoff": handoff}


def main() -> None:
    if len(sys.argv) < 4 or sys.argv[1] not in CLIENTS:
        raise SystemExit(f"usage: clients.py {'|'.join(CLIENTS)} SCENARIO INFO [PARAMS]")
    info = json.loads(sys.argv[3])
    params = json.loads(sys.argv[4]) if len(sys.argv) > 4 else {}
    # Import outside the measured part.
    if sys.argv[1].startswith("ours"):
        import atlassian_admin  # noqa: F401
    elif sys.argv[1] == "apa":
        import atlassian  # noqa: F401
    elif sys.argv[1] == "requests":
        import requests  # noqa: F401
    t, cpu = time.perf_counter(), time.process_time()
    out = CLIENTS[sys.argv[1]](info, sys.argv[2], params)
    out["wall_s"] = time.perf_counter() - t
    out["cpu_s"] = time.process_time() - cpu
    print(json.dumps(out))


if __name__ == "__main__":
    main()
