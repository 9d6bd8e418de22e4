"""What rebuilding stored records costs, by the kind of object they are rebuilt as.

A re-check of unchanged pages reads the pages, checks their stored keys and rebuilds
the stored results with their records (refcheck.frozen_blob). `run.py` finds the
re-check at 2.3-3.4x a bare lxml parse of the same pages, against a target of 2x,
and most of the difference is that rebuilding. This script shows why changing how
the blobs are read cannot close it: it rebuilds the 3,000 records of the bench's
1,000 pages as refcheck does (frozen dataclasses), as NamedTuples restored by C's
`tuple.__new__` (the cheapest class with named fields a model could become), and as
plain tuples (no model at all), beside a bare parse of the same pages. All in one
process, each 9 times in turn, medians printed.

    .venv/bin/python bench/restore_costs.py
"""

from __future__ import annotations

import dataclasses
import gc
import io
import os
import pickle
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # bench/common.py, beside this script
import lxml.html

from refcheck import frozen_blob
from refcheck.cache import RecordCache
from refcheck.models import CommentCorrection, PersonName, PubMedRecord

PAGES, PER_PAGE, REPEATS = 1000, 3, 9
RECORD_FIELDS = [f.name for f in dataclasses.fields(PubMedRecord)]


class NameTuple(NamedTuple):
    last_name: str
    initials: str
    fore_name: str
    suffix: str
    collective: bool


class LinkTuple(NamedTuple):
    ref_type: str
    pmid: str | None
    source: str


RecordTuple = NamedTuple(  # type: ignore[misc]
    "RecordTuple", [(name, Any) for name in RECORD_FIELDS]
)
_SHAPES = {PersonName: NameTuple, CommentCorrection: LinkTuple, PubMedRecord: RecordTuple}


def _as_tuples(value: Any, named: bool) -> Any:
    """The record's values with every model object a tuple (named, or plain)."""
    if type(value) in _SHAPES:
        fields = [f.name for f in dataclasses.fields(value)]
        values = [_as_tuples(getattr(value, f), named) for f in fields]
        return _SHAPES[type(value)](*values) if named else tuple(values)
    if type(value) is tuple:
        return tuple(_as_tuples(v, named) for v in value)
    return value


class _TuplePickler(pickle.Pickler):
    """NamedTuples written as one C call each, `tuple.__new__(cls, values)`, their classes
    as references: what frozen_blob does for the models, for tuples."""

    def persistent_id(self, obj: Any) -> str | None:
        return _REF_NAMES.get(id(obj))

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) in _REF_TYPES:
            return tuple.__new__, (type(obj), tuple(obj))
        return NotImplemented


_REFS: dict[str, object] = {
    "new": tuple.__new__,
    "NameTuple": NameTuple,
    "LinkTuple": LinkTuple,
    "RecordTuple": RecordTuple,
}
_REF_NAMES = {id(v): k for k, v in _REFS.items()}
_REF_TYPES = {NameTuple, LinkTuple, RecordTuple}


def _dump_tuples(value: Any) -> bytes:
    out = io.BytesIO()
    _TuplePickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return out.getvalue()


def _load_tuples(data: bytes) -> Any:
    unpickler = pickle.Unpickler(io.BytesIO(data))
    unpickler.persistent_load = _REFS.__getitem__  # type: ignore[method-assign]
    return unpickler.load()


def _timed_ms(run: Callable[[], object], runs: list[float]) -> None:
    gc.collect()
    t0 = time.perf_counter()
    run()
    runs.append((time.perf_counter() - t0) * 1000)


def _bare_parse(directory: Path) -> None:
    for name in sorted(os.listdir(directory)):
        if name.endswith(".html"):
            with open(directory / name, "rb") as handle:
                lxml.html.fromstring(handle.read())


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="refcheck-restore-") as tmp:
        pages = Path(tmp) / "pages"
        cache_path = Path(tmp) / "cache.sqlite"
        with common.make_server(rate_limit=1000.0, latency=0.0, per_record_latency=0.0) as server:
            pmids = server.synthesize(PAGES * PER_PAGE, 42_000_000)
            common.write_pages(pages, [server.store.facts(p) for p in pmids], PAGES, PER_PAGE)
            from refcheck.api import check_pages
            from refcheck.config import Settings
            from refcheck.pages import iter_pages

            settings = Settings(eutils_url=server.base_url, cache_path=cache_path)
            check_pages(iter_pages([str(pages)]), settings)  # the records, as refcheck stores them
        with RecordCache(cache_path) as cache:
            stored = [
                row[0]
                for row in cache.db.execute("SELECT record FROM records WHERE found").fetchall()
            ]
        records = [frozen_blob.loads(blob) for blob in stored]
        named = [_dump_tuples(_as_tuples(r, named=True)) for r in records]
        plain = [pickle.dumps(_as_tuples(r, named=False), pickle.HIGHEST_PROTOCOL) for r in records]
        assert _load_tuples(named[0]).authors[0].last_name == records[0].authors[0].last_name
        cases: dict[str, Callable[[], object]] = {
            f"bare lxml parse of the {PAGES} pages": lambda: _bare_parse(pages),
            "records as refcheck rebuilds them (frozen dataclasses)": lambda: [
                frozen_blob.loads(b) for b in stored
            ],
            "the same as NamedTuples (tuple.__new__, in C)": lambda: [
                _load_tuples(b) for b in named
            ],
            "the same as plain tuples (no model classes)": lambda: [pickle.loads(b) for b in plain],
        }
        runs: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(REPEATS):
            for name, run in cases.items():
                _timed_ms(run, runs[name])
    bare = statistics.median(runs[next(iter(cases))])
    objects = sum(1 + len(r.authors) + len(r.comments_corrections) for r in records)
    print(
        f"{len(records)} records ({objects:,} model objects), {PAGES} pages; medians of {REPEATS}"
    )
    print(f"{'what':<58} {'ms':>7} {'/ bare':>7}")
    for name, values in runs.items():
        ms = statistics.median(values)
        print(f"{name:<58} {ms:>7.1f} {ms / bare:>6.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
