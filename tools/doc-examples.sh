#!/usr/bin/env bash
# Runs the examples of docs/integration.md as written: every ```sh run block, in order, in
# one shell, against a fresh demo server. Part of `make test`.
#
#   tools/doc-examples.sh [ANMA_BINARY]   (default target/debug/anma)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin=$(realpath "${1:-$root/target/debug/anma}")
doc=$root/docs/integration.md
work=$(mktemp -d)
trap 'kill "${server:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
for tool in curl jq; do
  command -v "$tool" >/dev/null || { echo "doc-examples: $tool is missing (tools/setup.sh --test installs it)" >&2; exit 1; }
done

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export ANMA_DATA_DIR=$work/data
unset ANMA_DATABASE_URL ANMA_KEYS_DIR
"$bin" seed --demo >/dev/null
RUST_LOG=warn "$bin" serve --listen "127.0.0.1:$port" --site-dir "$work/no-site" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && break
  sleep 0.2
done

# The blocks, each announced, as one script.
python3 - "$doc" >"$work/examples.sh" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
out, block, n = ["set -euo pipefail"], None, 0
for i, line in enumerate(lines, 1):
    if block is None and line.strip() == "```sh run":
        n += 1
        block = i
        out.append(f"echo '--- docs/integration.md, example {n} (line {i})' >&2")
    elif block is not None and line.strip() == "```":
        block = None
    elif block is not None:
        out.append(line)
if n == 0:
    sys.exit("no ```sh run blocks found")
print("\n".join(out))
PY
mkdir -p "$work/run"
cd "$work/run"
if ! PATH="$(dirname "$bin"):$PATH" ANMA="http://127.0.0.1:$port" bash "$work/examples.sh"; then
  echo "doc-examples: an example of docs/integration.md failed; the server's log:" >&2
  tail -n 30 "$work/server.log" >&2
  exit 1
fi
echo "doc-examples: every example of docs/integration.md ran"
