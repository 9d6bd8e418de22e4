"""Waivers file: loading, matching, expiry, unused waivers, discovery."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from refcheck.errors import ConfigError
from refcheck.models import (
    Citation,
    CitationResult,
    Claim,
    Field,
    Finding,
    PageResult,
    RunResult,
    Severity,
    Status,
)
from refcheck.policy import ExitCode, exit_code
from refcheck.waivers import (
    WAIVERS_FILE,
    Waiver,
    Waivers,
    apply_waivers,
    find_waivers_file,
    load_waivers,
)

TODAY = date(2026, 1, 15)
PLP = "site/conditions/phantom-limb-pain.html"
PLP_URL = "https://example.org/conditions/phantom-limb-pain.html"

YEAR = Finding(
    Field.YEAR,
    Severity.ERROR,
    "year is 2018 in PubMed, the page says 2019",
    claimed=2019,
    actual=2018,
)
JOURNAL = Finding(Field.JOURNAL, Severity.WARNING, "journal differs", claimed="J X", actual="J Y")
MARKER = Finding(Field.REFERENCE, Severity.WARNING, "marker [9] has no reference", claimed="9")


def page(source: str = PLP, *, url: str | None = PLP_URL, pmid: str = "30349693") -> PageResult:
    return PageResult(
        source,
        url=url,
        citations=(
            CitationResult(
                Citation(pmid, Claim(year=2019), label="4"), Status.MISMATCH, (YEAR, JOURNAL)
            ),
            CitationResult(Citation("18349204", Claim(), label="5"), Status.VERIFIED),
        ),
        findings=(MARKER,),
    )


def run(*pages: PageResult) -> RunResult:
    return RunResult(pages=pages or (page(),))


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / WAIVERS_FILE
    path.write_text(text, encoding="utf-8")
    return path


def waived(result: RunResult) -> list[tuple[str, str | None, str]]:
    out: list[tuple[str, str | None, str]] = []
    for p in result.pages:
        out += [(p.source, None, f.field.value) for f in p.findings if f.waived]
        for c in p.citations:
            out += [(p.source, c.citation.pmid, f.field.value) for f in c.findings if f.waived]
    return out


ENTRY = """
[[waiver]]
page = "conditions/phantom-limb-pain.html"
pmid = "30349693"
field = "year"
reason = "Print year 2018 is what the journal site shows"
who = "Dr. B. Soffer"
expires = 2027-06-30
"""


# --------------------------------------------------------------------------- loading


def test_a_file_saved_with_a_bom_is_read(tmp_path: Path) -> None:
    """Windows Notepad starts UTF-8 with a BOM; it was "not valid TOML ... line 1, column 1"."""
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + ENTRY.encode("utf-8"))
    assert load_waivers(path).entries == load_waivers(write(tmp_path, ENTRY)).entries


def test_load_example_file(tmp_path: Path) -> None:
    waivers = load_waivers(write(tmp_path, ENTRY))
    (w,) = waivers.entries
    assert w == Waiver(
        page="conditions/phantom-limb-pain.html",
        pmid="30349693",
        reason="Print year 2018 is what the journal site shows",
        who="Dr. B. Soffer",
        field=Field.YEAR,
        expires=date(2027, 6, 30),
        index=1,
    )


def test_empty_file_has_no_waivers(tmp_path: Path) -> None:
    assert len(load_waivers(write(tmp_path, "# nothing yet\n"))) == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[[waiver]\npmid = 1", "not valid TOML"),
        ('[[waiver]]\npmid = "1"\nwho = "x"\n', "waiver #1: missing 'reason'"),
        ('[[waiver]]\npmid = "1"\nreason = "x"\n', "missing 'who'"),
        ('[[waiver]]\npmid = "1"\nreason = "x"\nwho = " "\n', "'who' must be a non-empty"),
        ('[[waiver]]\npmid = "1"\nreason = "r"\nwho = "w"\nfield = "yaer"\n', "unknown field"),
        ('[[waiver]]\npmid = "1"\nreason = "r"\nwho = "w"\nexpires = "next year"\n', "'expires'"),
        ('[[waiver]]\npmid = "1"\nreason = "r"\nwho = "w"\nexpires = 2027-02-30\n', "TOML"),
        ('[[waiver]]\npmid = "abc"\nreason = "r"\nwho = "w"\n', "'pmid' must be"),
        ('[[waiver]]\nreason = "r"\nwho = "w"\n', "name a page or a PMID"),
        ('[[waiver]]\npmid = "1"\nreason = "r"\nwho = "w"\nfeild = "year"\n', "unknown key"),
        ('[waiver]\npmid = "1"\n', "array of tables"),
        ("waivers = []\n", "unknown top-level key"),
    ],
)
def test_bad_files_are_one_line_config_errors(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_waivers(write(tmp_path, text))
    message = str(info.value)
    assert expected in message
    assert "\n" not in message
    assert WAIVERS_FILE in message


def test_missing_and_non_utf8_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_waivers(tmp_path / "nope.toml")
    path = tmp_path / WAIVERS_FILE
    path.write_bytes(b'reason = "\xff"\n')
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_waivers(path)


def test_string_date_and_integer_pmid_are_accepted(tmp_path: Path) -> None:
    text = '[[waiver]]\npmid = 30349693\nreason = "r"\nwho = "w"\nexpires = "2027-01-01"\n'
    (w,) = load_waivers(write(tmp_path, text)).entries
    assert (w.pmid, w.expires, w.page, w.field) == ("30349693", date(2027, 1, 1), "*", None)


# --------------------------------------------------------------------------- matching


def test_exact_match_waives_only_that_field(tmp_path: Path) -> None:
    result, problems = apply_waivers(run(), load_waivers(write(tmp_path, ENTRY)), today=TODAY)
    assert waived(result) == [(PLP, "30349693", "year")]
    (year, journal) = result.pages[0].citations[0].findings
    assert year.waiver_reason == (
        "Print year 2018 is what the journal site shows (Dr. B. Soffer, until 2027-06-30)"
    )
    assert not journal.waived and journal.waiver_reason is None
    assert problems == ()
    # the summary and the policy ignore the waived error; the journal warning remains
    assert result.summary().errors == 0
    assert exit_code(result, "error") is ExitCode.OK
    assert exit_code(result, "warning") is ExitCode.PROBLEMS


def test_field_less_waiver_covers_every_field_of_the_pmid() -> None:
    w = Waivers((Waiver("phantom-limb-pain.html", "30349693", "r", "w", index=1),))
    result, problems = apply_waivers(run(), w, today=TODAY)
    assert waived(result) == [(PLP, "30349693", "year"), (PLP, "30349693", "journal")]
    assert problems == ()
    # every warning and error waived: verified, as README says (it stayed a mismatch in
    # every format and in the summary's counts)
    assert result.pages[0].citations[0].status is Status.VERIFIED
    assert result.summary().mismatch == 0


def test_a_partly_waived_mismatch_stays_one_and_no_waiver_verifies_the_unchecked(
    tmp_path: Path,
) -> None:
    result, _ = apply_waivers(run(), load_waivers(write(tmp_path, ENTRY)), today=TODAY)
    assert result.pages[0].citations[0].status is Status.MISMATCH  # the journal warning
    unchecked = PageResult(
        PLP,
        citations=(
            CitationResult(
                Citation("99999999", Claim()),
                Status.NOT_FOUND,
                (Finding(Field.PMID, Severity.ERROR, "no such PMID"),),
            ),
        ),
    )
    w = Waivers((Waiver("phantom-limb-pain.html", "99999999", "r", "w", index=1),))
    result, _ = apply_waivers(run(unchecked), w, today=TODAY)
    assert result.pages[0].citations[0].status is Status.NOT_FOUND


@pytest.mark.parametrize(
    "pattern",
    [
        PLP,  # exact source
        PLP_URL,  # exact URL
        "conditions/phantom-limb-pain.html",  # path suffix
        "conditions/*.html",  # glob on a suffix
        "*phantom*",  # glob on the whole source
        "https://example.org/conditions/*",  # glob on the URL
        "./conditions/phantom-limb-pain.html",
    ],
)
def test_page_patterns_that_match(pattern: str) -> None:
    w = Waivers((Waiver(pattern.removeprefix("./"), "30349693", "r", "w", Field.YEAR, index=1),))
    result, _ = apply_waivers(run(), w, today=TODAY)
    assert waived(result) == [(PLP, "30349693", "year")]


@pytest.mark.parametrize(
    "pattern", ["limb-pain.html", "conditions/crps.html", "other/*.html", "site/conditions"]
)
def test_page_patterns_that_do_not_match(pattern: str) -> None:
    w = Waivers((Waiver(pattern, "30349693", "r", "w", Field.YEAR, index=1),))
    result, _ = apply_waivers(run(), w, today=TODAY)
    assert waived(result) == []


def test_glob_page_across_pages_and_any_page() -> None:
    other = page("site/conditions/crps.html", url=None)
    elsewhere = page("site/drugs/ketamine.html", url=None)
    w = Waivers(
        (
            Waiver("conditions/*", "30349693", "r", "w", Field.JOURNAL, index=1),
            Waiver("*", "18349204", "no finding", "w", index=2),
        )
    )
    result, problems = apply_waivers(run(page(), other, elsewhere), w, today=TODAY)
    assert waived(result) == [
        (PLP, "30349693", "journal"),
        ("site/conditions/crps.html", "30349693", "journal"),
    ]
    # 18349204 is cited and was checked but has no finding: the waiver is stale
    assert [(p.kind, p.waiver.index) for p in problems] == [("unused", 2)]


def test_page_level_findings_need_pmid_star() -> None:
    w = Waivers(
        (Waiver("phantom-limb-pain.html", "*", "markers ok", "w", Field.REFERENCE, index=1),)
    )
    result, problems = apply_waivers(run(), w, today=TODAY)
    assert waived(result) == [(PLP, None, "reference")]
    assert problems == ()
    specific = Waivers(
        (Waiver("phantom-limb-pain.html", "30349693", "r", "w", Field.REFERENCE, index=1),)
    )
    result, _ = apply_waivers(run(), specific, today=TODAY)
    assert waived(result) == []


def test_expired_waiver_matches_nothing_and_is_reported() -> None:
    w = Waivers(
        (Waiver("phantom-limb-pain.html", "30349693", "r", "w", Field.YEAR, date(2026, 1, 14), 1),)
    )
    result, problems = apply_waivers(run(), w, today=TODAY)
    assert waived(result) == []
    (problem,) = problems
    assert problem.kind == "expired"
    assert "expired on 2026-01-14" in problem.message and "waiver #1" in problem.message
    # the last day is still valid
    still = Waivers((Waiver("phantom-limb-pain.html", "30349693", "r", "w", None, TODAY, 1),))
    assert apply_waivers(run(), still, today=TODAY)[1] == ()


def test_unused_waiver_reported_when_its_page_was_checked() -> None:
    w = Waivers((Waiver("phantom-limb-pain.html", "11111111", "gone", "w", index=3),))
    _result, problems = apply_waivers(run(), w, today=TODAY)
    assert [(p.kind, p.waiver.index) for p in problems] == [("unused", 3)]
    assert "matches no finding" in problems[0].message


def test_unused_not_reported_when_page_not_checked_or_unverified() -> None:
    w = Waivers(
        (
            Waiver("conditions/other.html", "30349693", "r", "w", index=1),  # page not in run
            Waiver("*", "22222222", "r", "w", index=2),  # site-wide, PMID not cited here
        )
    )
    assert apply_waivers(run(), w, today=TODAY)[1] == ()
    unchecked = PageResult(
        PLP,
        citations=(CitationResult(Citation("30349693", Claim()), Status.UNVERIFIED, reason="503"),),
    )
    w2 = Waivers((Waiver("phantom-limb-pain.html", "30349693", "r", "w", index=1),))
    assert apply_waivers(run(unchecked), w2, today=TODAY)[1] == ()
    broken = PageResult(PLP, error="HTTP 404")
    assert apply_waivers(run(broken), w2, today=TODAY)[1] == ()


# --------------------------------------------------------------------------- discovery


def test_find_waivers_file_walks_up_to_git_root(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    pages = repo / "content" / "conditions"
    pages.mkdir(parents=True)
    (repo / ".git").mkdir()
    target = pages / "plp.html"
    target.write_text("<p>x</p>")
    assert find_waivers_file([str(target)]) is None
    (tmp_path / WAIVERS_FILE).write_text("")  # above the repository: not used
    assert find_waivers_file([str(target)]) is None
    (repo / "content" / WAIVERS_FILE).write_text("")
    assert find_waivers_file([str(target)]) == (repo / "content" / WAIVERS_FILE).resolve()
    assert find_waivers_file([pages]) == (repo / "content" / WAIVERS_FILE).resolve()


def test_find_waivers_file_for_urls_uses_cwd(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / WAIVERS_FILE).write_text("")
    sub = tmp_path / "a"
    sub.mkdir()
    found = find_waivers_file(["https://example.org/sitemap.xml", "-"], cwd=sub)
    assert found == (tmp_path / WAIVERS_FILE).resolve()
