"""Helpers shared by the report renderers.

Every renderer must agree on the same facts (which pages come first, what
counts as a problem, how a record is described, where a PMID links to), so
that an editor reading the HTML report and a ticket built from the Markdown
one see the same thing. Pure functions only: no I/O, no clock.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from refcheck.models import (
    Citation,
    CitationResult,
    Claim,
    CommentCorrection,
    Field,
    Finding,
    PageResult,
    PersonName,
    PubMedRecord,
    RunResult,
    Severity,
    Status,
)

# the renderers mark new problems by the policy's rule (re-exported for them)
from refcheck.policy import is_new_problem as is_new_problem

PUBMED_BASE = "https://pubmed.ncbi.nlm.nih.gov/"

#: Highest severity first: the order editors should read findings in.
SEVERITY_ORDER: tuple[Severity, ...] = (Severity.ERROR, Severity.WARNING, Severity.INFO)

STATUS_LABELS: dict[Status, str] = {
    Status.VERIFIED: "verified",
    Status.MISMATCH: "mismatch",
    Status.NOT_FOUND: "not found",
    Status.UNVERIFIED: "unverified",
}

#: CommentsCorrections links an editor must hear about, with a human label.
NOTICE_LABELS: dict[str, str] = {
    "RetractionIn": "Retracted, see notice",
    "ExpressionOfConcernIn": "Expression of concern",
    "ErratumIn": "Erratum",
    "UpdateIn": "Updated version",
    "RetractionOf": "This record is a retraction notice of",
}

# Characters XML 1.0 forbids (C0 controls except tab/newline/CR, lone surrogates,
# U+FFFE/U+FFFF). Page text can carry them; JUnit and HTML must not.
_FORBIDDEN_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_WHOLE_PMID = re.compile(r"\s*(?:PMID\s*:?\s*)?(\d{1,9})\s*\.?\s*", re.IGNORECASE)
_PMID_IN_TEXT = re.compile(r"\bPMID\s*:?\s*(\d{1,9})\b", re.IGNORECASE)
_DIGITS = re.compile(r"\d{1,9}")
_NO_PROBLEM = -1  # worst_rank of a page with nothing to report


def clean_text(text: str) -> str:
    """Drop characters no XML/HTML consumer accepts; page text is not trusted."""
    return _FORBIDDEN_CHARS.sub("", text)


# What a terminal acts on instead of showing: C0 controls but tab and newline
# (ESC starts colour, title and cursor sequences; CR overwrites the line), DEL,
# C1 controls, and the bidirectional overrides and isolates that reorder a line.
_TERMINAL_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """Page-controlled text made inert for a terminal: each control character shown as an
    escape (`\\x1b`), so a page cannot colour, hide or reorder what an editor reads."""
    return _TERMINAL_CONTROLS.sub(_escaped, text)


def pubmed_url(pmid: str) -> str:
    """The PubMed page of a PMID; quoted so a malformed PMID cannot break out of a URL."""
    return f"{PUBMED_BASE}{quote(pmid.strip(), safe='')}/"


def is_pmid(text: str) -> bool:
    """True for a plain PMID (digits only), the only thing we turn into a PubMed link."""
    return _DIGITS.fullmatch(text) is not None


def is_web_url(text: str | None) -> bool:
    """Only http(s) URLs become links: `javascript:` or `file:` sources must stay text."""
    if not text:
        return False
    try:
        parts = urlsplit(text.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def page_link(page: PageResult) -> str | None:
    """Where the page lives on the web (its URL, else a web `source`), if anywhere."""
    for candidate in (page.url, page.source):
        if candidate and is_web_url(candidate):
            return candidate.strip()
    return None


def suggestion_parts(text: str) -> list[tuple[str, str | None]]:
    """Split a suggestion into (text, pmid-or-None) pieces so PMIDs can become links.

    A suggestion that is only a PMID (`"18349204"`, `"PMID: 18349204"`) is one
    linked piece; in free text only explicit `PMID 123` mentions are linked, so a
    year or a page number is never mistaken for a PMID.
    """
    whole = _WHOLE_PMID.fullmatch(text)
    if whole:
        return [(text.strip(), whole.group(1))]
    parts: list[tuple[str, str | None]] = []
    pos = 0
    for match in _PMID_IN_TEXT.finditer(text):
        if match.start() > pos:
            parts.append((text[pos : match.start()], None))
        parts.append((match.group(0), match.group(1)))
        pos = match.end()
    if pos < len(text):
        parts.append((text[pos:], None))
    return parts


def format_value(value: object) -> str:
    """Render a finding's claimed/actual value (str, int, names, tuples) as one line."""
    if value is None:
        return ""
    if isinstance(value, PersonName):
        return value.display()
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, Iterable):
        return "; ".join(s for s in (format_value(v) for v in value) if s)
    return str(value)


# --------------------------------------------------------------------------- findings


def live(findings: Iterable[Finding]) -> list[Finding]:
    """Findings nobody waived: the ones that count."""
    return [f for f in findings if not f.waived]


def by_severity(findings: Iterable[Finding]) -> list[Finding]:
    """Worst first, waived last, otherwise in the order compare produced them."""
    return sorted(findings, key=lambda f: (f.waived, -f.severity.rank))


def is_problem(finding: Finding) -> bool:
    """A finding an editor must act on (warning or error, not waived)."""
    return not finding.waived and finding.severity.rank >= Severity.WARNING.rank


#: Said of a verified citation whose entry claims nothing but its PMID: the record exists,
#: and that is all that could be checked; "verified" alone would suggest more.
PMID_ONLY = "the page gives only the PMID: nothing else to compare"


def claims_nothing(cit: CitationResult) -> bool:
    """The page says nothing about the paper beside its PMID (a bare link, a lone `PMID n`)."""
    claim = cit.citation.claim
    return not (claim.authors or claim.year or claim.journal or claim.title)


def citation_needs_attention(cit: CitationResult) -> bool:
    """Shown in a page's problem list rather than among the verified.

    Waived warnings stay visible (muted) so the waiver itself can be reviewed.
    """
    if cit.status in (Status.MISMATCH, Status.NOT_FOUND):
        return True
    if cit.status is Status.UNVERIFIED:
        return False
    return any(f.severity.rank >= Severity.WARNING.rank for f in cit.findings)


def iter_findings(
    result: RunResult,
) -> Iterator[tuple[PageResult, CitationResult | None, Finding]]:
    """Every finding with its page and citation (None for page-level findings)."""
    for page in result.pages:
        for finding in page.findings:
            yield page, None, finding
        for cit in page.citations:
            for finding in cit.findings:
                yield page, cit, finding


def worst_rank(page: PageResult) -> int:
    """How bad a page is: a read error or a PMID NCBI does not know counts as an error."""
    ranks = [f.severity.rank for f in live(page.findings)]
    ranks += [f.severity.rank for c in page.citations for f in live(c.findings)]
    if page.error or any(c.status is Status.NOT_FOUND for c in page.citations):
        ranks.append(Severity.ERROR.rank)
    if any(c.status is Status.UNVERIFIED for c in page.citations):
        ranks.append(Severity.WARNING.rank)
    return max(ranks, default=_NO_PROBLEM)


def worst_severity(page: PageResult) -> Severity | None:
    """The worst severity on a page as a Severity, None when there is nothing to report."""
    rank = worst_rank(page)
    return next((s for s in SEVERITY_ORDER if s.rank == rank), None)


def problem_count(page: PageResult) -> int:
    """Live problems plus unchecked citations plus a read error, to break ties."""
    count = sum(1 for f in page.findings if is_problem(f))
    count += sum(1 for c in page.citations if c.status is not Status.VERIFIED)
    return count + (1 if page.error else 0)


def ordered_pages(result: RunResult) -> list[PageResult]:
    """Pages worst first, then most problems, then by source, so reports are stable."""
    return sorted(result.pages, key=lambda p: (-worst_rank(p), -problem_count(p), p.source))


# --------------------------------------------------------------------------- summary


@dataclass(frozen=True)
class KindCount:
    """Live findings of one kind (Finding.field), split by severity."""

    field: Field
    errors: int
    warnings: int
    infos: int

    @property
    def total(self) -> int:
        return self.errors + self.warnings + self.infos


def kind_counts(result: RunResult) -> list[KindCount]:
    """Live findings per kind, in Field order, kinds with no findings left out."""
    tally: dict[Field, dict[Severity, int]] = {f: dict.fromkeys(Severity, 0) for f in Field}
    for _page, _cit, finding in iter_findings(result):
        if not finding.waived:
            tally[finding.field][finding.severity] += 1
    rows = [
        KindCount(f, t[Severity.ERROR], t[Severity.WARNING], t[Severity.INFO])
        for f, t in tally.items()
    ]
    return [r for r in rows if r.total]


def new_count(result: RunResult) -> int | None:
    """Live problems new since the last run (as `refcheck diff` counts them); None when
    the run had no history to compare."""
    findings = [f for _p, _c, f in iter_findings(result)]
    if all(f.new is None for f in findings):
        return None
    return sum(1 for f in live(findings) if is_new_problem(f))


def waived_count(result: RunResult) -> int:
    """Findings an editor waived: shown, but not counted as problems."""
    return sum(1 for _p, _c, f in iter_findings(result) if f.waived)


def kinds_present(result: RunResult) -> list[Field]:
    """Kinds that occur at all (waived included), for filter controls."""
    seen = {f.field for _p, _c, f in iter_findings(result)}
    return [f for f in Field if f in seen]


# --------------------------------------------------------------------------- descriptions


def plural(n: int, word: str) -> str:
    """`1 citation`, `3 citations`: reports are read by people, not parsers."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def citation_label(citation: Citation) -> str:
    """`[3] PMID 18349204`: the reference number editors see on the page, then the PMID."""
    prefix = f"[{citation.label}] " if citation.label else ""
    return f"{prefix}PMID {citation.pmid}"


def authors_short(names: Sequence[PersonName], complete: bool = True) -> str:
    """First author, plus `et al.` when there are more (or the list is incomplete); both
    of two, as NLM writes them (`et al.` beside a page's right `Hall N & Eldabe S` read as
    if the page had left someone out)."""
    if not names:
        return ""
    if len(names) == 2 and complete:
        return f"{names[0].display()}, {names[1].display()}"
    more = len(names) > 1 or not complete
    return names[0].display() + (" et al." if more else "")


def journal_short(record: PubMedRecord) -> str:
    """The abbreviation PubMed itself shows, falling back to the full title."""
    return record.iso_abbreviation or record.medline_ta or record.journal_title


def record_date(record: PubMedRecord) -> str:
    """PubMed's own date text, else the year."""
    if record.pub_date:
        return record.pub_date
    return str(record.pub_year) if record.pub_year else ""


def describe_record(record: PubMedRecord) -> str:
    """One-line NLM-style citation: `Eichenberger U et al. Title. Anesth Analg. 2008 Apr;106(4).`"""
    where = record_date(record)
    if record.volume:
        where += f";{record.volume}"
        if record.issue:
            where += f"({record.issue})"
    if record.pages:
        where += f":{record.pages}"
    raw = (
        authors_short(record.authors, record.author_list_complete),
        record.title,
        journal_short(record),
        where,
    )
    parts = [p.strip().rstrip(". ") for p in raw if p.strip()]  # no "et al.." or "Title.."
    return ". ".join(parts) + "." if parts else ""


def describe_claim(claim: Claim) -> str:
    """What the page says, in the same shape as describe_record, for side-by-side reading."""
    authors = ", ".join(claim.authors) + (" et al." if claim.et_al else "")
    raw = (authors, claim.title or "", claim.journal or "", str(claim.year or ""))
    parts = [p.strip().rstrip(". ") for p in raw if p.strip()]
    return ". ".join(parts) + "." if parts else ""


def record_notices(record: PubMedRecord) -> list[tuple[str, CommentCorrection]]:
    """Retractions, errata, concerns and updates on a record, with their labels."""
    return [
        (NOTICE_LABELS[c.ref_type], c)
        for c in record.comments_corrections
        if c.ref_type in NOTICE_LABELS
    ]
