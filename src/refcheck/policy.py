"""Exit codes (DESIGN.md section 4), decided from a RunResult (pure).

Problems found outrank "could not check": a run with a wrong citation exits 1
even if another could not be checked; it never exits 0 with anything unchecked.
"""

from __future__ import annotations

from enum import IntEnum

from refcheck.models import Finding, RunResult, Severity, Status


class ExitCode(IntEnum):
    OK = 0
    PROBLEMS = 1
    USAGE = 2
    UNCHECKED = 3


FAIL_ON_CHOICES = ("error", "warning", "info", "never")


def is_new_problem(f: Finding) -> bool:
    """New since the last run and worth marking so: a new information note (an
    e-publication year) needs no fix, and `refcheck diff` lists it only on request. The one
    rule for the reports' marks and counts and the history's "new" column."""
    return bool(f.new) and f.severity is not Severity.INFO


def exit_code(result: RunResult, fail_on: str = "error", *, only_new: bool = False) -> ExitCode:
    """`only_new`: count only findings new since the previous run (nightly jobs)."""
    if fail_on not in FAIL_ON_CHOICES:
        raise ValueError(f"fail_on must be one of {FAIL_ON_CHOICES}")
    if fail_on != "never":
        threshold = Severity(fail_on).rank
        for page in result.pages:
            findings = [*page.findings, *(f for c in page.citations for f in c.findings)]
            for f in findings:
                if f.waived or f.severity.rank < threshold:
                    continue
                if only_new and f.new is False:
                    continue
                return ExitCode.PROBLEMS
    # no page at all (a filter that matches nothing, an emptied sitemap) checked nothing:
    # a nightly job must not read that as a clean site
    unchecked = not result.pages or any(
        p.error or any(c.status is Status.UNVERIFIED for c in p.citations) for p in result.pages
    )
    return ExitCode.UNCHECKED if unchecked else ExitCode.OK
