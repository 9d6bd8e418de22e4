"""The fault matrix: every way E-utilities can fail, through the real pipeline.

Each case arms one fault on the fake server (a real socket on 127.0.0.1), runs
`refcheck.api.check_pages` over a clinic-style page, and then checks the same
invariants every time:

* nothing is `verified` unless the server really sent that record, complete,
  in a reply the client could read (the server records what it sent);
* efetch requests <= attempts x batches, and the run ends well within 10 s;
* the exit code is 3 when anything went unchecked and nothing failed, never 0;
* the cache holds only real answers: no row for a PMID whose record did not
  arrive, and "not found" rows only when the reply matched the request.

The client's rate limiter is swapped for a fast one (pacing is tested in
test_throttle.py); everything else is the production code path. Two cases also
run the CLI in a subprocess and check exit code 3 with a one-line error.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from refcheck import frozen_blob
from refcheck.api import check_pages
from refcheck.cache import RecordCache
from refcheck.config import Settings
from refcheck.eutils.client import EutilsClient
from refcheck.eutils.throttle import RateLimiter
from refcheck.fake_eutils.server import FakeEutils, Fault, Reply
from refcheck.lookup import Lookup
from refcheck.models import RunResult, Status
from refcheck.pages import iter_pages
from refcheck.policy import ExitCode, exit_code

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "fixtures" / "records"
TIMEOUT = 0.5
ATTEMPTS = 3

A, B, C, D = "18349204", "27737513", "30349693", "99598"
KNOWN = (A, B, C, D)
UNKNOWN = "39999999"
FOREIGN = "2311188"  # held by the fake server, never cited on the page

PAGE = f"""Ketamine and phantom limb pain

References

  1. Eichenberger U et al. 2008, Anesthesia & Analgesia Controlled study: intravenous ketamine. (PMID {A})
  2. Alviar MJ et al. 2016, Cochrane Database of Systematic Reviews Systematic review. (PMID {B})
  3. Hall N & Eldabe S 2018, British Journal of Pain Review of pharmacological management. (PMID {C})
  4. Leber HW et al. 1978, Kidney International Enzyme induction in the uremic liver. (PMID {D})
  5. Internal memo, see PMID {UNKNOWN}
"""

_SENT_PMID = re.compile(rb"<MedlineCitation[^>]*>\s*<PMID[^>]*>(\d+)</PMID>")


class RecordingFake(FakeEutils):
    """The fake server, also noting which records each efetch reply really delivered."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sent: list[tuple[frozenset[str], bool]] = []
        self._sent_lock = threading.Lock()

    def _efetch(
        self, raw_ids: list[str], has_id: bool, retmode: str, faults: Sequence[Fault]
    ) -> tuple[Reply, int]:
        reply, n = super()._efetch(raw_ids, has_id, retmode, faults)
        pmids = frozenset(p.decode() for p in _SENT_PMID.findall(reply.body))
        complete = reply.status == 200 and not any(
            f.kind == "truncate" or (f.kind == "hang" and f.seconds >= TIMEOUT) for f in faults
        )
        with self._sent_lock:
            self.sent.append((pmids, complete))
        return reply, n

    def delivered(self) -> set[str]:
        """PMIDs whose record reached the client in a complete reply."""
        with self._sent_lock:
            return {p for pmids, ok in self.sent if ok for p in pmids}


# --------------------------------------------------------------------------- cases

V, M, NF, U = Status.VERIFIED, Status.MISMATCH, Status.NOT_FOUND, Status.UNVERIFIED
ALL_OK = {A: V, B: V, C: V, D: V, UNKNOWN: NF}
NONE_OK = {A: U, B: U, C: U, D: U, UNKNOWN: U}


@dataclass(frozen=True)
class FaultCase:
    id: str
    tried: str  # for docs/reliability.md
    held: str  # the outcome this test asserts, for docs/reliability.md
    arm: Callable[[FakeEutils], object]
    expect: dict[str, Status]


def _none(s: FakeEutils) -> None:
    return None


FAULT_CASES: list[FaultCase] = [
    FaultCase(
        "no-fault",
        "no fault (baseline)",
        "all held records verified, unknown PMID not_found",
        _none,
        ALL_OK,
    ),
    FaultCase(
        "429-burst",
        "two 429s, no Retry-After",
        "retried, then all verified",
        lambda s: s.faults.fail(429, count=2),
        ALL_OK,
    ),
    FaultCase(
        "429-burst-retry-after",
        "two 429s with Retry-After: 1",
        "Retry-After honoured (capped), then verified",
        lambda s: s.faults.fail(429, count=2, retry_after=1),
        ALL_OK,
    ),
    FaultCase(
        "429-storm",
        "429 on every request, no Retry-After",
        "all unverified, exit 3, nothing cached",
        lambda s: s.faults.fail(429, always=True),
        NONE_OK,
    ),
    FaultCase(
        "429-storm-retry-after-3600",
        "429 on every request, Retry-After: 3600",
        "wait capped by backoff_max; all unverified, exit 3",
        lambda s: s.faults.fail(429, always=True, retry_after=3600),
        NONE_OK,
    ),
    FaultCase(
        "500-always",
        "HTTP 500 (HTML page) on every request",
        "all unverified, exit 3, nothing cached",
        lambda s: s.faults.fail(500, always=True),
        NONE_OK,
    ),
    FaultCase(
        "502-always",
        "HTTP 502 on every request",
        "all unverified, exit 3, nothing cached",
        lambda s: s.faults.fail(502, always=True),
        NONE_OK,
    ),
    FaultCase(
        "503-always",
        "HTTP 503 on every request",
        "all unverified, exit 3, nothing cached",
        lambda s: s.faults.fail(503, always=True),
        NONE_OK,
    ),
    FaultCase(
        "503-then-ok",
        "two 503s, then normal",
        "retried, then all verified",
        lambda s: s.faults.fail(503, count=2),
        ALL_OK,
    ),
    FaultCase(
        "hang-always",
        "every reply delayed 2 s (timeout 0.5 s)",
        "timeouts; all unverified, run < 10 s",
        lambda s: s.faults.hang(2.0, always=True),
        NONE_OK,
    ),
    FaultCase(
        "hang-once",
        "first reply delayed 2 s",
        "timed out once, retried, verified",
        lambda s: s.faults.hang(2.0, count=1),
        ALL_OK,
    ),
    FaultCase(
        "reset-always",
        "connection reset (RST) on every request",
        "all unverified, exit 3",
        lambda s: s.faults.reset(always=True),
        NONE_OK,
    ),
    FaultCase(
        "reset-once",
        "one connection reset",
        "retried, then verified",
        lambda s: s.faults.reset(count=1),
        ALL_OK,
    ),
    FaultCase(
        "truncate-incomplete-read",
        "body cut at 300 bytes, full Content-Length",
        "incomplete read retried; all unverified",
        lambda s: s.faults.truncate(300, always=True),
        NONE_OK,
    ),
    FaultCase(
        "truncate-framed-broken-xml",
        "well-framed 200 holding XML cut mid-record",
        "invalid XML is a failure, not 'not found'; all unverified",
        lambda s: s.faults.truncate(2000, full_length=False, always=True),
        NONE_OK,
    ),
    FaultCase(
        "backend-error-always",
        "HTTP 200 carrying <ERROR>NCBI C++ Exception</ERROR>",
        "treated as a failure, never as 'not found'; all unverified",
        lambda s: s.faults.backend_error(always=True),
        NONE_OK,
    ),
    FaultCase(
        "backend-error-once",
        "one HTTP 200 <ERROR> reply",
        "retried, then verified",
        lambda s: s.faults.backend_error(count=1),
        ALL_OK,
    ),
    FaultCase(
        "drop-held-record",
        f"reply silently omits held PMID {C}",
        "indistinguishable from NCBI's own omission: not_found (cached briefly); others verified",
        lambda s: s.faults.drop([C], always=True),
        {**ALL_OK, C: NF},
    ),
    FaultCase(
        "extra-unrequested",
        f"reply adds record {FOREIGN} nobody asked for",
        "asked records verified; absences not trusted: unknown PMID unverified, not cached",
        lambda s: s.faults.extra([FOREIGN], always=True),
        {**ALL_OK, UNKNOWN: U},
    ),
    FaultCase(
        "swap-foreign",
        f"asked {A}, served record {FOREIGN}",
        f"{A} unverified (never verified against the wrong record), not cached",
        lambda s: s.faults.swap({A: FOREIGN}, always=True),
        {**ALL_OK, A: U, UNKNOWN: U},
    ),
    FaultCase(
        "swap-duplicate",
        f"asked {A}, served a second copy of {B}",
        "duplicated record: reply refused as unusable (retried); batch unverified, nothing cached"
        " (was: A judged not_found and cached; fixed in eutils/client.py)",
        lambda s: s.faults.swap({A: B}, always=True),
        NONE_OK,
    ),
]


# --------------------------------------------------------------------------- helpers


def settings_for(server: FakeEutils, cache: Path, **more: Any) -> Settings:
    return Settings(
        eutils_url=server.base_url,
        cache_path=cache,
        timeout=TIMEOUT,
        attempts=ATTEMPTS,
        backoff_max=0.05,
        **more,
    )


def run_pipeline(server: FakeEutils, page: Path, cache_path: Path) -> RunResult:
    settings = settings_for(server, cache_path)
    cache = RecordCache(cache_path)
    fast = RateLimiter(1000.0)
    lookup = Lookup(settings, cache, lambda: EutilsClient(settings, limiter=fast))
    try:
        return check_pages(iter_pages([str(page)]), settings, lookup=lookup)
    finally:
        cache.close()


def cache_rows(path: Path) -> dict[str, int]:
    """pmid -> found (1 record, 0 not-found), read straight from the SQLite file."""
    if not path.exists():
        return {}
    conn = sqlite3.connect(path)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "records" not in tables:
            return {}
        rows = conn.execute("SELECT pmid, found, record FROM records").fetchall()
    finally:
        conn.close()
    for pmid, found, record in rows:
        if found:
            assert frozen_blob.loads(record).pmid == pmid, (
                f"cached record under the wrong PMID {pmid}"
            )
    return {pmid: found for pmid, found, _ in rows}


def statuses(result: RunResult) -> dict[str, Status]:
    return {c.citation.pmid: c.status for p in result.pages for c in p.citations}


def check_invariants(server: RecordingFake, result: RunResult, cache_path: Path) -> None:
    got = statuses(result)
    delivered = server.delivered()
    stats = server.stats
    # 1. verified (or mismatch: also "compared") only for records really delivered, and compared
    for page in result.pages:
        for c in page.citations:
            if c.status in (V, M):
                assert c.citation.pmid in delivered, f"{c.citation.pmid} judged without its record"
                assert c.record is not None and c.record.pmid == c.citation.pmid
    # 2. bounded retries (bounded time: each fault case is aborted by pytest-timeout at 10 s)
    batches = max(1, result.stats.get("efetch_batches", 0))
    assert stats.requests.get("efetch", 0) <= ATTEMPTS * batches
    searches = result.stats.get("searches", 0)
    assert stats.requests.get("esearch", 0) <= ATTEMPTS * searches
    # 3. exit code
    code = exit_code(result)
    if any(s is U for s in got.values()):
        assert code != ExitCode.OK
        has_error = any(
            f.severity.value == "error"
            for p in result.pages
            for c in p.citations
            for f in c.findings
        )
        if not has_error:
            assert code == ExitCode.UNCHECKED
    # 4. the cache holds real answers only
    rows = cache_rows(cache_path)
    for pmid, found in rows.items():
        if found:
            assert pmid in delivered, f"cached record {pmid} never arrived"
        else:
            assert got.get(pmid) in (NF, None), f"not-found row for {pmid} judged {got.get(pmid)}"
    for pmid, status in got.items():
        if status is U:
            assert pmid not in rows, f"failure for {pmid} was cached"


@pytest.fixture
def page_file(tmp_path: Path) -> Path:
    path = tmp_path / "plp.txt"
    path.write_text(PAGE, encoding="utf-8")
    return path


@pytest.mark.timeout(10)  # no fault may hold a run longer: retries and waits are bounded
@pytest.mark.parametrize("case", FAULT_CASES, ids=[c.id for c in FAULT_CASES])
def test_fault(case: FaultCase, page_file: Path, tmp_path: Path) -> None:
    cache_path = tmp_path / "cache.sqlite"
    with RecordingFake(RECORDS, rate_limit=None) as server:
        case.arm(server)
        result = run_pipeline(server, page_file, cache_path)
        assert statuses(result) == case.expect
        check_invariants(server, result, cache_path)
        if case.expect == NONE_OK:
            assert exit_code(result) == ExitCode.UNCHECKED
            assert cache_rows(cache_path) == {}
            assert server.stats.requests.get("efetch", 0) == ATTEMPTS
            assert all(c.reason for p in result.pages for c in p.citations)


def test_recovered_run_caches_and_second_run_sends_nothing(page_file: Path, tmp_path: Path) -> None:
    """After a storm ends, a rerun fetches, caches, and a third run is served from the cache."""
    cache_path = tmp_path / "cache.sqlite"
    with RecordingFake(RECORDS, rate_limit=None) as server:
        server.faults.fail(503, always=True)
        first = run_pipeline(server, page_file, cache_path)
        assert set(statuses(first).values()) == {U}
        server.faults.clear()
        second = run_pipeline(server, page_file, cache_path)
        assert statuses(second) == ALL_OK
        before = server.stats.requests.get("efetch", 0)
        third = run_pipeline(server, page_file, cache_path)
        assert statuses(third) == ALL_OK
        assert server.stats.requests.get("efetch", 0) == before
    assert cache_rows(cache_path) == {A: 1, B: 1, C: 1, D: 1, UNKNOWN: 0}


def test_real_rate_limit_is_respected_without_429(page_file: Path, tmp_path: Path) -> None:
    """With the production limiter and NCBI's 3 req/s enforced, a 10-batch run sees no 429."""
    lines = ["References", ""]
    lines += [
        f"  {i}. PMID {p}" for i, p in enumerate(["18349204", "27737513", "30349693", "99598"], 1)
    ]
    page = tmp_path / "many.txt"
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with RecordingFake(RECORDS, rate_limit=3.0) as server:
        settings = settings_for(server, tmp_path / "c.sqlite", batch_size=1)
        result = check_pages(iter_pages([str(page)]), settings)
        assert server.stats.sent_429 == 0
        assert set(statuses(result).values()) <= {V, M}


# --------------------------------------------------------------------------- CLI


def cli_env(server: FakeEutils, cache: Path, **more: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NCBI_", "REFCHECK_"))}
    env.update({"REFCHECK_EUTILS_URL": server.base_url, "REFCHECK_CACHE": str(cache), **more})
    return env


def run_cli(
    args: list[str], env: dict[str, str], timeout: float = 30
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "refcheck", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


CLI_CASES = [
    FaultCase(
        "cli-503-always",
        "CLI: HTTP 503 on every request",
        "exit 3, JSON all unverified, no traceback",
        lambda s: s.faults.fail(503, always=True),
        NONE_OK,
    ),
    FaultCase(
        "cli-reset-always",
        "CLI: connection reset on every request",
        "exit 3, JSON all unverified, no traceback",
        lambda s: s.faults.reset(always=True),
        NONE_OK,
    ),
]


@pytest.mark.timeout(20)  # a whole CLI process, retries bounded
@pytest.mark.parametrize("case", CLI_CASES, ids=[c.id for c in CLI_CASES])
def test_cli_fault(case: FaultCase, page_file: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache.sqlite"
    with RecordingFake(RECORDS, rate_limit=None) as server:
        case.arm(server)
        proc = run_cli(
            [
                "check",
                str(page_file),
                "--format",
                "json",
                "--timeout",
                str(TIMEOUT),
                "--retries",
                "1",
            ],
            cli_env(server, cache),
        )
        assert proc.returncode == 3, proc.stderr
        assert "Traceback" not in proc.stderr
        data = json.loads(proc.stdout)
        got = {c["pmid"]: c["status"] for p in data["pages"] for c in p["citations"]}
        assert got == {k: v.value for k, v in case.expect.items()}
        assert server.stats.requests.get("efetch", 0) <= 2
    assert cache_rows(cache) == {}


# --------------------------------------------------------------------------- parsing safety


class HostileFake(RecordingFake):
    """Serves efetch replies whose DOCTYPE carries a hostile internal subset."""

    subset = b""

    def _efetch(
        self, raw_ids: list[str], has_id: bool, retmode: str, faults: Sequence[Fault]
    ) -> tuple[Reply, int]:
        reply, n = super()._efetch(raw_ids, has_id, retmode, faults)
        body = re.sub(
            rb"<!DOCTYPE[^>]*>", b"<!DOCTYPE PubmedArticleSet [" + self.subset + b"]>", reply.body
        )
        body = body.replace(b"<Title>", b"<Title>&payload;", 1)
        return Reply(reply.status, body, reply.content_type), n


def _xxe(secret: Path) -> bytes:
    return f'<!ENTITY payload SYSTEM "file://{secret}">'.encode()


def _laughs(_: Path) -> bytes:
    ents = [b'<!ENTITY l0 "lollollollollollollollollollol">']
    for i in range(1, 10):
        ents.append(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">'.encode())
    ents.append(b'<!ENTITY payload "&l9;">')
    return b"".join(ents)


def _remote(_: Path) -> bytes:
    return b'<!ENTITY payload SYSTEM "http://127.0.0.1:9/evil.dtd">'


HOSTILE_CASES = [
    ("xxe-local-file", "efetch reply with an external entity reading a local file", _xxe),
    ("billion-laughs", "efetch reply with 10^10 nested entity expansions", _laughs),
    ("external-dtd-fetch", "efetch reply with an entity pointing at a URL", _remote),
]


@pytest.mark.timeout(10)  # an entity bomb or a huge reply must not stall the run
@pytest.mark.parametrize(
    ("case_id", "tried", "subset"), HOSTILE_CASES, ids=[c[0] for c in HOSTILE_CASES]
)
def test_hostile_xml_is_refused(
    case_id: str, tried: str, subset: Callable[[Path], bytes], tmp_path: Path, page_file: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-FILE-CONTENT")
    with HostileFake(RECORDS, rate_limit=None) as server:
        server.subset = subset(secret)
        result = run_pipeline(server, page_file, tmp_path / "c.sqlite")
        assert server.stats.requests.get("efetch", 0) == ATTEMPTS
    assert set(statuses(result).values()) == {U}
    assert exit_code(result) == ExitCode.UNCHECKED
    dump = repr(result).encode() + (tmp_path / "c.sqlite").read_bytes()
    assert b"TOP-SECRET" not in dump and b"lollollol" not in dump
    assert cache_rows(tmp_path / "c.sqlite") == {}


@pytest.mark.timeout(60)
def test_ctrl_c_against_a_hanging_server_exits_at_once_with_one_line(
    page_file: Path, tmp_path: Path
) -> None:
    """SIGINT while a request hangs: exit 130 with "interrupted", without first sitting out
    that request and its retries (they would take a minute here: 20 s per try, 3 tries)."""
    import time

    from processes import ctrl_c, interruptible

    cache = tmp_path / "cache.sqlite"
    with RecordingFake(RECORDS, rate_limit=None) as server:
        server.faults.hang(60.0, always=True)
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "refcheck",
                "check",
                str(page_file),
                "-q",
                "--no-suggest",
                "--timeout",
                "20",
                "--retries",
                "2",
            ],
            env=cli_env(server, cache),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=interruptible,
        )
        deadline = time.monotonic() + 20
        while server.stats.total == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.stats.total >= 1, "the run never reached E-utilities"
        ctrl_c(proc, within=10)  # the fix exits at once; before, after more than 60 s
    with RecordCache(cache) as reopened:  # whatever was written is still a usable cache
        assert reopened.get_many(KNOWN) == {}


def test_reliability_doc_is_current() -> None:
    """docs/reliability.md is rendered from these cases; every row names a test that exists."""
    import reliability_table

    text = reliability_table.render()
    for line in text.splitlines():
        for test, case in re.findall(r"`(test_\w+\.py::\w+)(\[[^\]]*\])?`", line):
            file, name = test.split("::")
            module = __import__(file[:-3])
            assert hasattr(module, name), f"{test} listed in docs/reliability.md does not exist"
            # a row of a whole test (not one case: the cases' rows are made from their
            # xfail marks) says KNOWN GAP only while the test is a strict xfail, so a gap
            # fixed since cannot go on reading as one
            marks = [m.name for m in getattr(getattr(module, name), "pytestmark", [])]
            if "**KNOWN GAP**" in line and not case:
                assert "xfail" in marks, f"{test}: a KNOWN GAP row, but the test is no xfail"
    doc = ROOT / "docs" / "reliability.md"
    assert doc.exists() and doc.read_text(encoding="utf-8") == text, (
        "docs/reliability.md is stale: run `.venv/bin/python tests/reliability_table.py > docs/reliability.md`"
    )


def test_verbose_shows_lookups_requests_and_retries_never_the_key(
    page_file: Path, tmp_path: Path
) -> None:
    key = "VerboseKey0123456789abcdefXYZ"
    with RecordingFake(RECORDS, rate_limit=None) as server:
        server.faults.fail(429, count=1, retry_after=1)
        env = cli_env(server, tmp_path / "verbose.sqlite", NCBI_API_KEY=key)
        loud = run_cli(["check", str(page_file), "--format", "json", "--verbose"], env)
        env = cli_env(server, tmp_path / "quiet.sqlite", NCBI_API_KEY=key)
        quiet = run_cli(["check", str(page_file), "--format", "json"], env)
    assert loud.returncode == quiet.returncode == 1, loud.stderr  # the unknown PMID
    lines = loud.stderr.splitlines()
    assert "refcheck: 5 PMIDs: 0 answered from the cache, 5 to fetch" in lines
    assert any(re.fullmatch(r"refcheck: efetch -> HTTP 429, \d+ bytes", x) for x in lines)
    assert any("efetch attempt 1 failed (HTTP 429); retrying in 1.00s" in x for x in lines)
    assert any(re.fullmatch(r"refcheck: efetch -> HTTP 200, \d+ bytes", x) for x in lines)
    assert key not in loud.stderr + loud.stdout
    assert _statuses(loud.stdout) == _statuses(quiet.stdout)  # the report is the same
    assert "efetch" not in quiet.stderr  # without the flag: no log lines at all


def _statuses(report: str) -> list[tuple[str, str]]:
    pages = json.loads(report)["pages"]
    return [(c["pmid"], c["status"]) for p in pages for c in p["citations"]]
