#!/usr/bin/env bash
# The Node package's whole check, as CI runs it from the repository root:
#   bash bindings/node/test.sh
# Installs the npm dev dependencies, builds the offline mock and the addon (release), verifies the
# generated files are current, type-checks the typed example and runs the node:test suite.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$HERE"

step() { printf '\n== %s\n' "$*"; }

step "npm dependencies"
if [ -f package-lock.json ]; then
  npm ci --no-audit --no-fund || npm install --no-audit --no-fund
else
  npm install --no-audit --no-fund
fi

step "offline mock (cargo build --locked -p atlassian-admin-mock)"
(cd "$ROOT" && cargo build --locked -p atlassian-admin-mock)

# The suite and the packaging test run on the addon a user would install (release), built once;
# ATLASSIAN_ADMIN_NODE_DEV=1 builds a quicker debug addon instead.
if [ "${ATLASSIAN_ADMIN_NODE_DEV:-}" = 1 ]; then
  step "native addon (napi build, debug)"
  npx napi build --platform --js native.js --dts native.d.ts
else
  step "native addon (napi build --release --locked)"
  npx napi build --platform --release --js native.js --dts native.d.ts -- --locked
fi

step "generated files are up to date"
node tools/gen-resources.js --check
node tools/gen-types.js --check

step "tsc --noEmit --strict"
npx tsc --noEmit --strict -p tsconfig.json

step "npm pack: the main and the platform package install without a toolchain, type-check (tsc --strict) and run"
bash tools/pack-test.sh

step "node --test"
export ATLASSIAN_ADMIN_MOCK="${CARGO_TARGET_DIR:-$ROOT/target}/debug/atlassian-admin-mock"
node --test --test-concurrency=2 __test__/
