"""Chaos totals: the same 10,000 mixed operations per language against the mock, once clean and
once under faults (429 storms from a server rate limit, 500s and 503s, connection resets,
truncated and malformed bodies, added latency), counted by the client and by the mock.

    python3 tests/chaos/run.py [--ops N] [--out FILE]      (tests/chaos/run.sh builds first)

Per language: writes lost (never applied after the caller's checked retries), writes applied
twice (the mock applied more creations than were asked for, or a first send met a 409: the
client itself repeated a write that had applied), crashes (the process died or threw something
other than our typed errors), items missing from completed listings, typed errors the caller
saw and retried, and the wall time the faults added. Writes the table to --out (markdown).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any, Dict, List

ROOT = Path(__file__).resolve().parents[2]
TARGET = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
if not TARGET.is_absolute():
    TARGET = ROOT / TARGET
FAULTS = ["--rate-limit", "150", "--error-500", "0.02", "--error-503", "0.004", "--reset", "0.02",
          "--truncated", "0.02", "--malformed", "0.01", "--latency-ms", "1"]
# The storm: the same faults, 16 concurrent lanes per client, and a rate limit they exceed.
STORM = ["--rate-limit", "100", *FAULTS[2:]]
CONCURRENCY = 16
USERS = 230


def python() -> str:
    venv = ROOT / "bindings" / "python" / ".venv" / "bin" / "python"
    return os.environ.get("CHAOS_PYTHON", str(venv if venv.exists() else sys.executable))


def workers() -> Dict[str, List[str]]:
    here = ROOT / "tests" / "chaos"
    return {
        "Rust": [str(TARGET / "debug" / "bench-rust"), "chaos", "chaos"],
        "Python": [python(), str(here / "chaos.py")],
        "Node": ["node", str(here / "chaos.mjs"), str(ROOT / "bindings" / "node" / "index.js")],
    }


def run_one(argv: List[str], flags: List[str], ops: int, seed: int, concurrency: int = 1) -> Dict[str, Any]:
    mock = subprocess.Popen([str(TARGET / "debug" / "atlassian-admin-mock"), "--port", "0", "--exit-on-stdin-close",
                             "--users", str(USERS), "--seed", str(seed), *flags], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert mock.stdout is not None
        info = json.loads(mock.stdout.readline())
        params = {"ops": ops, "expected_users": USERS, "concurrency": concurrency}
        t = time.perf_counter()
        proc = subprocess.run([*argv, json.dumps(info), json.dumps(params)], capture_output=True, text=True, timeout=1800)
        wall = time.perf_counter() - t
        with urllib.request.urlopen(info["base_url"] + "/_mock/stats") as r:
            stats = json.loads(r.read())
        out: Dict[str, Any] = {"exit": proc.returncode, "stderr": proc.stderr[-2000:], "stats": stats, "process_s": wall}
        try:
            out.update(json.loads(proc.stdout.strip().splitlines()[-1]))
        except (ValueError, IndexError):
            out["crashed"] = True
        return out
    finally:
        if mock.stdin:
            mock.stdin.close()
        mock.wait(timeout=10)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ops", type=int, default=10_000)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--langs", default="Rust,Python,Node")
    args = ap.parse_args()
    rows = []
    failed = False
    for lang, argv in workers().items():
        if lang not in args.langs.split(","):
            continue
        clean = run_one(argv, [], args.ops, 7)
        chaos = run_one(argv, FAULTS, args.ops, 7)
        storm = run_one(argv, STORM, args.ops, 7, CONCURRENCY)
        for name, r in (("clean", clean), ("chaos", chaos), ("storm", storm)):
            if r.get("crashed") or r["exit"] != 0:
                print(f"{lang} {name} run crashed (exit {r['exit']}):\n{r['stderr']}", file=sys.stderr)
                failed = True
        if failed:
            continue
        # Every listing of the clean run holds exactly the users expected at that moment.
        if set(clean["listing_sizes"]) != {"0/0"}:
            print(f"{lang}: clean listings are off: {clean['listing_sizes']}", file=sys.stderr)
            failed = True
            continue
        for mode, r in (("sequential", chaos), ("16 concurrent", storm)):
            sizes = [(int(k.split("/")[0]), int(k.split("/")[1]), n) for k, n in r["listing_sizes"].items()]
            missing = sum(-d * n for d, _, n in sizes if d < 0)
            # Sequentially a listing must hold exactly the confirmed users; concurrently, users
            # whose creation was still in flight may appear too, so only repeats are extra.
            extra = sum(((max(d, 0) if r is chaos else 0) + rep) * n for d, rep, n in sizes)
            s = r["stats"]
            applied_extra = max(0, s["writes_applied"] - r["writes"])
            row = {
                "lang": lang, "mode": mode, "ops": r["ops"], "reads": r["reads"], "listings": r["listings"], "writes": r["writes"],
                "requests": s["requests"], "rate_limited": s["rate_limited"], "faults": s["faults"],
                "writes_applied": s["writes_applied"],
                "writes_lost": r["writes_lost"] + max(0, r["writes"] - s["writes_applied"]),
                "writes_applied_twice": applied_extra + r["writes_sent_twice"],
                "crashes": 0, "listing_items_missing": missing, "listing_items_extra": extra,
                "typed_errors": r["typed_errors"], "caller_retries": r["caller_retries"], "unrecovered": r["unrecovered"],
                "clean_s": clean["wall_s"], "chaos_s": r["wall_s"],
                "clean_errors": clean["typed_errors"],
            }
            rows.append(row)
            print(json.dumps(row), flush=True)
    head = ("| Language | Lanes | Operations (reads / listings / writes) | Requests seen by the mock | 429s | Injected faults | "
            "Writes lost | Writes applied twice | Crashes | Listing items missing | Typed errors retried by the caller | "
            "Unrecovered | Wall time clean → chaos |")
    lines = [head, "|" + "---|" * 13]
    for r in rows:
        lines.append(f"| {r['lang']} | {r['mode']} | {r['ops']:,} ({r['reads']:,} / {r['listings']:,} / {r['writes']:,}) | {r['requests']:,} | "
                     f"{r['rate_limited']:,} | {r['faults']:,} | {r['writes_lost']} | {r['writes_applied_twice']} | {r['crashes']} | "
                     f"{r['listing_items_missing']} | {r['typed_errors']:,} | {r['unrecovered']} | "
                     f"{r['clean_s']:.1f} s → {r['chaos_s']:.1f} s (+{r['chaos_s'] - r['clean_s']:.1f} s) |")
    table = "\n".join(lines)
    print("\n" + table)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(f"Mock faults: `{' '.join(FAULTS)}` (sequential) and `{' '.join(STORM)}` ({CONCURRENCY} concurrent lanes), "
                            f"{USERS} users, seed 7. Wall time: the clean sequential run, then the faulty one.\n\n{table}\n")
    bad = failed or any(r["writes_lost"] or r["writes_applied_twice"] or r["listing_items_missing"] or r["listing_items_extra"] or r["clean_errors"] for r in rows)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
