#!/usr/bin/env bash
# Run the test suite against the lowest version of every dependency pyproject.toml allows,
# in a throwaway venv (.venv-lowest), so the lower bounds stay true.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
rm -rf .venv-lowest
"$PY" -m venv .venv-lowest
pins=$(.venv-lowest/bin/python - <<'PY'
import re, tomllib
deps = tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]
print(" ".join(re.sub(r"\s*>=\s*", "==", d) for d in deps))
PY
)
echo "lowest: $pins"
# shellcheck disable=SC2086
.venv-lowest/bin/pip install --quiet $pins pytest pytest-timeout hypothesis
.venv-lowest/bin/pip install --quiet --no-deps -e .
exec .venv-lowest/bin/pytest -q -p no:cacheprovider "$@"
