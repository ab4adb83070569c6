#!/usr/bin/env bash
# The Python bindings' CI entry point: `bash bindings/python/test.sh` from the repository root.
# Creates bindings/python/.venv if missing, installs the pinned tools, builds the mock server
# and the release wheel (installed into the venv and, separately, into a toolchain-free one), then checks the generated code, types and tests.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
VENV="$HERE/.venv"
PYTHON="${PYTHON:-python3}"

if [ ! -x "$VENV/bin/python" ]; then
    echo "== creating $VENV"
    "$PYTHON" -m venv "$VENV"
fi
export VIRTUAL_ENV="$VENV"
export PATH="$VENV/bin:$PATH"
unset CONDA_PREFIX || true

echo "== installing tools"
python -m pip install -q --disable-pip-version-check "maturin==1.16.*" "pytest==8.4.*" "mypy==1.20.*" "hypothesis==6.*"

echo "== building the mock server"
(cd "$ROOT" && cargo build --locked -p atlassian-admin-mock)

# The suite runs against the wheel a user would install (release, abi3, manylinux), built once;
# the same wheel is then installed into a fresh environment without a Rust toolchain, and reused
# by the benchmark smoke run. ATLASSIAN_ADMIN_PY_DEV=1 uses a quicker `maturin develop` instead.
WHEELS="${CARGO_TARGET_DIR:-$ROOT/target}/wheels"
if [ "${ATLASSIAN_ADMIN_PY_DEV:-}" = 1 ]; then
    echo "== building the extension (maturin develop, debug)"
    (cd "$HERE" && maturin develop)
else
    echo "== building the wheel (maturin build --release --locked)"
    rm -f "$WHEELS"/atlassian_admin-*.whl
    (cd "$HERE" && maturin build --release --locked --out "$WHEELS")
    WHEEL="$(ls "$WHEELS"/atlassian_admin-*.whl)"
    python -m pip install -q --disable-pip-version-check --force-reinstall --no-deps "$WHEEL"
    echo "== the wheel installs and runs without a Rust toolchain"
    bash "$HERE/tools/wheel-test.sh" "$WHEEL"
fi

cd "$HERE"
echo "== generated code is current (_generated/resources.py and _generated/types.py)"
python tools/gen_resources.py --check

echo "== mypy --strict"
mypy --strict python/atlassian_admin examples/offboard.py

echo "== stubtest (_native.pyi against the built extension)"
python -m mypy.stubtest atlassian_admin._native

echo "== pytest"
python -m pytest -q -p no:cacheprovider tests
