"""Notices: retractions, expressions of concern, errata, updates, withdrawn reviews."""

from __future__ import annotations

import pytest

from refcheck.compare import compare_notices
from refcheck.models import CommentCorrection, Field, PubMedRecord, Severity


def rec(
    *links: tuple[str, str | None],
    types: tuple[str, ...] = ("Journal Article",),
    title: str = "A study.",
) -> PubMedRecord:
    cc = tuple(CommentCorrection(ref_type=t, pmid=p) for t, p in links)
    return PubMedRecord(
        pmid="30195794", title=title, authors=(), publication_types=types, comments_corrections=cc
    )


def test_plain_article_has_no_notice() -> None:
    assert compare_notices(rec()) == ()
    assert compare_notices(rec(("CommentIn", "123"), ("Cites", "456"))) == ()


def test_retracted_by_link_names_the_notice() -> None:
    (f,) = compare_notices(rec(("RetractionIn", "35000000")))
    assert (f.field, f.severity) == (Field.NOTICE, Severity.ERROR)
    assert "PMID 35000000" in f.message and f.suggestion is None and f.actual == "35000000"


def test_retracted_by_publication_type() -> None:
    (f,) = compare_notices(rec(types=("Journal Article", "Retracted Publication")))
    assert f.severity is Severity.ERROR and "retracted" in f.message


@pytest.mark.parametrize(
    "record",
    [
        rec(("RetractionOf", "30195794"), types=("Retraction of Publication",)),
        rec(types=("Journal Article", "Retraction Notice")),  # PMID 41578200
    ],
)
def test_retraction_notice_is_not_itself_retracted(record: PubMedRecord) -> None:
    findings = compare_notices(record)
    assert all(f.severity is not Severity.ERROR for f in findings)
    assert any("retraction notice" in f.message for f in findings)


def test_expression_of_concern_is_warning() -> None:
    (f,) = compare_notices(rec(("ExpressionOfConcernIn", "111")))
    assert f.severity is Severity.WARNING and "PMID 111" in f.message


def test_erratum_is_info_with_pmid() -> None:
    (f,) = compare_notices(rec(("ErratumIn", "222")))
    assert f.severity is Severity.INFO and "PMID 222" in f.message and f.actual == "222"


def test_erratum_without_a_pmid_names_where_it_was_printed() -> None:
    """Old errata have only a RefSource (PMID 1423834's: `Toxicology 1991 Mar 25;67(1):127`);
    the finding said "see PubMed" though the record says where."""
    link = CommentCorrection("ErratumIn", None, "Toxicology 1991 Mar 25;67(1):127")
    record = PubMedRecord(
        pmid="1423834", title="A study.", authors=(), comments_corrections=(link,)
    )
    (f,) = compare_notices(record)
    assert f.message == "an erratum was published (Toxicology 1991 Mar 25;67(1):127)"
    assert f.actual is None


def test_update_is_warning_naming_newer_version() -> None:
    (f,) = compare_notices(rec(("UpdateIn", "333")))
    assert f.severity is Severity.WARNING and "a newer version exists: PMID 333" in f.message


@pytest.mark.parametrize(
    "record",
    [
        rec(title="WITHDRAWN: Acupuncture for chronic pain."),
        rec(types=("Journal Article", "Review", "Withdrawn Publication")),
    ],
)
def test_withdrawn_cochrane_review(record: PubMedRecord) -> None:
    (f,) = compare_notices(record)
    assert f.severity is Severity.WARNING and "withdrawn" in f.message


def test_partial_retraction_is_warning() -> None:
    (f,) = compare_notices(rec(("PartialRetractionIn", "444")))
    assert f.severity is Severity.WARNING and "PMID 444" in f.message


def test_published_erratum_record_is_noted() -> None:
    # PMID 38962805: "Correction." typed Published Erratum; citing a notice can be deliberate
    (f,) = compare_notices(rec(types=("Journal Article", "Published Erratum"), title="Correction."))
    assert f.severity is Severity.INFO and "erratum" in f.message


@pytest.mark.parametrize(
    "record",
    [
        rec(("RetractionOf", "9500320"), types=("Retraction of Publication",)),  # PMID 20137807
        rec(types=("Journal Article", "Expression of Concern")),
    ],
)
def test_a_cited_notice_is_info_not_warning(record: PubMedRecord) -> None:
    (f,) = compare_notices(record)
    assert f.severity is Severity.INFO and "not a research paper" in f.message


def test_several_notices_together() -> None:
    found = compare_notices(rec(("RetractionIn", "1"), ("ErratumIn", "2"), ("UpdateIn", "3")))
    assert [f.severity for f in found] == [Severity.ERROR, Severity.WARNING, Severity.INFO]
