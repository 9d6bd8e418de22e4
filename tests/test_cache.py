"""The record cache: round trip, freshness data, not-found answers, bad files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from refcheck.cache import RecordCache, clear_cache
from refcheck.errors import CacheError
from refcheck.models import CommentCorrection, PersonName, PubMedRecord

RECORD = PubMedRecord(
    pmid="18349204",
    title="Chronic phantom limb pain: the effects of calcitonin, ketamine, and their combination.",
    authors=(PersonName("Eichenberger", "U", "Urs"), PersonName("Neff", "F", "Fabienne")),
    journal_title="Anesthesia and analgesia",
    iso_abbreviation="Anesth Analg",
    medline_ta="Anesth Analg",
    pub_year=2008,
    pub_date="2008 Apr",
    publication_types=("Journal Article",),
    comments_corrections=(CommentCorrection("ErratumIn", "1234", "x"),),
)


def test_round_trip_keeps_every_field(cache_path: Path) -> None:
    with RecordCache(cache_path, clock=lambda: 1000.0) as cache:
        cache.put_records({RECORD.pmid: RECORD}, {RECORD.pmid: b"<PubmedArticle/>"})
        cache.put_not_found(["39999999"])
    with RecordCache(cache_path) as cache:
        got = cache.get_many(["18349204", "39999999", "1"])
    assert got["18349204"].record == RECORD
    assert got["18349204"].fetched_at == 1000.0
    assert got["39999999"].record is None
    assert "1" not in got


def test_many_pmids_are_read_in_chunks(cache_path: Path) -> None:
    with RecordCache(cache_path) as cache:
        cache.put_not_found(str(i) for i in range(1, 2001))
        assert len(cache.get_many(str(i) for i in range(1, 2001))) == 2000


def test_info_counts(cache_path: Path) -> None:
    with RecordCache(cache_path) as cache:
        cache.put_records({RECORD.pmid: RECORD})
        cache.put_not_found(["5"])
        cache.put_suggestion("x[1au]", ["1", "2"])
        info = cache.info()
    assert (info.records, info.not_found, info.suggestions) == (1, 1, 1)


def test_corrupt_file_is_a_cache_error_with_a_way_out(cache_path: Path) -> None:
    cache_path.write_bytes(b"SQLite format 3\x00" + b"damaged beyond reading" * 100)
    with pytest.raises(CacheError, match="refcheck cache clear"):
        RecordCache(cache_path)
    assert clear_cache(cache_path)
    RecordCache(cache_path).close()


def test_a_file_that_is_not_sqlite_is_refused_and_kept(cache_path: Path) -> None:
    cache_path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(CacheError, match="not a SQLite file, not a refcheck cache"):
        RecordCache(cache_path)
    with pytest.raises(CacheError, match="not removed"):
        clear_cache(cache_path)
    assert cache_path.read_bytes() == b"this is not sqlite at all" * 100


def test_foreign_sqlite_file_is_refused(cache_path: Path) -> None:
    conn = sqlite3.connect(cache_path)
    conn.execute("CREATE TABLE customers (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(CacheError, match="another program's SQLite database, not a refcheck"):
        RecordCache(cache_path)


def test_newer_schema_is_refused(cache_path: Path) -> None:
    RecordCache(cache_path).close()
    conn = sqlite3.connect(cache_path)
    conn.execute("UPDATE refcheck_meta SET value = '99' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    with pytest.raises(CacheError, match="newer"):
        RecordCache(cache_path)


def test_a_memo_row_read_within_its_lifetime_outlives_the_sweep(cache_path: Path) -> None:
    """A page re-checked every night must keep its row: the sweep drops only rows that no
    run has read for 90 days, and reading marks a row at most once a month."""
    day = 86_400.0
    now = [0.0]
    row = ("18349204", b"extraction", "key", b"verdicts")
    with RecordCache(cache_path, clock=lambda: now[0]) as cache:
        cache.put_memos({"read": row, "unread": row})
        now[0] = 20 * day
        assert cache.get_memos(["read"])  # young: read, not marked
        stamps = dict(cache.db.execute("SELECT key, stored_at FROM memo").fetchall())
        assert stamps == {"read": 0.0, "unread": 0.0}
        now[0] = 40 * day
        assert cache.get_memos(["read"])  # over a month old: marked now
    now[0] = 100 * day
    with RecordCache(cache_path, clock=lambda: now[0]) as cache:
        cache.put_memos({"new": row})  # a run's first write sweeps the old rows
        kept = dict(cache.db.execute("SELECT key, stored_at FROM memo").fetchall())
    assert kept == {"read": 40 * day, "new": 100 * day}


def test_a_read_only_cache_still_serves_old_memo_rows(cache_path: Path) -> None:
    """Marking a row used is a write; a cache that cannot be written (a shared read-only
    copy) must still give its rows, not fail the run."""
    day = 86_400.0
    now = [0.0]
    row = ("18349204", b"extraction", "key", b"verdicts")
    with RecordCache(cache_path, clock=lambda: now[0]) as cache:
        cache.put_memos({"page": row})
    now[0] = 40 * day
    with RecordCache(cache_path, clock=lambda: now[0]) as cache:
        cache.db.execute("PRAGMA query_only = ON")  # every write now fails, as read-only
        assert cache.get_memos(["page"]) == {"page": ("18349204", "key", b"verdicts")}
