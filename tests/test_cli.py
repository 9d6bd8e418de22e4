"""The command line: exit codes, one-line errors, the JSON contract, spot checks."""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from typer.testing import CliRunner

from refcheck.cli import app

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED_HTML = str(FIXTURES / "pages" / "phantom-limb-pain.html")
SEED_TXT = str(FIXTURES / "pages" / "phantom-limb-pain.txt")


@pytest.fixture(scope="module")
def server() -> Iterator[Any]:
    from refcheck.fake_eutils.server import FakeEutils

    with FakeEutils(FIXTURES / "records", rate_limit=None) as s:
        yield s


@pytest.fixture
def env(server: Any, tmp_path: Path) -> dict[str, str]:
    return {"REFCHECK_EUTILS_URL": server.base_url, "REFCHECK_CACHE": str(tmp_path / "c.sqlite")}


def invoke(args: list[str], env: dict[str, str] | None = None, **kw: Any) -> Any:
    return CliRunner().invoke(app, args, env=env, **kw)


def test_seed_page_is_verified_with_exit_0(env: dict[str, str]) -> None:
    r = invoke(["check", SEED_HTML], env)
    assert r.exit_code == 0, r.output
    assert "3 citations: 3 verified" in r.stdout
    assert "Eichenberger U et al., 2008, Anesthesia & Analgesia" in r.stdout


def test_json_contract(env: dict[str, str]) -> None:
    r = invoke(["check", SEED_TXT, "--format", "json"], env)
    data = json.loads(r.stdout)
    assert set(data) >= {"pages", "summary"}
    page = data["pages"][0]
    assert page["error"] is None
    first = page["citations"][0]
    assert first["pmid"] == "18349204"
    assert first["label"] == "1"
    assert first["claimed"]["authors"] == ["Eichenberger U"]
    assert first["claimed"]["year"] == 2008
    assert first["claimed"]["journal"] == "Anesthesia & Analgesia"
    assert first["claimed"]["title"] is None
    assert first["status"] == "verified"
    assert first["record"]["pmid"] == "18349204"
    for c in page["citations"]:
        for f in c["findings"]:
            assert f["field"] in {
                "author",
                "year",
                "journal",
                "title",
                "pmid",
                "notice",
                "reference",
            }
            assert f["severity"] in {"error", "warning", "info"}
            assert {"claimed", "actual", "message"} <= set(f)
    summary = data["summary"]
    assert (summary["pages"], summary["citations"], summary["verified"]) == (1, 3, 3)


def test_a_page_named_twice_is_checked_once(env: dict[str, str]) -> None:
    again = SEED_HTML.replace("/pages/", "/pages/./")
    r = invoke(["check", SEED_HTML, again, "--format", "json"], env)
    data = json.loads(r.stdout)
    assert [p["source"] for p in data["pages"]] == [SEED_HTML]
    assert (data["summary"]["pages"], data["summary"]["citations"]) == (1, 3)


def test_extract_of_a_missing_file_is_one_line_on_stderr(tmp_path: Path) -> None:
    """It printed "MISSING: 0 citations" on stdout too, as if the page had been read."""
    missing = str(tmp_path / "missing.html")
    r = invoke(["extract", missing, SEED_TXT])
    assert r.exit_code == 3  # as `check` for an unreadable page
    assert r.stderr == f"refcheck: {missing}: no such file or directory\n"
    assert missing not in r.stdout and r.stdout.startswith(f"{SEED_TXT}: 3 citations")


def test_problems_exit_1_and_output_file(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "r" / "report.html"
    r = invoke(["check", str(FIXTURES / "pages"), "--format", "html", "-o", str(out)], env)
    assert r.exit_code == 1
    assert out.read_text().startswith("<!DOCTYPE html>")
    assert r.stdout == ""


@pytest.mark.parametrize(
    ("args", "code", "text"),
    [
        (["check", SEED_TXT, "--format", "yaml"], 2, "--format must be one of"),
        (["check", SEED_TXT, "--fail-on", "panic"], 2, "--fail-on must be one of"),
        (["check", SEED_TXT, "--max-age", "soon"], 2, "--max-age"),
        (["check", SEED_TXT, "--fail-on-new"], 2, "--fail-on-new needs --db"),
        (["check"], 2, "give at least one input"),
        # nothing to ask PubMed: once "no such record in PubMed", exit 1
        (["pmid", "abc"], 2, "'abc' is not a valid PMID"),
        (["pmid", "1234567890"], 2, "'1234567890' is not a valid PMID"),
        (["pmid", "0", "--year", "2001"], 2, "'0' is not a valid PMID"),
        (["check", SEED_TXT, "--include", "[z-a]"], 2, "--include '[z-a]' is not a valid"),
        # was typer's "Input should be a valid integer, unable to parse string as an integer"
        (["pmid", "18349204", "--year", "20o8"], 2, "--year: '20o8' is not a year (write it"),
    ],
)
def test_usage_errors_exit_2_with_one_line(
    env: dict[str, str], args: list[str], code: int, text: str
) -> None:
    r = invoke(args, env)
    assert r.exit_code == code
    assert text in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert "Traceback" not in r.output


@pytest.mark.parametrize(
    ("argv", "words"),
    [  # click words these messages a little differently from one version to the next
        (["pmid", "--bogus", "1"], ("No such option", "--bogus")),
        (["nosuchcommand"], ("No such command", "nosuchcommand")),
        (["pmid"], ("Missing argument", "PMID")),
        (["check", SEED_TXT, "--concurrency", "many"], ("Invalid value", "--concurrency")),
        # past SQLite's integers: was "internal error: OverflowError"
        (["diff", "--run", "99999999999999999999"], ("Invalid value", "--run")),
        (["history", "--limit", "0"], ("Invalid value", "--limit")),
    ],
)
def test_console_entry_point_reports_typers_usage_errors_as_usage(
    argv: list[str],
    words: tuple[str, ...],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Through `main()`, as the installed `refcheck` runs (CliRunner goes around it): typer
    0.2x raises its own copy of click's exceptions, once reported as "internal error"."""
    from refcheck.cli import main

    monkeypatch.setattr("sys.argv", ["refcheck", *argv])
    with pytest.raises(SystemExit) as done:
        main()
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("refcheck: ") and all(w in err for w in words)
    assert "internal error" not in err
    if argv[0] == "pmid":
        assert "(see `refcheck pmid --help`)" in err
    assert len(err.strip().splitlines()) == 1
    assert "Input should be" not in err  # pydantic's words, as typer 0.2x passed them on


def test_bad_environment_is_a_usage_error(env: dict[str, str]) -> None:
    r = invoke(["check", SEED_TXT], {**env, "REFCHECK_EUTILS_URL": "ftp://nowhere"})
    assert r.exit_code == 2
    assert "REFCHECK_EUTILS_URL" in r.stderr


@pytest.mark.parametrize(
    ("override", "says"),
    [  # each was "internal error: InvalidURL / ValueError / OverflowError"
        ({"REFCHECK_EUTILS_URL": "http://[::1"}, "REFCHECK_EUTILS_URL must be an http(s) URL"),
        ({"REFCHECK_EUTILS_URL": "http://127.0.0.1:4x/"}, "REFCHECK_EUTILS_URL must be"),
        ({"REFCHECK_EUTILS_URL": "http://127.0.0.1:9/\n"}, "REFCHECK_EUTILS_URL must be"),
        ({"timeout": "nan"}, "--timeout must be a number of seconds"),
        ({"timeout": "inf"}, "--timeout must be a number of seconds"),
        ({"timeout": "1e309"}, "--timeout must be a number of seconds"),
    ],
)
def test_settings_no_request_could_use_are_usage_errors(
    env: dict[str, str], override: dict[str, str], says: str
) -> None:
    args = ["check", SEED_TXT]
    if "timeout" in override:
        args += ["--timeout", override["timeout"]]
    else:
        env = {**env, **override}
    r = invoke(args, env)
    assert r.exit_code == 2, r.output
    assert says in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert "internal error" not in r.stderr


def test_unreadable_input_is_one_line_and_the_run_goes_on(env: dict[str, str]) -> None:
    r = invoke(["check", "/no/such/page.html", SEED_TXT], env)
    assert r.exit_code == 3  # the seed page is fine, one input could not be checked
    assert r.stderr.count("no such file") == 1
    assert "3 verified" in r.stdout


def test_unreachable_ncbi_gives_unverified_and_exit_3(tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {
        "REFCHECK_EUTILS_URL": f"http://127.0.0.1:{port}/entrez/eutils/",
        "REFCHECK_CACHE": str(tmp_path / "c.sqlite"),
    }
    r = invoke(["check", SEED_TXT, "--format", "json", "--retries", "0", "--timeout", "1"], env)
    assert r.exit_code == 3
    data = json.loads(r.stdout)
    assert {c["status"] for c in data["pages"][0]["citations"]} == {"unverified"}
    assert all(c["reason"] for c in data["pages"][0]["citations"])


def test_offline_uses_the_cache_only(env: dict[str, str]) -> None:
    assert invoke(["check", SEED_TXT], env).exit_code == 0
    dead = {**env, "REFCHECK_EUTILS_URL": "http://127.0.0.1:9/entrez/eutils/"}
    assert invoke(["check", SEED_TXT, "--offline"], dead).exit_code == 0
    r = invoke(["check", str(FIXTURES / "pages" / "vancouver.html"), "--offline"], dead)
    assert r.exit_code == 3
    assert "not in the cache (offline)" in r.stdout


def test_extract_contacts_nothing(tmp_path: Path) -> None:
    env = {"REFCHECK_EUTILS_URL": "http://127.0.0.1:9/", "REFCHECK_CACHE": str(tmp_path / "c")}
    r = invoke(["extract", SEED_TXT, "--format", "json"], env)
    assert r.exit_code == 0
    cits = json.loads(r.stdout)["pages"][0]["citations"]
    assert [c["claimed"]["authors"] for c in cits] == [
        ["Eichenberger U"],
        ["Alviar MJ"],
        ["Hall N", "Eldabe S"],
    ]
    assert [c["claimed"]["journal"] for c in cits] == [
        "Anesthesia & Analgesia",
        "Cochrane Database of Systematic Reviews",
        "British Journal of Pain",
    ]
    assert not (tmp_path / "c").exists()
    text = invoke(["extract", SEED_TXT], env)
    assert "PMID 30349693" in text.stdout


def test_pmid_spot_check(env: dict[str, str]) -> None:
    r = invoke(["pmid", "18349204"], env)
    assert r.exit_code == 0
    assert "Chronic phantom limb pain" in r.stdout
    assert "Anesthesia and analgesia (Anesth Analg)" in r.stdout
    good = invoke(["pmid", "30349693", "--author", "Hall N & Eldabe S", "--year", "2017"], env)
    assert good.exit_code == 0, good.stdout  # the electronic-publication year is right
    bad = invoke(["pmid", "18349204", "--author", "Eichenburger U", "--year", "2009"], env)
    assert bad.exit_code == 1
    assert "page says: 2009" in bad.stdout
    missing = invoke(["pmid", "39999999"], env)
    assert missing.exit_code == 1
    assert "no such record" in missing.stdout


def test_mirror_import_then_spot_check_and_page_check_from_it(
    env: dict[str, str], tmp_path: Path
) -> None:
    """With `--source mirror` nothing is asked of E-utilities (here: a dead address)."""
    import gzip

    seed = (FIXTURES / "records" / "seed-phantom-limb-pain.xml").read_bytes()
    baseline = tmp_path / "pubmed26n0001.xml.gz"
    baseline.write_bytes(gzip.compress(seed))
    offline = {**env, "REFCHECK_EUTILS_URL": "http://127.0.0.1:9/"}
    imported = invoke(["mirror", "import", str(baseline)], offline)
    assert imported.exit_code == 0, imported.output
    assert "3 records written" in imported.stdout
    assert "records:      3" in invoke(["mirror", "info"], offline).stdout
    held = invoke(["pmid", "18349204", "--source", "mirror"], offline)
    assert held.exit_code == 0, held.output
    assert "Chronic phantom limb pain" in held.stdout
    assert held.stderr == ""  # a mirror updated today: nothing to warn of
    wrong = invoke(["pmid", "18349204", "--source", "mirror", "--year", "2009"], offline)
    assert wrong.exit_code == 1 and "page says: 2009" in wrong.stdout
    absent = invoke(["pmid", "39999999", "--source", "mirror"], offline)
    assert absent.exit_code == 3
    assert "not in the local PubMed mirror" in absent.stderr
    page = invoke(["check", SEED_TXT, "--source", "mirror"], offline)
    assert page.exit_code == 0, page.output
    assert "3 citations: 3 verified" in page.stdout
    empty = {**offline, "REFCHECK_CACHE": str(tmp_path / "empty.sqlite")}
    nothing = invoke(["check", SEED_TXT, "--source", "mirror", "-q"], empty)
    assert nothing.exit_code == 3
    assert nothing.stderr.startswith("refcheck: warning: the local PubMed mirror holds no records")


def test_cache_info_and_clear(env: dict[str, str]) -> None:
    invoke(["check", SEED_TXT], env)
    info = invoke(["cache", "info"], env)
    assert "records:     3" in info.stdout
    assert "pages:       1 " in info.stdout  # the seed page, remembered with its verdicts
    assert "removed" in invoke(["cache", "clear"], env).stdout
    # asking does not create it (it did, folders and all, wherever a path was mistyped)
    again = invoke(["cache", "info"], env)
    assert again.exit_code == 0 and "no cache at" in again.stdout
    assert not Path(env["REFCHECK_CACHE"]).exists()


def test_corrupt_cache_is_one_line_with_the_way_out(env: dict[str, str]) -> None:
    # a damaged SQLite file (one that is not SQLite at all may be someone's: never offered
    # for deletion, test_integrity)
    Path(env["REFCHECK_CACHE"]).write_bytes(b"SQLite format 3\x00" + b"garbage" * 1000)
    r = invoke(["check", SEED_TXT], env)
    assert r.exit_code == 3
    assert "refcheck cache clear" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert invoke(["cache", "clear"], env).exit_code == 0
    assert invoke(["check", SEED_TXT], env).exit_code == 0


def test_history_diff_and_fail_on_new(env: dict[str, str], tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(
        "References\n1. Eichenberger U et al. 2008, Anesthesia & Analgesia. (PMID 18349204)\n"
    )
    db = str(tmp_path / "runs.db")
    assert invoke(["check", str(page), "--db", db], env).exit_code == 0
    page.write_text(
        "References\n1. Eichenberger U et al. 2009, Anesthesia & Analgesia. (PMID 18349204)\n"
    )
    r = invoke(["check", str(page), "--db", db, "--fail-on-new"], env)
    assert r.exit_code == 1
    assert "(new)" in r.stdout
    again = invoke(["check", str(page), "--db", db, "--fail-on-new"], env)
    assert again.exit_code == 0  # the problem is known now
    diff = invoke(["diff", "--db", db, "--run", "2", "--against", "1", "--format", "json"], env)
    assert diff.exit_code == 0
    data = json.loads(diff.stdout)
    assert [row["field"] for row in data["new"]] == ["year"]
    listed = invoke(["diff", "--db", db, "--run", "2", "--against", "1", "--infos"], env)
    assert listed.exit_code == 0 and "NEW (1)" in listed.stdout
    hist = invoke(["history", "--db", db], env)
    assert hist.exit_code == 0
    assert hist.stdout.count("\n") >= 3


def test_mistakes_in_what_the_user_named_exit_2(env: dict[str, str], tmp_path: Path) -> None:
    """Each was exit 3, "could not be checked", which a nightly job retries later; they are
    usage or configuration errors (README), which no later run gets past."""
    db = str(tmp_path / "runs.db")
    assert invoke(["check", SEED_TXT, "--db", db], env).exit_code == 0
    baseline = tmp_path / "pubmed-2024.xml.gz"
    baseline.write_bytes(b"")
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes")
    twice = [tmp_path / d / "pubmed26n0001.xml.gz" for d in ("a", "b")]
    for file in twice:
        file.parent.mkdir()
        file.write_bytes(b"")
    for args, says in (
        (["diff", "--db", db, "--run", "99"], "there is no run 99 in the history"),
        (["mirror", "import", *map(str, twice)], "given twice from different folders"),
        (["diff", "--db", db, "--against", "99"], "there is no run 99 in the history"),
        # a history never recorded (a mistyped path)
        (["diff", "--db", db + ".typo"], "no run history there yet"),
        (["mirror", "import", str(baseline)], "not a PubMed baseline/update file name"),
        (["cache", "clear", "--cache", str(notes)], "is not a SQLite file, not a refcheck cache"),
        (["cache", "info", "--cache", str(notes)], "is not a SQLite file, not a refcheck cache"),
    ):
        r = invoke(args, env)
        assert r.exit_code == 2, (args, r.stderr)
        (line,) = r.stderr.strip().splitlines()
        assert says in line, line
    assert notes.read_text() == "my notes"


def test_waiver_silences_exactly_its_finding(env: dict[str, str], tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(
        "References\n"
        "1. Eichenberger U et al. 2009, Anesthesia & Analgesia. (PMID 18349204)\n"
        "2. Hall N & Eldabe S 2015, British Journal of Pain. (PMID 30349693)\n"
    )
    (tmp_path / "refcheck-waivers.toml").write_text(
        '[[waiver]]\npage = "page.txt"\npmid = "18349204"\nfield = "year"\n'
        'reason = "checked with the journal"\nwho = "editor"\n'
    )
    r = invoke(["check", str(page), "--format", "json"], env)
    data = json.loads(r.stdout)
    findings = {c["pmid"]: c["findings"] for c in data["pages"][0]["citations"]}
    assert [f.get("waived") for f in findings["18349204"] if f["field"] == "year"] == [True]
    assert [f.get("waived") for f in findings["30349693"] if f["field"] == "year"] == [None]
    assert r.exit_code == 1  # the unwaived wrong year still fails
    (tmp_path / "refcheck-waivers.toml").write_text(
        '[[waiver]]\npmid = "*"\npage = "page.txt"\nreason = "r"\nwho = "w"\n'
    )
    assert invoke(["check", str(page)], env).exit_code == 0


def test_version_and_help() -> None:
    assert invoke(["--version"]).stdout.startswith("refcheck ")
    r = invoke(["--help"])
    for command in ("check", "extract", "pmid", "cache", "diff", "history", "mirror"):
        assert command in r.stdout


@pytest.fixture
def undecodable_name(tmp_path: Path) -> Path:
    """A page whose file name is not UTF-8 (Python holds it with lone surrogates)."""
    folder = tmp_path / "site"
    folder.mkdir()
    try:
        path = Path(os.fsdecode(bytes(folder) + b"/bad\xff\xfe.txt"))
        path.write_bytes(Path(SEED_TXT).read_bytes())
    except (OSError, UnicodeError):
        pytest.skip("this file system does not take a file name that is not UTF-8")
    return path


def test_file_name_that_is_not_utf8_keeps_reports_valid_and_history_working(
    env: dict[str, str], tmp_path: Path, undecodable_name: Path
) -> None:
    """Once: JSON with raw bytes on stdout, "internal error" with a cut-off --output file, and
    no history. Now the name is kept as escapes that JSON decodes back to it."""
    report = tmp_path / "out.json"
    db = tmp_path / "runs.db"
    for fmt in ("json", "text", "csv", "html", "markdown", "junit"):
        out = tmp_path / f"out.{fmt}"
        r = invoke(
            ["check", str(undecodable_name.parent), "-f", fmt, "-o", str(out), "--db", str(db)], env
        )
        assert r.exit_code == 0, r.output
        out.read_text(encoding="utf-8")  # valid UTF-8, whole
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert data["pages"][0]["source"] == str(undecodable_name)
    assert data["summary"]["verified"] == 3
    assert "\\udcff\\udcfe" in (tmp_path / "out.text").read_text(encoding="utf-8")
    history = invoke(["history", "--db", str(db)], env)
    assert history.exit_code == 0 and len(history.stdout.splitlines()) == 7  # header + 6 runs
    assert report.exists()


def test_json_on_stdout_of_the_console_entry_point_stays_utf8(
    env: dict[str, str], undecodable_name: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from refcheck.cli import main

    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setattr("sys.argv", ["refcheck", "check", str(undecodable_name), "-f", "json"])
    # stdout as the installed command gets it in a UTF-8 locale: surrogateescape, which
    # writes a name's raw bytes back (invalid UTF-8 inside the JSON)
    raw = io.BytesIO()
    stdout = io.TextIOWrapper(raw, "utf-8", "surrogateescape", write_through=True)
    monkeypatch.setattr("sys.stdout", stdout)
    try:
        with pytest.raises(SystemExit) as done:
            main()
        stdout.flush()
        data = json.loads(raw.getvalue().decode("utf-8"))
    finally:
        stdout.detach()
    assert done.value.code == 0
    assert data["pages"][0]["source"] == str(undecodable_name)


def test_terminal_controls_in_file_names_are_escaped_on_stderr(
    env: dict[str, str], tmp_path: Path
) -> None:
    missing = tmp_path / "x \x1b]0;pwn\x07.html"
    r = invoke(["check", str(missing), str(SEED_TXT)], env)
    assert r.exit_code == 3
    assert "\x1b" not in r.stderr and "\x07" not in r.stderr
    assert "x \\x1b]0;pwn\\x07.html" in r.stderr


def test_a_reader_that_stops_early_ends_nothing_badly(tmp_path: Path) -> None:
    """`refcheck check site -f json | head -c 10`: the report is written page by page, and a
    closed pipe once ended the run as "internal error: BrokenPipeError", exit 2."""
    import subprocess
    import sys

    site = tmp_path / "site"
    site.mkdir()
    for i in range(300):  # far more than a pipe holds
        (site / f"p{i}.txt").write_bytes(Path(SEED_TXT).read_bytes())
    env = {**os.environ, "REFCHECK_CACHE": str(tmp_path / "c.sqlite")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "refcheck", "check", str(site), "-f", "json", "--offline"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.read(10) == b'{"pages": '
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 3  # the run's own code: offline, nothing cached
    assert err == ""


@pytest.mark.parametrize(
    ("command", "flag", "valued"),
    [
        (["check"], "--fail-on-new", "--fail-on"),
        (["check"], "--quiet", "--max-age"),
        (["pmid"], "--offline", "--year"),
        (["diff"], "--open", "--run"),
        (["mirror", "import"], "--force", "--jobs"),
    ],
)
def test_help_shows_flags_without_a_value_and_options_with_a_named_one(
    command: list[str], flag: str, valued: str
) -> None:
    """typer 0.29 labels every option with its Python type: a flag read `--fail-on-new
    <bool>`, as if it took true/false, and the run-number options printed SQLite's integer
    range."""
    r = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert r.exit_code == 0
    rows = {line.split()[1]: line for line in r.output.splitlines() if line.startswith("│ --")}
    assert "<" not in rows[flag]
    assert rows[valued].split()[2].isupper()  # FILE, AGE, N, ...: what to put there
    assert "9223372036854775807" not in r.output


def test_a_full_disk_is_one_line_and_exit_3_not_an_internal_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`mirror import` on a full disk printed `internal error: OperationalError: database
    or disk is full` and exited 2, the code README keeps for usage errors."""
    import sqlite3

    from refcheck import mirror

    def full(*_: object, **__: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(mirror, "import_files", full)
    baseline = tmp_path / "pubmed26n0001.xml.gz"
    baseline.write_bytes(b"")
    r = invoke(["mirror", "import", str(baseline), "--cache", str(tmp_path / "c.sqlite")])
    assert r.exit_code == 3
    assert "disk is full" in r.stderr and "internal error" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_mirror_import_ends_its_progress_line_before_an_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """On a terminal the error was glued to the progress line (`...: 8 recordsrefcheck:
    pubmed26n0001.xml.gz: truncated ...`): the line break came only on success."""
    import typer

    from refcheck import cli, mirror
    from refcheck.fake_eutils.baseline import write_baseline

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(mirror, "BATCH_SIZE", 4)
    path = write_baseline(tmp_path / "pubmed26n0001.xml.gz", 1500, start_pmid=100)
    path.write_bytes(path.read_bytes()[: path.stat().st_size * 2 // 3])
    err = Terminal()
    monkeypatch.setattr(sys, "stderr", err)
    with pytest.raises(typer.Exit):
        cli.mirror_import([path], jobs=1, force=False, cache=tmp_path / "c.sqlite")
    lines = err.getvalue().split("\n")
    assert lines[0].startswith("\r") and lines[0].endswith(" records")
    assert lines[1].startswith("refcheck: pubmed26n0001.xml.gz: ")


@pytest.mark.parametrize("argv", [[], ["cache"], ["mirror"]])
def test_a_command_alone_shows_its_help_and_no_empty_error_line(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`refcheck` alone printed its help, then `refcheck:  (see `refcheck --help`)`."""
    from refcheck.cli import main

    monkeypatch.setattr("sys.argv", ["refcheck", *argv])
    with pytest.raises(SystemExit) as done:
        main()
    assert done.value.code in (0, 2)  # click 8.2 exits 2 after no_args_is_help; older, 0
    out = capsys.readouterr()
    assert "Usage" in out.out and out.err == ""


def test_pmid_alone_says_the_paper_is_retracted(env: dict[str, str]) -> None:
    """Without claims the record card was all: a retracted paper showed only its type
    and exited 0."""
    r = invoke(["pmid", "9500320"], env)
    assert r.exit_code == 1
    assert "ERROR: this paper has been retracted (retraction notice: PMID 20137807)" in r.stdout
    data = json.loads(invoke(["pmid", "9500320", "-f", "json"], env).stdout)
    assert {f["field"] for f in data["findings"]} == {"notice"}
    clean = invoke(["pmid", "18349204"], env)
    assert clean.exit_code == 0 and "ERROR" not in clean.stdout


def test_pmid_fails_on_the_same_severity_as_check(env: dict[str, str]) -> None:
    """`pmid` failed on warnings, hard-coded, where `check` fails on errors by default."""
    args = ["pmid", "18349204", "--title", "Ketamine for depression"]  # a title warning
    assert invoke(args, env).exit_code == 0
    assert invoke([*args, "--fail-on", "warning"], env).exit_code == 1
    assert invoke([*args, "--fail-on", "bogus"], env).exit_code == 2


def test_a_cache_that_cannot_be_written_keeps_the_report(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only or full cache, or one another program held past the busy timeout, made
    the run "internal error: OperationalError", exit 2, and the report was lost although
    every record had been obtained."""
    import sqlite3

    from refcheck.cache import RecordCache

    def refused(*_: object, **__: object) -> None:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(RecordCache, "_write", refused)
    monkeypatch.setattr(RecordCache, "_write_many", refused)
    r = invoke(["check", SEED_HTML, "--format", "json", "--no-suggest"], env)
    assert r.exit_code == 0
    report = json.loads(r.stdout)
    assert report["summary"]["verified"] == 3
    (line,) = r.stderr.strip().splitlines()
    assert line.startswith("refcheck: warning: the cache (") and "could not be updated" in line


@pytest.mark.parametrize("step", ["mark_new", "record_run"])
def test_a_history_that_cannot_be_used_keeps_the_report(
    step: str, env: dict[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`--db` locked past the busy timeout, or on a read-only disk: the run exited 3 with
    an empty report, though every citation had been checked."""
    from refcheck import audit
    from refcheck.history import HistoryError

    def locked(*_: object, **__: object) -> None:
        raise HistoryError(f"{tmp_path / 'runs.db'}: cannot record the run (database is locked)")

    monkeypatch.setattr(audit, step, locked)
    args = [
        "check",
        SEED_HTML,
        "--format",
        "json",
        "--no-suggest",
        "--db",
        str(tmp_path / "runs.db"),
    ]
    r = invoke(args, env)
    assert r.exit_code == 3
    assert json.loads(r.stdout)["summary"]["verified"] == 3
    assert r.stderr.strip().endswith("cannot record the run (database is locked)")


@pytest.mark.parametrize("written", ["PMID18349204", "PMID: 18349204", "pmid 18349204"])
def test_pmid_takes_the_id_as_a_page_writes_it(written: str, env: dict[str, str]) -> None:
    """Copied from a page, `PMID18349204` was refused as "not a valid PMID"."""
    r = invoke(["pmid", written], env)
    assert r.exit_code == 0 and "18349204" in r.stdout and "Anesth Analg" in r.stdout


def test_tilde_in_path_options_is_the_home_folder(
    env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--cache '~/x.sqlite'` (cron and systemd run no shell) made a folder named `~` in the
    working directory; REFCHECK_CACHE was expanded."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    r = invoke(
        ["check", SEED_HTML, "--no-suggest", "--cache", "~/c.sqlite", "--db", "~/runs.db"], env
    )
    assert r.exit_code == 0
    assert (tmp_path / "home" / "c.sqlite").is_file() and (tmp_path / "home" / "runs.db").is_file()
    assert not (tmp_path / "~").exists()


def test_a_relative_xdg_cache_home_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The XDG spec says a relative value is invalid and must be ignored."""
    from refcheck.config import default_cache_path

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    assert (
        default_cache_path({"XDG_CACHE_HOME": "rel"})
        == tmp_path / ".cache/refcheck/refcheck.sqlite"
    )
    assert default_cache_path({"XDG_CACHE_HOME": "/x"}) == Path("/x/refcheck/refcheck.sqlite")


def test_junit_failures_follow_fail_on(env: dict[str, str], tmp_path: Path) -> None:
    """A misspelt second author is a warning: `check` exits 0 at its default `--fail-on
    error`, and its JUnit report failed that citation's test all the same (a red build
    for a run that passed). Now a test fails where the run does."""
    page = tmp_path / "page.md"
    page.write_text(
        "1. Lake BG, Brantam PG, Gangolli SD. Studies on the effects of orally administered "
        "Di-(2-ethylhexyl) phthalate in the ferret. Toxicology. 1976;6(3):341-56. PMID: 996879\n",
        encoding="utf-8",
    )
    outcomes = {}
    for fail_on in ("error", "warning"):
        out = tmp_path / f"{fail_on}.xml"
        r = invoke(["check", str(page), "-f", "junit", "-o", str(out), "--fail-on", fail_on], env)
        root = etree.fromstring(out.read_bytes())
        outcomes[fail_on] = (r.exit_code, root.get("failures"))
    assert outcomes == {"error": (0, "0"), "warning": (1, "1")}


def test_placeholder_email_is_warned_about_only_at_ncbi(env: dict[str, str]) -> None:
    """Without NCBI_EMAIL refcheck sends a placeholder address; NCBI asks for a real one
    and may block a tool it cannot reach. A run that sent requests to NCBI says so; one
    against another E-utilities server (a mirror, this test's) does not."""
    from refcheck.cli import _anonymous_at_ncbi
    from refcheck.config import DEFAULT_EMAIL, Settings

    assert _anonymous_at_ncbi(Settings())
    assert not _anonymous_at_ncbi(Settings(email="webteam@clinic.example.org"))
    assert not _anonymous_at_ncbi(Settings(eutils_url="http://127.0.0.1:8080/eutils/"))
    assert Settings().email == DEFAULT_EMAIL
    r = invoke(["check", SEED_TXT], {**env, "NCBI_EMAIL": ""})
    assert r.exit_code == 0 and "NCBI_EMAIL" not in r.stderr


def test_placeholder_email_warning_only_when_requests_were_sent(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The warning follows the requests: a run answered from the cache sent none."""
    import refcheck.cli

    monkeypatch.setattr(refcheck.cli, "_anonymous_at_ncbi", lambda settings: True)
    first = invoke(["check", SEED_TXT], env)
    again = invoke(["check", SEED_TXT], env)
    assert first.exit_code == again.exit_code == 0
    (warning,) = [line for line in first.stderr.splitlines() if "NCBI_EMAIL" in line]
    assert warning.startswith("refcheck: warning: NCBI_EMAIL is not set")
    assert "NCBI_EMAIL" not in again.stderr


def test_spot_check_warns_about_the_placeholder_email_when_it_asked_ncbi(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`refcheck pmid` asks NCBI too: the first look-up of a PMID sent requests and is
    told; the same look-up again is answered from the cache and is not."""
    import refcheck.cli

    monkeypatch.setattr(refcheck.cli, "_anonymous_at_ncbi", lambda settings: True)
    first = invoke(["pmid", "18349204", "--author", "Eichenberger U"], env)
    again = invoke(["pmid", "18349204", "--author", "Eichenberger U"], env)
    assert first.exit_code == again.exit_code == 0
    (warning,) = [line for line in first.stderr.splitlines() if "NCBI_EMAIL" in line]
    assert warning.startswith("refcheck: warning: NCBI_EMAIL is not set")
    assert "NCBI_EMAIL" not in again.stderr
    # the record alone (no claims) is looked up the same way
    record_only = invoke(["pmid", "996879"], env)
    assert record_only.exit_code == 0
    assert "NCBI_EMAIL is not set" in record_only.stderr
    assert "NCBI_EMAIL" not in invoke(["pmid", "996879"], env).stderr
