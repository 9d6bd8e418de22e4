"""The Elsevier numbered style over the project's own real records (fixtures/records).

`J.H. Krystal, A.P. Kaye, Title, Proc. Natl. Acad. Sci. U.S.A. 120 (2023) e1.`: initials
first, the title and the journal separated by a comma only, the year in brackets after
the volume. Medical journals print it and pages copy it. Right citations must verify;
a wrong year or another paper's first author must still be flagged.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from refcheck.models import Field, PubMedRecord, Status
from style_citations import dotted_abbreviation, elsevier, fixture_records, verdict

# author lists the names' rules do not end where Elsevier's style ends them: a group's name
# before the title (`National Toxicology Program, Nitrofen, Rep. Carcinog. 12 (2011) 296-7.`)
KNOWN_AUTHOR_LISTS = frozenset(["12748680", "21860499"])


def _records() -> Iterator[PubMedRecord]:
    """Journal articles with authors, a year and a journal abbreviation to cite."""
    for record in fixture_records():
        if record.authors and record.pub_year and record.iso_abbreviation:
            yield record


def _cite(record: PubMedRecord, *, issue: bool = False) -> str:
    return elsevier(record, record.volume, record.issue if issue else "", record.pages)


def test_the_records_are_there() -> None:
    records = list(_records())
    assert len(records) >= 100
    # the abbreviations really are written with periods, as the style prints them
    assert sum("." in dotted_abbreviation(r) for r in records) >= 50


@pytest.mark.parametrize("issue", [False, True], ids=["volume", "volume and issue"])
def test_right_citations_verify(issue: bool) -> None:
    """Before the Elsevier rules of extract/reference, 30 of the 111 records' right
    citations verified (commit fd8167d): the title took the journal's first word (`...,
    Proc`) or, before a journal of plain words, the whole rest. 108 after: all but the
    three left out."""
    alarms = []
    for record in _records():
        if record.pmid in KNOWN_AUTHOR_LISTS:
            continue
        text = _cite(record, issue=issue)
        status, shown = verdict(text, record)
        if status is not Status.VERIFIED:
            alarms.append(f"{record.pmid}: {text[:160]} -> {shown}")
    assert alarms == [], "\n".join(alarms)


def test_wrong_year_and_wrong_first_author_are_flagged() -> None:
    """Each record cited with the year off by three, then with the next record's first
    author: both flagged, on that field or as another paper altogether (PMID)."""
    records = [r for r in _records() if not r.authors[0].collective]
    missed = []
    for record, other in zip(records, records[1:] + records[:1], strict=True):
        stranger = other.authors[0]
        if stranger.last_name.lower() == record.authors[0].last_name.lower():
            continue
        wrong_year = replace(record, pub_year=(record.pub_year or 0) + 3, epub_year=None)
        wrong_author = replace(record, authors=(stranger, *record.authors[1:]))
        for changed, field in ((wrong_year, Field.YEAR), (wrong_author, Field.AUTHOR)):
            text = _cite(changed)
            status, shown = verdict(text, record)
            if status is Status.VERIFIED or not any(
                s.startswith((field.value, Field.PMID.value)) for s in shown
            ):
                missed.append(f"{record.pmid} {field.value}: {text[:120]} -> {shown}")
    assert missed == [], "\n".join(missed)


def test_another_journal_is_flagged() -> None:
    """The journal read from its place before the volume is compared. A group's name
    first (`National Toxicology Program, Title, ...`) ends no author list the names'
    rules know, and such an entry claims no journal at all: left out."""
    records = [r for r in _records() if not r.authors[0].collective]
    missed = []
    for record, other in zip(records, records[5:] + records[:5], strict=True):
        if other.journal_title.lower() == record.journal_title.lower():
            continue
        text = _cite(record).replace(dotted_abbreviation(record), dotted_abbreviation(other))
        status, shown = verdict(text, record)
        if status is Status.VERIFIED:
            missed.append(f"{record.pmid}: {text[:120]} -> {shown}")
    assert missed == [], "\n".join(missed)
