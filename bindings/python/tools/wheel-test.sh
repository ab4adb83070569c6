#!/usr/bin/env bash
# The wheel as a user gets it: install WHEEL into a fresh virtual environment whose PATH has no
# cargo and no rustc, then run a smoke script (list users, one exception class, asyncio) against
# the offline mock. Prints the install time and the wheel's size.
#   bash bindings/python/tools/wheel-test.sh path/to/atlassian_admin-*.whl
set -euo pipefail
WHEEL="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
MOCK="${ATLASSIAN_ADMIN_MOCK:-${CARGO_TARGET_DIR:-$ROOT/target}/debug/atlassian-admin-mock}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# The real interpreter, not a pyenv shim (a shim needs pyenv on PATH).
PY="$("${PYTHON:-python3}" -c 'import sys; print(sys.executable)')"
"$PY" -m venv "$TMP/venv"
# Nothing from the Rust toolchain is reachable from here on.
CLEAN_PATH="$TMP/venv/bin:/usr/bin:/bin"
if env PATH="$CLEAN_PATH" sh -c 'command -v cargo || command -v rustc' >/dev/null; then
  echo "cargo or rustc is reachable on $CLEAN_PATH; the test would prove nothing"; exit 1
fi
start=$(date +%s.%N)
env -i HOME="$TMP" PATH="$CLEAN_PATH" "$TMP/venv/bin/python" -m pip install -q --no-index --disable-pip-version-check "$WHEEL"
end=$(date +%s.%N)
echo "installed $(basename "$WHEEL") ($(du -h "$WHEEL" | cut -f1)) in $(python3 -c "print(f'{$end - $start:.1f}')") s, offline, without cargo or rustc"

cat > "$TMP/smoke.py" <<'PY'
import asyncio, json, subprocess, sys

import atlassian_admin as aa

proc = subprocess.Popen([sys.argv[1], "--port", "0", "--exit-on-stdin-close"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
info = json.loads(proc.stdout.readline())
try:
    client = aa.AdminClient(info["org_api_key"], base_url=info["base_url"])
    org = client.org(info["org_id"])
    users = org.users().list().limit(7).to_list()
    assert len(users) == 7 and all(u["account_id"] for u in users), users
    try:
        org.domain("no-such-domain").get()
        raise SystemExit("expected NotFoundError")
    except aa.NotFoundError as e:
        assert e.status == 404 and isinstance(e, aa.AtlassianAdminError)
        err = type(e).__name__

    async def main() -> int:
        async with aa.AsyncAdminClient(info["org_api_key"], base_url=info["base_url"]) as c:
            return len([u async for u in c.org(info["org_id"]).users().list().limit(12)])

    n = asyncio.run(main())
    assert n == 12, n
    print(f"installed wheel: 7 users listed, {err} on a missing domain, 12 users through asyncio ({aa.__file__})")
finally:
    proc.stdin.close()
    proc.wait(timeout=5)
PY
cd "$TMP"
env -i HOME="$TMP" PATH="$CLEAN_PATH" "$TMP/venv/bin/python" smoke.py "$MOCK"
