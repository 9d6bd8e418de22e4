"""Stored verdicts (refcheck.memo): reused only while every input is the same.

A re-check of unchanged pages must give the same results as judging afresh,
without judging; anything that changes a verdict's inputs (a re-fetched record,
the year, the comparison code) must make the page be judged again; nothing that
could not be checked is ever stored.
"""

from __future__ import annotations

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
    first = _run(server, cache)
    with sqlite3.connect(cache) as conn:
        conn.execute("UPDATE memo SET data = ?", [pickle.dumps(print)])
        conn.execute("UPDATE records SET record = ? WHERE found = 1", [b"garbage"])
    second = _run(server, cache)
    assert second.pages == first.pages
    with RecordCache(cache) as rc:  # rows rewritten from what was judged and re-parsed again
        assert all(frozen_blob.loads(b) for b in rc.get_memos(_memo_keys(cache)).values())


def _memo_keys(cache: Path) -> list[str]:
    with sqlite3.connect(cache) as conn:
        return [k for (k,) in conn.execute("SELECT key FROM memo")]


def test_a_row_of_model_types_in_the_wrong_shape_is_a_miss(server: Any, tmp_path: Path) -> None:
    cache = tmp_path / "c.sqlite"
    first = _run(server, cache)
    odd = frozen_blob.dumps((Status.VERIFIED, (1, 2), None, "findings"))
    with sqlite3.connect(cache) as conn:
        conn.execute("UPDATE memo SET data = ?", [odd])
    assert _run(server, cache).pages == first.pages


def test_what_a_verdicts_key_is_made_of() -> None:
    from refcheck.lookup import Resolved
    from refcheck.models import Citation, Claim, NotFound, PubMedRecord, Unavailable

    record = PubMedRecord(pmid="1", title="T", authors=(), journal_title="J")
    cite = [Citation("1", Claim()), Citation("0", Claim()), Citation("2", Claim())]
    good = {"1": Resolved(record, fetched_at=100.0), "2": Resolved(NotFound("2"))}
    key = memo.verdicts_key("page", cite, good, 2026)
    assert key is not None and key[1:] == (2026, "page", ("1", 100.0), None, ("2", "none"))
    refetched = {**good, "1": Resolved(record, fetched_at=200.0)}
    assert memo.verdicts_key("page", cite, refetched, 2026) != key
    assert memo.verdicts_key("page", cite, good, 2027) != key
    for bad in (
        {**good, "1": Resolved(record, fetched_at=100.0, stale=True)},  # a refresh failed
        {**good, "1": Resolved(record)},  # not stored: provenance unknown
        {**good, "2": Resolved(Unavailable("2", "NCBI down"))},
        {"1": good["1"]},  # no outcome for PMID 2 at all
    ):
        assert memo.verdicts_key("page", cite, bad, 2026) is None
    assert memo.verdicts_key("", cite, good, 2026) is None  # no cache, no key
