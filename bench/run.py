"""Benchmarks against the incumbents, side by side, in one run: the driver behind bench/run.sh.

Starts the mock binary as its own process, runs every client of every language as its own
process (so its CPU time and peak RSS are its own, read with wait4), and prints and writes the
tables: listing throughput against the floor of each language, per-call latency and binding
overhead, bulk under a server limit, and listing at several directory sizes. `--smoke` uses small
numbers and checks that every client saw the same items, so the harness cannot rot.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Client:
    lang: str
    name: str
    label: str
    floor: bool = False
    scenarios: Tuple[str, ...] = ("list-v2", "list-v1", "latency", "bulk")

    def argv(self, args: argparse.Namespace, scenario: str, info: str, params: Dict[str, Any]) -> List[str]:
        p = json.dumps(params)
        if self.lang == "rust":
            return [str(args.target / "bench-rust"), self.name, scenario, info, p]
        if self.lang == "python":
            return [sys.executable, str(ROOT / "bench/python/clients.py"), self.name, scenario, info, p]
        return ["node", str(ROOT / "bench/node/clients.js"), self.name, scenario, info, p]


CLIENTS = [
    Client("rust", "raw", "reqwest loop (floor)", floor=True, scenarios=("list-v2", "list-v1", "latency")),
    Client("rust", "ours", "atlassian-admin"),
    Client("python", "requests", "requests loop (floor)", floor=True, scenarios=("list-v2", "list-v1", "latency")),
    Client("python", "apa", "atlassian-python-api", scenarios=("list-v2", "latency")),
    Client("python", "ours", "atlassian_admin (sync)"),
    Client("python", "ours-async", "atlassian_admin (asyncio)", scenarios=("list-v2", "list-v1", "latency")),
    Client("python", "asyncio-handoff", "asyncio thread round trip, no request (reference)", scenarios=("latency",)),
    Client("node", "fetch", "fetch loop (floor)", floor=True, scenarios=("list-v2", "list-v1", "latency")),
    Client("node", "ours", "atlassian-admin"),
]


@dataclass
class Result:
    client: Client
    scenario: str
    out: Dict[str, Any]
    rss_mib: float
    runs: List[float] = field(default_factory=list)
    # CPU time of the mock while the best run ran (None where /proc is not there to read it).
    server_cpu_s: Optional[float] = None


class Mock:
    """The mock binary in its own process; stops when stdin closes."""

    def __init__(self, binary: Path, *flags: str) -> None:
        self.p = subprocess.Popen([str(binary), "--exit-on-stdin-close", *flags], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.p.stdout is not None
        line = self.p.stdout.readline()
        if not line:
            raise SystemExit(f"the mock did not start: {binary} {' '.join(flags)}")
        self.line = line.strip()
        self.info = json.loads(self.line)

    def cpu_s(self) -> Optional[float]:
        """User + system CPU time of the mock process so far (Linux: /proc/PID/stat)."""
        try:
            fields = Path(f"/proc/{self.p.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError):
            return None

    def stats(self) -> Dict[str, int]:
        with urllib.request.urlopen(self.info["base_url"] + "/_mock/stats") as r:
            return dict(json.load(r))

    def post(self, path: str, body: Dict[str, Any]) -> Any:
        req = urllib.request.Request(
            self.info["base_url"] + path,
            data=json.dumps(body).encode(),
            headers={"authorization": f"Bearer {self.info['org_api_key']}", "content-type": "application/json"},
        )
        with urllib.request.urlopen(req) as r:
            return json.load(r)

    def close(self) -> None:
        if self.p.stdin:
            self.p.stdin.close()
        try:
            self.p.wait(10)
        except subprocess.TimeoutExpired:
            self.p.kill()

    def __enter__(self) -> "Mock":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def run_once(argv: List[str]) -> Tuple[Dict[str, Any], float]:
    """Run one client process; its JSON line and its peak RSS in MiB (from wait4)."""
    with tempfile.TemporaryFile() as err:
        p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=err, stdin=subprocess.DEVNULL)
        assert p.stdout is not None
        out = p.stdout.read()
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        if p.returncode != 0:
            err.seek(0)
            raise SystemExit(f"{' '.join(argv[:4])} failed ({p.returncode}):\n{err.read().decode(errors='replace')[-2000:]}")
    return json.loads(out.decode().strip().splitlines()[-1]), usage.ru_maxrss / 1024


def measure(c: Client, args: argparse.Namespace, scenario: str, mock: "Mock", params: Dict[str, Any], runs: int) -> Result:
    best: Optional[Tuple[Dict[str, Any], float, Optional[float]]] = None
    walls = []
    for _ in range(runs):
        before = mock.cpu_s()
        out, rss = run_once(c.argv(args, scenario, mock.line, params))
        after = mock.cpu_s()
        server = after - before if before is not None and after is not None else None
        walls.append(out["wall_s"])
        # The best run: the fastest, or for a latency run the lowest median call.
        key = "p50_ms" if "p50_ms" in out else "wall_s"
        if best is None or out[key] < best[0][key]:
            best = (out, rss, server)
    assert best is not None
    r = Result(c, scenario, best[0], best[1], walls, best[2])
    print(f"  {c.lang:7} {c.label:28} {scenario:8} {summary(r)}", flush=True)
    return r


def summary(r: Result) -> str:
    o = r.out
    if "p50_ms" in o:
        return f"p50 {o['p50_ms']:.3f} ms  p99 {o['p99_ms']:.3f} ms"
    return f"{o['items']} items in {o['wall_s']:.3f} s  cpu {o['cpu_s']:.3f} s  rss {r.rss_mib:.0f} MiB"


def floor_of(results: List[Result], r: Result) -> Result:
    return next(x for x in results if x.client.lang == r.client.lang and x.client.floor and x.scenario == r.scenario)


def check_same_items(results: List[Result], expected: Dict[str, int]) -> List[str]:
    bad = []
    for r in results:
        want = expected.get(r.scenario)
        if want is not None and r.out["items"] != want:
            bad.append(f"{r.client.lang} {r.client.label} {r.scenario}: {r.out['items']} items, expected {want}")
    return bad


def listing_table(results: List[Result], scenario: str) -> List[str]:
    rows = ["| language | client | users/s | wall vs floor | CPU ms / 1,000 users | CPU vs floor | peak RSS MiB | mock CPU ms / 1,000 users |", "|---|---|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        if r.scenario != scenario:
            continue
        f = floor_of(results, r)
        n = max(r.out["items"], 1)
        cpu_k = r.out["cpu_s"] * 1000 / (n / 1000)
        rows.append(
            f"| {r.client.lang} | {r.client.label} | {n / r.out['wall_s']:,.0f} | {r.out['wall_s'] / f.out['wall_s']:.2f}× | "
            f"{cpu_k:.1f} | {r.out['cpu_s'] / max(f.out['cpu_s'], 1e-9):.2f}× | {r.rss_mib:.0f} | "
            f"{'' if r.server_cpu_s is None else f'{r.server_cpu_s * 1000 / (n / 1000):.1f}'} |"
        )
    return rows


def latency_table(results: List[Result]) -> List[str]:
    core = next((r for r in results if r.scenario == "latency" and r.client.lang == "rust" and r.client.name == "ours"), None)
    rows = ["| language | client | p50 ms | p99 ms | p50 vs floor | overhead over the Rust core (p50) |", "|---|---|---:|---:|---:|---:|"]
    for r in results:
        if r.scenario != "latency":
            continue
        f = floor_of(results, r)
        over = ""
        if core is not None and r.client.name.startswith("ours") and r.client.lang != "rust":
            over = f"{(r.out['p50_ms'] - core.out['p50_ms']) * 1000:+.0f} µs"
        rows.append(f"| {r.client.lang} | {r.client.label} | {r.out['p50_ms']:.3f} | {r.out['p99_ms']:.3f} | {r.out['p50_ms'] / f.out['p50_ms']:.2f}× | {over} |")
    return rows


def targets_table(results: List[Result], bulk: List[Dict[str, Any]], scale: Dict[int, List[Result]], server_ratio: float) -> List[str]:
    """The issue's targets against this run's figures: one row each, with the figures it rests on."""
    def get(lang: str, name: str, scenario: str) -> Optional[Result]:
        return next((r for r in results if r.client.lang == lang and r.client.name == name and r.scenario == scenario), None)

    def wall(r: Result) -> float:
        return r.out["wall_s"] / floor_of(results, r).out["wall_s"]

    def cpu(r: Result) -> float:
        return r.out["cpu_s"] / max(floor_of(results, r).out["cpu_s"], 1e-9)

    rows = ["| target | this run | met |", "|---|---|:---:|"]

    def row(target: str, figures: List[Tuple[str, float]], ok: bool, fmt: str = "{:.2f}×") -> None:
        rows.append(f"| {target} | " + "; ".join(f"{k} {fmt.format(v)}" for k, v in figures) + f" | {'yes' if ok else '**no**'} |")

    listings = ("list-v2", "list-v1")
    ours = [("rust", "ours"), ("python", "ours"), ("python", "ours-async"), ("node", "ours")]
    label = {("rust", "ours"): "Rust", ("python", "ours"): "Python sync", ("python", "ours-async"): "asyncio", ("node", "ours"): "Node"}
    for group, limit, floor_name in (([("rust", "ours")], 1.05, "the reqwest loop"), ([("python", "ours"), ("python", "ours-async")], 0.9, "the requests loop"), ([("node", "ours")], 0.9, "the fetch loop")):
        figs = [(f"{label[c]} {sc[-2:]}", wall(r)) for c in group for sc in listings if (r := get(c[0], c[1], sc)) is not None]
        row(f"listing wall time ≤ {limit}× {floor_name}", figs, all(v <= limit for _, v in figs))
    apa = get("python", "apa", "list-v2")
    if apa is not None:
        figs = [(label[c], r.out["wall_s"] / apa.out["wall_s"]) for c in ours[1:3] if (r := get(c[0], c[1], "list-v2")) is not None]
        row("Python ahead of atlassian-python-api (v2 wall time over its)", figs, all(v < 1 for _, v in figs))
    figs = [(f"{label[c]} {sc[-2:]}", cpu(r)) for c in ours for sc in listings if (r := get(c[0], c[1], sc)) is not None]
    row("CPU per 1,000 items ≤ the plain loop's", figs, all(v <= 1 for _, v in figs))
    core = get("rust", "ours", "latency")
    if core is not None:
        figs = [(label[c], (r.out["p50_ms"] - core.out["p50_ms"]) * 1000) for c in ours[1:] if (r := get(c[0], c[1], "latency")) is not None]
        row("binding overhead ≤ 50 µs per call (p50 over the Rust core)", figs, all(v <= 50 for _, v in figs), "{:+.0f} µs")
    if bulk:
        row("bulk ≥ 95% of the server's limit", [(b["lang"], b["pct"]) for b in bulk], all(b["pct"] >= 95 for b in bulk), "{:.0f}%")
        row("bulk loses no outcome", [(b["lang"], b["lost"]) for b in bulk], all(b["lost"] == 0 for b in bulk), "{:.0f} lost")
    sizes = sorted(scale)
    small, big = sizes[0], sizes[-1]
    figs = [(f"{r.client.lang} {r.client.label.split(' ')[0]}", scale[big][i].rss_mib / max(r.rss_mib, 1e-9)) for i, r in enumerate(scale[small]) if r.client.name == "ours"]
    row(f"memory flat in the number of users (peak RSS at {big:,} over {small:,}; ≤ 1.5×)", figs, all(v <= 1.5 for _, v in figs))
    row("the server is not the bottleneck (plain loop's time per user, largest size over the one before; ≤ 1.3×)", [("requests", server_ratio)], server_ratio <= 1.3)
    return rows


def svg_chart(results: List[Result], path: Path, title: str) -> None:
    """Horizontal bars: wall time of each client over its language's floor (list-v2)."""
    bars = [(f"{r.client.lang}: {r.client.label}", r.out["wall_s"] / floor_of(results, r).out["wall_s"]) for r in results if r.scenario == "list-v2"]
    w, left, bar, gap, top = 760, 300, 22, 8, 40
    scale = (w - left - 60) / max([b[1] for b in bars] + [1.5])
    h = top + len(bars) * (bar + gap) + 30
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="13">',
           f'<rect width="{w}" height="{h}" fill="white"/>', f'<text x="10" y="22" font-size="15" font-weight="bold">{title}</text>']
    for i, (name, ratio) in enumerate(bars):
        y = top + i * (bar + gap)
        colour = "#2b7bb9" if "atlassian" in name and "python-api" not in name else ("#999999" if "floor" in name else "#d98b2b")
        out.append(f'<text x="{left - 8}" y="{y + bar * 0.7}" text-anchor="end">{name}</text>')
        out.append(f'<rect x="{left}" y="{y}" width="{ratio * scale:.1f}" height="{bar}" fill="{colour}"/>')
        out.append(f'<text x="{left + ratio * scale + 6:.1f}" y="{y + bar * 0.7}">{ratio:.2f}×</text>')
    x1 = left + scale
    out.append(f'<line x1="{x1:.1f}" y1="{top - 6}" x2="{x1:.1f}" y2="{h - 20}" stroke="black" stroke-dasharray="4 3"/>')
    out.append(f'<text x="{x1:.1f}" y="{h - 6}" text-anchor="middle">1.0 = the plain loop of the same language (lower is faster)</text>')
    out.append("</svg>")
    path.write_text("\n".join(out) + "\n")


def version(argv: List[str]) -> str:
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=30).stdout.strip().splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return "unknown"


def pkg_version(name: str) -> str:
    try:
        from importlib.metadata import version as v

        return v(name)
    except Exception:
        return "not installed"


def active_users(mock: Mock, n: int, member: str) -> List[str]:
    """`member` of the first `n` users whose directory membership is active, by a plain v2 search."""
    path = f"/admin/v2/orgs/{mock.info['org_id']}/directories/{mock.info['directory_id']}/users/search"
    body: Dict[str, Any] = {"limit": 100, "membershipStatus": ["active"]}
    out: List[str] = []
    while len(out) < n:
        page = mock.post(path, body)
        out += [u[member] for u in page["data"]]
        nxt = page.get("links", {}).get("next")
        if not nxt:
            break
        body = {"cursor": nxt}
    return out[:n]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--smoke", action="store_true", help="small numbers, one run each; checks item counts")
    ap.add_argument("--target", type=Path, required=True, help="cargo's output folder (target/release)")
    ap.add_argument("--users", type=int, default=None)
    ap.add_argument("--runs", type=int, default=None)
    ap.add_argument("--out", type=Path, default=None, help="where the report goes (default docs/benchmarks.md)")
    args = ap.parse_args()
    smoke = args.smoke
    users = args.users or (2_000 if smoke else 100_000)
    runs = args.runs or (1 if smoke else 3)
    calls = 60 if smoke else 2_000
    latency_runs = 1 if smoke else 5
    bulk_n, bulk_limit = (300, 200) if smoke else (5_000, 200)
    sizes = [500, 2_000] if smoke else [1_000, 10_000, 100_000]
    out_md = args.out or (ROOT / ("target/bench/benchmarks.md" if smoke else "docs/benchmarks.md"))
    out_md.parent.mkdir(parents=True, exist_ok=True)
    mock_bin = args.target / "atlassian-admin-mock"
    problems: List[str] = []
    started = time.time()

    print(f"== listing and latency: mock with {users:,} users (its own process)")
    results: List[Result] = []
    with Mock(mock_bin, "--users", str(users)) as m:
        for scenario in ("list-v2", "list-v1", "latency"):
            for c in CLIENTS:
                if scenario in c.scenarios:
                    # Latency differences of tens of µs need more runs than throughput does.
                    results.append(measure(c, args, scenario, m, {"n": calls}, runs if scenario != "latency" else latency_runs))
    expected = {s: floor_of(results, Result(CLIENTS[0], s, {}, 0)).out["items"] for s in ("list-v2", "list-v1")}
    problems += check_same_items(results, expected)

    print(f"== bulk: suspend {bulk_n:,} users at concurrency 16, server limit {bulk_limit}/s (a fresh mock per client)")
    bulk_data: List[Dict[str, Any]] = []
    bulk_rows = ["| language | client | ok | failed | lost | 429s seen | writes applied | rate reached | % of the limit |", "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for c in CLIENTS:
        if "bulk" not in c.scenarios:
            continue
        with Mock(mock_bin, "--users", str(max(bulk_n * 2, 1000)), "--rate-limit", str(bulk_limit)) as m, tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            ids = active_users(m, bulk_n, "accountId")
            json.dump(ids, f)
            f.close()
            time.sleep(1.1)  # let the listing's share of the bucket refill
            before = m.stats()
            r = measure(c, args, "bulk", m, {"ids_file": f.name, "concurrency": 16}, 1)
            after = m.stats()
            os.unlink(f.name)
            o = r.out
            lost = o["items"] - o["ok"] - o["failed"] + (len(ids) - o["items"])
            applied = after["writes_applied"] - before["writes_applied"]
            rate = o["ok"] / o["wall_s"]
            bulk_rows.append(
                f"| {c.lang} | {c.label} | {o['ok']:,} | {o['failed']:,} | {lost} | {after['rate_limited'] - before['rate_limited']:,} | "
                f"{applied:,} | {rate:,.0f}/s | {100 * rate / bulk_limit:.0f}% |"
            )
            bulk_data.append({"lang": c.lang, "pct": 100 * rate / bulk_limit, "lost": lost})
            if lost or o["failed"] or applied != o["ok"]:
                problems.append(f"bulk {c.lang} {c.label}: ok {o['ok']}, failed {o['failed']}, lost {lost}, applied {applied}")

    off_n, off_limit = (20, 100) if smoke else (1_000, 100)
    print(f"== workflow: offboard {off_n:,} users with the CLI, the mock limited to {off_limit} requests a second per key")
    with Mock(mock_bin, "--users", str(max(off_n * 3, 200)), "--rate-limit", str(off_limit)) as m, tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        emails = active_users(m, off_n, "email")
        f.write("\n".join(emails) + "\n")
        f.close()
        time.sleep(1.1)
        env = dict(os.environ, ATLASSIAN_ADMIN_API_KEY=m.info["org_api_key"], ATLASSIAN_SCIM_API_KEY=m.info["scim_api_key"],
                   ATLASSIAN_ADMIN_BASE_URL=m.info["base_url"], ATLASSIAN_ORG_ID=m.info["org_id"], ATLASSIAN_ADMIN_CONFIG="/nonexistent")
        before = m.stats()
        t0 = time.perf_counter()
        r = subprocess.run([str(args.target / "atlassian-admin"), "offboard", "--from-file", f.name, "--scim-directory", m.info["directory_id"], "--concurrency", "8", "--no-progress"],
                           capture_output=True, text=True, env=env, timeout=3600)
        off_wall = time.perf_counter() - t0
        after = m.stats()
        os.unlink(f.name)
        records = [json.loads(line) for line in r.stdout.splitlines() if line.strip()]
        outcomes: Dict[str, int] = {}
        for rec in records:
            outcomes[rec["outcome"]] = outcomes.get(rec["outcome"], 0) + 1
        reqs = after["requests"] - before["requests"]
        off_row = (f"| {len(records):,} | {off_wall:.1f} s | {reqs / max(len(records), 1):.1f} | {after['writes_applied'] - before['writes_applied']:,} | "
                   f"{after['rate_limited'] - before['rate_limited']:,} | {', '.join(f'{k} {v}' for k, v in sorted(outcomes.items()))} |")
        print(f"  offboarded {len(records)} in {off_wall:.1f} s, {reqs} requests: {outcomes}")
        if len(records) != len(emails) or set(outcomes) - {"done"}:
            problems.append(f"offboarding: {outcomes} for {len(emails)} addresses (exit {r.returncode}): {r.stderr[-500:]}")

    print("== scale: listing (v2 search) at " + ", ".join(f"{s:,}" for s in sizes) + " users")
    scale: Dict[int, List[Result]] = {}
    for s in sizes:
        with Mock(mock_bin, "--users", str(s)) as m:
            scale[s] = [measure(c, args, "list-v2", m, {}, runs) for c in CLIENTS if c.name in ("ours", "raw", "requests", "fetch")]
        problems += check_same_items(scale[s], {"list-v2": scale[s][0].out["items"]})
    scale_rows = ["| language | client | " + " | ".join(f"µs / user at {s:,}" for s in sizes) + " | " + " | ".join(f"RSS MiB at {s:,}" for s in sizes) + " |",
                  "|---|---|" + "---:|" * (2 * len(sizes))]
    for i, c in enumerate(scale[sizes[0]]):
        per = [scale[s][i].out["wall_s"] * 1e6 / max(scale[s][i].out["items"], 1) for s in sizes]
        rss = [scale[s][i].rss_mib for s in sizes]
        scale_rows.append(f"| {c.client.lang} | {c.client.label} | " + " | ".join(f"{x:.1f}" for x in per) + " | " + " | ".join(f"{x:.0f}" for x in rss) + " |")
    floor = [r for r in scale[sizes[0]] if r.client.name == "requests"][0]
    i = scale[sizes[0]].index(floor)
    mid, big = sizes[-2], sizes[-1]
    server_ratio = (scale[big][i].out["wall_s"] / scale[big][i].out["items"]) / (scale[mid][i].out["wall_s"] / scale[mid][i].out["items"])

    machine = f"{platform.machine()}, {os.cpu_count()} cores, {cpu_model()}, {platform.system()} {platform.release()}"
    versions = [
        f"rustc: {version(['rustc', '--version'])}",
        f"Python: {platform.python_version()}; requests {pkg_version('requests')}; atlassian-python-api {pkg_version('atlassian-python-api')}",
        f"Node.js: {version(['node', '--version'])}",
    ]
    md = [
        "# Benchmarks" + (" (smoke run: small numbers, not for reading)" if smoke else ""),
        "",
        "Written by `bench/run.sh`; every figure below comes from one run on one machine. The mock server",
        "runs as its own process; every client runs as its own process too, so CPU time (user + system, of",
        "the measured part) and peak RSS (wait4) are the client's alone. Each client reads two members of",
        "every item. Wall time is the best of " + f"{runs} run(s); the floor of a language is a plain loop over the same pages with",
        "that language's usual HTTP library, decoding each page into generic JSON.",
        "",
        f"- Machine: {machine}",
        *[f"- {v}" for v in versions],
        f"- Reproduce: `bash bench/run.sh{' --smoke' if smoke else ''}` ({time.time() - started:.0f} s for this run)",
        "",
        "## Targets",
        "",
        *targets_table(results, bulk_data, scale, server_ratio),
        "",
        f"## Listing every directory user through the v2 search (cursor in the body), {users:,} users",
        "",
        *listing_table(results, "list-v2"),
        "",
        f"![wall time over the floor](benchmarks.svg)",
        "",
        f"## Listing every user through the v1 listing (`links.next`), {users:,} users",
        "",
        "atlassian-python-api has no call for this listing.",
        "",
        *listing_table(results, "list-v1"),
        "",
        f"## A small GET (`getOrgById`), {calls:,} sequential calls after 20 warm-up calls, the best p50 of {latency_runs} run(s)",
        "",
        "The reference row makes no request: it is asyncio's own round trip to a worker thread and back (`run_in_executor`),",
        "which any asyncio client whose I/O runs off the loop's thread pays once per call.",
        "",
        *latency_table(results),
        "",
        f"## Bulk: suspend {bulk_n:,} users at concurrency 16, the mock limited to {bulk_limit} requests a second",
        "",
        "Lost = outcomes neither reported as a success nor as an error. Writes applied = the mock's own count.",
        "",
        *bulk_rows,
        "",
        f"## Workflow: offboarding {off_n:,} users with the command line, the mock limited to {off_limit} requests a second per key",
        "",
        "`atlassian-admin offboard --from-file FILE --scim-directory DIR --concurrency 8`: each user is found in the directory, deactivated through",
        "SCIM when synced, suspended, removed from their groups and has their API tokens revoked. Requests per user counts every request the mock saw.",
        "",
        "| users | wall time | requests per user | writes applied | 429s seen | outcomes |",
        "|---:|---:|---:|---:|---:|---|",
        off_row,
        "",
        "## Scale: the v2 search listing at several directory sizes",
        "",
        f"The mock serves a page in time independent of the directory size: the plain `requests` loop's time per user at {big:,}",
        f"users is {server_ratio:.2f}× its time per user at {mid:,}.",
        "",
        *scale_rows,
        "",
    ]
    if problems:
        md += ["## Problems", "", *[f"- {p}" for p in problems], ""]
    out_md.write_text("\n".join(md))
    svg_chart(results, out_md.with_suffix(".svg"), f"Listing {users:,} users (v2 search): wall time over the plain loop")
    print("\n".join(md))
    print(f"wrote {out_md} and {out_md.with_suffix('.svg')}")
    if problems:
        raise SystemExit("benchmark problems:\n" + "\n".join(problems))


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


if __name__ == "__main__":
    main()
