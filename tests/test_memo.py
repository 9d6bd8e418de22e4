"""Stored verdicts (refcheck.memo): reused only while every input is the same.

A re-check of unchanged pages must give the same results as judging afresh,
without judging; anything that changes a verdict's inputs (a re-fetched record,
the year, the comparison code) must make the page be judged again; nothing that
could not be checked is ever stored.
"""

from __future__ import annotations

import gc
import pickle
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from refcheck import frozen_blob, memo
from refcheck.api import check_pages
from refcheck.cache import RecordCache
from refcheck.config import Settings
from refcheck.models import Field, Finding, RunResult, Severity, Status
from refcheck.pages import iter_pages

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PAGES = [str(FIXTURES / "pages")]


def _run(server: Any, cache: Path, year: int = 2026, **kw: Any) -> RunResult:
    settings = Settings(eutils_url=server.base_url, cache_path=cache, **kw)
    return check_pages(iter_pages(PAGES), settings, current_year=year, suggest=False)


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count pages judged afresh (verdicts.judge_page calls, as memo sees it)."""
    calls: list[int] = []
    real = memo.judge_page

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(memo, "judge_page", counting)
    return calls


@pytest.fixture()
def server() -> Any:
    from refcheck.fake_eutils.server import FakeEutils

    with FakeEutils(FIXTURES / "records", rate_limit=None) as fake:
        yield fake


def test_a_re_check_reuses_verdicts_and_gets_the_same_results(
    server: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "c.sqlite"
    first = _run(server, cache)
    calls = _counting(monkeypatch)
    second = _run(server, cache)
    assert calls == []
    assert second.pages == first.pages  # records, findings and statuses alike
    assert any(c.record is not None for p in second.pages for c in p.citations)


@pytest.mark.parametrize("enabled", [True, False])
def test_a_run_sets_off_no_cyclic_collection_and_leaves_the_gc_as_it_was(
    server: Any, tmp_path: Path, enabled: bool
) -> None:
    """The objects a run rebuilds form no cycles: traversing them finds nothing (see
    refcheck.gc_pause). A run leaves them in the oldest generation, so the
    caller's next young collection does not traverse them either."""
    cache = tmp_path / "c.sqlite"
    _run(server, cache)
    collections: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    threshold = gc.get_threshold()
    gc.callbacks.append(count)
    try:
        gc.set_threshold(50)  # a collection every 50 new objects, had the GC been left on
        if enabled:
            gc.enable()
        else:
            gc.disable()
        second = _run(server, cache)
        assert gc.isenabled() is enabled
        assert collections == []
        young = gc.get_count()[0]
    finally:
        gc.callbacks.remove(count)
        gc.set_threshold(*threshold)
        gc.enable()
    assert second.pages and young < 50


def test_a_new_year_or_new_comparison_code_judges_again(
    server: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "c.sqlite"
    _run(server, cache)
    calls = _counting(monkeypatch)
    _run(server, cache, year=2027)
    judged_for_new_year = len(calls)
    assert judged_for_new_year > 0
    monkeypatch.setattr(memo, "rules_fingerprint", lambda: "changed rules")
    _run(server, cache, year=2027)
    assert len(calls) == 2 * judged_for_new_year


def test_a_re_fetched_record_invalidates_the_pages_citing_it(
    server: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "c.sqlite"
    first = _run(server, cache)
    cited = next(c.citation.pmid for p in first.pages for c in p.citations if c.record)
    pages_citing = {
        p.source for p in first.pages if any(c.citation.pmid == cited for c in p.citations)
    }
    # the record comes back from NCBI again (as after --max-age): a new fetch time
    with sqlite3.connect(cache) as conn:
        conn.execute(
            "UPDATE records SET fetched_at = fetched_at - 40 * 86400 WHERE pmid = ?", [cited]
        )
    judged: list[str] = []
    real = memo.judge_page

    def spy(extraction: Any, resolved: Any, year: int) -> Any:
        judged.append(extraction.citations[0].pmid if extraction.citations else "")
        return real(extraction, resolved, year)

    monkeypatch.setattr(memo, "judge_page", spy)
    again = _run(server, cache)
    assert len(judged) == len(pages_citing)
    assert again.summary() == first.summary()


def test_unverified_citations_are_never_stored(
    server: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "c.sqlite"
    server.stop()  # NCBI unreachable: everything unverified
    first = _run(server, cache, attempts=1, timeout=1.0, backoff_max=0.01)
    assert first.summary().unverified == first.summary().citations > 0
    server.start()
    second = _run(server, cache)
    assert second.summary().unverified == 0  # judged against the real records now
    assert second.summary().verified > 0


def test_blobs_round_trip_model_values() -> None:
    value = (Status.MISMATCH, (Finding(Field.YEAR, Severity.ERROR, "x", 1, 2),))
    assert frozen_blob.loads(frozen_blob.dumps(value)) == value


def test_blobs_naming_anything_but_the_models_are_refused() -> None:
    import os

    evil = pickle.dumps((os.system, ("echo pwned",)))
    with pytest.raises(frozen_blob.BlobError, match="refusing"):
        frozen_blob.loads(evil)
    with pytest.raises(frozen_blob.BlobError):
        frozen_blob.loads(b"not a pickle")


def test_a_tampered_memo_row_is_a_miss_not_a_crash(server: Any, tmp_path: Path) -> None:
    cache = tmp_path / "c.sqlite"
    _run(server, cache)
    with sqlite3.connect(cache) as conn:
        evil = pickle.dumps(print)
        conn.execute("UPDATE memo SET extraction = ?, results = ?", [evil, evil])
        conn.execute("UPDATE records SET record = ? WHERE found = 1", [b"garbage"])
    second = _run(server, cache, year=2027)  # stored verdicts unusable: extractions decoded
    assert second.summary() == _run(server, tmp_path / "fresh.sqlite", year=2027).summary()
    assert all(p.error is None for p in second.pages)
    with sqlite3.connect(cache) as conn:  # rows rewritten from what was extracted again
        blobs = conn.execute("SELECT extraction FROM memo").fetchall()
    assert blobs and all(frozen_blob.loads(b) for (b,) in blobs)


def test_tampered_verdicts_are_judged_again(
    server: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "c.sqlite"
    first = _run(server, cache)
    odd = frozen_blob.dumps(((Status.VERIFIED, (1, 2), None), "findings"))
    with sqlite3.connect(cache) as conn:
        conn.execute("UPDATE memo SET results = ? WHERE results IS NOT NULL", [odd])
        stored = conn.execute("SELECT COUNT(*) FROM memo WHERE results IS NOT NULL").fetchone()
    calls = _counting(monkeypatch)
    assert _run(server, cache).pages == first.pages
    assert len(calls) == stored[0] > 0  # each page with a stored verdict judged afresh


def test_a_page_whose_stored_data_is_all_unreadable_is_reported_and_forgotten(
    server: Any, tmp_path: Path
) -> None:
    cache = tmp_path / "c.sqlite"
    first = _run(server, cache)
    with sqlite3.connect(cache) as conn:  # both blobs damaged, verdict key left valid
        conn.execute("UPDATE memo SET extraction = ?, results = ?", [b"x", b"x"])
    second = _run(server, cache)
    damaged = [p for p in second.pages if p.error]
    assert damaged and all("unreadable" in (p.error or "") for p in damaged)
    assert not any(c.status is Status.VERIFIED for p in damaged for c in p.citations)
    assert _run(server, cache).pages == first.pages  # the rows were dropped: extracted again


def test_stored_verdicts_refer_to_records_not_copies_of_them(server: Any, tmp_path: Path) -> None:
    cache = tmp_path / "c.sqlite"
    _run(server, cache)
    with sqlite3.connect(cache) as conn:
        blob = conn.execute("SELECT results FROM memo WHERE results IS NOT NULL").fetchone()[0]
    with pytest.raises(frozen_blob.BlobError, match="unreadable"):
        frozen_blob.loads(blob)  # without the records table to join, it cannot be read


def test_what_a_verdicts_key_is_made_of() -> None:
    from refcheck.lookup import Resolved
    from refcheck.models import NotFound, PubMedRecord, Unavailable

    record = PubMedRecord(pmid="1", title="T", authors=(), journal_title="J")
    entry = memo.PageEntry("page", ("1", None, "2"), stored=None)
    good = {"1": Resolved(record, fetched_at=100.0), "2": Resolved(NotFound("2"))}

    def key(outcomes: dict[str, Resolved], year: int = 2026, e: Any = entry) -> str | None:
        judging = memo.Judging(year)
        judging.add(outcomes)
        return judging.key(e)

    assert (k := key(good)) is not None and k.split()[1:] == ["2026", "1@100.0", "-", "2:none"]
    assert key({**good, "1": Resolved(record, fetched_at=100.000001)}) != k  # re-fetched
    assert key(good, year=2027) != k
    for bad in (
        {**good, "1": Resolved(record, fetched_at=100.0, stale=True)},  # a refresh failed
        {**good, "1": Resolved(record)},  # not stored: provenance unknown
        {**good, "2": Resolved(Unavailable("2", "NCBI down"))},
        {"1": good["1"]},  # no outcome for PMID 2 at all
    ):
        assert key(bad) is None
    assert key(good, e=memo.PageEntry("", entry.pmids)) is None  # no cache, no key


def test_a_page_is_known_by_its_bytes_and_the_charset_it_was_told() -> None:
    from refcheck.decode import bytes_digest
    from refcheck.models import Page, PageKind

    data = "<p>Schütterle 2008 (PMID 18349204)</p>".encode("cp1252")
    read = Page("a.html", data.decode("cp1252"), PageKind.HTML, digest=bytes_digest(data))
    same = Page("b.html", read.text, PageKind.HTML, digest=bytes_digest(data))
    assert memo.page_key(read) == memo.page_key(same)  # the path is not part of it
    told = Page("a.html", read.text, PageKind.HTML, digest=bytes_digest(data, "utf-8"))
    assert memo.page_key(told) != memo.page_key(read)  # other charset, maybe other text
    as_markdown = Page("a.md", read.text, PageKind.MARKDOWN, digest=read.digest)
    assert memo.page_key(as_markdown) != memo.page_key(read)
    built = Page("mem", read.text, PageKind.HTML)  # made in memory: known by its text
    assert memo.page_key(built) == memo.page_key(Page("other", read.text, PageKind.HTML))
    assert memo.page_key(built) != memo.page_key(Page("mem", read.text + " ", PageKind.HTML))


def test_a_blob_written_under_other_model_defaults_is_refused_not_misread(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from refcheck.models import PersonName

    name = PersonName("Smith", "J")  # suffix "" is left out of the stored state
    blob = frozen_blob.dumps(name)
    assert frozen_blob.loads(blob) == name
    field = PersonName.__dataclass_fields__["suffix"]
    monkeypatch.setattr(field, "default", "Jr")  # a later version changes a default
    frozen_blob._tables.cache_clear()
    frozen_blob._header.cache_clear()
    try:
        with pytest.raises(frozen_blob.BlobError, match="another form"):
            frozen_blob.loads(blob)  # would otherwise come back as "Smith J Jr"
    finally:
        monkeypatch.undo()
        frozen_blob._tables.cache_clear()
        frozen_blob._header.cache_clear()
    assert frozen_blob.loads(blob) == name


def test_blobs_written_before_the_header_are_still_read() -> None:
    value = (Status.MISMATCH, (Finding(Field.YEAR, Severity.ERROR, "x", 1, 2),))
    assert frozen_blob.loads(pickle.dumps(value, protocol=5)) == value


def test_a_row_naming_odd_pmids_is_extracted_again_and_nothing_odd_is_asked(
    server: Any, tmp_path: Path
) -> None:
    cache = tmp_path / "c.sqlite"
    first = _run(server, cache)
    with sqlite3.connect(cache) as conn:
        conn.execute("UPDATE memo SET pmids = 'abc 00123 -'")
    server.reset()
    again = _run(server, cache)
    assert again.pages == first.pages
    asked = {pmid for ids in server.stats.efetch_ids for pmid in ids}
    assert asked == set()  # every record is cached: nothing at all, let alone "abc", is asked


def test_pages_judged_again_read_their_extractions_in_one_query(
    server: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "c.sqlite"
    first = _run(server, cache)
    with sqlite3.connect(cache) as conn:  # every record re-stored a second earlier
        conn.execute("UPDATE records SET fetched_at = fetched_at - 1")
    asked: list[list[str]] = []
    real = RecordCache.get_memo_extractions

    def spy(self: RecordCache, keys: Any) -> dict[str, bytes]:
        asked.append(list(keys))
        return real(self, keys)

    monkeypatch.setattr(RecordCache, "get_memo_extractions", spy)
    calls = _counting(monkeypatch)
    assert _run(server, cache).pages == first.pages
    assert len(calls) > 1 and len(asked) == 1 and len(asked[0]) == len(calls)


def test_iso4_word_list_is_part_of_both_fingerprints(monkeypatch: pytest.MonkeyPatch) -> None:
    """The extraction reads a dotted run as a journal by ISO 4's word list (pyiso4's copy),
    and the comparison matches names by it: another list must miss both stored forms."""
    pyiso4 = pytest.importorskip("pyiso4")
    before = (memo.extractor_fingerprint(), memo.rules_fingerprint())
    monkeypatch.setattr(pyiso4, "__version__", "another list", raising=False)
    memo.extractor_fingerprint.cache_clear()
    memo.rules_fingerprint.cache_clear()
    try:
        after = (memo.extractor_fingerprint(), memo.rules_fingerprint())
    finally:
        memo.extractor_fingerprint.cache_clear()
        memo.rules_fingerprint.cache_clear()
    assert after[0] != before[0] and after[1] != before[1]
