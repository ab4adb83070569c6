#!/usr/bin/env bash
# Chaos totals in one command: builds the mock and the Rust worker, uses the Python package
# installed in bindings/python/.venv (bindings/python/test.sh puts the wheel there) and the Node
# addon in bindings/node (bindings/node/test.sh builds it), then runs tests/chaos/run.py.
#   bash tests/chaos/run.sh                      10,000 operations per language, table in docs/chaos-results.md
#   bash tests/chaos/run.sh --ops 400            a quick run (the test command's)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
cargo build --locked -q -p atlassian-admin-mock -p atlassian-admin-bench
[ -x bindings/python/.venv/bin/python ] || { echo "run bash bindings/python/test.sh first (it installs the wheel)"; exit 1; }
[ -f bindings/node/atlassian-admin.linux-x64-gnu.node ] || { echo "run bash bindings/node/test.sh first (it builds the addon)"; exit 1; }
if [ $# -eq 0 ]; then set -- --out docs/chaos-results.md; fi
exec python3 tests/chaos/run.py "$@"
