#!/bin/sh
# Starts the server for the browser tests: a fresh SQLite database with demo data.
set -eu
port=${1:-8191}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${ANMA_BIN:-$root/target/debug/anma}
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT INT TERM
export ANMA_DATA_DIR="$data" ANMA_SITE_DIR="$root/site"
unset ANMA_DATABASE_URL
"$bin" seed --demo
RUST_LOG=${RUST_LOG:-warn} exec "$bin" serve --listen "127.0.0.1:$port"
