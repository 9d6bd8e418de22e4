"""Cache integrity: killed writers, concurrent runs, bad files, schema migration."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from processes import run_together
from refcheck import frozen_blob
from refcheck.cache import _MIGRATIONS, SCHEMA_VERSION, RecordCache, _migrate_to_1
from refcheck.errors import CacheError
from refcheck.eutils.parse import record_from_raw
from refcheck.serialize import record_to_dict
from test_faults import PAGE, RECORDS, RecordingFake, cli_env, run_cli

ROOT = Path(__file__).resolve().parent.parent

WRITER = textwrap.dedent(
    """
    import sys
    from refcheck.cache import RecordCache
    from refcheck.models import PersonName, PubMedRecord
    path, start, step, batches = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    cache = RecordCache(path)
    n = start
    first = True
    while True:
        batch = {}
        for i in range(200):
            pmid = str(n)
            batch[pmid] = PubMedRecord(pmid=pmid, title="T" * 500 + pmid,
                                       authors=(PersonName("Smith", "J"),), pub_year=2000)
            n += step
        cache.put_records(batch, {p: b"<PubmedArticle>" + p.encode() + b"</PubmedArticle>"
                                  for p in batch})
        if first:
            print("ready", flush=True)
            first = False
        batches -= 1
        if batches == 0:
            break
    print("done", flush=True)
    """
)


def _writer(path: Path, start: int, step: int = 1, batches: int = -1) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(start), str(step), str(batches)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _all_rows_parse(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = conn.execute("SELECT pmid, found, record, xml FROM records").fetchall()
    finally:
        conn.close()
    for pmid, found, record, xml in rows:
        assert found == 1
        rec = frozen_blob.loads(record)
        assert rec.pmid == pmid and rec.title.endswith(pmid)
        assert xml == b"<PubmedArticle>" + pmid.encode() + b"</PubmedArticle>"
    return len(rows)


def test_sigkill_mid_write_leaves_a_usable_cache(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    proc = _writer(path, 1_000_000)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    time.sleep(0.3)  # let it get well into later batches
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    count = _all_rows_parse(path)
    assert count >= 200 and count % 200 == 0, "a batch was only partly written"
    with RecordCache(path) as cache:  # reopens (WAL recovery) and keeps working
        got = cache.get_many(["1000000", "1000199"])
        assert got["1000000"].record is not None
        cache.put_not_found(["42"])
        assert cache.info().records == count


def test_two_writers_share_one_cache(tmp_path: Path) -> None:
    """Concurrent writers interleave transactions (WAL + busy timeout): no 'database is locked'."""
    path = tmp_path / "cache.sqlite"
    RecordCache(path).close()
    procs = [_writer(path, start, step=2, batches=11) for start in (1, 2)]
    for p in procs:
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
        assert out.splitlines()[-1] == "done"
    assert _all_rows_parse(path) == 2 * 11 * 200


def test_two_refcheck_runs_share_one_cache(tmp_path: Path) -> None:
    cache = tmp_path / "shared.sqlite"
    pages = []
    for name in ("a", "b"):
        page = tmp_path / f"{name}.txt"
        page.write_text(PAGE, encoding="utf-8")
        pages.append(page)
    with RecordingFake(RECORDS, rate_limit=None) as server:
        env = cli_env(server, cache)
        procs = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "refcheck",
                    "check",
                    str(p),
                    "--format",
                    "json",
                    "--no-suggest",
                ],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for p in pages
        ]
        for p in procs:
            out, err = p.communicate(timeout=60)
            assert p.returncode == 1, err  # the unknown PMID is a real finding
            assert "Traceback" not in err
            summary = json.loads(out)["summary"]
            assert summary["verified"] == 4 and summary["not_found"] == 1
    conn = sqlite3.connect(cache)
    try:
        rows = dict(conn.execute("SELECT pmid, found FROM records").fetchall())
    finally:
        conn.close()
    assert rows == {"18349204": 1, "27737513": 1, "30349693": 1, "99598": 1, "39999999": 0}


# --------------------------------------------------------------------------- bad cache files


def _garbage(path: Path) -> None:
    path.write_bytes(b"this is not a database\x00" * 200)


def _foreign(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL)")
    conn.commit()
    conn.close()


def _truncated(path: Path) -> None:
    with RecordCache(path) as cache:
        from refcheck.models import PubMedRecord

        cache.put_records(
            {str(i): PubMedRecord(pmid=str(i), title="x" * 300, authors=()) for i in range(1, 400)}
        )
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _newer(path: Path) -> None:
    RecordCache(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE refcheck_meta SET value = '99' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()


@dataclass(frozen=True)
class BadCache:
    id: str
    tried: str
    make: Callable[[Path], None]


BAD_CACHES = [
    BadCache("garbage-bytes", "cache file holds random bytes", _garbage),
    BadCache("foreign-sqlite", "cache file is another program's SQLite database", _foreign),
    BadCache("truncated-sqlite", "cache file cut to a third of its size", _truncated),
    BadCache("newer-schema", "cache written by a newer refcheck (schema 99)", _newer),
]


@pytest.mark.parametrize("case", BAD_CACHES, ids=[c.id for c in BAD_CACHES])
def test_bad_cache_file_gives_one_line_and_a_way_out(case: BadCache, tmp_path: Path) -> None:
    cache = tmp_path / "cache.sqlite"
    case.make(cache)
    page = tmp_path / "p.txt"
    page.write_text(PAGE, encoding="utf-8")
    with RecordingFake(RECORDS, rate_limit=None) as server:
        env = cli_env(server, cache)
        commands = [["check", str(page), "--format", "json", "--no-suggest"]]
        if case.id == "garbage-bytes":
            commands.append(["cache", "info"])
        # a file that is not SQLite, or holds other tables, may be someone else's: named,
        # never offered to `cache clear` (test_someone_elses_file_at_the_cache_path_...)
        ours = case.id not in ("garbage-bytes", "foreign-sqlite")
        for args in commands:
            proc = run_cli(args, env)
            assert proc.returncode in (2, 3), proc.stderr
            lines = proc.stderr.strip().splitlines()
            assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
            assert ("refcheck cache clear" in lines[0]) is ours
            assert ours or "give the cache a path of its own" in lines[0]
            assert "internal error" not in lines[0]
        cleared = run_cli(["cache", "clear"], env)
        assert cleared.returncode == (0 if ours else 2), cleared.stderr  # a wrong setting
        assert cache.exists() is not ours
        if not ours:
            cache.unlink()  # as its owner would, once told
            again = run_cli(["check", str(page), "--format", "json", "--no-suggest"], env)
            assert again.returncode == 1, again.stderr
            assert json.loads(again.stdout)["summary"]["verified"] == 4


def _failing(monkeypatch: pytest.MonkeyPatch, statement: str, error: str) -> None:
    """Every SQLite connection opened from now on fails `statement` with `error`, as a full
    disk or a lock makes it fail on a sound file (opening a WAL file grows its -shm index)."""

    class Failing(sqlite3.Connection):
        def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
            if sql.startswith(statement):
                raise sqlite3.OperationalError(error)
            return super().execute(sql, *args)

    real = sqlite3.connect

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        return real(*args, **{**kwargs, "factory": Failing})

    monkeypatch.setattr(sqlite3, "connect", connect)


@pytest.mark.parametrize(
    ("error", "says"),
    [
        ("database or disk is full", "the disk is full (free some space and run again)"),
        ("disk I/O error", "disk I/O error (a failing disk? the file may be sound)"),
    ],
    ids=["disk-full", "io-error"],
)
def test_a_full_disk_never_gets_a_sound_cache_cleared(
    error: str, says: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk when opening a sound cache was "not a usable refcheck cache; remove it
    with `refcheck cache clear`": following the advice lost the cache."""
    from typer.testing import CliRunner

    from refcheck.cli import app

    cache = tmp_path / "cache.sqlite"
    RecordCache(cache).close()
    _failing(monkeypatch, "PRAGMA journal_mode", error)
    result = CliRunner().invoke(app, ["cache", "info"], env={"REFCHECK_CACHE": str(cache)})
    assert result.exit_code == 3
    (line,) = result.stderr.strip().splitlines()
    assert line == f"refcheck: {cache}: cannot use the cache: {says}"
    assert cache.exists()


def test_a_full_disk_is_not_called_a_bad_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from refcheck.history import HistoryError, connect, list_runs

    runs = tmp_path / "runs.db"
    connect(runs).conn.close()
    _failing(monkeypatch, "PRAGMA journal_mode", "database or disk is full")
    with pytest.raises(HistoryError) as caught:
        list_runs(runs)
    assert str(caught.value) == (
        f"{runs}: cannot use the history: the disk is full (free some space and run again)"
    )


def test_cache_clear_keeps_a_file_it_cannot_read_now(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a full disk another program's WAL-mode database cannot be opened either; taken
    for a damaged cache, `cache clear` deleted it."""
    from refcheck.cache import clear_cache

    theirs = tmp_path / "theirs.db"
    _foreign(theirs)
    _failing(monkeypatch, "SELECT name FROM sqlite_master", "disk I/O error")
    with pytest.raises(CacheError, match=r"cannot be read now .* not removed"):
        clear_cache(theirs)
    assert theirs.exists()


def test_library_raises_cache_error_not_sqlite_error(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    _garbage(path)
    with pytest.raises(CacheError, match="not a SQLite file, not a refcheck cache"):
        RecordCache(path)


# --------------------------------------------------------------------------- migration


def test_v1_cache_is_migrated_to_current_schema(tmp_path: Path) -> None:
    """A cache written by schema 1 (no fetched_at index) is upgraded in place, data kept."""
    assert SCHEMA_VERSION >= 2 and set(_MIGRATIONS) == set(range(1, SCHEMA_VERSION + 1))
    path = tmp_path / "old.sqlite"
    from refcheck.fake_eutils.store import RecordStore

    raw = RecordStore.from_dir(RECORDS).get("18349204")
    assert raw is not None
    import sqlite_utils

    db = sqlite_utils.Database(path)
    db.execute("CREATE TABLE refcheck_meta (key TEXT PRIMARY KEY, value TEXT)")
    _migrate_to_1(db)
    db.execute("INSERT INTO refcheck_meta VALUES ('schema_version', '1')")
    old = record_from_raw(raw)
    record_json = json.dumps(record_to_dict(replace(old, title="Old row.")))
    db.execute(
        "INSERT INTO records VALUES ('18349204', 1, NULL, ?, 1, 1000.0, 'eutils')", [record_json]
    )
    db.execute("INSERT INTO records VALUES ('39999999', 0, NULL, NULL, 1, 1000.0, 'eutils')")
    db.conn.commit()
    db.conn.close()
    with RecordCache(path) as cache:
        got = cache.get_many(["18349204", "39999999"])
        assert got["18349204"].record is not None and got["18349204"].record.title == "Old row."
        assert got["39999999"].record is None
        assert cache.info().schema_version == SCHEMA_VERSION
    conn = sqlite3.connect(path)
    try:
        version = conn.execute(
            "SELECT value FROM refcheck_meta WHERE key='schema_version'"
        ).fetchone()
        indexes = {r[1] for r in conn.execute("PRAGMA index_list(records)")}
        plan = " ".join(
            str(r) for r in conn.execute("EXPLAIN QUERY PLAN SELECT MIN(fetched_at) FROM records")
        )
    finally:
        conn.close()
    assert version == (str(SCHEMA_VERSION),)
    assert "records_fetched_at" in indexes
    assert "records_fetched_at" in plan


def test_migration_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    for _ in range(3):
        RecordCache(path).close()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT COUNT(*) FROM refcheck_meta").fetchone() == (1,)
    finally:
        conn.close()


OPENER = textwrap.dedent(
    """
    import sys
    from refcheck.cache import RecordCache
    with RecordCache(sys.argv[1]) as cache:
        cache.put_memos({})
        print(cache.info().schema_version)
    """
)


def test_runs_starting_together_on_a_new_cache_all_open_it(tmp_path: Path) -> None:
    """Creating the file and its tables is one run's at a time (the others wait, then find it
    done): two runs of a nightly job and an editor's spot check may start at the same moment."""
    for attempt in range(3):
        outs = run_together(OPENER, str(tmp_path / f"new{attempt}.sqlite"))
        assert outs == [str(SCHEMA_VERSION)] * 8


def test_a_failed_migration_leaves_the_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "c.sqlite"
    RecordCache(path).close()
    conn = sqlite3.connect(path)
    conn.execute(
        "UPDATE refcheck_meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION - 1)]
    )
    conn.execute("DROP TABLE memo")
    conn.commit()
    conn.close()

    def broken(db: object) -> None:
        db.execute("CREATE TABLE memo (key TEXT PRIMARY KEY)")  # type: ignore[attr-defined]
        raise sqlite3.DatabaseError("disk trouble halfway")

    monkeypatch.setitem(_MIGRATIONS, SCHEMA_VERSION, broken)
    with pytest.raises(CacheError, match="disk trouble"):
        RecordCache(path)
    conn = sqlite3.connect(path)
    try:
        version = conn.execute("SELECT value FROM refcheck_meta").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()
    assert version == str(SCHEMA_VERSION - 1) and "memo" not in tables  # rolled back whole
    monkeypatch.undo()
    with RecordCache(path) as cache:  # and the next run migrates it properly
        assert cache.info().schema_version == SCHEMA_VERSION


def test_unreadable_row_is_a_miss_and_is_refetched(tmp_path: Path) -> None:
    """A row whose JSON no longer parses (hand edit, old bug) is re-fetched, not a crash."""
    from test_faults import ALL_OK, run_pipeline, statuses

    path = tmp_path / "c.sqlite"
    RecordCache(path).close()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO records VALUES ('18349204', 1, NULL, '{\"pmid\": \"18349204\"', 2, ?, 'eutils')",
        [time.time()],
    )
    conn.execute(
        "INSERT INTO records VALUES ('27737513', 1, NULL, '{\"pmid\": \"27737513\"}', 2, ?, 'eutils')",
        [time.time()],
    )
    conn.commit()
    conn.close()
    with RecordCache(path) as cache:
        assert cache.get_many(["18349204", "27737513"]) == {}
    page = tmp_path / "p.txt"
    page.write_text(PAGE, encoding="utf-8")
    with RecordingFake(RECORDS, rate_limit=None) as server:
        assert statuses(run_pipeline(server, page, path)) == ALL_OK
        assert server.stats.efetch_ids[0][:2] == ["18349204", "27737513"]
    with RecordCache(path) as cache:
        assert cache.get_many(["18349204"])["18349204"].record is not None


def _check_info_clear(
    tmp_path: Path, cache: Path
) -> Iterator[tuple[list[str], subprocess.CompletedProcess[str]]]:
    """`check`, `cache info` and `cache clear` run in turn against this cache path."""
    page = tmp_path / "p.txt"
    page.write_text(PAGE, encoding="utf-8")
    with RecordingFake(RECORDS, rate_limit=None) as server:
        env = cli_env(server, cache)
        for args in (["check", str(page), "--no-suggest"], ["cache", "info"], ["cache", "clear"]):
            yield args, run_cli(args, env)


@pytest.mark.parametrize(
    ("where", "says"),
    [
        ("folder", "is a folder, not a cache file"),
        ("under-a-file", "cannot create its folder"),
    ],
)
def test_a_cache_path_that_cannot_be_a_file_gives_one_line_and_removes_nothing(
    where: str, says: str, tmp_path: Path
) -> None:
    """A folder given as the cache (or a path under a file): one line saying so, not an
    internal error, and `cache clear` never deletes a folder."""
    if where == "folder":
        cache = tmp_path / "cache"
        cache.mkdir()
        (cache / "keep.txt").write_text("someone's file")
    else:
        (tmp_path / "plain").write_text("a file, not a folder")
        cache = tmp_path / "plain" / "cache.sqlite"
    for args, proc in _check_info_clear(tmp_path, cache):
        lines = proc.stderr.strip().splitlines()
        if where == "under-a-file" and args[0] == "cache":
            assert proc.returncode == 0 and "no cache at" in proc.stdout  # nothing there
            continue
        # a folder is a wrong setting (2); a folder that cannot be made may be the disk's (3)
        assert proc.returncode == (2 if where == "folder" else 3), proc.stderr
        assert len(lines) == 1 and says in lines[0], proc.stderr
        assert "internal error" not in proc.stderr and "cache clear" not in proc.stderr
    if where == "folder":
        assert (cache / "keep.txt").read_text() == "someone's file"


def _history_db(path: Path) -> None:
    from refcheck.history import connect

    connect(path).conn.close()


@pytest.mark.parametrize(
    ("what", "says"),
    [
        ("notes", "is not a SQLite file, not a refcheck cache"),
        ("history", "is another program's SQLite database, not a refcheck cache"),
        ("fifo", "is not a regular file, not a refcheck cache"),
    ],
)
def test_someone_elses_file_at_the_cache_path_is_named_and_never_touched(
    what: str, says: str, tmp_path: Path
) -> None:
    """`--cache runs.db` for `--db runs.db`, or REFCHECK_CACHE=/dev/null: once the advice was
    `refcheck cache clear`, which deleted the file (a device node too, as root), and opening
    it switched another program's database to WAL mode."""
    target = tmp_path / "their-file"
    if what == "notes":
        target.write_text("my notes")
    elif what == "history":
        _history_db(target)
    else:
        os.mkfifo(target)
    before = target.read_bytes() if what != "fifo" else b""
    for _args, proc in _check_info_clear(tmp_path, target):
        lines = proc.stderr.strip().splitlines()
        assert proc.returncode == 2, proc.stderr  # a setting to correct: was 3
        assert len(lines) == 1 and says in lines[0], proc.stderr
        assert "cache clear" not in proc.stderr
    assert target.exists()
    if what != "fifo":
        assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.txt", "their-file"]


@pytest.mark.parametrize("what", ["empty", "damaged", "ours"])
def test_cache_clear_removes_a_broken_or_refcheck_cache(what: str, tmp_path: Path) -> None:
    from refcheck.cache import clear_cache

    cache = tmp_path / "c.sqlite"
    if what == "empty":
        cache.write_bytes(b"")
    elif what == "damaged":
        cache.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    else:
        RecordCache(cache).close()
    assert clear_cache(cache) is True
    assert list(tmp_path.iterdir()) == []
