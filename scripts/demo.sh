#!/usr/bin/env bash
# Set up refcheck in .venv and check the bundled example pages, offline:
# a fake E-utilities server on 127.0.0.1 serves the bundled PubMed records.
# Prints the text report and writes out/report.html and out/report.json.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/refcheck ]; then
  "$PY" -m venv .venv
  .venv/bin/pip install --quiet --upgrade pip >/dev/null
  .venv/bin/pip install --quiet -e . >/dev/null
fi
mkdir -p out
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
.venv/bin/python -m refcheck.fake_eutils --records fixtures/records --url-file "$work/url" >/dev/null &
server=$!
for _ in $(seq 100); do [ -s "$work/url" ] && break; sleep 0.1; done
export REFCHECK_EUTILS_URL; REFCHECK_EUTILS_URL=$(cat "$work/url")
export REFCHECK_CACHE="$work/cache.sqlite"
status=0
.venv/bin/refcheck check fixtures/pages || status=$?
.venv/bin/refcheck check fixtures/pages --format html --output out/report.html >/dev/null || true
.venv/bin/refcheck check fixtures/pages --format json --output out/report.json >/dev/null || true
echo "HTML report: out/report.html   JSON: out/report.json   (exit code of the check: $status)"
