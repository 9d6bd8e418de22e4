"""Year rules: print and electronic years, MedlineDate ranges, future years."""

from __future__ import annotations

import pytest

from refcheck.compare import compare_year
from refcheck.models import Claim, Field, PubMedRecord, Severity

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
