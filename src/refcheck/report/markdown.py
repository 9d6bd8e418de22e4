"""Markdown report for tickets and chat.

GitHub/GitLab-flavoured tables: a summary table, then one section per page
(worst first) with a table of problems. Page and PubMed text is escaped for
Markdown (pipes, emphasis, brackets, raw HTML, @mentions), and newlines are
flattened, so a hostile title can neither break a table, inject a link or HTML,
nor notify someone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from urllib.parse import quote

from refcheck.models import CitationResult, Finding, PageResult, RunResult, Severity, Status
from refcheck.report import common

# ASCII punctuation that means something in CommonMark/GFM inline text or tables; `@`
# because GitHub and GitLab turn `@name` into a mention that notifies that person.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&!#@])")
_URL_SAFE = ":/?#@!$&'*+,;=%-._~"  # everything else (spaces, parentheses, <>) percent-encoded


def render(result: RunResult, *, title: str = "refcheck: citation report") -> str:
    """The whole report as Markdown (no I/O: the caller writes it)."""
    pages = common.ordered_pages(result)
    blocks = [f"# {md(title)}", _summary(result), _kinds(result)]
    blocks += [_page(p) for p in pages]
    return "\n\n".join(b for b in blocks if b).rstrip() + "\n"


# --------------------------------------------------------------------------- escaping


def md(value: object) -> str:
    """Escape text for inline Markdown and table cells; one line, no raw HTML."""
    text = value if isinstance(value, str) else common.format_value(value)
    text = " ".join(common.clean_text(text).split())
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_url(url: str) -> str:
    """A URL safe inside `(...)` of a Markdown link."""
    return quote(common.clean_text(url).strip(), safe=_URL_SAFE)


def link(text: str, url: str) -> str:
    return f"[{md(text)}]({md_url(url)})"


def pmid_link(pmid: str, text: str | None = None) -> str:
    return link(text or f"PMID {pmid}", common.pubmed_url(pmid))


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A GFM table; cells must already be escaped."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return "\n".join(lines)


# --------------------------------------------------------------------------- summary


def _summary(result: RunResult) -> str:
    s = result.summary()
    header = [
        "Pages",
        "Citations",
        "Verified",
        "Mismatch",
        "Not found",
        "Unverified",
        "Page errors",
    ]
    row = [s.pages, s.citations, s.verified, s.mismatch, s.not_found, s.unverified, s.page_errors]
    extra = [
        f"Findings: {common.plural(s.errors, 'error')}, {common.plural(s.warnings, 'warning')}, "
        f"{s.infos} info"
    ]
    new = common.new_count(result)
    if new is not None:
        extra.append(f"{new} new since last run")
    extra.append(f"{common.waived_count(result)} waived")
    return "## Summary\n\n" + table(header, [[str(n) for n in row]]) + "\n\n" + "; ".join(extra)


def _kinds(result: RunResult) -> str:
    rows = common.kind_counts(result)
    if not rows:
        return ""
    body = [[r.field.value, str(r.errors), str(r.warnings), str(r.infos)] for r in rows]
    return "### Findings by kind\n\n" + table(["Kind", "Errors", "Warnings", "Info"], body)


# --------------------------------------------------------------------------- pages


def _page(page: PageResult) -> str:
    sev = common.worst_severity(page)
    badge = f"[{sev.value.upper()}] " if sev else ""
    href = common.page_link(page)
    name = link(page.source, href) if href else md(page.source)
    blocks = [f"## {badge}{name}"]
    if page.error:
        blocks.append(f"**Could not read this page:** {md(page.error)}")
    blocks += [
        _problems(page),
        _page_findings(page.findings),
        _unverified(page),
        _notes(page),
        _verified(page),
    ]
    return "\n\n".join(b for b in blocks if b)


def _problems(page: PageResult) -> str:
    rows: list[list[str]] = []
    for cit in page.citations:
        if common.citation_needs_attention(cit):
            rows += _citation_rows(cit)
    if not rows:
        return ""
    header = ["Ref", "Status", "Severity", "Kind", "Page says", "PubMed has", "Message", "Fix"]
    return "### Problems\n\n" + table(header, rows)


def _citation_rows(cit: CitationResult) -> list[list[str]]:
    """One row per finding; a citation without findings still gets a row with its reason."""
    ref = _ref(cit)
    status = md(common.STATUS_LABELS[cit.status])
    findings = common.by_severity(cit.findings)
    if not findings:
        said = md(cit.citation.text or common.describe_claim(cit.citation.claim))
        has = md(common.describe_record(cit.record)) if cit.record else ""
        return [[ref, status, "", "", said, has, md(cit.reason or ""), ""]]
    return [[ref, status, *_finding_cells(f)] for f in findings]


def _finding_cells(f: Finding) -> list[str]:
    """Severity, kind, claimed, actual, message, fix: waived and new made visible."""
    sev = f.severity.value
    if f.waived:
        sev = f"~~{sev}~~ waived" + (f": {md(f.waiver_reason)}" if f.waiver_reason else "")
    elif common.is_new_problem(f):
        sev = f"**new** {sev}"
    return [
        sev,
        f.field.value,
        md(f.claimed),
        md(f.actual),
        md(f.message),
        _suggestion(f.suggestion),
    ]


def _suggestion(text: str | None) -> str:
    if not text:
        return ""
    return "".join(
        pmid_link(pmid, piece) if pmid else md(piece)
        for piece, pmid in common.suggestion_parts(text)
    )


def _ref(cit: CitationResult) -> str:
    """`[3] PMID (line 31)`: where to fix it, also on pages whose entries have no number."""
    label = f"\\[{md(cit.citation.label)}\\] " if cit.citation.label else ""
    line = f" (line {cit.citation.line})" if cit.citation.line else ""
    return label + pmid_link(cit.citation.pmid) + line


def _page_findings(findings: Sequence[Finding]) -> str:
    if not findings:
        return ""
    rows = [_finding_cells(f) for f in common.by_severity(findings)]
    header = ["Severity", "Kind", "Page says", "PubMed has", "Message", "Fix"]
    return "### Page-level findings\n\n" + table(header, rows)


def _unverified(page: PageResult) -> str:
    cits = [c for c in page.citations if c.status is Status.UNVERIFIED]
    if not cits:
        return ""
    items = [f"- {_ref(c)}: {md(c.reason or 'no reason given')}" for c in cits]
    return "### Unverified\n\n" + "\n".join(items)


def _notes(page: PageResult) -> str:
    """Info findings of citations that need nothing else (an electronic-publication year,
    an erratum): counted in the header, they were shown nowhere."""
    items = [
        f"- {_ref(c)}: {md(f.message)}"
        for c in page.citations
        if c.status is Status.VERIFIED and not common.citation_needs_attention(c)
        for f in common.by_severity(c.findings)
        if f.severity is Severity.INFO
    ]
    return "### Notes\n\n" + "\n".join(items) if items else ""


def _verified(page: PageResult) -> str:
    """Verified citations on one line: enough to show they were checked."""
    cits = [
        c
        for c in page.citations
        if c.status is Status.VERIFIED and not common.citation_needs_attention(c)
    ]
    if not cits:
        return ""
    return f"Verified ({len(cits)}): " + ", ".join(_ref(c) for c in cits)
