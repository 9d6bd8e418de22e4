"""The JSON report: the contract other tools parse (DESIGN.md section 4).

Written page by page, one page to a line: a nightly report on 10,000 pages is
never held whole in memory (neither as dicts nor as one string), and each page
goes through json's C encoder. An indented dump runs json's pure-Python
encoder instead: for 1,000 cached pages it took twice as long as the check it
reported on. Whitespace is not part of the contract; `jq .` indents.
"""

from __future__ import annotations

import io
import json
from typing import TextIO

from refcheck.models import RunResult
from refcheck.serialize import page_to_dict, run_totals

_encode = json.JSONEncoder(ensure_ascii=False).encode


def write(result: RunResult, out: TextIO) -> None:
    out.write('{"pages": [')
    for i, page in enumerate(result.pages):
        out.write(",\n" if i else "\n")
        out.write(_encode(page_to_dict(page)))
    totals = run_totals(result)
    out.write("\n]")
    for key, value in totals.items():
        out.write(f",\n{_encode(key)}: {_encode(value)}")
    out.write("}\n")


def render(result: RunResult) -> str:
    out = io.StringIO()
    write(result, out)
    return out.getvalue()
