"""A cache and a run history that cannot be written (another user's, a read-only mount).

`history`, `diff`, `cache info`, `pmid --offline` and `check --offline` only read, yet they
failed there: the files were opened read-write, and SQLite refused the switch to WAL (or
the -shm index a WAL file needs beside it) with "not a usable refcheck cache; remove it".

The folder is made read-only by a read-only bind mount, in a mount namespace of the
command's own (`unshare`; as another user, in a user namespace of its own too): permission
bits do not stop root, and a folder that is merely another user's is read only while its
owner's run has the file open (see `test_no_immutable_read_where_the_owner_may_write`).
Where no such mount is allowed, the tests skip.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from refcheck import __version__
from refcheck.fake_eutils.server import FakeEutils
from test_faults import cli_env

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED = str(FIXTURES / "pages" / "phantom-limb-pain.html")  # 3 citations, all right
OTHER = str(FIXTURES / "pages" / "vancouver.html")  # PMIDs the cache does not hold

# run "$@" where the folder "$0" is a read-only mount (private to this command)
_READ_ONLY_MOUNT = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'


@pytest.fixture(scope="module")
def server() -> Iterator[FakeEutils]:
    with FakeEutils(FIXTURES / "records", rate_limit=None) as s:
        yield s


def _root_can_mount(probe: str) -> bool:
    if shutil.which("unshare") is None:
        return False
    test = [*_mount_prefix(probe), "sh", "-c", 'touch "$0/x" 2>/dev/null && exit 1; exit 0', probe]
    return subprocess.run(test, capture_output=True, check=False).returncode == 0


def _mount_prefix(folder: str) -> list[str]:
    user = [] if os.geteuid() == 0 else ["--user", "--map-root-user"]
    mount = ["--mount", "--propagation", "private"]
    return ["unshare", *user, *mount, "sh", "-c", _READ_ONLY_MOUNT, folder]


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[tuple[Path, list[str]]]:
    """A folder for the shared files, and the prefix that runs a command where the folder
    and its files cannot be written (applied once the test has filled it: `seal`)."""
    folder = tmp_path / "shared"
    folder.mkdir()
    if not _root_can_mount(str(folder)):
        pytest.skip("no read-only mount allowed (unshare)")
    yield folder, _mount_prefix(str(folder))


def _seal(folder: Path) -> dict[str, bytes]:
    """The folder's contents, before the commands run where it is read-only (the mount)."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _run(
    prefix: list[str], args: list[str], env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*prefix, sys.executable, "-m", "refcheck", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _two_runs(server: FakeEutils, folder: Path) -> tuple[dict[str, str], Path]:
    """A cache and a history of two runs, as a nightly job leaves them."""
    env = cli_env(server, folder / "cache.sqlite")
    runs = folder / "runs.db"
    for _ in range(2):
        done = _run([], ["check", SEED, "--db", str(runs), "--no-suggest", "--quiet"], env)
        assert done.returncode == 0, done.stderr
    return env, runs


def test_read_only_commands_answer_from_files_that_cannot_be_written(
    server: FakeEutils, read_only: tuple[Path, list[str]]
) -> None:
    folder, prefix = read_only
    env, runs = _two_runs(server, folder)
    before = _seal(folder)
    expected = [
        (["history", "--db", str(runs)], __version__),
        (["diff", "--db", str(runs)], "run 2"),
        (["cache", "info"], "records:     3"),
        (["pmid", "--offline", "18349204"], "Eichenberger U"),
        (["check", "--offline", SEED], "3 citations: 3 verified"),
        (["mirror", "info"], "files:        0"),
    ]
    for args, says in expected:
        proc = _run(prefix, args, env)
        assert (proc.returncode, proc.stderr) == (0, ""), args
        assert says in proc.stdout, args
    assert {p.name: p.read_bytes() for p in sorted(folder.iterdir())} == before


def test_a_check_with_a_read_only_cache_and_history_still_reports(
    server: FakeEutils, read_only: tuple[Path, list[str]]
) -> None:
    """Records it cannot store are fetched and judged (the cache only warns, as README
    says); a run it cannot record is one line and exit 3, the report still written."""
    folder, prefix = read_only
    env, runs = _two_runs(server, folder)
    before = _seal(folder)
    fetched = _run(prefix, ["check", OTHER, "--format", "json", "--no-suggest"], env)
    assert fetched.returncode == 1, fetched.stderr  # this page has wrong citations
    assert json.loads(fetched.stdout)["summary"]["unverified"] == 0
    (warning,) = fetched.stderr.strip().splitlines()
    assert "warning: the cache" in warning and "could not be updated" in warning
    recorded = _run(prefix, ["check", SEED, "--db", str(runs), "--format", "json"], env)
    assert recorded.returncode == 3
    assert json.loads(recorded.stdout)["summary"]["verified"] == 3
    (line,) = recorded.stderr.strip().splitlines()
    assert line == f"refcheck: {runs}: cannot be written here (read-only)"
    baseline = folder.parent / "pubmed26n0001.xml.gz"
    baseline.write_bytes(b"")
    imported = _run(prefix, ["mirror", "import", str(baseline)], env)
    assert imported.returncode == 3
    assert imported.stderr.strip().endswith("cannot be written here (read-only): nothing imported")
    assert {p.name: p.read_bytes() for p in sorted(folder.iterdir())} == before


def _set_version(path: Path, table: str, version: int) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(f"UPDATE {table} SET value = ? WHERE key = 'schema_version'", [str(version)])
    conn.close()


def test_an_older_file_that_cannot_be_upgraded_is_one_line(
    server: FakeEutils, read_only: tuple[Path, list[str]]
) -> None:
    """Upgrading writes; where it cannot, say so in one line (not "remove it")."""
    folder, prefix = read_only
    env, runs = _two_runs(server, folder)
    _set_version(folder / "cache.sqlite", "refcheck_meta", 5)
    _set_version(runs, "history_meta", 1)
    before = _seal(folder)
    for args, says in (
        (["cache", "info"], "has schema 5, older than"),
        (["history", "--db", str(runs)], "schema version 1 must be upgraded"),
    ):
        proc = _run(prefix, args, env)
        assert proc.returncode == 3, proc.stderr
        (line,) = proc.stderr.strip().splitlines()
        assert says in line and "read-only" in line and "cache clear" not in line, line
    assert {p.name: p.read_bytes() for p in sorted(folder.iterdir())} == before


def test_a_read_only_open_sees_what_a_live_writer_has_in_its_wal(tmp_path: Path) -> None:
    """Read-only opening must not read the file alone (`immutable`) where SQLite can read
    it with the WAL: a run writing the cache meanwhile has its answers only there."""
    from refcheck.cache import RecordCache
    from refcheck.sqlite_files import connect_read_only

    path = tmp_path / "cache.sqlite"
    with RecordCache(path) as writer:
        writer.put_not_found(["18349204"])
        assert (tmp_path / "cache.sqlite-wal").stat().st_size > 0  # not yet in the file
        reader = connect_read_only(path)
        try:
            assert reader.execute("SELECT pmid FROM records").fetchall() == [("18349204",)]
        finally:
            reader.close()


class _NoShm:
    """What `mode=ro` gives where the -shm file of a WAL database cannot be created."""

    def execute(self, sql: str) -> None:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    def close(self) -> None:
        pass


def test_no_immutable_read_where_the_owner_may_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder that is only another user's is not a read-only mount: its owner's nightly
    run may start writing the file at any time, and a checkpoint rewrites pages under a
    reader that reads the file alone (`immutable=1`): stale rows, or "database disk image
    is malformed" for a sound cache (advice: clear it). Said in one line instead."""
    from refcheck import sqlite_files
    from refcheck.cache import RecordCache

    path = tmp_path / "cache.sqlite"
    with RecordCache(path) as writer:
        writer.put_not_found(["18349204"])
    opened: list[str] = []
    real_open = sqlite_files._open

    def fake_open(at: Path, query: str, options: dict[str, object]) -> object:
        opened.append(query)
        return _NoShm() if query == "mode=ro" else real_open(at, query, options)

    monkeypatch.setattr(sqlite_files, "_open", fake_open)
    with pytest.raises(sqlite3.OperationalError, match=r"cache\.sqlite-shm") as raised:
        sqlite_files.connect_read_only(path)
    assert opened == ["mode=ro"] and "\n" not in str(raised.value)
    assert sqlite_files.failed_from_its_place(raised.value)  # never "clear the cache"
    monkeypatch.setattr(sqlite_files, "_on_read_only_mount", lambda at: True)
    reader = sqlite_files.connect_read_only(path)  # nothing writes a read-only mount
    try:
        assert reader.execute("SELECT pmid FROM records").fetchall() == [("18349204",)]
    finally:
        reader.close()
    assert opened[-1] == "mode=ro&immutable=1"
