"""The typed example runs against the mock."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import Mock

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "offboard.py"


def test_offboard_example(mock: Mock) -> None:
    c = mock.admin()
    users = c.org(mock.org_id).directory(mock.directory_id).users().search({"limit": 3}).limit(3).to_list()
    accounts = [u["accountId"] for u in users] + ["no-such-account"]
    env = dict(os.environ, ATLASSIAN_ADMIN_API_KEY=mock.org_api_key)
    run = subprocess.run(
        [sys.executable, str(EXAMPLE), "--org", mock.org_id, "--directory", mock.directory_id,
         "--base-url", mock.base_url, *accounts],
        env=env, capture_output=True, text=True, timeout=60,
    )
    assert run.returncode == 1, run.stderr
    lines = run.stdout.splitlines()
    assert [line.split()[0] for line in lines[:4]] == ["suspended"] * 3 + ["FAILED"]
    assert "3 suspended, 1 failed" in run.stdout
    for a in accounts[:3]:
        detail = c.org(mock.org_id).directory(mock.directory_id).user(a).get()
        assert "suspend" in str(detail).lower()
