"""Find the paper a page most likely meant when its PMID points elsewhere.

Searches cost requests, so they run only for citations already judged wrong,
are cached like records, and stop at the first search that yields a clean match.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from refcheck.cache import RecordCache
from refcheck.compare.suggest import rank_candidates, search_terms
from refcheck.errors import EutilsError
from refcheck.lookup import Lookup
from refcheck.models import Claim, PubMedRecord

SEARCH_RETMAX = 5


class Suggester:
    def __init__(
        self,
        lookup: Lookup,
        cache: RecordCache | None,
        *,
        current_year: int,
        max_searches: int = 200,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.lookup = lookup
        self.cache = cache
        self.current_year = current_year
        self.max_searches = max_searches
        self._clock = clock
        self.searches = 0
        self._failed = False

    def _search(self, term: str) -> tuple[str, ...] | None:
        settings = self.lookup.settings
        if self.cache is not None:
            hit = self.cache.get_suggestion(term)
            if hit is not None and self._clock() - hit[1] < settings.max_age:
                return hit[0]
        if settings.offline or self._failed or self.searches >= self.max_searches:
            return None
        self.searches += 1
        try:
            ids = self.lookup.client.esearch(term, retmax=SEARCH_RETMAX)
        except EutilsError:
            self._failed = True  # NCBI is struggling: do not add load for a nicety
            return None
        if self.cache is not None:
            self.cache.put_suggestion(term, ids)
        return ids

    def suggest(self, claim: Claim, *, exclude: str) -> str | None:
        """The PMID of a held paper matching the claim cleanly, or None."""
        for term in search_terms(claim):
            ids = self._search(term)
            if not ids:
                continue
            resolved = self.lookup.resolve([i for i in ids if i != exclude])
            records = [r.outcome for r in resolved.values() if isinstance(r.outcome, PubMedRecord)]
            best = rank_candidates(claim, records, current_year=self.current_year)
            if best:
                return best
        return None
