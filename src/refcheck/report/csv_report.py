"""CSV report for spreadsheets: one row per finding, nothing lost.

Besides findings, a citation that was not verified but carries no finding
(unverified, not found) gets a row of its own, and so does a page that could
not be read, so filtering the sheet never hides an unchecked citation.

Cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR
first) are prefixed with `'`: page titles are untrusted text and a CSV opened
in Excel must not execute them (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from refcheck.models import CitationResult, Finding, PageResult, RunResult, Status
from refcheck.report import common

COLUMNS: tuple[str, ...] = (
    "page",
    "page_url",
    "label",
    "pmid",
    "line",
    "status",
    "field",
    "severity",
    "waived",
    "waiver_reason",
    "new",
    "claimed",
    "actual",
    "message",
    "suggestion",
    "reason",
    "pubmed_url",
    "pubmed_record",
)

PAGE_ERROR_STATUS = "page_error"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Row = dict[str, str]


def render(result: RunResult, *, neutralize_formulas: bool = True) -> str:
    """The CSV text with a header row; RFC 4180 line endings (CRLF)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows(result):
        writer.writerow({k: _cell(v, neutralize_formulas) for k, v in row.items()})
    return buf.getvalue()


def rows(result: RunResult) -> Iterator[Row]:
    """Every row, pages worst first, in reference-list order within a page."""
    for page in common.ordered_pages(result):
        yield from _page_rows(page)


def _cell(value: str, neutralize: bool) -> str:
    text = common.clean_text(value)
    if neutralize and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def _page_rows(page: PageResult) -> Iterator[Row]:
    if page.error:
        yield _base(page) | {
            "status": PAGE_ERROR_STATUS,
            "severity": "error",
            "message": page.error,
        }
    for finding in common.by_severity(page.findings):
        yield _base(page) | _finding_cells(finding)
    for cit in page.citations:
        yield from _citation_rows(page, cit)


def _citation_rows(page: PageResult, cit: CitationResult) -> Iterator[Row]:
    """A row per finding; a non-verified citation with no findings still gets one row."""
    base = _base(page) | _citation_cells(cit)
    findings = common.by_severity(cit.findings)
    for finding in findings:
        yield base | _finding_cells(finding)
    if not findings and cit.status is not Status.VERIFIED:
        yield base


def _base(page: PageResult) -> Row:
    row = dict.fromkeys(COLUMNS, "")
    row["page"] = page.source
    row["page_url"] = page.url or ""
    return row


def _citation_cells(cit: CitationResult) -> Row:
    c = cit.citation
    return {
        "label": c.label or "",
        "pmid": c.pmid,
        "line": str(c.line) if c.line else "",
        "status": cit.status.value,
        "reason": cit.reason or "",
        "pubmed_url": common.pubmed_url(c.pmid) if c.pmid else "",
        "pubmed_record": common.describe_record(cit.record) if cit.record else "",
    }


def _finding_cells(f: Finding) -> Row:
    return {
        "field": f.field.value,
        "severity": f.severity.value,
        "waived": "yes" if f.waived else "no",
        "waiver_reason": f.waiver_reason or "",
        "new": "" if f.new is None else ("yes" if f.new else "no"),
        "claimed": common.format_value(f.claimed),
        "actual": common.format_value(f.actual),
        "message": f.message,
        "suggestion": f.suggestion or "",
    }
