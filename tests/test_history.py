"""Run history: record, mark new, diff, list, migrate, redact."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from refcheck import history
from refcheck.history import (
    HistoryError,
    diff_runs,
    fingerprint,
    list_runs,
    mark_new,
    record_run,
    redact_argv,
)
from refcheck.models import (
    Citation,
    CitationResult,
    Claim,
    Field,
    Finding,
    PageResult,
    PersonName,
    PubMedRecord,
    RunResult,
    Severity,
    Status,
)
from refcheck.report.diff import _when, render_diff, render_history

PLP = "conditions/phantom-limb-pain.html"
CRPS = "conditions/crps.html"

REC_EICH = PubMedRecord(
    pmid="18349204",
    title="Chronic phantom limb pain: the effects of calcitonin, ketamine, and their combination",
    authors=(PersonName("Eichenberger", "U"),),
    journal_title="Anesthesia and analgesia",
    iso_abbreviation="Anesth Analg",
    pub_year=2008,
)
REC_FLOR = PubMedRecord(
    pmid="16638098",
    title="Phantom limb pain",
    authors=(PersonName("Flor", "H"),),
    journal_title="The Lancet. Neurology",
    pub_year=2002,
)


def year_finding(claimed: int, actual: int = 2008) -> Finding:
    return Finding(
        Field.YEAR,
        Severity.ERROR,
        f"year is {actual} in PubMed, the page says {claimed}",
        claimed=claimed,
        actual=actual,
    )


def author_finding(written: str, actual: str = "Flor H") -> Finding:
    return Finding(
        Field.AUTHOR,
        Severity.WARNING,
        f'first author is "{actual}" in PubMed, the page says "{written}"',
        claimed=written,
        actual=actual,
    )


def cit(
    pmid: str,
    label: str,
    findings: tuple[Finding, ...] = (),
    *,
    record: PubMedRecord | None = None,
    status: Status | None = None,
    year: int | None = None,
    line: int | None = None,
) -> CitationResult:
    claim = Claim(authors=("Eichenberger U",), year=year, journal="Anesthesia & Analgesia")
    if status is None:
        status = Status.MISMATCH if findings else Status.VERIFIED
    return CitationResult(
        Citation(pmid, claim, label=label, line=line),
        status,
        findings,
        record=record,
        reason="NCBI unavailable" if status is Status.UNVERIFIED else None,
    )


def night1() -> RunResult:
    return RunResult(
        pages=(
            PageResult(
                PLP,
                citations=(
                    cit("18349204", "1", (year_finding(2009),), record=REC_EICH, year=2009),
                    cit("16638098", "2", (author_finding("Flor K"),), record=REC_FLOR),
                ),
                findings=(
                    Finding(
                        Field.REFERENCE,
                        Severity.WARNING,
                        "marker [7] has no reference",
                        claimed="7",
                    ),
                ),
            ),
            PageResult(
                CRPS,
                citations=(cit("16638098", "1", (author_finding("Flr H"),), record=REC_FLOR),),
            ),
        )
    )


def record(db: Path, result: RunResult, t: float, argv: list[str] | None = None) -> int:
    return record_run(
        db, result, started=t, finished=t + 12.5, argv=argv or ["check", "site/"], fail_on="error"
    )


# --------------------------------------------------------------------------- fingerprints


def test_fingerprint_ignores_label_line_message_and_suggestion() -> None:
    f = year_finding(2009)
    other = replace(f, message="reworded", suggestion="123")
    assert fingerprint(PLP, "18349204", f) == fingerprint(PLP, "18349204", other)


def test_fingerprint_changes_with_claimed_value_page_pmid_severity() -> None:
    f = year_finding(2009)
    base = fingerprint(PLP, "18349204", f)
    assert fingerprint(PLP, "18349204", year_finding(2010)) != base
    assert fingerprint(CRPS, "18349204", f) != base
    assert fingerprint(PLP, "1", f) != base
    assert fingerprint(PLP, "18349204", replace(f, severity=Severity.INFO)) != base


def test_fingerprint_normalises_whitespace_and_case() -> None:
    a = author_finding("Flor  K")
    b = author_finding("flor k")
    assert fingerprint(PLP, "1", a) == fingerprint(PLP, "1", b)


def test_uncited_reference_finding_ignores_its_label() -> None:
    a = Finding(Field.REFERENCE, Severity.WARNING, "reference 3 is never cited", claimed="3")
    b = replace(a, claimed="4", message="reference 4 is never cited")
    assert fingerprint(PLP, "18349204", a) == fingerprint(PLP, "18349204", b)


def test_duplicate_findings_on_a_page_get_distinct_fingerprints() -> None:
    f = year_finding(2009)
    page = PageResult(PLP, citations=(cit("18349204", "1", (f,)), cit("18349204", "5", (f,))))
    fps = [fp for _c, _f, fp in history.page_findings(page)]
    assert len(set(fps)) == 2


# --------------------------------------------------------------------------- record + diff


def test_record_run_stores_tables(tmp_path: Path) -> None:
    db = tmp_path / "runs.db"
    run_id = record(db, night1(), 1_700_000_000.0)
    assert run_id == 1
    conn = sqlite3.connect(db)
    run = conn.execute(
        "SELECT pages, citations, mismatch, errors, warnings, exit_code, duration, started "
        "FROM runs"
    ).fetchone()
    assert run == (2, 3, 3, 1, 3, 1, 12.5, "2023-11-14T22:13:20Z")
    assert conn.execute("SELECT COUNT(*) FROM pages").fetchone()[0] == 2
    cits = conn.execute(
        "SELECT page, pmid, label, status, claimed_year, record_year, record_first_author, "
        "record_journal FROM citations ORDER BY id"
    ).fetchall()
    assert cits[0] == (
        PLP,
        "18349204",
        "1",
        "mismatch",
        2009,
        2008,
        "Eichenberger U",
        "Anesthesia and analgesia",
    )
    rows = conn.execute(
        "SELECT pmid, field, severity, claimed, actual, citation_id IS NULL FROM findings "
        "ORDER BY id"
    ).fetchall()
    assert rows[0] == (None, "reference", "warning", "7", None, 1)
    assert rows[1] == ("18349204", "year", "error", "2009", "2008", 0)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_diff_lists_exactly_new_and_fixed_after_one_page_is_edited(tmp_path: Path) -> None:
    db = tmp_path / "runs.db"
    record(db, night1(), 1000.0)
    one = night1()
    plp, crps = one.pages
    # The editor changes the wrong year 2009 into 2010 (still wrong) and fixes Flor's initials;
    # the CRPS page is untouched.
    plp2 = replace(
        plp,
        citations=(
            cit("18349204", "1", (year_finding(2010),), record=REC_EICH, year=2010),
            cit("16638098", "2", (), record=REC_FLOR),
        ),
    )
    record(db, RunResult(pages=(plp2, crps)), 2000.0)

    diff = diff_runs(db)
    assert (diff.new_run, diff.old_run) == (2, 1)
    assert [(r.page, r.pmid, r.field, r.message) for r in diff.new] == [
        (PLP, "18349204", "year", "year is 2008 in PubMed, the page says 2010")
    ]
    assert sorted((r.pmid, r.field) for r in diff.fixed) == [
        ("16638098", "author"),
        ("18349204", "year"),
    ]
    assert sorted((r.page, r.field) for r in diff.still_open) == [
        (CRPS, "author"),
        (PLP, "reference"),
    ]
    assert diff.unchecked == ()


def test_renumbering_labels_and_moving_lines_is_not_a_change(tmp_path: Path) -> None:
    db = tmp_path / "runs.db"
    record(db, night1(), 1000.0)
    plp, crps = night1().pages
    # A new reference is inserted first: every label shifts by one, every line moves.
    renumbered = replace(
        plp,
        citations=(
            cit("99999999", "1", (), record=None),
            *(
                replace(
                    c,
                    citation=replace(
                        c.citation, label=str(int(c.citation.label or 0) + 1), line=100
                    ),
                )
                for c in plp.citations
            ),
        ),
    )
    record(db, RunResult(pages=(renumbered, crps)), 2000.0)
    diff = diff_runs(db)
    assert diff.new == () and diff.fixed == ()
    assert len(diff.still_open) == 4
    assert {r.label for r in diff.still_open if r.pmid == "18349204"} == {"2"}


def test_unreadable_page_or_unverified_citation_is_not_fixed(tmp_path: Path) -> None:
    db = tmp_path / "runs.db"
    record(db, night1(), 1000.0)
    plp, _crps = night1().pages
    plp2 = replace(
        plp,
        citations=(
            cit("18349204", "1", status=Status.UNVERIFIED),
            plp.citations[1],
        ),
    )
    crps2 = PageResult(CRPS, error="HTTP 503")
    record(db, RunResult(pages=(plp2, crps2)), 2000.0)
    diff = diff_runs(db)
    assert diff.fixed == ()
    assert sorted((r.page, r.field) for r in diff.unchecked) == [(CRPS, "author"), (PLP, "year")]


def test_diff_explicit_runs_first_run_and_errors(tmp_path: Path) -> None:
    db = tmp_path / "runs.db"
    with pytest.raises(HistoryError, match="no run history"):
        diff_runs(db)
    assert not db.exists()
    record(db, night1(), 1000.0)
    first = diff_runs(db)
    assert first.old_run is None and len(first.new) == 4
    # it said "nothing to compare", then listed 4 new findings
    assert render_diff(first).splitlines()[:2] == [
        f"refcheck diff: run 1 ({_when(1000.0)}) is the first run: every finding in it is new",
        "4 new, 0 fixed, 0 still open",
    ]
    record(db, RunResult(pages=()), 2000.0)
    record(db, night1(), 3000.0)
    assert diff_runs(db, new_run=3, old_run=1).new == ()
    assert len(diff_runs(db, new_run=2).fixed) == 0  # run 2 checked no pages: nothing fixed
    assert len(diff_runs(db, new_run=2).unchecked) == 4
    with pytest.raises(HistoryError, match="no run 9"):
        diff_runs(db, new_run=9)


def test_list_runs_newest_first(tmp_path: Path) -> None:
    db = tmp_path / "runs.db"
    assert list_runs(db) == []
    for t in (1000.0, 2000.0, 3000.0):
        record(db, night1(), t)
    rows = list_runs(db, limit=2)
    assert [r.id for r in rows] == [3, 2]
    assert rows[0].started == 3000.0 and rows[0].errors == 1 and rows[0].exit_code == 1
    assert rows[0].argv == ("check", "site/")
    text = render_history(rows)
    assert text.splitlines()[0].split()[:3] == ["run", "started", "took"]
    assert "| run |" in render_history(rows, "markdown")
    assert json.loads(render_history(rows, "json"))[0]["id"] == 3


# --------------------------------------------------------------------------- mark_new


def test_mark_new_none_without_history(tmp_path: Path) -> None:
    out = mark_new(night1(), tmp_path / "missing.db")
    assert all(f.new is None for p in out.pages for c in p.citations for f in c.findings)
    assert not (tmp_path / "missing.db").exists()


def test_mark_new_compares_with_previous_run(tmp_path: Path) -> None:
    db = tmp_path / "runs.db"
    record(db, night1(), 1000.0)
    plp, crps = night1().pages
    plp2 = replace(
        plp, citations=(cit("18349204", "1", (year_finding(2010),), year=2010), plp.citations[1])
    )
    newpage = PageResult("conditions/new.html", citations=(cit("1", "1", (year_finding(1999),)),))
    marked = mark_new(RunResult(pages=(plp2, crps, newpage)), db)
    flags = {
        (p.source, c.citation.pmid if c else None, f.field.value): f.new
        for p in marked.pages
        for c, f, _fp in history.page_findings(p)
    }
    assert flags == {
        (PLP, None, "reference"): False,
        (PLP, "18349204", "year"): True,
        (PLP, "16638098", "author"): False,
        (CRPS, "16638098", "author"): False,
        ("conditions/new.html", "1", "year"): True,
    }
    run_id = record_run(db, marked, started=2000, finished=2001, argv=[], fail_on="error")
    assert list_runs(db)[0].new_findings == 2
    conn = sqlite3.connect(db)
    assert (
        conn.execute(
            "SELECT COUNT(*) FROM findings WHERE run_id = ? AND is_new = 1", [run_id]
        ).fetchone()[0]
        == 2
    )


def test_mark_new_skips_a_night_ncbi_was_down(tmp_path: Path) -> None:
    db = tmp_path / "runs.db"
    record(db, night1(), 1000.0)
    plp, crps = night1().pages
    down = replace(
        plp,
        citations=tuple(replace(c, status=Status.UNVERIFIED, findings=()) for c in plp.citations),
    )
    record(db, RunResult(pages=(down, crps)), 2000.0)
    marked = mark_new(night1(), db)
    assert [f.new for c in marked.pages[0].citations for f in c.findings] == [False, False]


# --------------------------------------------------------------------------- secrets


def test_argv_secrets_are_redacted(tmp_path: Path) -> None:
    argv = [
        "check",
        "--api-key=abc123secret",
        "--ncbi-api-key",
        "def456secret",
        "--token=tok789secret",
        "--eutils-url",
        "https://example.org/eutils/?api_key=qwe111secret&tool=x",
        "https://user:pw222secret@example.org/site",
        "--fail-on",
        "warning",
    ]
    db = tmp_path / "runs.db"
    record(db, night1(), 1000.0, argv)
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert b"secret" not in raw
    stored = list_runs(db)[0].argv
    assert stored[:5] == ("check", "--api-key=***", "--ncbi-api-key", "***", "--token=***")
    assert stored[-2:] == ("--fail-on", "warning")
    assert "tool=x" in stored[6]


def test_redact_leaves_ordinary_options_alone() -> None:
    argv = ["--fail-on", "error", "--monkey", "x", "--max-age=30d"]
    assert redact_argv(argv) == argv
    assert redact_argv(["--password", "x", "--client-secret=y"]) == [
        "--password",
        "***",
        "--client-secret=***",
    ]


# --------------------------------------------------------------------------- schema


def test_migration_from_v1_keeps_old_runs_readable(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = history.connect(path, target=1)
    assert history.schema_version(db) == 1
    cols = {r[1] for r in db.execute("PRAGMA table_info(findings)").fetchall()}
    assert "waiver_reason" not in cols
    # A run as refcheck with schema v1 wrote it.
    db.execute(
        "INSERT INTO runs (id, started, finished, duration, started_ts, finished_ts, version, argv,"
        " fail_on, exit_code, pages, citations, verified, mismatch, not_found, unverified,"
        " page_errors, errors, warnings, infos, waived) VALUES"
        " (1, '1970-01-01T00:16:40Z', '1970-01-01T00:16:50Z', 10, 1000, 1010, '0.0.9', '[]',"
        " 'error', 1, 1, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0)"
    )
    db.execute("INSERT INTO pages VALUES (1, 1, ?, NULL, NULL, 1, 1)", [PLP])
    db.execute(
        "INSERT INTO citations (id, run_id, page_id, page, pmid, label, status)"
        " VALUES (1, 1, 1, ?, '18349204', '1', 'mismatch')",
        [PLP],
    )
    fp = fingerprint(PLP, "18349204", year_finding(2009))
    db.execute(
        "INSERT INTO findings (run_id, page_id, citation_id, page, pmid, label, field, severity,"
        " message, claimed, actual, waived, fingerprint) VALUES"
        " (1, 1, 1, ?, '18349204', '1', 'year', 'error', 'old message', '2009', '2008', 0, ?)",
        [PLP, fp],
    )
    db.conn.close()

    rows = list_runs(path)  # opening migrates
    assert [(r.id, r.version, r.new_findings) for r in rows] == [(1, "0.0.9", None)]
    conn = sqlite3.connect(path)
    assert conn.execute(
        "SELECT value FROM history_meta WHERE key = 'schema_version'"
    ).fetchone() == ("2",)
    cols = {r[1] for r in conn.execute("PRAGMA table_info(findings)").fetchall()}
    assert {"waiver_reason", "is_new"} <= cols
    indexes = {r[1] for r in conn.execute("PRAGMA index_list(findings)").fetchall()}
    assert "findings_fingerprint" in indexes
    conn.close()

    # The old run is a usable baseline for the new code.
    record(path, night1(), 2000.0)
    diff = diff_runs(path)
    assert ("18349204", "year") in {(r.pmid, r.field) for r in diff.still_open}


def test_newer_or_foreign_database_is_refused(tmp_path: Path) -> None:
    newer = tmp_path / "newer.db"
    history.connect(newer).conn.close()
    conn = sqlite3.connect(newer)
    conn.execute("UPDATE history_meta SET value = '99' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    with pytest.raises(HistoryError, match="newer"):
        list_runs(newer)
    foreign = tmp_path / "foreign.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE x (a)")
    conn.close()
    with pytest.raises(HistoryError, match="other tables"):
        list_runs(foreign)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(HistoryError) as info:
        list_runs(junk)
    assert "\n" not in str(info.value)


# --------------------------------------------------------------------------- rendering


def test_render_diff_formats(tmp_path: Path) -> None:
    db = tmp_path / "runs.db"
    record(db, night1(), 1000.0)
    plp, crps = night1().pages
    plp2 = replace(plp, citations=(cit("18349204", "1", (year_finding(2010),)), plp.citations[1]))
    record(db, RunResult(pages=(plp2, crps)), 2000.0)
    diff = diff_runs(db)

    text = render_diff(diff)
    assert "run 2 (1970-01-01 00:33 UTC) vs run 1" in text
    assert "1 new, 1 fixed, 3 still open" in text
    assert "NEW (1)" in text and "FIXED (1)" in text and "STILL OPEN" not in text
    assert "PMID 18349204 [ref 1]  year error: year is 2008 in PubMed, the page says 2010" in text
    assert "STILL OPEN (3)" in render_diff(diff, include_open=True)

    markdown = render_diff(diff, "markdown")
    assert "## New (1)" in markdown and "| Page | PMID |" in markdown
    assert "phantom-limb-pain.html" in markdown

    data = json.loads(render_diff(diff, "json"))
    assert data["counts"] == {"new": 1, "fixed": 1, "still_open": 3, "unchecked": 0}
    assert data["new"][0]["pmid"] == "18349204"
    with pytest.raises(ValueError):
        render_diff(diff, "html")


def test_information_notes_are_left_out_of_the_diff_unless_asked_for(tmp_path: Path) -> None:
    """A note (here: the year cited is the e-publication year) needs no fix: the nightly
    diff does not list it as a new finding, it says how many it left out; `--infos` and
    JSON have it."""
    db = tmp_path / "runs.db"
    record(db, night1(), 1000.0)
    plp, crps = night1().pages
    note = Finding(Field.YEAR, Severity.INFO, "2007 is the year it was published online")
    first, second = plp.citations
    plp2 = replace(plp, citations=(replace(first, findings=(*first.findings, note)), second))
    record(db, mark_new(RunResult(pages=(plp2, crps)), db), 2000.0)
    diff = diff_runs(db)
    assert [r.severity for r in diff.new] == ["info"]
    assert list_runs(db)[0].new_findings == 0  # `refcheck history` counts as the diff does

    text = render_diff(diff)
    assert "0 new, 0 fixed, 4 still open (and 1 information notes, listed with --infos)" in text
    assert "NEW" not in text and "published online" not in text
    with_infos = render_diff(diff, include_infos=True)
    assert "1 new, 0 fixed, 4 still open\n" in with_infos
    assert "year info: 2007 is the year it was published online" in with_infos
    assert "published online" not in render_diff(diff, "markdown")
    assert json.loads(render_diff(diff, "json"))["new"][0]["severity"] == "info"


def test_render_markdown_escapes_page_text() -> None:
    row = history.DiffRow("p|a<b>.html", "1", "1", "title", "error", "title *x* | [y](z)")
    diff = history.RunDiff(2, 1, (row,), (), ())
    out = render_diff(diff, "markdown")
    assert "<b>" not in out and "\\|" in out


def test_two_runs_writing_at_once_both_land(tmp_path: Path) -> None:
    import threading

    db = tmp_path / "runs.db"
    history.connect(db).conn.close()
    errors: list[BaseException] = []

    def write(t: float) -> None:
        try:
            record(db, night1(), t)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(float(t),)) for t in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    assert sorted(r.id for r in list_runs(db)) == [1, 2, 3, 4]
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM findings").fetchone()[0] == 16


def test_runs_starting_together_on_a_new_history_file_all_open_it(tmp_path: Path) -> None:
    """Each migration step is taken once, by whichever run gets the lock first; the others
    find it done (before: 'table runs already exists' in most rounds of 8 runs)."""
    import textwrap

    from processes import run_together

    opener = textwrap.dedent(
        """
        import sys
        from refcheck.history import SCHEMA_VERSION, connect, schema_version
        db = connect(sys.argv[1])
        print(schema_version(db) == SCHEMA_VERSION)
        db.conn.close()
        """
    )
    for attempt in range(3):
        outs = run_together(opener, str(tmp_path / f"h{attempt}.sqlite"))
        assert outs == ["True"] * 8
