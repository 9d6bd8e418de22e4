"""What lies at the cache's path, and whether `refcheck cache clear` may delete it.

`cache clear` exists to get rid of a broken cache, so it must delete a file
SQLite cannot read; but the path comes from a flag or an environment variable,
and a slip (`--cache runs.db` for `--db runs.db`, `REFCHECK_CACHE=/dev/null`)
must never cost someone their run history, their notes or a device node. So a
file is deleted only when it is refcheck's or could only be a broken cache: a
SQLite file with refcheck's tables or none, a SQLite file too damaged to read,
or an empty file. Anything else is named and left alone.
"""

from __future__ import annotations

import sqlite3
import stat
from enum import Enum
from pathlib import Path

from refcheck.sqlite_files import failed_from_its_place, may_write, open_sqlite

_SQLITE_HEADER = b"SQLite format 3\x00"


class CacheFile(Enum):
    MISSING = "missing"
    FOLDER = "a folder"
    SPECIAL = "not a regular file"
    EMPTY = "an empty file"
    NOT_SQLITE = "not a SQLite file"
    OTHER_TABLES = "another program's SQLite database"
    OURS = "a refcheck cache"
    DAMAGED = "a damaged SQLite file"
    UNREADABLE = "a SQLite file that cannot be read now"  # a full disk, a lock: not damaged

    @property
    def removable(self) -> bool:
        """`cache clear` may delete it: refcheck's, or a broken cache."""
        return self in (CacheFile.OURS, CacheFile.DAMAGED, CacheFile.EMPTY)


def inspect_cache_file(path: Path) -> CacheFile:
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return CacheFile.MISSING
    except OSError:
        return CacheFile.SPECIAL  # unreachable (permissions, a loop): nothing to remove
    if stat.S_ISDIR(mode):
        return CacheFile.FOLDER
    if not stat.S_ISREG(mode):
        return CacheFile.SPECIAL
    try:
        with path.open("rb") as handle:
            head = handle.read(len(_SQLITE_HEADER))
    except OSError:
        return CacheFile.SPECIAL
    if not head:
        return CacheFile.EMPTY
    if head != _SQLITE_HEADER:
        return CacheFile.NOT_SQLITE
    return _sqlite_kind(path)


def _sqlite_kind(path: Path) -> CacheFile:
    try:
        # read-write but reading only: a read-only connection to a database in WAL mode
        # leaves its -wal and -shm files behind; this one, the last to close, removes them.
        # Where nothing may be written, read-only: read-write, a good WAL file there fails
        # to open, and would pass for a damaged one
        conn = open_sqlite(path, read_only=not may_write(path), timeout=5.0)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        # on a full disk a sound WAL file cannot be opened either ("disk I/O error"): taken
        # for a damaged one, `cache clear` deleted another program's database
        return CacheFile.UNREADABLE if failed_from_its_place(exc) else CacheFile.DAMAGED
    if not tables or "refcheck_meta" in tables:
        return CacheFile.OURS
    return CacheFile.OTHER_TABLES
