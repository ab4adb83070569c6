#!/usr/bin/env bash
# Builds every release artifact into dist/ (ignored by git), with SHA256SUMS:
#   dist/crates/   atlassian-admin-raw, atlassian-admin, atlassian-admin-mock, atlassian-admin-cli (.crate, verified)
#   dist/python/   the abi3 manylinux wheel and the source distribution
#   dist/node/     atlassian-admin (JavaScript and typings) and atlassian-admin-linux-x64-gnu (the addon)
#   dist/bin/      the command line and the offline mock, x86_64-unknown-linux-gnu
#   dist/docs/     the rendered API docs of every language (scripts/docs.sh)
# Versions come from Cargo.toml, pyproject.toml and the two package.json files, which must agree.
# Publishing is a separate, deliberate step (cargo publish, twine upload, npm publish) that this
# script does not take.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
DIST="$ROOT/dist"
step() { printf '\n== %s\n' "$*"; }

VERSION="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"
for v in "$(sed -n 's/^version = "\(.*\)"/\1/p' bindings/python/pyproject.toml)" \
         "$(node -p 'require("./bindings/node/package.json").version')" \
         "$(node -p 'require("./bindings/node/npm/linux-x64-gnu/package.json").version')"; do
  [ "$v" = "$VERSION" ] || { echo "version mismatch: Cargo.toml has $VERSION, a package has $v"; exit 1; }
done
grep -Eq "^## \[?($VERSION|Unreleased)\]?" CHANGELOG.md || { echo "CHANGELOG.md has no section for $VERSION"; exit 1; }
echo "releasing $VERSION"
rm -rf "$DIST"
mkdir -p "$DIST"/{crates,python,node,bin,docs}

step "generated code is current"
cargo xtask codegen --check

step "crates (cargo package: each one built alone from its packaged sources)"
cargo package --locked -p atlassian-admin-raw -p atlassian-admin -p atlassian-admin-mock -p atlassian-admin-cli
cp "$TARGET"/package/atlassian-admin*-"$VERSION".crate "$DIST/crates/"

step "Python wheel and sdist (maturin)"
TOOLS="$TARGET/release-tools"
[ -x "$TOOLS/bin/python" ] || "${PYTHON:-python3}" -m venv "$TOOLS"
"$TOOLS/bin/python" -m pip install -q --disable-pip-version-check "maturin==1.16.*"
rm -f "$TARGET"/wheels/atlassian_admin-*.whl
(cd bindings/python && "$TOOLS/bin/maturin" build --release --locked --out "$TARGET/wheels" && "$TOOLS/bin/maturin" sdist --out "$DIST/python")
cp "$TARGET"/wheels/atlassian_admin-*.whl "$DIST/python/"

step "Node packages (napi build --release, main and platform package)"
(cd bindings/node && { [ -d node_modules ] || npm ci --no-audit --no-fund; } \
  && npx napi build --platform --release --js native.js --dts native.d.ts -- --locked \
  && bash tools/pack.sh "$DIST/node" >/dev/null)

step "command line and mock binaries"
cargo build --release --locked -p atlassian-admin-cli -p atlassian-admin-mock
TRIPLE="$(rustc -vV | sed -n 's/^host: //p')"
for b in atlassian-admin atlassian-admin-mock; do
  tar -czf "$DIST/bin/$b-$VERSION-$TRIPLE.tar.gz" -C "$TARGET/release" "$b"
done

step "API docs"
bash scripts/docs.sh
tar -czf "$DIST/docs/atlassian-admin-docs-$VERSION.tar.gz" -C "$TARGET/docs" rust python node

step "checksums"
(cd "$DIST" && find . -type f ! -name SHA256SUMS | sort | sed 's|^\./||' | xargs sha256sum > SHA256SUMS)
(cd "$DIST" && sha256sum --quiet -c SHA256SUMS)
while read -r _ f; do printf '%8s  %s\n' "$(du -h "$DIST/$f" | cut -f1)" "$f"; done < "$DIST/SHA256SUMS"
echo "dist/ holds $(wc -l < "$DIST/SHA256SUMS") artifacts of $VERSION; dist/SHA256SUMS lists them"
