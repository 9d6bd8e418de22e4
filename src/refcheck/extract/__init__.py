"""Extraction stage: Page -> Extraction (citations, in-text markers).

Pure: no network, no files. `extract` never raises: a page that cannot be
understood yields no citations rather than stopping a site-wide run.
"""

from __future__ import annotations

import logging

from refcheck.extract.result import PageExtraction
from refcheck.models import Extraction, Page, PageKind

__all__ = ["PageExtraction", "extract"]

log = logging.getLogger("refcheck.extract")


def extract(page: Page) -> Extraction:
    """Citations and markers of one page, by its kind; empty on any failure."""
    # The extractors (lxml, some hundred patterns) load on the first page: importing this
    # package, as a cached verdict's PageExtraction type does, must stay cheap.
    from refcheck.extract.html import extract_html
    from refcheck.extract.jats import extract_jats
    from refcheck.extract.text import extract_text

    try:
        if page.kind is PageKind.HTML:
            return extract_html(page.text)
        if page.kind is PageKind.JATS:
            return extract_jats(page.text)
        return extract_text(page.text, markdown=page.kind is PageKind.MARKDOWN)
    except Exception as exc:  # the contract is 'never raises': one bad page must not stop a run
        # but it must not pass for a page without citations either: one line says so
        log.warning(
            "%s: citations could not be read (internal error: %s); the page is not checked",
            page.source,
            type(exc).__name__,
        )
        return PageExtraction(citations=())
