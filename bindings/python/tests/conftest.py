"""Test fixtures: the offline mock server, spawned as a subprocess per test (or per module)."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, List

import pytest

import atlassian_admin as aa

ROOT = Path(__file__).resolve().parents[3]


def mock_binary() -> Path:
    explicit = os.environ.get("ATLASSIAN_ADMIN_MOCK")
    if explicit:
        return Path(explicit)
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    if not target.is_absolute():
        target = ROOT / target
    return target / "debug" / "atlassian-admin-mock"


@dataclass
class Mock:
    """A running mock server and the connection details it printed."""

    proc: "subprocess.Popen[bytes]"
    base_url: str
    org_id: str
    directory_id: str
    org_api_key: str
    scim_api_key: str

    def admin(self, **kw: Any) -> aa.AdminClient:
        kw.setdefault("retry", aa.RetryPolicy(max_attempts=3, base_delay=0.05, max_delay=0.5))
        return aa.AdminClient(kw.pop("api_key", self.org_api_key), base_url=self.base_url, **kw)

    def scim(self, **kw: Any) -> aa.ScimClient:
        kw.setdefault("retry", aa.RetryPolicy(max_attempts=3, base_delay=0.05, max_delay=0.5))
        return aa.ScimClient(self.directory_id, kw.pop("api_key", self.scim_api_key), base_url=self.base_url, **kw)

    def async_admin(self, **kw: Any) -> aa.AsyncAdminClient:
        return aa.AsyncAdminClient(kw.pop("api_key", self.org_api_key), base_url=self.base_url, **kw)

    def async_scim(self, **kw: Any) -> aa.AsyncScimClient:
        return aa.AsyncScimClient(self.directory_id, kw.pop("api_key", self.scim_api_key), base_url=self.base_url, **kw)

    def stop(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()  # --exit-on-stdin-close
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        if self.proc.stdout:
            self.proc.stdout.close()


def start_mock(*flags: str) -> Mock:
    binary = mock_binary()
    if not binary.exists():
        pytest.fail(f"mock binary {binary} is missing: run `cargo build -p atlassian-admin-mock`")
    proc = subprocess.Popen(
        [str(binary), "--port", "0", "--exit-on-stdin-close", *flags],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line:
        proc.kill()
        pytest.fail(f"mock exited before printing its address (code {proc.wait()})")
    info = json.loads(line)
    return Mock(proc, info["base_url"], info["org_id"], info["directory_id"], info["org_api_key"], info["scim_api_key"])


@pytest.fixture
def mock() -> Iterator[Mock]:
    """A fresh mock (default data: 230 users) for one test."""
    m = start_mock()
    yield m
    m.stop()


@pytest.fixture(scope="module")
def shared_mock() -> Iterator[Mock]:
    """One mock for a module's read-only tests."""
    m = start_mock()
    yield m
    m.stop()


@pytest.fixture
def mock_with() -> Iterator[Callable[..., Mock]]:
    """Starts mocks with extra flags; stops them after the test."""
    started: List[Mock] = []

    def start(*flags: str) -> Mock:
        m = start_mock(*flags)
        started.append(m)
        return m

    yield start
    for m in started:
        m.stop()
