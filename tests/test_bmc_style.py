"""BioMed Central's reference style closes the names with a colon, the journal runs into
its year: `González-Reyes S, Martínez L, Tovar JA: Effects of ... Journal Year,
Volume:Pages.` The names were not read at all (the title claimed began with them), so a
misspelt first author verified. The record is PMID 16080930's, as fixtures/records has it.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from refcheck.extract.reference import parse_reference
from refcheck.models import PubMedRecord, Status
from style_citations import fixture_record, mismatch_fields, verdict

TITLE = fixture_record("16080930").title.rstrip(".")
SOURCE = "J Pediatr Surg {year}, 40:1269-1274."
BMC = "González-Reyes S, Martínez L, Tovar JA: " + TITLE + ". " + SOURCE


@pytest.fixture(scope="module")
def record() -> PubMedRecord:
    return fixture_record("16080930")


def test_the_names_the_title_and_the_source_are_read() -> None:
    claim = parse_reference(BMC.format(year=2005))
    assert claim.authors == ("González-Reyes S", "Martínez L", "Tovar JA")
    assert (claim.title, claim.journal, claim.year) == (TITLE, "J Pediatr Surg", 2005)


def test_a_right_citation_verifies(record: PubMedRecord) -> None:
    assert verdict(BMC.format(year=2005), record) == (Status.VERIFIED, [])


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (BMC.replace("González-Reyes S", "Gonzalez-Royes S").format(year=2005), "author"),
        (BMC.format(year=2004), "year"),
    ],
)
def test_a_wrong_first_author_or_year_is_flagged(
    text: str, field: str, record: PubMedRecord
) -> None:
    assert mismatch_fields(text, record) == [field]


def test_one_name_with_et_al_is_read_too() -> None:
    claim = parse_reference("González-Reyes S, et al: " + TITLE + ". " + SOURCE.format(year=2005))
    assert claim.authors == ("González-Reyes S",)
    assert claim.title == TITLE


def test_one_name_is_read_and_a_title_s_phrase_read_as_one_raises_no_alarm(
    record: PubMedRecord,
) -> None:
    """One name alone (`Leber HW:`, `Yang Q:`) is read as the author; an entry without
    authors whose title has that shape (`Vitamin D: a review ...`) is then read so too,
    and the comparison takes the "name" for the record's title, where it is that."""
    one = "González-Reyes S: " + TITLE + ". " + SOURCE.format(year=2005)
    assert parse_reference(one).authors == ("González-Reyes S",)
    assert verdict(one.replace("González-Reyes", "Gonzalez-Royes"), record)[0] is Status.MISMATCH
    vitamin = replace(
        record,
        title="Vitamin D: a review of its uses.",
        journal_title="Nutrients",
        iso_abbreviation="Nutrients",
        medline_ta="Nutrients",
    )
    text = "Vitamin D: a review of its uses. Nutrients 2005, 12:1-20."
    assert verdict(text, vitamin) == (Status.VERIFIED, [])
