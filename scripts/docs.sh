#!/usr/bin/env bash
# API documentation for every language, rendered into target/docs/ (not committed):
#   target/docs/rust/     rustdoc of the four crates (cargo doc --no-deps, warnings denied)
#   target/docs/python/   pdoc of the atlassian_admin package (docstrings and type hints)
#   target/docs/node/     TypeDoc of the package's typings (index.d.ts, generated types)
# The Python pages need the extension: the wheel in target/wheels if there is one (the Python
# tests build it), otherwise one is built. Tools are fetched from PyPI and npm.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
OUT="$TARGET/docs"
rm -rf "$OUT/rust" "$OUT/python" "$OUT/node"
mkdir -p "$OUT"

echo "== rustdoc (missing docs and broken links are errors)"
RUSTDOCFLAGS="-D warnings" cargo doc --locked --no-deps -q \
  -p atlassian-admin-raw -p atlassian-admin -p atlassian-admin-mock -p atlassian-admin-cli
cp -r "$TARGET/doc" "$OUT/rust"
cat > "$OUT/rust/index.html" <<'HTML'
<!doctype html><meta http-equiv="refresh" content="0; url=atlassian_admin/index.html"><a href="atlassian_admin/index.html">atlassian_admin</a>
HTML

echo "== pdoc (Python)"
VENV="$OUT/.venv"
[ -x "$VENV/bin/python" ] || "${PYTHON:-python3}" -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check "pdoc==15.*" "maturin==1.16.*"
WHEEL="$(ls "$TARGET"/wheels/atlassian_admin-*.whl 2>/dev/null | head -1 || true)"
if [ -z "$WHEEL" ]; then
  (cd bindings/python && "$VENV/bin/maturin" build --release --locked --out "$TARGET/wheels")
  WHEEL="$(ls "$TARGET"/wheels/atlassian_admin-*.whl | head -1)"
fi
"$VENV/bin/python" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps "$WHEEL"
(cd "$OUT" && "$VENV/bin/python" -m pdoc --docformat restructuredtext -o "$OUT/python" atlassian_admin atlassian_admin.errors atlassian_admin.types) \
  2> >(grep -v "Cannot determine where" >&2)  # pdoc cannot place TypedDict members; the pages are complete

echo "== TypeDoc (Node)"
# Its own compiler settings: TypeDoc brings a newer TypeScript than the package's type check.
cat > "$OUT/tsconfig.node.json" <<JSON
{ "compilerOptions": { "target": "es2022", "module": "node16", "moduleResolution": "node16", "strict": true,
  "types": ["node"], "typeRoots": ["$ROOT/bindings/node/node_modules/@types"], "skipLibCheck": true, "noEmit": true },
  "files": ["$ROOT/bindings/node/index.d.ts"] }
JSON
(cd bindings/node && { [ -d node_modules ] || npm ci --no-audit --no-fund; } \
  && npm exec --yes --package=typedoc@0.28 -- typedoc --logLevel Error --disableSources \
       --tsconfig "$OUT/tsconfig.node.json" --entryPoints index.d.ts --name atlassian-admin --readme README.md --out "$OUT/node")

for d in rust python node; do
  [ -f "$OUT/$d/index.html" ] || { echo "no $OUT/$d/index.html"; exit 1; }
  echo "   $d: $(find "$OUT/$d" -name '*.html' | wc -l) pages, $(du -sh "$OUT/$d" | cut -f1)"
done
echo "API docs in $OUT/{rust,python,node}/index.html"
