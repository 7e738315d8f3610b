#!/usr/bin/env bash
# Lighthouse (mobile) scores for a few pages, against the app served on 127.0.0.1.
#   bash bench/lighthouse.sh            (needs Debian's chromium and npm; installs lighthouse@12
#                                        into a scratch folder, never a browser)
# Budget: performance 100, accessibility 100, best practices >= 95, SEO >= 90. Numbers only.
set -euo pipefail
cd "$(dirname "$0")/.."
port=5077
scratch=$(mktemp -d)
(cd "$scratch" && npm init -y >/dev/null && npm install --silent lighthouse@12 >/dev/null)
.venv/bin/python -m routekaart serve --port "$port" >/dev/null 2>&1 &
server=$!
trap 'kill $server; rm -rf "$scratch"' EXIT
sleep 3
flags="--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run"
flags="$flags --disable-background-networking --disable-component-update --disable-sync"
flags="$flags --disable-dev-shm-usage"
for page in /nl/ /nl/direct/huis-uit /ar/jong/schulden/18-tot-27 /nl/partners /nl/monitor; do
  (cd "$scratch" && CHROME_PATH=/usr/bin/chromium npx lighthouse "http://127.0.0.1:$port$page" \
    --output=json --output-path="$scratch/out.json" --quiet --chrome-flags="$flags" >/dev/null 2>&1)
  python3 - "$scratch/out.json" "$page" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
scores = {k: round(v["score"] * 100) for k, v in report["categories"].items()}
print(sys.argv[2], report["configSettings"]["formFactor"], scores)
PY
done
