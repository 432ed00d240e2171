#!/usr/bin/env bash
# Prints the bytes a browser downloads for a page: the HTML and every asset it references,
# raw and as served compressed (gzip, brotli), for each bundle's page: what a visitor pays
# on first opening one of its addresses; workspace.html is what staff load on /login and
# /workspace.
# Usage: tools/size.sh [SITE_DIR]
set -euo pipefail
site=${1:-$(cd "$(dirname "$0")/.." && pwd)/site}
[[ -f "$site/index.html" ]] || { echo "no built site in $site: run make site" >&2; exit 1; }

report() {
  local page=$1 label=$2
  local files=("$page" $(grep -o '/assets/[^"]*' "$site/$page" | sort -u | sed 's|^/||'))
  local total_raw=0 total_gz=0 total_br=0
  printf '%-42s %10s %10s %10s\n' "$page" raw gzip brotli
  for f in "${files[@]}"; do
    local raw gz br
    raw=$(stat -c %s "$site/$f"); gz=$(stat -c %s "$site/$f.gz"); br=$(stat -c %s "$site/$f.br")
    total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz)); total_br=$((total_br + br))
    printf '  %-40s %10d %10d %10d\n' "$f" "$raw" "$gz" "$br"
  done
  printf '  %-40s %10d %10d %10d\n' total "$total_raw" "$total_gz" "$total_br"
  awk -v l="$label" -v b="$total_br" -v g="$total_gz" -v r="$total_raw" \
    'BEGIN { printf "%s: %.1f KB brotli, %.1f KB gzip, %.1f KB raw\n\n", l, b / 1024, g / 1024, r / 1024 }'
}

report verify.html "first page and verify page (/, /v/… from a decision's QR code)"
report inspection.html "inspection notice (/i/… from a notice's QR code)"
report index.html "disclosures (/disclosures)"
report powers.html "power lists and officers (/items, /officers)"
report stats.html "statistics (/stats)"
report spot-checks.html "spot checks (/spot-checks)"
report scan.html "scanner (/scan)"
report workspace.html "workspace (staff)"
