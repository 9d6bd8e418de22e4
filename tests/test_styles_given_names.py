"""Right citations that write the authors' given names in full must verify; wrong ones must not.

The records are the project's own real PubMed records (`fixtures/records/articles-*.xml`,
read by refcheck's efetch parser), whose ForeName PubMed gives (`John H`, `Salomé`,
`Hilde de`, `J Christopher`). Each is cited with its people's given names in four styles:
given names first (`John H. Krystal, Alfred P. Kaye, Sarah Jefferson.`), the first author
and `et al.`, Chicago's bibliography (`Krystal, John H., Alfred P. Kaye, and Sarah
Jefferson.`) and MLA (`Krystal, John H., et al.`). A group author and a person without a
ForeName are written as PubMed has them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from functools import cache

import pytest

from refcheck.models import Field, PersonName, PubMedRecord, Status

# the helpers of the styles test over ../shared's records (importing it needs no ../shared)
from style_citations import fixture_records, title_case, verdict


@cache
def _records() -> tuple[PubMedRecord, ...]:
    records = fixture_records()
    # a citation needs authors, a year, a title and a journal
    return tuple(r for r in records if r.authors and r.pub_year and r.title and r.journal_title)


def _given(name: PersonName) -> str:
    """`John H` -> `John H.`; a ForeName of initials (`B G`) -> `B. G.`; no ForeName: the
    initials PubMed has."""
    words = name.fore_name.split() or list(name.initials)
    return " ".join(f"{w}." if len(w) == 1 else w for w in words)


def _given_first(name: PersonName) -> str:
    if name.collective:
        return name.last_name
    suffix = f" {name.suffix}." if name.suffix else ""
    return f"{_given(name)} {name.last_name}{suffix}"


def _inverted(name: PersonName) -> str:
    if name.collective:
        return name.last_name
    suffix = f", {name.suffix}." if name.suffix else ""
    return f"{name.last_name}, {_given(name)}{suffix}"


def _ends(text: str) -> str:
    """A name list ends with one period (`Kaye.`, `John H.`, `et al.`)."""
    return text if text.endswith(".") else text + "."


def _chicago_names(authors: tuple[PersonName, ...]) -> str:
    """The first inverted, the others given names first, `and` before the last; over ten
    authors, the first seven and `et al.` (Chicago 17)."""
    if len(authors) > 10:
        shown = [_inverted(authors[0]), *(_given_first(a) for a in authors[1:7])]
        return ", ".join(shown) + ", et al."
    shown = [_inverted(authors[0]), *(_given_first(a) for a in authors[1:])]
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + ", and " + shown[-1]


def _mla_names(authors: tuple[PersonName, ...]) -> str:
    if len(authors) > 2:
        return f"{_inverted(authors[0])}, et al."
    if len(authors) == 2:
        return f"{_inverted(authors[0])}, and {_given_first(authors[1])}"
    return _inverted(authors[0])


def _cite(record: PubMedRecord, style: str) -> str:
    au, year = record.authors, record.pub_year
    title = record.title if record.title.endswith((".", "?", "!")) else record.title + "."
    quoted = record.title.rstrip(".")
    where = f"{record.volume}({record.issue})" if record.issue else record.volume
    journal = title_case(record.journal_title)
    abbr = record.iso_abbreviation.replace(".", "") or record.medline_ta
    vancouver_tail = f"{title} {abbr}. {year};{where}:{record.pages}."
    if style == "given first":
        names = ", ".join(_given_first(a) for a in au[:6]) + (", et al." if len(au) > 6 else "")
        return f"{_ends(names)} {vancouver_tail}"
    if style == "first et al":
        names = _given_first(au[0]) + (" et al." if len(au) > 1 else "")
        return f"{_ends(names)} {vancouver_tail}"
    issue = f", no. {record.issue}" if record.issue else ""
    if style == "chicago":
        return (
            f'{_ends(_chicago_names(au))} "{quoted}." {journal} {record.volume}{issue} '
            f"({year}): {record.pages}."
        )
    return (
        f'{_ends(_mla_names(au))} "{quoted}." {journal}, vol. {record.volume}{issue}, '
        f"{year}, pp. {record.pages}."
    )


STYLES = ("given first", "first et al", "chicago", "mla")


# Known alarms, for reasons other than reading given names (style, PMID).
KNOWN_ALARMS = {
    # one name alone, then a title: `Marc A. Silva. Review of ...` reads as well as
    # Vancouver's `Couzin J. Genetics. DNA test ...` (one author, a title that opens with a
    # word; PMID 18927361), which keeps the shorter reading
    ("given first", "33119379"),
    ("given first", "38573673"),
    ("first et al", "33119379"),
    ("first et al", "38573673"),
}
# Known misses (style, PMID, field)
KNOWN_MISSES = {
    # a group in lower case after the people (`..., participants of Giens XXXIV Round Table
    # "Clinical research"`) is no name: the list claims no authors, a check not made
    ("given first", "30642661", "author"),
    ("chicago", "30642661", "author"),
    # the volume is a year (`vol. 2019, 2022`), read as the citation's
    ("mla", "31191790", "year"),
}


def _alarms(records: tuple[PubMedRecord, ...], style: str) -> list[str]:
    out = []
    for record in records:
        text = _cite(record, style)
        status, shown = verdict(text, record)
        if (status is not Status.VERIFIED or shown) and (style, record.pmid) not in KNOWN_ALARMS:
            out.append(f"{record.pmid}: {text[:160]} -> {shown}")
    return out


def test_the_records_are_there() -> None:
    records = _records()
    assert len(records) > 100
    assert sum(1 for r in records if any(a.fore_name for a in r.authors)) > 100


@pytest.mark.parametrize("style", STYLES)
def test_right_citations_with_given_names_verify(style: str) -> None:
    """Of these 111 right citations, 70 verified given names first, 92 with the first author
    and `et al.`, 35 in Chicago and 97 in MLA (commit fd8167d): the names ended at the first
    middle initial (`John H`), or paired two by two (`Alfred P. Kaye, Sarah Jefferson`)."""
    alarms = _alarms(_records(), style)
    assert alarms == [], "\n".join(alarms)


def _changed(record: PubMedRecord, other: PubMedRecord) -> Iterator[tuple[PubMedRecord, Field]]:
    """The record with the year off by three, then with `other`'s first author."""
    yield replace(record, pub_year=(record.pub_year or 0) + 3, epub_year=None), Field.YEAR
    stranger = other.authors[0]
    if stranger.last_name.lower() != record.authors[0].last_name.lower():
        yield replace(record, authors=(stranger, *record.authors[1:])), Field.AUTHOR


@pytest.mark.parametrize("style", STYLES)
def test_wrong_year_and_wrong_first_author_are_flagged(style: str) -> None:
    """Each record cited rightly for a changed record is wrong for the real one: flagged on
    that field, or as another paper altogether (PMID)."""
    records = [r for r in _records() if not r.authors[0].collective]
    missed = []
    for record, other in zip(records, [*records[1:], records[0]], strict=True):
        for changed, field in _changed(record, other):
            text = _cite(changed, style)
            status, shown = verdict(text, record)
            flagged = status is not Status.VERIFIED and any(
                s.startswith((field.value, Field.PMID.value)) for s in shown
            )
            if not flagged and (style, record.pmid, field.value) not in KNOWN_MISSES:
                missed.append(f"{record.pmid} {field.value}: {text[:120]} -> {shown}")
    assert missed == [], "\n".join(missed)
