"""A paper's source line quoted alone (`Biochem Med. 1975 Jun;13(2):117-26.`), over the
project's real records (fixtures/records).

Pages quote it for a paper, and PubMed's abstract page opens with it, before the title and
the names. The journal was read as an author and the date or the volume as the title
(`Biochem Med`, "1975 Jun;13(2):117-26"): a title error on nearly every such right citation
with a month (commit dd7cb9f). Right ones must verify; a wrong year must be flagged.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from refcheck.models import Field, PubMedRecord, Status
from style_citations import fixture_records, verdict


def _source_line(record: PubMedRecord, *, journal: str = "") -> str:
    """`Biochem Med. 1975 Jun;13(2):117-26.`, as PubMed writes a record's source."""
    issue = f"({record.issue})" if record.issue else ""
    where = f"{record.pub_date};{record.volume}{issue}:{record.pages}"
    return f"{(journal or record.medline_ta).rstrip('.')}. {where}."


def _records() -> list[PubMedRecord]:
    """The records with a dated, numbered source (a volume and pages)."""
    return [
        r
        for r in fixture_records()
        if r.volume and r.pages and r.pub_year and r.pub_date[:4] == str(r.pub_year)
    ]


@pytest.mark.parametrize("form", ["medline", "iso", "abstract page"])
def test_right_source_lines_verify(form: str) -> None:
    records = _records()
    assert len(records) > 80
    alarms = []
    for record in records:
        if form == "abstract page":  # the title and the names follow the source
            names = ", ".join(f"{a.last_name} {a.initials}".strip() for a in record.authors)
            text = f"{_source_line(record)} {record.title} {names}. PMID: {record.pmid}"
        else:
            journal = record.iso_abbreviation if form == "iso" else record.medline_ta
            text = _source_line(record, journal=journal)
        status, shown = verdict(text, record)
        if status is not Status.VERIFIED:
            alarms.append(f"{text[:120]} -> {shown}")
    assert alarms == []


def test_a_wrong_year_in_a_source_line_is_flagged() -> None:
    missed = []
    for record in _records():
        year = str(record.pub_year)
        text = _source_line(record).replace(year, str(record.pub_year + 3), 1)
        status, shown = verdict(text, record)
        if status is Status.VERIFIED or not any(s.startswith(Field.YEAR.value) for s in shown):
            missed.append(f"{text[:120]} -> {shown}")
    assert missed == []


def test_another_journal_in_a_source_line_is_flagged() -> None:
    records = _records()
    missed = []
    for record, other in zip(records, records[1:] + records[:1], strict=True):
        if other.medline_ta.lower() == record.medline_ta.lower():
            continue
        text = _source_line(record, journal=other.medline_ta)
        if verdict(text, replace(record))[0] is Status.VERIFIED:
            missed.append(text[:120])
    assert missed == []
