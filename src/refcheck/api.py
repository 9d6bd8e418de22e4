"""The pipeline: pages -> citations -> records -> findings -> RunResult.

This is the library entry point (the CLI is a thin layer over it) and the one
place besides the CLI that builds the cache and the E-utilities client.
Pages are read and extracted one at a time and their text dropped at once, so
memory grows with the number of citations, not with the size of the pages.
"""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from refcheck import __version__
from refcheck.cache import CachedEntry, RecordCache
from refcheck.compare import compare_citation, status_for
from refcheck.compare.journals import iso4_computed, seed_iso4
from refcheck.compare.references import check_references
from refcheck.config import Settings
from refcheck.eutils.parse import record_from_raw
from refcheck.extract import extract
from refcheck.lookup import Lookup, Resolved, normalize_pmid
from refcheck.models import (
    Citation,
    CitationResult,
    Extraction,
    Field,
    Finding,
    NotFound,
    Page,
    PageError,
    PageResult,
    PubMedRecord,
    RunResult,
    Severity,
    Status,
    Unavailable,
)
from refcheck.serialize import extraction_from_dict, extraction_to_dict
from refcheck.suggestions import Suggester

Progress = Callable[[str], None]


@dataclass(frozen=True)
class _Extracted:
    source: str
    url: str | None
    extraction: Extraction | None
    error: str | None


def open_cache(settings: Settings) -> RecordCache:
    return RecordCache(settings.cache_path, reparse=record_from_raw)


class _PipelinedLookup:
    """Resolve PMIDs while pages are still being read.

    The cache is consulted in chunks as PMIDs appear; full batches of misses go
    to NCBI on worker threads at once, so reading and parsing pages overlaps with
    E-utilities waits and the rate limiter is kept busy. Batches are always full
    (`batch_size`) except the last, so N misses cost ceil(N / batch_size) requests.
    """

    CACHE_CHUNK = 500

    def __init__(self, lookup: Lookup) -> None:
        self.lookup = lookup
        self.size = lookup.settings.batch_size
        workers = 4 if lookup.settings.api_key else 2
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="refcheck-efetch")
        self.seen: set[str] = set()
        self.pending: list[str] = []
        self.to_fetch: list[str] = []
        self.fallback: dict[str, CachedEntry] = {}
        self.resolved: dict[str, Resolved] = {}
        self.futures: list[Future[dict[str, Resolved]]] = []

    def add(self, keys: Iterable[str]) -> None:
        for key in keys:
            if key not in self.seen:
                self.seen.add(key)
                self.pending.append(key)
        if len(self.pending) >= self.CACHE_CHUNK:
            self._plan()
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

    def finish(self) -> dict[str, Resolved]:
        self._plan()
        for start in range(0, len(self.to_fetch), self.size):
            self._submit(self.to_fetch[start : start + self.size])
        self.to_fetch = []
        try:
            for future in self.futures:
                self.resolved.update(future.result())
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)
        return self.resolved


EXTRACT_WINDOW = 256  # pages read before one batched cache query; bounds memory too


@functools.cache
def extractor_fingerprint() -> str:
    """Changes whenever the extraction code or the models change (stale entries never match)."""
    import refcheck.extract as package
    from refcheck import models

    digest = hashlib.sha256(__version__.encode())
    for path in sorted(Path(package.__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    digest.update(Path(models.__file__).read_bytes())
    return digest.hexdigest()[:16]


def _page_key(page: Page) -> str:
    raw = f"{extractor_fingerprint()}\0{page.kind.value}\0{page.text}"
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def _extract_window(pages: list[Page], cache: RecordCache | None) -> list[Extraction]:
    """Extract a window of pages; unchanged pages come from the cache in one query."""
    if cache is None:
        return [extract(p) for p in pages]
    keys = [_page_key(p) for p in pages]
    stored = cache.get_extractions(keys)
    out: list[Extraction] = []
    fresh: dict[str, str] = {}
    for page, key in zip(pages, keys, strict=True):
        data = stored.get(key)
        if data is not None:
            out.append(extraction_from_dict(json.loads(data)))
            continue
        ex = extract(page)
        fresh[key] = json.dumps(extraction_to_dict(ex), ensure_ascii=False)
        out.append(ex)
    cache.put_extractions(fresh)
    return out


def _extract_all(
    items: Iterable[Page | PageError],
    pipeline: _PipelinedLookup,
    progress: Progress | None,
    cache: RecordCache | None,
) -> list[_Extracted]:
    """Extract window by window, dropping each page's text once it is read."""
    out: list[_Extracted] = []
    window: list[Page | PageError] = []

    def flush() -> None:
        pages = [p for p in window if isinstance(p, Page)]
        extractions = iter(_extract_window(pages, cache))
        for item in window:
            if isinstance(item, PageError):
                out.append(_Extracted(item.source, None, None, item.message))
                continue
            extraction = next(extractions)
            out.append(_Extracted(item.source, item.url, extraction, None))
            pipeline.add(k for c in extraction.citations if (k := normalize_pmid(c.pmid)))
        window.clear()
        if progress:
            progress(f"read {len(out)} pages")

    for item in items:
        window.append(item)
        if len(window) >= EXTRACT_WINDOW:
            flush()
    flush()
    return out


def _not_found_finding(pmid: str, valid: bool) -> Finding:
    message = (
        f"PMID {pmid} does not exist in PubMed"
        if valid
        else f'"{pmid}" is not a valid PMID (PMIDs are whole numbers from 1)'
    )
    return Finding(Field.PMID, Severity.ERROR, message, claimed=pmid, actual=None)


def _stale_finding(resolved: Resolved) -> Finding:
    return Finding(
        Field.NOTICE,
        Severity.INFO,
        f"NCBI could not be reached to re-check retraction status; "
        f"record from cache, {resolved.age_days:.0f} days old",
    )


def judge(citation: Citation, resolved: Resolved | None, *, current_year: int) -> CitationResult:
    """One citation's verdict from its lookup outcome (pure)."""
    key = normalize_pmid(citation.pmid)
    if key is None or resolved is None:
        return CitationResult(
            citation,
            Status.NOT_FOUND,
            (_not_found_finding(citation.pmid, valid=False),),
            reason="not a valid PMID",
        )
    outcome = resolved.outcome
    if isinstance(outcome, Unavailable):
        return CitationResult(citation, Status.UNVERIFIED, reason=outcome.reason)
    if isinstance(outcome, NotFound):
        return CitationResult(
            citation,
            Status.NOT_FOUND,
            (_not_found_finding(key, valid=True),),
            reason="PubMed has no record with this PMID",
        )
    findings = compare_citation(citation, outcome, current_year=current_year)
    if resolved.stale:
        findings = (*findings, _stale_finding(resolved))
    return CitationResult(citation, status_for(findings), findings, record=outcome)


def _with_reference_findings(
    results: list[CitationResult], extraction: Extraction
) -> tuple[list[CitationResult], tuple[Finding, ...]]:
    check = check_references(extraction)
    if not check.uncited_labels:
        return results, check.page_findings
    out = []
    for r in results:
        label = r.citation.label
        if label is not None and label in check.uncited_labels:
            f = Finding(
                Field.REFERENCE,
                Severity.WARNING,
                f"reference {label} is never cited in the text",
                claimed=label,
            )
            r = replace(r, findings=(*r.findings, f))
        out.append(r)
    return out, check.page_findings


def _add_suggestions(results: list[CitationResult], suggester: Suggester) -> list[CitationResult]:
    out = []
    for r in results:
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


def _judge_all(
    citations: Iterable[Citation], resolved: Mapping[str, Resolved], year: int
) -> list[CitationResult]:
    return [
        judge(c, resolved.get(normalize_pmid(c.pmid) or ""), current_year=year) for c in citations
    ]


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
    with _session(settings, cache, lookup) as lookup:
        pipeline = _PipelinedLookup(lookup)
        extracted = _extract_all(items, pipeline, progress, lookup.cache)
        if progress:
            progress(
                f"{len(extracted)} pages, {len(pipeline.seen)} distinct PMIDs: looking them up"
            )
        resolved = pipeline.finish()
        suggester = Suggester(lookup, lookup.cache, current_year=year) if suggest else None
        pages = []
        for e in extracted:
            if e.extraction is None:
                pages.append(PageResult(e.source, error=e.error, url=e.url))
                continue
            results = _judge_all(e.extraction.citations, resolved, year)
            if suggester is not None:
                results = _add_suggestions(results, suggester)
            results, page_findings = _with_reference_findings(results, e.extraction)
            pages.append(PageResult(e.source, tuple(results), page_findings, url=e.url))
        stats = lookup.stats.as_dict()
        stats.update(lookup.client_stats())
        if suggester is not None:
            stats["searches"] = suggester.searches
        return RunResult(tuple(pages), stats)


def check_citations(
    citations: Sequence[Citation],
    settings: Settings,
    *,
    cache: RecordCache | None = None,
    current_year: int | None = None,
) -> list[CitationResult]:
    """Check citations built by the caller (e.g. `refcheck pmid --author ...`)."""
    year = current_year or _dt.date.today().year
    with _session(settings, cache) as lookup:
        resolved = lookup.resolve(k for c in citations if (k := normalize_pmid(c.pmid)))
        results = _judge_all(citations, resolved, year)
        return _add_suggestions(results, Suggester(lookup, lookup.cache, current_year=year))


def fetch_record(pmid: str, settings: Settings) -> PubMedRecord | NotFound | Unavailable:
    """The PubMed record for one PMID (cache first)."""
    key = normalize_pmid(pmid)
    if key is None:
        return NotFound(pmid)
    with _session(settings) as lookup:
        return lookup.resolve([key])[key].outcome
