"""The local record cache: one SQLite file via sqlite-utils.

Why SQLite: it survives a killed process (WAL, one transaction per batch),
lets two refcheck runs share one cache (busy timeout), and can be browsed with
ordinary tools. Only answers NCBI really gave are stored: a record, or a
"no such PMID" (kept briefly). Failures are never written.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import sqlite_utils

from refcheck import frozen_blob
from refcheck.cache_file import CacheFile, inspect_cache_file
from refcheck.errors import CacheConfigError, CacheError, RefcheckError
from refcheck.models import PubMedRecord
from refcheck.serialize import record_from_dict
from refcheck.sqlite_files import (
    failed_from_its_place,
    may_write,
    open_sqlite,
    place_failure,
)
from refcheck.sqlite_locks import immediate_transaction, while_locked

SCHEMA_VERSION = 6
# Bump when PubMedRecord parsing or its stored form changes: stored XML is
# re-parsed, not re-fetched. 2: the parsed record is a refcheck.frozen_blob
# (1 was JSON, still read from rows that lack their XML); 3: the same, with
# classes by reference and default fields left out (faster to read back).
PARSER_VERSION = 3
_PARSER_JSON = 1
# Rows stored as raw XML only (the mirror import): parsed on first read.
PARSER_UNPARSED = 0
MIRROR_SOURCE = "mirror"  # records.source of rows `refcheck mirror import` wrote
_CHUNK = 500
_MEMO_TTL = 90 * 86_400.0
# A memo row read this long after it was last marked is marked used again (at most one
# write a month per page), so the sweep drops only rows no run has read for the whole TTL
# and a page re-checked every night is not extracted and judged again every 90 days.
_MEMO_KEEP_AFTER = _MEMO_TTL / 3

# A page's memo row (refcheck.memo): its citations' PMIDs as text, its extraction
# (blob), the key of its stored verdicts and the verdicts (blob), both or neither.
# Written with no extraction (None), a row keeps the one it has.
StoredPage = tuple[str, bytes | None, str | None, bytes | None]
# What a re-check reads of a row: all but the extraction.
StoredMemo = tuple[str, str | None, bytes | None]


@dataclass(frozen=True)
class CachedEntry:
    pmid: str
    record: PubMedRecord | None  # None: NCBI said there is no such PMID
    fetched_at: float
    source: str  # "eutils" or "mirror"


@dataclass(frozen=True)
class CacheInfo:
    path: Path
    schema_version: int
    records: int
    not_found: int
    suggestions: int
    pages: int  # pages whose extraction (and verdicts) are remembered (refcheck.memo)
    oldest: float | None
    newest: float | None
    size_bytes: int


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


log = logging.getLogger(__name__)
_W = TypeVar("_W", bound=Callable[..., Any])


def _best_effort(method: _W) -> _W:
    """A write a run can do without: the answers were obtained and the report stands, only
    the next run will ask again. A read-only or full disk, or another writer holding the
    file past the busy timeout, made every such run an "internal error" whose report was
    lost; the failure is kept (`write_failures`) for the caller to tell the user once."""

    @functools.wraps(method)
    def wrapper(self: RecordCache, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.OperationalError as exc:
            self.write_failures.append(str(exc))
            log.debug("cache %s: %s not stored (%s)", self.path, method.__name__, exc)
            return None

    return wrapper  # type: ignore[return-value]


class RecordCache:
    """Thread-safe access to the cache file (one connection, one lock)."""

    def __init__(
        self,
        path: Path | str,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.path = Path(path)
        self._clock = clock
        self._lock = threading.RLock()
        self.write_failures: list[str] = []  # why a best-effort write was not made
        self._memo_swept = False
        on_disk = str(self.path) != ":memory:"
        if on_disk:
            _make_room_for(self.path)
        # a cache refcheck may not change (another user's, a read-only mount) is read as it
        # is: writes then fail one by one, and only warn (`write_failures`)
        self.read_only = on_disk and self.path.exists() and not may_write(self.path)
        try:
            conn = open_sqlite(
                self.path, read_only=self.read_only, timeout=30.0, check_same_thread=False
            )
            # sqlite-utils plugins are other tools' business, not this private file's (and
            # finding them scans every installed package's entry points: 20-30 ms a run)
            self.db = sqlite_utils.Database(conn, execute_plugins=False)
            conn.execute("PRAGMA busy_timeout = 30000")
            if on_disk and not self.read_only:
                while_locked(lambda: conn.execute("PRAGMA journal_mode = WAL"))
            conn.execute("PRAGMA synchronous = NORMAL")
            self._ensure_schema()
        except sqlite3.DatabaseError as exc:
            raise _unusable(self.path, exc) from None

    # ------------------------------------------------------------------ schema

    def _ensure_schema(self) -> None:
        tables = set(self.db.table_names())
        if tables and "refcheck_meta" not in tables:
            raise sqlite3.DatabaseError("the file holds other tables than refcheck's")
        found = self._schema_version() if tables else 0
        if found == SCHEMA_VERSION:
            return  # the usual case: nothing to write, so a read-only run writes nothing
        _refuse_newer(found)
        if self.read_only:
            raise CacheError(_cannot_upgrade(self.path, found))
        # Create or migrate in one immediate transaction: two runs starting on the same new
        # (or older) file take turns, and the second finds the work done (version read again
        # inside). DDL is transactional in SQLite, so a half-migrated file is never seen.
        with self._lock, immediate_transaction(self.db.conn):
            self.db.execute(
                "CREATE TABLE IF NOT EXISTS refcheck_meta (key TEXT PRIMARY KEY, value TEXT)"
            )
            version = self._schema_version()
            _refuse_newer(version)
            for step in range(version + 1, SCHEMA_VERSION + 1):
                _MIGRATIONS[step](self.db)
            self.db.execute(
                "INSERT OR REPLACE INTO refcheck_meta (key, value) VALUES ('schema_version', ?)",
                [str(SCHEMA_VERSION)],
            )

    def _schema_version(self) -> int:
        row = self.db.execute(
            "SELECT value FROM refcheck_meta WHERE key = 'schema_version'"
        ).fetchone()
        return int(row[0]) if row else 0

    # ------------------------------------------------------------------ records

    def _rows_for(self, sql: str, keys: Iterable[str]) -> list[tuple[Any, ...]]:
        """Rows of `sql` (whose `IN ({marks})` takes the keys) for these keys, one query per
        chunk of `_CHUNK` keys: batched reads, never a query per key."""
        wanted = list(dict.fromkeys(keys))
        rows: list[tuple[Any, ...]] = []
        with self._lock:
            for chunk in _chunks(wanted, _CHUNK):
                marks = ",".join("?" * len(chunk))
                rows.extend(self.db.execute(sql.format(marks=marks), chunk).fetchall())
        return rows

    def get_many(self, pmids: Iterable[str]) -> dict[str, CachedEntry]:
        """All cached answers for these PMIDs, fresh or not (the caller judges age).

        The raw XML is read only for rows whose parsed form is missing or was
        written by another parser version.
        """
        out: dict[str, CachedEntry] = {}
        redo: dict[str, tuple[float, str]] = {}
        for pmid, found, stored, parser, fetched_at, source in self._rows_for(
            "SELECT pmid, found, record, parser, fetched_at, source "
            "FROM records WHERE pmid IN ({marks})",
            pmids,
        ):
            record = _stored_record(stored, parser) if found else None
            if found and record is None:
                redo[pmid] = (fetched_at, source)
            else:
                out[pmid] = CachedEntry(pmid, record, fetched_at, source)
        if redo:
            out.update(self._reparse_rows(redo))
        return out

    def _reparse_rows(self, rows: Mapping[str, tuple[float, str]]) -> dict[str, CachedEntry]:
        """Parse rows again from their XML (mirror rows, older parser versions); store the result.

        A row that cannot be parsed is left out: a miss, re-fetched and overwritten.
        """
        out: dict[str, CachedEntry] = {}
        parsed_from: dict[str, Any] = {}
        for pmid, xml, stored, parser in self._rows_for(
            "SELECT pmid, xml, record, parser FROM records WHERE pmid IN ({marks})", rows
        ):
            parsed_from[pmid] = xml
            try:
                if xml:
                    record = _parse_raw(xml)
                elif parser == _PARSER_JSON and stored:
                    record = record_from_dict(json.loads(stored))
                else:
                    continue
            except (ValueError, KeyError, TypeError, RefcheckError):
                continue
            fetched_at, source = rows[pmid]
            out[pmid] = CachedEntry(pmid, record, fetched_at, source)
        self._refresh_parsed(out, parsed_from)
        return out

    @_best_effort
    def _refresh_parsed(self, entries: Mapping[str, CachedEntry], xml: Mapping[str, Any]) -> None:
        """Store the parsed form beside the XML it was parsed from, unless that XML has been
        replaced meanwhile (a mirror import running beside this check): the old parse would
        then have stood for the new copy on every later run."""
        self._write_many(
            "UPDATE records SET record = ?, parser = ? WHERE pmid = ? AND xml IS ?",
            [
                (frozen_blob.dumps(e.record), PARSER_VERSION, pmid, xml.get(pmid))
                for pmid, e in entries.items()
            ],
        )

    def _write_many(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        """One statement over many rows, in one transaction (nothing at all for no rows)."""
        if rows:
            with self._lock, self.db.conn:
                self.db.conn.executemany(sql, rows)

    @_best_effort
    def put_records(
        self,
        records: Mapping[str, PubMedRecord],
        raw: Mapping[str, bytes] | None = None,
        *,
        source: str = "eutils",
    ) -> float | None:
        """Store records NCBI really returned, in one transaction; return their fetch time
        (None: they could not be stored, see `write_failures`)."""
        now = self._clock()
        raw = raw or {}
        rows = [
            (
                pmid,
                1,
                raw.get(pmid),
                frozen_blob.dumps(rec),
                PARSER_VERSION,
                now,
                source,
            )
            for pmid, rec in records.items()
        ]
        self._write(rows)
        return now

    @_best_effort
    def put_not_found(
        self, pmids: Iterable[str], *, source: str = "eutils", at: float | None = None
    ) -> None:
        """Remember that NCBI answered "no such PMID" (a good answer, not a failure)."""
        now = self._clock() if at is None else at
        self._write([(p, 0, None, None, PARSER_VERSION, now, source) for p in pmids])

    def _write(self, rows: list[tuple[Any, ...]]) -> None:
        """Store answers; a row of the local mirror (`refcheck mirror import`) is replaced
        only by the mirror: an online run's fresher copy serves that run, but stored over
        the mirror's it made the mirror lose the PMID (`--source mirror` reads mirror rows
        alone), and an unchanged file's re-import skips it, so nothing put it back."""
        if not rows:
            return
        with self._lock, self.db.conn:
            self.db.conn.executemany(
                "INSERT INTO records "
                "(pmid, found, xml, record, parser, fetched_at, source) VALUES (?,?,?,?,?,?,?) "
                "ON CONFLICT(pmid) DO UPDATE SET found = excluded.found, xml = excluded.xml, "
                "record = excluded.record, parser = excluded.parser, "
                "fetched_at = excluded.fetched_at, source = excluded.source "
                f"WHERE records.source IS NOT '{MIRROR_SOURCE}' "
                f"OR excluded.source = '{MIRROR_SOURCE}'",
                rows,
            )

    # ------------------------------------------------------------------ suggestions

    def get_suggestion(self, query: str) -> tuple[tuple[str, ...], float] | None:
        with self._lock:
            row = self.db.execute(
                "SELECT pmids, fetched_at FROM suggestions WHERE query = ?", [query]
            ).fetchone()
        if row is None:
            return None
        return tuple(json.loads(row[0])), float(row[1])

    @_best_effort
    def put_suggestion(self, query: str, pmids: Iterable[str]) -> None:
        with self._lock, self.db.conn:
            self.db.execute(
                "INSERT OR REPLACE INTO suggestions (query, pmids, fetched_at) VALUES (?,?,?)",
                [query, json.dumps(list(pmids)), self._clock()],
            )

    # ------------------------------------------------------------------ derived results

    def get_memos(self, keys: Iterable[str]) -> dict[str, StoredMemo]:
        """Stored rows of these pages (refcheck.memo) but their extractions, one query per
        chunk of keys. Reading a row counts as using it: rows last marked over a month ago
        are marked now, in one write."""
        now = self._clock()
        old = float(now - _MEMO_KEEP_AFTER)
        rows = self._rows_for(
            f"SELECT key, pmids, verdicts, results, stored_at < {old!r} FROM memo"
            " WHERE key IN ({marks})",
            keys,
        )
        # a read-only cache cannot mark them: the rows are still good to use
        with contextlib.suppress(sqlite3.OperationalError):
            self._write_many(
                "UPDATE memo SET stored_at = ? WHERE key = ?", [(now, r[0]) for r in rows if r[4]]
            )
        return {key: (pmids, verdicts, results) for key, pmids, verdicts, results, _ in rows}

    def get_memo_extractions(self, keys: Iterable[str]) -> dict[str, bytes]:
        return dict(self._rows_for("SELECT key, extraction FROM memo WHERE key IN ({marks})", keys))

    @_best_effort
    def put_memos(self, items: Mapping[str, StoredPage]) -> None:
        if not items:
            return
        now = self._clock()
        new = [(k, *row, now) for k, row in items.items() if row[1] is not None]
        verdicts = [(v, r, now, k) for k, (_, x, v, r) in items.items() if x is None]
        with self._lock, self.db.conn:
            self.db.conn.executemany(
                "INSERT OR REPLACE INTO memo (key, pmids, extraction, verdicts, results, stored_at)"
                " VALUES (?,?,?,?,?,?)",
                new,
            )
            self.db.conn.executemany(
                "UPDATE memo SET verdicts = ?, results = ?, stored_at = ? WHERE key = ?", verdicts
            )
            if not self._memo_swept:
                # pages that changed leave their old entries behind: keep the table small
                self.db.execute("DELETE FROM memo WHERE stored_at < ?", [now - _MEMO_TTL])
                self._memo_swept = True

    @_best_effort
    def drop_memos(self, keys: Iterable[str]) -> None:
        self._write_many("DELETE FROM memo WHERE key = ?", [(k,) for k in keys])

    # ------------------------------------------------------------------ ISO 4 names

    def get_iso4(self) -> dict[str, str]:
        with self._lock:
            return dict(self.db.execute("SELECT name, abbreviation FROM iso4").fetchall())

    @_best_effort
    def put_iso4(self, items: Mapping[str, str]) -> None:
        self._write_many(
            "INSERT OR REPLACE INTO iso4 (name, abbreviation) VALUES (?, ?)", list(items.items())
        )

    # ------------------------------------------------------------------ admin

    def info(self) -> CacheInfo:
        with self._lock:
            found, missing, oldest, newest = self.db.execute(
                "SELECT COALESCE(SUM(found), 0), COALESCE(SUM(1 - found), 0), "
                "MIN(fetched_at), MAX(fetched_at) FROM records"
            ).fetchone()
            suggestions = self.db.execute("SELECT COUNT(*) FROM suggestions").fetchone()[0]
            pages = self.db.execute("SELECT COUNT(*) FROM memo").fetchone()[0]
        size = self.path.stat().st_size if self.path.exists() else 0
        return CacheInfo(
            self.path,
            SCHEMA_VERSION,
            int(found),
            int(missing),
            int(suggestions),
            int(pages),
            oldest,
            newest,
            size,
        )

    def close(self) -> None:
        with self._lock:
            self.db.conn.close()

    def __enter__(self) -> RecordCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _stored_record(stored: bytes | None, parser: int) -> PubMedRecord | None:
    """The parsed form this parser version wrote, or None (the row must be parsed again)."""
    if parser != PARSER_VERSION or stored is None:
        return None
    try:
        record = frozen_blob.loads(stored)
    except frozen_blob.BlobError:
        return None
    return record if isinstance(record, PubMedRecord) else None


def _parse_raw(xml: bytes) -> PubMedRecord:
    """Parse a raw-only row (mirror imports, older parsers); imported late: eutils is above
    the cache, and most runs never meet such a row."""
    from refcheck.eutils.parse import record_from_raw

    return record_from_raw(xml)


def _refuse_newer(version: int) -> None:
    if version > SCHEMA_VERSION:
        raise sqlite3.DatabaseError(
            f"schema version {version} is newer than this refcheck understands"
        )


def _cannot_upgrade(path: Path, version: int) -> str:
    """A cache that must be created or migrated before use, where it cannot be written."""
    what = "is empty" if version == 0 else f"has schema {version}, older than {SCHEMA_VERSION}"
    return (
        f"{path} {what} and cannot be written here (read-only): run refcheck once where it "
        "can write the cache, or give one of your own with --cache"
    )


def _unusable(path: Path, exc: Exception) -> CacheError:
    """Why the cache cannot be used, with `refcheck cache clear` advised only where the
    file is at fault: a full disk or a lock on a sound cache would have cost it all."""
    if failed_from_its_place(exc):
        return CacheError(place_failure(path, exc, "cache"))
    found = inspect_cache_file(path)
    if found is CacheFile.UNREADABLE:
        return CacheError(place_failure(path, exc, "cache"))
    if found.removable or found is CacheFile.MISSING:
        return CacheError(
            f"{path} is not a usable refcheck cache ({exc}); remove it with `refcheck cache clear`"
        )
    # someone else's file at the cache's path: advice to delete it would lose their data
    return _not_a_cache(path, found, "give the cache a path of its own")


def _not_a_cache(path: Path, found: CacheFile, then: str) -> CacheConfigError:
    """The cache's path names something else (notes, another program's database, a device,
    a folder): the setting is wrong, and no later run will fare better (exit code 2)."""
    if found is CacheFile.FOLDER:
        return CacheConfigError(f"{path} is a folder, not a cache file ({then})")
    return CacheConfigError(f"{path} is {found.value}, not a refcheck cache: {then}")


def _reason(exc: OSError) -> str:
    return (exc.strerror or type(exc).__name__).lower()


def _make_room_for(path: Path) -> None:
    """Create the cache's folder; a path that cannot hold the cache, or holds someone else's
    file, is a one-line CacheError (not a traceback, and not advice to remove what someone
    may need)."""
    found = inspect_cache_file(path)
    if found is CacheFile.FOLDER:
        raise _not_a_cache(path, found, "give a file path")
    if found in (CacheFile.SPECIAL, CacheFile.NOT_SQLITE, CacheFile.OTHER_TABLES):
        # refused before SQLite opens it: opening would already change another program's
        # database (WAL mode) or leave a journal beside a device
        raise _unusable(path, ValueError(found.value))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        raise CacheError(f"{path}: cannot create its folder ({where}{_reason(exc)})") from None


def clear_cache(path: Path) -> bool:
    """Delete the cache file (and its WAL side files) even when it is corrupt, but never a
    file that is not refcheck's (refcheck.cache_file)."""
    found = inspect_cache_file(path)
    if found is CacheFile.FOLDER:
        raise _not_a_cache(path, found, "not removed")
    if found is CacheFile.UNREADABLE:
        raise CacheError(
            f"{path} cannot be read now (a full disk, a lock?) to tell whether it is a "
            "refcheck cache: not removed"
        )
    if not found.removable and found is not CacheFile.MISSING:
        raise _not_a_cache(path, found, "not removed")
    removed = False
    for suffix in ("", "-wal", "-shm"):
        p = Path(str(path) + suffix)
        # the file itself is known to be removable; a side file's name held by anything but
        # a regular file is not ours either
        if p.is_file():
            try:
                p.unlink()
            except OSError as exc:
                raise CacheError(f"{p}: cannot remove it ({_reason(exc)})") from None
            removed = True
    return removed


def _migrate_to_1(db: sqlite_utils.Database) -> None:
    db.execute(
        "CREATE TABLE IF NOT EXISTS records ("
        " pmid TEXT PRIMARY KEY, found INTEGER NOT NULL, xml BLOB, record TEXT,"
        " parser INTEGER NOT NULL, fetched_at REAL NOT NULL, source TEXT NOT NULL)"
    )
    db.execute(
        "CREATE TABLE IF NOT EXISTS suggestions ("
        " query TEXT PRIMARY KEY, pmids TEXT NOT NULL, fetched_at REAL NOT NULL)"
    )


def _migrate_to_2(db: sqlite_utils.Database) -> None:
    """Index fetched_at: `cache info` (oldest/newest) and age sweeps stop scanning the table."""
    db.execute("CREATE INDEX IF NOT EXISTS records_fetched_at ON records (fetched_at)")


def _migrate_to_3(db: sqlite_utils.Database) -> None:
    """Extractions of pages seen before, keyed by a hash of their text and the extractor."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS extractions ("
        " key TEXT PRIMARY KEY, data TEXT NOT NULL, stored_at REAL NOT NULL)"
    )


def _migrate_to_4(db: sqlite_utils.Database) -> None:
    """ISO 4 abbreviations of journal names, so a run need not build pyiso4's table."""
    db.execute(
        "CREATE TABLE IF NOT EXISTS iso4 (name TEXT PRIMARY KEY, abbreviation TEXT NOT NULL)"
    )


def _migrate_to_5(db: sqlite_utils.Database) -> None:
    """Derived results as compact blobs (refcheck.frozen_blob), extractions and verdicts alike:
    JSON extractions cost more to load than the pages cost to read."""
    db.execute("DROP TABLE IF EXISTS extractions")
    db.execute(
        "CREATE TABLE IF NOT EXISTS memo ("
        " key TEXT PRIMARY KEY, data BLOB NOT NULL, stored_at REAL NOT NULL)"
    )
    db.execute("CREATE INDEX IF NOT EXISTS memo_stored_at ON memo (stored_at)")


def _migrate_to_6(db: sqlite_utils.Database) -> None:
    """A page's row keeps its verdicts apart from its extraction (with its PMIDs in plain
    text), so a re-check decodes only the verdicts and never the extraction."""
    db.execute("DROP TABLE IF EXISTS memo")
    db.execute(
        "CREATE TABLE memo (key TEXT PRIMARY KEY, pmids TEXT NOT NULL,"
        " extraction BLOB NOT NULL, verdicts TEXT, results BLOB, stored_at REAL NOT NULL)"
    )
    db.execute("CREATE INDEX IF NOT EXISTS memo_stored_at ON memo (stored_at)")


_MIGRATIONS: dict[int, Callable[[sqlite_utils.Database], None]] = {
    1: _migrate_to_1,
    2: _migrate_to_2,
    3: _migrate_to_3,
    4: _migrate_to_4,
    5: _migrate_to_5,
    6: _migrate_to_6,
}
