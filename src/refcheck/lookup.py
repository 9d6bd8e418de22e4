"""PMIDs -> records: cache first, misses in batches, store only real answers.

The rules that keep "verified" honest live here:
- a PMID is `NotFound` only when a well-formed reply that matches the request
  lacks it; a reply carrying PMIDs nobody asked for is not trusted for absences;
- a batch that keeps failing makes every PMID in it `Unavailable` (never cached);
- a cached record older than the notice age is re-fetched (retractions arrive
  years later) but still used if NCBI cannot be reached; one older than
  `max_age` is not.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from refcheck.cache import CachedEntry, RecordCache
from refcheck.config import Settings
from refcheck.errors import EutilsError
from refcheck.models import LookupOutcome, NotFound, PubMedRecord, Unavailable

if TYPE_CHECKING:  # imported when a fetch is needed: a spot check answered from the
    from refcheck.eutils.client import EutilsClient  # cache never loads httpx

log = logging.getLogger("refcheck.lookup")

_MAX_PMID_DIGITS = 9  # PubMed is at ~42 million; 9 digits leaves room for decades
_DIGITS = re.compile(r"[0-9]+")


@functools.lru_cache(maxsize=1 << 16)  # called for every citation at every stage
def normalize_pmid(text: str) -> str | None:
    """The PMID NCBI would look up, or None when it cannot be one (0, -1, 12 digits)."""
    text = text.strip()
    if not _DIGITS.fullmatch(text):
        return None
    text = text.lstrip("0")
    if not text or len(text) > _MAX_PMID_DIGITS:
        return None
    return text


@dataclass
class LookupStats:
    requested: int = 0
    cache_hits: int = 0
    fetched: int = 0
    not_found: int = 0
    unavailable: int = 0
    stale_used: int = 0
    batches: int = 0
    failed_batches: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "pmids_requested": self.requested,
            "cache_hits": self.cache_hits,
            "records_fetched": self.fetched,
            "not_found": self.not_found,
            "unavailable": self.unavailable,
            "stale_cache_used": self.stale_used,
            "efetch_batches": self.batches,
            "efetch_failed_batches": self.failed_batches,
        }


@dataclass(frozen=True)
class Resolved:
    """A lookup outcome plus how old its data is (0 for a fresh fetch)."""

    outcome: LookupOutcome
    age_days: float = 0.0
    stale: bool = False  # a refresh was due but failed; the cached record was used
    # when the answer was stored in the cache (None: not stored): identifies the
    # exact copy of a record, so results judged against it can be reused (refcheck.memo)
    fetched_at: float | None = None


@dataclass(frozen=True)
class Plan:
    resolved: dict[str, Resolved]
    to_fetch: list[str]
    fallback: dict[str, CachedEntry]


def _new_client(settings: Settings) -> EutilsClient:
    from refcheck.eutils.client import EutilsClient

    return EutilsClient(settings)


_CLOCK_SLACK = 300.0  # seconds a stored fetch time may lie ahead of this clock (skew)


class Lookup:
    """Resolves PMIDs for one run; the client is created only if a fetch is needed."""

    def __init__(
        self,
        settings: Settings,
        cache: RecordCache | None,
        client_factory: Callable[[], EutilsClient] | None = None,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.settings = settings
        self.cache = cache
        self._client_factory = client_factory or (lambda: _new_client(settings))
        self._client: EutilsClient | None = None
        self._client_lock = threading.Lock()
        self._clock = clock
        self.stats = LookupStats()

    @property
    def client(self) -> EutilsClient:
        """Created on first use, once, even when worker threads ask at the same moment."""
        if self._client is None:
            with self._client_lock:
                if self._client is None:
                    self._client = self._client_factory()
        return self._client

    def client_stats(self) -> dict[str, int]:
        """Requests, retries and 429s of this run's client (zeros if none was needed)."""
        names = ("requests", "retries", "http_429", "failures")
        stats = self._client.stats if self._client is not None else None
        return {f"eutils_{n}": int(getattr(stats, n, 0)) for n in names}

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def resolve(self, pmids: Iterable[str]) -> dict[str, Resolved]:
        """Outcome for each normalised PMID given (invalid ones are the caller's job)."""
        plan = self.plan(pmids)
        out = dict(plan.resolved)
        out.update(self.fetch(plan.to_fetch, plan.fallback))
        return out

    def plan(self, pmids: Iterable[str]) -> Plan:
        """Answer what the cache can; list what must be fetched (no network here).

        Split from `fetch` so a caller can read the cache while pages are still
        being extracted and send full batches to NCBI as soon as they fill.
        """
        wanted = list(dict.fromkeys(pmids))
        self.stats.requested += len(wanted)
        out: dict[str, Resolved] = {}
        cached = self.cache.get_many(wanted) if self.cache else {}
        now = self._clock()
        to_fetch: list[str] = []
        fallback: dict[str, CachedEntry] = {}
        s = self.settings
        refresh_age = min(s.notice_max_age, s.max_age)
        for pmid in wanted:
            entry = cached.get(pmid)
            if entry is None:
                to_fetch.append(pmid)
                continue
            age = max(0.0, now - entry.fetched_at)
            if s.source != "mirror" and entry.fetched_at > now + _CLOCK_SLACK:
                # stored by a run whose clock was ahead: its age is unknown, and taken as
                # 0 it was trusted as fresh until that date (a "no such PMID" for months,
                # no retraction re-check); asked again, and no fallback if that fails
                to_fetch.append(pmid)
                continue
            if s.source == "mirror":
                if entry.source != "mirror":
                    # the mirror alone answers (a record an online run cached is no part
                    # of it): the same verdicts whatever runs came before
                    to_fetch.append(pmid)
                    continue
                # The mirror's age is the age of its files (`refcheck mirror info`).
                outcome: LookupOutcome = entry.record or Unavailable(
                    pmid, "not in the local PubMed mirror"
                )
                out[pmid] = Resolved(outcome, age / 86400, fetched_at=entry.fetched_at)
                self.stats.cache_hits += 1
                continue
            if entry.record is None:
                # --max-age caps every cached answer ("0 refreshes all"): a "no such PMID"
                # that NCBI gave by leaving a record out can be asked again at once
                fresh = age < min(s.not_found_max_age, s.max_age)
                if fresh or (s.offline and age < s.max_age):
                    out[pmid] = Resolved(NotFound(pmid), age / 86400, fetched_at=entry.fetched_at)
                    self.stats.cache_hits += 1
                else:
                    to_fetch.append(pmid)
                continue
            if age < refresh_age or (s.offline and age < s.max_age):
                out[pmid] = Resolved(entry.record, age / 86400, fetched_at=entry.fetched_at)
                self.stats.cache_hits += 1
                continue
            if age < s.max_age:
                fallback[pmid] = entry  # usable if the refresh fails
            to_fetch.append(pmid)

        log.debug(
            "%d PMIDs: %d answered from the cache, %d to fetch%s",
            len(wanted),
            len(out),
            len(to_fetch),
            " (none will be: offline)" if s.offline or s.source == "mirror" else "",
        )
        if s.offline or s.source == "mirror":
            for pmid in to_fetch:
                if s.source == "mirror":
                    reason = "not in the local PubMed mirror"
                elif pmid in cached:
                    reason = "cached record is older than --max-age (offline)"
                else:
                    reason = "not in the cache (offline)"
                out[pmid] = Resolved(Unavailable(pmid, reason))
                self.stats.unavailable += 1
            return Plan(out, [], {})
        return Plan(out, to_fetch, fallback)

    def fetch(self, to_fetch: list[str], fallback: dict[str, CachedEntry]) -> dict[str, Resolved]:
        """Fetch in batches of `batch_size`; a failed refresh falls back to the cached record."""
        out: dict[str, Resolved] = {}
        now = self._clock()
        size = self.settings.batch_size
        for start in range(0, len(to_fetch), size):
            batch = to_fetch[start : start + size]
            outcomes, stored_at = self._fetch_batch(batch)
            for pmid, outcome in outcomes.items():
                old = fallback.get(pmid)
                if isinstance(outcome, Unavailable) and old is not None and old.record:
                    self.stats.stale_used += 1
                    out[pmid] = Resolved(old.record, (now - old.fetched_at) / 86400, stale=True)
                elif isinstance(outcome, Unavailable):
                    out[pmid] = Resolved(outcome)
                else:
                    out[pmid] = Resolved(outcome, fetched_at=stored_at)
        return out

    def _fetch_batch(self, batch: list[str]) -> tuple[dict[str, LookupOutcome], float | None]:
        """Outcomes of one efetch, and when they were stored (None: not stored)."""
        self.stats.batches += 1
        try:
            reply = self.client.efetch(batch)
        except EutilsError as exc:
            self.stats.failed_batches += 1
            self.stats.unavailable += len(batch)
            return {p: Unavailable(p, str(exc)) for p in batch}, None
        asked = set(batch)
        found: dict[str, PubMedRecord] = {
            p: r for p, r in reply.records.items() if p in asked and r.pmid == p
        }
        trustworthy = set(reply.records) <= asked
        missing = [p for p in batch if p not in found]
        stored_at = None
        if self.cache is not None:
            stored_at = self.cache.put_records(
                found, {p: reply.raw[p] for p in found if p in reply.raw}
            )
            if trustworthy:
                self.cache.put_not_found(missing, at=stored_at)
        out: dict[str, LookupOutcome] = dict(found)
        self.stats.fetched += len(found)
        for pmid in missing:
            if trustworthy:
                out[pmid] = NotFound(pmid)
                self.stats.not_found += 1
            else:
                out[pmid] = Unavailable(pmid, "NCBI's reply held records that were not asked for")
                self.stats.unavailable += 1
        return out, stored_at
