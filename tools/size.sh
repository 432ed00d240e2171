#!/usr/bin/env bash
# Prints the bytes a browser downloads for the first page: the HTML and every asset it
# references, raw and as served compressed (gzip, brotli). Usage: tools/size.sh [SITE_DIR]
set -euo pipefail
site=${1:-$(cd "$(dirname "$0")/.." && pwd)/site}
[[ -f "$site/index.html" ]] || { echo "no built site in $site: run make site" >&2; exit 1; }

files=(index.html $(grep -o '/assets/[^"]*' "$site/index.html" | sort -u | sed 's|^/||'))
printf '%-34s %10s %10s %10s\n' file raw gzip brotli
total_raw=0 total_gz=0 total_br=0
for f in "${files[@]}"; do
  raw=$(stat -c %s "$site/$f"); gz=$(stat -c %s "$site/$f.gz"); br=$(stat -c %s "$site/$f.br")
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz)); total_br=$((total_br + br))
  printf '%-34s %10d %10d %10d\n' "$f" "$raw" "$gz" "$br"
done
printf '%-34s %10d %10d %10d\n' total "$total_raw" "$total_gz" "$total_br"
awk -v b="$total_br" -v g="$total_gz" -v r="$total_raw" \
  'BEGIN { printf "first page: %.1f KB brotli, %.1f KB gzip, %.1f KB raw\n", b / 1024, g / 1024, r / 1024 }'
