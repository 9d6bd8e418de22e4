"""Editorial notices from publication types and CommentsCorrections links."""

from __future__ import annotations

import re

from refcheck.models import CommentCorrection, Field, Finding, PubMedRecord, Severity

from .text import fold

_RETRACTED_TYPE = "retracted publication"
_NOTICE_TYPES = frozenset({"retraction of publication", "retraction notice"})
_OTHER_NOTICES = {
    "published erratum": "an erratum (correction notice)",
    "expression of concern": "an expression of concern",
}
# Links that put the paper in question without retracting it: warnings, in this order.
_LINKED_WARNINGS = (
    ("PartialRetractionIn", "part of this paper has been retracted"),
    ("ExpressionOfConcernIn", "an expression of concern was published"),
)
_WITHDRAWN = re.compile(r"^\W*withdrawn\b|\bwithdrawn\s*[:\]]", re.IGNORECASE)


def _pmids(links: tuple[CommentCorrection, ...]) -> list[str]:
    return [c.pmid for c in links if c.pmid]


def _name(pmids: list[str]) -> str:
    return ", ".join(f"PMID {p}" for p in pmids)


def is_withdrawn(record: PubMedRecord) -> bool:
    """A withdrawn (Cochrane) review: publication type or a `WITHDRAWN:` title."""
    if any("withdrawn" in fold(t) for t in record.publication_types):
        return True
    return bool(_WITHDRAWN.search(record.title))


def compare_notices(record: PubMedRecord) -> tuple[Finding, ...]:
    """Notices on or about the record.

    A PMID that is itself a notice (retraction, erratum, expression of concern) gets
    an INFO finding, not a warning: a notice is not itself retracted, and a page may
    cite it on purpose. Citing it by mistake for the paper shows up anyway, as the
    author, year or title the page gives not matching the notice's."""
    types = {fold(t).strip() for t in record.publication_types}
    out: list[Finding] = []
    is_notice = bool(types & _NOTICE_TYPES) or bool(record.links("RetractionOf"))

    retraction_in = record.links("RetractionIn")
    if (_RETRACTED_TYPE in types or retraction_in) and not (is_notice and not retraction_in):
        pmids = _pmids(retraction_in)
        where = f" (retraction notice: {_name(pmids)})" if pmids else ""
        out.append(
            Finding(
                Field.NOTICE,
                Severity.ERROR,
                f"this paper has been retracted{where}",
                claimed=None,
                actual=pmids[0] if pmids else "Retracted Publication",
            )
        )
    elif is_notice:
        targets = _pmids(record.links("RetractionOf"))
        what = f" of {_name(targets)}" if targets else ""
        out.append(
            Finding(
                Field.NOTICE,
                Severity.INFO,
                f"this PMID is a retraction notice{what}, not a research paper",
                claimed=None,
                actual=targets[0] if targets else "Retraction of Publication",
            )
        )

    for kind, label in _OTHER_NOTICES.items():
        if kind in types and not is_notice:
            out.append(
                Finding(
                    Field.NOTICE,
                    Severity.INFO,
                    f"this PMID is {label}, not a research paper",
                    claimed=None,
                    actual=kind,
                )
            )
            break

    for ref_type, what in _LINKED_WARNINGS:
        out.extend(_linked_notice(record, ref_type, Severity.WARNING, what))

    updates = record.links("UpdateIn")
    withdrawn = is_withdrawn(record)
    if updates or withdrawn:
        pmids = _pmids(updates)
        newer = f"a newer version exists: {_name(pmids)}" if pmids else ""
        if withdrawn:
            text = "this review has been withdrawn" + (f"; {newer}" if newer else "")
        else:
            text = newer or "a newer version exists (UpdateIn)"
        out.append(
            Finding(
                Field.NOTICE,
                Severity.WARNING,
                text,
                claimed=None,
                actual=pmids[-1] if pmids else None,
            )
        )

    out.extend(_linked_notice(record, "ErratumIn", Severity.INFO, "an erratum was published"))
    return tuple(out)


def _linked_notice(
    record: PubMedRecord, ref_type: str, severity: Severity, what: str
) -> tuple[Finding, ...]:
    """One notice for the record's `ref_type` links (naming the first linked PMID), or none."""
    links = record.links(ref_type)
    if not links:
        return ()
    pmids = _pmids(links)
    # an old erratum has no PMID of its own, only where it was printed
    where = _name(pmids) or next((c.source for c in links if c.source), "") or "see PubMed"
    message = f"{what} ({where})"
    first = pmids[0] if pmids else None
    return (Finding(Field.NOTICE, severity, message, claimed=None, actual=first),)
