"""Results of the pure stages kept across runs, so a re-check repeats no work.

Extraction and judging are pure functions of their inputs, so their results can
be stored and reused as long as every input is part of the key:

* a page's **extraction**: its text, its kind and the extractor's code;
* a page's **verdicts**: the extraction key, the comparison code, the current
  year, and for every cited PMID the exact stored answer it resolved to (the
  record's fetch time, or "no such PMID").

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
from importlib import metadata
from pathlib import Path
from types import ModuleType

from refcheck import __version__, frozen_blob
from refcheck.cache import RecordCache
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


@functools.cache
def extractor_fingerprint() -> str:
    """Changes whenever the extraction code or the models change."""
    import refcheck.extract as extract_package
    from refcheck import models

    return _code_digest(extract_package, models)


@functools.cache
def rules_fingerprint() -> str:
    """Changes whenever the comparison code, the judging or the models change."""
    import refcheck.compare as compare_package
    from refcheck import models, verdicts

    try:
        iso4 = metadata.version("pyiso4")  # its word list decides ISO 4 matches
    except metadata.PackageNotFoundError:
        iso4 = "none"
    return _code_digest(compare_package, verdicts, models, extra=iso4)


def page_key(page: Page) -> str:
    raw = f"{extractor_fingerprint()}\0{page.kind.value}\0{page.text}"
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


# --------------------------------------------------------------------------- pages

VerdictsKey = tuple[object, ...]
Judged = tuple[tuple[Status, tuple[Finding, ...], str | None], ...]


@dataclass(frozen=True)
class PageEntry:
    """A page's extraction, and the verdicts stored with it by an earlier run (if any).

    One cache row per page holds both, so a re-check reads each page's results
    with one query per window and one decode per page.
    """

    key: str  # "" without a cache
    extraction: Extraction
    verdicts_key: VerdictsKey | None = None
    judged: Judged | None = None
    page_findings: tuple[Finding, ...] = ()
    extracted_now: bool = True  # not from the cache: its row must be written


def load_pages(pages: Sequence[Page], cache: RecordCache | None) -> list[PageEntry]:
    """Each page's entry; unchanged pages come from the cache in one query, new ones are
    extracted (and stored once judged, by `page_verdicts`)."""
    if cache is None:
        return [PageEntry("", extract(p)) for p in pages]
    keys = [page_key(p) for p in pages]
    stored = cache.get_memos(keys)
    out: list[PageEntry] = []
    for page, key in zip(pages, keys, strict=True):
        entry = _decode_entry(key, stored[key]) if key in stored else None
        out.append(entry or PageEntry(key, extract(page)))
    return out


def _decode_entry(key: str, blob: bytes) -> PageEntry | None:
    try:
        extraction, verdicts_key, judged, page_findings = frozen_blob.loads(blob)
    except (frozen_blob.BlobError, TypeError, ValueError):
        return None  # unreadable: extract again and overwrite it
    if not _well_formed(extraction, verdicts_key, judged, page_findings):
        return None
    return PageEntry(key, extraction, verdicts_key, judged, page_findings, extracted_now=False)


def _well_formed(extraction: object, key: object, judged: object, page_findings: object) -> bool:
    """The row has the shape this code writes (only model types can be in it at all, but a
    damaged or foreign row must become a miss, not an error further down the pipeline)."""
    if not (
        isinstance(extraction, Extraction)
        and isinstance(extraction.citations, tuple)
        and all(isinstance(c, Citation) for c in extraction.citations)
        and (key is None or isinstance(key, tuple))
        and isinstance(page_findings, tuple)
        and all(isinstance(f, Finding) for f in page_findings)
    ):
        return False
    if judged is None:
        return True
    return isinstance(judged, tuple) and all(
        isinstance(j, tuple)
        and len(j) == 3
        and isinstance(j[0], Status)
        and isinstance(j[1], tuple)
        and all(isinstance(f, Finding) for f in j[1])
        for j in judged
    )


def _encode_entry(
    entry: PageEntry, verdicts_key: VerdictsKey | None, verdicts: PageVerdicts
) -> bytes:
    results, page_findings = verdicts
    judged: Judged | None = None
    if verdicts_key is not None:
        judged = tuple((r.status, r.findings, r.reason) for r in results)
    return frozen_blob.dumps((entry.extraction, verdicts_key, judged, page_findings))


# --------------------------------------------------------------------------- verdicts


def verdicts_key(
    extraction_key: str, citations: Sequence[Citation], resolved: Mapping[str, Resolved], year: int
) -> VerdictsKey | None:
    """Everything a page's verdicts depend on besides its text (already in `extraction_key`),
    or None when they must not be stored or reused."""
    if not extraction_key:
        return None
    parts: list[object] = [rules_fingerprint(), year, extraction_key]
    for c in citations:
        pmid = normalize_pmid(c.pmid)
        if pmid is None:
            parts.append(None)  # judged "not a valid PMID" from the citation alone
            continue
        r = resolved.get(pmid)
        if r is None:
            return None  # no outcome at all: never store what that produced
        if isinstance(r.outcome, NotFound):
            parts.append((pmid, "none"))
        elif isinstance(r.outcome, PubMedRecord) and r.fetched_at is not None and not r.stale:
            parts.append((pmid, r.fetched_at))
        else:
            return None  # unavailable, stale or of unknown provenance: judge every time
    return tuple(parts)


def _rejoin(entry: PageEntry, resolved: Mapping[str, Resolved]) -> PageVerdicts | None:
    """Stored verdicts rejoined with the citations and records they were judged on."""
    citations = entry.extraction.citations
    if entry.judged is None or len(entry.judged) != len(citations):
        return None
    results = []
    for citation, (status, findings, reason) in zip(citations, entry.judged, strict=True):
        record = None
        if status in (Status.VERIFIED, Status.MISMATCH):
            found = resolved.get(normalize_pmid(citation.pmid) or "")
            record = found.outcome if found and isinstance(found.outcome, PubMedRecord) else None
            if record is None:
                return None
        results.append(CitationResult(citation, status, findings, record, reason))
    return results, entry.page_findings


def page_verdicts(
    entry: PageEntry, resolved: Mapping[str, Resolved], year: int
) -> tuple[PageVerdicts, bytes | None]:
    """The page's verdicts (stored ones when still valid), and the row to store, if any."""
    key = verdicts_key(entry.key, entry.extraction.citations, resolved, year)
    if key is not None and key == entry.verdicts_key:
        stored = _rejoin(entry, resolved)
        if stored is not None:
            return stored, None
    verdicts = judge_page(entry.extraction, resolved, year)
    if not entry.key or (key is None and not entry.extracted_now):
        return verdicts, None  # nothing worth storing that is not stored already
    return verdicts, _encode_entry(entry, key, verdicts)
