"""compare_citation end to end, wrong-PMID aggregation and status_for."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from refcheck.compare import compare_citation, status_for
from refcheck.models import (
    Citation,
    Claim,
    CommentCorrection,
    Field,
    Finding,
    PersonName,
    PubMedRecord,
    Severity,
    Status,
)

NOW = 2026

SEED = PubMedRecord(
    pmid="18349204",
    title="Chronic phantom limb pain: the effects of calcitonin, ketamine, and their "
    "combination on pain and sensory thresholds.",
    authors=(
        PersonName("Eichenberger", "U", "Urs"),
        PersonName("Neff", "F"),
        PersonName("Sveticic", "G"),
        PersonName("Curatolo", "M"),
    ),
    journal_title="Anesthesia and analgesia",
    iso_abbreviation="Anesth Analg",
    medline_ta="Anesth Analg",
    pub_year=2008,
    epub_year=None,
)

# PMID 15564602: Bhattacharya N, Biol Reprod, print 2005, epub 2004
OTHER = PubMedRecord(
    pmid="15564602",
    title="Some other paper on reproduction.",
    authors=(PersonName("Bhattacharya", "N"),),
    journal_title="Biology of reproduction",
    iso_abbreviation="Biol Reprod",
    medline_ta="Biol Reprod",
    pub_year=2005,
    epub_year=2004,
)


def cite(pmid: str = "18349204", **kw: object) -> Citation:
    base = {
        "authors": ("Eichenberger U",),
        "author_names": (PersonName("Eichenberger", "U"),),
        "et_al": True,
        "year": 2008,
        "journal": "Anesthesia & Analgesia",
    }
    base.update(kw)
    return Citation(pmid=pmid, claim=Claim(**base))  # type: ignore[arg-type]


def test_seed_citation_verifies() -> None:
    findings = compare_citation(cite(), SEED, current_year=NOW)
    assert findings == () and status_for(findings) is Status.VERIFIED


def test_misspelt_author_is_mismatch() -> None:
    c = cite(authors=("Eichenburger U",), author_names=(PersonName("Eichenburger", "U"),))
    (f,) = compare_citation(c, SEED, current_year=NOW)
    assert f.field is Field.AUTHOR and f.severity is Severity.WARNING
    assert status_for((f,)) is Status.MISMATCH


@pytest.mark.parametrize(
    "changes",
    [
        {"authors": ("Smith J",), "author_names": (PersonName("Smith", "J"),), "year": 1999},
        {"year": 1999, "journal": "Br J Pain"},
        {
            "authors": ("Smith J",),
            "author_names": (PersonName("Smith", "J"),),
            "journal": "Br J Pain",
        },
        {
            "authors": ("Smith J",),
            "author_names": (PersonName("Smith", "J"),),
            "title": "Ketamine for cancer pain in children",
        },
    ],
)
def test_wrong_pmid_aggregates(changes: dict[str, object]) -> None:
    findings = compare_citation(cite(**changes), SEED, current_year=NOW)
    (f,) = findings
    assert (f.field, f.severity, f.suggestion) == (Field.PMID, Severity.ERROR, None)
    assert f.message.startswith('PMID 18349204 is "Chronic phantom limb pain')
    assert "(Eichenberger U et al., Anesth Analg, 2008), not the cited paper" in f.message
    assert f.actual == "Eichenberger U et al., Anesth Analg, 2008"
    assert isinstance(f.claimed, str)


def test_seed_claim_against_another_record() -> None:
    findings = compare_citation(cite(pmid="15564602"), OTHER, current_year=NOW)
    assert [f.field for f in findings] == [Field.PMID]
    assert findings[0].claimed == "Eichenberger U et al., Anesthesia & Analgesia, 2008"


def test_wrong_pmid_keeps_notices_and_infos() -> None:
    retracted = replace(OTHER, comments_corrections=(CommentCorrection("RetractionIn", "9"),))
    c = cite(year=2004)  # the epub year of OTHER: info kept
    findings = compare_citation(c, retracted, current_year=NOW)
    assert [(f.field, f.severity) for f in findings] == [
        (Field.PMID, Severity.ERROR),
        (Field.NOTICE, Severity.ERROR),
        (Field.YEAR, Severity.INFO),
    ]


def test_single_error_is_not_folded() -> None:
    findings = compare_citation(cite(year=2007), SEED, current_year=NOW)
    assert [(f.field, f.severity) for f in findings] == [(Field.YEAR, Severity.ERROR)]


def test_epub_year_stays_verified() -> None:
    c = Citation("15564602", Claim(authors=("Bhattacharya N",), year=2004, journal="Biol Reprod"))
    findings = compare_citation(c, OTHER, current_year=NOW)
    assert [f.severity for f in findings] == [Severity.INFO]
    assert status_for(findings) is Status.VERIFIED


def test_retracted_but_correctly_cited_is_mismatch() -> None:
    r = replace(SEED, publication_types=("Journal Article", "Retracted Publication"))
    findings = compare_citation(cite(), r, current_year=NOW)
    assert [f.field for f in findings] == [Field.NOTICE]
    assert status_for(findings) is Status.MISMATCH


def test_status_for() -> None:
    info = Finding(Field.YEAR, Severity.INFO, "m")
    warn = Finding(Field.AUTHOR, Severity.WARNING, "m")
    err = Finding(Field.PMID, Severity.ERROR, "m")
    assert status_for(()) is Status.VERIFIED
    assert status_for((info,)) is Status.VERIFIED
    assert status_for((info, warn)) is Status.MISMATCH
    assert status_for((err,)) is Status.MISMATCH
    assert status_for((replace(err, waived=True), info)) is Status.VERIFIED
    assert status_for((replace(err, waived=True), warn)) is Status.MISMATCH


def test_findings_are_json_friendly() -> None:
    claims = [
        cite(),
        cite(year=1999, journal="Br J Pain"),
        cite(year=2007),
        cite(authors=("Neff F",), author_names=(PersonName("Neff", "F"),)),
    ]
    r = replace(SEED, comments_corrections=(CommentCorrection("ErratumIn", "5"),))
    for c in claims:
        for f in compare_citation(c, r, current_year=NOW):
            json.dumps({"claimed": f.claimed, "actual": f.actual, "message": f.message})
            assert f.claimed is None or isinstance(f.claimed, (str, int))
            assert f.actual is None or isinstance(f.actual, (str, int))


def test_a_two_author_record_is_described_with_both_names() -> None:
    """In "PMID ... is <title> (Hall N et al., ...)", "et al." for a two-author paper read
    as if the page's right "Hall N & Eldabe S" had left someone out."""
    from refcheck.compare import describe_record
    from refcheck.models import PersonName, PubMedRecord

    two = PubMedRecord(
        "30349693",
        "Review",
        (PersonName("Hall", "N"), PersonName("Eldabe", "S")),
        medline_ta="Br J Pain",
        pub_year=2018,
    )
    assert describe_record(two) == "Hall N & Eldabe S, Br J Pain, 2018"
    three = PubMedRecord("1", "x", (*two.authors, PersonName("Lee", "K")), pub_year=2018)
    assert describe_record(three) == "Hall N et al., 2018"
