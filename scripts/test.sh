#!/usr/bin/env bash
# Every test in every language: generated code and specs are current, the Rust crates (mock,
# client, resilience, safety, every operation by name), the Prism contract test, the Python
# and Node packages (tested as the installed wheel and npm packages), packaging, API docs, and a
# smoke run of the benchmarks. Installs what it needs from crates.io, PyPI and npm.
set -euo pipefail
START=$(date +%s)
cd "$(dirname "$0")/.."
step() { printf '\n== %s\n' "$*"; }

step "generated code is current (cargo xtask codegen --check)"
cargo xtask codegen --check
if [ -d ../shared/atlassian-specs ]; then
  step "vendored specs are current (cargo xtask specs import --check)"
  cargo xtask specs import --from ../shared/atlassian-specs --check
else
  echo "note: ../shared/atlassian-specs is absent; the specs drift check needs the upstream copies"
fi

step "formatting and lints (cargo fmt --check, clippy --all-targets -D warnings)"
cargo fmt --check
cargo clippy --locked --workspace --all-targets -- -D warnings

step "Rust tests"
cargo test --locked --workspace --exclude atlassian-admin-python --exclude atlassian-admin-node

step "Contract test: every operation against Prism serving specs/"
bash tests/contract/run.sh

for lang in python node; do
  step "$lang package"
  bash "bindings/$lang/test.sh"
done

step "Chaos smoke (tests/chaos/run.sh --ops 400: every language under 429s, 5xx, resets and bad bodies; nothing lost or doubled)"
bash tests/chaos/run.sh --ops 400

step "Packaging: the four crates, each built alone from its packaged sources (cargo package)"
# --allow-dirty: a developer's uncommitted work may be in the tree; CI runs on a clean checkout.
PKG_LOG="$(mktemp)"
if ! cargo package --locked --allow-dirty -p atlassian-admin-raw -p atlassian-admin -p atlassian-admin-mock -p atlassian-admin-cli > "$PKG_LOG" 2>&1; then
  cat "$PKG_LOG"; exit 1
fi
grep -E '^ *(Packaged|warning)' "$PKG_LOG" || true
ls -l "${CARGO_TARGET_DIR:-target}"/package/*.crate | awk '{printf "   %8.0f KiB  %s\n", $5/1024, $NF}'

step "API docs of every language (scripts/docs.sh: rustdoc with warnings denied, pdoc, TypeDoc)"
bash scripts/docs.sh

step "Benchmark smoke run (bench/run.sh --smoke: every client, small numbers, same items seen)"
bash bench/run.sh --smoke --reuse-builds
step "all tests passed in $(( $(date +%s) - START )) s"
