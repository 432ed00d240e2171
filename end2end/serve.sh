#!/bin/sh
# Starts the server for the browser tests: a fresh SQLite database with demo data in
# DATA_DIR (the tests read it to change a record behind the server's back).
set -eu
port=${1:-8191}
data=${2:-}
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${ANMA_BIN:-$root/target/debug/anma}
if [ -z "$data" ]; then
  data=$(mktemp -d)
  trap 'rm -rf "$data"' EXIT INT TERM
else
  rm -rf "$data" && mkdir -p "$data"
fi
export ANMA_DATA_DIR="$data" ANMA_SITE_DIR="$root/site"
unset ANMA_DATABASE_URL
# Every test browses from 127.0.0.1: a limit far above what the tests look up.
export ANMA_LOOKUPS_PER_MINUTE=${ANMA_LOOKUPS_PER_MINUTE:-1000}
"$bin" seed --demo
RUST_LOG=${RUST_LOG:-warn} exec "$bin" serve --listen "127.0.0.1:$port"
