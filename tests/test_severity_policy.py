"""The README's severity table is what the code does.

Every row of the table is produced here from a concrete citation and record;
its field and severity must match the row, and every row must have a case.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from refcheck.compare import compare_citation
from refcheck.compare.references import check_references
from refcheck.extract import extract
from refcheck.extract.names import parse_author_list
from refcheck.lookup import Resolved
from refcheck.models import (
    Citation,
    Claim,
    CommentCorrection,
    Finding,
    NotFound,
    Page,
    PageKind,
    PersonName,
    PubMedRecord,
)
from refcheck.verdicts import judge
from style_citations import SIEGEL_2020

README = Path(__file__).resolve().parent.parent / "README.md"
YEAR = 2026

RECORD = PubMedRecord(
    pmid="18349204",
    title=(
        "Chronic phantom limb pain: the effects of calcitonin, ketamine, and their "
        "combination on pain and sensory thresholds."
    ),
    authors=tuple(
        PersonName(last, initials)
        for last, initials in [
            ("Eichenberger", "U"),
            ("Neff", "F"),
            ("Sveticic", "G"),
            ("Björgo", "S"),
            ("Petersen-Felix", "S"),
            ("Arendt-Nielsen", "L"),
            ("Curatolo", "M"),
        ]
    ),
    journal_title="Anesthesia and analgesia",
    iso_abbreviation="Anesth Analg",
    medline_ta="Anesth Analg",
    pub_year=2008,
    epub_year=2007,
    pub_date="2008 Apr",
    publication_types=("Journal Article",),
)


# yearly papers of a series, whose titles differ only by the year


def claim(
    authors: str | None = "Eichenberger U",
    year: int | None = 2008,
    journal: str | None = "Anesthesia & Analgesia",
    title: str | None = None,
) -> Claim:
    written, names, et_al = parse_author_list(authors) if authors else ((), (), False)
    return Claim(
        written, names, et_al or bool(authors and "et al" in authors), year, journal, title
    )


def compared(c: Claim, record: PubMedRecord = RECORD) -> tuple[Finding, ...]:
    return compare_citation(Citation(record.pmid, c), record, current_year=YEAR)


def with_links(*links: tuple[str, str]) -> PubMedRecord:
    return replace(RECORD, comments_corrections=tuple(CommentCorrection(t, p) for t, p in links))


def page_findings(text: str) -> tuple[Finding, ...]:
    ex = extract(Page("p.txt", text, PageKind.TEXT))
    return check_references(ex).page_findings


def uncited_reference() -> tuple[Finding, ...]:
    from refcheck.verdicts import with_reference_findings

    text = (
        "Ketamine helped.[1]\n\nReferences\n"
        "1. Eichenberger U et al. 2008, Anesthesia & Analgesia. (PMID 18349204)\n"
        "2. Hall N & Eldabe S 2018, British Journal of Pain. (PMID 30349693)\n"
    )
    ex = extract(Page("p.txt", text, PageKind.TEXT))
    results = [judge(c, None, current_year=YEAR) for c in ex.citations]
    out, _ = with_reference_findings(results, ex)
    return tuple(f for r in out for f in r.findings)


CASES: dict[str, Callable[[], tuple[Finding, ...]]] = {
    "different-first-author": lambda: compared(claim("Smith J")),
    "misspelt-first-author": lambda: compared(claim("Eichenburger U")),
    "author-not-first": lambda: compared(claim("Curatolo M et al.")),
    "different-initials": lambda: compared(claim("Eichenberger X")),
    "second-author-missing": lambda: compared(claim("Eichenberger U & Smith J")),
    "no-authors-in-pubmed": lambda: compared(claim(), replace(RECORD, authors=())),
    "wrong-year": lambda: compared(claim(year=2011)),
    "epub-year": lambda: compared(claim(year=2007)),
    "future-year": lambda: compared(claim(year=YEAR + 3)),
    "wrong-journal": lambda: compared(claim(journal="British Journal of Pain")),
    "journal-undecided": lambda: compared(claim(journal="Anesthesia Analgesia Journal")),
    "pmid-of-another-paper": lambda: compared(claim("Smith J", 2011)),
    "nonexistent-pmid": lambda: (
        judge(
            Citation("39999999", claim()), Resolved(NotFound("39999999")), current_year=YEAR
        ).findings
    ),
    "invalid-pmid": lambda: judge(Citation("0", claim()), None, current_year=YEAR).findings,
    "retracted": lambda: compared(
        claim(),
        replace(
            with_links(("RetractionIn", "20137807")), publication_types=("Retracted Publication",)
        ),
    ),
    "expression-of-concern": lambda: compared(
        claim(), with_links(("ExpressionOfConcernIn", "21971344"))
    ),
    "updated-version": lambda: compared(claim(), with_links(("UpdateIn", "27737513"))),
    "partial-retraction": lambda: compared(claim(), with_links(("PartialRetractionIn", "123"))),
    "erratum": lambda: compared(claim(), with_links(("ErratumIn", "27789571"))),
    "cites-a-notice": lambda: compared(
        claim(None, None, None),
        replace(
            with_links(("RetractionOf", "9500320")),
            publication_types=("Retraction of Publication",),
        ),
    ),
    "stale-notice-status": lambda: (
        judge(
            Citation(RECORD.pmid, claim()), Resolved(RECORD, 12.0, stale=True), current_year=YEAR
        ).findings
    ),
    "title-mismatch": lambda: compared(
        claim(title="Mirror therapy for phantom limb pain in amputees")
    ),
    "title-of-another-year": lambda: compared(
        claim("Siegel RL", 2020, "CA Cancer J Clin", title="Cancer statistics, 2019"),
        SIEGEL_2020,
    ),
    "reference-never-cited": uncited_reference,
    "marker-without-reference": lambda: page_findings(
        "Ketamine helped.[1] Mirrors helped.[7] Both did.[2]\n\nReferences\n"
        "1. Eichenberger U et al. 2008, Anesthesia & Analgesia. (PMID 18349204)\n"
        "2. Hall N & Eldabe S 2018, British Journal of Pain. (PMID 30349693)\n"
    ),
    "duplicate-reference": lambda: page_findings(
        "Ketamine helped.[1] Mirrors helped.[2]\n\nReferences\n"
        "1. Eichenberger U et al. 2008, Anesthesia & Analgesia. (PMID 18349204)\n"
        "2. Eichenberger U et al. 2008, Anesthesia & Analgesia. (PMID 18349204)\n"
    ),
    "reference-without-pmid": lambda: page_findings(
        "Ketamine helped.[1] Mirrors helped.[2]\n\nReferences\n"
        "1. Eichenberger U et al. 2008, Anesthesia & Analgesia. (PMID 18349204)\n"
        "2. Hall N & Eldabe S 2018, British Journal of Pain.\n"
    ),
}


def readme_rows() -> list[tuple[str, str, str]]:
    text = README.read_text(encoding="utf-8")
    table = text.split("<!-- severity-table:start -->")[1].split("<!-- severity-table:end -->")[0]
    rows = []
    for line in table.strip().splitlines()[2:]:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        rows.append((cells[0], cells[1], cells[2]))
    return rows


def test_every_case_has_a_row_and_every_row_a_case() -> None:
    assert sorted(r[0] for r in readme_rows()) == sorted(CASES)


@pytest.mark.parametrize(("case", "field", "severity"), readme_rows())
def test_row_matches_the_code(case: str, field: str, severity: str) -> None:
    findings = CASES[case]()
    produced = {(f.field.value, f.severity.value) for f in findings}
    assert (field, severity) in produced, f"{case}: got {sorted(produced)}"
    louder = {
        (f, s)
        for f, s in produced
        if f == field and re.fullmatch("error|warning|info", s) and s != severity
    }
    rank = {"info": 0, "warning": 1, "error": 2}
    assert not [x for x in louder if rank[x[1]] > rank[severity]], f"{case}: also {louder}"


def test_correct_citation_raises_nothing() -> None:
    assert compared(claim()) == ()
