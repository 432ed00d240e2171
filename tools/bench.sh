#!/usr/bin/env bash
# `make bench`: measures Anma against a release build with synthetic data, on SQLite and
# on PostgreSQL, and prints a table (also written to target/bench/results.md).
#
#   - the verify API (a real case code with its signature: lookup + Ed25519 check), the
#     search API (Chinese full text) and a trivial route (/api/v1/keys, answered from
#     memory) under oha at a fixed concurrency, with rps, p50/p99 and the server's peak RSS;
#   - every public listing a visitor can ask for (each sort, amount ranges, penalty
#     types, search with and without filters, the withdrawal notices, the item lists),
#     as kept answers and, on a second server that keeps none (`-miss`), as misses;
#   - a mixed run: verify, search, statistics, a filtered listing and an export at once,
#     every client as fast as it is answered, then the others at fixed rates;
#   - two servers on one PostgreSQL: the verify throughput of the pair next to one;
#   - a batch of 1,000 decisions registered and issued in one call (tools/bench/batch.sh);
#   - the verify page: bytes a phone downloads (brotli) and the time from opening the QR's
#     address to the verdict, throttled (1.6 Mbps, 150 ms RTT, CPU 4x), in Chromium.
#
# Environment: BENCH_DECISIONS (default 1000000), BENCH_CONCURRENCY (64; search also at
# BENCH_SEARCH_CONCURRENCY, default 4: a few people searching at once),
# BENCH_SECONDS (10), BENCH_MIXED_SECONDS (30), BENCH_BACKENDS ("sqlite postgres"), BENCH_PG (postgres://postgres@127.0.0.1:5432).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
decisions=${BENCH_DECISIONS:-1000000}
concurrency=${BENCH_CONCURRENCY:-64}
search_concurrency=${BENCH_SEARCH_CONCURRENCY:-4}
seconds=${BENCH_SECONDS:-10}
mixed_seconds=${BENCH_MIXED_SECONDS:-30}
backends=${BENCH_BACKENDS:-sqlite postgres}
pg=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
out=$root/target/bench
mkdir -p "$out"
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }
say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

tools/setup.sh --test
if ! command -v oha >/dev/null; then
  say "installing oha (the load generator, once; its TLS library builds with cmake)"
  if ! command -v cmake >/dev/null; then
    sudo_cmd=""
    [[ $(id -u) -eq 0 ]] || sudo_cmd="sudo"
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq cmake >/dev/null
  fi
  cargo install oha --version 1.14.0 --locked
fi
say "building the release server and the site"
cargo build --release -p server
[[ -f site/verify.html ]] || tools/build-site.sh
bin=$root/target/release/anma
export RUST_LOG=warn,sqlx=error

# oha URL NAME [CONCURRENCY] → a table row: connections, rps, p50, p95, p99 ms, statuses.
load() {
  local url=$1 name=$2 c=${3:-$concurrency}
  oha -z "${seconds}s" -c "$c" --no-tui --output-format json "$url" > "$out/$name.json"
  summary "$out/$name.json" "$c"
}

# summary OHA_JSON CONNECTIONS → the same row from a finished run.
summary() {
  python3 - "$1" "$2" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
s, p = r["summary"], r["latencyPercentiles"]
codes = r.get("statusCodeDistribution", {})
print(f'{sys.argv[2]}\t{s["requestsPerSec"]:.0f}\t{p["p50"] * 1000:.2f}\t{p["p95"] * 1000:.2f}\t{p["p99"] * 1000:.2f}\t{",".join(f"{k}:{v}" for k, v in codes.items())}')
PY
}

# The load generator's connections stand for as many visitors: one address may run as
# many searches as there are connections.
serve() { # DATA_DIR URL PORT [FLAGS…] → pid
  local data=$1 url=$2 port=$3
  shift 3
  ANMA_DATA_DIR=$data ANMA_DATABASE_URL=$url "$bin" serve --listen "127.0.0.1:$port" \
    --lookups-per-minute 1000000000 --max-searches 64 --max-searches-per-address 64 --site-dir "$root/site" "$@" >/dev/null 2>&1 &
  echo $!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && return; sleep 0.2; done
}

results=$out/results.md
{
  echo "| backend | route | connections | rps | p50 ms | p95 ms | p99 ms | statuses |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |"
} > "$results.load"
: > "$results.extra"

for backend in $backends; do
  data=$(mktemp -d)
  if [[ $backend == sqlite ]]; then
    url="sqlite://$data/anma.db?mode=rwc"
  else
    psql "$pg/postgres" -qc "DROP DATABASE IF EXISTS anma_bench" >/dev/null
    psql "$pg/postgres" -qc "CREATE DATABASE anma_bench TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'" >/dev/null
    url="$pg/anma_bench"
  fi
  say "$backend: seeding $decisions synthetic decisions"
  start=$(date +%s.%N)
  ANMA_DATA_DIR=$data ANMA_DATABASE_URL=$url "$bin" seed --synthetic "$decisions" | tail -1 | tee -a "$results.extra"
  echo "seed time $backend: $(python3 -c "print(round($(date +%s.%N) - $start, 1))") s" >> "$results.extra"
  pid=$(serve "$data" "$url" 18080)
  # A second server on the same data that keeps no answers: every listing request there is
  # a miss, the capacity a busy hour of publications leaves.
  cold=$(serve "$data" "$url" 18083 --answer-cache-mb 0)
  # A real decision, with the signature from its QR code.
  read -r code sig number < <(ANMA_DATA_DIR=$data python3 - "$url" <<'PY'
import sqlite3, subprocess, sys
url = sys.argv[1]
q = "SELECT case_code, signature, document_number FROM decisions WHERE status = 'issued' AND id % 997 = 0 LIMIT 1"
if url.startswith("sqlite://"):
    row = sqlite3.connect(url[len("sqlite://"):].split("?")[0]).execute(q).fetchone()
else:
    row = subprocess.check_output(["psql", url, "-At", "-F", " ", "-c", q], text=True).split()
print(row[0], row[1], row[2])
PY
)
  base=http://127.0.0.1:18080/api/v1
  miss=http://127.0.0.1:18083/api/v1
  search="$base/disclosures?q=%E9%A3%9F%E5%93%81%E7%BB%8F%E8%90%A5&limit=20"
  for route in "keys|$base/keys|$concurrency" "verify|$base/verify/$code?sig=$sig|$concurrency" \
    "search|$search|$search_concurrency" "search|$search|$concurrency" \
    "stats-year|$base/stats?year=$(date +%Y)|$concurrency" "stats-city|$base/stats?region=440100|$concurrency" \
    "stats-all|$base/stats|$concurrency" "verify|$base/verify/$code?sig=$sig|16" \
    "search-rare|$base/disclosures?q=$(enc "$number")|$concurrency" \
    "search-2-chars|$base/disclosures?q=$(enc 食品)|$concurrency" \
    "search-region-category|$base/disclosures?q=$(enc 食品经营)&region=440100&category=penalty|$concurrency" \
    "sort-oldest|$base/disclosures?sort=oldest|$concurrency" \
    "sort-amount|$base/disclosures?sort=amount|$concurrency" \
    "amount-from-100000|$base/disclosures?min_yuan=100000|$concurrency" \
    "amount-500-2000|$base/disclosures?min_yuan=500&max_yuan=2000|$concurrency" \
    "penalty-fine|$base/disclosures?penalty=fine|$concurrency" \
    "penalty-warning|$base/disclosures?penalty=warning|$concurrency" \
    "withdrawn|$base/disclosures/withdrawn|$concurrency" \
    "items|$base/items|$concurrency" \
    "items-search|$base/items?q=$(enc 食品)|$concurrency" \
    "search-miss|$miss/disclosures?q=$(enc 食品经营)&limit=20|$concurrency" \
    "search-rare-miss|$miss/disclosures?q=$(enc "$number")|$concurrency" \
    "search-2-chars-miss|$miss/disclosures?q=$(enc 食品)|$concurrency" \
    "search-region-category-miss|$miss/disclosures?q=$(enc 食品经营)&region=440100&category=penalty|$concurrency" \
    "sort-amount-miss|$miss/disclosures?sort=amount|$concurrency" \
    "amount-from-100000-miss|$miss/disclosures?min_yuan=100000|$concurrency" \
    "penalty-warning-miss|$miss/disclosures?penalty=warning|$concurrency" \
    "penalty-warning-by-amount-miss|$miss/disclosures?penalty=warning&sort=amount|$concurrency" \
    "region-miss|$miss/disclosures?region=440100|$concurrency" \
    "stats-year-miss|$miss/stats?year=$(date +%Y)|$concurrency" \
    "items-miss|$miss/items|$concurrency"; do
    IFS='|' read -r name target c <<< "$route"
    say "$backend: $name at $c connections"
    printf '| %s | %s | %s |\n' "$backend" "$name" "$(load "$target" "$backend-$name-$c" "$c" | sed 's/\t/ | /g')" >> "$results.load"
  done
  # Everything at once, in the proportions of a busy day: verification keeps most of its
  # solo throughput (the solo run at 16 connections above) and nothing waits a second.
  say "$backend: mixed load for ${mixed_seconds} s"
  month_ago=$(python3 -c 'import datetime; print(datetime.date.today() - datetime.timedelta(days=30))')
  mixed=("verify|$base/verify/$code?sig=$sig|16" "search|$base/disclosures?q=$(enc 食品)|8"
    "stats-year|$base/stats?year=$(date +%Y)|4" "city-penalties|$base/disclosures?region=440100&penalty=fine|4"
    "export|$base/disclosures.csv?region=440100&from=$month_ago|1")
  for entry in "${mixed[@]}"; do
    IFS='|' read -r name target c <<< "$entry"
    oha -z "${mixed_seconds}s" -c "$c" --no-tui --output-format json "$target" > "$out/$backend-mixed-$name.json" &
  done
  wait
  for entry in "${mixed[@]}"; do
    IFS='|' read -r name target c <<< "$entry"
    printf '| %s | mixed: %s | %s |\n' "$backend" "$name" "$(summary "$out/$backend-mixed-$name.json" "$c" | sed 's/\t/ | /g')" >> "$results.load"
  done
  # The same visitors at the rates of a busy hour instead of as fast as they are answered:
  # verification still at 16 connections as fast as it can, the others each at a fixed
  # rate (oha -q), so that faster answers elsewhere do not turn into more requests.
  say "$backend: mixed load at fixed rates for ${mixed_seconds} s"
  paced=("verify|$base/verify/$code?sig=$sig|16|0" "search|$base/disclosures?q=$(enc 食品)|8|100"
    "stats-year|$base/stats?year=$(date +%Y)|4|40" "city-penalties|$base/disclosures?region=440100&penalty=fine|4|40"
    "export|$base/disclosures.csv?region=440100&from=$month_ago|1|1")
  for entry in "${paced[@]}"; do
    IFS='|' read -r name target c rate <<< "$entry"
    rate_flag=()
    # Latency counted from when each request was due, not from when it was sent.
    [[ $rate == 0 ]] || rate_flag=(-q "$rate" --latency-correction)
    oha -z "${mixed_seconds}s" -c "$c" "${rate_flag[@]}" --no-tui --output-format json "$target" > "$out/$backend-paced-$name.json" &
  done
  wait
  for entry in "${paced[@]}"; do
    IFS='|' read -r name target c rate <<< "$entry"
    label="paced: $name"
    [[ $rate == 0 ]] || label="paced: $name at $rate/s"
    printf '| %s | %s | %s |\n' "$backend" "$label" "$(summary "$out/$backend-paced-$name.json" "$c" | sed 's/\t/ | /g')" >> "$results.load"
  done
  python3 - "$out/$backend-verify-16.json" "$out/$backend-mixed-verify.json" "$out/$backend-paced-verify.json" "$backend" >> "$results.extra" <<'PY'
import json, sys
solo, mixed, paced = (json.load(open(f))["summary"]["requestsPerSec"] for f in sys.argv[1:4])
print(f"{sys.argv[4]}, mixed load: verify at {mixed:.0f} rps, {100 * mixed / solo:.0f}% of its {solo:.0f} rps alone at 16 connections; "
      f"with the others at fixed rates {paced:.0f} rps, {100 * paced / solo:.0f}%")
PY
  # SQLite reads through a memory map: the pages of the file it touched count in the RSS
  # (the system's page cache, shared and reclaimable); RssAnon is the server's own memory.
  echo "peak RSS $backend: $(awk '/VmHWM/ {print $2 " kB"}' /proc/$pid/status), of which now the server's own (RssAnon): $(awk '/RssAnon/ {print $2 " kB"}' /proc/$pid/status)" >> "$results.extra"
  if [[ $backend == postgres ]]; then
    say "postgres: two servers"
    pid2=$(serve "$data" "$url" 18081)
    oha -z "${seconds}s" -c "$concurrency" --no-tui --output-format json "$base/verify/$code?sig=$sig" > "$out/pair-a.json" &
    oha -z "${seconds}s" -c "$concurrency" --no-tui --output-format json "http://127.0.0.1:18081/api/v1/verify/$code?sig=$sig" > "$out/pair-b.json"
    wait %1 2>/dev/null || true
    python3 - "$out/pair-a.json" "$out/pair-b.json" >> "$results.extra" <<'PY'
import json, sys
total = sum(json.load(open(f))["summary"]["requestsPerSec"] for f in sys.argv[1:])
print(f"two servers on one PostgreSQL, verify: {total:.0f} rps together")
PY
    kill "$pid2"
  fi
  if [[ $backend == sqlite ]]; then
    say "the verify page in Chromium, throttled"
    node tools/bench/verdict.mjs "http://127.0.0.1:18080/v/$code/$sig" 3 > "$out/verdict.json"
    python3 - "$out/verdict.json" >> "$results.extra" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f'verify page, throttled (1.6 Mbps, 150 ms RTT, CPU 4x): verdict after {r["median_ms"]} ms (median of {len(r["runs"])}), {r["runs"][0]["bytes"]} bytes transferred')
PY
  fi
  kill "$pid" "$cold"; wait "$pid" "$cold" 2>/dev/null || true
  rm -rf "$data"
done
say "the batch intake: 1,000 decisions in one call"
tools/bench/batch.sh "$bin" "$backends" >> "$results.extra"
say "Lighthouse (mobile)"
ldata=$(mktemp -d)
ANMA_DATA_DIR=$ldata "$bin" seed --demo >/dev/null
lpid=$(serve "$ldata" "sqlite://$ldata/anma.db?mode=rwc" 18082)
for page in "home|http://127.0.0.1:18082/" "disclosures|http://127.0.0.1:18082/disclosures" "verify|http://127.0.0.1:18082/v/$(ANMA_DATA_DIR=$ldata python3 -c "
import sqlite3; print(sqlite3.connect('$ldata/anma.db').execute(\"SELECT case_code || '/' || signature FROM decisions WHERE status = 'issued' ORDER BY id LIMIT 1\").fetchone()[0])")"; do
  read -r lname perf a11y < <(tools/bench/lighthouse.sh "${page#*|}" "${page%%|*}" "$out")
  echo "Lighthouse mobile, $lname: performance $perf, accessibility $a11y" >> "$results.extra"
done
kill "$lpid"; rm -rf "$ldata"
tools/size.sh > "$out/size.txt"
{
  echo "## make bench — $(date -u +%Y-%m-%d), $(nproc) cores, $decisions decisions, $concurrency connections, ${seconds} s per route"
  echo
  cat "$results.load"
  echo
  sed 's/^/- /' "$results.extra"
  echo
  echo '```'
  cat "$out/size.txt"
  echo '```'
} > "$results"
cat "$results"
