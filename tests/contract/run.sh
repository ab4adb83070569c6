#!/usr/bin/env bash
# Contract test: installs Prism from npm (pinned in package.json) and sends every operation
# through the Rust client to Prism serving specs/<family>.json.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
if [ ! -x node_modules/.bin/prism ]; then
  npm install --no-audit --no-fund --loglevel=error
fi
cd "$here/../.."
PRISM_BIN="$here/node_modules/.bin/prism" cargo test --locked -p atlassian-admin-contract --test prism -- --ignored --nocapture
