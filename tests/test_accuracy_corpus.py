"""The accuracy corpus (fixtures/accuracy/) is well-formed and up to date.

Why no detection-rate assertions here: rates are measured and printed by
bench/accuracy.py; pinning them in a test would block unrelated work or be
loosened until meaningless. These tests only guarantee the yardstick itself:
enough citations, pages and styles, labels that point at records the fake
server really holds, and pages that match what the generator writes today.
"""

from __future__ import annotations

import importlib.util
import io
import json
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "fixtures" / "accuracy"

MISTAKES = {
    "wrong_first_author",
    "misspelt_author",
    "author_not_first",
    "wrong_year",
    "wrong_journal",
    "pmid_of_other_paper",
    "nonexistent_pmid",
    "retracted",
}
VARIANTS = {
    "journal_full_title",
    "journal_iso",
    "journal_medline_ta",
    "journal_title_case_publisher",
    "epub_year",
    "name_without_diacritics",
    "et_al",
    "two_authors",
    "correct",
}


def _load(name: str, path: Path) -> ModuleType:
    """Import a script that is not part of the package (tools/, bench/)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def builder() -> ModuleType:
    return _load("build_accuracy", ROOT / "fixtures" / "tools" / "build_accuracy.py")


@pytest.fixture(scope="module")
def labels() -> dict[str, Any]:
    pages: dict[str, Any] = json.loads((CORPUS / "labels.json").read_text("utf-8"))["pages"]
    return pages


@pytest.fixture(scope="module")
def citations(labels: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for page in labels.values() for c in page["citations"]]


def test_size_pages_and_styles(labels: dict[str, Any], citations: list[dict[str, Any]]) -> None:
    assert len(citations) >= 300
    assert len(labels) >= 30
    styles = Counter(c["style"] for c in citations)
    assert len(styles) >= 5
    for name, page in labels.items():
        assert (CORPUS / "pages" / name).is_file(), name
        assert 8 <= len(page["citations"]) <= 12, name
        kinds = {c["kind"] for c in page["citations"]}
        assert kinds == {"mistake", "variant"} or len(page["citations"]) < 8, name


def test_every_page_file_is_labelled(labels: dict[str, Any]) -> None:
    on_disk = {p.name for p in (CORPUS / "pages").iterdir()}
    assert on_disk == set(labels)


def test_tags_and_kinds(citations: list[dict[str, Any]]) -> None:
    tags = Counter(c["tag"] for c in citations)
    assert set(tags) == MISTAKES | VARIANTS
    for c in citations:
        assert c["kind"] == ("mistake" if c["tag"] in MISTAKES else "variant")
        assert bool(c["expected"]) == (c["kind"] == "mistake")
    thin = {t: n for t, n in tags.items() if n < 15}
    assert not thin, f"tags with fewer than 15 citations: {thin}"


def test_pmids_are_held_except_nonexistent(
    builder: ModuleType, citations: list[dict[str, Any]]
) -> None:
    held = set(builder.load_records())
    for c in citations:
        assert c["described_pmid"] in held
        if c["tag"] == "nonexistent_pmid":
            assert c["pmid"] not in held
        else:
            assert c["pmid"] in held, c
        if c["tag"] == "pmid_of_other_paper":
            assert c["intended_pmid"] in held and c["intended_pmid"] != c["pmid"]
        if c["tag"] == "retracted":
            assert c["pmid"] == "9500320"


def test_pmids_appear_in_page_order(labels: dict[str, Any]) -> None:
    """Each labelled PMID is written on its page, in the labelled order."""
    for name, page in labels.items():
        text = (CORPUS / "pages" / name).read_text("utf-8")
        pos = 0
        for c in page["citations"]:
            found = text.find(c["pmid"], pos)
            assert found >= 0, (name, c["pmid"])
            pos = found + len(c["pmid"])


def test_generator_output_is_up_to_date(builder: ModuleType) -> None:
    assert builder.main(["--check"]) == 0, "run fixtures/tools/build_accuracy.py"


def test_bench_smoke_on_three_pages() -> None:
    bench = _load("bench_accuracy", ROOT / "bench" / "accuracy.py")
    out = io.StringIO()
    code = bench.main(["--limit", "3"], stream=out)
    text = out.getvalue()
    assert code == 0, text
    assert "Mistakes" in text and "Correct variants" in text and "Totals" in text
    assert "citations labelled 30, extracted 30" in text
