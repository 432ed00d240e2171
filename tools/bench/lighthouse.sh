#!/usr/bin/env bash
# Lighthouse mobile scores (performance, accessibility) for a page, in Debian's Chromium.
# Usage: tools/bench/lighthouse.sh URL NAME OUT_DIR → prints "NAME performance accessibility"
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
url=$1 name=$2 out=$3
if [[ ! -x "$here/node_modules/.bin/lighthouse" ]]; then
  npm install --prefix "$here" --no-audit --no-fund --no-save lighthouse@12.8.2 >/dev/null
fi
CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium} "$here/node_modules/.bin/lighthouse" "$url" \
  --quiet --form-factor=mobile --only-categories=performance,accessibility \
  --chrome-flags="--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync" \
  --output=json --output-path="$out/lighthouse-$name.json" >/dev/null 2>&1
python3 - "$out/lighthouse-$name.json" "$name" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
c = r["categories"]
print(sys.argv[2], round(c["performance"]["score"] * 100), round(c["accessibility"]["score"] * 100))
PY
