"""Publication year: print year, electronic year and MedlineDate ranges are all right."""

from __future__ import annotations

import re
from dataclasses import replace

from refcheck.models import Claim, Field, Finding, PubMedRecord, Severity

_YEAR = re.compile(r"(?<![\w.,:/-])(?:1[6-9]|20)\d\d(?![\w/-])")
_PMID = re.compile(r"PMID\W{0,3}\d+", re.IGNORECASE)  # `PMID: 1987` is no year


def record_year_text(record: PubMedRecord) -> str:
    """The years PubMed holds, for messages: `2008`, `2008 (epub 2007)`, `1998-1999`."""
    if record.pub_year is None:
        return f"{record.epub_year} (epub)" if record.epub_year else "no year"
    text = str(record.pub_year)
    if record.pub_year_end and record.pub_year_end != record.pub_year:
        text += f"-{record.pub_year_end}"
    if record.epub_year and record.epub_year != record.pub_year:
        text += f" (epub {record.epub_year})"
    return text


def year_ok(claimed: int, record: PubMedRecord) -> bool:
    """The claimed year is one PubMed supports (print, epub, or within a MedlineDate range)."""
    if claimed in (record.pub_year, record.epub_year):
        return True
    lo, hi = record.pub_year, record.pub_year_end
    return lo is not None and hi is not None and lo <= claimed <= hi


def title_year_reread(claim: Claim, text: str, record: PubMedRecord) -> Claim:
    """The claim with the page's own year where the one read was a year of the title.

    Titles hold years (`The EFLM European Urinalysis Guideline 2023.`, `Correction: ...
    Pharmaceuticals 2022, 15, 1405.`, `... (3rd IGMC 2015) ... December 2015.`), and where
    an entry's layout puts its date after the title (BioMed Central's `Title. Clin Chem Lab
    Med 2024, 62:...`, ACS, ABNT) the title's year could be read as the citation's: "year
    is 2024 in PubMed, the page says 2023" on a right citation (13 of the real-records
    check's 23 false alarms over 29 styles). A claimed year PubMed does not support is
    the title's when the record's title holds it and the entry also gives a year PubMed
    does support that the title does not hold: that year is the page's. A wrong year
    stays wrong: the page would have to write the right one too.
    """
    year = claim.year
    if year is None or not text or year_ok(year, record):
        return claim
    in_title = set(_YEAR.findall(f"{record.title} {record.vernacular_title}"))
    if str(year) not in in_title:
        return claim
    for found in _YEAR.findall(_PMID.sub(" ", text)):
        if found not in in_title and year_ok(int(found), record):
            return replace(claim, year=int(found))
    return claim


def compare_year(claim: Claim, record: PubMedRecord, *, current_year: int) -> tuple[Finding, ...]:
    year = claim.year
    if year is None:
        return ()
    actual = record_year_text(record)
    if record.pub_year is None and record.epub_year is None:
        return (
            Finding(
                Field.YEAR,
                Severity.INFO,
                f"PubMed gives no publication year to compare with {year}",
                claimed=year,
                actual=None,
            ),
        )
    if year_ok(year, record):
        if record.pub_year is not None and year == record.epub_year != record.pub_year:
            return (
                Finding(
                    Field.YEAR,
                    Severity.INFO,
                    f"the page uses the electronic publication year {year}; "
                    f"the print year in PubMed is {record.pub_year}",
                    claimed=year,
                    actual=record.pub_year,
                ),
            )
        return ()
    correct = record.pub_year if record.pub_year is not None else record.epub_year
    if year > current_year:
        return (
            Finding(
                Field.YEAR,
                Severity.ERROR,
                f"year {year} is in the future; PubMed has {actual}",
                claimed=year,
                actual=correct,
            ),
        )
    return (
        Finding(
            Field.YEAR,
            Severity.ERROR,
            f"year is {actual} in PubMed, the page says {year}",
            claimed=year,
            actual=correct,
        ),
    )
