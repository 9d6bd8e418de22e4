"""The fake E-utilities server speaks NCBI's formats, limits and failures.

Other tests (client, end-to-end, benchmarks) trust this server to behave like
NCBI (docs/eutils-protocol.md); these tests pin that behaviour down.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from lxml import etree

from refcheck.fake_eutils.server import FakeEutils
from refcheck.fake_eutils.store import RecordStore

ROOT = Path(__file__).resolve().parents[1]
RECORDS = ROOT / "fixtures" / "records"
SEED = ["18349204", "27737513", "30349693"]


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeEutils]:
    with FakeEutils(RECORDS, rate_limit=None) as server:
        yield server


@pytest.fixture(autouse=True)
def _clean(fake: FakeEutils) -> None:
    fake.reset()
    fake.rate_limit = None


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5) as c:
        yield c


def efetch(client: httpx.Client, fake: FakeEutils, ids: str, **extra: str) -> httpx.Response:
    params = {"db": "pubmed", "id": ids, "retmode": "xml", **extra}
    return client.get(fake.base_url + "efetch.fcgi", params=params)


def pmids(body: bytes) -> list[str]:
    root = etree.fromstring(body)
    return [
        (a.findtext("MedlineCitation/PMID") or a.findtext("BookDocument/PMID") or "") for a in root
    ]


# --------------------------------------------------------------------------- records


def test_every_fixture_file_parses_with_lxml() -> None:
    files = sorted([*RECORDS.glob("*.xml"), *RECORDS.glob("*.xml.gz")])
    assert files
    total = 0
    for f in files:
        raw = f.read_bytes()
        if f.name.endswith(".gz"):
            raw = gzip.decompress(raw)
        root = etree.fromstring(raw)
        assert root.tag == "PubmedArticleSet"
        total += len(root)
    assert total >= 120


def test_records_are_generated_deterministically() -> None:
    script = ROOT / "fixtures" / "tools" / "build_records.py"
    done = subprocess.run([sys.executable, str(script), "--check"], capture_output=True)
    assert done.returncode == 0, done.stderr.decode()


def test_store_facts_cover_the_hard_cases(fake: FakeEutils) -> None:
    s = fake.store
    assert s.facts("99598") is not None
    assert s.facts("99598").authors[2].last_name == "Schütterle"  # type: ignore[union-attr]
    hall = s.facts("30349693")
    assert hall is not None and (hall.pub_year, hall.epub_year) == (2018, 2017)
    assert any(f.is_book for f in s.all_facts())
    assert any(a.collective for f in s.all_facts() for a in f.authors[:1])
    assert any("-" in f.pub_date and f.pub_date[:4].isdigit() for f in s.all_facts())


def test_synthesize_clones_under_new_pmids() -> None:
    store = RecordStore.from_dir(RECORDS)
    before = len(store)
    new = store.synthesize(300, 90_000_000)
    assert len(store) == before + 300 and new[0] == "90000000"
    body = store.get("90000123")
    assert body is not None and b'<PMID Version="1">90000123</PMID>' in body


# --------------------------------------------------------------------------- efetch


def test_efetch_get_comma_list_keeps_request_order(fake: FakeEutils, client: httpx.Client) -> None:
    r = efetch(client, fake, "30349693,18349204,27737513")
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/xml; charset=UTF-8"
    assert r.headers["server"] == "Finatra"
    assert pmids(r.content) == ["30349693", "18349204", "27737513"]
    assert fake.stats.efetch_ids == [["30349693", "18349204", "27737513"]]


def test_efetch_post_with_repeated_ids(fake: FakeEutils, client: httpx.Client) -> None:
    data = {"db": "pubmed", "retmode": "xml", "id": ["27737513", "39999999", "18349204"]}
    r = client.post(fake.base_url + "efetch.fcgi", data=data)
    assert r.status_code == 200
    assert pmids(r.content) == ["27737513", "18349204"]  # missing one silently omitted
    assert fake.stats.methods == {"POST": 1}


def test_efetch_not_found_is_an_empty_set_with_doctype(
    fake: FakeEutils, client: httpx.Client
) -> None:
    r = efetch(client, fake, "39999999")
    assert r.status_code == 200
    assert b"<!DOCTYPE PubmedArticleSet" in r.content
    assert b"<PubmedArticleSet></PubmedArticleSet>" in r.content


def test_efetch_bad_ids(fake: FakeEutils, client: httpx.Client) -> None:
    r = efetch(client, fake, "0")
    assert r.status_code == 400
    assert b"<ERROR>ID list is empty! Possibly it has no correct IDs.</ERROR>" in r.content
    assert efetch(client, fake, "abc").status_code == 400
    r = efetch(client, fake, "")
    assert b"Empty id list - nothing todo" in r.content
    r = efetch(client, fake, "-1")
    assert r.status_code == 200 and pmids(r.content) == ["1"]


def test_efetch_long_get_is_apache_414(fake: FakeEutils, client: httpx.Client) -> None:
    ids = ",".join(str(10_000_000 + i) for i in range(1000))
    r = efetch(client, fake, ids)
    assert r.status_code == 414
    assert r.headers["server"] == "Apache"
    assert b"Submitted URI too large!" in r.content
    data = {"db": "pubmed", "retmode": "xml", "id": ids}
    assert client.post(fake.base_url + "efetch.fcgi", data=data).status_code == 200


def test_efetch_without_retmode_is_not_xml(fake: FakeEutils, client: httpx.Client) -> None:
    params = {"db": "pubmed", "id": "18349204,39999999"}
    r = client.get(fake.base_url + "efetch.fcgi", params=params)
    assert r.text.startswith("Pubmed-entry ::= {")
    assert "The following PMID is not available: 39999999" in r.text


# --------------------------------------------------------------------------- esummary, esearch...


def test_esummary_json_shape(fake: FakeEutils, client: httpx.Client) -> None:
    params = {"db": "pubmed", "id": "30349693,39999999", "retmode": "json"}
    r = client.get(fake.base_url + "esummary.fcgi", params=params)
    body = r.json()
    assert body["header"] == {"type": "esummary", "version": "0.3"}
    assert body["result"]["uids"] == ["30349693", "39999999"]
    doc = body["result"]["30349693"]
    assert list(doc)[:5] == ["uid", "pubdate", "epubdate", "source", "authors"]
    assert doc["pubdate"] == "2018 Nov" and doc["epubdate"] == "2017 Dec 20"
    assert doc["source"] == "Br J Pain" and doc["fulljournalname"] == "British journal of pain"
    assert doc["authors"][0] == {"name": "Hall N", "authtype": "Author", "clusterid": ""}
    assert doc["pubtype"] == ["Journal Article", "Review"]
    assert doc["elocationid"] == "doi: 10.1177/2049463717747307"
    assert body["result"]["39999999"] == {"uid": "39999999", "error": "cannot get document summary"}


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("Eichenberger U[1au] AND 2008[dp]", ["18349204"]),
        ("eichenberger[1au]", ["18349204"]),
        ("Curatolo M[au] AND anesth analg[ta]", ["18349204"]),
        ("Curatolo[1au]", []),
        ("Hall N[1au] AND 2017[dp]", ["30349693"]),  # epub year counts for [dp]
        ("british journal of pain[ta]", ["30349693"]),
        ("phantom limb[ti] AND alviar[1au]", ["27737513", "22161403"]),
        ("30349693[pmid]", ["30349693"]),
        ("Schutterle[au]", ["99598"]),
        ("ketamine calcitonin", ["18349204"]),
    ],
)
def test_esearch_field_tags(
    fake: FakeEutils, client: httpx.Client, term: str, expected: list[str]
) -> None:
    params = {"db": "pubmed", "term": term, "retmode": "json"}
    body = client.get(fake.base_url + "esearch.fcgi", params=params).json()["esearchresult"]
    assert body["idlist"] == expected
    assert body["count"] == str(len(expected))
    if not expected:
        assert body["warninglist"]["outputmessages"] == ["No items found."]


def test_esearch_xml(fake: FakeEutils, client: httpx.Client) -> None:
    params = {"db": "pubmed", "term": "Eichenberger U[1au]"}
    root = etree.fromstring(client.get(fake.base_url + "esearch.fcgi", params=params).content)
    assert root.findtext("Count") == "1" and root.findtext("IdList/Id") == "18349204"


def test_ecitmatch(fake: FakeEutils, client: httpx.Client) -> None:
    bdata = (
        "anesth analg|2008|106|1265|eichenberger u|A1|\r"
        "lancet|1998|351|637|nobody x|A2|\r"
        "no such journal|2000|1|1||A3|"
    )
    params = {"db": "pubmed", "retmode": "xml", "bdata": bdata}
    lines = client.get(fake.base_url + "ecitmatch.cgi", params=params).text.splitlines()
    assert lines == [
        "anesth analg|2008|106|1265|eichenberger u|A1|18349204",
        "lancet|1998|351|637||A2|9500320",
        "no such journal|2000|1|1||A3|NOT_FOUND;INVALID_JOURNAL",
    ]


# --------------------------------------------------------------------------- rate limit


def test_rate_limit_without_key(fake: FakeEutils, client: httpx.Client) -> None:
    fake.rate_limit = 3
    codes = [efetch(client, fake, "1") for _ in range(4)]
    assert [r.status_code for r in codes] == [200, 200, 200, 429]
    assert codes[0].headers["x-ratelimit-limit"] == "3"
    assert codes[0].headers["x-ratelimit-remaining"] == "2"
    last = codes[3]
    assert last.headers["content-type"].startswith("application/json")
    assert last.content == (
        b'{"error":"API rate limit exceeded","api-key":"127.0.0.1","count":"4","limit":"3"}'
    )
    assert fake.stats.sent_429 == 1


def test_rate_limit_with_api_key_is_ten(fake: FakeEutils, client: httpx.Client) -> None:
    fake.rate_limit = 3
    key = "0123456789abcdef0123456789abcdef0123"
    codes = [efetch(client, fake, "1", api_key=key).status_code for _ in range(11)]
    assert codes == [200] * 10 + [429]
    r = efetch(client, fake, "1", api_key=key)
    assert r.json()["api-key"] == key  # NCBI echoes the key; refcheck must not leak it
    assert r.json()["limit"] == "10"


def test_rate_window_slides(fake: FakeEutils, client: httpx.Client) -> None:
    fake.rate_limit = 3
    fake.limiter.window = 0.3
    try:
        assert [efetch(client, fake, "1").status_code for _ in range(4)][-1] == 429
        time.sleep(0.35)
        assert efetch(client, fake, "1").status_code == 200
    finally:
        fake.limiter.window = 1.0


# --------------------------------------------------------------------------- faults


@pytest.mark.parametrize("status", [500, 502, 503])
def test_fault_5xx_html_then_recovers(fake: FakeEutils, client: httpx.Client, status: int) -> None:
    fake.faults.fail(status, count=2, retry_after=1)
    for _ in range(2):
        r = efetch(client, fake, "1")
        assert r.status_code == status
        assert r.headers["content-type"].startswith("text/html")
        assert r.headers["retry-after"] == "1"
    assert efetch(client, fake, "1").status_code == 200


def test_fault_429_json_with_and_without_retry_after(
    fake: FakeEutils, client: httpx.Client
) -> None:
    fake.faults.fail(429)
    r = efetch(client, fake, "1")
    assert r.status_code == 429 and "retry-after" not in r.headers
    assert r.json()["error"] == "API rate limit exceeded"
    fake.faults.fail(429, retry_after=2)
    assert efetch(client, fake, "1").headers["retry-after"] == "2"


def test_fault_always_until_reset(fake: FakeEutils, client: httpx.Client) -> None:
    fake.faults.fail(503, always=True)
    assert [efetch(client, fake, "1").status_code for _ in range(3)] == [503] * 3
    fake.faults.clear()
    assert efetch(client, fake, "1").status_code == 200


def test_fault_hang_times_out_the_client_but_not_others(fake: FakeEutils) -> None:
    fake.faults.hang(1.0)
    with httpx.Client(timeout=0.2) as slow, pytest.raises(httpx.ReadTimeout):
        slow.get(fake.base_url + "efetch.fcgi", params={"db": "pubmed", "id": "1"})
    # answered while the hung request still waits (its 1 s is past this client's timeout)
    with httpx.Client(timeout=0.5) as other:
        r = other.get(fake.base_url + "efetch.fcgi", params={"db": "pubmed", "id": "1"})
        assert r.status_code == 200


def test_fault_truncate(fake: FakeEutils, client: httpx.Client) -> None:
    fake.faults.truncate(100)
    with pytest.raises(httpx.RemoteProtocolError):
        efetch(client, fake, "18349204")
    fake.faults.truncate(100, full_length=False)
    r = efetch(client, fake, "18349204")
    assert r.status_code == 200 and len(r.content) == 100
    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring(r.content)


def test_fault_backend_error_is_http_200(fake: FakeEutils, client: httpx.Client) -> None:
    fake.faults.backend_error()
    r = efetch(client, fake, "1")
    assert r.status_code == 200
    assert b"<eFetchResult>" in r.content and b"NCBI C++ Exception" in r.content


def test_fault_reset_connection(fake: FakeEutils, client: httpx.Client) -> None:
    fake.faults.reset()
    with pytest.raises(httpx.TransportError):
        efetch(client, fake, "1")
    assert efetch(client, fake, "1").status_code == 200
    assert fake.stats.resets == 1


def test_fault_drop_extra_swap(fake: FakeEutils, client: httpx.Client) -> None:
    fake.faults.drop(["27737513"])
    assert pmids(efetch(client, fake, ",".join(SEED)).content) == ["18349204", "30349693"]
    fake.faults.extra(["1"])
    assert pmids(efetch(client, fake, "18349204").content) == ["18349204", "1"]
    fake.faults.swap({"18349204": "9500320"})
    assert pmids(efetch(client, fake, "18349204").content) == ["9500320"]
    assert pmids(efetch(client, fake, "18349204").content) == ["18349204"]


def test_fault_endpoint_filter(fake: FakeEutils, client: httpx.Client) -> None:
    fake.faults.fail(500, endpoint="esummary")
    assert efetch(client, fake, "1").status_code == 200
    params = {"db": "pubmed", "id": "1", "retmode": "json"}
    assert client.get(fake.base_url + "esummary.fcgi", params=params).status_code == 500


def test_http_control_api(fake: FakeEutils, client: httpx.Client) -> None:
    root = fake.root_url
    state = client.post(root + "_control", json={"fault": "status", "status": 502, "count": 1})
    assert state.status_code == 200 and state.json()["faults"][0]["status"] == 502
    assert efetch(client, fake, "1").status_code == 502
    client.post(root + "_control", json=[{"rate_limit": 3}, {"fault": "drop", "always": True}])
    assert fake.rate_limit == 3
    assert pmids(efetch(client, fake, "1,9997").content) == ["1"]
    stats = client.get(root + "_stats").json()
    # (a handler left hanging by an earlier test may still add its own status late)
    assert stats["requests"] == {"efetch": 2} and stats["statuses"]["502"] == 1
    assert client.post(root + "_control", json={"fault": "nonsense"}).status_code == 400
    assert client.post(root + "_reset").json() == {"ok": True}
    assert fake.faults.armed == [] and fake.stats.total == 0
    assert pmids(efetch(client, fake, "1,9997").content) == ["1", "9997"]


def test_latency_option(fake: FakeEutils) -> None:
    """A reply cannot come sooner than the latency: a client waiting less gives up."""
    fake.latency = 0.5
    try:
        with httpx.Client(timeout=0.1) as impatient, pytest.raises(httpx.ReadTimeout):
            efetch(impatient, fake, "1")
        with httpx.Client(timeout=5) as patient:
            assert efetch(patient, fake, "1").status_code == 200
    finally:
        fake.latency = 0.0


def test_records_mapping_and_stats_json() -> None:
    xml = (RECORDS / "seed-phantom-limb-pain.xml").read_bytes()
    with FakeEutils(records={"seed": xml}) as f, httpx.Client() as c:
        r = c.get(
            f.base_url + "efetch.fcgi", params={"db": "pubmed", "id": "30349693", "retmode": "xml"}
        )
        assert pmids(r.content) == ["30349693"]
        assert json.loads(json.dumps(f.stats.to_json()))["total"] == 1


def test_cli_prints_url_and_stops_on_sigterm(tmp_path: Path) -> None:
    url_file = tmp_path / "url"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "refcheck.fake_eutils",
            "--records",
            str(RECORDS),
            "--url-file",
            str(url_file),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:") and url.endswith("/entrez/eutils/")
        assert url_file.read_text().strip() == url
        r = httpx.get(url + "efetch.fcgi", params={"db": "pubmed", "id": "1", "retmode": "xml"})
        assert r.status_code == 200
    finally:
        proc.terminate()
        assert proc.wait(timeout=5) == 0


def test_expected_json_agrees_with_the_record_set(fake: FakeEutils) -> None:
    expected = json.loads((ROOT / "fixtures" / "expected.json").read_text(encoding="utf-8"))
    pages = ROOT / "fixtures" / "pages"
    assert sorted(expected["pages"]) == sorted(p.name for p in pages.iterdir())
    for name, citations in expected["pages"].items():
        text = (pages / name).read_text(encoding="utf-8")
        for c in citations:
            assert c["pmid"] in text, (name, c["pmid"])
            held = c["pmid"] in fake.store
            assert held == (c["status"] != "not_found"), (name, c["pmid"])
            assert ("mistake" in c) != ("variant" in c)
            assert (c["status"] in ("mismatch", "not_found")) == any(
                f["severity"] in ("warning", "error") for f in c["findings"]
            )
