"""Reference-list hygiene: markers vs numbered references."""

from __future__ import annotations

from refcheck.compare.references import ReferenceCheck, check_references
from refcheck.extract import PageExtraction, extract
from refcheck.models import Citation, Claim, Extraction, Field, Marker, Page, PageKind, Severity


def _cit(label: str | None, pmid: str | None = None) -> Citation:
    """A citation of its own paper unless `pmid` says otherwise (one PMID under two
    labels is a finding of its own)."""
    return Citation(pmid=pmid or f"9{label or 0}", claim=Claim(), label=label)


def _mk(*labels: str) -> Marker:
    return Marker(labels=labels, text="[" + ",".join(labels) + "]", line=3)


def test_seed_markers_all_match() -> None:
    ex = PageExtraction(
        citations=(_cit("1"), _cit("2"), _cit("3")),
        markers=(_mk("1"), _mk("2", "3")),
        numbered=True,
        reference_labels=("1", "2", "3"),
    )
    assert check_references(ex) == ReferenceCheck((), frozenset())


def test_uncited_reference() -> None:
    ex = PageExtraction(
        citations=(_cit("1"), _cit("2")),
        markers=(_mk("1"),),
        numbered=True,
        reference_labels=("1", "2"),
    )
    result = check_references(ex)
    assert result.uncited_labels == frozenset({"2"}) and result.page_findings == ()


def test_marker_without_reference_duplicates_and_gaps() -> None:
    ex = PageExtraction(
        citations=(_cit("1"), _cit("2"), _cit("2"), _cit("4")),
        markers=(_mk("1", "2", "4"), _mk("9"), _mk("9")),
        numbered=True,
        reference_labels=("1", "2", "2", "4"),
    )
    findings = check_references(ex).page_findings
    assert all(f.field is Field.REFERENCE and f.severity is Severity.WARNING for f in findings)
    messages = " | ".join(f.message for f in findings)
    assert "9" in messages and "used 2 times" in messages and "skips number(s) 3" in messages
    assert len(findings) == 3  # marker 9 reported once
    assert all(f.message and f.claimed is not None for f in findings)


def test_non_pmid_references_are_known() -> None:
    # reference 2 is a book without PMID: marker [2] is fine
    ex = PageExtraction(
        citations=(_cit("1"),),
        markers=(_mk("1", "2"),),
        numbered=True,
        reference_labels=("1", "2"),
    )
    (note,) = check_references(ex).page_findings
    # no warning, but not silent either: a reference without a PMID simply vanished from
    # the report, most often a PMID the editor left out
    assert note.severity is Severity.INFO
    assert note.message == "reference 2 cites no PMID: not checked"
    many = PageExtraction(
        citations=(_cit("1"),),
        markers=(_mk("1", "2", "3"),),
        numbered=True,
        reference_labels=("1", "2", "3"),
    )
    assert [f.message for f in check_references(many).page_findings] == [
        "references 2, 3 cite no PMID: not checked"
    ]


def test_plain_extraction_falls_back_to_citation_labels() -> None:
    ex = Extraction(citations=(_cit("1"), _cit("2")), markers=(_mk("1", "2", "3"),), numbered=True)
    (finding,) = check_references(ex).page_findings
    assert finding.claimed == "3"


def test_no_markers_or_author_year_gives_nothing() -> None:
    assert check_references(
        PageExtraction(citations=(_cit("1"),), numbered=True, reference_labels=("1", "3"))
    ) == ReferenceCheck((), frozenset())
    assert check_references(
        Extraction(citations=(_cit(None),), markers=(_mk("1"),), numbered=False)
    ) == ReferenceCheck((), frozenset())


def test_seed_page_end_to_end() -> None:
    text = (
        "Ketamine reduced the pain.¹\n\nBenefit is short-lived.² ³\n\nReferences\n\n"
        "  1. Eichenberger U et al. 2008, Anesthesia & Analgesia Note. (PMID 18349204)\n"
        "  2. Alviar MJ et al. 2016, Cochrane Database of Systematic Reviews Note."
        " (PMID 27737513)\n"
        "  3. Hall N & Eldabe S 2018, British Journal of Pain Note. (PMID 30349693)\n"
    )
    ex = extract(Page(source="s", text=text, kind=PageKind.TEXT))
    assert check_references(ex) == ReferenceCheck((), frozenset())


def test_one_pmid_listed_as_two_references_is_reported() -> None:
    """[1] and [3] both PMID 18349204: nothing was said, only the shifted entry after the
    copy showed up as "never cited"."""
    ex = PageExtraction(
        citations=(_cit("1", "18349204"), _cit("2"), _cit("3", "18349204")),
        markers=(_mk("1", "2", "3"),),
        numbered=True,
        reference_labels=("1", "2", "3"),
    )
    (dup,) = check_references(ex).page_findings
    assert dup.severity is Severity.WARNING
    assert dup.message == "PMID 18349204 is listed 2 times, as references 1 and 3"
