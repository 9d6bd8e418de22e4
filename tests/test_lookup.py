"""Lookup rules: batching, cache-first, honest not-found, failures never cached."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from refcheck.cache import RecordCache
from refcheck.config import Settings
from refcheck.errors import EutilsError
from refcheck.eutils.parse import EfetchBatch
from refcheck.lookup import Lookup, normalize_pmid
from refcheck.models import NotFound, PersonName, PubMedRecord, Unavailable

DAY = 86400.0


def record(pmid: str) -> PubMedRecord:
    return PubMedRecord(pmid=pmid, title=f"Paper {pmid}.", authors=(PersonName("Smith", "J"),))


class StubClient:
    """Holds PMIDs below 1000; can fail, or answer with records nobody asked for."""

    def __init__(self, *, fail: bool = False, extra: bool = False) -> None:
        self.calls: list[list[str]] = []
        self.fail = fail
        self.extra = extra

    def efetch(self, pmids: Sequence[str]) -> EfetchBatch:
        self.calls.append(list(pmids))
        if self.fail:
            raise EutilsError("efetch: HTTP 503 after 5 attempts")
        held = {p: record(p) for p in pmids if int(p) < 1000}
        if self.extra:
            held["424242"] = record("424242")
        return EfetchBatch(records=held, raw={p: b"<x/>" for p in held})

    def close(self) -> None:
        pass


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def make(tmp_path: Path, clock: Clock, client: StubClient, **settings: object) -> Lookup:
    s = Settings(batch_size=200, **settings)  # type: ignore[arg-type]
    cache = RecordCache(tmp_path / "c.sqlite", clock=clock)
    return Lookup(s, cache, lambda: client, clock=clock)  # type: ignore[arg-type,return-value]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("18349204", "18349204"),
        ("0018349204", "18349204"),
        ("0", None),
        ("-1", None),
        ("123456789012", None),
        ("12a", None),
        ("", None),
        (" 42 ", "42"),
    ],
)
def test_normalize_pmid(text: str, expected: str | None) -> None:
    assert normalize_pmid(text) == expected


def test_batches_of_200_and_second_run_sends_nothing(tmp_path: Path, clock: Clock) -> None:
    client = StubClient()
    pmids = [str(i) for i in range(1, 451)]
    out = make(tmp_path, clock, client).resolve(pmids)
    assert [len(c) for c in client.calls] == [200, 200, 50]
    assert all(isinstance(out[p].outcome, PubMedRecord) for p in pmids)
    again = StubClient()
    out2 = make(tmp_path, clock, again).resolve(pmids)
    assert again.calls == []
    assert out2["7"].outcome == out["7"].outcome


def test_absent_from_a_good_reply_is_not_found(tmp_path: Path, clock: Clock) -> None:
    out = make(tmp_path, clock, StubClient()).resolve(["5", "5000"])
    assert isinstance(out["5000"].outcome, NotFound)


def test_not_found_is_cached_only_briefly(tmp_path: Path, clock: Clock) -> None:
    make(tmp_path, clock, StubClient()).resolve(["5000"])
    clock.now += 0.5 * DAY
    again = StubClient()
    make(tmp_path, clock, again).resolve(["5000"])
    assert again.calls == []
    clock.now += 1 * DAY
    make(tmp_path, clock, again).resolve(["5000"])
    assert again.calls == [["5000"]]


def test_max_age_zero_asks_again_about_a_pmid_found_missing(tmp_path: Path, clock: Clock) -> None:
    """`--max-age 0` refreshes all, "no such PMID" too: the one way to recover at once from
    a record NCBI left out of a reply by mistake (it reads as "not found")."""
    make(tmp_path, clock, StubClient()).resolve(["5000"])
    clock.now += 60
    again = StubClient()
    make(tmp_path, clock, again, max_age=0.0).resolve(["5000"])
    assert again.calls == [["5000"]]


def test_failed_batch_is_unavailable_and_not_cached(tmp_path: Path, clock: Clock) -> None:
    out = make(tmp_path, clock, StubClient(fail=True)).resolve(["5", "6"])
    assert isinstance(out["5"].outcome, Unavailable)
    assert "503" in out["5"].outcome.reason
    good = StubClient()
    out = make(tmp_path, clock, good).resolve(["5", "6"])
    assert good.calls == [["5", "6"]]
    assert isinstance(out["5"].outcome, PubMedRecord)


def test_reply_with_unrequested_records_is_not_trusted_for_absences(
    tmp_path: Path, clock: Clock
) -> None:
    lookup = make(tmp_path, clock, StubClient(extra=True))
    out = lookup.resolve(["5", "5000"])
    assert isinstance(out["5"].outcome, PubMedRecord)
    assert isinstance(out["5000"].outcome, Unavailable)
    assert "424242" not in out
    assert lookup.cache is not None
    assert "5000" not in lookup.cache.get_many(["5000"])
    assert "424242" not in lookup.cache.get_many(["424242"])


def test_offline_uses_cache_only(tmp_path: Path, clock: Clock) -> None:
    make(tmp_path, clock, StubClient()).resolve(["5"])
    client = StubClient()
    out = make(tmp_path, clock, client, offline=True).resolve(["5", "6"])
    assert client.calls == []
    assert isinstance(out["5"].outcome, PubMedRecord)
    assert isinstance(out["6"].outcome, Unavailable)
    assert "offline" in out["6"].outcome.reason


def test_record_due_for_notice_recheck_is_refetched(tmp_path: Path, clock: Clock) -> None:
    make(tmp_path, clock, StubClient()).resolve(["5"])
    clock.now += 8 * DAY  # past the 7-day notice age, within the 30-day max age
    client = StubClient()
    make(tmp_path, clock, client).resolve(["5"])
    assert client.calls == [["5"]]


def test_stale_record_is_used_when_refresh_fails(tmp_path: Path, clock: Clock) -> None:
    make(tmp_path, clock, StubClient()).resolve(["5"])
    clock.now += 8 * DAY
    out = make(tmp_path, clock, StubClient(fail=True)).resolve(["5"])
    assert isinstance(out["5"].outcome, PubMedRecord)
    assert out["5"].stale


def test_record_past_max_age_is_unavailable_when_refresh_fails(
    tmp_path: Path, clock: Clock
) -> None:
    make(tmp_path, clock, StubClient()).resolve(["5"])
    clock.now += 31 * DAY
    out = make(tmp_path, clock, StubClient(fail=True)).resolve(["5"])
    assert isinstance(out["5"].outcome, Unavailable)


def test_max_age_zero_refreshes_everything(tmp_path: Path, clock: Clock) -> None:
    make(tmp_path, clock, StubClient()).resolve(["5"])
    client = StubClient()
    make(tmp_path, clock, client, max_age=0.0).resolve(["5"])
    assert client.calls == [["5"]]


def test_answers_stored_by_a_clock_set_ahead_are_asked_again(tmp_path: Path, clock: Clock) -> None:
    """A run whose clock was a year ahead stored its answers dated then: read with an age
    of 0 they were trusted as fresh until that date (a "no such PMID" for months, and no
    retraction re-check); a fetch time ahead of the clock is an unknown age."""
    clock.now += 365 * DAY
    make(tmp_path, clock, StubClient()).resolve(["5", "5000"])
    clock.now -= 365 * DAY - 60  # the clock put right, a minute later
    again = StubClient()
    out = make(tmp_path, clock, again).resolve(["5", "5000"])
    assert sorted(again.calls[0]) == ["5", "5000"]
    assert isinstance(out["5"].outcome, PubMedRecord)
    failing = StubClient(fail=True)  # and if NCBI cannot be reached: not passed as checked
    clock.now += 365 * DAY + 60
    make(tmp_path, clock, StubClient()).resolve(["7"])
    clock.now -= 365 * DAY
    out = make(tmp_path, clock, failing).resolve(["7"])
    assert isinstance(out["7"].outcome, Unavailable)
