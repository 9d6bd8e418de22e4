"""The nightly audit end to end: sitemap in, history database and HTML report out.

A small clinic site (sitemap index -> 2 sitemaps -> 42 pages, some slow, a 404,
a redirect and a redirect loop) and the fake E-utilities server both run on
127.0.0.1.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from refcheck.cli import app
from sitefixture import LOOP_A, MISSING, Ref, SiteServer, make_site, render_page

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

REFS = [
    Ref("18349204", "Eichenberger U", 2008, "Anesthesia & Analgesia"),
    Ref("27737513", "Alviar MJ", 2016, "Cochrane Database of Systematic Reviews"),
    Ref("30349693", "Hall N", 2018, "British Journal of Pain"),
    Ref("99598", "Schutterle G", 1978, "Kidney International Supplement"),  # not first: warning
    Ref("38011560", "Krystal JH", 2023, "Proceedings of the National Academy of Sciences"),
    Ref("22198209", "Rusyn I", 2010, "Mutation Research"),  # wrong year: error
    Ref("39999999", "Nobody A", 2020, "Journal of Nothing"),  # no such PMID
]


@pytest.fixture(scope="module")
def eutils() -> Iterator[Any]:
    from refcheck.fake_eutils.server import FakeEutils

    with FakeEutils(FIXTURES / "records", rate_limit=3.0) as server:
        yield server


@pytest.fixture
def site() -> Iterator[SiteServer]:
    with SiteServer(make_site(REFS)) as s:
        yield s


def invoke(args: list[str], eutils: Any, cache: Path) -> Any:
    env = {"REFCHECK_EUTILS_URL": eutils.base_url, "REFCHECK_CACHE": str(cache)}
    return CliRunner().invoke(app, args, env=env)


def test_sitemap_audit_covers_every_page_and_asks_each_pmid_once(
    site: SiteServer, eutils: Any, tmp_path: Path
) -> None:
    eutils.reset_stats()
    db, report = tmp_path / "runs.db", tmp_path / "report.html"
    r = invoke(
        [
            "check",
            site.sitemap_url,
            "--db",
            str(db),
            "--format",
            "html",
            "-o",
            str(report),
            "--no-suggest",
        ],
        eutils,
        tmp_path / "cache.sqlite",
    )
    assert r.exit_code == 1  # the deliberate mistakes
    html = report.read_text()
    for path in site.listed_paths:
        if path not in (MISSING, LOOP_A, "/conditions/moved.html"):
            assert site.url(path) in html, path
    assert "HTTP 404" in r.stderr and "redirect loop" in r.stderr
    asked = [pmid for batch in eutils.stats.efetch_ids for pmid in batch]
    assert sorted(asked) == sorted({ref.pmid for ref in REFS})  # each PMID once, in one run
    assert eutils.stats.requests.get("efetch") == 1
    assert eutils.stats.sent_429 == 0
    history = CliRunner().invoke(app, ["history", "--db", str(db), "--format", "json"])
    (run,) = json.loads(history.stdout)
    assert run["pages"] == 42 + 3  # 42 pages, the redirect's target once more, 404, loop


def test_second_run_diff_lists_exactly_the_new_and_fixed_findings(
    site: SiteServer, eutils: Any, tmp_path: Path
) -> None:
    db, cache = tmp_path / "runs.db", tmp_path / "cache.sqlite"
    args = ["check", site.sitemap_url, "--db", str(db), "-q", "--no-suggest"]
    invoke(args, eutils, cache)
    # an editor fixes the wrong year on page 1 and introduces a misspelt author on page 2
    page1 = "/conditions/page-01.html"
    page2 = "/conditions/page-02.html"
    refs1 = [Ref("22198209", "Rusyn I", 2012, "Mutation Research"), REFS[0]]
    refs2 = [Ref("18349204", "Eichenburger U", 2008, "Anesthesia & Analgesia"), REFS[1]]
    site.set_page(page1, render_page("Condition 01", refs1))
    site.set_page(page2, render_page("Condition 02", refs2))
    invoke(args, eutils, cache)
    diff = CliRunner().invoke(app, ["diff", "--db", str(db), "--format", "json"])
    data = json.loads(diff.stdout)
    new = {(row["page"].rsplit("/", 1)[-1], row["pmid"], row["field"]) for row in data["new"]}
    fixed = {(row["page"].rsplit("/", 1)[-1], row["pmid"], row["field"]) for row in data["fixed"]}
    assert new == {("page-02.html", "18349204", "author")}
    old1 = {(p, pm, f) for p, pm, f in fixed if p == "page-01.html"}
    assert ("page-01.html", "22198209", "year") in old1
    # nothing outside the two edited pages moved (moved.html redirects to page 1)
    assert {p for p, _, _ in fixed} <= {"page-01.html", "page-02.html", "moved.html"}


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


CHROME_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.mark.skipif(_chromium() is None, reason="chromium is not installed")
def test_html_report_shows_hostile_text_as_text_in_a_browser(eutils: Any, tmp_path: Path) -> None:
    page = tmp_path / "hostile.html"
    page.write_text(
        "<html><head><title>ok</title></head><body><h2>References</h2><ol>"
        "<li>&lt;script&gt;document.title='PWNED'&lt;/script&gt; Eichenberger U et al. 2009, "
        "&lt;img src=x onerror=document.title='PWNED'&gt; Anesthesia &amp; Analgesia. "
        "(PMID 18349204)</li></ol></body></html>"
    )
    report = tmp_path / "report.html"
    invoke(
        ["check", str(page), "--format", "html", "-o", str(report)], eutils, tmp_path / "c.sqlite"
    )
    assert "<script>document.title" not in report.read_text()
    profile = tmp_path / "profile"
    dom = subprocess.run(
        [
            _chromium() or "",
            *CHROME_FLAGS,
            f"--user-data-dir={profile}",
            "--dump-dom",
            report.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    assert "<title>" in dom
    title = re.search(r"<title>(.*?)</title>", dom, re.S)
    assert title and "PWNED" not in title.group(1)
    assert "document.title='PWNED'" in dom.replace("&#x27;", "'").replace("&#39;", "'")  # as text
    shot = tmp_path / "shot.png"
    subprocess.run(
        [
            _chromium() or "",
            *CHROME_FLAGS,
            f"--user-data-dir={profile}",
            f"--screenshot={shot}",
            "--window-size=1280,900",
            report.as_uri(),
        ],
        capture_output=True,
        timeout=60,
    )
    assert shot.exists() and shot.read_bytes().startswith(b"\x89PNG")
