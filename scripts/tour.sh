#!/usr/bin/env bash
# The main job: a tour of the library. Against the embedded offline mock by default; against
# the real API (read-only) when ATLASSIAN_ADMIN_API_KEY and ATLASSIAN_ORG_ID are set.
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo run --quiet -p atlassian-admin --example quickstart
