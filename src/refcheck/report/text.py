"""The terminal report: one line per citation, claimed vs PubMed under each problem.

Written for a person scanning a terminal: problems stand out, verified
citations take one line each (or none with `problems_only`).
"""

from __future__ import annotations

from refcheck.models import CitationResult, Finding, PageResult, RunResult, Status
from refcheck.report.common import plural

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


def _finding_lines(f: Finding, indent: str) -> list[str]:
    tag = f"{f.field.value} {f.severity.value}"
    if f.waived:
        tag += " (waived)"
    if f.new:
        tag += " (new)"
    lines = [f"{indent}{tag}: {f.message}"]
    if f.claimed is not None or f.actual is not None:
        lines.append(f"{indent}    page says: {_show(f.claimed)}")
        lines.append(f"{indent}    PubMed:    {_show(f.actual)}")
    if f.suggestion:
        lines.append(f"{indent}    suggested fix: PMID {f.suggestion}")
    return lines


def _citation_lines(c: CitationResult, problems_only: bool) -> list[str]:
    problems = [f for f in c.findings if f.severity.value != "info"]
    if problems_only and c.status is Status.VERIFIED and not problems:
        return []
    label = f"[{c.citation.label}] " if c.citation.label else ""
    head = f"  {label}PMID {c.citation.pmid}  {_STATUS[c.status]}  {_claim_line(c)}".rstrip()
    lines = [head]
    if c.reason and c.status is not Status.MISMATCH:
        lines.append(f"      reason: {c.reason}")
    shown = c.findings if not problems_only else tuple(problems)
    for f in shown:
        lines.extend(_finding_lines(f, "      "))
    return lines


def _page_lines(page: PageResult, problems_only: bool) -> list[str]:
    if page.error:
        return [f"{page.source}", f"  ERROR: {page.error}", ""]
    body: list[str] = []
    for c in page.citations:
        body.extend(_citation_lines(c, problems_only))
    for f in page.findings:
        body.extend(_finding_lines(f, "  page "))
    if problems_only and not body:
        return []
    if not page.citations and not page.findings:
        body.append("  no PubMed citations found")
    return [page.source, *body, ""]


def render(result: RunResult, *, problems_only: bool = False) -> str:
    lines: list[str] = []
    for page in result.pages:
        lines.extend(_page_lines(page, problems_only))
    s = result.summary()
    lines.append(
        f"{plural(s.pages, 'page')}, {plural(s.citations, 'citation')}: {s.verified} verified, "
        f"{s.mismatch} mismatch, {s.not_found} not found, {s.unverified} unverified"
        + (f", {s.page_errors} unreadable" if s.page_errors else "")
        + f" ({plural(s.errors, 'error')}, {plural(s.warnings, 'warning')})"
    )
    return "\n".join(lines) + "\n"
