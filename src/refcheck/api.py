"""The pipeline: pages -> citations -> records -> findings -> RunResult.

This is the library entry point (the CLI is a thin layer over it) and the one
place besides the CLI that builds the cache and the E-utilities client.
Pages are read and extracted one at a time and their text dropped at once, so
memory grows with the number of citations, not with the size of the pages.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from refcheck.cache import CachedEntry, RecordCache, StoredPage
from refcheck.compare.journals import iso4_computed, seed_iso4
from refcheck.config import Settings
from refcheck.gc_pause import paused_collections
from refcheck.lookup import Lookup, Resolved, normalize_pmid
from refcheck.models import (
    Citation,
    CitationResult,
    Field,
    NotFound,
    Page,
    PageError,
    PageResult,
    PubMedRecord,
    RunResult,
    Severity,
    Unavailable,
)
from refcheck.ordered import shut_down_after
from refcheck.suggestions import Suggester
from refcheck.verdicts import judge, judge_all

if TYPE_CHECKING:  # the page pipeline's modules (extraction among them) are imported by
    from refcheck.memo import PageEntry  # check_pages, so spot checks do not load them

__all__ = ["check_citations", "check_pages", "fetch_record", "judge", "open_cache"]

Progress = Callable[[str], None]


def open_cache(settings: Settings) -> RecordCache:
    return RecordCache(settings.cache_path)


class _PipelinedLookup:
    """Resolve PMIDs while pages are still being read.

    The cache is consulted in chunks as PMIDs appear; full batches of misses go
    to NCBI on worker threads at once, so reading and parsing pages overlaps with
    E-utilities waits and the rate limiter is kept busy. Batches are always full
    (`batch_size`) except the last, so N misses cost ceil(N / batch_size) requests.
    """

    def __init__(self, lookup: Lookup) -> None:
        self.lookup = lookup
        self.size = lookup.settings.batch_size
        # as many requests in flight as the rate limiter lets go at once without a key
        workers = 4 if lookup.settings.api_key else 3
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="refcheck-efetch")
        self.seen: set[str] = set()
        self.pending: list[str] = []
        self.to_fetch: list[str] = []
        self.fallback: dict[str, CachedEntry] = {}
        self.resolved: dict[str, Resolved] = {}  # what the cache answered
        self.futures: list[Future[dict[str, Resolved]]] = []
        self.client_started = False

    def add(self, keys: Iterable[str]) -> None:
        """Queue PMIDs; `flush` looks them up."""
        for key in keys:
            if key not in self.seen:
                self.seen.add(key)
                self.pending.append(key)

    def flush(self) -> None:
        """Consult the cache for what was queued; send every full batch of misses."""
        if self.pending:
            self._plan()
        if self.to_fetch and not self.client_started:
            # building the HTTP client (TLS context) takes a tenth of a second: do it on
            # a worker while pages are still being read, not when the first batch is full
            self.client_started = True
            self.pool.submit(lambda: self.lookup.client)
        while len(self.to_fetch) >= self.size:
            self._submit(self.to_fetch[: self.size])
            del self.to_fetch[: self.size]

    def _plan(self) -> None:
        plan = self.lookup.plan(self.pending)
        self.pending = []
        self.resolved.update(plan.resolved)
        self.to_fetch.extend(plan.to_fetch)
        self.fallback.update(plan.fallback)

    def _submit(self, batch: list[str]) -> None:
        fallback = {p: self.fallback[p] for p in batch if p in self.fallback}
        self.futures.append(self.pool.submit(self.lookup.fetch, list(batch), fallback))

    def finish(self) -> Iterator[dict[str, Resolved]]:
        """Send what is left; yield the outcomes known so far, then each batch as it lands.

        The caller judges pages while later batches are still in flight.
        """
        if self.pending:
            self._plan()
        for start in range(0, len(self.to_fetch), self.size):
            self._submit(self.to_fetch[start : start + self.size])
        self.to_fetch = []
        with shut_down_after(self.pool):
            yield dict(self.resolved)
            for future in as_completed(self.futures):
                yield future.result()


# Pages read before one batched cache query; bounds memory too. Small while pages
# are new (extraction dominates and NCBI should get its first batch early), large
# while they come from the cache (a query per window is then the main cost).
EXTRACT_WINDOW = 256
NEW_PAGES_WINDOW = 16


@dataclass(frozen=True)
class _Extracted:
    source: str
    url: str | None
    entry: PageEntry | None  # None: the page could not be read
    error: str | None


def _extract_all(
    items: Iterable[Page | PageError],
    pipeline: _PipelinedLookup,
    progress: Progress | None,
    cache: RecordCache | None,
    year: int,
) -> list[_Extracted]:
    """Extract window by window, dropping each page's text once it is read."""
    from refcheck.memo import load_pages

    out: list[_Extracted] = []
    window: list[Page | PageError] = []
    size = NEW_PAGES_WINDOW

    def flush() -> None:
        nonlocal size
        pages = [p for p in window if isinstance(p, Page)]
        loaded = load_pages(pages, cache, year)
        new = sum(1 for e in loaded if e.extracted_now)
        size = NEW_PAGES_WINDOW if 2 * new > len(loaded) else EXTRACT_WINDOW
        entries = iter(loaded)
        for item in window:
            if isinstance(item, PageError):
                out.append(_Extracted(item.source, None, None, item.message))
                continue
            entry = next(entries)
            out.append(_Extracted(item.source, item.url, entry, None))
            pipeline.add(k for k in entry.pmids if k)
        pipeline.flush()
        window.clear()
        if progress:
            progress(f"read {len(out)} pages")

    for item in items:
        window.append(item)
        if len(window) >= size:
            flush()
    flush()
    return out


def _add_suggestions(
    results: Sequence[CitationResult], suggester: Suggester
) -> list[CitationResult]:
    out = []
    for r in results:
        if not r.findings:  # most citations: nothing to look at
            out.append(r)
            continue
        wrong = [f for f in r.findings if f.field is Field.PMID and f.severity is Severity.ERROR]
        claim = r.citation.claim
        if wrong and claim.author_names and (claim.year or claim.title or claim.journal):
            pmid = suggester.suggest(claim, exclude=r.citation.pmid)
            if pmid:
                fixed = tuple(
                    replace(
                        f,
                        suggestion=pmid,
                        message=f"{f.message}; the cited paper is probably PMID {pmid}",
                    )
                    if f in wrong
                    else f
                    for f in r.findings
                )
                r = replace(r, findings=fixed)
        out.append(r)
    return out


@contextmanager
def _session(
    settings: Settings, cache: RecordCache | None = None, lookup: Lookup | None = None
) -> Iterator[Lookup]:
    """A Lookup for one run: opens (and closes) the cache unless the caller gave one.

    ISO 4 abbreviations of journal names computed before are loaded from the
    cache first and the new ones saved after, so no run rebuilds pyiso4's table
    for names it has seen.
    """
    own_cache = cache is None and lookup is None
    if lookup is None:
        cache = cache if cache is not None else open_cache(settings)
        lookup = Lookup(settings, cache)
    try:
        if lookup.cache is not None:
            seed_iso4(lookup.cache.get_iso4())
        yield lookup
        if lookup.cache is not None:
            lookup.cache.put_iso4(iso4_computed())
    finally:
        lookup.close()
        if own_cache and cache is not None:
            cache.close()


_UNREADABLE = (
    "refcheck's stored data for this page was unreadable (was the cache file altered?) "
    "and has been discarded: check the page again"
)


class _PageJudge:
    """Judges pages as the outcomes of their PMIDs arrive, reusing stored verdicts.

    A page is ready once every PMID it cites is resolved; ready pages are judged
    together; verdicts stored by an earlier run are reused when still valid, and
    new or changed ones are written back in one transaction (refcheck.memo).
    """

    def __init__(
        self,
        extracted: list[_Extracted],
        cache: RecordCache | None,
        year: int,
        suggester: Suggester | None,
    ) -> None:
        from refcheck.memo import Judging

        self.extracted = extracted
        self.cache = cache
        self.judging = Judging(year, cache)
        self.suggester = suggester
        self.results: list[PageResult | None] = [None] * len(extracted)
        self.waiting: dict[str, list[int]] = {}  # PMID -> pages still waiting for it
        self.missing: list[int] = [0] * len(extracted)  # per page: PMIDs not yet resolved
        self.ready: list[int] = []  # pages citing no valid PMID: ready at once
        for i, e in enumerate(extracted):
            if e.entry is None:
                self.results[i] = PageResult(e.source, error=e.error, url=e.url)
                continue
            keys = {k for k in e.entry.pmids if k}
            self.missing[i] = len(keys)
            if not keys:
                self.ready.append(i)
            for k in keys:
                self.waiting.setdefault(k, []).append(i)

    def add(self, outcomes: Mapping[str, Resolved]) -> None:
        """Record new outcomes and judge every page they complete."""
        self.judging.add(outcomes)
        ready, self.ready = self.ready, []
        for key in outcomes:
            for i in self.waiting.pop(key, ()):
                self.missing[i] -= 1
                if not self.missing[i]:
                    ready.append(i)
        self._judge(sorted(ready))

    def _judge(self, indices: list[int]) -> None:
        rows: dict[str, StoredPage] = {}
        unreadable: list[str] = []
        # pages that could not be read have their results from the start
        pages = [(i, entry) for i in indices if (entry := self.extracted[i].entry) is not None]
        judged = self.judging.pages([entry for _, entry in pages])
        for (i, entry), (verdicts, row) in zip(pages, judged, strict=True):
            e = self.extracted[i]
            if row is not None:
                rows[entry.key] = row
            if verdicts is None:
                unreadable.append(entry.key)
                self.results[i] = PageResult(e.source, error=_UNREADABLE, url=e.url)
                continue
            results, page_findings = verdicts
            if self.suggester is not None:
                results = _add_suggestions(results, self.suggester)
            self.results[i] = PageResult(e.source, tuple(results), page_findings, url=e.url)
        if self.cache is not None:
            self.cache.put_memos(rows)
            self.cache.drop_memos(unreadable)

    def pages(self) -> tuple[PageResult, ...]:
        # a page still waiting lacks an outcome its judging will report as such
        self._judge([i for i, r in enumerate(self.results) if r is None])
        return tuple(r for r in self.results if r is not None)


def check_pages(
    items: Iterable[Page | PageError],
    settings: Settings,
    *,
    cache: RecordCache | None = None,
    lookup: Lookup | None = None,
    current_year: int | None = None,
    progress: Progress | None = None,
    suggest: bool = True,
) -> RunResult:
    """Check every page; E-utilities requests of all pages are pooled."""
    year = current_year or _dt.date.today().year
    with paused_collections(), _session(settings, cache, lookup) as lookup:
        pipeline = _PipelinedLookup(lookup)
        extracted = _extract_all(items, pipeline, progress, lookup.cache, year)
        if progress:
            progress(
                f"{len(extracted)} pages, {len(pipeline.seen)} distinct PMIDs: looking them up"
            )
        suggester = Suggester(lookup, lookup.cache, current_year=year) if suggest else None
        judge = _PageJudge(extracted, lookup.cache, year, suggester)
        for outcomes in pipeline.finish():
            judge.add(outcomes)
        pages = judge.pages()
        stats = _lookup_stats(lookup)
        if suggester is not None:
            stats["searches"] = suggester.searches
        if lookup.cache is not None and lookup.cache.write_failures:
            stats["cache_write_failures"] = len(lookup.cache.write_failures)
        return RunResult(pages, stats)


def _lookup_stats(lookup: Lookup) -> dict[str, int]:
    """What a run's lookups did, cache hits to E-utilities requests (RunResult.stats)."""
    stats = lookup.stats.as_dict()
    stats.update(lookup.client_stats())
    return stats


def check_citations(
    citations: Sequence[Citation],
    settings: Settings,
    *,
    cache: RecordCache | None = None,
    current_year: int | None = None,
    stats: dict[str, int] | None = None,
) -> list[CitationResult]:
    """Check citations built by the caller (e.g. `refcheck pmid --author ...`).

    `stats`, if given, is updated with what the lookups did (as `RunResult.stats`): a
    caller can tell whether E-utilities was asked at all or the cache answered."""
    year = current_year or _dt.date.today().year
    with _session(settings, cache) as lookup:
        resolved = lookup.resolve(k for c in citations if (k := normalize_pmid(c.pmid)))
        results = judge_all(citations, resolved, year)
        results = _add_suggestions(results, Suggester(lookup, lookup.cache, current_year=year))
        if stats is not None:
            stats.update(_lookup_stats(lookup))
        return results


def fetch_record(
    pmid: str, settings: Settings, *, stats: dict[str, int] | None = None
) -> PubMedRecord | NotFound | Unavailable:
    """The PubMed record for one PMID (cache first); `stats` as for `check_citations`."""
    key = normalize_pmid(pmid)
    if key is None:
        return NotFound(pmid)
    with _session(settings) as lookup:
        outcome = lookup.resolve([key])[key].outcome
        if stats is not None:
            stats.update(_lookup_stats(lookup))
        return outcome
