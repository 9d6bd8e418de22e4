"""The terminal report: one line per citation, claimed vs PubMed under each problem.

Written for a person scanning a terminal: problems stand out, verified
citations take one line each (or none with `problems_only`).
"""

from __future__ import annotations

from refcheck.models import CitationResult, Field, Finding, PageResult, RunResult, Severity, Status
from refcheck.report.common import (
    PMID_ONLY,
    claims_nothing,
    is_new_problem,
    plural,
    terminal_safe,
)

_STATUS = {
    Status.VERIFIED: "ok",
    Status.MISMATCH: "MISMATCH",
    Status.NOT_FOUND: "NOT FOUND",
    Status.UNVERIFIED: "UNVERIFIED",
}


def _show(value: object) -> str:
    if value is None or value == "":
        return "-"
    return str(value)


def _claim_line(c: CitationResult) -> str:
    claim = c.citation.claim
    parts = []
    if len(claim.authors) == 2 and not claim.et_al:
        parts.append(" & ".join(claim.authors))
    elif claim.authors:
        parts.append(claim.authors[0] + (" et al." if claim.et_al or claim.authors[1:] else ""))
    if claim.year:
        parts.append(str(claim.year))
    if claim.journal:
        parts.append(claim.journal)
    return ", ".join(parts) or (claim.title or "")


def _finding_lines(f: Finding, indent: str, lead: str = "") -> list[str]:
    tag = f"{f.field.value} {f.severity.value}"
    if f.waived:
        tag += " (waived)"
    if is_new_problem(f):
        tag += " (new)"
    lines = [f"{indent}{lead}{tag}: {f.message}"]
    # the page against PubMed, for the fields compared: a notice's or a reference list's
    # finding says it all in its message (`page says: -  PubMed: 20137807` told nothing)
    compared = f.field not in (Field.NOTICE, Field.REFERENCE)
    if compared and (f.claimed is not None or f.actual is not None):
        lines.append(f"{indent}    page says: {_show(f.claimed)}")
        lines.append(f"{indent}    PubMed:    {_show(f.actual)}")
    if f.suggestion:
        lines.append(f"{indent}    suggested fix: PMID {f.suggestion}")
    return lines


def _shown(findings: tuple[Finding, ...], problems_only: bool, infos: bool) -> list[Finding]:
    if not problems_only:
        return list(findings)
    return [f for f in findings if infos or f.severity is not Severity.INFO]


def _citation_lines(c: CitationResult, problems_only: bool, infos: bool) -> list[str]:
    shown = _shown(c.findings, problems_only, infos)
    if problems_only and c.status is Status.VERIFIED and not shown:
        return []
    label = f"[{c.citation.label}] " if c.citation.label else ""
    # the line tells an editor which entry to fix where the list has no numbers
    where = f"  (line {c.citation.line})" if c.citation.line else ""
    claimed = _claim_line(c)
    if not claimed and c.status is Status.VERIFIED and claims_nothing(c):
        claimed = f"({PMID_ONLY})"
    head = f"  {label}PMID {c.citation.pmid}  {_STATUS[c.status]}  {claimed}".rstrip()
    lines = [head + where]
    if c.reason and c.status is not Status.MISMATCH:
        lines.append(f"      reason: {c.reason}")
    for f in shown:
        lines.extend(_finding_lines(f, "      "))
    return lines


def _page_lines(page: PageResult, problems_only: bool, infos: bool) -> list[str]:
    if page.error:
        return [f"{page.source}", f"  ERROR: {page.error}", ""]
    body: list[str] = []
    for c in page.citations:
        body.extend(_citation_lines(c, problems_only, infos))
    for f in _shown(page.findings, problems_only, infos):
        body.extend(_finding_lines(f, "  ", lead="page: "))
    if problems_only and not body:
        return []
    if not page.citations and not page.findings:
        body.append("  no PubMed citations found")
    return [page.source, *body, ""]


def render(result: RunResult, *, problems_only: bool = False, infos: bool = False) -> str:
    """`problems_only`: leave out verified citations and info findings, unless `infos` (the
    run fails on them: `--fail-on info`)."""
    lines: list[str] = []
    for page in result.pages:
        lines.extend(_page_lines(page, problems_only, infos))
    s = result.summary()
    lines.append(
        f"{plural(s.pages, 'page')}, {plural(s.citations, 'citation')}: {s.verified} verified, "
        f"{s.mismatch} mismatch, {s.not_found} not found, {s.unverified} unverified"
        + (f", {s.page_errors} unreadable" if s.page_errors else "")
        + f" ({plural(s.errors, 'error')}, {plural(s.warnings, 'warning')}"
        + (f", {plural(s.infos, 'info')}" if s.infos else "")
        + ")"
    )
    return terminal_safe("\n".join(lines)) + "\n"
