#!/usr/bin/env bash
# The main job: a tour of the library and the command line. Against the offline mock by default;
# against the real API (read-only) when ATLASSIAN_ADMIN_API_KEY and ATLASSIAN_ORG_ID are set.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== the Rust library (crates/atlassian-admin/examples/quickstart.rs)"
cargo run --quiet -p atlassian-admin --example quickstart

echo
echo "== the command line (crates/atlassian-admin-cli)"
cargo build --quiet -p atlassian-admin-cli -p atlassian-admin-mock
TARGET="${CARGO_TARGET_DIR:-target}/debug"
cli() {
  echo "\$ atlassian-admin $*"
  "$TARGET/atlassian-admin" "$@"
  echo
}

if [ -n "${ATLASSIAN_ADMIN_API_KEY:-}" ] && [ -n "${ATLASSIAN_ORG_ID:-}" ]; then
  # Read-only: nothing below changes the organization.
  cli org "$ATLASSIAN_ORG_ID" get -o json
  cli org "$ATLASSIAN_ORG_ID" users list --limit 5 -o table
  cli org "$ATLASSIAN_ORG_ID" events list --limit 3 -o ndjson
  exit 0
fi

# The mock binary in its own process; it stops when this script's pipe to it closes.
exec 3> >(exec "$TARGET/atlassian-admin-mock" --exit-on-stdin-close --users 300 > "${TMPDIR:-/tmp}/atlassian-admin-tour-mock.json")
for _ in $(seq 50); do
  [ -s "${TMPDIR:-/tmp}/atlassian-admin-tour-mock.json" ] && break
  sleep 0.1
done
INFO="$(head -1 "${TMPDIR:-/tmp}/atlassian-admin-tour-mock.json")"
field() { printf '%s' "$INFO" | sed -E "s/.*\"$1\":\"([^\"]*)\".*/\\1/"; }
export ATLASSIAN_ADMIN_BASE_URL="$(field base_url)" ATLASSIAN_ADMIN_API_KEY="$(field org_api_key)"
export ATLASSIAN_SCIM_API_KEY="$(field scim_api_key)" ATLASSIAN_ORG_ID="$(field org_id)" ATLASSIAN_ADMIN_CONFIG=/nonexistent
ORG="$ATLASSIAN_ORG_ID"
DIR="$(field directory_id)"

cli org "$ORG" directory "$DIR" users search --body '{"accountStatus": ["active"]}' --limit 5 -o table
ONE="$("$TARGET/atlassian-admin" org "$ORG" directory "$DIR" users search --body '{"membershipStatus": ["active"]}' --limit 1)"
EMAIL="$(printf '%s' "$ONE" | sed -E 's/.*"email":"([^"]*)".*/\1/')"
ACCOUNT="$(printf '%s' "$ONE" | sed -E 's/.*"accountId":"([^"]*)".*/\1/')"
cli org "$ORG" directory "$DIR" user "$ACCOUNT" suspend --dry-run
cli offboard --email "$EMAIL" --scim-directory "$DIR" --dry-run -o json
cli offboard --email "$EMAIL" --scim-directory "$DIR"
# The first lines of each (the whole output goes to a file, so no pipe is cut short).
OUT="${TMPDIR:-/tmp}/atlassian-admin-tour.out"
first() {
  echo "\$ atlassian-admin $* | head -$N"
  "$TARGET/atlassian-admin" "$@" > "$OUT"
  head -"$N" "$OUT"
  echo "... ($(wc -l < "$OUT") lines)"
  echo
}
N=4 first report inactive --days 365 -o csv --no-progress
N=3 first export api-tokens -o csv
exec 3>&-
