"""The NCBI API key never leaves the request body.

Every CLI command that talks to (or about) E-utilities runs with NCBI_API_KEY
set to a recognisable value and logging at DEBUG for every logger (refcheck,
httpx, httpcore); then every byte written is searched: stdout, stderr, report
files, the cache (with its -wal/-shm files) and the history database.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from test_faults import PAGE, RECORDS, RecordingFake, cli_env

KEY = "ZqXsEcReT7Key0123456789abcdefWv"
DEBUG_MAIN = (
    "import logging, sys\n"
    "logging.basicConfig(level=logging.DEBUG, stream=sys.stderr)\n"
    "from refcheck.cli import main\n"
    "sys.argv = ['refcheck', *sys.argv[1:]]\n"
    "main()\n"
)


def _variants(key: str) -> list[bytes]:
    forms = {key, key.lower(), key.upper(), key[:12], key[-12:]}
    out = []
    for f in forms:
        out += [f.encode(), f.encode("utf-16-le")]
    return out


def _assert_clean(name: str, data: bytes) -> None:
    for needle in _variants(KEY):
        assert needle not in data, f"API key found in {name}"


def _launch(args: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", DEBUG_MAIN, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_api_key_appears_nowhere(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    cache = out / "cache.sqlite"
    storm_cache = out / "storm.sqlite"
    ok_runs = [
        ["check", str(page), "--format", "json", "--db", str(out / "runs.db")],
        ["check", str(page), "--format", "html", "--output", str(out / "report.html")],
        ["check", str(page), "--format", "text", "--verbose"],
        ["check", str(page), "--format", "markdown", "--output", str(out / "report.md")],
        ["pmid", "18349204", "--author", "Eichenberger U", "--year", "2008"],
        ["pmid", "18349204", "--format", "json", "-v"],
        ["cache", "info"],
    ]
    # Seven processes at once would trip the 10/s keyed limit; the storm server covers 429s.
    with RecordingFake(RECORDS, rate_limit=None) as good, RecordingFake(RECORDS) as bad:
        # 429 on every request: NCBI's body echoes the key ("api-key": "...").
        bad.faults.fail(429, always=True)
        env = cli_env(good, cache, NCBI_API_KEY=KEY)
        storm_env = cli_env(bad, storm_cache, NCBI_API_KEY=KEY)
        procs = [(args, _launch(args, env)) for args in ok_runs]
        storm = [
            "check",
            str(page),
            "--format",
            "json",
            "--timeout",
            "0.5",
            "--retries",
            "2",
            "--output",
            str(out / "storm.json"),
            "--verbose",  # every retry of the storm on stderr
        ]
        procs.append((storm, _launch(storm, storm_env)))
        failing = [
            "check",
            str(page),
            str(tmp_path / "missing.html"),
            "--format",
            "text",
            "--timeout",
            "0.5",
            "--retries",
            "1",
        ]
        procs.append((failing, _launch(failing, storm_env)))
        results = []
        for args, proc in procs:
            stdout, stderr = proc.communicate(timeout=60)
            results.append((args, proc.returncode, stdout, stderr))
        assert KEY in good.stats.api_keys and KEY in bad.stats.api_keys  # the key was really used
        assert bad.stats.sent_429 > 0
    for args, _code, stdout, stderr in results:
        label = " ".join(args[:2])
        assert b"Traceback" not in stderr, (label, stderr.decode(errors="replace")[-2000:])
        _assert_clean(f"stdout of {label}", stdout)
        _assert_clean(f"stderr of {label}", stderr)
    codes = [c for _, c, _, _ in results]
    # good checks: 1 (the page cites an unknown PMID); pmid/cache info: 0; storm and failing: 3
    assert codes == [1, 1, 1, 1, 0, 0, 0, 3, 3], [(a[:2], c, e[-300:]) for a, c, _, e in results]
    assert any(b"DEBUG" in r[3] for r in results)  # the debug logs really were on
    written = sorted(p for p in out.rglob("*") if p.is_file())
    names = {p.name for p in written}
    assert {"cache.sqlite", "runs.db", "report.html", "report.md", "storm.json"} <= names
    for path in written:
        _assert_clean(path.name, path.read_bytes())


def test_settings_and_client_repr_hide_the_key() -> None:
    from refcheck.config import settings_from_env
    from refcheck.eutils.client import EutilsClient

    settings = settings_from_env({"NCBI_API_KEY": KEY})
    assert settings.api_key == KEY
    assert KEY not in repr(settings) and KEY not in str(settings)
    client = EutilsClient(settings)
    try:
        assert KEY not in repr(client)
    finally:
        client.close()
