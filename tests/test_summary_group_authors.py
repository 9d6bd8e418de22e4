"""PubMed's summary whose authors are a group alone (fixtures/records: 12748680, 16410761).

`Multiple outbreaks of ... tortillas--Massachusetts, 2003-2004. Centers for Disease Control
and Prevention (CDC). MMWR Morb Mortal Wkly Rep. 2006 Jan 13;55(1):8-11.`: the title, the
group, the journal, the date. The title-first reading took only persons' names, so such an
entry was read authors first: the title's words became names and the group ran into the
journal (`National Toxicology Program. Natl Toxicol Program Tech Rep Ser`, a false alarm on
the journal), or no author was read and a year of the title could be the claim's. The group
is now read as the author where its name vouches for it (title case, a group's word: see
is_group_author); a title's sentence and a Vancouver entry's names stay as they were read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

import pytest

from refcheck.extract import extract
from refcheck.extract.reference import parse_reference
from refcheck.models import Claim, Field, Page, PageKind, PersonName, PubMedRecord, Status
from style_citations import claim_verdict, fixture_records, pubmed_summary, verdict

GROUPS_ALONE = ("12748680", "16410761")


def _record(pmid: str) -> PubMedRecord:
    return next(r for r in fixture_records() if r.pmid == pmid)


def _other(pmid: str) -> PubMedRecord:
    """The other record with a group alone, for a wrong group or journal."""
    return _record(next(p for p in GROUPS_ALONE if p != pmid))


def _full(record: PubMedRecord) -> str:
    return pubmed_summary(record)


def _short(record: PubMedRecord) -> str:
    return pubmed_summary(record, short=True)


FORMS: dict[str, Callable[[PubMedRecord], str]] = {"full": _full, "short": _short}


def test_the_records_have_a_group_alone() -> None:
    for pmid in GROUPS_ALONE:
        authors = _record(pmid).authors
        assert len(authors) == 1 and authors[0].collective


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("pmid", GROUPS_ALONE)
def test_right_citation_reads_title_group_journal_year(form: str, pmid: str) -> None:
    record = _record(pmid)
    text = FORMS[form](record)
    claim = parse_reference(text)
    group = record.authors[0].last_name
    assert claim.authors == (group,)
    assert claim.author_names == (PersonName(group, collective=True),)
    assert claim.title == record.title.rstrip(".")
    assert claim.journal == record.medline_ta
    assert claim.year == record.pub_year
    assert verdict(text, record) == (Status.VERIFIED, [])


def test_the_ntp_journal_is_the_journal_alone() -> None:
    """The group no longer runs into the journal (`National Toxicology Program. Natl Toxicol
    Program Tech Rep Ser` was a false alarm on the journal)."""
    claim = parse_reference(_full(_record("12748680")))
    assert claim.journal == "Natl Toxicol Program Tech Rep Ser"


def _text_lines(record: PubMedRecord, short: bool) -> Page:
    """The summary under a heading, each part on a line of its own."""
    lines = pubmed_summary(record, short=short, sep="\n")
    return Page("summary.txt", f"References\n\n{lines}\n", PageKind.TEXT)


def _html_lines(record: PubMedRecord, short: bool) -> Page:
    """PubMed's lines kept by `<br>`, the title a link to PubMed."""
    title, *rest, _pmid = pubmed_summary(record, short=short, sep="\n").split("\n")
    link = f'<a href="https://pubmed.ncbi.nlm.nih.gov/{record.pmid}/">{title}</a>'
    body = f"<p>Further reading.</p><div>{link}<br>{'<br>'.join(rest)}</div>"
    return Page("lines.html", f"<html><body>{body}</body></html>", PageKind.HTML)


PAGES: dict[str, Callable[[PubMedRecord, bool], Page]] = {
    "text lines": _text_lines,
    "html lines": _html_lines,
}


@pytest.mark.parametrize("short", [False, True], ids=["full", "short"])
@pytest.mark.parametrize("page", sorted(PAGES))
def test_the_title_year_is_not_the_claim_on_a_page(page: str, short: bool) -> None:
    """`...--Massachusetts, 2003-2004.` closes the title: in `<br>` lines its 2004 was the
    claim's year (a false alarm), on text lines no year or no author was read. The year
    is the date's, 2006, and the group is the author."""
    record = _record("16410761")
    claims = {c.pmid: c.claim for c in extract(PAGES[page](record, short)).citations}
    claim = claims[record.pmid]
    assert claim.year == 2006
    assert claim.authors == ("Centers for Disease Control and Prevention (CDC)",)
    assert claim_verdict(claim, record) == (Status.VERIFIED, [])


def _wrong_year(record: PubMedRecord, other: PubMedRecord) -> PubMedRecord:
    year = (record.pub_year or 0) + 3
    return replace(record, pub_year=year, pub_date=re.sub(r"^\d{4}", str(year), record.pub_date))


def _wrong_journal(record: PubMedRecord, other: PubMedRecord) -> PubMedRecord:
    return replace(record, medline_ta=other.medline_ta, iso_abbreviation=other.iso_abbreviation)


def _wrong_group(record: PubMedRecord, other: PubMedRecord) -> PubMedRecord:
    return replace(record, authors=other.authors)


WRONG = {Field.YEAR: _wrong_year, Field.JOURNAL: _wrong_journal, Field.AUTHOR: _wrong_group}


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("field", sorted(WRONG, key=lambda f: f.value), ids=lambda f: f.value)
@pytest.mark.parametrize("pmid", GROUPS_ALONE)
def test_wrong_year_journal_or_group_is_flagged(form: str, field: Field, pmid: str) -> None:
    record = _record(pmid)
    text = FORMS[form](WRONG[field](record, _other(pmid)))
    status, shown = verdict(text, record)
    assert status is not Status.VERIFIED, text
    assert any(s.startswith(field.value) for s in shown), (text, shown)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # a title's sentence is no group: no author, as before
        (
            "Chronic toxicity of phthalate in rats. Toxicol Sci. 2000;1:2.",
            Claim(year=2000, journal="Toxicol Sci", title="Chronic toxicity of phthalate in rats"),
        ),
        # Vancouver's names, then a title in Title Case with a group's word: not a summary
        # whose title is `John Smith` and whose group is the title
        (
            "John Smith. Report of the Task Force. Circulation. 2006;1:2.",
            Claim(
                authors=("John Smith",),
                author_names=(PersonName("Smith", "J", "John"),),
                year=2006,
                journal="Circulation",
                title="Report of the Task Force",
            ),
        ),
        # a group first, then a title that reads as a group: the group is the author
        (
            "National Cancer Institute. Report of the Expert Panel. J Natl Cancer Inst. 1990;1:2.",
            Claim(
                authors=("National Cancer Institute",),
                author_names=(PersonName("National Cancer Institute", collective=True),),
                year=1990,
                journal="J Natl Cancer Inst",
                title="Report of the Expert Panel",
            ),
        ),
        # persons' names: read exactly as before
        (
            "Phantom limb pain: a review. Hall N, Eldabe S. Br J Pain. 2018 Nov;12(4):202-207.",
            Claim(
                authors=("Hall N", "Eldabe S"),
                author_names=(PersonName("Hall", "N"), PersonName("Eldabe", "S")),
                year=2018,
                journal="Br J Pain",
                title="Phantom limb pain: a review",
            ),
        ),
    ],
)
def test_no_group_is_made_up(text: str, want: Claim) -> None:
    assert parse_reference(text) == want


def test_a_journal_abbreviation_is_no_group() -> None:
    """ACS's `Natl. Toxicol. Program Tech. Rep. Ser.`: between its periods `Program Tech` is
    title case with a group's word, and read as a group alone it made the entry a summary
    titled `National Toxicology Program ... Natl. Toxicol`, another paper's (a false alarm).
    A group alone must end in its group's word or open with it before a connector."""
    record = _record("12778222")
    text = (
        "National Toxicology Program Carcinogenesis Bioassay of Butyl Benzyl Phthalate (CAS No."
        " 85-68-7) in F344/N Rats and B6C3F1 Mice (Feed Study). Natl. Toxicol. Program Tech."
        " Rep. Ser. 1982, 213, 1-98."
    )
    assert "Program Tech" not in parse_reference(text).authors
    assert verdict(text, record) == (Status.VERIFIED, [])


def test_a_two_word_group_alone_is_not_read() -> None:
    """`ASPIRE Investigators` alone is no longer than a person's name or a title's phrase:
    the summary reading wants three words or more (the entry claims no names, as before)."""
    text = (
        "Low-dose aspirin for preventing recurrent venous thromboembolism. ASPIRE Investigators."
        " N Engl J Med. 2012;367:1979."
    )
    assert parse_reference(text).authors == ()
