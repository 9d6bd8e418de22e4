"""Property-based tests (hypothesis) on extraction, end to end with comparison.

Per-rule comparison properties live in test_compare_property.py; here the
flavour is end to end: page text -> extract -> compare.
"""

from __future__ import annotations

import datetime as _dt

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from refcheck.compare import compare_citation
from refcheck.eutils.parse import record_from_raw
from refcheck.extract import extract
from refcheck.extract.html import extract_html
from refcheck.extract.names import parse_name
from refcheck.extract.pmid import find_pmids
from refcheck.extract.reference import parse_link_text, parse_reference
from refcheck.extract.text import extract_text
from refcheck.fake_eutils.store import RecordStore
from refcheck.models import Page, PageKind, PubMedRecord, Severity
from test_faults import RECORDS

KINDS = st.sampled_from(list(PageKind))
TOKENS = st.sampled_from(
    [
        "PMID",
        "PMID: ",
        "PMID -",
        "PubMed:",
        "pubmed.ncbi.nlm.nih.gov/",
        "<li>",
        "</li>",
        "<a href='",
        "'>",
        "References\n",
        "\n",
        " et al. ",
        "2008, ",
        "(PMID ",
        ")",
        "&amp;",
        "<!--",
        "]]>",
        "<![CDATA[",
        "0",
        "18349204",
        "%2C",
        ",",
        "<div>",
        "<sup>",
        "[1]",
        "\x00",
        "\ufeff",
    ]
)
NOISY = st.lists(
    st.one_of(st.text(max_size=12), TOKENS, st.integers(0, 10**13).map(str)), max_size=40
).map("".join)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
YEAR = _dt.date.today().year


@FAST
@given(text=NOISY, kind=KINDS)
def test_extract_never_raises_and_is_idempotent(text: str, kind: PageKind) -> None:
    page = Page("p", text, kind)
    first = extract(page)
    assert first == extract(page)
    for c in first.citations:
        # digits as written; a sign directly before them ("PMID -1") is kept, so that the
        # lookup stage reports "-1" as not a valid PMID instead of looking up PMID 1
        assert c.pmid.lstrip("-").isdigit() and c.pmid.count("-") <= 1


# what the reference, table and link-text rules look for: their pieces, shuffled
ENTRY_TOKENS = st.sampled_from(
    [
        "PMID 12345678",
        " (PubMed 30349693)",
        "|",
        "| Study | Year | PMID |\n|---|---|---|\n",
        "|---|",
        "\n",
        "(1) ",
        "a) ",
        "Smith J, Doe A. ",
        "Title of a paper. ",
        "Anesth Analg. ",
        "2008;106(4):1-2. ",
        "(2008)",
        " et al.",
        " — ",
        " - .",
        "'",
        "“",
        "Part A",
        "? ",
        "https://pubmed.ncbi.nlm.nih.gov/18349204/",
        "<br>",
        "{ECO:1|",
        ". . . ",
        "Ü. ",
        "(London : 2005)",
        "Flor 2006",
        " and colleagues",
        "Erratum PMID: 1",
        "study found",
    ]
)
ENTRIES = st.lists(st.one_of(ENTRY_TOKENS, st.text(max_size=6)), max_size=30).map("".join)


@FAST
@given(text=ENTRIES)
@example(text="Mirror therapy 2019 - .")
def test_extraction_rules_never_raise(text: str) -> None:
    """`extract` turns any exception into an empty extraction, so a rule that raises would
    silently drop every citation of the page: the rules themselves must not raise (a link
    text ending `2019 - .` once did)."""
    extract_text(text, markdown=False)
    extract_text(text, markdown=True)
    extract_html(f"<p>{text}</p><table><tr><td>{text}</td></tr></table>")
    parse_link_text(text)
    parse_reference(text)


@FAST
@given(text=NOISY)
def test_find_pmids_and_parse_name_never_raise(text: str) -> None:
    for hit in find_pmids(text):
        assert text[hit.start : hit.end] == hit.pmid
    parse_name(text)
    parse_name(text[:40])


def _entry(pmid: str, author: str, year: int, journal: str) -> str:
    return f"{author} et al. {year}, {journal} Some findings. (PMID {pmid})"


@FAST
@given(
    pmid=st.integers(min_value=1, max_value=99_999_999).map(str),
    author=st.sampled_from(["Eichenberger U", "Hall N", "van der Berg JA", "O'Neil P", "Ng K"]),
    year=st.integers(min_value=1950, max_value=2030),
    journal=st.sampled_from(["Anesthesia & Analgesia", "British Journal of Pain", "Lancet"]),
    kind=KINDS,
)
def test_citation_text_re_rendered_as_a_page_yields_the_same_pmid(
    pmid: str, author: str, year: int, journal: str, kind: PageKind
) -> None:
    text = f"References\n\n  1. {_entry(pmid, author, year, journal)}\n"
    if kind is PageKind.HTML:
        text = f"<html><body><h2>References</h2><ol><li>{_entry(pmid, author, year, journal).replace('&', '&amp;')}</li></ol></body></html>"
    if kind is PageKind.JATS:
        kind = PageKind.TEXT
    cits = extract(Page("p", text, kind)).citations
    assert [c.pmid for c in cits] == [pmid]
    again = extract(Page("q", f"References\n\n  1. {cits[0].text}\n", PageKind.TEXT)).citations
    assert [c.pmid for c in again] == [pmid]


def _records() -> list[PubMedRecord]:
    store = RecordStore.from_dir(RECORDS)
    out = []
    for pmid in store.pmids():
        raw = store.get(pmid)
        assert raw is not None
        try:
            rec = record_from_raw(raw)
        except Exception:
            continue
        usable = rec.authors and not rec.authors[0].collective and rec.pub_year
        if usable and rec.journal_title and not rec.is_book and not rec.comments_corrections:
            out.append(rec)
    return out


ALL_RECORDS = _records()
# Known false alarms (extract/reference.py): a journal holding " : " or "(...)" is cut short.
JOURNAL_GAP = {"1625184", "10188493"}
RECORDS_WITH_AUTHORS = [
    r
    for r in ALL_RECORDS
    if not any(ch in (r.medline_ta or r.iso_abbreviation or r.journal_title) for ch in ":()")
]


def clinic_entry(rec: PubMedRecord) -> str:
    """How the clinic's pages cite: `Eichenberger U et al. 2008, Anesthesia & Analgesia ... (PMID n)`.

    The journal is written as MEDLINE's abbreviation. With the full NLM title the
    property fails today: titles holding " : " (PMID 1625184, "Journal of
    environmental pathology, toxicology and oncology : official organ of ...")
    are cut at the colon and the journal is reported as a false error.
    """
    first = rec.authors[0]
    who = f"{first.last_name} {first.initials}".strip()
    if len(rec.authors) > 1:
        who += " et al."
    journal = rec.medline_ta or rec.iso_abbreviation or rec.journal_title
    return f"{who} {rec.pub_year}, {journal}. {rec.title} (PMID {rec.pmid})"


@settings(max_examples=len(RECORDS_WITH_AUTHORS), deadline=None)
@given(
    rec=st.sampled_from(RECORDS_WITH_AUTHORS), kind=st.sampled_from([PageKind.TEXT, PageKind.HTML])
)
def test_entry_built_from_a_record_compares_clean(rec: PubMedRecord, kind: PageKind) -> None:
    entry = clinic_entry(rec)
    assume("PMID" not in rec.title)
    if kind is PageKind.HTML:
        from html import escape

        text = f"<html><body><h2>References</h2><ol><li>{escape(entry)}</li></ol></body></html>"
    else:
        text = f"References\n\n  1. {entry}\n"
    cits = extract(Page("p", text, kind)).citations
    assert [c.pmid for c in cits] == [rec.pmid]
    findings = compare_citation(cits[0], rec, current_year=YEAR)
    bad = [f for f in findings if f.severity in (Severity.ERROR, Severity.WARNING)]
    assert not bad, (entry, [f.message for f in bad])


import pytest  # noqa: E402


# formerly a strict xfail: a journal with ' : ' or '(Harrow)' was cut short (false journal
# error); the clinic style's journal run (Claim.journal_run) now finds the full name
@pytest.mark.parametrize("pmid", sorted(JOURNAL_GAP))
def test_known_journal_false_alarms(pmid: str) -> None:
    rec = next(r for r in ALL_RECORDS if r.pmid == pmid)
    journal = {"1625184": rec.journal_title}.get(pmid, rec.medline_ta)
    first = rec.authors[0]
    entry = f"{first.last_name} {first.initials} et al. {rec.pub_year}, {journal}. {rec.title} (PMID {pmid})"
    text = f"References\n\n  1. {entry}\n"
    cit = extract(Page("p", text, PageKind.TEXT)).citations[0]
    findings = compare_citation(cit, rec, current_year=YEAR)
    assert not [f for f in findings if f.severity in (Severity.ERROR, Severity.WARNING)]
