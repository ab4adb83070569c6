"""Blocking calls stay interruptible; async calls can be cancelled."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import textwrap
import time
from typing import Any

import pytest

from conftest import Mock


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_interrupts_a_blocking_call(mock_with: Any) -> None:
    m: Mock = mock_with("--latency-ms", "10000")
    code = textwrap.dedent(
        f"""
        import time
        import atlassian_admin as aa
        c = aa.AdminClient({m.org_api_key!r}, base_url={m.base_url!r}, retry=None)
        print("ready", flush=True)
        started = time.monotonic()
        try:
            c.org({m.org_id!r}).get()
            print("finished", flush=True)
        except KeyboardInterrupt:
            print("interrupted %.2f" % (time.monotonic() - started), flush=True)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=10)
    assert out.startswith("interrupted"), out
    assert float(out.split()[1]) < 3.0


def test_async_call_can_be_cancelled(mock_with: Any) -> None:
    m: Mock = mock_with("--latency-ms", "10000")

    async def go() -> float:
        c = m.async_admin(retry=None)
        started = time.monotonic()
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(c.org(m.org_id).get(), timeout=0.3)
        return time.monotonic() - started

    assert asyncio.run(go()) < 3.0
