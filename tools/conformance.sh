#!/usr/bin/env bash
# Property-based conformance check: runs schemathesis (every check) against a live server
# on a fresh demo database, on its generated OpenAPI document: the public API, then the
# workspace API signed in as a clerk. Any server error, undocumented status, or answer
# that breaks its schema fails the run.
#   tools/conformance.sh [path/to/anma]    (default: target/debug/anma)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bin=${1:-target/debug/anma}
SCHEMATHESIS_VERSION=4.32.5
venv=target/conformance/venv

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

if [[ "$("$venv/bin/schemathesis" --version 2>/dev/null)" != "schemathesis, version $SCHEMATHESIS_VERSION" ]]; then
  say "installing schemathesis $SCHEMATHESIS_VERSION into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

data=$(mktemp -d)
log="$data/server.log"
cleanup() {
  [[ -n "${server:-}" ]] && kill "$server" 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT

say "a demo database in $data"
"$bin" --data-dir "$data" seed --demo >/dev/null
# Typed-in lookups and reports are limited per address; the run makes thousands from one.
"$bin" --data-dir "$data" serve --listen 127.0.0.1:0 --site-dir "$data/no-site" \
  --lookups-per-minute 1000000 --reports-per-minute 1000000 >"$log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  addr=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | sed -n 's/.*listening.*addr=\([0-9.:]*\).*/\1/p' | head -1)
  [[ -n "$addr" ]] && break
  sleep 0.2
done
[[ -n "${addr:-}" ]] || { cat "$log"; echo "the server did not start" >&2; exit 1; }
base="http://$addr/api/v1"
schema="$base/openapi.json"
config=tools/conformance/schemathesis.toml
st() { "$venv/bin/schemathesis" --config-file "$config" run "$schema" --url "$base" --checks all "$@"; }

say "public API"
ANMA_CONFORMANCE_SESSION=none st --exclude-path-regex '^/(workspace|auth)/'

# Signs in as $1: sets session, csrf and dept.
sign_in() {
  local answer
  answer=$(curl -sS -D "$data/headers" -H 'content-type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"Anma-demo-2026\"}" "$base/auth/login")
  session=$(sed -n 's/^[Ss]et-[Cc]ookie: anma_session=\([^;]*\).*/\1/p' "$data/headers")
  csrf=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])' <<<"$answer")
  dept=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["user"]["department_id"] or "")' <<<"$answer")
}

# The workspace operations, with the session of the last sign_in. Signing out and
# changing the password would end that session; the integration tests cover both.
workspace() {
  ANMA_CONFORMANCE_SESSION=$session st "$@" \
    --include-path-regex '^/(workspace|auth)/' \
    --exclude-path /auth/logout --exclude-path /auth/password --exclude-path /auth/login \
    -H "X-CSRF-Token: $csrf" -H "Origin: http://$addr"
}

sign_in th.clerk
# Valid requests on the clerk's own department reach the handlers, not the department
# check; invalid ones are tried on any department.
pinned="$data/pinned.toml"
cat "$config" >"$pinned"
printf '\n[parameters]\ndept = %s\n' "$dept" >>"$pinned"
say "workspace API as a clerk: valid requests on the clerk's department"
config=$pinned workspace --mode positive
config=tools/conformance/schemathesis.toml
say "workspace API as a clerk: invalid requests"
workspace --mode negative

sign_in admin
say "workspace API as an administrator"
workspace

say "the server answers as its document says"
