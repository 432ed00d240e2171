#!/usr/bin/env bash
# Builds the single-page app into a directory the server serves (default ./site), one
# bundle per group of pages, so that a visitor downloads only the pages of the one they
# open (app/Cargo.toml names the features, app/src/model/routes.rs the pages of each):
#   verify.html, assets/anma-verify-<hash>.{js,wasm}        /, /v/… (what a QR code opens)
#   inspection.html, assets/anma-inspection-<hash>.…        /i/… (an inspection notice's QR)
#   index.html, assets/anma-<hash>.{js,wasm}                /disclosures, unknown paths
#   powers.html, assets/anma-powers-<hash>.…                /items, /officers
#   stats.html, assets/anma-stats-<hash>.…                  /stats
#   spot-checks.html, assets/anma-spot-checks-<hash>.…      /spot-checks
#   scan.html, assets/anma-scan-<hash>.…                    /scan (camera and decoder)
#   workspace.html, assets/anma-workspace-<hash>.…          /login, /workspace (staff)
# The HTML pages are revalidated on every load; the rest is content-hashed:
#   assets/anma-<hash>.css        content-hashed, cached for a year
#   favicon.svg, robots.txt       from public/
# each with precompressed .br and .gz siblings.
#
# Needs: the wasm32-unknown-unknown target, wasm-bindgen 0.2.130 on PATH, and
# tools/node_modules (npm ci in tools/) for wasm-opt 132 and esbuild (which minifies the
# loader and the stylesheet). `make site` arranges all three.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/site}
profile=${ANMA_WASM_PROFILE:-wasm-release}
wasm_opt="$root/tools/node_modules/.bin/wasm-opt"
esbuild="$root/tools/node_modules/.bin/esbuild"
target_dir=${CARGO_TARGET_DIR:-$root/target}

cd "$root"
rm -rf "$out.tmp"
mkdir -p "$out.tmp/assets"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

hash() { sha256sum "$1" | cut -c1-16; }

# bundle NAME FEATURES: builds the app with FEATURES into assets/NAME-<hash>.{js,wasm} and
# sets $js_name and $wasm_name.
bundle() {
  local name=$1 features=$2
  echo "building the $name bundle (features $features, profile $profile)…" >&2
  cargo build --quiet -p app --bin app --features "$features" --target wasm32-unknown-unknown --profile "$profile"
  rm -rf "$work/$name" && mkdir -p "$work/$name"
  wasm-bindgen --target web --no-typescript --out-dir "$work/$name" --out-name "$name" \
    "$target_dir/wasm32-unknown-unknown/$profile/app.wasm"
  if [[ "$profile" != "dev" ]]; then
    # The features Rust's wasm32 target emits by default. Rust lays the stack out first,
    # growing down to address 0, so the low 1 KiB is only reached by a stack overflow:
    # --low-memory-unused lets wasm-opt fold constant offsets into loads and stores.
    "$wasm_opt" -Oz --low-memory-unused --strip-debug --strip-producers \
      --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-mutable-globals --enable-reference-types --enable-multivalue \
      "$work/$name/${name}_bg.wasm" -o "$work/$name/opt.wasm"
    mv "$work/$name/opt.wasm" "$work/$name/${name}_bg.wasm"
  fi
  wasm_name="$name-$(hash "$work/$name/${name}_bg.wasm").wasm"
  cp "$work/$name/${name}_bg.wasm" "$out.tmp/assets/$wasm_name"
  # Point the loader at the hashed wasm and start the app when the module loads (no inline
  # script: the Content Security Policy forbids it).
  sed "s/'${name}_bg\.wasm'/'$wasm_name'/" "$work/$name/$name.js" > "$work/$name/boot.js"
  grep -q "'$wasm_name'" "$work/$name/boot.js" || { echo "wasm-bindgen output changed: cannot find ${name}_bg.wasm in $name.js" >&2; exit 1; }
  printf '\n__wbg_init();\n' >> "$work/$name/boot.js"
  if [[ "$profile" != "dev" ]]; then
    "$esbuild" "$work/$name/boot.js" --minify --format=esm --log-level=warning --outfile="$work/$name/boot.min.js"
    mv "$work/$name/boot.min.js" "$work/$name/boot.js"
  fi
  js_name="$name-$(hash "$work/$name/boot.js").js"
  cp "$work/$name/boot.js" "$out.tmp/assets/$js_name"
}

"$esbuild" style/main.css --minify --log-level=warning --outfile="$work/main.css"
css_name="anma-$(hash "$work/main.css").css"
cp "$work/main.css" "$out.tmp/assets/$css_name"

for f in public/*; do
  [[ "$(basename "$f")" == index.html ]] || cp -r "$f" "$out.tmp/"
done
page() {
  sed -e "s/{{CSS}}/$css_name/g" -e "s/{{JS}}/$js_name/g" -e "s/{{WASM}}/$wasm_name/g" public/index.html > "$out.tmp/$1"
}
# bundle NAME FEATURES, then page HTML: one bundle and the page that loads it.
bundle anma-verify verify
page verify.html
bundle anma-inspection inspection
page inspection.html
bundle anma disclosures
page index.html
bundle anma-powers powers
page powers.html
bundle anma-stats stats
page stats.html
bundle anma-spot-checks spot-checks
page spot-checks.html
bundle anma-scan scan
page scan.html
bundle anma-workspace workspace
page workspace.html

node tools/compress.mjs "$out.tmp"
rm -rf "$out"
mv "$out.tmp" "$out"
echo "site built in $out" >&2
