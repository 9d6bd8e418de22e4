"""Load PubMed baseline and update files (`pubmedYYnNNNN.xml.gz`) into the cache.

A local mirror lets a nightly run check a whole site without asking NCBI
(eutils-protocol.md §7). The files use the efetch XML, so records are parsed
by the same `parse_article` and stored exactly like fetched ones, with
`source = "mirror"`.

Ordering rule (why there is a `mirror_pmids` table): PubMed re-sends a revised
citation whole in a later update file and deletes citations with a
DeleteCitation block at the end of a file, so the copy from the highest file
number must win. Every mirror write carries the file's sequence number
(YY * 10000 + NNNN) and only replaces a PMID whose stored sequence is lower or
equal; a deletion leaves a tombstone with its sequence. This makes the result
independent of the order in which batches arrive, so several files can be
parsed in parallel and written as they come, and it also holds across runs:
importing an older file after a newer one cannot roll a record back.
Equal sequences replace, so re-importing a file is idempotent.

Memory stays flat: each file is streamed through `iterparse` with elements
cleared as soon as they are parsed; worker processes hand batches of
(pmid, record JSON, raw XML) to the parent through a bounded queue, and the
parent is the only process that writes SQLite.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import multiprocessing as mp
import queue
import re
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

from lxml import etree

from refcheck.cache import PARSER_VERSION, RecordCache
from refcheck.errors import EutilsParseError, InputError, RefcheckError
from refcheck.eutils.parse import ARTICLE_TAGS, parse_article
from refcheck.serialize import record_to_dict
from refcheck.xmlsafe import iterparse_safe

SOURCE = "mirror"
BATCH_SIZE = 2000  # records per message and per SQLite transaction
_CHUNK = 500  # SQL variables per IN (...) query
_QUEUE_BATCHES_PER_JOB = 1  # batches (~20 MB each) waiting per worker: bounds memory
_FILE_NAME = re.compile(r"^pubmed(\d{2})n(\d{4})\.xml(?:\.gz)?$")
_DAY = 86_400.0

Progress = Callable[[int, str], None]
Row = tuple[str, str, bytes]  # pmid, record JSON, raw article XML


# --------------------------------------------------------------------------- public types


@dataclass(frozen=True)
class ImportReport:
    """What one `import_files` call did."""

    files_imported: tuple[str, ...]
    files_skipped: tuple[str, ...]  # unchanged since they were imported (no --force)
    records_written: int
    records_superseded: int  # not written: a higher-numbered file already holds the PMID
    deleted: int
    seconds: float

    @property
    def records_per_second(self) -> float:
        total = self.records_written + self.records_superseded
        return total / self.seconds if self.seconds > 0 else 0.0


class MirrorImportError(InputError):
    """A file could not be imported; `report` tells what was written before it failed."""

    def __init__(self, message: str, report: ImportReport) -> None:
        super().__init__(message)
        self.report = report


@dataclass(frozen=True)
class MirrorFile:
    """One imported file as `mirror_files` remembers it."""

    name: str
    seq: int
    size: int
    mtime: float  # the file's date: wget and rsync keep NCBI's Last-Modified
    md5: str
    records: int
    deleted: int
    imported_at: float


@dataclass(frozen=True)
class MirrorInfo:
    files: tuple[MirrorFile, ...]  # in sequence order
    records: int  # cached records whose source is the mirror
    newest_file: str | None
    newest_date: float | None
    age_days: float | None  # how far the mirror lags behind today


# --------------------------------------------------------------------------- file naming


@dataclass(frozen=True)
class _Task:
    """One file to parse; plain data so it pickles for 'spawn' workers."""

    path: str
    name: str
    seq: int
    size: int
    mtime: float


def file_sequence(name: str) -> int:
    """`pubmed26n1335.xml.gz` -> 261335: the order NCBI's files must be applied in."""
    match = _FILE_NAME.match(name)
    if match is None:
        raise InputError(
            f"{name}: not a PubMed baseline/update file name (pubmedYYnNNNN.xml.gz), "
            "so its place in the sequence is unknown"
        )
    return int(match.group(1)) * 10_000 + int(match.group(2))


def _tasks(paths: Sequence[Path]) -> list[_Task]:
    """Stat and order the files; duplicate names would make 'last copy' ambiguous."""
    by_name: dict[str, _Task] = {}
    for path in paths:
        seq = file_sequence(path.name)
        try:
            st = path.stat()
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror})") from None
        task = _Task(str(path), path.name, seq, st.st_size, st.st_mtime)
        old = by_name.get(path.name)
        if old is not None and Path(old.path).resolve() != path.resolve():
            raise InputError(f"{path.name} given twice from different folders")
        by_name[path.name] = task
    return sorted(by_name.values(), key=lambda t: t.seq)


# --------------------------------------------------------------------------- parsing (workers)


class _HashingReader:
    """Feeds gzip while computing the md5 NCBI publishes next to each file."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self.md5 = hashlib.md5(usedforsecurity=False)

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self.md5.update(data)
        return data

    def readable(self) -> bool:
        return True


def _expected_md5(path: Path) -> str | None:
    """The hex digest from NCBI's `FILE.md5` sidecar (`MD5(name)= hex`), if present."""
    side = path.with_name(path.name + ".md5")
    if not side.is_file():
        return None
    found = re.search(r"\b([0-9a-fA-F]{32})\b", side.read_text(errors="replace"))
    return found.group(1).lower() if found else None


def _open_xml(raw: IO[bytes], name: str) -> IO[bytes]:
    if name.endswith(".gz"):
        return cast(IO[bytes], gzip.GzipFile(fileobj=raw, mode="rb"))
    return raw


def _drop_done(elem: etree._Element) -> None:
    """Free a finished element and the empty husks before it: keeps memory flat."""
    elem.clear()  # tails go too: lxml's default keep_tail=False
    parent = elem.getparent()
    if parent is not None:
        while elem.getprevious() is not None:
            del parent[0]


def _row(elem: etree._Element) -> Row:
    record = parse_article(elem)
    raw = etree.tostring(elem, encoding="UTF-8", with_tail=False)
    return record.pmid, json.dumps(record_to_dict(record)), raw


def _deleted_pmids(elem: etree._Element) -> list[str]:
    return [p.text.strip() for p in elem.findall("PMID") if p.text and p.text.strip()]


def _parse_stream(stream: IO[bytes], name: str) -> Iterator[tuple[str, str, Any]]:
    """Yield ("records", name, rows) batches, then ("deletes", name, pmids)."""
    rows: list[Row] = []
    deletes: list[str] = []
    tags = (*ARTICLE_TAGS, "DeleteCitation")
    for _event, elem in iterparse_safe(stream, events=("end",), tag=tags):
        if elem.tag == "DeleteCitation":
            deletes.extend(_deleted_pmids(elem))
        else:
            rows.append(_row(elem))
        _drop_done(elem)
        if len(rows) >= BATCH_SIZE:
            yield "records", name, rows
            rows = []
    if rows:
        yield "records", name, rows
    yield "deletes", name, deletes


def _parse_file(task: _Task) -> Iterator[tuple[str, str, Any]]:
    """All messages for one file, ending in ("done", name, md5) or ("error", name, message).

    Errors are messages, not exceptions, so the in-process and the worker
    paths share one protocol and a worker survives a bad file.
    """
    path = Path(task.path)
    try:
        expected = _expected_md5(path)
        with path.open("rb") as raw:
            reader = _HashingReader(raw)
            yield from _parse_stream(_open_xml(reader, task.name), task.name)  # type: ignore[arg-type]
            while reader.read(1 << 20):  # hash any trailing bytes too
                pass
        digest = reader.md5.hexdigest()
        if expected is not None and expected != digest:
            yield "error", task.name, f"{task.name}: md5 {digest} does not match {task.name}.md5"
            return
        yield "done", task.name, digest
    except EutilsParseError as exc:
        yield "error", task.name, f"{task.name}: {exc}"
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        yield "error", task.name, f"{task.name}: truncated or corrupt gzip ({_first_line(exc)})"
    except OSError as exc:
        yield "error", task.name, f"{task.name}: cannot read ({_first_line(exc)})"


def _first_line(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:160]


def _worker(tasks: Any, results: Any, stop: Any) -> None:
    """Worker process body: parse files from `tasks` until a None arrives or `stop` is set."""
    while not stop.is_set():
        task = tasks.get()
        if task is None:
            break
        for message in _parse_file(task):
            if stop.is_set():
                break
            results.put(message)
    results.put(("exit", "", None))


# --------------------------------------------------------------------------- writing (parent)


def _ensure_tables(cache: RecordCache) -> None:
    with cache.db.conn:
        cache.db.execute(
            "CREATE TABLE IF NOT EXISTS mirror_files ("
            " name TEXT PRIMARY KEY, seq INTEGER NOT NULL, size INTEGER NOT NULL,"
            " mtime REAL NOT NULL, md5 TEXT NOT NULL, records INTEGER NOT NULL,"
            " deleted INTEGER NOT NULL, imported_at REAL NOT NULL)"
        )
        cache.db.execute(
            "CREATE TABLE IF NOT EXISTS mirror_pmids ("
            " pmid TEXT PRIMARY KEY, seq INTEGER NOT NULL, deleted INTEGER NOT NULL)"
            " WITHOUT ROWID"
        )


def _stored_seqs(cache: RecordCache, pmids: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for i in range(0, len(pmids), _CHUNK):
        chunk = pmids[i : i + _CHUNK]
        marks = ",".join("?" * len(chunk))
        rows = cache.db.execute(
            f"SELECT pmid, seq FROM mirror_pmids WHERE pmid IN ({marks})", chunk
        ).fetchall()
        out.update((p, int(s)) for p, s in rows)
    return out


@dataclass
class _Writer:
    """The single SQLite writer: applies batches under the sequence rule."""

    cache: RecordCache
    tasks: dict[str, _Task]
    written: int = 0
    superseded: int = 0
    deleted: int = 0
    per_file: dict[str, list[int]] = field(default_factory=dict)  # name -> [records, deleted]

    def records(self, name: str, rows: list[Row]) -> None:
        """Write one batch in one transaction; skip PMIDs a later file already holds.

        Rows go in pre-serialised (the JSON was built in the worker), in the
        same columns `RecordCache.put_records` writes, so the parent spends its
        time on SQLite and not on re-encoding records.
        """
        task = self.tasks[name]
        latest = {pmid: (pmid, js, raw) for pmid, js, raw in rows}  # last copy in file wins
        with self.cache.db.conn:
            stored = _stored_seqs(self.cache, list(latest))
            keep = [r for p, r in latest.items() if stored.get(p, -1) <= task.seq]
            self.cache.db.conn.executemany(
                "INSERT OR REPLACE INTO records "
                "(pmid, found, xml, record, parser, fetched_at, source) VALUES (?,1,?,?,?,?,?)",
                [(p, raw, js, PARSER_VERSION, task.mtime, SOURCE) for p, js, raw in keep],
            )
            self.cache.db.conn.executemany(
                "INSERT OR REPLACE INTO mirror_pmids (pmid, seq, deleted) VALUES (?,?,0)",
                [(r[0], task.seq) for r in keep],
            )
        self.written += len(keep)
        self.superseded += len(rows) - len(keep)
        self.per_file.setdefault(name, [0, 0])[0] += len(rows)

    def deletes(self, name: str, pmids: list[str]) -> None:
        """Drop deleted PMIDs unless a later file re-sent them; leave tombstones."""
        task = self.tasks[name]
        wanted = list(dict.fromkeys(pmids))
        with self.cache.db.conn:
            stored = _stored_seqs(self.cache, wanted)
            gone = [p for p in wanted if stored.get(p, -1) <= task.seq]
            for i in range(0, len(gone), _CHUNK):
                chunk = gone[i : i + _CHUNK]
                marks = ",".join("?" * len(chunk))
                self.cache.db.execute(f"DELETE FROM records WHERE pmid IN ({marks})", chunk)
            self.cache.db.conn.executemany(
                "INSERT OR REPLACE INTO mirror_pmids (pmid, seq, deleted) VALUES (?,?,1)",
                [(p, task.seq) for p in gone],
            )
        self.deleted += len(gone)
        self.per_file.setdefault(name, [0, 0])[1] += len(gone)

    def done(self, name: str, md5: str) -> None:
        """Remember the file, so an unchanged re-import can be skipped."""
        task = self.tasks[name]
        records, deleted = self.per_file.get(name, [0, 0])
        with self.cache.db.conn:
            self.cache.db.execute(
                "INSERT OR REPLACE INTO mirror_files "
                "(name, seq, size, mtime, md5, records, deleted, imported_at) "
                "VALUES (?,?,?,?,?,?,?,?)",
                [name, task.seq, task.size, task.mtime, md5, records, deleted, time.time()],
            )


def _unchanged(cache: RecordCache, task: _Task) -> bool:
    row = cache.db.execute(
        "SELECT size, mtime FROM mirror_files WHERE name = ?", [task.name]
    ).fetchone()
    return row is not None and int(row[0]) == task.size and float(row[1]) == task.mtime


# --------------------------------------------------------------------------- running


class _Run:
    """Dispatches messages to the writer and tracks progress, errors and finished files."""

    def __init__(self, writer: _Writer, progress: Progress | None) -> None:
        self.writer = writer
        self.progress = progress
        self.done_records = 0
        self.finished: list[str] = []
        self.errors: dict[str, str] = {}

    def handle(self, kind: str, name: str, payload: Any) -> None:
        if kind == "records":
            self.writer.records(name, payload)
            self.done_records += len(payload)
            if self.progress is not None:
                self.progress(self.done_records, name)
        elif kind == "deletes":
            self.writer.deletes(name, payload)
        elif kind == "done":
            self.writer.done(name, payload)
            self.finished.append(name)
        elif kind == "error":
            self.errors[name] = payload


def _run_inline(run: _Run, tasks: list[_Task]) -> None:
    """jobs=1: parse in this process, in sequence order, stop at the first bad file."""
    for task in tasks:
        for kind, name, payload in _parse_file(task):
            run.handle(kind, name, payload)
        if run.errors:
            return


def _run_parallel(run: _Run, tasks: list[_Task], jobs: int) -> None:
    """Parse files in `jobs` spawned processes; this process alone writes SQLite.

    Workers take files in sequence order. The result queue is bounded, so a
    fast parser waits for the writer instead of filling memory. After the first
    bad file no new file is started; files already being parsed are stopped.
    """
    ctx = mp.get_context("spawn")
    task_q: Any = ctx.Queue()
    results: Any = ctx.Queue(maxsize=jobs * _QUEUE_BATCHES_PER_JOB + 1)
    stop = ctx.Event()
    for task in tasks:
        task_q.put(task)
    for _ in range(jobs):
        task_q.put(None)
    procs = [ctx.Process(target=_worker, args=(task_q, results, stop)) for _ in range(jobs)]
    for proc in procs:
        proc.start()
    running = len(procs)
    quiet = 0  # consecutive empty polls
    try:
        while running:
            try:
                kind, name, payload = results.get(timeout=1.0)
            except queue.Empty:
                quiet += 1
                # Twice: a worker's last message may land just after the first poll.
                if quiet >= 2:
                    _check_alive(procs, running)
                continue
            quiet = 0
            if kind == "exit":
                running -= 1
                continue
            if stop.is_set() and kind != "error":
                continue
            run.handle(kind, name, payload)
            if kind == "error":
                stop.set()
    finally:
        stop.set()
        _reap(procs, results)


def _check_alive(procs: list[Any], running: int) -> None:
    """A worker that died without saying goodbye (killed, OOM) must not hang the import."""
    alive = sum(1 for p in procs if p.is_alive())
    if alive < running:
        codes = [p.exitcode for p in procs if not p.is_alive() and p.exitcode]
        raise RefcheckError(f"a mirror import worker died (exit code {codes[0] if codes else '?'})")


def _reap(procs: list[Any], results: Any) -> None:
    """Let workers exit (draining what they still push), then end any that hang."""
    deadline = time.monotonic() + 10.0
    while any(p.is_alive() for p in procs) and time.monotonic() < deadline:
        with contextlib.suppress(queue.Empty):
            results.get(timeout=0.05)
    for proc in procs:
        if proc.is_alive():
            proc.terminate()
        proc.join(timeout=5.0)


def import_files(
    cache: RecordCache,
    paths: Sequence[Path],
    *,
    jobs: int = 1,
    force: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import baseline/update files into `cache`; see the module docstring for the rules.

    `progress(done_records, file_name)` is called after every batch, with the
    running total over all files. Raises MirrorImportError (an InputError)
    naming the first bad file; whatever was written before stays, and the bad
    file is not marked imported, so running the import again redoes it.
    """
    started = time.monotonic()
    tasks = _tasks([Path(p) for p in paths])
    _ensure_tables(cache)
    skipped = [t.name for t in tasks if not force and _unchanged(cache, t)]
    todo = [t for t in tasks if t.name not in skipped]
    writer = _Writer(cache, {t.name: t for t in todo})
    run = _Run(writer, progress)
    if jobs <= 1:
        _run_inline(run, todo)
    elif todo:
        # Even one file gains from a worker: it parses while this process writes.
        _run_parallel(run, todo, min(jobs, len(todo)))
    report = ImportReport(
        files_imported=tuple(run.finished),
        files_skipped=tuple(skipped),
        records_written=writer.written,
        records_superseded=writer.superseded,
        deleted=writer.deleted,
        seconds=time.monotonic() - started,
    )
    if run.errors:
        first = min(run.errors, key=lambda n: writer.tasks[n].seq)
        raise MirrorImportError(run.errors[first], report)
    return report


# --------------------------------------------------------------------------- info


def mirror_info(cache: RecordCache, *, clock: Callable[[], float] = time.time) -> MirrorInfo:
    """Which files are loaded, how many records came from them and how old the newest is."""
    _ensure_tables(cache)
    rows = cache.db.execute(
        "SELECT name, seq, size, mtime, md5, records, deleted, imported_at "
        "FROM mirror_files ORDER BY seq"
    ).fetchall()
    files = tuple(
        MirrorFile(str(n), int(s), int(sz), float(mt), str(md5), int(r), int(d), float(at))
        for n, s, sz, mt, md5, r, d, at in rows
    )
    count = cache.db.execute(
        "SELECT COUNT(*) FROM records WHERE source = ? AND found = 1", [SOURCE]
    ).fetchone()[0]
    newest = files[-1] if files else None
    newest_date = max(f.mtime for f in files) if files else None
    age = max(0.0, (clock() - newest_date) / _DAY) if newest_date is not None else None
    return MirrorInfo(
        files=files,
        records=int(count),
        newest_file=newest.name if newest else None,
        newest_date=newest_date,
        age_days=age,
    )


__all__ = [
    "ImportReport",
    "MirrorFile",
    "MirrorImportError",
    "MirrorInfo",
    "file_sequence",
    "import_files",
    "mirror_info",
]
