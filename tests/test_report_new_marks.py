"""Which findings the reports mark as new since the last run.

A new information note (an e-publication year, a reference without a PMID) needs no
fix: `refcheck diff` lists it only with `--infos` and the "new" counts leave it out, so
the per-finding marks do too; a new warning or error is marked in every report.
"""

from __future__ import annotations

import lxml.html

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
from refcheck.report import common, renderer


def _result() -> RunResult:
    info = Finding(Field.YEAR, Severity.INFO, "the page gives the e-publication year", new=True)
    warning = Finding(Field.JOURNAL, Severity.WARNING, "journal differs", new=True)
    cits = (
        CitationResult(Citation("18349204", Claim(year=2008)), Status.VERIFIED, (info,)),
        CitationResult(Citation("20137807", Claim(year=2009)), Status.MISMATCH, (warning,)),
    )
    return RunResult((PageResult("page.html", cits),))


def _lines_with(text: str, word: str) -> list[str]:
    return [line for line in text.splitlines() if word in line]


def test_only_problems_are_marked_new() -> None:
    info, warning = (f for c in _result().pages[0].citations for f in c.findings)
    assert not common.is_new_problem(info)
    assert common.is_new_problem(warning)
    assert common.new_count(_result()) == 1


def test_text_report_marks_the_new_warning_not_the_new_info() -> None:
    out = renderer("text")(_result(), infos=True)
    assert [("(new)" in line) for line in _lines_with(out, "year info")] == [False]
    assert all("(new)" in line for line in _lines_with(out, "journal warning"))


def test_markdown_junit_and_html_mark_only_the_warning() -> None:
    md = renderer("markdown")(_result())
    assert md.count("**new**") == 1 and "**new** warning" in md
    junit = renderer("junit")(_result())
    assert junit.count("(new)") == 1
    assert all("(new)" in line for line in _lines_with(junit, "journal differs"))
    doc = lxml.html.fromstring(renderer("html")(_result()))
    marked = doc.xpath(
        '//*[contains(concat(" ", @class, " "), " finding ")][contains(@class, "new")]'
    )
    assert [el.get("class").split()[1] for el in marked] == ["sev-warning"]
