#!/usr/bin/env bash
# Builds the single-page app into a directory the server serves (default ./site):
#   index.html                    revalidated on every load
#   assets/anma-<hash>.{js,wasm,css}  content-hashed, cached for a year
#   favicon.svg, robots.txt       from public/
# each with precompressed .br and .gz siblings.
#
# Needs: the wasm32-unknown-unknown target, wasm-bindgen 0.2.130 on PATH, and
# tools/node_modules (npm ci in tools/) for wasm-opt 132. `make site` arranges all three.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/site}
profile=${ANMA_WASM_PROFILE:-wasm-release}
wasm_opt="$root/tools/node_modules/.bin/wasm-opt"
target_dir=${CARGO_TARGET_DIR:-$root/target}

cd "$root"
echo "building the app (profile $profile)…" >&2
cargo build --quiet -p app --bin app --features ui --target wasm32-unknown-unknown --profile "$profile"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
wasm-bindgen --target web --no-typescript --out-dir "$work" --out-name anma \
  "$target_dir/wasm32-unknown-unknown/$profile/app.wasm"

if [[ "$profile" != "dev" ]]; then
  # The features Rust's wasm32 target emits by default.
  "$wasm_opt" -Oz --strip-debug --strip-producers \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$work/anma_bg.wasm" -o "$work/anma_bg.opt.wasm"
  mv "$work/anma_bg.opt.wasm" "$work/anma_bg.wasm"
fi

hash() { sha256sum "$1" | cut -c1-16; }

rm -rf "$out.tmp"
mkdir -p "$out.tmp/assets"
wasm_name="anma-$(hash "$work/anma_bg.wasm").wasm"
cp "$work/anma_bg.wasm" "$out.tmp/assets/$wasm_name"

# Point the loader at the hashed wasm and start the app when the module loads (no inline
# script: the Content Security Policy forbids it).
sed "s/'anma_bg\.wasm'/'$wasm_name'/" "$work/anma.js" > "$work/anma.boot.js"
grep -q "'$wasm_name'" "$work/anma.boot.js" || { echo "wasm-bindgen output changed: cannot find anma_bg.wasm in anma.js" >&2; exit 1; }
printf '\n__wbg_init();\n' >> "$work/anma.boot.js"
js_name="anma-$(hash "$work/anma.boot.js").js"
cp "$work/anma.boot.js" "$out.tmp/assets/$js_name"

css_name="anma-$(hash style/main.css).css"
cp style/main.css "$out.tmp/assets/$css_name"

for f in public/*; do
  [[ "$(basename "$f")" == index.html ]] || cp -r "$f" "$out.tmp/"
done
sed -e "s/{{CSS}}/$css_name/g" -e "s/{{JS}}/$js_name/g" -e "s/{{WASM}}/$wasm_name/g" \
  public/index.html > "$out.tmp/index.html"

node tools/compress.mjs "$out.tmp"
rm -rf "$out"
mv "$out.tmp" "$out"
echo "site built in $out" >&2
