"""Results of the pure stages kept across runs, so a re-check repeats no work.

Extraction and judging are pure functions of their inputs, so their results can
be stored and reused as long as every input is part of the key:

* a page's **extraction**: its text (or the bytes and charset its text was
  decoded from), its kind and the extractor's and decoder's code;
* a page's **verdicts**: the extraction key, the comparison code, the current
  year, and for every cited PMID the exact stored answer it resolved to (the
  record's fetch time, or "no such PMID").

One cache row per page holds both (refcheck.cache.StoredPage), the verdicts
with their records as references by PMID: a re-check reads each page's PMIDs
and verdicts, checks the key, and decodes the verdicts joined with the records
it has just read; the extraction is read only to judge a page again.

A record that is re-fetched, refreshed or imported again gets a new fetch time,
so verdicts judged against the old copy no longer match. Nothing is stored or
reused for a citation that could not be checked (unavailable, or a stale
record used because a refresh failed): those are judged afresh on every run.
Reusing a verdict is not skipping the check: the record was obtained and
compared by this same code, on these same inputs.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from refcheck import __version__, frozen_blob
from refcheck.cache import RecordCache, StoredMemo, StoredPage
from refcheck.extract import extract
from refcheck.lookup import Resolved, normalize_pmid
from refcheck.models import (
    Citation,
    CitationResult,
    Extraction,
    Finding,
    NotFound,
    Page,
    PubMedRecord,
    Status,
)
from refcheck.verdicts import judge_page

PageVerdicts = tuple[list[CitationResult], tuple[Finding, ...]]


def _code_digest(*modules: ModuleType, extra: str = "") -> str:
    """A digest of the source of these modules (a package: all of its .py files)."""
    digest = hashlib.sha256(f"{__version__}\0{extra}".encode())
    for module in modules:
        path = Path(module.__file__ or "")
        files = sorted(path.parent.glob("*.py")) if path.name == "__init__.py" else [path]
        for file in files:
            digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def _iso4_version() -> str:
    """pyiso4's version: its word list decides ISO 4 matches and which dotted words are a
    journal's (its __version__: distribution metadata is slow to look up, and the
    package's __init__ imports nothing)."""
    try:
        import pyiso4

        return str(getattr(pyiso4, "__version__", "unknown"))
    except ImportError:
        return "none"


@functools.cache
def extractor_fingerprint() -> str:
    """Changes whenever the extraction code, the models or the decoding of pages change
    (a page is known by the bytes its text was decoded from), or ISO 4's word list."""
    import refcheck.extract as extract_package
    from refcheck import decode, models

    return _code_digest(extract_package, models, decode, extra=_iso4_version())


@functools.cache
def rules_fingerprint() -> str:
    """Changes whenever the comparison code, the judging or the models change."""
    import refcheck.compare as compare_package
    from refcheck import models, verdicts

    return _code_digest(compare_package, verdicts, models, extra=_iso4_version())


def page_key(page: Page) -> str:
    """The page's content address: its kind and text (or the bytes its reader decoded the
    text from, which determine it), under the extractor's fingerprint."""
    prefix = f"{extractor_fingerprint()}\0{page.kind.value}\0"
    if page.digest:
        return hashlib.sha256(f"{prefix}bytes\0{page.digest}".encode()).hexdigest()
    digest = hashlib.sha256(f"{prefix}text\0".encode())
    digest.update(page.text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


# --------------------------------------------------------------------------- pages

_NO_PMID = "-"  # in the stored PMID list: a citation whose PMID is not a valid one


@dataclass(frozen=True)
class PageEntry:
    """A page's extraction, and the verdicts an earlier run stored for it (if any).

    From a row of the cache only the PMIDs and the stored verdicts are read: a
    re-check whose stored verdicts still hold decodes those and never reads the
    extraction (`Judging.pages` reads it when the page must be judged again).
    `pmids` (each citation's normalised PMID, None where it is not a valid one)
    is all the pipeline needs before judging.
    """

    key: str  # "" without a cache
    pmids: tuple[str | None, ...]
    extraction: Extraction | None = None  # None: in the cache, not read yet
    stored: tuple[str | None, bytes | None] | None = None  # None: no row for this page yet

    @property
    def extracted_now(self) -> bool:
        """Not from the cache: its row must be written."""
        return self.stored is None


def _new_entry(key: str, extraction: Extraction) -> PageEntry:
    pmids = tuple(normalize_pmid(c.pmid) for c in extraction.citations)
    return PageEntry(key, pmids, extraction)


def load_pages(pages: Sequence[Page], cache: RecordCache | None, year: int) -> list[PageEntry]:
    """Each page's entry; unchanged pages come from the cache in one query, new ones are
    extracted (and stored once judged, by `Judging.pages`). `year`: the run's."""
    if cache is None:
        return [_new_entry("", extract(p)) for p in pages]
    keys = [page_key(p) for p in pages]
    stored = cache.get_memos(keys)
    prefix = _verdicts_prefix(year) + " "
    # rows whose verdicts cannot be reused anyway (none stored, other rules, another
    # year): their extraction is read now, while the page's text is at hand, so a
    # damaged one is simply extracted again
    now = [k for k, (_, verdicts, _) in stored.items() if not (verdicts or "").startswith(prefix)]
    blobs = cache.get_memo_extractions(now) if now else {}
    out: list[PageEntry] = []
    for page, key in zip(pages, keys, strict=True):
        row = stored.get(key)
        entry = _stored_entry(key, row, blobs.get(key)) if row is not None else None
        out.append(entry or _new_entry(key, extract(page)))
    return out


def _stored_entry(key: str, row: StoredMemo, blob: bytes | None) -> PageEntry | None:
    """The entry for a stored row, or None when the page must be extracted again."""
    pmids_text, verdicts, results = row
    if type(pmids_text) is not str:
        return None
    pmids = tuple(None if p == _NO_PMID else p for p in pmids_text.split())
    if any(p is not None and normalize_pmid(p) != p for p in pmids):
        return None  # not what this code writes: never let it reach a query to NCBI
    stored = (verdicts, results) if type(verdicts) is str and type(results) is bytes else None
    extraction = None if blob is None else _decode_extraction(blob, pmids)
    if blob is not None and extraction is None:
        return None  # read because it is needed, and damaged: extract the page again
    return PageEntry(key, pmids, extraction, stored or (None, None))


def _decode_extraction(blob: object, pmids: tuple[str | None, ...]) -> Extraction | None:
    """The stored extraction, or None if it is damaged or not of the shape this code writes
    (only model types can be in it at all, but a foreign row must be a miss, not an error
    further down the pipeline)."""
    if type(blob) is not bytes:
        return None
    try:
        extraction = frozen_blob.loads(blob)
    except frozen_blob.BlobError:
        return None
    if not (
        isinstance(extraction, Extraction)
        and type(extraction.citations) is tuple
        and len(extraction.citations) == len(pmids)
        and all(
            type(c) is Citation and type(c.pmid) is str and normalize_pmid(c.pmid) == p
            for c, p in zip(extraction.citations, pmids, strict=True)
        )
    ):
        return None
    return extraction


# --------------------------------------------------------------------------- verdicts


def _verdicts_prefix(year: int) -> str:
    return f"{rules_fingerprint()} {year}"


def outcome_token(pmid: str, resolved: Resolved) -> str | None:
    """What a verdict on `pmid` depends on in its outcome: the exact stored answer (a
    record's fetch time, or "no such PMID"); None when verdicts on it must not be stored
    or reused (unavailable, stale, or a record of unknown provenance)."""
    outcome = resolved.outcome
    if type(outcome) is NotFound:
        return f"{pmid}:none"
    if type(outcome) is PubMedRecord and resolved.fetched_at is not None and not resolved.stale:
        return f"{pmid}@{resolved.fetched_at!r}"
    return None


class Judging:
    """Judges a run's pages as their PMIDs' outcomes arrive, reusing stored verdicts.

    Stored verdicts are reused only under the same key: the comparison code, the
    year, and for each citation the token of the outcome its PMID resolved to
    (`outcome_token`); the row's key already stands for the page's text.
    """

    def __init__(self, year: int, cache: RecordCache | None = None) -> None:
        self.year = year
        self.cache = cache
        self.resolved: dict[str, Resolved] = {}
        self._prefix = _verdicts_prefix(year)
        self._tokens: dict[str, str | None] = {}
        self._refs = frozen_blob.references()  # with the records stored verdicts refer to

    def add(self, outcomes: Mapping[str, Resolved]) -> None:
        self.resolved.update(outcomes)
        for pmid, r in outcomes.items():
            self._tokens[pmid] = outcome_token(pmid, r)
            if type(r.outcome) is PubMedRecord:
                self._refs[pmid] = r.outcome
            else:
                self._refs.pop(pmid, None)

    def key(self, entry: PageEntry) -> str | None:
        """The key of the page's verdicts, or None when they must not be stored or reused."""
        if not entry.key:
            return None
        parts = [self._prefix]
        for pmid in entry.pmids:
            if pmid is None:
                parts.append(_NO_PMID)  # judged "not a valid PMID" from the citation alone
                continue
            token = self._tokens.get(pmid)
            if token is None:
                return None  # no outcome at all, or one whose verdicts are never stored
            parts.append(token)
        return " ".join(parts)

    def pages(
        self, entries: Sequence[PageEntry]
    ) -> list[tuple[PageVerdicts | None, StoredPage | None]]:
        """Each page's verdicts (stored ones when still valid) and the row to store, if any.

        The stored extractions of the pages judged again are read in one query. Verdicts
        are None only when the stored verdicts cannot be reused and the stored extraction
        turns out to be unreadable (a tampered row; the text is gone by then).
        """
        keys = [self.key(e) for e in entries]
        reused = [self._reusable(e, k) for e, k in zip(entries, keys, strict=True)]
        unread = [
            e.key for e, r in zip(entries, reused, strict=True) if r is None and not e.extraction
        ]
        blobs = self.cache.get_memo_extractions(unread) if unread and self.cache else {}
        return [
            (r, None) if r is not None else self._judge(e, k, blobs.get(e.key))
            for e, k, r in zip(entries, keys, reused, strict=True)
        ]

    def _reusable(self, entry: PageEntry, key: str | None) -> PageVerdicts | None:
        stored = entry.stored
        if key is None or stored is None or key != stored[0] or not stored[1]:
            return None
        return self._stored_verdicts(entry, stored[1])

    def _judge(
        self, entry: PageEntry, key: str | None, blob: bytes | None
    ) -> tuple[PageVerdicts | None, StoredPage | None]:
        extraction = entry.extraction or _decode_extraction(blob, entry.pmids)
        if extraction is None:
            return None, None
        verdicts = judge_page(extraction, self.resolved, self.year)
        stored = entry.stored
        if not entry.key or (key is None and stored is not None):
            return verdicts, None  # nothing worth storing that is not stored already
        results_blob = None
        if key is not None:
            value = (tuple(verdicts[0]), verdicts[1])
            results_blob = frozen_blob.dumps(value, records_by_pmid=True)
        pmids_text = " ".join(p or _NO_PMID for p in entry.pmids)
        # a stored extraction stays as it is; only a new page's is written
        extraction_blob = frozen_blob.dumps(extraction) if stored is None else None
        return verdicts, (pmids_text, extraction_blob, key, results_blob)

    def _stored_verdicts(self, entry: PageEntry, blob: bytes) -> PageVerdicts | None:
        """The stored verdicts, joined with the records they were judged on, or None.

        Only model types can be in a blob at all, but a foreign one must be a miss, not
        an error further down the pipeline: the shape is checked (a loop, not `all()`
        over a generator: this runs for every page of a re-check).
        """
        try:
            value = frozen_blob.loads(blob, self._refs)
        except frozen_blob.BlobError:
            return None
        if type(value) is not tuple or len(value) != 2:
            return None
        results, page_findings = value
        if type(results) is not tuple or len(results) != len(entry.pmids):
            return None
        for r in results:
            if not (
                type(r) is CitationResult
                and type(r.citation) is Citation
                and type(r.status) is Status
                and type(r.findings) is tuple
            ):
                return None
        if type(page_findings) is not tuple:
            return None
        for f in page_findings:
            if type(f) is not Finding:
                return None
        return list(results), page_findings
