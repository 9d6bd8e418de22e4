"""PubMed's own "Summary" format over the project's real records (fixtures/records).

`Phantom limb pain: a review. Hall N, Eldabe S. Br J Pain. 2018 Nov;12(4):202-207. PMID:
30349693`: the title first, then the authors, the journal and the date, as pages copy them
from PubMed's search results (also short, `Hall N, et al. Br J Pain. 2018.`; on lines of
their own; as HTML whose link is the title). Before the title-first reading, such an entry
claimed its year only, so a PMID of another paper went unnoticed. Right citations must
verify; a wrong first author, a wrong year or another record's title must be flagged.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest

from refcheck.extract import extract
from refcheck.extract.reference import parse_reference
from refcheck.models import Claim, Field, Page, PageKind, PubMedRecord, Status
from style_citations import claim_verdict, fixture_records, pubmed_summary, verdict

# a group alone for author (`National Toxicology Program.`, `Centers for Disease Control and
# Prevention (CDC).`) is read title first since the group's name vouches for it (see
# is_group_author, tests/test_summary_group_authors.py): none is left out any more
KNOWN_GROUPS_ALONE: frozenset[str] = frozenset()


def _records() -> Iterator[PubMedRecord]:
    """Journal articles with authors, a year and a journal to cite."""
    for record in fixture_records():
        if record.pmid in KNOWN_GROUPS_ALONE:
            continue
        if record.authors and record.pub_year and (record.medline_ta or record.iso_abbreviation):
            yield record


def _one_line(record: PubMedRecord) -> str:
    return pubmed_summary(record)


def _short(record: PubMedRecord) -> str:
    return pubmed_summary(record, short=True)


FORMS: dict[str, Callable[[PubMedRecord], str]] = {"full": _one_line, "short": _short}


def _pubmed_link(record: PubMedRecord) -> str:
    return f"https://pubmed.ncbi.nlm.nih.gov/{record.pmid}/"


def _text_page(records: list[PubMedRecord]) -> Page:
    """The summaries pasted under a heading, each part on a line of its own."""
    entries = "\n\n".join(pubmed_summary(r, sep="\n") for r in records)
    return Page("summaries.txt", f"References\n\n{entries}\n", PageKind.TEXT)


def _html_list(records: list[PubMedRecord]) -> Page:
    """`<li><a href=".../PMID/">Title.</a> Hall N, Eldabe S. Br J Pain. 2018...</li>`: the
    CMS's list, whose link to PubMed is the title."""
    items = []
    for r in records:
        title, rest = _title_and_rest(r)
        items.append(f'<li><a href="{_pubmed_link(r)}">{title}</a> {rest}</li>')
    return Page("list.html", f"<html><body><ul>{''.join(items)}</ul></body></html>", PageKind.HTML)


def _html_lines(records: list[PubMedRecord]) -> Page:
    """PubMed's lines kept by `<br>` in a block of their own, no reference heading: the
    link's text alone claimed the title only."""
    blocks = []
    for r in records:
        title, rest = _title_and_rest(r, sep="<br>")
        blocks.append(f'<div><a href="{_pubmed_link(r)}">{title}</a><br>{rest}</div>')
    body = "<p>Further reading.</p>" + "".join(blocks)
    return Page("lines.html", f"<html><body>{body}</body></html>", PageKind.HTML)


def _title_and_rest(record: PubMedRecord, sep: str = " ") -> tuple[str, str]:
    """The summary's title and the rest, escaped for HTML, without the PMID (the link has it)."""
    parts = pubmed_summary(record, sep="\n").split("\n")
    return html.escape(parts[0]), sep.join(html.escape(p) for p in parts[1:-1])


PAGES: dict[str, Callable[[list[PubMedRecord]], Page]] = {
    "text lines": _text_page,
    "html list": _html_list,
    "html lines": _html_lines,
}


def _page_claims(page: Page) -> dict[str, Claim]:
    return {c.pmid: c.claim for c in extract(page).citations}


def test_the_records_are_there() -> None:
    records = list(_records())
    assert len(records) >= 100
    assert sum(len(r.authors) > 1 for r in records) >= 80


@pytest.mark.parametrize("form", sorted(FORMS))
def test_right_citations_verify_and_claim_what_they_say(form: str) -> None:
    """Each right citation verifies, and claims its first author, journal and title (on the
    code before the title-first reading, each claimed its year only)."""
    alarms, unread = [], []
    for record in _records():
        text = FORMS[form](record)
        status, shown = verdict(text, record)
        if status is not Status.VERIFIED:
            alarms.append(f"{record.pmid}: {text[:160]} -> {shown}")
        claim = parse_reference(text)
        if not record.authors[0].collective and not (claim.authors and claim.journal):
            unread.append(f"{record.pmid}: {text[:160]}")
    assert alarms == [], "\n".join(alarms)
    assert unread == [], "\n".join(unread)


@pytest.mark.parametrize("form", sorted(PAGES))
def test_pages_with_summaries_verify(form: str) -> None:
    """The summaries on a page, as the extractor reads it: on lines of their own, in an HTML
    list whose link is the title, in `<br>` lines outside a reference list."""
    records = list(_records())
    claims = _page_claims(PAGES[form](records))
    alarms, unread = [], []
    for record in records:
        claim = claims.get(record.pmid, Claim())
        status, shown = claim_verdict(claim, record)
        if status is not Status.VERIFIED:
            alarms.append(f"{record.pmid}: {claim} -> {shown}")
        if not record.authors[0].collective and not (claim.authors and claim.journal):
            unread.append(f"{record.pmid}: {claim}")
    assert alarms == [], "\n".join(alarms)
    assert unread == [], "\n".join(unread)


def _wrong_year(record: PubMedRecord, other: PubMedRecord) -> PubMedRecord:
    year = (record.pub_year or 0) + 3
    return replace(record, pub_year=year, pub_date=re.sub(r"^\d{4}", str(year), record.pub_date))


def _wrong_author(record: PubMedRecord, other: PubMedRecord) -> PubMedRecord:
    return replace(record, authors=(other.authors[0], *record.authors[1:]))


def _other_title(record: PubMedRecord, other: PubMedRecord) -> PubMedRecord:
    return replace(record, title=other.title)


WRONG = {
    Field.YEAR: _wrong_year,
    Field.AUTHOR: _wrong_author,
    Field.TITLE: _other_title,
}


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("field", sorted(WRONG, key=lambda f: f.value), ids=lambda f: f.value)
def test_wrong_citations_are_flagged(form: str, field: Field) -> None:
    """Each record cited with the year off by three, the next record's first author or the
    next record's title: flagged on that field or as another paper (PMID)."""
    records = [r for r in _records() if not r.authors[0].collective]
    missed = []
    for record, other in zip(records, records[1:] + records[:1], strict=True):
        if other.authors[0].last_name.lower() == record.authors[0].last_name.lower():
            continue
        text = FORMS[form](WRONG[field](record, other))
        status, shown = verdict(text, record)
        if status is Status.VERIFIED or not any(
            s.startswith((field.value, Field.PMID.value)) for s in shown
        ):
            missed.append(f"{record.pmid} {field.value}: {text[:120]} -> {shown}")
    assert missed == [], "\n".join(missed)
