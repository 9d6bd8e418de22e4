"""GOST 7.0.5, the reference form of Russian and other CIS journals and sites: `Heading. Title /
Names // Journal. – Year. – Vol. N, № M. – P. x–y.` Read authors-first, the title ran on through
the names and the source, so the journal was never read (a wrong one passed), and without the
heading nothing at all was. The record is PMID 16080930's, as fixtures/records has it.
"""

from __future__ import annotations

import pytest

from refcheck.extract.reference import parse_reference
from refcheck.models import PubMedRecord, Status
from style_citations import fixture_record, mismatch_fields, verdict

TITLE = fixture_record("16080930").title.rstrip(".")
NAMES = "S. González-Reyes, L. Martínez, J. A. Tovar"
SOURCE = "{journal}. – {year}. – Vol. 40, № 8. – P. 1269–1274."
GOST = f"González-Reyes, S. {TITLE} / {NAMES} // {SOURCE}"


@pytest.fixture(scope="module")
def record() -> PubMedRecord:
    return fixture_record("16080930")


@pytest.mark.parametrize(
    "text",
    [
        GOST,
        # without the heading
        f"{TITLE} / {NAMES} // {SOURCE}",
        # a slash inside the title: the names are those after the last one
        f"González-Reyes, S. {TITLE} / {NAMES} // {SOURCE}".replace(
            "Effects of", "Effects / actions of", 1
        ),
    ],
)
def test_the_names_the_title_and_the_source_are_read(text: str) -> None:
    claim = parse_reference(text.format(journal="J Pediatr Surg", year=2005))
    assert claim.authors == ("S. González-Reyes", "L. Martínez", "J. A. Tovar")
    assert (claim.journal, claim.year) == ("J Pediatr Surg", 2005)
    assert claim.title is not None and claim.title.endswith(TITLE[-30:])
    assert not claim.title.startswith("González-Reyes")  # the heading is no part of it


def test_a_right_citation_verifies(record: PubMedRecord) -> None:
    assert verdict(GOST.format(journal="J Pediatr Surg", year=2005), record) == (
        Status.VERIFIED,
        [],
    )


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (GOST.format(journal="J Pediatr Urol", year=2005), "journal"),
        (GOST.format(journal="J Pediatr Surg", year=2004), "year"),
        (
            GOST.replace("S. González-Reyes", "S. Gonzalez-Royes").format(
                journal="J Pediatr Surg", year=2005
            ),
            "author",
        ),
        # the simpler form, names first and no ` / ` part: its journal is read too
        (
            f"González-Reyes S., Martínez L., Tovar J. A. {TITLE}. // "
            + SOURCE.format(journal="J Pediatr Urol", year=2005),
            "journal",
        ),
    ],
)
def test_a_wrong_journal_year_or_first_author_is_flagged(
    text: str, field: str, record: PubMedRecord
) -> None:
    assert mismatch_fields(text, record) == [field]


def test_cyrillic_names_and_et_al_in_brackets() -> None:
    claim = parse_reference(
        "Иванов, И. И. Фантомная боль / И. И. Иванов, П. П. Петров [и др.] // Журнал "
        "неврологии и психиатрии. – 2015. – Т. 115, № 3. – С. 10–15."
    )
    assert claim.authors == ("И. И. Иванов", "П. П. Петров")
    assert claim.et_al
    assert (claim.title, claim.journal, claim.year) == (
        "Фантомная боль",
        "Журнал неврологии и психиатрии",
        2015,
    )


def test_slashes_that_are_no_names_leave_the_entry_as_it_was() -> None:
    """` / ` then ` // ` with no names between them is no GOST entry."""
    text = "Smith J. Pain / relief in 2020 // notes. BMJ. 2020;1:2."
    claim = parse_reference(text)
    assert (claim.authors, claim.journal, claim.year) == (("Smith J",), "BMJ", 2020)


def test_the_2018_revision_without_dashes_is_read() -> None:
    claim = parse_reference(
        f"González-Reyes S., Martínez L. {TITLE}. // J Pediatr Surg. 2005. Vol. 40, № 8. "
        "P. 1269–1274."
    )
    assert (claim.authors, claim.journal, claim.year) == (
        ("González-Reyes S.", "Martínez L"),  # the list's last period is its own
        "J Pediatr Surg",
        2005,
    )
