"""Start-up of the spot checks: how long `refcheck pmid` and a one-page `refcheck check`
take as whole processes once their records are cached, beside the bare interpreter.

A spot check is mostly start-up (imports), not work, so this is the figure a user
waiting at a prompt sees. Run side by side in one go, each command 9 times in
turn, medians printed; the fake E-utilities server (127.0.0.1) only fills the
cache before the timed runs, which send no request.

    .venv/bin/python bench/startup.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # bench/common.py, beside this script

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "fixtures" / "pages" / "phantom-limb-pain.html"
REFCHECK = [common.PY, "-m", "refcheck"]
REPEATS = 9


def _commands() -> dict[str, list[str]]:
    return {
        "python -c pass (interpreter floor)": [common.PY, "-c", "pass"],
        "refcheck --version": [*REFCHECK, "--version"],
        "refcheck pmid 18349204": [*REFCHECK, "pmid", "18349204"],
        "refcheck pmid 18349204 --author ... --year 2008": [
            *REFCHECK,
            "pmid",
            "18349204",
            "--author",
            "Eichenberger U",
            "--year",
            "2008",
        ],
        "refcheck check one page (cached)": [*REFCHECK, "check", str(PAGE), "--format", "json"],
    }


def _modules_loaded(env: dict[str, str], argv: list[str]) -> str:
    """Which heavy libraries a command imports (not timed)."""
    probe = (
        "import sys, runpy; sys.argv = ['refcheck', *sys.argv[1:]];\n"
        "try:\n    runpy.run_module('refcheck', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "heavy = ('httpx', 'lxml.etree', 'sqlite_utils', 'refcheck.extract', 'typer')\n"
        "print(' '.join(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [common.PY, "-c", probe, *argv[3:]], env=env, capture_output=True, text=True, check=False
    )
    return done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, common.make_server(3.0, 0.0, 0.0) as server:
        env = {k: v for k, v in os.environ.items() if k != "NCBI_API_KEY"}
        env["REFCHECK_EUTILS_URL"] = server.base_url
        env["REFCHECK_CACHE"] = str(Path(tmp) / "cache.sqlite")
        commands = _commands()
        for argv in commands.values():  # fill the cache (records and the page's verdicts)
            subprocess.run(argv, env=env, capture_output=True, check=False)
        requests_before = server.stats.total
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(REPEATS):
            for name, argv in commands.items():
                t0 = time.perf_counter()
                subprocess.run(argv, env=env, capture_output=True, check=False)
                times[name].append(time.perf_counter() - t0)
        sent = server.stats.total - requests_before
        floor = statistics.median(next(iter(times.values())))
        print(f"whole processes, median of {REPEATS}; records cached ({sent} requests sent)")
        print(f"{'command':52} {'seconds':>8} {'- floor':>8}  heavy modules imported")
        for name, runs in times.items():
            median = statistics.median(runs)
            loaded = "" if name.startswith("python") else _modules_loaded(env, commands[name])
            print(f"{name:52} {median:8.3f} {median - floor:8.3f}  {loaded}")


if __name__ == "__main__":
    main()
