#!/bin/sh
# Starts the server for the browser tests: a fresh SQLite database with demo data in
# DATA_DIR (the tests read it to change a record behind the server's back).
# With SCALE set to a number, one more department holds that many synthetic decisions
# and its clerk `scale.clerk` signs in with the demo password (the table at scale).
set -eu
port=${1:-8191}
data=${2:-}
scale=${3:-}
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
if [ -n "$scale" ]; then
  "$bin" seed --synthetic "$scale" --departments 1 --claims 3
  dept=$(sqlite3 "$data/anma.db" "SELECT id FROM departments WHERE name LIKE '%（合成0）'")
  printf 'Anma-demo-2026' | "$bin" user add --username scale.clerk --display-name 规模测试 \
    --department "$dept" --role clerk
fi
RUST_LOG=${RUST_LOG:-warn} exec "$bin" serve --listen "127.0.0.1:$port"
