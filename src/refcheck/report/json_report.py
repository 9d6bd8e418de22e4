"""The JSON report: the contract other tools parse (DESIGN.md section 4)."""

from __future__ import annotations

import json

from refcheck.models import RunResult
from refcheck.serialize import run_to_dict


def render(result: RunResult) -> str:
    return json.dumps(run_to_dict(result), ensure_ascii=False, indent=2) + "\n"
