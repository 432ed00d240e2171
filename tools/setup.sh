#!/usr/bin/env bash
# Installs what building Anma needs and this machine lacks; skips what is present.
#   tools/setup.sh          the Rust toolchain with the wasm32 target, wasm-bindgen, wasm-opt
#   tools/setup.sh --test   also Chromium and ChromeDriver (Debian) and the browser-test packages
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

WASM_BINDGEN_VERSION=0.2.130
toolchain=$(sed -n 's/^channel *= *"\(.*\)"/\1/p' rust-toolchain.toml)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

if ! rustup target list --installed --toolchain "$toolchain" 2>/dev/null | grep -q wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target to Rust $toolchain"
  rustup toolchain install "$toolchain" --profile minimal --component rustfmt,clippy --target wasm32-unknown-unknown
fi

if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes, once)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if [[ ! -x tools/node_modules/.bin/wasm-opt || ! -x tools/node_modules/.bin/esbuild ]]; then
  say "installing wasm-opt (binaryen 132) and esbuild into tools/node_modules"
  npm ci --prefix tools --no-audit --no-fund
fi

if [[ "${1:-}" == "--test" ]]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null || ! command -v sqlite3 >/dev/null \
    || ! command -v jq >/dev/null || ! command -v curl >/dev/null \
    || [[ ! -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]]; then
    say "installing Chromium, ChromeDriver, a Chinese font, the sqlite3 shell, curl and jq from Debian"
    sudo_cmd=""
    [[ $(id -u) -eq 0 ]] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium chromium-driver sqlite3 curl jq fonts-wqy-microhei >/dev/null
  fi
  if [[ ! -d end2end/node_modules/@playwright/test ]]; then
    say "installing the browser-test packages (end2end/)"
    npm ci --prefix end2end --no-audit --no-fund
  fi
fi
