"""Run history: one SQLite file (`--db FILE`) that remembers every nightly run.

Each run stores its pages, citations and findings, so a nightly job can say
what is *new since last night* (`mark_new`, `--fail-on-new`), what an editor
fixed (`diff_runs`), and a person can browse the lot with Datasette
(docs/history.md).

A finding's **fingerprint** says "the same problem" across runs. It hashes

    (page source, PMID or "" for page-level, field, severity, subject, occurrence)

where *subject* is the claimed value (whitespace-collapsed, case-folded), or,
when nothing is claimed (a retraction notice), the PubMed value; for a
"reference N is never cited" finding on a citation the subject is empty, since
its claimed value is only the label. *occurrence* numbers identical keys on one
page (a PMID cited twice with the same error), in page order. Labels, line
numbers, messages and suggestions are left out, so renumbering a reference list
or editing another part of the page changes nothing, while changing a wrong
year 2009 into a still wrong 2010 is one fixed and one new finding. Severity is
in: a problem that gets worse (info -> error) counts as new.

Writes happen in one `BEGIN IMMEDIATE` transaction per run (WAL, 30 s busy
timeout), so two runs sharing a file wait for each other instead of failing.
Nothing secret is stored: argv is redacted (`redact_argv`), the environment is
never read.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import sqlite_utils

from refcheck import __version__
from refcheck.errors import ConfigError, RefcheckError
from refcheck.models import (
    CitationResult,
    Field,
    Finding,
    PageResult,
    PersonName,
    RunResult,
    Severity,
    Status,
)
from refcheck.policy import exit_code as policy_exit_code
from refcheck.policy import is_new_problem
from refcheck.sqlite_files import (
    failed_from_its_place,
    may_write,
    open_sqlite,
    place_failure,
)
from refcheck.sqlite_locks import immediate_transaction, while_locked

SCHEMA_VERSION = 2
FINGERPRINT_VERSION = 1
REDACTED = "***"
_BUSY_MS = 30_000
_BASELINE_RUNS = 10  # how far back mark_new looks for a run that really checked a citation

_SECRET_WORDS = frozenset(
    {
        "key",
        "apikey",
        "token",
        "secret",
        "password",
        "passwd",
        "pwd",
        "credential",
        "credentials",
        "auth",
    }
)
_SECRET_PARAM = re.compile(
    r"(?i)([?&;]?[\w.-]*(?:key|token|secret|password|passwd|credential|auth)[\w.-]*=)[^&;#\s]*"
)


class HistoryError(RefcheckError):
    """The history file is unusable, or holds no such run."""


class NoSuchRun(HistoryError, ConfigError):
    """A run number (`diff --run`, `--against`) the history does not hold: a usage error
    (exit code 2), not something that could not be checked."""


class NoHistory(HistoryError, ConfigError):
    """`diff --db FILE` where no history was ever recorded (a mistyped path, a job that
    never ran with `--db`): a usage error too (exit code 2; it was 3, "could not be
    checked", which a nightly job reads as an NCBI outage)."""


# --------------------------------------------------------------------------- rows


@dataclass(frozen=True)
class RunRow:
    """One recorded run, as `list_runs` returns it (newest first)."""

    id: int
    started: float
    finished: float
    duration: float
    version: str
    argv: tuple[str, ...]
    fail_on: str
    exit_code: int
    pages: int
    citations: int
    verified: int
    mismatch: int
    not_found: int
    unverified: int
    page_errors: int
    errors: int
    warnings: int
    infos: int
    waived: int
    new_findings: int | None  # None: the run was not compared with an earlier one


@dataclass(frozen=True)
class DiffRow:
    """A finding as a diff shows it."""

    page: str
    pmid: str | None  # None for page-level findings
    label: str | None
    field: str
    severity: str
    message: str
    waived: bool = False
    fingerprint: str = ""


@dataclass(frozen=True)
class RunDiff:
    """What changed between two runs.

    `unchecked`: findings of the old run whose page or citation the new run could
    not check (read error, NCBI unavailable, page not in the new run). They are
    neither fixed nor still open: nobody knows.
    """

    new_run: int
    old_run: int | None  # None: the new run is the first one
    new: tuple[DiffRow, ...]
    fixed: tuple[DiffRow, ...]
    still_open: tuple[DiffRow, ...]
    unchecked: tuple[DiffRow, ...] = ()
    new_started: float | None = None
    old_started: float | None = None


# --------------------------------------------------------------------------- argv


def _is_secret_option(option: str) -> bool:
    name = option.lstrip("-").lower()
    if not name or not option.startswith("-"):
        return False
    parts = re.split(r"[-_.]", name)
    return any(p in _SECRET_WORDS for p in parts) or name.replace("-", "").replace(
        "_", ""
    ).endswith(("apikey", "token", "secret", "password"))


def _redact_text(arg: str) -> str:
    """Hide `api_key=...`-style query parameters and `user:password@` in URLs."""
    arg = _SECRET_PARAM.sub(lambda m: m.group(1) + REDACTED, arg)
    if "://" in arg and "@" in arg:
        try:
            parts = urlsplit(arg)
        except ValueError:
            return arg
        if parts.password is not None or parts.username is not None:
            host = parts.netloc.rsplit("@", 1)[1]
            arg = urlunsplit(parts._replace(netloc=f"{REDACTED}@{host}"))
    return arg


def redact_argv(argv: Sequence[str]) -> list[str]:
    """argv with the value of every key/token/secret/password option replaced by `***`.

    Handles `--api-key=abc`, `--api-key abc`, `-k` is left alone (no name to judge);
    URL query parameters such as `api_key=...` and URL credentials are hidden too.
    """
    out: list[str] = []
    hide_next = False
    for arg in argv:
        if hide_next:
            out.append(REDACTED)
            hide_next = False
            continue
        if arg.startswith("-") and "=" in arg:
            option, _, _value = arg.partition("=")
            if _is_secret_option(option):
                out.append(f"{option}={REDACTED}")
                continue
        elif _is_secret_option(arg):
            out.append(arg)
            hide_next = True
            continue
        out.append(_redact_text(arg))
    return out


# --------------------------------------------------------------------------- fingerprints


def value_text(value: object) -> str | None:
    """A claimed/actual value as one line of text (what the tables store)."""
    if value is None:
        return None
    if isinstance(value, PersonName):
        return value.display()
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, Iterable):
        parts = (value_text(v) for v in value)
        return "; ".join(p for p in parts if p)
    return str(value)


def _subject(finding: Finding, on_citation: bool, claimed: str | None, actual: str | None) -> str:
    if finding.field is Field.REFERENCE and on_citation:
        return ""  # "reference 4 is never cited": the claimed value is the label
    text = claimed if claimed is not None else actual
    return (text or "").casefold()


def stored(text: str) -> str:
    """Text as SQLite can hold it: a file name that is not UTF-8 reaches Python as lone
    surrogates, which SQLite refuses; they are kept as escapes (`\\udcff`), the same
    ones every run, so the page keeps its history."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def _fingerprint(
    source: str, pmid: str | None, field: str, severity: str, subject: str, occurrence: int
) -> str:
    key = [
        FINGERPRINT_VERSION,
        stored(source).strip(),
        pmid or "",
        field,
        severity,
        subject,
        occurrence,
    ]
    raw = json.dumps(key, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:24]


def fingerprint(source: str, pmid: str | None, finding: Finding, occurrence: int = 0) -> str:
    """The fingerprint of one finding (see the module docstring for the rule)."""
    subject = _subject(
        finding, pmid is not None, value_text(finding.claimed), value_text(finding.actual)
    )
    return _fingerprint(
        source, pmid, finding.field.value, finding.severity.value, subject, occurrence
    )


def page_findings(page: PageResult) -> list[tuple[CitationResult | None, Finding, str]]:
    """Every finding of a page, page-level first, with its fingerprint."""
    pairs: list[tuple[CitationResult | None, Finding]] = [(None, f) for f in page.findings]
    pairs += [(c, f) for c in page.citations for f in c.findings]
    seen: dict[str, int] = {}
    out: list[tuple[CitationResult | None, Finding, str]] = []
    for cit, f in pairs:
        pmid = cit.citation.pmid if cit else None
        base = fingerprint(page.source, pmid, f)
        n = seen.get(base, 0)
        seen[base] = n + 1
        out.append((cit, f, base if n == 0 else fingerprint(page.source, pmid, f, n)))
    return out


# --------------------------------------------------------------------------- schema


def _migrate_to_1(db: sqlite_utils.Database) -> None:
    db.execute(
        """CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            started TEXT NOT NULL,
            finished TEXT NOT NULL,
            duration REAL NOT NULL,
            started_ts REAL NOT NULL,
            finished_ts REAL NOT NULL,
            version TEXT NOT NULL,
            argv TEXT NOT NULL,
            fail_on TEXT NOT NULL,
            exit_code INTEGER NOT NULL,
            pages INTEGER NOT NULL,
            citations INTEGER NOT NULL,
            verified INTEGER NOT NULL,
            mismatch INTEGER NOT NULL,
            not_found INTEGER NOT NULL,
            unverified INTEGER NOT NULL,
            page_errors INTEGER NOT NULL,
            errors INTEGER NOT NULL,
            warnings INTEGER NOT NULL,
            infos INTEGER NOT NULL,
            waived INTEGER NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE pages (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            source TEXT NOT NULL,
            url TEXT,
            error TEXT,
            citation_count INTEGER NOT NULL,
            finding_count INTEGER NOT NULL
        )"""
    )
    db.execute(
        """CREATE TABLE citations (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            page_id INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
            page TEXT NOT NULL,
            pmid TEXT NOT NULL,
            label TEXT,
            line INTEGER,
            status TEXT NOT NULL,
            reason TEXT,
            claimed_authors TEXT,
            claimed_year INTEGER,
            claimed_journal TEXT,
            claimed_title TEXT,
            record_first_author TEXT,
            record_year INTEGER,
            record_journal TEXT,
            record_title TEXT
        )"""
    )
    db.execute(
        """CREATE TABLE findings (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
            page_id INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
            citation_id INTEGER REFERENCES citations(id) ON DELETE CASCADE,
            page TEXT NOT NULL,
            pmid TEXT,
            label TEXT,
            field TEXT NOT NULL,
            severity TEXT NOT NULL,
            message TEXT NOT NULL,
            claimed TEXT,
            actual TEXT,
            suggestion TEXT,
            waived INTEGER NOT NULL DEFAULT 0,
            fingerprint TEXT NOT NULL
        )"""
    )
    for sql in (
        "CREATE INDEX pages_run ON pages(run_id)",
        "CREATE INDEX pages_source ON pages(source, run_id)",
        "CREATE INDEX citations_run_page ON citations(run_id, page)",
        "CREATE INDEX citations_page_id ON citations(page_id)",
        "CREATE INDEX citations_pmid ON citations(pmid)",
        "CREATE INDEX findings_run_page ON findings(run_id, page)",
        "CREATE INDEX findings_page_id ON findings(page_id)",
        "CREATE INDEX findings_citation_id ON findings(citation_id)",
    ):
        db.execute(sql)


def _migrate_to_2(db: sqlite_utils.Database) -> None:
    """v2: who waived what and why, "new since the previous run", fingerprint index."""
    db.execute("ALTER TABLE findings ADD COLUMN waiver_reason TEXT")
    db.execute("ALTER TABLE findings ADD COLUMN is_new INTEGER")
    db.execute("ALTER TABLE runs ADD COLUMN new_findings INTEGER")
    db.execute("CREATE INDEX findings_fingerprint ON findings(fingerprint)")
    db.execute(
        "CREATE VIEW latest_findings AS SELECT * FROM findings "
        "WHERE run_id = (SELECT MAX(id) FROM runs)"
    )


MIGRATIONS: dict[int, Callable[[sqlite_utils.Database], None]] = {
    1: _migrate_to_1,
    2: _migrate_to_2,
}


def schema_version(db: sqlite_utils.Database) -> int:
    if "history_meta" not in db.table_names():
        return 0
    row = db.execute("SELECT value FROM history_meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 0


def _readable_version(db: sqlite_utils.Database) -> int:
    """The file's schema version, if this refcheck can read a history of that version."""
    tables = set(db.table_names())
    if tables and "history_meta" not in tables:
        raise HistoryError("the file holds other tables than a refcheck history")
    version = schema_version(db)
    if version > SCHEMA_VERSION:
        raise HistoryError(
            f"schema version {version} is newer than this refcheck ({SCHEMA_VERSION}) understands"
        )
    return version


def migrate(db: sqlite_utils.Database, target: int = SCHEMA_VERSION) -> int:
    """Bring the file up to `target`, one step (one transaction) at a time."""
    version = _readable_version(db)
    for step in range(version + 1, target + 1):
        with immediate_transaction(db.conn):
            if schema_version(db) >= step:
                continue  # another run took this step while this one waited for the lock
            db.execute("CREATE TABLE IF NOT EXISTS history_meta (key TEXT PRIMARY KEY, value TEXT)")
            MIGRATIONS[step](db)
            db.execute(
                "INSERT OR REPLACE INTO history_meta (key, value) VALUES ('schema_version', ?)",
                [str(step)],
            )
    return max(version, target)


def connect(
    db_path: Path | str, *, target: int = SCHEMA_VERSION, read_only: bool = False
) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate a history file; `read_only`: open it as it is,
    changing nothing (a history that needs migrating then cannot be read)."""
    path = Path(db_path)
    if not read_only and path.exists() and not may_write(path):
        raise HistoryError(f"{path}: cannot be written here (read-only)")
    try:
        conn = _open(path, read_only)
    except (OSError, sqlite3.Error) as exc:
        raise HistoryError(f"{path}: cannot open the history file ({exc})") from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
        db = sqlite_utils.Database(conn, execute_plugins=False)  # see RecordCache
        if read_only:
            _as_it_is(db, target)
        else:
            while_locked(lambda: conn.execute("PRAGMA journal_mode = WAL"))
            conn.execute("PRAGMA foreign_keys = ON")
            migrate(db, target)
    except HistoryError as exc:
        conn.close()
        raise HistoryError(f"{path}: {exc}") from None
    except sqlite3.Error as exc:
        conn.close()
        if failed_from_its_place(exc):  # a full disk, a lock: the file may be sound
            raise HistoryError(place_failure(path, exc, "history")) from None
        raise HistoryError(f"{path} is not a usable refcheck history ({exc})") from None
    return db


def _open(path: Path, read_only: bool) -> sqlite3.Connection:
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    return open_sqlite(path, read_only=read_only, timeout=_BUSY_MS / 1000, isolation_level=None)


def _as_it_is(db: sqlite_utils.Database, target: int) -> None:
    """Check that a file opened read-only can be read without migrating it."""
    version = _readable_version(db)
    if version < target:
        raise HistoryError(
            f"schema version {version} must be upgraded to {target}, and the file cannot be "
            "written here (read-only): run `refcheck history` once where it can be"
        )


def _open_existing(db_path: Path | str) -> sqlite_utils.Database | None:
    """The history to read, if there is one: read-only where it cannot be written (a shared
    copy, a read-only mount), so `history` and `diff` still answer there."""
    path = Path(db_path)
    if not path.exists():
        return None
    return connect(path, read_only=not may_write(path))


# --------------------------------------------------------------------------- writing


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _insert(db: sqlite_utils.Database, table: str, row: dict[str, Any]) -> int:
    cols = ", ".join(row)
    marks = ", ".join("?" * len(row))
    cur = db.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", list(row.values()))
    rowid = cur.lastrowid
    assert rowid is not None
    return int(rowid)


def _citation_row(run_id: int, page_id: int, page: PageResult, c: CitationResult) -> dict[str, Any]:
    claim = c.citation.claim
    rec = c.record
    first = rec.first_author if rec else None
    return {
        "run_id": run_id,
        "page_id": page_id,
        "page": stored(page.source),
        "pmid": c.citation.pmid,
        "label": c.citation.label,
        "line": c.citation.line,
        "status": c.status.value,
        "reason": c.reason,
        "claimed_authors": "; ".join(claim.authors) or None,
        "claimed_year": claim.year,
        "claimed_journal": claim.journal,
        "claimed_title": claim.title,
        "record_first_author": first.display() if first else None,
        "record_year": rec.pub_year if rec else None,
        "record_journal": (rec.journal_title or rec.iso_abbreviation or None) if rec else None,
        "record_title": rec.title if rec else None,
    }


def record_run(
    db_path: Path | str,
    result: RunResult,
    *,
    started: float,
    finished: float,
    argv: Sequence[str],
    fail_on: str,
    exit_code: int | None = None,
) -> int:
    """Store one run in one transaction; returns its id.

    `exit_code` defaults to `policy.exit_code(result, fail_on)`; pass the code the
    CLI really used when it differs (`--fail-on-new`).
    """
    code = int(exit_code if exit_code is not None else policy_exit_code(result, fail_on))
    s = result.summary()
    all_findings = [f for p in result.pages for _c, f, _fp in page_findings(p)]
    # as `refcheck diff` counts them: a new information note needs no fix; None where the
    # run was compared with no earlier one
    compared = any(f.new is not None for f in all_findings)
    new_problems = sum(1 for f in all_findings if is_new_problem(f))
    db = connect(db_path)
    try:
        with immediate_transaction(db.conn):
            run_id = _insert(
                db,
                "runs",
                {
                    "started": _iso(started),
                    "finished": _iso(finished),
                    "duration": round(max(finished - started, 0.0), 3),
                    "started_ts": started,
                    "finished_ts": finished,
                    "version": __version__,
                    "argv": stored(json.dumps(redact_argv(argv), ensure_ascii=False)),
                    "fail_on": fail_on,
                    "exit_code": code,
                    **asdict(s),
                    "waived": sum(1 for f in all_findings if f.waived),
                    "new_findings": new_problems if compared else None,
                },
            )
            for page in result.pages:
                _record_page(db, run_id, page)
    except sqlite3.Error as exc:
        raise HistoryError(f"{db_path}: cannot record the run ({exc})") from None
    finally:
        db.conn.close()
    return run_id


def _record_page(db: sqlite_utils.Database, run_id: int, page: PageResult) -> None:
    found = page_findings(page)
    page_id = _insert(
        db,
        "pages",
        {
            "run_id": run_id,
            "source": stored(page.source),
            "url": page.url,
            "error": page.error,
            "citation_count": len(page.citations),
            "finding_count": len(found),
        },
    )
    cit_ids: dict[int, int] = {}
    for c in page.citations:
        cit_ids[id(c)] = _insert(db, "citations", _citation_row(run_id, page_id, page, c))
    rows = []
    for cit, f, fp in found:
        rows.append(
            (
                run_id,
                page_id,
                cit_ids[id(cit)] if cit else None,
                stored(page.source),
                cit.citation.pmid if cit else None,
                cit.citation.label if cit else None,
                f.field.value,
                f.severity.value,
                f.message,
                value_text(f.claimed),
                value_text(f.actual),
                f.suggestion,
                int(f.waived),
                fp,
                f.waiver_reason,
                None if f.new is None else int(f.new),
            )
        )
    db.conn.executemany(
        "INSERT INTO findings (run_id, page_id, citation_id, page, pmid, label, field, severity,"
        " message, claimed, actual, suggestion, waived, fingerprint, waiver_reason, is_new)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        rows,
    )


# --------------------------------------------------------------------------- new since last run


def _with_new(page: PageResult, flags: Iterator[bool | None]) -> PageResult:
    """The page with each finding's `new` taken from `flags` (page_findings order)."""
    page_level = tuple(replace(f, new=next(flags)) for f in page.findings)
    cits = tuple(
        replace(c, findings=tuple(replace(f, new=next(flags)) for f in c.findings))
        for c in page.citations
    )
    return replace(page, findings=page_level, citations=cits)


def mark_new(result: RunResult, db_path: Path | str) -> RunResult:
    """The result with `Finding.new` set by comparing with earlier runs in the history.

    For each page the baseline is the latest earlier run that read it without
    error; for a citation, the latest such run (of the last few) where that PMID
    on that page was really checked (not `unverified`), so one NCBI outage does
    not make every old problem look new. A page no earlier run read: all new.
    No earlier run at all (or no file): `new` stays None.
    """
    db = _open_existing(db_path)
    if db is None:
        return _mark_all(result, None)
    try:
        if db.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 0:
            return _mark_all(result, None)
        pages = tuple(
            _with_new(page, iter(_page_flags(db, page))) if not page.error else page
            for page in result.pages
        )
    finally:
        db.conn.close()
    return replace(result, pages=pages)


def _mark_all(result: RunResult, value: bool | None) -> RunResult:
    pages = []
    for page in result.pages:
        n = len(page.findings) + sum(len(c.findings) for c in page.citations)
        pages.append(_with_new(page, iter([value] * n)))
    return replace(result, pages=tuple(pages))


def _page_flags(db: sqlite_utils.Database, page: PageResult) -> list[bool | None]:
    found = page_findings(page)
    runs = [
        int(r[0])
        for r in db.execute(
            "SELECT run_id FROM pages WHERE source = ? AND error IS NULL "
            "ORDER BY run_id DESC LIMIT ?",
            [stored(page.source), _BASELINE_RUNS],
        ).fetchall()
    ]
    if not runs:
        return [True] * len(found)
    marks = ",".join("?" * len(runs))
    fps: dict[int, set[str]] = {r: set() for r in runs}
    for run_id, fp in db.execute(
        f"SELECT run_id, fingerprint FROM findings WHERE page = ? AND run_id IN ({marks})",
        [stored(page.source), *runs],
    ).fetchall():
        fps[int(run_id)].add(fp)
    unchecked: dict[int, set[str]] = {r: set() for r in runs}
    for run_id, pmid in db.execute(
        f"SELECT run_id, pmid FROM citations WHERE page = ? AND status = ? AND run_id IN ({marks})",
        [stored(page.source), Status.UNVERIFIED.value, *runs],
    ).fetchall():
        unchecked[int(run_id)].add(pmid)
    flags: list[bool | None] = []
    for cit, _f, fp in found:
        if cit is None:
            base: int | None = runs[0]
        else:
            pmid = cit.citation.pmid
            base = next((r for r in runs if pmid not in unchecked[r]), None)
        flags.append(True if base is None else fp not in fps[base])
    return flags


# --------------------------------------------------------------------------- reading


def _runs_exist(db_path: Path | str) -> sqlite_utils.Database:
    db = _open_existing(db_path)
    if db is None:
        raise NoHistory(f"{db_path}: no run history there yet (record one with --db)")
    return db


def list_runs(db_path: Path | str, limit: int = 20) -> list[RunRow]:
    """The latest runs, newest first. A missing file has no runs."""
    db = _open_existing(db_path)
    if db is None:
        return []
    try:
        rows = db.execute(
            "SELECT id, started_ts, finished_ts, duration, version, argv, fail_on, exit_code,"
            " pages, citations, verified, mismatch, not_found, unverified, page_errors,"
            " errors, warnings, infos, waived, new_findings"
            " FROM runs ORDER BY id DESC LIMIT ?",
            [limit],
        ).fetchall()
    finally:
        db.conn.close()
    return [
        RunRow(
            id=r[0],
            started=r[1],
            finished=r[2],
            duration=r[3],
            version=r[4],
            argv=tuple(json.loads(r[5])),
            fail_on=r[6],
            exit_code=r[7],
            pages=r[8],
            citations=r[9],
            verified=r[10],
            mismatch=r[11],
            not_found=r[12],
            unverified=r[13],
            page_errors=r[14],
            errors=r[15],
            warnings=r[16],
            infos=r[17],
            waived=r[18],
            new_findings=r[19],
        )
        for r in rows
    ]


def _run_started(db: sqlite_utils.Database, run_id: int) -> float:
    row = db.execute("SELECT started_ts FROM runs WHERE id = ?", [run_id]).fetchone()
    if row is None:
        raise NoSuchRun(f"there is no run {run_id} in the history")
    return float(row[0])


def _diff_rows(db: sqlite_utils.Database, run_id: int) -> dict[str, DiffRow]:
    rows = db.execute(
        "SELECT page, pmid, label, field, severity, message, waived, fingerprint"
        " FROM findings WHERE run_id = ? ORDER BY id",
        [run_id],
    ).fetchall()
    return {r[7]: DiffRow(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), r[7]) for r in rows}


def _sorted(rows: Iterable[DiffRow]) -> tuple[DiffRow, ...]:
    def key(r: DiffRow) -> tuple[str, str, int, str, str]:
        rank = Severity(r.severity).rank if r.severity in Severity._value2member_map_ else -1
        return (r.page, r.pmid or "", -rank, r.field, r.fingerprint)

    return tuple(sorted(rows, key=key))


def diff_runs(
    db_path: Path | str, *, new_run: int | None = None, old_run: int | None = None
) -> RunDiff:
    """New, fixed and still-open findings between two runs (default: the last two).

    A finding of the old run counts as fixed only if the new run read its page
    and really checked its citation; otherwise it is `unchecked`.
    """
    db = _runs_exist(db_path)
    try:
        if new_run is None:
            row = db.execute("SELECT MAX(id) FROM runs").fetchone()
            if row[0] is None:
                raise HistoryError(f"{db_path}: no runs recorded yet")
            new_run = int(row[0])
        new_started = _run_started(db, new_run)
        if old_run is None:
            row = db.execute("SELECT MAX(id) FROM runs WHERE id < ?", [new_run]).fetchone()
            old_run = None if row[0] is None else int(row[0])
        current = _diff_rows(db, new_run)
        if old_run is None:
            return RunDiff(new_run, None, _sorted(current.values()), (), (), (), new_started)
        old_started = _run_started(db, old_run)
        before = _diff_rows(db, old_run)
        read_ok = {
            r[0]
            for r in db.execute(
                "SELECT source FROM pages WHERE run_id = ? AND error IS NULL", [new_run]
            ).fetchall()
        }
        unverified = {
            (r[0], r[1])
            for r in db.execute(
                "SELECT page, pmid FROM citations WHERE run_id = ? AND status = ?",
                [new_run, Status.UNVERIFIED.value],
            ).fetchall()
        }
    finally:
        db.conn.close()
    fixed: list[DiffRow] = []
    unchecked: list[DiffRow] = []
    for fp, row in before.items():
        if fp in current:
            continue
        checked = row.page in read_ok and (
            row.pmid is None or (row.page, row.pmid) not in unverified
        )
        (fixed if checked else unchecked).append(row)
    return RunDiff(
        new_run=new_run,
        old_run=old_run,
        new=_sorted(r for fp, r in current.items() if fp not in before),
        fixed=_sorted(fixed),
        still_open=_sorted(r for fp, r in current.items() if fp in before),
        unchecked=_sorted(unchecked),
        new_started=new_started,
        old_started=old_started,
    )
