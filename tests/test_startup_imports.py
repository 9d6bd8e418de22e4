"""Spot checks start fast because the heavy modules load only where they are used.

`refcheck --version`, `--help` and `refcheck pmid` answered from the cache spend
most of their time importing; these tests keep httpx, lxml and the extractors
out of what the CLI and the library's entry points import up front (the time
itself is measured by bench/startup.py, never asserted).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

PAGE = Path(__file__).resolve().parent.parent / "fixtures" / "pages" / "phantom-limb-pain.html"
HEAVY = ("httpx", "lxml.etree", "refcheck.extract.html", "refcheck.extract.text", "refcheck.memo")


def _loaded_after(code: str) -> list[str]:
    probe = (
        f"{code}\nimport json, sys\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    loaded: list[str] = json.loads(done.stdout.strip().splitlines()[-1])
    return loaded


@pytest.mark.parametrize(
    "code",
    [
        "import refcheck.cli",
        "import refcheck.api",
        # a stored verdict names the extraction's type: loading that type loads no extractor
        "import refcheck.extract.result",
        "from refcheck import frozen_blob; frozen_blob.references()",
    ],
)
def test_entry_points_do_not_import_the_heavy_modules(code: str) -> None:
    assert _loaded_after(code) == []


def test_extracting_a_page_still_loads_the_extractors() -> None:
    loaded = _loaded_after(
        "from refcheck.extract import extract\n"
        "from refcheck.models import Page, PageKind\n"
        "extract(Page('p.html', '<p>PMID 18349204</p>', PageKind.HTML))"
    )
    assert "refcheck.extract.html" in loaded and "lxml.etree" in loaded


def test_checking_a_local_page_loads_no_http_library() -> None:
    """A spot check of one file reads it from disk: httpx and the page fetcher are for web
    inputs only (the E-utilities client loads on a fetch, which a cached record needs not)."""
    loaded = _loaded_after(
        "import sys\n"
        "from refcheck.pages import iter_pages\n"
        "from refcheck.extract import extract\n"
        f"pages = list(iter_pages([{str(PAGE)!r}]))\n"
        "assert len(pages) == 1 and extract(pages[0]).citations\n"
        "assert 'refcheck.fetch' not in sys.modules"
    )
    assert "httpx" not in loaded and "refcheck.extract.html" in loaded
