#!/usr/bin/env bash
# The batch intake against a release build: one POST …/decisions/batch of 1,000 decisions
# (each registered, issued and signed, in one transaction), timed, on SQLite and
# PostgreSQL. Part of `make bench`; also on its own:
#
#   tools/bench/batch.sh [ANMA_BINARY] [BACKENDS]   (defaults: target/release/anma, "sqlite postgres")
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin=$(realpath "${1:-$root/target/release/anma}")
backends=${2:-sqlite postgres}
pg=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
rows=${BENCH_BATCH_ROWS:-1000}
for backend in $backends; do
  data=$(mktemp -d)
  if [[ $backend == sqlite ]]; then
    url="sqlite://$data/anma.db?mode=rwc"
  else
    psql "$pg/postgres" -qc "DROP DATABASE IF EXISTS anma_bench_batch" >/dev/null
    psql "$pg/postgres" -qc "CREATE DATABASE anma_bench_batch TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'" >/dev/null
    url="$pg/anma_bench_batch"
  fi
  export ANMA_DATA_DIR=$data ANMA_DATABASE_URL=$url RUST_LOG=warn
  "$bin" seed --demo >/dev/null
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$bin" serve --listen "127.0.0.1:$port" --site-dir "$data/no-site" >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && break; sleep 0.2; done
  anma="http://127.0.0.1:$port"
  dept=$(curl -s "$anma/api/v1/departments?q=天河区市场监督管理局" | jq '.items[0].id')
  token=$("$bin" token add --department "$dept" --name bench --scopes decisions:write 2>/dev/null)
  api=$anma/api/v1/workspace/departments/$dept
  claim=$(curl -s "$anma/api/v1/items?department=$dept&limit=100" | jq '[.items[] | select(.item.code == "CF00003000")][0].claim_id')
  officers=$(curl -s -H "Authorization: Bearer $token" "$api/officers" \
    | jq -c '[.items[] | select(.certificate_number == "44010621000101" or .certificate_number == "44010621000102") | .id]')
  today=$(TZ=Asia/Shanghai date +%F); year=${today%%-*}
  jq -n --argjson n "$rows" --argjson claim "$claim" --argjson officers "$officers" --arg date "$today" --arg year "$year" '{
    decisions: [range($n) | {document_number: "穗天市监罚〔\($year)〕\(60000 + .)号", claim_id: $claim,
      kind: "penalty", procedure: "ordinary", party_kind: "organisation", party_name: "广州某某餐饮有限公司",
      party_uscc: "91440106MA59A1XK01", facts: "当事人经营超过保质期的食品。",
      legal_basis: "《中华人民共和国食品安全法》第一百二十四条", result: "罚款人民币5,000元。",
      penalty_types: ["fine"], amount_fen: 500000, decision_date: $date, officer_ids: $officers}] }' > "$data/batch.json"
  start=$(date +%s.%N)
  curl -s --fail-with-body -X POST "$api/decisions/batch" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' --data-binary @"$data/batch.json" > "$data/report.json"
  seconds=$(python3 -c "print(round($(date +%s.%N) - $start, 2))")
  echo "batch of $rows decisions on $backend: $(jq -r '"\(.kept) issued, \(.failed) failed"' "$data/report.json") in $seconds s"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$data"
done
