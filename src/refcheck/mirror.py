"""Load PubMed baseline and update files (`pubmedYYnNNNN.xml.gz`) into the cache.

A local mirror lets a nightly run check a whole site without asking NCBI
(eutils-protocol.md §7). The files use the efetch XML. Import stores each
article's raw XML only (`source = "mirror"`, `record` NULL, parser version
PARSER_UNPARSED): most of a baseline's 30,000 records per file are never
looked at, so they are parsed by `parse_article` lazily, the first time
`RecordCache.get_many` returns them, and stored parsed from then on.

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

Import speed: each file is read once, in 1 MB steps. libxml2 (hardened
options, no tree: a null parser target) checks the bytes are well-formed, and
the articles are cut out of the same bytes with bytes.find (`_Splitter`); the
PMID is read with a regex. Memory stays flat: a step, one partial article and
one batch; worker processes hand batches of (pmid, raw XML) to the parent
through a bounded queue, and the parent is the only process that writes SQLite.
"""

from __future__ import annotations

import contextlib
import gc
import gzip
import hashlib
import multiprocessing as mp
import os
import queue
import re
import signal
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import wait as wait_for
from pathlib import Path
from typing import IO, Any, cast

from lxml import etree

from refcheck.cache import MIRROR_SOURCE, PARSER_UNPARSED, RecordCache
from refcheck.errors import ConfigError, EutilsParseError, InputError
from refcheck.eutils.parse import ARTICLE_TAGS
from refcheck.xmlsafe import parse_xml

SOURCE = MIRROR_SOURCE
BATCH_SIZE = 2000  # records per message and per SQLite transaction
_CHUNK = 500  # SQL variables per IN (...) query
_QUEUE_BATCHES_PER_JOB = 1  # batches (~20 MB each) waiting per worker: bounds memory
_FILE_NAME = re.compile(r"^pubmed(\d{2})n(\d{4})\.xml(?:\.gz)?$")
_DAY = 86_400.0
_POLL = 1.0  # seconds between the reading loop's looks at whether a worker died

Progress = Callable[[int, str], None]
Row = tuple[str, bytes]  # pmid, raw article XML


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
    if match is None:  # a file given by mistake: a usage error (exit code 2)
        raise ConfigError(
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
            # which copy to apply is the user's to say: a usage error (exit code 2)
            raise ConfigError(f"{path.name} given twice from different folders")
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


def _file_md5(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _open_xml(raw: IO[bytes], name: str) -> IO[bytes]:
    if name.endswith(".gz"):
        return cast(IO[bytes], gzip.GzipFile(fileobj=raw, mode="rb"))
    return raw


_READ = 1 << 20  # decompressed bytes per step
_MAX_ELEMENT = 64 << 20  # one root-level element larger than this is not a PubMed record
_ROOT = b"PubmedArticleSet"
_ARTICLES = frozenset(t.encode() for t in ARTICLE_TAGS)
_DELETE = b"DeleteCitation"
_NAME_END = frozenset(b" \t\r\n/>")
_START_TAG = re.compile(
    rb"<([A-Za-z_:][^\s/>]*)((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(/?)>"
)
_END_TAG = re.compile(rb"</([^\s>]+)\s*>")
_ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
# The first PMID an article holds, where the DTD puts it: what parse_article keys on.
_FIRST_PMID = re.compile(
    rb"<(?:PubmedArticle|PubmedBookArticle)\s*>\s*<(?:MedlineCitation|BookDocument)\b[^>]*>"
    rb"\s*<PMID\b[^>]*>\s*([0-9]+)\s*</PMID>"
)
_DELETED_PMID = re.compile(rb"<PMID\b[^>]*>([^<]*)</PMID>")
# Anything but the five predefined entities and character references: the raw
# bytes are parsed on their own later, without a DTD, so they must stand alone.
_ENTITY_REF = re.compile(rb"&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)[^;\s<]{0,40};?")


class _NullTarget:
    """A parser target that keeps nothing: libxml2 checks well-formedness, no tree is built."""

    def close(self) -> None:
        return None


def _has_markup_decl(buf: bytes, lo: int, hi: int) -> bool:
    """Is there a comment, CDATA section or processing instruction in buf[lo:hi]?

    Searched by the rare '!' and '?' (memchr) rather than by '<!' (every '<' is a
    candidate), so the common case costs almost nothing.
    """
    for ch in (b"!", b"?"):
        i = buf.find(ch, lo, hi)
        while i >= 0:
            if buf[i - 1] == 0x3C:  # '<'
                return True
            i = buf.find(ch, i + 1, hi)
    return False


def _nested(buf: bytes, name: bytes, lo: int, hi: int) -> bool:
    """Does another <name ...> start inside buf[lo:hi]?"""
    pat = b"<" + name
    i = buf.find(pat, lo, hi)
    while i >= 0:
        if buf[i + len(pat)] in _NAME_END:
            return True
        i = buf.find(pat, i + 1, hi)
    return False


def _skip_decl(buf: bytes, lt: int) -> int:
    """End of the comment, CDATA section or PI at buf[lt]; -1 if more data is needed."""
    for opener, closer in ((b"<!--", b"-->"), (b"<![CDATA[", b"]]>"), (b"<?", b"?>")):
        if buf.startswith(opener, lt):
            end = buf.find(closer, lt + len(opener))
            return end + len(closer) if end >= 0 else -1
    if len(buf) - lt < 9:
        return -1
    raise EutilsParseError(f"unexpected markup {buf[lt : lt + 12]!r}")


def _careful_end(buf: bytes, start: int, name: bytes) -> int:
    """End of the element `name` opened just before `start`, tag by tag.

    The slow path, for an element holding comments, CDATA or PIs (which may
    contain anything) or a nested element of its own name; -1: need more data.
    """
    depth = 0
    pos = start
    while True:
        lt = buf.find(b"<", pos)
        if lt < 0 or len(buf) - lt < 9:
            return -1
        nxt = buf[lt + 1]
        if nxt in b"!?":
            pos = _skip_decl(buf, lt)
            if pos < 0:
                return -1
            continue
        match = (_END_TAG if nxt == 0x2F else _START_TAG).match(buf, lt)
        if match is None:
            if buf.find(b">", lt) < 0:
                return -1
            raise EutilsParseError(f"unreadable tag {buf[lt : lt + 24]!r}")
        if match[1] == name:
            if nxt == 0x2F:
                if depth == 0:
                    return match.end()
                depth -= 1
            elif not match[3]:
                depth += 1
        pos = match.end()


def _element_end(buf: bytes, start: int, name: bytes) -> int:
    """End of the element opened just before `start`; -1 if more data is needed.

    Fast path: the first `</name>`. It is the element's own end tag when no
    comment/CDATA/PI lies before it (so every '<' there is a tag) and no other
    <name> starts before it; otherwise the tags are walked one by one.
    """
    close = b"</" + name + b">"
    j = buf.find(close, start)
    if j < 0:
        return -1
    if _has_markup_decl(buf, start, j) or _nested(buf, name, start, j):
        return _careful_end(buf, start, name)
    return j + len(close)


class _Splitter:
    """Cuts the root's children out of a decompressed file as raw bytes.

    PubMed files are `<PubmedArticleSet>` holding PubmedArticle,
    PubmedBookArticle and DeleteCitation elements that never nest, so each
    child is found with bytes.find instead of being parsed into a tree and
    serialised again. Well-formedness is checked separately by libxml2 on the
    same bytes (`_Checker`); this class refuses what that check lets through
    but the stored bytes could not survive: an internal DTD subset (entity
    declarations), another encoding than UTF-8, namespace declarations on the
    root, references to entities other than the predefined five.
    """

    def __init__(self) -> None:
        self.buf = b""
        self.pos = 0
        self.in_root = False
        self.ended = False
        self.eof = False

    def feed(self, data: bytes, *, eof: bool = False) -> Iterator[tuple[bytes, bytes]]:
        """(tag, element bytes) for every root child completed by `data`."""
        buf = self.buf[self.pos :] + data if self.pos < len(self.buf) else data
        self.buf, self.pos, self.eof = buf, 0, eof
        if not self.in_root:
            self._prolog()
        while self.in_root and not self.ended:
            lt = buf.find(b"<", self.pos)
            if lt < 0:
                self.pos = len(buf)  # text between elements: whitespace in PubMed
                return
            self.pos = lt
            if len(buf) - lt < (2 if self.eof else 32):
                return
            nxt = buf[lt + 1]
            if nxt in b"!?":
                end = _skip_decl(buf, lt)
                if end < 0:
                    return
                self.pos = end
                continue
            if nxt == 0x2F:  # '/': the root's end tag (libxml2 checks it matches)
                self.ended = True
                return
            match = _START_TAG.match(buf, lt)
            if match is None:
                if buf.find(b">", lt) < 0:
                    self._need_more(lt)
                    return
                raise EutilsParseError(f"unreadable tag {buf[lt : lt + 24]!r}")
            name = match[1]
            end = match.end() if match[3] else _element_end(buf, match.end(), name)
            if end < 0 and self.eof:  # e.g. `</PubmedArticle >`, which the fast path misses
                end = _careful_end(buf, match.end(), name)
            if end < 0:
                self._need_more(lt)
                return
            self.pos = end
            yield name, buf[lt:end]

    def _need_more(self, lt: int) -> None:
        if len(self.buf) - lt > _MAX_ELEMENT:
            raise EutilsParseError(f"an element larger than {_MAX_ELEMENT >> 20} MB")

    def _prolog(self) -> None:
        """Skip the XML declaration, comments and the DOCTYPE; find the root start tag."""
        buf = self.buf
        while True:
            lt = buf.find(b"<", self.pos)
            if lt < 0 or len(buf) - lt < (2 if self.eof else 32):
                return
            self.pos = lt
            if buf.startswith(b"<!DOCTYPE", lt):
                gt = buf.find(b">", lt)
                if gt < 0:
                    return
                if b"[" in buf[lt:gt]:
                    raise EutilsParseError(
                        "XML declares its own entities (an internal DTD subset); refused"
                    )
                self.pos = gt + 1
            elif buf.startswith(b"<?", lt):
                end = buf.find(b"?>", lt)
                if end < 0:
                    return
                encoding = _ENCODING.search(buf, lt, end) if buf.startswith(b"<?xml", lt) else None
                if encoding and encoding[1].lower() not in (b"utf-8", b"utf8"):
                    raise EutilsParseError(f"encoding {encoding[1].decode()} is not UTF-8")
                self.pos = end + 2
            elif buf.startswith(b"<!--", lt):
                end = _skip_decl(buf, lt)
                if end < 0:
                    return
                self.pos = end
            elif buf.startswith(b"<!", lt):
                raise EutilsParseError("XML declares its own entities or DTD markup; refused")
            else:
                match = _START_TAG.match(buf, lt)
                if match is None:
                    if buf.find(b">", lt) < 0:
                        return
                    raise EutilsParseError(f"unreadable tag {buf[lt : lt + 24]!r}")
                if match[1] != _ROOT:
                    root = match[1].decode("utf-8", "replace")[:40]
                    raise EutilsParseError(f"root element is {root}, not PubmedArticleSet")
                if b"xmlns" in match[2]:
                    raise EutilsParseError("namespace declarations on the root; not a PubMed file")
                self.pos = match.end()
                self.in_root = True
                self.ended = bool(match[3])
                return

    def finish(self) -> None:
        """After `feed(..., eof=True)`: the root must have been closed."""
        if not self.ended:
            raise EutilsParseError("invalid XML: the document ends inside an element")


class _Checker:
    """libxml2 (hardened options) reads every byte for well-formedness, building nothing."""

    def __init__(self) -> None:
        self._parser = etree.XMLParser(
            # Any: lxml-stubs' ParserTarget demands start/end/data, whose absence
            # is exactly what keeps libxml2 from calling into Python per element.
            target=cast(Any, _NullTarget()),
            resolve_entities=False,
            load_dtd=False,
            no_network=True,
            huge_tree=False,
        )

    def feed(self, data: bytes) -> None:
        try:
            self._parser.feed(data)
        except etree.XMLSyntaxError as exc:
            raise EutilsParseError(f"invalid XML: {_first_line(exc)}") from None

    def close(self) -> None:
        try:
            self._parser.close()
        except etree.XMLSyntaxError as exc:
            raise EutilsParseError(f"invalid XML: {_first_line(exc)}") from None


def _article_pmid(raw: bytes) -> str:
    """The PMID parse_article will find: MedlineCitation/PMID or BookDocument/PMID."""
    match = _FIRST_PMID.match(raw)
    if match is not None:
        return match[1].decode()
    elem = parse_xml(raw)  # unusual layout (attributes, comments): ask the real parser
    pmid = (
        elem.findtext("MedlineCitation/PMID") or elem.findtext("BookDocument/PMID") or ""
    ).strip()
    if not pmid.isdigit():
        raise EutilsParseError("article without a usable PMID")
    return pmid


def _article_row(raw: bytes) -> Row:
    bad = _ENTITY_REF.search(raw)
    if bad is not None:
        ref = bad[0].decode("utf-8", "replace")
        raise EutilsParseError(f"entity reference {ref} is not allowed (only the XML built-ins)")
    return _article_pmid(raw), raw


def _deleted_pmids(raw: bytes) -> list[str]:
    return [p.decode().strip() for p in _DELETED_PMID.findall(raw) if p.strip()]


def _parse_stream(stream: IO[bytes], name: str) -> Iterator[tuple[str, str, Any]]:
    """Yield ("records", name, rows) batches, then ("deletes", name, pmids)."""
    rows: list[Row] = []
    deletes: list[str] = []
    checker = _Checker()
    splitter = _Splitter()

    def take(children: Iterator[tuple[bytes, bytes]]) -> None:
        for tag, raw in children:
            if tag in _ARTICLES:
                rows.append(_article_row(raw))
            elif tag == _DELETE:
                deletes.extend(_deleted_pmids(raw))

    while data := stream.read(_READ):
        checker.feed(data)
        take(splitter.feed(data))
        while len(rows) >= BATCH_SIZE:
            yield "records", name, rows[:BATCH_SIZE]
            del rows[:BATCH_SIZE]
    checker.close()
    take(splitter.feed(b"", eof=True))
    splitter.finish()
    while rows:
        yield "records", name, rows[:BATCH_SIZE]
        del rows[:BATCH_SIZE]
    yield "deletes", name, deletes


def _parse_file(task: _Task) -> Iterator[tuple[str, str, Any]]:
    """All messages for one file, ending in ("done", name, md5) or ("error", name, message).

    Errors are messages, not exceptions, so the in-process and the worker
    paths share one protocol and a worker survives a bad file.
    """
    path = Path(task.path)
    try:
        expected = _expected_md5(path)
        # with NCBI's sidecar, checked before a record is written (a file found corrupt only
        # at its end had all its records loaded already, and they verified citations), and
        # then not hashed a second time while it is parsed
        digest = _file_md5(path) if expected is not None else None
        if digest is not None and digest != expected:
            message = f"{task.name}: md5 {digest} does not match {task.name}.md5 (nothing loaded)"
            yield "error", task.name, message
            return
        with path.open("rb") as raw:
            hashing = _HashingReader(raw) if digest is None else None
            stream = cast(IO[bytes], hashing or raw)
            yield from _parse_stream(_open_xml(stream, task.name), task.name)
            if hashing is not None:
                while hashing.read(1 << 20):  # hash any trailing bytes too
                    pass
                digest = hashing.md5.hexdigest()
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


def _worker(tasks: Any, results: Any, stop: Any, parent: int, parsing: Any, slot: int) -> None:
    """Worker process body: parse files from `tasks` until a None arrives or `stop` is set.

    `parsing[slot]` is the sequence number of the file this worker took last: shared memory,
    not a message, so that the parent can still read it once the worker has been killed.

    Ctrl-C reaches every process of the terminal's group: the parent alone handles it
    (it sets `stop` and ends the workers), so a worker ignores it rather than print a
    traceback. A worker whose parent is gone (killed) stops instead of waiting forever
    for room in the results queue.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def send(message: Any, *, even_when_stopped: bool = False) -> bool:
        while (even_when_stopped or not stop.is_set()) and os.getppid() == parent:
            try:
                results.put(message, timeout=1.0)
                return True
            except queue.Full:
                continue
        return False

    while not stop.is_set() and os.getppid() == parent:
        try:
            task = tasks.get(timeout=1.0)
        except queue.Empty:
            continue
        if task is None:
            break
        parsing[slot] = task.seq
        for message in _parse_file(task):
            if not send(message):
                break
    if not send(("exit", "", slot), even_when_stopped=True):  # the parent waits for these
        # the parent is gone: nothing will read what is still queued, so do not let
        # the queue's feeder thread hold this process at exit
        results.cancel_join_thread()


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


def _begin_write(cache: RecordCache) -> None:
    """Take the write lock before reading the stored sequences: read first, another import
    could commit a newer file's copy in between, and this batch would overwrite it."""
    if not cache.db.conn.in_transaction:
        cache.db.conn.execute("BEGIN IMMEDIATE")


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

        Rows are raw XML with `record` NULL and parser PARSER_UNPARSED, in
        the columns `RecordCache.put_records` writes: get_many parses them on
        first use.
        """
        task = self.tasks[name]
        latest = dict(rows)  # last copy in the file wins
        with self.cache.db.conn:
            _begin_write(self.cache)
            stored = _stored_seqs(self.cache, list(latest))
            keep = [p for p in latest if stored.get(p, -1) <= task.seq]
            self.cache.db.conn.executemany(
                "INSERT OR REPLACE INTO records "
                "(pmid, found, xml, record, parser, fetched_at, source) "
                "VALUES (?,1,?,NULL,?,?,?)",
                [(p, latest[p], PARSER_UNPARSED, task.mtime, SOURCE) for p in keep],
            )
            self.cache.db.conn.executemany(
                "INSERT OR REPLACE INTO mirror_pmids (pmid, seq, deleted) VALUES (?,?,0)",
                [(p, task.seq) for p in keep],
            )
        self.written += len(keep)
        self.superseded += len(rows) - len(keep)
        self.per_file.setdefault(name, [0, 0])[0] += len(rows)

    def deletes(self, name: str, pmids: list[str]) -> None:
        """Drop deleted PMIDs unless a later file re-sent them; leave tombstones."""
        task = self.tasks[name]
        wanted = list(dict.fromkeys(pmids))
        with self.cache.db.conn:
            _begin_write(self.cache)
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


@dataclass(frozen=True)
class _Death:
    """A worker that ended before it had said goodbye."""

    slot: int
    exitcode: int | None  # negative: killed by that signal


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

    def worker_died(self, death: _Death, seq: int) -> None:
        """Say which files the run ended by `death` left unimported, the dead worker's first.

        `seq`: the file the worker took last. Nothing is said if every file was finished
        (a worker that dies at its exit, after its goodbye, lost nothing).
        """
        tasks = sorted(self.writer.tasks.values(), key=lambda t: t.seq)
        lost = [t for t in tasks if t.name not in self.finished and t.name not in self.errors]
        if not lost:
            return
        own = next((t for t in lost if t.seq == seq), None)
        how = _how_it_ended(death.exitcode)
        if own is None:  # it died between two files: the others' files were cut short
            self.errors[lost[0].name] = (
                f"mirror import: a worker died between files ({how}); {len(lost)} of them, "
                f"{lost[0].name} the first, were not imported; run the import again"
            )
            return
        others = len(lost) - 1
        what = {0: "that file was", 1: "that file and 1 other were"}.get(
            others, f"that file and {others} others were"
        )
        self.errors[own.name] = (
            f"mirror import: worker parsing {own.name} died ({how}); {what} not imported; "
            "run the import again"
        )


def _how_it_ended(exitcode: int | None) -> str:
    """`killed by signal 9, SIGKILL` (what the OOM killer sends), or the exit code."""
    if exitcode is None:
        return "exit code unknown"
    if exitcode >= 0:
        return f"exit code {exitcode}"
    try:
        return f"killed by signal {-exitcode}, {signal.Signals(-exitcode).name}"
    except ValueError:
        return f"killed by signal {-exitcode}"


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
    A worker that dies (kill -9, the OOM killer) ends the run the same way, at
    once: the other workers are ended and the files not finished are reported.
    """
    ctx = mp.get_context("spawn")
    task_q: Any = ctx.Queue()
    results: Any = ctx.Queue(maxsize=jobs * _QUEUE_BATCHES_PER_JOB + 1)
    stop = ctx.Event()
    parsing: Any = ctx.Array("q", jobs, lock=False)  # see _worker
    for task in tasks:
        task_q.put(task)
    for _ in range(jobs):
        task_q.put(None)
    args = (task_q, results, stop, os.getpid(), parsing)
    procs = [ctx.Process(target=_worker, args=(*args, slot)) for slot in range(jobs)]
    for proc in procs:
        proc.start()
    _close_write_end(results)
    watch = _Watch(procs, stop)
    death: _Death | None = None
    interrupted = False
    try:
        death = _receive(run, results, stop, watch, jobs)
    except KeyboardInterrupt:
        # The interrupt may have cut a message from the queue in half: reading on would
        # wait forever for the rest. End the workers instead of draining them.
        interrupted = True
        raise
    finally:
        stop.set()
        watch.close()
        # after a death, the same: the dead worker may have left half a message
        _reap(procs, None if interrupted or death else results)
        if interrupted:
            # Let go of the queues now: their named semaphores are released by finalizers
            # that otherwise run at a normal exit, which an interrupted CLI does not make.
            del procs, args, task_q, results, stop, watch
            gc.collect()
    if death is not None:
        run.worker_died(death, parsing[death.slot])


def _receive(run: _Run, results: Any, stop: Any, watch: _Watch, jobs: int) -> _Death | None:
    """Apply the workers' messages until each has said goodbye; a worker's death ends it.

    The timeout only lets the loop look at `watch` now and then: the read itself is
    ended by the watch (see `_Watch`) when it waits for a message a worker died writing.
    """
    left = set(range(jobs))  # the workers that have not said goodbye
    while left:
        if watch.death is not None:
            return watch.death
        try:
            kind, name, payload = results.get(timeout=_POLL)
        except queue.Empty:
            continue
        except (EOFError, OSError):  # no writer left: all workers are gone, one too soon
            return watch.wait() or _Death(min(left), 0)
        if kind == "exit":
            left.discard(payload)
        elif not stop.is_set() or kind == "error":
            run.handle(kind, name, payload)
            if kind == "error":
                stop.set()
    return None


def _close_write_end(results: Any) -> None:
    """Close this process's copy of the results pipe's write end (it never writes there).

    Then the workers hold the only copies, and a read waiting for the rest of a message
    ends (EOFError, OSError) once they are gone instead of waiting forever. Queue has no
    public call for it; `_writer` has been its write end since Python 2.6.
    """
    results._writer.close()


class _Watch:
    """Waits in a thread for the workers to end; the first that dies ends the others.

    The reading loop cannot do this alone: `Queue.get(timeout=...)` bounds the wait for
    a message's first bytes only. A worker killed while writing one (kill -9, the OOM
    killer) leaves the parent reading for a rest that never comes, and there is no end
    of file while any other process holds the pipe's write end; the others wait for the
    queue's write lock the dead one held. Ending them lets that read fail at once.
    """

    def __init__(self, procs: list[Any], stop: Any) -> None:
        self.death: _Death | None = None
        self._procs = procs
        self._stop = stop
        self._wake, self._waker = mp.Pipe(duplex=False)
        self._thread = threading.Thread(target=self._watch, name="mirror-watch", daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        waiting = {proc.sentinel: slot for slot, proc in enumerate(self._procs)}
        while waiting:
            ready = wait_for([self._wake, *waiting])
            if self._wake in ready:
                return
            for sentinel in ready:
                slot = waiting.pop(sentinel)
                self._procs[slot].join()  # the sentinel fires a moment before the exit code
                if self._procs[slot].exitcode != 0:
                    self._ended_by(slot)
                    return

    def _ended_by(self, slot: int) -> None:
        self.death = _Death(slot, self._procs[slot].exitcode)
        self._stop.set()
        for proc in self._procs:
            proc.terminate()

    def wait(self) -> _Death | None:
        """Once every worker is gone: the death, if one died."""
        self._thread.join(timeout=10.0)
        return self.death

    def close(self) -> None:
        """Stop watching; the workers may be joined from this thread after it."""
        self._waker.close()
        self._thread.join()
        self._wake.close()


def _reap(procs: list[Any], results: Any | None) -> None:
    """Let workers exit (draining what they still push), then end any that hang.
    Without `results` (an interrupted import) they are ended at once."""
    deadline = time.monotonic() + 10.0
    while results is not None and any(p.is_alive() for p in procs) and time.monotonic() < deadline:
        try:
            results.get(timeout=0.05)
        except queue.Empty:
            continue
        except (EOFError, OSError):  # every worker has let go of the pipe: nothing to drain
            break
    for proc in procs:
        if proc.is_alive():
            proc.terminate()
        proc.join(timeout=5.0)


@contextlib.contextmanager
def _fast_writes(cache: RecordCache) -> Iterator[None]:
    """`synchronous = OFF` for the import's connection, restored afterwards (~20% faster).

    A killed import loses nothing committed (WAL); only an OS crash or power
    cut in the middle could damage the file, and the cache is disposable
    (`refcheck cache clear`, then import again).
    """
    (before,) = cache.db.execute("PRAGMA synchronous").fetchone()
    cache.db.execute("PRAGMA synchronous = OFF")
    try:
        yield
    finally:
        cache.db.execute(f"PRAGMA synchronous = {int(before)}")


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
    naming the first bad file, or the file whose worker died (--jobs); whatever
    was written before stays, and such a file is not marked imported, so
    running the import again redoes it.
    """
    started = time.monotonic()
    tasks = _tasks([Path(p) for p in paths])
    _ensure_tables(cache)
    skipped = [t.name for t in tasks if not force and _unchanged(cache, t)]
    todo = [t for t in tasks if t.name not in skipped]
    writer = _Writer(cache, {t.name: t for t in todo})
    run = _Run(writer, progress)
    with _fast_writes(cache):
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
    """Which files are loaded, how many records came from them and how old the newest is.

    A cache that cannot be written (read-only mount) and was never given a mirror has no
    mirror tables, and cannot be given them: it holds no files, which is the answer."""
    if not cache.read_only:
        _ensure_tables(cache)
    rows = []
    if cache.db["mirror_files"].exists():
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
    # the highest-numbered file holds the newest citations; its date is the mirror's (the
    # latest date of any file made a re-downloaded baseline file pass for a fresh mirror)
    newest = files[-1] if files else None
    newest_date = newest.mtime if newest else None
    age = None
    if newest_date is not None:
        days = (clock() - newest_date) / _DAY
        age = max(0.0, days) if days >= -1 else None  # dated ahead of this clock: unknown
    return MirrorInfo(
        files=files,
        records=int(count),
        newest_file=newest.name if newest else None,
        newest_date=newest_date,
        age_days=age,
    )


# NCBI publishes an update file every day; a week without one is a mirror nobody updates.
STALE_AFTER_DAYS = 7.0


def staleness_warning(info: MirrorInfo, stale_after_days: float = STALE_AFTER_DAYS) -> str | None:
    """What a check from this mirror should be told before it trusts it, if anything.

    A mirror's records are as old as its newest file: retractions and corrections
    published since are not in it, and nothing in the verdicts would say so.
    """
    if not info.records:
        return (
            "the local PubMed mirror holds no records: every citation will be unverified "
            "(load baseline and update files with `refcheck mirror import`)"
        )
    if not info.files:
        return (
            f"the local PubMed mirror holds {info.records:,} records from an import that did "
            "not finish: its age is unknown and a file's deletions may be missing (run "
            "`refcheck mirror import` again)"
        )
    if info.age_days is None:
        return (
            f"the local PubMed mirror's newest file ({info.newest_file}) is dated in the future: "
            "its age is unknown, and retractions since it may not be seen"
        )
    if info.age_days > stale_after_days:
        return (
            f"the local PubMed mirror's newest file ({info.newest_file}) is "
            f"{info.age_days:.0f} days old: retractions and corrections published since "
            "are not seen (import the newer update files)"
        )
    return None


__all__ = [
    "STALE_AFTER_DAYS",
    "ImportReport",
    "MirrorFile",
    "MirrorImportError",
    "MirrorInfo",
    "file_sequence",
    "import_files",
    "mirror_info",
    "staleness_warning",
]
