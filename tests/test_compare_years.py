"""Year rules: print and electronic years, MedlineDate ranges, future years."""

from __future__ import annotations

import pytest

from refcheck.compare import claim_as_read, compare_citation, compare_year
from refcheck.compare.years import title_year_reread
from refcheck.extract.reference import parse_reference
from refcheck.models import Citation, Claim, Field, Finding, PersonName, PubMedRecord, Severity

NOW = 2026


def rec(pub: int | None, epub: int | None = None, end: int | None = None) -> PubMedRecord:
    return PubMedRecord(
        pmid="1", title="T", authors=(), pub_year=pub, epub_year=epub, pub_year_end=end
    )


@pytest.mark.parametrize(
    ("claimed", "record"),
    [
        (2008, rec(2008)),
        (2005, rec(2005, 2004)),  # PMID 15564602: print 2005, epub 2004
        (2014, rec(2014, 2012)),  # PMID 22936646
        (2026, rec(2026, 2026)),  # PMID 41618279
        (1998, rec(1998, end=1999)),  # MedlineDate "1998 Dec-1999 Jan"
        (1999, rec(1998, end=1999)),
        (2027, rec(2027, 2026)),  # next year's issue, published online this year
    ],
)
def test_year_clean(claimed: int, record: PubMedRecord) -> None:
    assert compare_year(Claim(year=claimed), record, current_year=NOW) == ()


@pytest.mark.parametrize(
    ("claimed", "record", "pub"),
    [
        (2004, rec(2005, 2004), 2005),  # PMID 15564602
        (2012, rec(2014, 2012), 2014),  # PMID 22936646
        (2011, rec(2012, 2011), 2012),  # PMID 21813142
        (2025, rec(2026, 2025), 2026),
    ],
)
def test_epub_year_is_info(claimed: int, record: PubMedRecord, pub: int) -> None:
    (f,) = compare_year(Claim(year=claimed), record, current_year=NOW)
    assert (f.field, f.severity) == (Field.YEAR, Severity.INFO)
    assert f.actual == pub and "electronic" in f.message


@pytest.mark.parametrize(
    ("claimed", "record", "actual", "text"),
    [
        (2007, rec(2008), 2008, "year is 2008 in PubMed, the page says 2007"),
        (2003, rec(2005, 2004), 2005, "2005 (epub 2004)"),
        (2000, rec(1998, end=1999), 1998, "1998-1999"),
        (2030, rec(2008), 2008, "in the future"),
        (2027, rec(2026, 2026), 2026, "in the future"),
    ],
)
def test_wrong_year_is_error(claimed: int, record: PubMedRecord, actual: int, text: str) -> None:
    (f,) = compare_year(Claim(year=claimed), record, current_year=NOW)
    assert f.severity is Severity.ERROR and f.actual == actual and f.claimed == claimed
    assert text in f.message


def test_no_year_on_page_no_finding() -> None:
    assert compare_year(Claim(), rec(2008), current_year=NOW) == ()


def test_record_without_year_is_info() -> None:
    (f,) = compare_year(Claim(year=2008), rec(None), current_year=NOW)
    assert f.severity is Severity.INFO


def test_only_epub_known() -> None:
    assert compare_year(Claim(year=2024), rec(None, 2024), current_year=NOW) == ()


# ------------------------------------------------------------- a year of the title

# PMID 38534005 and 41599792 (real records): titles that hold a year other than the paper's
GUIDELINE = PubMedRecord(
    pmid="38534005",
    title="The EFLM European Urinalysis Guideline 2023.",
    authors=(
        *(
            PersonName(last, initials)
            for last, initials in (("Kouri", "TT"), ("Hofmann", "W"), ("Falbo", "R"))
        ),
        PersonName(
            "Task and Finish Group for Urinalysis (TFG-U), European Federation of Clinical "
            "Chemistry and Laboratory Medicine (EFLM)",
            collective=True,
        ),
    ),
    medline_ta="Clin Chem Lab Med",
    pub_year=2024,
    epub_year=2024,
)
CORRECTION = PubMedRecord(
    pmid="41599792",
    title=(
        "Correction: Senceroglu et al. Constructing an Intelligent Model Based on Support "
        "Vector Regression to Simulate the Solubility of Drugs in Polymeric Media. "
        "Pharmaceuticals 2022, 15, 1405."
    ),
    authors=(PersonName("Senceroglu", "S"), PersonName("Ayari", "MA")),
    medline_ta="Pharmaceuticals (Basel)",
    pub_year=2026,
    epub_year=2026,
)


def _findings(text: str, record: PubMedRecord) -> tuple[Finding, ...]:
    citation = Citation(record.pmid, parse_reference(text), text=text)
    return compare_citation(citation, record, current_year=NOW)


@pytest.mark.parametrize(
    ("text", "record"),
    [
        # BioMed Central's layout: the title's year came first and was read as the paper's
        (
            "Kouri TT, Hofmann W, Falbo R, Task and Finish Group for Urinalysis (TFG-U), "
            "European Federation of Clinical Chemistry and Laboratory Medicine (EFLM): The "
            "EFLM European Urinalysis Guideline 2023. Clin Chem Lab Med 2024, 62:1653-1786.",
            GUIDELINE,
        ),
        (
            "Senceroglu, S.; Ayari, M. A. Correction: Senceroglu et al. Constructing an "
            "Intelligent Model Based on Support Vector Regression to Simulate the Solubility of "
            "Drugs in Polymeric Media. Pharmaceuticals 2022, 15, 1405. Pharmaceuticals (Basel) "
            "2026, 19, 152.",
            CORRECTION,
        ),
    ],
)
def test_a_year_of_the_title_read_as_the_papers_is_not_an_error(
    text: str, record: PubMedRecord
) -> None:
    title_year = {GUIDELINE.pmid: 2023, CORRECTION.pmid: 2022}[record.pmid]
    assert parse_reference(text).year == title_year  # what the entry's layout gave
    assert not [f for f in _findings(text, record) if f.severity is not Severity.INFO]
    claim = claim_as_read(Citation(record.pmid, parse_reference(text), text=text), record)
    assert claim.year == record.pub_year  # reports show the year the page gave the paper


@pytest.mark.parametrize(
    "text",
    [
        # the page gives the title's year alone: a wrong year, as before
        "Kouri TT, Hofmann W: The EFLM European Urinalysis Guideline 2023. "
        "Clin Chem Lab Med 2023, 62:1653-1786.",
        # a year the title does not hold
        "Kouri TT, Hofmann W: The EFLM European Urinalysis Guideline 2023. "
        "Clin Chem Lab Med 2021, 62:1653-1786.",
        # the right year only as a PMID's digits, a DOI's or a URL's: no year of the page
        "Kouri TT, Hofmann W: The EFLM European Urinalysis Guideline 2023. "
        "Clin Chem Lab Med 2023. PMID: 2024. doi:10.1515/cclm.2024.0070. "
        "https://example.org/2024/guideline",
    ],
)
def test_a_wrong_year_beside_a_title_holding_a_year_is_flagged(text: str) -> None:
    errors = [f for f in _findings(text, GUIDELINE) if f.severity is Severity.ERROR]
    assert [f.field for f in errors] == [Field.YEAR]
    assert errors[0].actual == 2024


def test_the_title_year_reading_needs_the_entry() -> None:
    """Without the entry's text (a claim built by a caller) there is no other year to take."""
    claim = Claim(authors=("Kouri TT",), year=2023, journal="Clin Chem Lab Med")
    assert title_year_reread(claim, "", GUIDELINE) is claim
    assert [f.field for f in compare_year(claim, GUIDELINE, current_year=NOW)] == [Field.YEAR]
