"""Opening refcheck's SQLite files (the cache, the run history) where they cannot be written.

A cache or history shared read-only (another user's, a read-only mount, a copy in a folder
refcheck may not write) is still worth reading: `history`, `diff`, `cache info` and
`check --offline` only read. Opened read-write, SQLite fails on such a file at the first
thing that writes: the switch to WAL, a journal, or the -shm index a WAL file needs beside
it. So the opening code asks first whether it may write, and opens read-only when not.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

# SQLite's words for failures of the place a file lies in, not of what it holds (a full or
# failing disk, a lock another program holds, a read-only place): the file may be sound
_PLACE_FAILURES = (
    "disk is full",
    "disk i/o error",
    "locked",
    "readonly database",
    "unable to open",
)


def failed_from_its_place(exc: BaseException) -> bool:
    """Whether SQLite failed for where the file is, not for what is in it: such a file must
    never be taken for a damaged one (whose cure is to delete it)."""
    return isinstance(exc, sqlite3.OperationalError) and any(
        words in str(exc).lower() for words in _PLACE_FAILURES
    )


def place_failure(path: Path, exc: Exception, what: str) -> str:
    """One line for a failure of the place `what` (the cache, the history) lies in, saying
    which when it can be told: a full disk wants space, not a new file."""
    text = str(exc)
    if "unable to open" in text:  # nothing there to remove: a folder refcheck may not write in
        return f"{path}: cannot open or create the {what} file ({exc})"
    if "disk is full" in text or ("disk I/O error" in text and _disk_full(path)):
        return f"{path}: cannot use the {what}: the disk is full (free some space and run again)"
    if "disk I/O error" in text:
        return f"{path}: cannot use the {what}: {exc} (a failing disk? the file may be sound)"
    return f"{path}: cannot use the {what} ({exc})"


def _disk_full(path: Path) -> bool:
    """SQLite reports a full disk met on opening a WAL file (its -shm index cannot grow) as
    a mere "disk I/O error"; the file system says which it was."""
    try:
        return os.statvfs(path.absolute().parent).f_bavail == 0
    except (OSError, AttributeError):  # no statvfs on Windows
        return False


def may_write(path: Path) -> bool:
    """Whether this process can change the file: write it, and create its side files
    (-wal, -shm, -journal) in its folder. `os.access` also says no on a read-only mount,
    where permission bits alone say yes (to root above all)."""
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return False
    return not path.exists() or os.access(path, os.W_OK)


def open_sqlite(path: Path, *, read_only: bool, **options: Any) -> sqlite3.Connection:
    """A connection to `path`, read-write or (`read_only`) one that never writes."""
    if read_only:
        return connect_read_only(path, **options)
    conn: sqlite3.Connection = sqlite3.connect(str(path), **options)
    return conn


def connect_read_only(path: Path, **options: Any) -> sqlite3.Connection:
    """A connection that never writes. `mode=ro` first: it still sees what a live writer
    has in its WAL. Where that cannot start (a WAL file whose -shm index nobody may create
    in a read-only folder), `immutable=1`, which reads the file alone: right only as long
    as nothing writes the file meanwhile. So only on a read-only mount, and only if no WAL
    file beside it holds changes. In a folder that is merely not this user's, its owner's
    run may start writing at any time: a checkpoint then rewrites pages under the reader,
    which reads stale rows or "database disk image is malformed" (and a cache said to be
    malformed is one a user is told to clear)."""
    conn = _open(path, "mode=ro", options)
    try:
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
        if _wal_holds_changes(path):
            raise
        if not _on_read_only_mount(path):  # "readonly database": see failed_from_its_place
            raise sqlite3.OperationalError(
                f"readonly database: SQLite reads it only with a {path.name}-shm file beside "
                "it, which this user cannot create there; read a copy in a folder of yours"
            ) from None
    return _open(path, "mode=ro&immutable=1", options)


def _open(path: Path, query: str, options: dict[str, Any]) -> sqlite3.Connection:
    # as_uri percent-encodes `?`, `#` and `%` in the name, and non-UTF-8 bytes
    conn: sqlite3.Connection = sqlite3.connect(
        f"{path.absolute().as_uri()}?{query}", uri=True, **options
    )
    return conn


def _wal_holds_changes(path: Path) -> bool:
    try:
        return Path(f"{path}-wal").stat().st_size > 0
    except OSError:
        return False


def _on_read_only_mount(path: Path) -> bool:
    """Whether the file lies on a file system mounted read-only (nothing writes it here)."""
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs on Windows
        return False
