"""The extraction result, with what the reference check needs beyond models.Extraction.

`models.Extraction` carries only PMID-bearing citations, but deciding whether
marker [5] has a reference needs every entry's label, including entries
without a PMID (books, DOI-only papers). models.py is shared and frozen, so the
extra fact rides on a subclass: every consumer of Extraction still works.
"""

from __future__ import annotations

from dataclasses import dataclass

from refcheck.models import Extraction


@dataclass(frozen=True)
class PageExtraction(Extraction):
    """Extraction plus the labels of all reference entries, in page order."""

    reference_labels: tuple[str, ...] = ()
