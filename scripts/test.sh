#!/usr/bin/env bash
# Set up a fresh .venv with the test extras and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/pytest ]; then
  "$PY" -m venv .venv
  .venv/bin/pip install --quiet --upgrade pip >/dev/null
fi
.venv/bin/pip install --quiet -e '.[test]' >/dev/null
exec .venv/bin/pytest -q "$@"
