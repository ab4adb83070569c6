#!/usr/bin/env bash
# The package as a user gets it: `npm pack`, install the tarball into a fresh project, type-check a
# file that uses AdminClient, a Listing and an error class with `tsc --strict`, and run it against
# the offline mock. Run by test.sh after the addon is built.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
cd "$HERE"
TARBALL="$(npm pack --silent --pack-destination "$TMP" | tail -1)"
echo "packed $TARBALL ($(du -h "$TMP/$TARBALL" | cut -f1))"
# Every file the typings reference must be in the tarball.
tar -tzf "$TMP/$TARBALL" | sed 's|^package/||' > "$TMP/files.txt"
for f in index.js index.d.ts native.js native.d.ts generated/resources.js generated/resources.d.ts generated/types.d.ts; do
  grep -qx "$f" "$TMP/files.txt" || { echo "the package lacks $f"; exit 1; }
done
mkdir "$TMP/app"
cd "$TMP/app"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent "$TMP/$TARBALL"
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
node out/smoke.js
exec {MOCKP[1]}>&-
wait "$MOCKP_PID" 2>/dev/null || true
