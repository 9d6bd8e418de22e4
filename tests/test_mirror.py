"""The baseline/update-file importer: ordering, deletions, idempotence, safety.

Files are small synthetic ones from `fake_eutils.baseline.write_baseline`, so
every rule is exercised on the real file shape without real 60 MB files.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from refcheck import mirror
from refcheck.cache import PARSER_UNPARSED, PARSER_VERSION, RecordCache
from refcheck.errors import ConfigError, InputError
from refcheck.eutils.parse import parse_efetch, record_from_raw
from refcheck.fake_eutils.baseline import FOOTER, HEADER, write_baseline
from refcheck.mirror import (
    MirrorImportError,
    file_sequence,
    import_files,
    mirror_info,
    staleness_warning,
)

DAY = 86_400.0


@pytest.fixture
def cache(tmp_path: Path) -> Any:
    with RecordCache(tmp_path / "cache.sqlite") as c:
        yield c


def _file(folder: Path, number: int, n: int, start: int, **kw: Any) -> Path:
    return write_baseline(folder / f"pubmed26n{number:04d}.xml.gz", n, start_pmid=start, **kw)


def _titles(cache: RecordCache, pmids: list[int]) -> dict[str, str | None]:
    entries = cache.get_many(str(p) for p in pmids)
    return {
        str(p): (e.record.title if (e := entries.get(str(p))) and e.record else None) for p in pmids
    }


def _dump(cache: RecordCache) -> list[tuple[Any, ...]]:
    return cache.db.execute(
        "SELECT pmid, found, xml, record, parser, fetched_at, source FROM records ORDER BY pmid"
    ).fetchall()


# --------------------------------------------------------------------------- file naming


def test_file_sequence_orders_baseline_then_updates_then_next_year() -> None:
    names = [
        "pubmed27n0001.xml.gz",
        "pubmed26n1335.xml.gz",
        "pubmed26n0002.xml",
        "pubmed26n1334.xml.gz",
    ]
    assert sorted(names, key=file_sequence) == [names[2], names[3], names[1], names[0]]


def test_unknown_file_name_is_a_one_line_usage_error(cache: RecordCache, tmp_path: Path) -> None:
    """A file given by mistake: exit code 2, as for any usage error (it was 3, as if
    something could not be checked)."""
    path = write_baseline(tmp_path / "records.xml.gz", 2, start_pmid=1)
    with pytest.raises(ConfigError, match=r"records\.xml\.gz: not a PubMed") as err:
        import_files(cache, [path])
    assert "\n" not in str(err.value)


# --------------------------------------------------------------------------- ordering


def test_files_apply_in_numeric_order_whatever_the_argument_order(
    cache: RecordCache, tmp_path: Path
) -> None:
    old = _file(tmp_path, 1, 10, 100, title_prefix="OLD ")
    new = _file(tmp_path, 2, 5, 100, title_prefix="NEW ")
    report = import_files(cache, [new, old])
    assert report.files_imported == (old.name, new.name)
    titles = _titles(cache, list(range(100, 110)))
    assert all(titles[str(p)].startswith("NEW ") for p in range(100, 105))  # type: ignore[union-attr]
    assert all(titles[str(p)].startswith("OLD ") for p in range(105, 110))  # type: ignore[union-attr]


def test_an_older_file_imported_later_does_not_roll_records_back(
    cache: RecordCache, tmp_path: Path
) -> None:
    new = _file(tmp_path, 2, 5, 100, title_prefix="NEW ")
    old = _file(tmp_path, 1, 10, 100, title_prefix="OLD ")
    import_files(cache, [new])
    report = import_files(cache, [old])
    assert report.records_superseded == 5 and report.records_written == 5
    assert _titles(cache, [100])["100"].startswith("NEW ")  # type: ignore[union-attr]


def test_last_copy_within_one_file_wins(
    cache: RecordCache, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mirror, "BATCH_SIZE", 2)  # the two copies land in different batches
    first = write_baseline(tmp_path / "a.xml", 1, start_pmid=7, title_prefix="FIRST ")
    second = write_baseline(tmp_path / "b.xml", 1, start_pmid=7, title_prefix="SECOND ")
    middle = write_baseline(tmp_path / "c.xml", 3, start_pmid=50)

    def body(p: Path) -> bytes:
        return p.read_bytes().removeprefix(HEADER).removesuffix(FOOTER)

    path = tmp_path / "pubmed26n0001.xml.gz"
    path.write_bytes(gzip.compress(HEADER + body(first) + body(middle) + body(second) + FOOTER))
    import_files(cache, [path])
    assert _titles(cache, [7])["7"].startswith("SECOND ")  # type: ignore[union-attr]


# --------------------------------------------------------------------------- deletions


def test_delete_citation_removes_records_after_the_files_records(
    cache: RecordCache, tmp_path: Path
) -> None:
    base = _file(tmp_path, 1, 10, 100)
    # The update re-sends 105 and deletes it in the same file: deletion comes last.
    update = _file(tmp_path, 2, 1, 105, deletes=[101, 105, 999])
    report = import_files(cache, [update, base])
    assert report.deleted == 3
    titles = _titles(cache, [100, 101, 105])
    assert titles["101"] is None and titles["105"] is None and titles["100"]


def test_deletion_is_not_undone_by_an_older_file_imported_later(
    cache: RecordCache, tmp_path: Path
) -> None:
    import_files(cache, [_file(tmp_path, 2, 0, 1, deletes=[101])])
    import_files(cache, [_file(tmp_path, 1, 3, 100)])
    assert _titles(cache, [100, 101, 102])["101"] is None


def test_a_record_resent_after_its_deletion_comes_back(cache: RecordCache, tmp_path: Path) -> None:
    files = [_file(tmp_path, 1, 3, 100), _file(tmp_path, 2, 0, 1, deletes=[101])]
    files.append(_file(tmp_path, 3, 1, 101, title_prefix="BACK "))
    import_files(cache, files)
    assert _titles(cache, [101])["101"].startswith("BACK ")  # type: ignore[union-attr]


# --------------------------------------------------------------------------- idempotence


def test_reimport_of_an_unchanged_file_is_skipped_and_force_redoes_it(
    cache: RecordCache, tmp_path: Path
) -> None:
    files = [_file(tmp_path, 1, 20, 100), _file(tmp_path, 2, 5, 110, deletes=[100])]
    import_files(cache, files)
    before = _dump(cache)
    again = import_files(cache, files)
    assert again.files_imported == () and again.files_skipped == tuple(f.name for f in files)
    forced = import_files(cache, files, force=True)
    assert forced.files_imported == tuple(f.name for f in files)
    # File 1's copies of what file 2 re-sent or deleted (110..114 and 100) stay superseded.
    assert (forced.records_written, forced.records_superseded, forced.deleted) == (19, 6, 1)
    assert _dump(cache) == before


def test_a_changed_file_is_imported_again(cache: RecordCache, tmp_path: Path) -> None:
    path = _file(tmp_path, 1, 3, 100, title_prefix="A ")
    import_files(cache, [path])
    _file(tmp_path, 1, 3, 100, title_prefix="B ")
    os.utime(path, (1_700_000_000, 1_700_000_000))
    report = import_files(cache, [path])
    assert report.files_imported == (path.name,)
    assert _titles(cache, [100])["100"].startswith("B ")  # type: ignore[union-attr]


# --------------------------------------------------------------------------- parallel


def test_two_jobs_give_the_same_content_as_one(tmp_path: Path) -> None:
    files = [
        _file(tmp_path, 3, 40, 130, title_prefix="C ", deletes=[100, 131]),
        _file(tmp_path, 1, 60, 100, title_prefix="A "),
        _file(tmp_path, 2, 50, 120, title_prefix="B ", deletes=[125]),
    ]
    dumps = []
    for jobs in (1, 2):
        with RecordCache(tmp_path / f"jobs{jobs}.sqlite") as c:
            report = import_files(c, files, jobs=jobs)
            assert sorted(report.files_imported) == sorted(f.name for f in files)
            dumps.append(_dump(c))
    assert dumps[0] == dumps[1]
    assert len(dumps[0]) == 70 - 3  # PMIDs 100..169, less the three deleted


def test_parallel_import_reports_a_bad_file(cache: RecordCache, tmp_path: Path) -> None:
    good = _file(tmp_path, 1, 30, 100)
    bad = tmp_path / "pubmed26n0002.xml.gz"
    bad.write_bytes(good.read_bytes()[:-200])
    with pytest.raises(MirrorImportError, match=r"pubmed26n0002\.xml\.gz: truncated"):
        import_files(cache, [good, bad], jobs=2)


# --------------------------------------------------------------------------- bad input


def test_truncated_gzip_is_a_one_line_error_and_earlier_files_stay(
    cache: RecordCache, tmp_path: Path
) -> None:
    good = _file(tmp_path, 1, 10, 100)
    whole = _file(tmp_path, 2, 50, 200).read_bytes()
    bad = tmp_path / "pubmed26n0002.xml.gz"
    bad.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(MirrorImportError) as err:
        import_files(cache, [bad, good])
    message = str(err.value)
    assert message.startswith("pubmed26n0002.xml.gz: truncated or corrupt gzip")
    assert "\n" not in message
    assert err.value.report.files_imported == (good.name,)
    assert _titles(cache, [100])["100"]
    assert [f.name for f in mirror_info(cache).files] == [good.name]


def test_broken_xml_is_a_one_line_error(cache: RecordCache, tmp_path: Path) -> None:
    path = tmp_path / "pubmed26n0001.xml.gz"
    path.write_bytes(gzip.compress(HEADER + b"<PubmedArticle><MedlineCitation>"))
    with pytest.raises(InputError, match=r"^pubmed26n0001\.xml\.gz: invalid XML") as err:
        import_files(cache, [path])
    assert "\n" not in str(err.value)


def test_xxe_payload_is_neither_expanded_nor_stored(cache: RecordCache, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    body = write_baseline(tmp_path / "x.xml", 3, start_pmid=5).read_bytes()
    doctype = f'<!DOCTYPE PubmedArticleSet [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    hostile = body.replace(HEADER.split(b"\n")[1], doctype.encode(), 1).replace(
        b"<ArticleTitle>", b"<ArticleTitle>&xxe;"
    )
    path = tmp_path / "pubmed26n0001.xml.gz"
    path.write_bytes(gzip.compress(hostile))
    with pytest.raises(InputError, match="entities"):
        import_files(cache, [path])
    stored = cache.db.execute("SELECT COALESCE(group_concat(record), '') FROM records").fetchone()
    assert "TOP-SECRET" not in stored[0]


def test_md5_sidecar_mismatch_is_refused(cache: RecordCache, tmp_path: Path) -> None:
    path = _file(tmp_path, 1, 3, 100)
    side = tmp_path / (path.name + ".md5")
    side.write_text(f"MD5({path.name})= {'0' * 32}\n")
    with pytest.raises(InputError, match="does not match"):
        import_files(cache, [path])
    # checked before any record is written: the md5 was compared only once the whole file
    # had streamed, so a refused file's records were all loaded, and they verified
    assert cache.db.execute("SELECT COUNT(*) FROM records").fetchone()[0] == 0
    side.write_text(f"MD5({path.name})= {hashlib.md5(path.read_bytes()).hexdigest()}\n")
    assert import_files(cache, [path]).files_imported == (path.name,)


# --------------------------------------------------------------------------- stored shape


def test_stored_records_match_the_parser_and_keep_their_raw_xml(
    cache: RecordCache, tmp_path: Path
) -> None:
    path = _file(tmp_path, 1, 5, 100)
    import_files(cache, [path])
    expected = parse_efetch(gzip.decompress(path.read_bytes())).records
    entries = cache.get_many(expected)
    for pmid, record in expected.items():
        entry = entries[pmid]
        assert entry.source == "mirror" and entry.record == record
        assert entry.fetched_at == path.stat().st_mtime
    raw = cache.db.execute("SELECT xml FROM records WHERE pmid = '104'").fetchone()[0]
    assert record_from_raw(raw) == expected["104"]  # a book article survives the round trip


def test_progress_reports_running_totals_per_file(
    cache: RecordCache, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mirror, "BATCH_SIZE", 4)
    files = [_file(tmp_path, 1, 10, 100), _file(tmp_path, 2, 3, 200)]
    seen: list[tuple[int, str]] = []
    import_files(cache, files, progress=lambda n, name: seen.append((n, name)))
    assert seen == [
        (4, files[0].name),
        (8, files[0].name),
        (10, files[0].name),
        (13, files[1].name),
    ]


def test_mirror_info_lists_files_records_and_age(cache: RecordCache, tmp_path: Path) -> None:
    files = [_file(tmp_path, 1, 6, 100), _file(tmp_path, 2, 2, 200, deletes=[100])]
    os.utime(files[0], (1_000 * DAY, 1_000 * DAY))
    os.utime(files[1], (1_001 * DAY, 1_001 * DAY))
    import_files(cache, files)
    info = mirror_info(cache, clock=lambda: 1_004.5 * DAY)
    assert [(f.name, f.records, f.deleted) for f in info.files] == [
        (files[0].name, 6, 0),
        (files[1].name, 2, 1),
    ]
    assert info.records == 7
    assert info.newest_file == files[1].name
    assert info.age_days == pytest.approx(3.5)


def test_a_check_is_warned_of_an_empty_or_stale_mirror_only(
    cache: RecordCache, tmp_path: Path
) -> None:
    assert "holds no records" in (staleness_warning(mirror_info(cache)) or "")
    files = [_file(tmp_path, 1, 3, 100), _file(tmp_path, 2, 2, 200)]
    os.utime(files[0], (1_000 * DAY, 1_000 * DAY))
    os.utime(files[1], (1_030 * DAY, 1_030 * DAY))
    import_files(cache, files)
    fresh = mirror_info(cache, clock=lambda: 1_036 * DAY)
    assert staleness_warning(fresh) is None  # six days: NCBI's daily files, a weekly update
    old = staleness_warning(mirror_info(cache, clock=lambda: 1_038.5 * DAY))
    assert old is not None
    assert f"newest file ({files[1].name}) is 8 days old" in old
    assert "retractions" in old


def test_the_mirror_is_as_old_as_its_highest_numbered_file(
    cache: RecordCache, tmp_path: Path
) -> None:
    """A re-downloaded baseline file (a new date) made an update file 30 days old pass for
    a fresh mirror: the age was the latest date of any file, shown with the newest name."""
    files = [_file(tmp_path, 1, 3, 100), _file(tmp_path, 2, 2, 200)]
    os.utime(files[0], (1_030 * DAY, 1_030 * DAY))
    os.utime(files[1], (1_000 * DAY, 1_000 * DAY))
    import_files(cache, files)
    info = mirror_info(cache, clock=lambda: 1_030 * DAY)
    assert info.newest_file == files[1].name and info.age_days == pytest.approx(30)
    assert "30 days old" in (staleness_warning(info) or "")


def test_records_of_an_import_that_did_not_finish_are_warned_of(
    cache: RecordCache, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Interrupted before its first file was done: records but no file, no age, and the
    check from it said nothing."""
    path = _file(tmp_path, 1, 6, 100)
    monkeypatch.setattr(mirror._Writer, "done", lambda *_: None)  # as if stopped at the end
    import_files(cache, [path])
    warning = staleness_warning(mirror_info(cache))
    assert warning is not None and "did not finish" in warning and "6 records" in warning


def test_an_online_run_does_not_replace_the_mirrors_copy(
    cache: RecordCache, tmp_path: Path
) -> None:
    """An online refresh stored its copy over the mirror's: `--source mirror` then called
    the PMID "not in the local PubMed mirror", and re-importing the unchanged file skipped
    it, so nothing put it back. The online answer serves its own run only."""
    path = _file(tmp_path, 1, 3, 100)
    import_files(cache, [path])
    before = _dump(cache)
    fresh = cache.get_many(["100"])["100"].record
    assert fresh is not None
    cache.put_records({"100": fresh}, source="eutils")
    cache.put_not_found(["101"])
    after = {row[0]: row for row in _dump(cache)}
    assert [after[p][6] for p in ("100", "101", "102")] == ["mirror"] * 3
    assert after["101"][1] == 1  # still found, as the file has it
    assert [r[:2] + r[5:] for r in _dump(cache)] == [r[:2] + r[5:] for r in before]
    cache.put_records({"999": fresh}, source="eutils")  # a PMID the mirror lacks is stored
    assert cache.get_many(["999"])["999"].source == "eutils"


def test_a_parse_is_not_stored_over_xml_replaced_meanwhile(
    cache: RecordCache, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A check parsing a mirror row while an import replaced it stored the old parse beside
    the new XML, and every later run used the old record."""
    import refcheck.cache as cache_module

    old = _file(tmp_path, 1, 1, 100, title_prefix="OLD ")
    new = _file(tmp_path, 2, 1, 100, title_prefix="NEW ")
    import_files(cache, [old])
    real_parse = cache_module._parse_raw

    def parse_then_import(xml: bytes) -> Any:
        record = real_parse(xml)
        import_files(cache, [new])  # lands between the read and the store
        return record

    monkeypatch.setattr(cache_module, "_parse_raw", parse_then_import)
    first = _titles(cache, [100])["100"] or ""
    assert first.startswith("OLD ")  # what was read, this once
    monkeypatch.setattr(cache_module, "_parse_raw", real_parse)
    assert (_titles(cache, [100])["100"] or "").startswith("NEW ")


def test_mirror_info_on_an_empty_cache(cache: RecordCache) -> None:
    info = mirror_info(cache)
    assert info.files == () and info.records == 0 and info.age_days is None


# --------------------------------------------------------------------------- the generator


def test_write_baseline_writes_consecutive_pmids_and_deletes_last(tmp_path: Path) -> None:
    path = write_baseline(tmp_path / "pubmed26n0009.xml.gz", 7, start_pmid=500, deletes=[3, 4])
    data = gzip.decompress(path.read_bytes())
    batch = parse_efetch(data)
    assert list(batch.records) == [str(p) for p in range(500, 507)]
    assert batch.deleted == ("3", "4")
    assert data.rstrip().endswith(b"</DeleteCitation>\n</PubmedArticleSet>")
    assert any(r.is_book for r in batch.records.values())


# --------------------------------------------------------------------------- lazy parsing


def test_import_stores_raw_xml_only_and_get_many_parses_and_stores_it_once(
    tmp_path: Path,
) -> None:
    path = _file(tmp_path, 1, 6, 100)
    expected = parse_efetch(gzip.decompress(path.read_bytes()))
    with RecordCache(tmp_path / "lazy.sqlite") as c:
        import_files(c, [path])
        rows = c.db.execute(
            "SELECT pmid, record, parser, xml FROM records ORDER BY pmid"
        ).fetchall()
        assert [(p, rec, parser) for p, rec, parser, _ in rows] == [
            (p, None, PARSER_UNPARSED) for p in expected.records
        ]
        assert {p: xml for p, _, _, xml in rows} == dict(expected.raw)  # the article bytes
        entries = c.get_many(["101", "104"])  # 104 is a book article
        for pmid in ("101", "104"):
            assert entries[pmid].record == expected.records[pmid]
            assert entries[pmid].source == "mirror"
        parsed = dict(
            c.db.execute(
                "SELECT pmid, parser FROM records WHERE record IS NOT NULL ORDER BY pmid"
            ).fetchall()
        )
        assert parsed == {"101": PARSER_VERSION, "104": PARSER_VERSION}  # stored parsed now
        again = c.get_many(["101", "104", "102"])
        assert {p: e.record for p, e in again.items()} == {
            p: expected.records[p] for p in ("101", "102", "104")
        }


def test_a_cache_without_a_reparse_hook_still_reads_mirror_rows(
    cache: RecordCache, tmp_path: Path
) -> None:
    path = _file(tmp_path, 1, 3, 100)
    import_files(cache, [path])
    expected = parse_efetch(gzip.decompress(path.read_bytes())).records
    assert {p: e.record for p, e in cache.get_many(expected).items()} == dict(expected)


# --------------------------------------------------------------------------- raw splitting


def _articles(n: int, start: int, tmp_path: Path) -> bytes:
    body = write_baseline(tmp_path / f"body{start}.xml", n, start_pmid=start).read_bytes()
    return body.removeprefix(HEADER).removesuffix(FOOTER)


def _gz(tmp_path: Path, data: bytes, number: int = 1) -> Path:
    path = tmp_path / f"pubmed26n{number:04d}.xml.gz"
    path.write_bytes(gzip.compress(data))
    return path


def test_comments_cdata_and_pis_that_mention_article_tags_do_not_fool_the_splitter(
    cache: RecordCache, tmp_path: Path
) -> None:
    body = _articles(4, 100, tmp_path)
    tricky = body.replace(
        b"<ArticleTitle>",
        b"<ArticleTitle><![CDATA[</PubmedArticle><PubmedArticle>]]><!-- </PubmedArticle> -->"
        b"<?pi </PubmedBookArticle>?>",
    )
    data = (
        HEADER
        + b"<!-- <PubmedArticle><MedlineCitation><PMID>1</PMID> -->\n"
        + tricky
        + b"<?note <DeleteCitation><PMID>100</PMID></DeleteCitation> ?>"
        + FOOTER
    )
    path = _file_with(tmp_path, data)
    report = import_files(cache, [path])
    assert (report.records_written, report.deleted) == (4, 0)
    expected = parse_efetch(data).records
    assert {p: e.record for p, e in cache.get_many(expected).items()} == dict(expected)
    assert "</PubmedArticle><PubmedArticle>" in expected["100"].title


def _file_with(tmp_path: Path, data: bytes) -> Path:
    return _gz(tmp_path, data)


def test_articles_split_across_every_read_boundary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = [_file(tmp_path, 1, 7, 100), _file(tmp_path, 2, 3, 103, deletes=[100])]
    dumps = []
    for step in (1 << 20, 13, 1):
        monkeypatch.setattr(mirror, "_READ", step)
        with RecordCache(tmp_path / f"step{step}.sqlite") as c:
            import_files(c, files)
            dumps.append(_dump(c))
    assert dumps[0] == dumps[1] == dumps[2]
    assert len(dumps[0]) == 6


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<x>&custom;</x>", r"entity reference &custom; is not allowed"),
        (b"<x>&#x41;&amp;&lt;</x><y/>", None),
        (b"", None),
    ],
)
def test_only_builtin_entity_references_are_accepted(
    cache: RecordCache, tmp_path: Path, data: bytes, message: str | None
) -> None:
    body = _articles(2, 100, tmp_path).replace(b"<ArticleTitle>", b"<ArticleTitle>" + data, 1)
    doc = HEADER + body + FOOTER
    path = _gz(tmp_path, doc)
    if message is None:
        import_files(cache, [path])
        assert cache.get_many(["100"])["100"].record == parse_efetch(doc).records["100"]
        return
    with pytest.raises(MirrorImportError, match=rf"^pubmed26n0001\.xml\.gz: {message}") as err:
        import_files(cache, [path])
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (b'<?xml version="1.0" encoding="ISO-8859-1"?>\n<PubmedArticleSet>', "not UTF-8"),
        (b"<?xml version='1.0'?>\n<OtherSet>", "root element is OtherSet"),
        (b"<!DOCTYPE PubmedArticleSet [<!ELEMENT x ANY>]>\n<PubmedArticleSet>", "entities"),
        (b'<PubmedArticleSet xmlns:m="urn:x">', "namespace declarations"),
    ],
)
def test_files_whose_bytes_could_not_stand_alone_are_refused(
    cache: RecordCache, tmp_path: Path, header: bytes, message: str
) -> None:
    root_end = b"</OtherSet>\n" if b"OtherSet" in header else FOOTER
    doc = header + b"\n" + _articles(2, 100, tmp_path) + root_end
    with pytest.raises(MirrorImportError, match=message) as err:
        import_files(cache, [_gz(tmp_path, doc)])
    assert "\n" not in str(err.value)
    assert cache.get_many(["100"]) == {}


def test_an_article_with_an_unusual_pmid_layout_is_keyed_by_its_citation_pmid(
    cache: RecordCache, tmp_path: Path
) -> None:
    body = _articles(1, 100, tmp_path).replace(
        b"<PubmedArticle>", b"<PubmedArticle>\n<!-- <PMID>5</PMID> -->", 1
    )
    import_files(cache, [_gz(tmp_path, HEADER + body + FOOTER)])
    assert list(cache.get_many(["100", "5"])) == ["100"]


def test_end_tags_with_spaces_and_self_closing_children_are_split_right(
    cache: RecordCache, tmp_path: Path
) -> None:
    body = _articles(3, 100, tmp_path).replace(b"</PubmedArticle>", b"</PubmedArticle >")
    doc = HEADER + b"<DeleteCitation/>" + body + FOOTER
    import_files(cache, [_gz(tmp_path, doc)])
    expected = parse_efetch(doc).records
    assert {p: e.record for p, e in cache.get_many(expected).items()} == dict(expected)


# --------------------------------------------------------------------------- checking with it

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

MIRROR_PAGE = """References

  1. Eichenberger U et al. 2008, Anesthesia & Analgesia Controlled study. (PMID 18349204)
  2. Alviar MJ et al. 2016, Cochrane Database of Systematic Reviews Review. (PMID 27737513)
  3. Hall N & Eldabe S 2015, British Journal of Pain Review. (PMID 30349693)
  4. Smith J et al. 2020, Pain Medicine Trial. (PMID 37729413)
"""


def test_checking_with_the_mirror_as_source_sends_nothing_and_leaves_misses_unverified(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--source mirror`: records come from the imported files alone (however old), a PMID
    the files do not hold is unverified, never passed, and no E-utilities client is made."""
    from refcheck import lookup
    from refcheck.api import check_pages
    from refcheck.config import Settings
    from refcheck.models import Status
    from refcheck.pages import iter_pages

    seed = (FIXTURES / "records" / "seed-phantom-limb-pain.xml").read_bytes()
    baseline = tmp_path / "pubmed26n0001.xml.gz"
    baseline.write_bytes(gzip.compress(seed))
    os.utime(baseline, (1_000 * DAY, 1_000 * DAY))  # far older than any --max-age
    cache_path = tmp_path / "cache.sqlite"
    with RecordCache(cache_path) as c:
        import_files(c, [baseline])
        # an online run cached this one from E-utilities: no part of the mirror, and once
        # the mirror run verified it with that record
        from refcheck.eutils.parse import parse_efetch

        online = parse_efetch((FIXTURES / "records" / "articles-1.xml").read_bytes())
        c.put_records({"37729413": online.records["37729413"]}, source="eutils")
    page = tmp_path / "page.txt"
    page.write_text(MIRROR_PAGE)

    def no_network(*_: object, **__: object) -> None:
        raise AssertionError("a mirror run made an E-utilities client")

    monkeypatch.setattr(lookup, "_new_client", no_network)
    settings = Settings(eutils_url="http://127.0.0.1:9/", cache_path=cache_path, source="mirror")
    (result,) = check_pages(iter_pages([str(page)]), settings).pages
    by_pmid = {c.citation.pmid: c for c in result.citations}
    assert {p: c.status for p, c in by_pmid.items()} == {
        "18349204": Status.VERIFIED,
        "27737513": Status.VERIFIED,
        "30349693": Status.MISMATCH,  # the record says 2018
        "37729413": Status.UNVERIFIED,  # not in the files
    }
    assert by_pmid["30349693"].record is not None
    assert by_pmid["37729413"].reason == "not in the local PubMed mirror"


@pytest.mark.timeout(120)
def test_ctrl_c_during_a_parallel_import_ends_it_at_once_with_one_line(tmp_path: Path) -> None:
    """Ctrl-C reaches the workers too: they must not print tracebacks, the parent must
    not wait on a queue message the interrupt cut in half, and the cache stays usable."""
    from processes import ctrl_c

    cache_path = tmp_path / "cache.sqlite"
    files, proc = _start_parallel_import(tmp_path, cache_path, subprocess.PIPE)
    _wait_for_records(cache_path, proc)
    ctrl_c(proc, within=15)
    with RecordCache(cache_path) as again:
        report = import_files(again, files)
        assert report.records_written == 40_000


def _alive(pid: int) -> bool:
    """Running, not a zombie left for a reaper."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
@pytest.mark.timeout(120)
def test_workers_of_a_killed_import_stop_instead_of_lingering(tmp_path: Path) -> None:
    """A nightly job killed mid-import (SIGKILL, no cleanup) must not leave its parse workers
    blocked forever on a queue nobody reads."""
    import signal
    import time

    _, proc = _start_parallel_import(tmp_path, tmp_path / "cache.sqlite", subprocess.DEVNULL)
    workers = _workers_of(proc)
    time.sleep(1.0)  # let them fill the queue
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 15
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    lingering = [w for w in workers if _alive(w)]
    for w in lingering:
        os.kill(w, signal.SIGKILL)
    assert not lingering, "parse workers outlived their killed parent by 15 s"


def _wait_for_records(cache_path: Path, proc: subprocess.Popen[str]) -> None:
    """Until the import `proc` has written records to the cache (it must still be running)."""
    import sqlite3
    import time

    deadline = time.monotonic() + 60
    written = 0
    while not written and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
        with (
            contextlib.suppress(sqlite3.Error),
            contextlib.closing(sqlite3.connect(cache_path, timeout=0.1)) as db,
        ):
            written = db.execute("SELECT COUNT(*) FROM records").fetchone()[0]
    assert written and proc.poll() is None, "the import finished before it could be interrupted"


def _workers_of(proc: subprocess.Popen[str]) -> list[int]:
    """The pids of the two parse workers of the running import `proc`."""
    import time

    workers: list[int] = []
    deadline = time.monotonic() + 60
    while len(workers) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
        workers = [
            int(p.parent.name)
            for p in Path("/proc").glob("[0-9]*/stat")
            if _parent_of(p) == proc.pid and "spawn_main" in _cmdline(p.parent)
        ]
    assert len(workers) == 2 and proc.poll() is None, "no running import to kill"
    return workers


def _parent_of(stat: Path) -> int:
    try:
        return int(stat.read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return -1


def _cmdline(proc_dir: Path) -> str:
    try:
        return proc_dir.joinpath("cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


def _start_parallel_import(
    folder: Path, cache_path: Path, output: int
) -> tuple[list[Path], subprocess.Popen[str]]:
    """Two 20,000-record files and `refcheck mirror import --jobs 2` of them, started."""
    import sys

    files = [_file(folder, 1, 20_000, 10_000_000), _file(folder, 2, 20_000, 20_000_000)]
    args = ["mirror", "import", *map(str, files), "--jobs", "2", "--cache", str(cache_path)]
    from processes import interruptible

    proc = subprocess.Popen(
        [sys.executable, "-m", "refcheck", *args],
        stdout=output,
        stderr=output,
        text=True,
        preexec_fn=interruptible,
    )
    return files, proc


def test_stored_sequences_are_read_under_the_write_lock(
    cache: RecordCache, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read before the lock, another import could commit a newer file's copy between the
    read and this batch's write, which then overwrote it (two imports at once)."""
    import sqlite3

    path = _file(tmp_path, 1, 3, 100, deletes=[100])
    real = mirror._stored_seqs
    blocked: list[bool] = []

    def while_reading(c: RecordCache, pmids: list[str]) -> dict[str, int]:
        other = sqlite3.connect(cache.path, timeout=0)
        try:
            other.execute("INSERT INTO mirror_pmids VALUES ('1', 1, 0)")
            other.commit()
            blocked.append(False)
        except sqlite3.OperationalError as exc:
            blocked.append("locked" in str(exc))
        finally:
            other.close()
        return real(c, pmids)

    monkeypatch.setattr(mirror, "_stored_seqs", while_reading)
    import_files(cache, [path])
    assert blocked == [True, True]  # the records batch, then the deletions


def test_a_mirror_file_dated_in_the_future_is_of_unknown_age(
    cache: RecordCache, tmp_path: Path
) -> None:
    """`touch -d 2031-01-01` on the newest file made the mirror "0 days old" and hid the
    staleness warning, however old the files really were."""
    path = _file(tmp_path, 1, 3, 100)
    os.utime(path, (2_000 * DAY, 2_000 * DAY))
    import_files(cache, [path])
    info = mirror_info(cache, clock=lambda: 1_000 * DAY)
    assert info.age_days is None
    assert "dated in the future" in (staleness_warning(info) or "")


# --------------------------------------------------------------------------- a worker dies


def _three_overlapping_files(folder: Path) -> list[Path]:
    """Files whose later copies and deletions overlap, so a half-applied one would show."""
    return [
        _file(folder, 1, 2_500, 100, title_prefix="A "),
        _file(folder, 2, 2_500, 1_100, title_prefix="B ", deletes=[150, 1_150]),
        _file(folder, 3, 2_500, 2_100, title_prefix="C ", deletes=[1_200]),
    ]


def _import_with_a_dying_worker(
    files: list[Path], cache_path: Path, victim: str, how: str
) -> subprocess.CompletedProcess[str]:
    """`refcheck mirror import --jobs 2`, the worker that parses `victim` killed in it."""
    import sys

    from dying_workers import IMPORT_WITH_A_DYING_WORKER

    here = str(Path(__file__).parent)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH")])),
    }
    args = ["mirror", "import", *map(str, files), "--jobs", "2", "--cache", str(cache_path)]
    command = [sys.executable, "-c", IMPORT_WITH_A_DYING_WORKER, victim, how, *args]
    try:
        return subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("the import was still running 60 s after its worker died")


def _assert_only_whole_files_recorded_and_a_rerun_completes(
    files: list[Path], cache_path: Path, victim: str, tmp_path: Path
) -> None:
    """A file is recorded as imported only if all of it was applied, the dead worker's file is
    not, and importing the same files again gives what one clean import gives."""
    with RecordCache(cache_path) as c:
        recorded = {f.name: f.records for f in mirror_info(c).files}
        assert victim not in recorded
        assert all(n == 2_500 for n in recorded.values())
        report = import_files(c, files, jobs=2)
        assert victim in report.files_imported
        assert sorted(report.files_skipped) == sorted(recorded)
        after = _dump(c)
    with RecordCache(tmp_path / "clean.sqlite") as clean:
        import_files(clean, files)
        assert after == _dump(clean)


_DIED = (
    r"refcheck: mirror import: worker parsing {name} died \(killed by signal 9, SIGKILL\); "
    r"that file (and \d others? )?(was|were) not imported; run the import again"
)


@pytest.mark.timeout(120)
@pytest.mark.parametrize("how", ["mid-message", "between"])
def test_a_killed_worker_ends_the_import_with_one_line_naming_its_file(
    tmp_path: Path, how: str
) -> None:
    """A worker killed in the middle of writing a message left the parent reading the rest of
    it forever (the other workers keep the pipe open); killed between two messages, the
    import went on and said at the end only `a mirror import worker died (exit code -9)`."""
    import re

    files = _three_overlapping_files(tmp_path)
    cache_path = tmp_path / "cache.sqlite"
    done = _import_with_a_dying_worker(files, cache_path, "pubmed26n0002.xml.gz", how)
    assert done.returncode == 3, done.stderr
    assert re.fullmatch(_DIED.format(name=r"pubmed26n0002\.xml\.gz"), done.stderr.strip())
    _assert_only_whole_files_recorded_and_a_rerun_completes(
        files, cache_path, "pubmed26n0002.xml.gz", tmp_path
    )


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
@pytest.mark.timeout(120)
def test_a_worker_killed_from_outside_ends_a_real_import_with_one_line(tmp_path: Path) -> None:
    """No test hook: `kill -9` of a worker of a running `mirror import --jobs 2`. A kill that
    landed while the worker wrote a batch to the queue hung the import for good (2 of 11
    tries); the others ended it with a line that named no file."""
    import re
    import signal

    cache_path = tmp_path / "cache.sqlite"
    files, proc = _start_parallel_import(tmp_path, cache_path, subprocess.PIPE)
    _wait_for_records(cache_path, proc)
    os.kill(_workers_of(proc)[0], signal.SIGKILL)
    try:
        _, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail("the import was still running 60 s after its worker was killed")
    assert proc.returncode == 3, err
    assert re.fullmatch(_DIED.format(name=r"pubmed26n000[12]\.xml\.gz"), err.strip()), err
    with RecordCache(cache_path) as again:
        assert import_files(again, files, jobs=2).records_written == 40_000
        assert len(mirror_info(again).files) == 2
