"""End to end over loopback: the bundled pages against the fake E-utilities server.

`fixtures/expected.json` labels every citation on every bundled page; refcheck
must flag every deliberate mistake and raise no warning or error on a correct
citation.
"""

from __future__ import annotations

import itertools
import json
import math
import threading
from pathlib import Path
from typing import Any

import pytest

from refcheck.api import check_pages
from refcheck.config import Settings
from refcheck.models import Field, RunResult, Severity, Status
from refcheck.pages import iter_pages
from refcheck.policy import ExitCode, exit_code

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

EXPECTED: dict[str, list[dict[str, Any]]] = json.loads(
    (FIXTURES / "expected.json").read_text(encoding="utf-8")
)["pages"]


def settings_for(server: Any, cache: Path, **kw: Any) -> Settings:
    return Settings(eutils_url=server.base_url, cache_path=cache, **kw)


def run(server: Any, cache: Path, inputs: list[str], **kw: Any) -> RunResult:
    return check_pages(iter_pages(inputs), settings_for(server, cache, **kw), current_year=2026)


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> RunResult:
    from refcheck.fake_eutils.server import FakeEutils

    cache = tmp_path_factory.mktemp("e2e") / "cache.sqlite"
    with FakeEutils(FIXTURES / "records", rate_limit=3.0) as server:
        result = run(server, cache, [str(FIXTURES / "pages")])
        assert server.stats.sent_429 == 0
    return result


def _problems(findings: Any) -> set[tuple[str, str]]:
    return {
        (f.field.value, f.severity.value)
        for f in findings
        if f.severity is not Severity.INFO and f.field is not Field.REFERENCE
    }


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_bundled_page_verdicts_match_the_labels(bundled: RunResult, page: str) -> None:
    (result,) = [p for p in bundled.pages if Path(p.source).name == page]
    got = [
        {"pmid": c.citation.pmid, "status": c.status.value, "findings": _problems(c.findings)}
        for c in result.citations
    ]
    want = [
        {
            "pmid": e["pmid"],
            "status": e["status"],
            "findings": {(f["field"], f["severity"]) for f in e["findings"]},
        }
        for e in EXPECTED[page]
    ]
    assert got == want


def test_seed_page_has_its_three_references_and_no_page_findings(bundled: RunResult) -> None:
    (page,) = [p for p in bundled.pages if p.source.endswith("phantom-limb-pain.html")]
    claims = [
        (c.citation.claim.authors, c.citation.claim.year, c.citation.claim.journal)
        for c in page.citations
    ]
    assert claims == [
        (("Eichenberger U",), 2008, "Anesthesia & Analgesia"),
        (("Alviar MJ",), 2016, "Cochrane Database of Systematic Reviews"),
        (("Hall N", "Eldabe S"), 2018, "British Journal of Pain"),
    ]
    assert page.findings == ()
    assert all(c.status is Status.VERIFIED and not _problems(c.findings) for c in page.citations)
    assert all(f.field is not Field.REFERENCE for c in page.citations for f in c.findings)


def _clinic_pages(directory: Path, pmids: list[str], per_page: int = 3) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for n in range(0, len(pmids), per_page):
        items = "".join(
            f"<li>Author A et al. 2001, Journal Name Note. (PMID {p})</li>"
            for p in pmids[n : n + per_page]
        )
        (directory / f"page{n:05d}.html").write_text(
            f"<html><body><h2>References</h2><ol>{items}</ol></body></html>"
        )


def test_n_pmids_cost_ceil_n_over_200_requests_and_a_second_run_none(tmp_path: Path) -> None:
    from refcheck.fake_eutils.server import FakeEutils

    with FakeEutils(FIXTURES / "records", rate_limit=3.0) as server:
        pmids = server.synthesize(450, 90_000_000)
        _clinic_pages(tmp_path / "site", pmids)
        cache = tmp_path / "cache.sqlite"
        first = run(
            server,
            cache,
            [str(tmp_path / "site")],
        )
        stats = server.stats
        efetches = stats.requests.get("efetch", 0)
        assert efetches == math.ceil(450 / 200)
        assert sorted(len(ids) for ids in stats.efetch_ids) == [50, 200, 200]
        assert stats.sent_429 == 0
        assert first.summary().citations == 450
        assert first.summary().unverified == 0
        server.reset_stats()
        second = run(server, cache, [str(tmp_path / "site")])
        assert server.stats.total == 0
        assert second.summary().citations == 450
        assert second.summary().unverified == 0


def test_server_stopped_mid_run_leaves_the_rest_unverified(tmp_path: Path) -> None:
    from refcheck.eutils.client import EutilsClient
    from refcheck.fake_eutils.server import FakeEutils
    from refcheck.lookup import Lookup

    server = FakeEutils(FIXTURES / "records", rate_limit=None).start()
    pmids = server.synthesize(300, 91_000_000)
    _clinic_pages(tmp_path / "site", pmids)
    settings = settings_for(
        server, tmp_path / "c.sqlite", attempts=2, timeout=2.0, backoff_max=0.01
    )

    first_done = threading.Event()
    calls = itertools.count(1)

    class StopAfterFirst(EutilsClient):
        """The first batch is answered; the server is stopped before the second."""

        def efetch(self, ids: Any) -> Any:
            if next(calls) == 1:
                try:
                    return super().efetch(ids)
                finally:
                    first_done.set()
            first_done.wait(10)
            server.stop()
            return super().efetch(ids)

    from refcheck.cache import RecordCache

    cache = RecordCache(settings.cache_path)
    lookup = Lookup(settings, cache, lambda: StopAfterFirst(settings))
    result = check_pages(
        iter_pages([str(tmp_path / "site")]), settings, lookup=lookup, suggest=False
    )
    s = result.summary()
    assert s.citations == 300
    # the batch answered first is checked (200 or 100 PMIDs: the two batches run
    # concurrently); every PMID of the other one is unverified
    checked = s.verified + s.mismatch
    assert checked in (100, 200)
    assert s.unverified == 300 - checked
    unverified = [c for p in result.pages for c in p.citations if c.status is Status.UNVERIFIED]
    assert all(c.reason and "attempts" in c.reason for c in unverified)
    assert exit_code(result, "never") is ExitCode.UNCHECKED  # never 0 with anything unchecked
    # the failure was not cached: the unverified PMIDs are absent from the cache
    missing = [c.citation.pmid for c in unverified]
    assert RecordCache(settings.cache_path).get_many(missing) == {}


@pytest.fixture()
def unlimited() -> Any:
    """The bundled records served with no rate limit (for runs that test caching, not pacing)."""
    from refcheck.fake_eutils.server import FakeEutils

    with FakeEutils(FIXTURES / "records", rate_limit=None) as server:
        yield server


def test_unchanged_pages_are_not_extracted_again(
    unlimited: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from refcheck import memo

    server, pages, cache = unlimited, [str(FIXTURES / "pages")], tmp_path / "c.sqlite"
    first = run(server, cache, pages)
    calls: list[str] = []
    real = memo.extract

    def counting(page: Any) -> Any:
        calls.append(page.source)
        return real(page)

    monkeypatch.setattr(memo, "extract", counting)
    second = run(server, cache, pages)
    assert calls == []
    assert second.pages == first.pages
    edited = tmp_path / "edited.txt"
    edited.write_text((FIXTURES / "pages" / "phantom-limb-pain.txt").read_text() + "\nedited\n")
    run(server, cache, [str(edited)])
    assert calls == [str(edited)]


def test_a_re_check_does_not_rebuild_the_iso4_table(
    unlimited: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from refcheck.compare import journals

    server, pages, cache = unlimited, [str(FIXTURES / "pages")], tmp_path / "c.sqlite"
    monkeypatch.setattr(journals, "_ISO4_KNOWN", {})
    first = run(server, cache, pages)
    monkeypatch.setattr(journals, "_ISO4_KNOWN", {})  # a new process knows nothing

    def no_build() -> None:
        raise AssertionError("pyiso4's table was built again")

    monkeypatch.setattr(journals, "_abbreviator", no_build)
    second = run(server, cache, pages)
    assert second.pages == first.pages


def test_links_that_name_their_paper_by_author_and_year_verify(
    unlimited: Any, tmp_path: Path
) -> None:
    """A clinic page's inline links: their texts name the papers, they are not titles."""
    page = tmp_path / "links.html"
    page.write_text(
        "<html><body><p>Ketamine helps: "
        '<a href="https://pubmed.ncbi.nlm.nih.gov/18349204/">Eichenberger 2008 controlled '
        'study</a>. Drugs: <a href="https://pubmed.ncbi.nlm.nih.gov/27737513/">Alviar 2016 '
        'Cochrane review</a>; <a href="https://pubmed.ncbi.nlm.nih.gov/30349693/">Hall &amp; '
        "Eldabe, British Journal of Pain</a>; and a wrong year: "
        '<a href="https://pubmed.ncbi.nlm.nih.gov/30349693/">Hall 2015 review</a>. '
        # texts that say what kind of paper, or name its journal
        'A <a href="https://pubmed.ncbi.nlm.nih.gov/18349204/">randomized controlled '
        'trial</a> (<a href="https://pubmed.ncbi.nlm.nih.gov/18349204/">Anesthesia &amp; '
        'Analgesia (2008)</a>); <a href="https://pubmed.ncbi.nlm.nih.gov/27737513/">meta-'
        "analysis of 12 RCTs</a>."
        "</p></body></html>",
        encoding="utf-8",
    )
    (result,) = run(unlimited, tmp_path / "c.sqlite", [str(page)]).pages
    statuses = [(c.citation.pmid, c.status) for c in result.citations]
    assert statuses == [
        ("18349204", Status.VERIFIED),
        ("27737513", Status.VERIFIED),
        ("30349693", Status.VERIFIED),
        ("30349693", Status.MISMATCH),
        ("18349204", Status.VERIFIED),
        ("18349204", Status.VERIFIED),
        ("27737513", Status.VERIFIED),
    ]
    assert [c.findings for c in result.citations[4:]] == [(), (), ()]
    # reports show the journal the link names, not a first author "Anesthesia"
    assert result.citations[5].citation.claim.journal == "Anesthesia & Analgesia"
    assert [f.field for f in result.citations[3].findings if f.severity is Severity.ERROR] == [
        Field.YEAR
    ]


CLINIC_VARIANTS = """<html><body><p>Ketamine has been studied.<sup>1</sup> Reviews are mixed.
<sup>2-6</sup></p><h2>References</h2><ol>
<li>Eichenberger U, et al. (2008). <em>Anesthesia &amp; Analgesia</em>. Controlled study:
intravenous ketamine reduced phantom limb pain.
<a href="https://pubmed.ncbi.nlm.nih.gov/18349204/">PubMed</a></li>
<li>Alviar MJ et al. 2016. <i>Cochrane Database of Systematic Reviews</i>: systematic review of
pharmacologic treatment. PMID: <a href="https://pubmed.ncbi.nlm.nih.gov/27737513/">27737513</a></li>
<li>Hall N &amp; Eldabe S (2018), British Journal of Pain — review of pharmacological
management (PubMed 30349693)</li>
<li>Eichenberger U et al. 2008, Anesth Analg 106(4):1265-73. Ketamine and calcitonin.
(PMID 18349204)</li>
<li>Eichenberger, U. et al. (April 2008) Anesthesia &amp; Analgesia, 106(4). PMID 18349204.</li>
<li>Eichenberger U, et al. (2008). <em>Pain Medicine</em>. Controlled study: intravenous
ketamine. <a href="https://pubmed.ncbi.nlm.nih.gov/18349204/">PubMed</a></li>
</ol></body></html>"""


def test_the_clinic_style_s_variants_verify(unlimited: Any, tmp_path: Path) -> None:
    """Other condition pages of the seed's site write the same references a little
    differently: the journal first after a bracketed year, a dash or a colon before the
    note, the volume after the journal. Each was a false alarm; the last entry names the
    wrong journal and must still be flagged."""
    page = tmp_path / "crps.html"
    page.write_text(CLINIC_VARIANTS, encoding="utf-8")
    (result,) = run(unlimited, tmp_path / "c.sqlite", [str(page)]).pages
    statuses = [(c.citation.label, c.status) for c in result.citations]
    assert statuses == [(str(n), Status.VERIFIED) for n in range(1, 6)] + [("6", Status.MISMATCH)]
    wrong = [f.field for f in result.citations[5].findings if f.severity is Severity.ERROR]
    assert wrong == [Field.JOURNAL]
    # the result carries the claim as read against the record: the journal, no title
    first = result.citations[0].citation.claim
    assert (first.journal, first.title) == ("Anesthesia & Analgesia", None)
