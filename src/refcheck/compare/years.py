"""Publication year: print year, electronic year and MedlineDate ranges are all right."""

from __future__ import annotations

from refcheck.models import Claim, Field, Finding, PubMedRecord, Severity


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
