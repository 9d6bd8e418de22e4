"""Speed and scale benchmark: refcheck beside metapub, Biopython and a bare lxml parse.

    .venv/bin/python bench/run.py                  # full run (several minutes)
    .venv/bin/python bench/run.py --quick          # smaller sizes, ~2 minutes
    .venv/bin/python bench/run.py --only cold,warm # a subset: cold,warm,peers,mirror,memory
    .venv/bin/python bench/run.py --profile        # also cProfile the warm run and the import

Everything runs on 127.0.0.1 against refcheck's fake E-utilities server with
NCBI's real limit (3 requests/s without a key, 429 beyond) and a realistic
latency (150 ms per request + 0.5 ms per record served). Each case runs in its
own subprocess (bench/common.py) so its peak RSS is its own. Every figure
printed is measured in this run; the only computed-not-measured figures are
the floors (what the rate limit and latency allow at best) and, when a peer is
too slow to run at a size, a projection that is labelled as such.

Figures go to stdout as tables and to bench/results/latest.json. No figure
here is asserted by a test; targets are reported PASS/MISS, nothing more.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common

RATE = 3.0  # NCBI without an API key
LATENCY = 0.150  # seconds per request
PER_RECORD = 0.0005  # seconds per record served
BATCH = 200  # refcheck's and Biopython's efetch batch
RESULTS = Path(__file__).resolve().parent / "results"
SECTIONS = ("cold", "warm", "peers", "mirror", "memory")

FULL = {
    "sizes": [100, 1000, 5000],
    "metapub_sizes": [100, 1000],
    "pages_for_ratio": 1000,
    "memory_pages": 10_000,
    "memory_distinct": 15_000,
    "mirror_records": [30_000, 90_000],
    "repeats": 5,  # cold runs and warm/bare pairs; the median is reported
}
QUICK = {
    "sizes": [100, 1000],
    "metapub_sizes": [100],
    "pages_for_ratio": 1000,
    "memory_pages": 2_000,
    "memory_distinct": 6_000,
    "mirror_records": [3_000, 9_000],
    "repeats": 3,
}


def floor_seconds(requests: int, batch: int) -> float:
    """Best possible wall time: requests spaced exactly at the rate, plus one reply's latency."""
    if requests <= 0:
        return 0.0
    return (requests - 1) / RATE + LATENCY + PER_RECORD * batch


def median_run(
    runs: list[tuple[common.Measured, dict[str, Any]]],
) -> tuple[common.Measured, dict[str, Any]]:
    """The run with the median time (the upper one of an even count)."""
    ordered = sorted(runs, key=lambda r: float(r[0].result["seconds"]))
    return ordered[len(ordered) // 2]


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


class Bench:
    def __init__(self, cfg: dict[str, Any], only: set[str], tmp: Path, profile: bool) -> None:
        self.cfg = cfg
        self.only = only
        self.tmp = tmp
        self.profile = profile
        self.server = common.make_server(RATE, LATENCY, PER_RECORD).start()
        self.rows: list[dict[str, Any]] = []  # lookup rows
        self.extra: dict[str, Any] = {}
        self.targets: list[dict[str, Any]] = []
        self.profiles: dict[str, Any] = {}
        self.pools: dict[int, list[str]] = {}
        self._next_pmid = 40_000_000

    # ------------------------------------------------------------------ plumbing

    def pool(self, n: int) -> list[str]:
        """n synthesised PMIDs (cloned real records), distinct from every other pool."""
        pmids: list[str] = self.server.synthesize(n, self._next_pmid)
        self._next_pmid += ((n // 1_000_000) + 1) * 1_000_000
        return pmids

    def facts(self, pmids: list[str]) -> list[Any]:
        return [self.server.store.facts(p) for p in pmids]

    def measured(self, case: str, **args: Any) -> tuple[common.Measured, dict[str, Any]]:
        """Run a case with fresh server stats and rate windows; return it with server figures."""
        self.server.reset()
        time.sleep(0.2)
        m = common.run_case(case, **args)
        st = self.server.stats
        served = {
            "efetch": st.requests.get("efetch", 0),
            "requests_total": st.total,
            "sent_429": st.sent_429,
            "methods": st.methods,
        }
        return m, served

    def target(self, name: str, value: float | None, op: str, limit: float, unit: str = "") -> None:
        if value is None:
            status = "n/a"
        elif op == "<=":
            status = "PASS" if value <= limit else "MISS"
        elif op == ">=":
            status = "PASS" if value >= limit else "MISS"
        else:
            status = "PASS" if value == limit else "MISS"
        self.targets.append(
            {
                "target": name,
                "value": value,
                "op": op,
                "limit": limit,
                "unit": unit,
                "status": status,
            }
        )

    # ------------------------------------------------------------------ lookup sections

    def lookup_sections(self) -> None:
        want = {"cold", "warm", "peers"} & self.only
        if not want:
            return
        for n in self.cfg["sizes"]:
            pmids = self.pool(n)
            facts = self.facts(pmids)
            d = self.tmp / f"n{n}"
            pages_dir = d / "pages"
            n_pages = math.ceil(n / 3)
            common.write_pages(pages_dir, facts, n_pages)
            pmids_file = common.write_pmids(d / "pmids.txt", pmids)
            cache = d / "refcheck.sqlite"
            url = self.server.base_url
            expected_requests = math.ceil(n / BATCH)
            if {"cold", "warm"} & self.only:
                log(f"refcheck cold, N={n} ({n_pages} pages), {self.cfg['repeats']} runs")
                runs = []
                for i in range(self.cfg["repeats"]):
                    # each run starts from an empty cache; the first one's is kept for warm
                    path = cache if i == 0 else d / f"cold{i}.sqlite"
                    runs.append(
                        self.measured(
                            "refcheck",
                            pages_dir=str(pages_dir),
                            eutils_url=url,
                            cache_path=str(path),
                        )
                    )
                m, s = median_run(runs)
                self.add_row("refcheck", n, "cold", m, s, n_pages, expected_requests, BATCH)
                self.rows[-1]["runs_s"] = sorted(r[0].result["seconds"] for r in runs)
                self.target(
                    f"refcheck cold N={n}: efetch requests = ceil(N/200)",
                    s["efetch"],
                    "==",
                    expected_requests,
                )
                self.target(f"refcheck cold N={n}: 429s received", s["sent_429"], "==", 0)
            if "warm" in self.only:
                if not cache.exists():
                    self.measured(
                        "refcheck", pages_dir=str(pages_dir), eutils_url=url, cache_path=str(cache)
                    )
                log(f"refcheck warm, N={n}")
                m, s = self.measured(
                    "refcheck", pages_dir=str(pages_dir), eutils_url=url, cache_path=str(cache)
                )
                self.add_row("refcheck", n, "warm", m, s, n_pages, 0, BATCH)
                self.target(f"refcheck warm N={n}: requests sent", s["requests_total"], "==", 0)
                log(f"bare lxml parse, N={n}")
                m, s = self.measured("bare", pages_dir=str(pages_dir))
                self.add_row("bare lxml.html", n, "parse", m, s, n_pages, 0, BATCH)
            if n == 1000 and "mirror" in self.only:
                self.mirror_check(pmids, pages_dir, d)
            if n == 1000 and {"cold", "warm"} & self.only:
                self.cli_runs(n, pages_dir, d)
                if self.profile:
                    log(f"profiling a cold run, N={n}")
                    self.server.reset()
                    time.sleep(0.2)
                    p = common.run_case(
                        "profile",
                        inner="refcheck",
                        pages_dir=str(pages_dir),
                        eutils_url=url,
                        cache_path=str(d / "prof.sqlite"),
                        profile_out=str(RESULTS / "cold.prof"),
                    )
                    self.profiles["cold"] = p.result
            if "peers" in self.only:
                log(f"Biopython Bio.Entrez, N={n}")
                m, s = self.measured("biopython", pmids_file=str(pmids_file), eutils_url=url)
                self.add_row("Bio.Entrez (200/batch)", n, "cold", m, s, 0, expected_requests, BATCH)
                if n in self.cfg["metapub_sizes"]:
                    log(f"metapub, N={n} (one GET per PMID: >= {n / RATE:.0f} s)")
                    m, s = self.measured("metapub", pmids_file=str(pmids_file), eutils_url=url)
                    self.add_row("metapub (1/request)", n, "cold", m, s, 0, n, 1)
            self.pools[n] = pmids
        if "warm" in self.only:
            self.warm_ratio_1000_pages()

    def mirror_check(self, pmids: list[str], pages_dir: Path, d: Path) -> None:
        """`--source mirror` on the same pages: a baseline file holding the pool's records but
        every 100th is imported, then the pages are checked from it. Nothing may be asked of
        the server; each left-out PMID must come out unverified and every other citation
        exactly as from E-utilities."""
        import gzip

        from refcheck.cache import RecordCache
        from refcheck.fake_eutils.baseline import FOOTER, HEADER
        from refcheck.mirror import import_files

        left_out = set(pmids[::100])
        held = [p for p in pmids if p not in left_out]
        baseline = d / "mirror" / "pubmed26n0001.xml.gz"
        baseline.parent.mkdir(parents=True, exist_ok=True)
        articles = [self.server.store.get(p) or b"" for p in held]
        baseline.write_bytes(gzip.compress(HEADER + b"".join(articles) + FOOTER, 1))
        cache = d / "mirror" / "mirror.sqlite"
        with RecordCache(cache) as c:
            import_files(c, [baseline])
        log(f"refcheck --source mirror, N={len(pmids)} ({len(left_out)} left out of the mirror)")
        url = self.server.base_url
        by_api = d / "mirror" / "verdicts-eutils.json"
        by_mirror = d / "mirror" / "verdicts-mirror.json"
        self.measured(
            "refcheck",
            pages_dir=str(pages_dir),
            eutils_url=url,
            cache_path=str(d / "refcheck.sqlite"),
            verdicts_out=str(by_api),
        )
        m, s = self.measured(
            "refcheck",
            pages_dir=str(pages_dir),
            eutils_url=url,
            cache_path=str(cache),
            source="mirror",
            verdicts_out=str(by_mirror),
        )
        n_pages = math.ceil(len(pmids) / 3)
        self.add_row("refcheck --source mirror", len(pmids), "mirror", m, s, n_pages, 0, BATCH)
        api = json.loads(by_api.read_text())
        mirror = json.loads(by_mirror.read_text())
        missing = [k for k in api if k.rsplit("#", 1)[1] in left_out]
        passed = [k for k in missing if mirror.get(k, ["?"])[0] != "unverified"]
        differing = [k for k in api if k not in missing and mirror.get(k) != api[k]]
        self.extra["mirror_check"] = {
            "pmids": len(pmids),
            "left_out": len(left_out),
            "citations": len(api),
            "citations_left_out": len(missing),
            "seconds": m.result["seconds"],
            "requests": s["requests_total"],
            "statuses": m.result["statuses"],
            "left_out_not_unverified": len(passed),
            "differing_from_eutils": len(differing),
        }
        self.target("check --source mirror: requests sent", s["requests_total"], "==", 0)
        self.target(
            f"check --source mirror: of {len(missing)} citations of PMIDs not in the mirror, "
            "not unverified",
            len(passed),
            "==",
            0,
        )
        self.target(
            "check --source mirror: other citations judged unlike E-utilities",
            len(differing),
            "==",
            0,
        )

    def cli_runs(self, n: int, pages_dir: Path, d: Path) -> None:
        """`refcheck check DIR --format json` as a user runs it (start-up included)."""
        exe = Path(sys.executable).with_name("refcheck")
        cache = d / "cli.sqlite"
        env = {
            "REFCHECK_EUTILS_URL": self.server.base_url,
            "REFCHECK_CACHE": str(cache),
        }
        for mode in ("cold", "warm"):
            log(f"refcheck CLI {mode}, N={n}")
            self.server.reset()
            time.sleep(0.2)
            out, m = common.run_measured(
                [str(exe), "check", str(pages_dir), "--format", "json", "--quiet", "--no-waivers"],
                env=env,
            )
            st = self.server.stats
            try:
                summary = json.loads(out)["summary"]
            except (ValueError, KeyError):
                summary = {"error": m.stderr[-300:]}
            m.result = {
                "seconds": m.wall,
                "vm_hwm_mb": m.maxrss_mb,
                "summary": summary,
                "exit_code": m.returncode,
            }
            s = {
                "efetch": st.requests.get("efetch", 0),
                "requests_total": st.total,
                "sent_429": st.sent_429,
            }
            self.add_row(
                "refcheck CLI (subprocess)",
                n,
                mode,
                m,
                s,
                math.ceil(n / 3),
                math.ceil(n / BATCH) if mode == "cold" else 0,
                BATCH,
            )

    def warm_ratio_1000_pages(self) -> None:
        """Warm check of exactly `pages_for_ratio` pages against a bare parse of the same files."""
        n_pages = self.cfg["pages_for_ratio"]
        n = max(self.pools) if self.pools else 0
        if not n:
            return
        pmids = self.pools[n]
        d = self.tmp / f"n{n}"
        pages_dir = self.tmp / f"ratio{n_pages}"
        common.write_pages(pages_dir, self.facts(pmids), n_pages, series=" (ratio set)")
        cache = d / "refcheck.sqlite"  # already holds every PMID of this pool
        url = self.server.base_url
        log(f"warm vs bare on {n_pages} pages (cache of N={n})")
        # first check of these pages: records cached, pages never seen (extracted)
        result_pickle = d / "recheck-result.pickle"
        f, fs = self.measured(
            "refcheck",
            pages_dir=str(pages_dir),
            eutils_url=url,
            cache_path=str(cache),
            result_pickle_out=str(result_pickle),  # for the floor below (written untimed)
        )
        self.add_row("refcheck", n_pages * 3, f"new pages {n_pages}p", f, fs, n_pages, 0, BATCH)
        # the re-check the target is about: same pages, everything cached; alternated
        # with the bare parse, several times each, medians compared (one run of each
        # swings by a third on this machine)
        warm_runs, bare_runs, floor_runs, unpickle_runs, unpickle_nogc_runs = [], [], [], [], []
        for _ in range(self.cfg["repeats"]):
            warm_runs.append(
                self.measured(
                    "refcheck",
                    pages_dir=str(pages_dir),
                    eutils_url=url,
                    cache_path=str(cache),
                    report_out=str(d / "recheck.json"),  # timed apart from the check
                )
            )
            bare_runs.append(self.measured("bare", pages_dir=str(pages_dir)))
            floor_runs.append(
                self.measured("essentials", pages_dir=str(pages_dir), cache_path=str(cache))
            )
            unpickle_runs.append(self.measured("unpickle", path=str(result_pickle)))
            unpickle_nogc_runs.append(self.measured("unpickle", path=str(result_pickle), gc=False))
        m, s = median_run(warm_runs)
        self.add_row("refcheck", n_pages * 3, f"re-check {n_pages}p", m, s, n_pages, 0, BATCH)
        self.rows[-1]["runs_s"] = sorted(r[0].result["seconds"] for r in warm_runs)
        b, bs = median_run(bare_runs)
        self.add_row("bare lxml.html", n_pages * 3, f"parse {n_pages}p", b, bs, n_pages, 0, BATCH)
        self.rows[-1]["runs_s"] = sorted(r[0].result["seconds"] for r in bare_runs)
        e, es = median_run(floor_runs)
        self.add_row(
            "re-check essentials", n_pages * 3, f"read+rebuild {n_pages}p", e, es, n_pages, 0, BATCH
        )
        self.rows[-1]["runs_s"] = sorted(r[0].result["seconds"] for r in floor_runs)
        u, us = median_run(unpickle_runs)
        self.add_row(
            "pickle.loads of result", n_pages * 3, f"objects {n_pages}p", u, us, n_pages, 0, BATCH
        )
        self.rows[-1]["runs_s"] = sorted(r[0].result["seconds"] for r in unpickle_runs)
        ung, _ = median_run(unpickle_nogc_runs)
        # each re-check against the bare parse run right after it, in the same state of
        # the machine: this VM's speed jumps between two levels from one process to the
        # next (a bare parse of these pages took 0.058 s and 0.119 s in one run), and the
        # ratio of two medians is then decided by which level each median lands on
        pairs = sorted(
            w[0].result["seconds"] / p[0].result["seconds"]
            for w, p in zip(warm_runs, bare_runs, strict=True)
        )
        ratio = statistics.median(pairs)
        self.extra["warm_vs_bare"] = {
            "pages": n_pages,
            "warm_s": m.result["seconds"],
            "records_cached_pages_new_s": f.result["seconds"],
            "bare_s": b.result["seconds"],
            "ratio": ratio,  # the median of the paired ratios (the target)
            "paired_ratios": pairs,
            "ratio_of_medians": m.result["seconds"] / b.result["seconds"],
            "warm_requests": s["requests_total"],
            # reading the pages and rebuilding results and records, nothing else
            "essentials_s": e.result["seconds"],
            "essentials_over_bare": e.result["seconds"] / b.result["seconds"],
            # the finished result's objects restored by one pickle.loads, with and without
            # the cyclic GC: what handing the results over costs before any page is read
            "result_objects": u.result["objects"],
            "result_unpickle_s": u.result["seconds"],
            "result_unpickle_no_gc_s": ung.result["seconds"],
            "result_unpickle_over_bare": u.result["seconds"] / b.result["seconds"],
            "result_unpickle_no_gc_over_bare": ung.result["seconds"] / b.result["seconds"],
            # the same run's `--format json` report, after the check (not in `warm_s`)
            "json_report_s": m.result["report_seconds"],
            "json_report_indented_s": m.result["report_indented_seconds"],
        }
        self.target(f"warm/bare time, {n_pages} pages", round(ratio, 2), "<=", 2.0, "x")
        if self.profile:
            log("profiling the warm run")
            p = common.run_case(
                "profile",
                inner="refcheck",
                pages_dir=str(pages_dir),
                eutils_url=url,
                cache_path=str(cache),
                profile_out=str(RESULTS / "warm.prof"),
            )
            self.profiles["warm"] = p.result

    def add_row(
        self,
        tool: str,
        n: int,
        mode: str,
        m: common.Measured,
        s: dict[str, Any],
        pages: int,
        expected_requests: int,
        batch: int,
    ) -> None:
        r = m.result
        seconds = r["seconds"]
        requests = s.get("efetch", 0)
        fl = floor_seconds(requests, min(batch, n)) if requests else None
        row = {
            "tool": tool,
            "n_pmids": n,
            "mode": mode,
            "pages": pages,
            "efetch_requests": requests,
            "requests_total": s.get("requests_total", 0),
            "expected_requests": expected_requests,
            "sent_429": s.get("sent_429", 0),
            "seconds": seconds,
            "process_wall_s": m.wall,
            "floor_s": fl,
            "over_floor": (seconds / fl) if fl else None,
            "ms_per_pmid": 1000 * seconds / n if n else None,
            "peak_rss_mb": r.get("vm_hwm_mb") or m.maxrss_mb,
            "ok": r.get("ok"),
            "errors": r.get("errors"),
            "first_error": r.get("first_error") or None,
            "statuses": r.get("statuses") or (r.get("summary") if "summary" in r else None),
            "refcheck_stats": r.get("stats"),
        }
        self.rows.append(row)
        log(
            f"  {tool} N={n} {mode}: {seconds:.2f} s, {requests} efetch, "
            f"{row['sent_429']} x 429, {row['peak_rss_mb']:.0f} MB"
        )

    # ------------------------------------------------------------------ peers summary

    def peer_ratios(self) -> None:
        def find(tool: str, n: int, mode: str = "cold") -> dict[str, Any] | None:
            return next(
                (
                    r
                    for r in self.rows
                    if r["tool"].startswith(tool) and r["n_pmids"] == n and r["mode"] == mode
                ),
                None,
            )

        ratios = []
        for n in self.cfg["sizes"]:
            ref = find("refcheck", n)
            if ref is None:
                continue
            bio = find("Bio.Entrez", n)
            meta = find("metapub", n)
            entry: dict[str, Any] = {"n": n, "refcheck_s": ref["seconds"]}
            if bio:
                entry["biopython_s"] = bio["seconds"]
                entry["biopython_over_refcheck"] = bio["seconds"] / ref["seconds"]
            if meta:
                entry["metapub_s"] = meta["seconds"]
                entry["metapub_over_refcheck"] = meta["seconds"] / ref["seconds"]
                entry["metapub_basis"] = "measured"
            else:
                small = [r for r in self.rows if r["tool"].startswith("metapub")]
                if small:
                    base = max(small, key=lambda r: r["n_pmids"])
                    per = base["seconds"] / base["n_pmids"]
                    entry["metapub_s"] = per * n
                    entry["metapub_over_refcheck"] = per * n / ref["seconds"]
                    entry["metapub_basis"] = (
                        f"PROJECTED from N={base['n_pmids']} per-PMID time "
                        f"({1000 * per:.0f} ms/PMID), not measured"
                    )
            ratios.append(entry)
            if n == 1000 and meta:
                self.target(
                    "metapub/refcheck wall time, N=1000 (measured)",
                    round(entry["metapub_over_refcheck"], 1),
                    ">=",
                    100,
                    "x",
                )
            if n == 1000 and ref.get("floor_s"):
                self.target(
                    "refcheck cold N=1000: wall time / (requests/rate + latency)",
                    round(ref["seconds"] / ref["floor_s"], 2),
                    "<=",
                    1.3,
                    "x",
                )
        self.extra["peer_ratios"] = ratios

    # ------------------------------------------------------------------ mirror

    def mirror_section(self) -> None:
        if "mirror" not in self.only:
            return
        from refcheck.fake_eutils.baseline import write_baseline

        results = []
        base_peak = None
        for i, n in enumerate(self.cfg["mirror_records"], 1):
            path = self.tmp / "mirror" / f"pubmed26n{i:04d}.xml.gz"
            path.parent.mkdir(parents=True, exist_ok=True)
            log(f"writing baseline-like file, {n} records")
            t0 = time.perf_counter()
            write_baseline(path, n, start_pmid=60_000_000 + i * 1_000_000)
            written_s = time.perf_counter() - t0
            log(f"  {path.stat().st_size / 1e6:.1f} MB gz in {written_s:.1f} s")
            it, _ = self.measured("iterparse", file=str(path))
            entry: dict[str, Any] = {
                "records": n,
                "file_mb_gz": path.stat().st_size / 1e6,
                "iterparse_s": it.result["seconds"],
                "iterparse_rps": it.result["records"] / it.result["seconds"],
                "iterparse_peak_mb": it.result["vm_hwm_mb"],
                "imports": [],
            }
            log(f"  bare iterparse: {entry['iterparse_rps']:.0f} records/s")
            for jobs in (1, 2):
                cache = self.tmp / "mirror" / f"m{i}-j{jobs}.sqlite"
                log(f"  import_files jobs={jobs}")
                m, _ = self.measured("mirror", file=str(path), jobs=jobs, cache_path=str(cache))
                rps = m.result["records"] / m.result["seconds"]
                imp = {
                    "jobs": jobs,
                    "seconds": m.result["seconds"],
                    "records": m.result["records"],
                    "records_per_s": rps,
                    "vs_iterparse": rps / entry["iterparse_rps"],
                    "main_peak_mb": m.result["vm_hwm_mb"],
                    "worker_peak_mb": m.result["children_maxrss_mb"],
                    "tree_peak_mb": max(m.tree_peak_mb, m.result["vm_hwm_mb"]),
                }
                entry["imports"].append(imp)
                log(
                    f"    {rps:.0f} records/s ({100 * imp['vs_iterparse']:.0f}% of iterparse), "
                    f"tree peak {imp['tree_peak_mb']:.0f} MB"
                )
                for f in cache.parent.glob(cache.name + "*"):
                    f.unlink()
                self.target(
                    f"mirror import {n:,} records jobs={jobs}: peak RSS (all processes)",
                    round(imp["tree_peak_mb"], 1),
                    "<=",
                    300,
                    "MB",
                )
                if jobs == 1:
                    self.target(
                        f"mirror import {n:,} records jobs=1: rate vs bare iterparse",
                        round(100 * imp["vs_iterparse"], 1),
                        ">=",
                        60,
                        "%",
                    )
            if self.profile and i == 1:
                log("  profiling import_files jobs=1")
                cache = self.tmp / "mirror" / "prof.sqlite"
                p = common.run_case(
                    "profile",
                    inner="mirror",
                    file=str(path),
                    jobs=1,
                    cache_path=str(cache),
                    profile_out=str(RESULTS / "mirror.prof"),
                )
                self.profiles["mirror"] = p.result
            peak1 = entry["imports"][0]["tree_peak_mb"]
            if base_peak is None:
                base_peak = peak1
            else:
                self.target(
                    f"mirror {n:,} vs {self.cfg['mirror_records'][0]:,} records: "
                    "jobs=1 peak RSS ratio (no growth; 10% noise allowed)",
                    round(peak1 / base_peak, 2),
                    "<=",
                    1.10,
                    "x",
                )
            results.append(entry)
            path.unlink()
        self.extra["mirror"] = results

    # ------------------------------------------------------------------ memory

    def memory_section(self) -> None:
        if "memory" not in self.only:
            return
        n_pages = self.cfg["memory_pages"]
        distinct = self.cfg["memory_distinct"]
        pmids = self.pool(distinct)
        d = self.tmp / "memory"
        common.write_pages(d / "pages", self.facts(pmids), n_pages)
        cache = d / "refcheck.sqlite"
        url = self.server.base_url
        log(
            f"memory: warming the cache with {distinct} PMIDs ({math.ceil(distinct / BATCH)} "
            "requests at 3/s)"
        )
        warmup, ws = self.measured(
            "refcheck",
            pages_dir=str(d / "pages"),
            eutils_url=url,
            cache_path=str(cache),
            verdicts_out=str(d / "cold.json"),
        )
        self.add_row(
            "refcheck",
            distinct,
            f"cold {n_pages}p",
            warmup,
            ws,
            n_pages,
            math.ceil(distinct / BATCH),
            BATCH,
        )
        log(f"memory: warm check of {n_pages} pages")
        m, s = self.measured(
            "refcheck",
            pages_dir=str(d / "pages"),
            eutils_url=url,
            cache_path=str(cache),
            verdicts_out=str(d / "warm.json"),
        )
        self.add_row("refcheck", distinct, f"warm {n_pages}p", m, s, n_pages, 0, BATCH)
        cold_v = json.loads((d / "cold.json").read_text())
        warm_v = json.loads((d / "warm.json").read_text())
        differ = sorted(k for k in cold_v if cold_v[k] != warm_v.get(k))
        self.extra["cold_warm_verdict_diff"] = {
            "citations": len(cold_v),
            "differing": len(differ),
            "examples": [
                {"citation": k, "cold": cold_v[k], "warm": warm_v.get(k)} for k in differ[:5]
            ],
        }
        self.target(
            f"same verdicts cold and warm ({n_pages:,} pages): citations differing",
            len(differ),
            "==",
            0,
        )
        b, bs = self.measured("bare", pages_dir=str(d / "pages"))
        self.add_row("bare lxml.html", distinct, f"parse {n_pages}p", b, bs, n_pages, 0, BATCH)
        self.extra["memory"] = {
            "pages": n_pages,
            "citations": n_pages * 3,
            "distinct_pmids": distinct,
            "warm_s": m.result["seconds"],
            "warm_peak_mb": m.result["vm_hwm_mb"],
            "cold_peak_mb": warmup.result["vm_hwm_mb"],
            "bare_s": b.result["seconds"],
            "warm_over_bare": m.result["seconds"] / b.result["seconds"],
        }
        self.target(
            f"peak RSS, warm check of {n_pages:,} pages",
            round(m.result["vm_hwm_mb"], 1),
            "<=",
            300,
            "MB",
        )
        self.target(
            f"peak RSS, cold check of {n_pages:,} pages",
            round(warmup.result["vm_hwm_mb"], 1),
            "<=",
            300,
            "MB",
        )

    def close(self) -> None:
        self.server.stop()


# --------------------------------------------------------------------------- printing


def _f(v: Any, fmt: str = ".2f") -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return format(v, fmt)
    return str(v)


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)
    ]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    return "\n".join(out)


def report(b: Bench, started: float) -> str:
    parts = []
    parts.append(
        f"fake E-utilities on 127.0.0.1: {RATE:g} req/s (429 beyond), "
        f"{LATENCY * 1000:.0f} ms/request + {PER_RECORD * 1000:g} ms/record; "
        "floor = (requests-1)/rate + one reply's latency"
    )
    if b.rows:
        rows = []
        for r in b.rows:
            st = r["statuses"]
            if isinstance(st, dict) and "verified" in st and "pages" in st:
                st = {k: st[k] for k in ("verified", "mismatch", "not_found", "unverified")}
            st_s = ",".join(f"{k[:4]}={v}" for k, v in st.items()) if isinstance(st, dict) else ""
            if r["ok"] is not None:
                st_s = f"ok={r['ok']},err={r['errors']}"
            rows.append(
                [
                    r["tool"],
                    str(r["n_pmids"]),
                    r["mode"],
                    str(r["pages"] or "-"),
                    str(r["efetch_requests"]),
                    str(r["sent_429"]),
                    _f(r["seconds"]),
                    _f(r["floor_s"]),
                    _f(r["over_floor"]),
                    _f(r["ms_per_pmid"], ".3f"),
                    _f(r["peak_rss_mb"], ".0f"),
                    st_s,
                ]
            )
        parts.append(
            "\nLOOKUPS (seconds = work only, in-process; CLI rows = whole process)\n"
            + table(
                [
                    "tool",
                    "N",
                    "mode",
                    "pages",
                    "efetch",
                    "429s",
                    "seconds",
                    "floor",
                    "x floor",
                    "ms/PMID",
                    "peak MB",
                    "outcome",
                ],
                rows,
            )
        )
    if b.extra.get("peer_ratios"):
        rows = []
        for e in b.extra["peer_ratios"]:
            rows.append(
                [
                    str(e["n"]),
                    _f(e["refcheck_s"]),
                    _f(e.get("biopython_s")),
                    _f(e.get("biopython_over_refcheck")),
                    _f(e.get("metapub_s"), ".1f"),
                    _f(e.get("metapub_over_refcheck"), ".1f"),
                    e.get("metapub_basis", "-"),
                ]
            )
        parts.append(
            "\nPEERS, cold, same PMIDs, same server\n"
            + table(
                [
                    "N",
                    "refcheck s",
                    "Bio.Entrez s",
                    "Bio/ref",
                    "metapub s",
                    "metapub/ref",
                    "metapub basis",
                ],
                rows,
            )
        )
    if b.extra.get("warm_vs_bare"):
        w = b.extra["warm_vs_bare"]
        parts.append(
            f"\nWARM vs BARE PARSE, {w['pages']} pages (median of {b.cfg['repeats']} each): "
            f"refcheck {w['warm_s']:.3f} s, lxml.html.fromstring {w['bare_s']:.3f} s, "
            f"ratio of the medians {w['ratio_of_medians']:.2f}x\n  each re-check over the "
            f"bare parse run right after it: {', '.join(f'{r:.2f}' for r in w['paired_ratios'])}"
            f", median {w['ratio']:.2f}x (the target's figure)\n  of which unavoidable with "
            "refcheck's stored form "
            f"(reading the pages, rebuilding results and records, nothing else): "
            f"{w['essentials_s']:.3f} s, {w['essentials_over_bare']:.2f}x the bare parse"
            f"\n  the finished result alone ({w['result_objects']:,} objects: pages, citations, "
            f"findings, records), restored by one pickle.loads: {w['result_unpickle_s']:.3f} s, "
            f"{w['result_unpickle_over_bare']:.2f}x the bare parse ("
            f"{w['result_unpickle_no_gc_s']:.3f} s, {w['result_unpickle_no_gc_over_bare']:.2f}x, "
            "without the cyclic GC)"
            f"\n  then the JSON report of that run (--format json, page by page): "
            f"{w['json_report_s']:.3f} s; the indented dump it replaced: "
            f"{w['json_report_indented_s']:.3f} s"
        )
    if b.extra.get("mirror_check"):
        mc = b.extra["mirror_check"]
        parts.append(
            f"\nCHECK FROM THE MIRROR (--source mirror), {mc['citations']:,} citations of "
            f"{mc['pmids']:,} PMIDs, {mc['left_out']} left out of the imported file: "
            f"{mc['seconds']:.2f} s, {mc['requests']} requests; statuses {mc['statuses']}; "
            f"left-out citations not unverified: {mc['left_out_not_unverified']} of "
            f"{mc['citations_left_out']}; others judged unlike E-utilities: "
            f"{mc['differing_from_eutils']}"
        )
    if b.extra.get("mirror"):
        rows = []
        for e in b.extra["mirror"]:
            rows.append(
                [
                    f"{e['records']:,}",
                    f"{e['file_mb_gz']:.1f}",
                    "iterparse",
                    "-",
                    _f(e["iterparse_s"]),
                    f"{e['iterparse_rps']:.0f}",
                    "100%",
                    _f(e["iterparse_peak_mb"], ".0f"),
                    "-",
                ]
            )
            for imp in e["imports"]:
                rows.append(
                    [
                        f"{e['records']:,}",
                        "",
                        "import_files",
                        str(imp["jobs"]),
                        _f(imp["seconds"]),
                        f"{imp['records_per_s']:.0f}",
                        f"{100 * imp['vs_iterparse']:.0f}%",
                        _f(imp["main_peak_mb"], ".0f"),
                        _f(imp["tree_peak_mb"], ".0f"),
                    ]
                )
        parts.append(
            "\nMIRROR IMPORT (one .xml.gz file)\n"
            + table(
                [
                    "records",
                    "MB gz",
                    "what",
                    "jobs",
                    "seconds",
                    "records/s",
                    "vs iterparse",
                    "main peak MB",
                    "all procs peak MB",
                ],
                rows,
            )
        )
    if b.extra.get("memory"):
        mm = b.extra["memory"]
        parts.append(
            f"\nMEMORY: {mm['pages']:,} pages, {mm['citations']:,} citations, "
            f"{mm['distinct_pmids']:,} distinct PMIDs: warm peak {mm['warm_peak_mb']:.0f} MB"
            f" in {mm['warm_s']:.2f} s (bare parse {mm['bare_s']:.2f} s, "
            f"{mm['warm_over_bare']:.1f}x); cold peak {mm['cold_peak_mb']:.0f} MB"
        )
    if b.targets:
        rows = [
            [
                t["target"],
                f"{t['op']} {t['limit']:g}{t['unit']}",
                f"{_f(t['value'])}{t['unit']}",
                t["status"],
            ]
            for t in b.targets
        ]
        passed = sum(t["status"] == "PASS" for t in b.targets)
        parts.append(
            f"\nTARGETS ({passed}/{len(b.targets)} PASS)\n"
            + table(["target", "wanted", "measured", "status"], rows)
        )
    for name, p in b.profiles.items():
        lines = [
            f"\nPROFILE {name} (cProfile, total {p['profile_total']:.2f} s; "
            f"stats in bench/results/{name}.prof)",
            "  cumulative:",
        ]
        lines += [
            f"    {e['share'] * 100:5.1f}%  {e['cum_s']:7.3f}s  {e['where']}"
            for e in p["profile_cumulative"][:25]
        ]
        lines.append("  refcheck functions only, cumulative:")
        lines += [
            f"    {e['share'] * 100:5.1f}%  {e['cum_s']:7.3f}s  {e['where']}"
            for e in p["profile_refcheck"][:25]
        ]
        lines.append("  self time:")
        lines += [
            f"    {e['share'] * 100:5.1f}%  {e['self_s']:7.3f}s  {e['where']}"
            for e in p["profile_self"][:15]
        ]
        parts.append("\n".join(lines))
    parts.append(f"\nbench wall time: {time.perf_counter() - started:.0f} s")
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="smaller sizes")
    ap.add_argument(
        "--only", default=",".join(SECTIONS), help=f"comma-separated subset of {','.join(SECTIONS)}"
    )
    ap.add_argument(
        "--profile",
        action="store_true",
        help="cProfile the warm 1,000-page run and the mirror import",
    )
    ap.add_argument("--out", type=Path, default=RESULTS / "latest.json")
    ap.add_argument("--keep", action="store_true", help="keep the temp dir (printed)")
    args = ap.parse_args(argv)
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    unknown = only - set(SECTIONS)
    if unknown:
        ap.error(f"unknown section(s): {', '.join(sorted(unknown))}")
    cfg = QUICK if args.quick else FULL
    RESULTS.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="refcheck-bench-"))
    started = time.perf_counter()
    b = Bench(cfg, only, tmp, args.profile)
    try:
        b.lookup_sections()
        b.peer_ratios()
        b.memory_section()
        b.mirror_section()
    finally:
        b.close()
        if args.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    text = report(b, started)
    print(text)

    from importlib.metadata import version

    doc = {
        "generated": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "mode": "quick" if args.quick else "full",
        "sections": sorted(only),
        "duration_s": time.perf_counter() - started,
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "versions": {p: version(p) for p in ("pubmed-refcheck", "metapub", "biopython", "lxml")},
        "server": {"rate_limit": RATE, "latency_s": LATENCY, "per_record_s": PER_RECORD},
        "config": cfg,
        "lookups": b.rows,
        **b.extra,
        "targets": b.targets,
        "profiles": b.profiles,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=2) + "\n")
    log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
