#!/usr/bin/env bash
# Benchmarks against the incumbents, side by side, in one run:
#   bash bench/run.sh            full run (release builds, 100,000 users): writes docs/benchmarks.md and .svg
#   bash bench/run.sh --smoke    a few seconds on the debug builds the tests made: checks the harness
#                                (--reuse-builds: also the wheel and addon the binding tests built)
# Builds the mock and the Rust clients, installs the peers (requests, atlassian-python-api) and our
# Python package into target/bench/venv, builds the Node addon, then runs bench/run.py.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PROFILE=release
FLAGS=(--release)
REUSE=0
ARGS=()
for a in "$@"; do
  if [ "$a" = "--smoke" ]; then PROFILE=debug; FLAGS=(); fi
  # --reuse-builds: take the wheel and the addon the binding tests just built instead of building them again.
  if [ "$a" = "--reuse-builds" ]; then REUSE=1; else ARGS+=("$a"); fi
done
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"

echo "== building the mock, the CLI and the Rust clients ($PROFILE)"
cargo build --locked "${FLAGS[@]}" -p atlassian-admin-mock -p atlassian-admin-bench -p atlassian-admin-cli

VENV="$TARGET/bench/venv"
if [ ! -x "$VENV/bin/python" ]; then
  echo "== creating $VENV"
  "${PYTHON:-python3}" -m venv "$VENV"
fi
echo "== installing the Python peers and our package ($PROFILE)"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check "maturin==1.16.*" "requests==2.*" "atlassian-python-api==5.*"
WHEEL="$(ls "$TARGET"/wheels/atlassian_admin-*.whl 2>/dev/null | head -1 || true)"
if [ "$REUSE" = 1 ] && [ -n "$WHEEL" ]; then
  echo "   reusing $WHEEL"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps "$WHEEL"
else
  (cd bindings/python && VIRTUAL_ENV="$VENV" PATH="$VENV/bin:$PATH" maturin develop -q "${FLAGS[@]}")
fi

if [ "$REUSE" = 1 ] && [ -f bindings/node/atlassian-admin.linux-x64-gnu.node ]; then
  echo "== reusing the Node addon the Node tests built"
else
  echo "== building the Node addon ($PROFILE)"
  (cd bindings/node && { [ -d node_modules ] || npm install --no-audit --no-fund; } && npx napi build --platform "${FLAGS[@]}" --js native.js --dts native.d.ts)
fi

exec "$VENV/bin/python" bench/run.py --target "$TARGET/$PROFILE" "${ARGS[@]}"
