#!/usr/bin/env bash
# napi-rs per-platform packaging: `atlassian-admin` (JavaScript, typings, no binary) lists
# `atlassian-admin-linux-x64-gnu` (the prebuilt addon only) as an optional dependency, as
# `napi prepublish` does; npm installs the platform package that matches the machine.
#   bash bindings/node/tools/pack.sh OUTDIR     packs both tarballs into OUTDIR, prints their names
# Needs the addon built first (`npx napi build --platform --release ...`).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$(mkdir -p "$1" && cd "$1" && pwd)"
STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
cd "$HERE"
ADDON=atlassian-admin.linux-x64-gnu.node
[ -f "$ADDON" ] || { echo "$HERE/$ADDON is missing: build the addon first"; exit 1; }

# The platform package: npm/linux-x64-gnu/package.json (made by `napi create-npm-dirs`) plus the addon.
cp -r npm/linux-x64-gnu "$STAGE/platform"
cp "$ADDON" "$STAGE/platform/"
strip --strip-debug "$STAGE/platform/$ADDON" 2>/dev/null || true

# The main package: the files its package.json lists, with the optional dependency pinned to this version.
mkdir "$STAGE/main"
node -e '
  const fs = require("fs"), path = require("path");
  const [src, dst] = process.argv.slice(1);
  const pkg = JSON.parse(fs.readFileSync(path.join(src, "package.json"), "utf8"));
  const platform = JSON.parse(fs.readFileSync(path.join(src, "npm/linux-x64-gnu/package.json"), "utf8"));
  pkg.optionalDependencies = { [platform.name]: pkg.version };
  delete pkg.devDependencies; delete pkg.scripts;
  fs.writeFileSync(path.join(dst, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
  for (const f of [...pkg.files, "README.md"]) fs.cpSync(path.join(src, f), path.join(dst, f), { recursive: true });
' "$HERE" "$STAGE/main"
for d in platform main; do
  (cd "$STAGE/$d" && npm pack --silent --pack-destination "$OUT" | tail -1)
done
