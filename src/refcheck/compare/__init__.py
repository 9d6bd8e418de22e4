"""Compare what a page claims about a cited paper with its PubMed record (pure logic).

Public API:

* `compare_citation(citation, record, *, current_year)` -> findings for one citation
* `claim_as_read(citation, record)` + `compare_claim(claim, record, *, current_year)`: the
  same in two steps, for a caller that keeps the claim as read against the record
* `status_for(findings)` -> `Status.MISMATCH` or `Status.VERIFIED`
* `refcheck.compare.suggest.search_terms` / `rank_candidates` for the paper a page meant
"""

from __future__ import annotations

from .authors import compare_authors
from .journals import JournalMatch, compare_journal, journal_first, match_journal
from .notices import compare_notices
from .titles import compare_title, same_title
from .verdict import (
    claim_as_read,
    compare_citation,
    compare_claim,
    describe_claim,
    describe_record,
    status_for,
)
from .years import compare_year

__all__ = [
    "JournalMatch",
    "claim_as_read",
    "compare_authors",
    "compare_citation",
    "compare_claim",
    "compare_journal",
    "compare_notices",
    "compare_title",
    "compare_year",
    "describe_claim",
    "describe_record",
    "journal_first",
    "match_journal",
    "same_title",
    "status_for",
]
