#!/usr/bin/env bash
# The packages as a user gets them: the main package and the linux-x64-gnu platform package
# (tools/pack.sh), installed from their tarballs into a fresh project with no Rust toolchain, type-check a
# file that uses AdminClient, a Listing and an error class with `tsc --strict`, and run it against
# the offline mock. Run by test.sh after the addon is built.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
cd "$HERE"
# Versions of the main and the platform package move together.
node -e 'const a=require("./package.json").version, b=require("./npm/linux-x64-gnu/package.json").version; if (a!==b) { console.error(`package.json ${a} but npm/linux-x64-gnu ${b}: run npx napi version`); process.exit(1) }'
bash tools/pack.sh "$TMP/dist" > "$TMP/tarballs.txt"
PLATFORM_TGZ="$TMP/dist/$(sed -n 1p "$TMP/tarballs.txt")"
MAIN_TGZ="$TMP/dist/$(sed -n 2p "$TMP/tarballs.txt")"
echo "packed $(basename "$MAIN_TGZ") ($(du -h "$MAIN_TGZ" | cut -f1)) and $(basename "$PLATFORM_TGZ") ($(du -h "$PLATFORM_TGZ" | cut -f1))"
# Every file the typings reference is in the main tarball, and no binary is.
tar -tzf "$MAIN_TGZ" | sed 's|^package/||' > "$TMP/files.txt"
for f in index.js index.d.ts native.js native.d.ts generated/resources.js generated/resources.d.ts generated/types.d.ts; do
  grep -qx "$f" "$TMP/files.txt" || { echo "the package lacks $f"; exit 1; }
done
if grep -q '\.node$' "$TMP/files.txt"; then echo "the main package carries a binary"; exit 1; fi
tar -tzf "$PLATFORM_TGZ" | grep -qx 'package/atlassian-admin.linux-x64-gnu.node' || { echo "the platform package lacks the addon"; exit 1; }
mkdir "$TMP/app"
cd "$TMP/app"
npm init -y >/dev/null
# A user's machine: no Rust toolchain on PATH while installing and running.
NODE_DIR="$(dirname "$(command -v node)")"
CLEAN_PATH="$NODE_DIR:/usr/bin:/bin"
if env PATH="$CLEAN_PATH" sh -c 'command -v cargo || command -v rustc' >/dev/null; then
  echo "cargo or rustc is reachable on $CLEAN_PATH; the test would prove nothing"; exit 1
fi
start=$(date +%s%N)
env PATH="$CLEAN_PATH" npm install --no-audit --no-fund --silent --offline "$PLATFORM_TGZ" "$MAIN_TGZ"
echo "installed both tarballs in $(( ($(date +%s%N) - start) / 1000000 )) ms, offline, without cargo or rustc"
[ -f node_modules/atlassian-admin-linux-x64-gnu/atlassian-admin.linux-x64-gnu.node ] || { echo "the platform package was not installed"; exit 1; }
cat > smoke.ts <<'TS'
import { AdminClient, Listing, NotFoundError, AtlassianAdminError } from 'atlassian-admin';

async function main(): Promise<void> {
  const client = new AdminClient({ apiKey: process.env.MOCK_KEY!, baseUrl: process.env.MOCK_URL! });
  const users: Listing<unknown> = client.org(process.env.MOCK_ORG!).users().list({ limit: 5 });
  let n = 0;
  for await (const _ of users) n++;
  if (n !== 5) throw new Error(`expected 5 users, got ${n}`);
  try {
    await client.org(process.env.MOCK_ORG!).domain('no-such-domain').get();
    throw new Error('expected a NotFoundError');
  } catch (e) {
    if (!(e instanceof NotFoundError)) throw e;
    const err: AtlassianAdminError = e;
    console.log(`installed package: 5 users listed, ${err.name} ${err.status} after ${err.attempts} attempt(s)`);
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
TS
cat > tsconfig.json <<'JSON'
{ "compilerOptions": { "target": "es2022", "module": "commonjs", "moduleResolution": "node", "strict": true,
  "types": ["node"], "typeRoots": ["NODE_TYPES"], "skipLibCheck": false, "outDir": "out" }, "files": ["smoke.ts"] }
JSON
sed -i "s|NODE_TYPES|$HERE/node_modules/@types|" tsconfig.json
"$HERE/node_modules/.bin/tsc" -p tsconfig.json
echo "tsc --strict passes on the installed package"
MOCK="${CARGO_TARGET_DIR:-$ROOT/target}/debug/atlassian-admin-mock"
coproc MOCKP { "$MOCK" --port 0 --exit-on-stdin-close; }
read -r line <&"${MOCKP[0]}"
export MOCK_URL MOCK_KEY MOCK_ORG
MOCK_URL="$(node -e 'console.log(JSON.parse(process.argv[1]).base_url)' "$line")"
MOCK_KEY="$(node -e 'console.log(JSON.parse(process.argv[1]).org_api_key)' "$line")"
MOCK_ORG="$(node -e 'console.log(JSON.parse(process.argv[1]).org_id)' "$line")"
env PATH="$CLEAN_PATH" node out/smoke.js
exec {MOCKP[1]}>&-
wait "$MOCKP_PID" 2>/dev/null || true
