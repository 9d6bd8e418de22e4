"""Exit codes: findings outrank unchecked; never 0 with anything unchecked."""

from __future__ import annotations

import pytest

from refcheck.models import (
    Citation,
    CitationResult,
    Claim,
    Field,
    Finding,
    PageResult,
    RunResult,
    Severity,
    Status,
)
from refcheck.policy import ExitCode, exit_code

CIT = Citation("1", Claim())


def run(*results: CitationResult, error: str | None = None) -> RunResult:
    return RunResult((PageResult("p", tuple(results), error=error),))


def finding(sev: Severity, **kw: object) -> Finding:
    return Finding(Field.YEAR, sev, "m", **kw)  # type: ignore[arg-type]


OK = CitationResult(CIT, Status.VERIFIED, (finding(Severity.INFO),))
WARN = CitationResult(CIT, Status.MISMATCH, (finding(Severity.WARNING),))
ERR = CitationResult(CIT, Status.MISMATCH, (finding(Severity.ERROR),))
UNV = CitationResult(CIT, Status.UNVERIFIED, reason="NCBI down")


@pytest.mark.parametrize(
    ("result", "fail_on", "code"),
    [
        (run(OK), "error", ExitCode.OK),
        (run(WARN), "error", ExitCode.OK),
        (run(WARN), "warning", ExitCode.PROBLEMS),
        (run(OK), "info", ExitCode.PROBLEMS),
        (run(ERR), "error", ExitCode.PROBLEMS),
        (run(ERR), "never", ExitCode.OK),
        (run(OK, UNV), "error", ExitCode.UNCHECKED),
        (run(ERR, UNV), "error", ExitCode.PROBLEMS),
        (run(ERR, UNV), "never", ExitCode.UNCHECKED),
        (run(error="x: HTTP 404"), "error", ExitCode.UNCHECKED),
        (run(), "error", ExitCode.OK),
    ],
)
def test_exit_codes(result: RunResult, fail_on: str, code: ExitCode) -> None:
    assert exit_code(result, fail_on) is code


def test_waived_findings_do_not_fail() -> None:
    waived = CitationResult(CIT, Status.MISMATCH, (finding(Severity.ERROR, waived=True),))
    assert exit_code(run(waived)) is ExitCode.OK


def test_only_new_findings_fail_when_asked() -> None:
    old = CitationResult(CIT, Status.MISMATCH, (finding(Severity.ERROR, new=False),))
    new = CitationResult(CIT, Status.MISMATCH, (finding(Severity.ERROR, new=True),))
    assert exit_code(run(old), only_new=True) is ExitCode.OK
    assert exit_code(run(old, new), only_new=True) is ExitCode.PROBLEMS


def test_a_run_that_checked_no_page_is_not_a_clean_run() -> None:
    """`--include '*.htm'` matching nothing, or an emptied sitemap: 0 pages once exited 0,
    which a nightly job reads as a clean site."""
    assert exit_code(RunResult(pages=())) is ExitCode.UNCHECKED
    assert exit_code(RunResult(pages=()), "never") is ExitCode.UNCHECKED
