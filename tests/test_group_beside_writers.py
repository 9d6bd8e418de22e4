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
from style_citations import mismatch_fields, verdict

KDIGO = (
    "Kidney Disease: Improving Global Outcomes Chronic Kidney Disease Guideline Development "
    "Work Group Members"
)


def _record(
    pmid: str, title: str, authors: tuple[PersonName, ...], journal: str, *when: str
) -> PubMedRecord:
    """A record as PubMed has it; `journal`: its NLM title and abbreviation, `when`: the
    date, volume, issue and pages."""
    full, short = journal.split(" | ")
    date, volume, issue, pages = when
    return PubMedRecord(
        pmid=pmid,
        title=title,
        authors=authors,
        journal_title=full,
        iso_abbreviation=short,
        medline_ta=short,
        pub_year=int(date[:4]),
        pub_date=date,
        volume=volume,
        issue=issue,
        pages=pages,
    )


SYNOPSIS = _record(
    "23732715",
    "Evaluation and management of chronic kidney disease: synopsis of the kidney disease: "
    "improving global outcomes 2012 clinical practice guideline.",
    (
        PersonName("Stevens", "PE", "Paul E"),
        PersonName("Levin", "A", "Adeera"),
        PersonName(KDIGO, collective=True),
    ),
    "Annals of internal medicine | Ann Intern Med",
    *("2013 Jun 4", "158", "11", "825-30"),
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


GLOMERULAR = "Kidney Disease: Improving Global Outcomes (KDIGO) Glomerular Diseases Work Group"
GUIDELINE = _record(
    "34556256",
    "KDIGO 2021 Clinical Practice Guideline for the Management of Glomerular Diseases.",
    (PersonName(GLOMERULAR, collective=True),),
    "Kidney international | Kidney Int",
    *("2021 Oct", "100", "4S", "S1-S276"),
)
GUIDELINE_REST = (
    "KDIGO 2021 Clinical Practice Guideline for the Management of Glomerular Diseases. "
    "Kidney Int. 2021;100(4S):S1-S276."
)


def test_a_kdigo_work_group_alone_is_read_with_its_title_and_journal() -> None:
    """KDIGO's guidelines, cited by nephrology pages all the time, have the work group as
    their only author. Alone, a name with a colon is read as a group only with an acronym
    inside it, which no title's phrase has; before, nothing but a year was claimed."""
    claim = parse_reference(f"{GLOMERULAR}. {GUIDELINE_REST}")
    assert claim.authors == (GLOMERULAR,)
    assert claim.author_names[0].collective
    assert (claim.year, claim.journal) == (2021, "Kidney Int")
    assert claim.title == GUIDELINE.title.rstrip(".")
    assert verdict(f"{GLOMERULAR}. {GUIDELINE_REST}", GUIDELINE) == (Status.VERIFIED, [])


def test_another_kdigo_work_group_is_flagged() -> None:
    diabetes = GLOMERULAR.replace("Glomerular Diseases", "Diabetes")
    assert mismatch_fields(f"{diabetes}. {GUIDELINE_REST}", GUIDELINE) == ["author"]
