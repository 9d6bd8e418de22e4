"""A group author listed beside the people who wrote for it, as NLM's style has it:
`Stevens PE, Levin A; Kidney Disease: Improving Global Outcomes Chronic Kidney Disease
Guideline Development Work Group Members. Evaluation and management ...` (PMID 23732715,
facts below as PubMed has them). The group's colon (and its length, 13 words) made the
whole author list unreadable, so a misspelt first author verified.
"""

from __future__ import annotations

import pytest

from refcheck.extract.reference import parse_reference
from refcheck.models import PersonName, PubMedRecord, Status
from style_citations import verdict

KDIGO = (
    "Kidney Disease: Improving Global Outcomes Chronic Kidney Disease Guideline Development "
    "Work Group Members"
)
SYNOPSIS = PubMedRecord(
    pmid="23732715",
    title=(
        "Evaluation and management of chronic kidney disease: synopsis of the kidney disease: "
        "improving global outcomes 2012 clinical practice guideline."
    ),
    authors=(
        PersonName("Stevens", "PE", "Paul E"),
        PersonName("Levin", "A", "Adeera"),
        PersonName(KDIGO, collective=True),
    ),
    journal_title="Annals of internal medicine",
    iso_abbreviation="Ann Intern Med",
    medline_ta="Ann Intern Med",
    pub_year=2013,
    pub_date="2013 Jun 4",
    volume="158",
    issue="11",
    pages="825-30",
)
REST = "Evaluation and management of chronic kidney disease. Ann Intern Med. 2013;158(11):825-30."


@pytest.mark.parametrize(
    "group",
    [KDIGO, "Kidney Disease: Improving Global Outcomes (KDIGO) CKD Work Group"],
)
def test_the_writers_and_their_group_are_read(group: str) -> None:
    claim = parse_reference(f"Stevens PE, Levin A; {group}. {REST}")
    assert claim.authors == ("Stevens PE", "Levin A", group)
    assert claim.author_names[-1].collective
    assert claim.title == "Evaluation and management of chronic kidney disease"
    assert verdict(f"Stevens PE, Levin A; {group}. {REST}", SYNOPSIS) == (Status.VERIFIED, [])


def test_a_misspelt_first_writer_is_flagged() -> None:
    status, shown = verdict(f"Stephens PE, Levin A; {KDIGO}. {REST}", SYNOPSIS)
    assert status is Status.MISMATCH
    assert shown == [
        'author: first author is "Stevens PE" in PubMed, the page says "Stephens PE" '
        "(misspelt surname?)"
    ]


def test_a_title_with_a_colon_after_one_person_is_still_a_title() -> None:
    """The place vouches for the group only after a person's name and a list separator;
    a person's name closed by its period is followed by the title, colon and all."""
    text = (
        "Smith J. Diabetes: A Report From the American Diabetes Association Task Force on "
        "Standards of Care Working Group. Diabetes Care. 2010;33:1-2."
    )
    claim = parse_reference(text)
    assert claim.authors == ("Smith J",)
    assert claim.title is not None and claim.title.startswith("Diabetes: A Report")
