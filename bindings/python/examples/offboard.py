#!/usr/bin/env python3
"""Suspend leavers in one directory, several at a time, and report each outcome.

    ATLASSIAN_ADMIN_API_KEY=... python offboard.py --org ORG_ID --directory DIR_ID ACCOUNT_ID...

Exits 0 when every account was suspended, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Dict, List, Optional, Sequence

from atlassian_admin import AdminClient, AtlassianAdminError, Outcome, RetryPolicy


def offboard(client: AdminClient, org_id: str, directory_id: str, leavers: Sequence[str], concurrency: int = 8) -> List[Outcome]:
    """Suspends every account in ``leavers``; one outcome per account, in the same order."""
    items: List[Dict[str, str]] = [
        {"orgId": org_id, "directoryId": directory_id, "accountId": account} for account in leavers
    ]
    return client.bulk("organization", "suspendUser", items, concurrency=concurrency)


def report(leavers: Sequence[str], outcomes: Sequence[Outcome]) -> int:
    """Prints one line per account; returns how many failed."""
    failed = 0
    for account, outcome in zip(leavers, outcomes):
        if outcome.ok:
            print(f"suspended  {account}")
        else:
            failed += 1
            err: Optional[AtlassianAdminError] = outcome.error
            status = f"HTTP {err.status}" if err is not None and err.status else "no answer"
            print(f"FAILED     {account}: {status}: {err.message if err else ''}")
    print(f"{len(outcomes) - failed} suspended, {failed} failed")
    return failed


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description="Suspend leavers in a directory.")
    ap.add_argument("--org", required=True, help="organization ID")
    ap.add_argument("--directory", required=True, help="directory ID")
    ap.add_argument("--base-url", default=None, help="API host (default: the real service)")
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("accounts", nargs="+", help="account IDs of the leavers")
    opts = ap.parse_args(argv)
    key = os.environ.get("ATLASSIAN_ADMIN_API_KEY")
    if not key:
        print("set ATLASSIAN_ADMIN_API_KEY", file=sys.stderr)
        return 2
    client = AdminClient(key, base_url=opts.base_url, retry=RetryPolicy(max_attempts=4))
    leavers: List[str] = list(opts.accounts)
    outcomes = offboard(client, opts.org, opts.directory, leavers, opts.concurrency)
    return 1 if report(leavers, outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
