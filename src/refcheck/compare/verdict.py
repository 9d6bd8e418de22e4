"""One citation against its record: run every rule, fold wrong-PMID evidence, give a status."""

from __future__ import annotations

from collections.abc import Sequence

from refcheck.models import Citation, Claim, Field, Finding, PubMedRecord, Severity, Status

from .authors import claimed_names, compare_authors
from .journals import compare_journal, journal_first
from .notices import compare_notices
from .titles import clean_title, compare_title
from .years import compare_year, title_year_reread

_IDENTITY = (Field.AUTHOR, Field.YEAR, Field.JOURNAL)


def status_for(findings: Sequence[Finding]) -> Status:
    """MISMATCH if any finding not waived is a warning or an error, else VERIFIED."""
    worst = max(
        (f.severity.rank for f in findings if not f.waived),
        default=Severity.INFO.rank,
    )
    return Status.MISMATCH if worst >= Severity.WARNING.rank else Status.VERIFIED


def describe_claim(claim: Claim) -> str:
    """`Eichenberger U et al., Anesthesia & Analgesia, 2008` (what the page says)."""
    parts: list[str] = []
    names = claimed_names(claim)
    if claim.authors or names:
        first = claim.authors[0].strip() if claim.authors else names[0].display()
        more = claim.et_al or len(names) > 1 or len(claim.authors) > 1
        parts.append(first + (" et al." if more else ""))
    if claim.journal:
        parts.append(claim.journal.strip())
    if claim.year is not None:
        parts.append(str(claim.year))
    if not parts and claim.title:
        parts.append(f'"{clean_title(claim.title)}"')
    return ", ".join(parts) or "(no details on the page)"


def describe_record(record: PubMedRecord) -> str:
    """`Smith J et al., Anesth Analg, 2001` (what the PMID really is)."""
    parts: list[str] = []
    if len(record.authors) == 2:
        parts.append(" & ".join(a.display() for a in record.authors))
    elif record.authors:
        first = record.authors[0].display()
        parts.append(first + (" et al." if len(record.authors) > 1 else ""))
    journal = record.medline_ta or record.iso_abbreviation or record.journal_title
    if journal:
        parts.append(journal)
    year = record.pub_year or record.epub_year
    if year:
        parts.append(str(year))
    return ", ".join(parts)


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def fold_wrong_pmid(
    findings: Sequence[Finding], claim: Claim, record: PubMedRecord
) -> tuple[Finding, ...]:
    """Two identity errors (or one plus a title mismatch) mean the PMID is another paper:
    replace them with one PMID finding; keep notices and infos."""
    errors = {f.field for f in findings if f.severity is Severity.ERROR and f.field in _IDENTITY}
    title_off = any(f.field is Field.TITLE and f.severity is Severity.WARNING for f in findings)
    if len(errors) < 2 and not (errors and title_off):
        return tuple(findings)
    fields = (*_IDENTITY, Field.TITLE)
    kept = [f for f in findings if f.field not in fields or f.severity is Severity.INFO]
    real = describe_record(record)
    title = _short(clean_title(record.title)) if record.title else "(no title)"
    pmid = Finding(
        Field.PMID,
        Severity.ERROR,
        f'PMID {record.pmid} is "{title}" ({real}), not the cited paper',
        claimed=describe_claim(claim),
        actual=real,
        suggestion=None,
    )
    return (pmid, *kept)


def compare_citation(
    citation: Citation, record: PubMedRecord, *, current_year: int
) -> tuple[Finding, ...]:
    """Every finding for one cited PMID whose record was obtained."""
    return compare_claim(claim_as_read(citation, record), record, current_year=current_year)


def claim_as_read(citation: Citation, record: PubMedRecord) -> Claim:
    """The citation's claim read again with its record in hand: a journal that opened the
    "title" (`journal_first`), a year that was the title's (`title_year_reread`)."""
    return title_year_reread(journal_first(citation.claim, record), citation.text, record)


def compare_claim(claim: Claim, record: PubMedRecord, *, current_year: int) -> tuple[Finding, ...]:
    """Every finding for a claim already read against its record (`claim_as_read`): the
    pipeline reads it once and keeps that reading in the result."""
    findings = [
        *compare_authors(claim, record),
        *compare_year(claim, record, current_year=current_year),
        *compare_journal(claim, record),
        *compare_title(claim, record),
    ]
    folded = fold_wrong_pmid(findings, claim, record)
    notices = compare_notices(record)
    if folded and folded[0].field is Field.PMID:
        return (folded[0], *notices, *folded[1:])
    return (*folded, *notices)
