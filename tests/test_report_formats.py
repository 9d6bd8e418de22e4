"""Tests for the HTML, Markdown, CSV and JUnit renderers and their shared helpers.

The RunResult below is built by hand to hold one of everything a report must
show: verified, mismatch (author/year/journal), a wrong PMID with a suggested
fix, a retraction, unverified, not found, a page read error, a waived and a
new finding, a page-level finding, and hostile text from a page.
"""

from __future__ import annotations

import csv
import inspect
import io
import json
import re
from collections.abc import Callable
from dataclasses import replace

import lxml.etree as etree
import lxml.html
import pytest

from refcheck.models import (
    Citation,
    CitationResult,
    Claim,
    CommentCorrection,
    Field,
    Finding,
    PageResult,
    PersonName,
    PubMedRecord,
    RunResult,
    Severity,
    Status,
)
from refcheck.report import common, csv_report, html, json_report, junit, markdown, writer
from refcheck.serialize import page_to_dict, run_to_dict

PLP_URL = "https://example.org/conditions/phantom-limb-pain"
PAGE2 = "https://example.com/page2?a=1&b=2"
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
FORMULA = "=cmd|' /C calc'!A0"


def _record(pmid: str, title: str, last: str, year: int, **kw: object) -> PubMedRecord:
    return PubMedRecord(
        pmid=pmid,
        title=title,
        authors=(PersonName(last, "U"), PersonName("Greher", "M")),
        journal_title="Anesthesia and analgesia",
        iso_abbreviation="Anesth Analg",
        medline_ta="Anesth Analg",
        pub_year=year,
        pub_date=f"{year} Apr",
        volume="106",
        issue="4",
        pages="1265-73",
        **kw,  # type: ignore[arg-type]
    )


def _cit(pmid: str, label: str, **claim: object) -> Citation:
    return Citation(pmid=pmid, claim=Claim(**claim), label=label, text=f"Ref {label} (PMID {pmid})")  # type: ignore[arg-type]


def _run() -> RunResult:
    rec1 = _record("18349204", "Chronic phantom limb pain", "Eichenberger", 2008, epub_year=2007)
    verified = CitationResult(
        _cit("18349204", "1", authors=("Eichenberger U",), year=2008),
        Status.VERIFIED,
        (Finding(Field.YEAR, Severity.INFO, "epub year differs", 2007, 2008),),
        record=rec1,
    )
    mismatch = CitationResult(
        _cit("20870300", "2", authors=("Smtih J",), year=2009, journal="Pain"),
        Status.MISMATCH,
        (
            Finding(
                Field.AUTHOR,
                Severity.WARNING,
                "first author differs",
                "Smtih J",
                "Smith J",
                new=True,
            ),
            Finding(Field.YEAR, Severity.ERROR, "year differs", 2009, 2010, new=False),
            Finding(
                Field.JOURNAL,
                Severity.WARNING,
                "journal differs",
                "Pain",
                "Eur J Pain",
                waived=True,
                waiver_reason="Editor: journal renamed",
                new=False,
            ),
        ),
        record=_record("20870300", "Mirror therapy", "Smith", 2010),
    )
    wrong_pmid = CitationResult(
        _cit("12345", "3", authors=("Ramachandran VS",), year=1996),
        Status.MISMATCH,
        (
            Finding(
                Field.PMID,
                Severity.ERROR,
                "PMID points to another paper",
                "12345",
                "12345",
                suggestion="PMID 8637936",
                new=False,
            ),
        ),
        record=_record("12345", "Unrelated", "Other", 1975),
    )
    retracted = CitationResult(
        _cit("11111111", "4"),
        Status.MISMATCH,
        (Finding(Field.NOTICE, Severity.ERROR, "this paper has been retracted", None, "30000001"),),
        record=_record(
            "11111111",
            "Retracted study",
            "Fraud",
            2012,
            comments_corrections=(CommentCorrection("RetractionIn", "30000001", "Pain 2018"),),
        ),
    )
    page1 = PageResult(
        source="pages/plp.html",
        url=PLP_URL,
        citations=(verified, mismatch, wrong_pmid, retracted),
        findings=(
            Finding(Field.REFERENCE, Severity.WARNING, "marker [5] has no reference", new=True),
        ),
    )
    hostile = CitationResult(
        Citation(
            "22222222", Claim(title=SCRIPT, journal=IMG), label="7", text=f"{SCRIPT} {IMG} | pipe"
        ),
        Status.MISMATCH,
        (
            Finding(Field.TITLE, Severity.WARNING, "title differs a|b", SCRIPT, "Real title"),
            Finding(Field.JOURNAL, Severity.WARNING, f"journal {IMG}", IMG, "Pain"),
            Finding(Field.AUTHOR, Severity.WARNING, "author", FORMULA, "Doe J"),
        ),
        record=_record("22222222", f"Title with {SCRIPT}", "Doe", 2001),
    )
    page2 = PageResult(
        source=PAGE2,
        citations=(
            CitationResult(
                _cit("33333333", "5"), Status.UNVERIFIED, reason="NCBI timed out after 3 retries"
            ),
            CitationResult(_cit("99999999", "6"), Status.NOT_FOUND, reason="no such PMID"),
            hostile,
        ),
    )
    broken = PageResult(source="javascript:alert(1)", error="HTTP 404\x0b Not Found")
    clean = PageResult(
        source="pages/clean.md",
        citations=(CitationResult(_cit("18349204", "1"), Status.VERIFIED, record=rec1),),
    )
    return RunResult(pages=(clean, broken, page2, page1), stats={"requests": 2})


@pytest.fixture(scope="module")
def run() -> RunResult:
    return _run()


# --------------------------------------------------------------------------- common


def test_ordered_pages_worst_first(run: RunResult) -> None:
    order = [p.source for p in common.ordered_pages(run)]
    assert order == ["pages/plp.html", PAGE2, "javascript:alert(1)", "pages/clean.md"]


def test_counts_helpers(run: RunResult) -> None:
    assert common.new_count(run) == 2
    assert common.waived_count(run) == 1
    kinds = {k.field: k for k in common.kind_counts(run)}
    assert kinds[Field.JOURNAL].total == 1  # the waived one is not counted
    assert kinds[Field.YEAR].errors == 1 and kinds[Field.YEAR].infos == 1
    assert common.new_count(RunResult(pages=())) is None
    # a new information note is no new problem (refcheck diff counts the same way)
    *others, plp = run.pages
    first = plp.citations[0]
    (note,) = first.findings
    assert note.severity is Severity.INFO
    noted = replace(first, findings=(replace(note, new=True),))
    again = RunResult(pages=(*others, replace(plp, citations=(noted, *plp.citations[1:]))))
    assert common.new_count(again) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8637936", [("8637936", "8637936")]),
        ("PMID: 8637936", [("PMID: 8637936", "8637936")]),
        (
            "use PMID 8637936 (2008)",
            [("use ", None), ("PMID 8637936", "8637936"), (" (2008)", None)],
        ),
        ("check the year 2008", [("check the year 2008", None)]),
    ],
)
def test_suggestion_parts(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert common.suggestion_parts(text) == expected


def test_urls() -> None:
    assert common.pubmed_url("18349204") == "https://pubmed.ncbi.nlm.nih.gov/18349204/"
    assert common.pubmed_url('1"><x') == "https://pubmed.ncbi.nlm.nih.gov/1%22%3E%3Cx/"
    assert common.is_web_url("https://a.org/x")
    assert not common.is_web_url("javascript:alert(1)")
    assert not common.is_web_url("pages/a.html")
    assert common.page_link(PageResult(source="file:///etc/passwd")) is None


def test_format_value_and_describe(run: RunResult) -> None:
    assert common.format_value(("Smith J", PersonName("Doe", "J"))) == "Smith J; Doe J"
    assert common.format_value(None) == ""
    record = run.pages[3].citations[0].record
    assert record is not None
    # two authors are both named, as NLM does: "et al." beside a page's right two-author
    # citation read as if the page had left someone out
    assert common.describe_record(record) == (
        "Eichenberger U, Greher M. Chronic phantom limb pain. Anesth Analg. 2008 Apr;106(4):1265-73."
    )
    three = replace(record, authors=(*record.authors, PersonName("Curatolo", "M")))
    assert common.describe_record(three).startswith("Eichenberger U et al. Chronic")


@pytest.mark.parametrize("module", [html, markdown, csv_report, junit])
def test_render_signature_and_empty_run(module: object) -> None:
    render: Callable[[RunResult], str] = module.render  # type: ignore[attr-defined]
    params = list(inspect.signature(render).parameters.values())
    assert params[0].name == "result"
    assert all(p.kind is p.KEYWORD_ONLY and p.default is not p.empty for p in params[1:])
    assert isinstance(render(RunResult(pages=())), str)


# --------------------------------------------------------------------------- JSON


class _Writes(io.StringIO):
    """A stream that remembers each piece written to it."""

    def __init__(self) -> None:
        super().__init__()
        self.pieces: list[str] = []

    def write(self, s: str) -> int:
        self.pieces.append(s)
        return super().write(s)


def test_json_report_is_written_page_by_page_and_is_the_contract(run: RunResult) -> None:
    out = _Writes()
    writer("json")(run, out)
    # each page is one write of its own, encoded on its own: a big run's report is never
    # held whole in memory
    pages = [piece for piece in out.pieces if piece.startswith('{"source": ')]
    assert [json.loads(piece) for piece in pages] == [page_to_dict(p) for p in run.pages]
    assert json.loads(out.getvalue()) == run_to_dict(run)
    assert list(json.loads(out.getvalue())) == ["pages", "summary", "stats"]
    assert json_report.render(run) == out.getvalue()


def test_json_report_of_no_pages_is_valid() -> None:
    empty = RunResult(pages=())
    assert json.loads(json_report.render(empty)) == run_to_dict(empty)


def test_writer_of_a_format_without_its_own_writes_the_rendered_report(run: RunResult) -> None:
    out = _Writes()
    writer("markdown")(run, out)
    assert out.pieces == [markdown.render(run)]


# --------------------------------------------------------------------------- HTML


@pytest.fixture(scope="module")
def html_text(run: RunResult) -> str:
    return html.render(run, generated_at="2026-05-01 03:00")


@pytest.fixture(scope="module")
def doc(html_text: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(html_text)


def _c(name: str) -> str:
    """XPath predicate: the element has CSS class `name` (lxml's cssselect is not installed)."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def test_html_summary_counts(doc: lxml.html.HtmlElement) -> None:
    counts = {li.get("data-count"): li.findtext("span") for li in doc.xpath(f"//li[{_c('stat')}]")}
    assert counts == {
        "pages": "4",
        "citations": "8",
        "verified": "2",
        "mismatch": "4",
        "not_found": "1",
        "unverified": "1",
        "page_errors": "1",
    }
    assert doc.xpath('//*[@data-count="new"]')[0].text == "2"
    assert doc.xpath('//*[@data-count="waived"]')[0].text == "1"
    kinds = doc.xpath(f"//table[{_c('kinds')}]/tbody/tr/@data-kind")
    assert kinds == ["author", "year", "journal", "title", "pmid", "notice", "reference"]


def test_html_pages_sorted_and_linked(doc: lxml.html.HtmlElement) -> None:
    pages = doc.xpath(f"//section[{_c('page')}]")
    assert [p.get("data-worst") for p in pages] == ["error", "error", "error", "none"]
    assert pages[0].xpath(f"h2/a[{_c('source')}]/@href") == [PLP_URL]
    assert pages[1].xpath(f"h2/a[{_c('source')}]/@href") == [PAGE2]
    # a javascript: source is shown as text, never as a link
    assert pages[2].xpath("h2//a") == []
    error = pages[2].xpath(f".//*[{_c('read-error')}]")[0]
    assert "HTTP 404 Not Found" in error.text_content()


def test_html_problem_cards(doc: lxml.html.HtmlElement) -> None:
    page = doc.xpath(f"//section[{_c('page')}]")[0]
    cards = page.xpath(f".//article[{_c('card')}]")
    assert len(cards) == 3  # mismatch, wrong PMID, retraction; the verified one is collapsed
    assert cards[0].xpath(f".//table[{_c('sbs')}]//th/text()")[:2] == ["Page says", "PubMed has"]
    year = cards[0].xpath('.//*[@data-kind="year"]')[0]
    assert [td.text_content() for td in year.xpath(".//td")] == ["2009", "2010"]
    # worst finding first within a card
    assert cards[0].xpath(f".//*[{_c('finding')}]/@data-sev")[0] == "error"


def test_html_suggestion_and_notice_links(doc: lxml.html.HtmlElement) -> None:
    fix = doc.xpath(f"//p[{_c('fix')}]/a/@href")
    assert fix == ["https://pubmed.ncbi.nlm.nih.gov/8637936/"]
    notices = set(doc.xpath(f"//li[{_c('notice')}]/a/@href"))
    assert notices == {"https://pubmed.ncbi.nlm.nih.gov/30000001/"}


def test_html_waived_new_unverified_verified(doc: lxml.html.HtmlElement) -> None:
    waived = doc.xpath(f"//*[{_c('finding')} and {_c('waived')}]")
    assert len(waived) == 1
    assert "Editor: journal renamed" in waived[0].xpath(f".//*[{_c('waiver')}]")[0].text_content()
    assert len(doc.xpath(f"//span[{_c('badge')} and {_c('new')}]")) == 2
    unverified = doc.xpath(f"//li[{_c('unverified')}]")[0].text_content()
    assert "NCBI timed out after 3 retries" in unverified
    assert "No record for PMID 99999999" in doc.text_content()
    details = doc.xpath(f"//details[{_c('verified-list')}]/summary/text()")
    assert details == ["1 verified citation"] * 2
    assert "Page-level findings" in doc.text_content()


def test_html_escapes_hostile_text(html_text: str, doc: lxml.html.HtmlElement) -> None:
    assert "<script>alert" not in html_text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_text
    assert "<img" not in html_text
    assert doc.xpath("//img") == [] and doc.xpath("//*[@onerror]") == []
    assert SCRIPT in doc.text_content() and IMG in doc.text_content()
    scripts = doc.xpath("//script")
    assert len(scripts) == 1 and "alert" not in (scripts[0].text or "")


def test_html_is_self_contained(doc: lxml.html.HtmlElement) -> None:
    csp = doc.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')
    assert csp == [html.CSP]
    assert doc.xpath("//@src") == []
    assert doc.xpath("//link") == []
    allowed = (common.PUBMED_BASE, "#")
    for href in doc.xpath("//@href"):
        assert href.startswith(allowed) or href in (PLP_URL, PAGE2), href


def test_html_filters_and_print(html_text: str, doc: lxml.html.HtmlElement) -> None:
    nav = doc.get_element_by_id("filters")
    assert nav.get("hidden") is not None  # JS off: no dead controls, everything shown
    kinds = nav.xpath('.//input[@data-filter="kind"]/@value')
    assert "author" in kinds and "notice" in kinds
    assert "@media print" in html_text
    for finding in doc.xpath(f"//*[{_c('finding')}]"):
        assert finding.get("data-sev") in {"error", "warning", "info"}
        assert finding.get("data-kind") in {f.value for f in Field}


# --------------------------------------------------------------------------- Markdown

_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def test_markdown_summary_and_sections(run: RunResult) -> None:
    text = markdown.render(run)
    assert (
        "| Pages | Citations | Verified | Mismatch | Not found | Unverified | Page errors |" in text
    )
    assert "| 4 | 8 | 2 | 4 | 1 | 1 | 1 |" in text
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings[0] == "## Summary"
    assert len(headings) == 5
    assert headings[1] == f"## [ERROR] [pages/plp.html]({PLP_URL})"
    assert "2 new since last run" in text
    assert "[PMID 8637936](https://pubmed.ncbi.nlm.nih.gov/8637936/)" in text
    assert "~~warning~~ waived: Editor: journal renamed" in text
    assert "NCBI timed out after 3 retries" in text


def test_markdown_escapes(run: RunResult) -> None:
    text = markdown.render(run)
    assert not re.search(r"(?<!\\)<", text)  # no raw HTML can reach the ticket
    assert r"\<script\>alert(1)\</script\>" in text
    assert r"title differs a\|b" in text
    # every row of a table has as many cell separators as its header
    table_lines: list[str] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            table_lines.append(line)
            continue
        if table_lines:
            widths = {len(_UNESCAPED_PIPE.findall(t)) for t in table_lines}
            assert len(widths) == 1, table_lines
            table_lines = []


# --------------------------------------------------------------------------- CSV


def test_csv_rows(run: RunResult) -> None:
    rows = list(csv.reader(io.StringIO(csv_report.render(run))))
    assert rows[0] == list(csv_report.COLUMNS)
    records = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    # 7 (plp: 1 page-level + 1 + 3 + 1 + 1) + 5 (page2: unverified, not found, 3) + 1 read error
    assert len(records) == 13
    statuses = [r["status"] for r in records]
    assert statuses.count("unverified") == 1 and statuses.count("not_found") == 1
    assert statuses.count("page_error") == 1
    fix = next(r for r in records if r["field"] == "pmid")
    assert fix["suggestion"] == "PMID 8637936"
    assert fix["pubmed_url"] == "https://pubmed.ncbi.nlm.nih.gov/12345/"
    waived = [r for r in records if r["waived"] == "yes"]
    assert [w["waiver_reason"] for w in waived] == ["Editor: journal renamed"]
    assert next(r for r in records if r["status"] == "unverified")["reason"].startswith("NCBI")


def test_csv_neutralizes_formulas(run: RunResult) -> None:
    records = list(csv.DictReader(io.StringIO(csv_report.render(run))))
    assert any(r["claimed"] == "'" + FORMULA for r in records)
    assert not any(v.startswith("=") for r in records for v in r.values())
    raw = list(csv.DictReader(io.StringIO(csv_report.render(run, neutralize_formulas=False))))
    assert any(r["claimed"] == FORMULA for r in raw)


# --------------------------------------------------------------------------- JUnit


def test_junit_counts(run: RunResult) -> None:
    root = etree.fromstring(junit.render(run).encode("utf-8"))
    assert root.tag == "testsuites"
    # plp: 4 citations + page-level; page2: 3; broken: read page; clean: 1
    assert {k: root.get(k) for k in ("tests", "failures", "errors", "skipped")} == {
        "tests": "10",
        "failures": "6",
        "errors": "1",
        "skipped": "1",
    }
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [
        "pages/plp.html",
        PAGE2,
        "javascript:alert(1)",
        "pages/clean.md",
    ]
    assert sum(len(s.findall("testcase")) for s in suites) == 10
    assert suites[1].get("skipped") == "1" and suites[1].get("failures") == "2"
    assert root.xpath("testsuite[3]/testcase/error/@message") == ["HTTP 404 Not Found"]


def test_junit_fails_the_tests_the_run_fails_on(run: RunResult) -> None:
    """`--fail-on error` (check's default) exits 0 on warnings: its JUnit report failed a
    test for each of them, a red dashboard for a run that passed. Failures follow the
    threshold; what falls below it stays in <system-out>."""
    from refcheck.policy import exit_code

    def failures(fail_on: str) -> int:
        root = etree.fromstring(junit.render(run, fail_on=fail_on).encode("utf-8"))
        return int(root.get("failures") or 0)

    # the default (a library caller's) keeps every problem: as before
    assert (
        failures("warning")
        == 6
        == int(etree.fromstring(junit.render(run).encode("utf-8")).get("failures") or 0)
    )
    assert failures("info") >= failures("warning") > failures("error") > failures("never") == 0
    errors_only = failures("error")
    assert errors_only and exit_code(run, "error") == 1
    worst = [
        f.severity.rank
        for p in run.pages
        for c in p.citations
        for f in c.findings
        if not f.waived and f.severity is Severity.WARNING
    ]
    assert worst  # the run has warnings, which no longer fail a test at --fail-on error
    root = etree.fromstring(junit.render(run, fail_on="error").encode("utf-8"))
    assert "[warning]" in "".join(str(t) for t in root.xpath("//system-out/text()"))
    with pytest.raises(ValueError):
        junit.render(run, fail_on="sometimes")


def _case(root: etree._Element, name: str, child: str) -> str:
    """Text of a testcase's child element ('' when absent), found by testcase name."""
    found = root.xpath(f'testsuite/testcase[@name="{name}"]/{child}/text()')
    assert isinstance(found, list)
    return "".join(str(t) for t in found)


def test_junit_failure_content(run: RunResult) -> None:
    root = etree.fromstring(junit.render(run).encode("utf-8"))
    case = "[2] PMID 20870300"
    assert root.xpath(f'testsuite/testcase[@name="{case}"]/failure/@type') == ["year"]
    assert "waived" not in _case(root, case, "failure")  # waived findings never fail...
    assert "Editor: journal renamed" in _case(root, case, "system-out")  # ...but are reported
    verified = "[1] PMID 18349204"
    assert _case(root, verified, "failure") == "" and _case(root, verified, "system-out")
    assert SCRIPT in _case(root, "[7] PMID 22222222", "failure")


# --------------------------------------------------------------------------- text


def test_text_summary_counts_in_words() -> None:
    """The last line is read by people: `1 citation`, not `1 citations`."""
    from refcheck.report import text

    one = CitationResult(
        Citation("18349204", Claim(authors=("Eichenberger U",), year=2008)),
        Status.VERIFIED,
        record=_record("18349204", "Chronic phantom limb pain.", "Eichenberger", 2008),
    )
    last = text.render(RunResult(pages=(PageResult("plp.html", (one,)),))).splitlines()[-1]
    assert last == (
        "1 page, 1 citation: 1 verified, 0 mismatch, 0 not found, 0 unverified "
        "(0 errors, 0 warnings)"
    )


def _text_run() -> RunResult:
    """One page: a citation whose claims carry terminal controls, one with an info finding
    only, and a page-level finding."""
    rec = _record("18349204", "Chronic phantom limb pain.", "Eichenberger", 2008)
    hostile = CitationResult(
        Citation(
            "18349204",
            Claim(authors=("Smi\x1b[31mth J",), year=2008, journal="Anesth\x1b[8m Analg\u202e"),
            label="1",
            line=31,
        ),
        Status.MISMATCH,
        (Finding(Field.AUTHOR, Severity.ERROR, "first author differs", "Smi\x1b[31mth J", "E"),),
        record=rec,
    )
    info_only = CitationResult(
        Citation("18349204", Claim(authors=("Eichenberger U",), year=2008), line=40),
        Status.VERIFIED,
        (Finding(Field.YEAR, Severity.INFO, "cited by its electronic year", 2007, 2008),),
        record=rec,
    )
    page_level = Finding(Field.REFERENCE, Severity.WARNING, "marker [7] has no reference", "7")
    page = PageResult("x \x1b]0;pwn\x07.txt", (hostile, info_only), (page_level,))
    return RunResult(pages=(page,))


def test_text_report_shows_terminal_controls_as_escapes() -> None:
    """ESC from a page must not colour, hide or retitle an editor's terminal; bidi overrides
    must not reorder the line."""
    from refcheck.report import text

    out = text.render(_text_run())
    assert not any(ch in out for ch in "\x1b\x07\u202e")
    assert "Smi\\x1b[31mth J" in out and "Analg\\u202e" in out
    assert out.splitlines()[0] == "x \\x1b]0;pwn\\x07.txt"


def test_text_report_names_the_line_and_lays_out_page_findings() -> None:
    from refcheck.report import text

    lines = text.render(_text_run()).splitlines()
    assert lines[1].startswith("  [1] PMID 18349204  MISMATCH  ")
    assert lines[1].endswith("  (line 31)")
    assert "  page: reference warning: marker [7] has no reference" in lines
    # a reference-list finding says it all in its message: no "page says: 7 / PubMed: -"
    at = lines.index("  page: reference warning: marker [7] has no reference")
    assert not lines[at + 1].lstrip().startswith(("page says", "PubMed"))
    assert "          page says: Smi\\x1b[31mth J" in lines  # a compared field keeps them


def test_text_report_counts_infos_and_quiet_shows_them_when_they_fail_the_run() -> None:
    from refcheck.report import text

    run = _text_run()
    assert text.render(run).splitlines()[-1].endswith("(1 error, 1 warning, 1 info)")
    quiet = text.render(run, problems_only=True)
    assert "electronic year" not in quiet and "(line 40)" not in quiet
    failing_on_info = text.render(run, problems_only=True, infos=True)
    assert "year info: cited by its electronic year" in failing_on_info


def test_junit_names_a_pmid_cited_twice_by_its_lines() -> None:
    rec = _record("30349693", "Pain", "Hall", 2018)

    def cited(line: int | None) -> CitationResult:
        return CitationResult(Citation("30349693", Claim(), line=line), Status.VERIFIED, record=rec)

    page = PageResult("apa.html", (cited(13), cited(16), cited(16), cited(None)))
    root = etree.fromstring(junit.render(RunResult(pages=(page,))).encode("utf-8"))
    assert root.xpath("testsuite/testcase/@name") == [
        "PMID 30349693 (line 13)",
        "PMID 30349693 (line 16)",
        "PMID 30349693 (3)",
        "PMID 30349693 (4)",
    ]


def test_a_citation_claiming_nothing_but_its_pmid_says_so_where_it_is_verified() -> None:
    """A bare link is verified only in that its record exists: the editor should see that
    nothing else was compared."""
    from refcheck.report import text

    rec = _record("27737513", "A study", "Doe", 2016)
    bare = CitationResult(Citation("27737513", Claim(), line=12), Status.VERIFIED, record=rec)
    named = CitationResult(
        Citation("27737513", Claim(authors=("Doe U",)), line=13), Status.VERIFIED, record=rec
    )
    run = RunResult(pages=(PageResult("links.html", (bare, named)),))
    lines = text.render(run).splitlines()
    assert lines[1] == f"  PMID 27737513  ok  ({common.PMID_ONLY})  (line 12)"
    assert common.PMID_ONLY not in lines[2]
    items = lxml.html.document_fromstring(html.render(run)).xpath("//li[@class='verified']")
    assert [common.PMID_ONLY in li.text_content() for li in items] == [True, False]


def test_counts_of_one_are_singular_in_html_and_markdown() -> None:
    """ "1 errors · 1 warnings" (the text report had it right)."""
    findings = (
        Finding(Field.YEAR, Severity.ERROR, "year is 2018 in PubMed, the page says 2019"),
        Finding(Field.JOURNAL, Severity.WARNING, "journal differs"),
    )
    cit = CitationResult(Citation("30349693", Claim(year=2019)), Status.MISMATCH, findings)
    one = RunResult(pages=(PageResult("a.html", citations=(cit,)),))
    shown = lxml.html.fromstring(html.render(one)).text_content()
    assert "1 error" in shown and "1 warning" in shown
    assert "1 errors" not in shown and "1 warnings" not in shown
    md = markdown.render(one)
    assert "1 error, 1 warning" in md and "1 errors" not in md


def test_markdown_shows_info_findings_and_where_each_citation_is() -> None:
    """The header counted 9 info findings that the Markdown report showed nowhere, and its
    rows had no line: on a page without reference numbers the editor could not tell which
    entry was meant."""
    epub = Finding(Field.YEAR, Severity.INFO, "the page uses the electronic publication year 2021")
    noted = CitationResult(Citation("34843274", Claim(), line=18), Status.VERIFIED, (epub,))
    wrong = CitationResult(
        Citation("30349693", Claim(year=2019), line=13),
        Status.MISMATCH,
        (Finding(Field.YEAR, Severity.ERROR, "year is 2018 in PubMed, the page says 2019"),),
    )
    md = markdown.render(RunResult(pages=(PageResult("apa.html", citations=(wrong, noted)),)))
    assert "the page uses the electronic publication year 2021" in md
    assert "34843274/) (line 18): the page uses" in md
    problem_row = next(line for line in md.splitlines() if "year is 2018" in line)
    assert "(line 13)" in problem_row


def test_markdown_page_text_cannot_mention_people() -> None:
    """A ticket quoting `@octocat` from a page would notify that GitHub user."""
    claim = Claim(authors=("@octocat",), title="Thanks @team")
    wrong = Finding(Field.AUTHOR, Severity.ERROR, "first author @octocat", "@octocat", "Doe J")
    cited = CitationResult(Citation("27737513", claim), Status.MISMATCH, (wrong,))
    text = markdown.render(RunResult(pages=(PageResult("p.md", (cited,)),)))
    assert "octocat" in text
    assert not re.search(r"(?<!\\)@", text)
