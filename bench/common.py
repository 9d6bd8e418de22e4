"""Helpers for bench/run.py: the fake server, page generation, measured subprocesses.

Every timed case runs in its own Python subprocess (`python bench/common.py
CASE ARGS_JSON`), so each has a fresh interpreter, its own peak RSS and no GIL
contention with the fake E-utilities server, which runs in the parent. The
child prints one JSON line (its figures) as the last line of stdout; the parent
adds the child's peak RSS from `os.wait4` (ru_maxrss) and the peak RSS of the
whole process tree, sampled from /proc (mirror imports with jobs > 1 have
worker processes).

Wall times reported for in-process cases are measured inside the child around
the work itself (imports and interpreter start-up excluded); the CLI case is
timed from outside, start-up included.
"""

from __future__ import annotations

import html
import importlib
import json
import os
import pickle
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RECORDS = ROOT / "fixtures" / "records"
PY = sys.executable


# --------------------------------------------------------------------------- memory


def vm_hwm_mb(pid: int | str = "self") -> float:
    """Peak resident set size of a process (VmHWM) in MB, 0 if unreadable."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _descendants(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry.name}/stat").read_text()
            ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        parents.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(parents.get(pid, []))
    return out


class TreeSampler(threading.Thread):
    """Samples the summed RSS of a process and all its descendants."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.peak_kb = 0
        self.max_procs = 0
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            pids = _descendants(self.pid)
            total = sum(_rss_kb(p) for p in pids)
            self.peak_kb = max(self.peak_kb, total)
            self.max_procs = max(self.max_procs, len(pids))
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()


# --------------------------------------------------------------------------- subprocess runs


@dataclass
class Measured:
    result: dict[str, Any]
    wall: float  # seconds, from outside (start-up included)
    maxrss_mb: float  # ru_maxrss of the child process (largest single process)
    tree_peak_mb: float  # sampled peak of child + descendants
    returncode: int
    stderr: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def run_measured(
    argv: Sequence[str], env: Mapping[str, str] | None = None, timeout: float = 3600
) -> tuple[str, Measured]:
    """Run argv, return (stdout, Measured). Peak memory via wait4 + /proc sampling."""
    full_env = dict(os.environ)
    full_env.pop("NCBI_API_KEY", None)  # NCBI's keyless limit for everyone
    if env:
        full_env.update(env)
    started = time.perf_counter()
    proc = subprocess.Popen(
        list(argv),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=full_env,
        text=True,
    )
    sampler = TreeSampler(proc.pid)
    sampler.start()
    out_chunks: list[str] = []
    err_chunks: list[str] = []
    out_pipe, err_pipe = proc.stdout, proc.stderr
    assert out_pipe is not None and err_pipe is not None  # both are pipes (above)
    t_err = threading.Thread(target=lambda: err_chunks.append(err_pipe.read()), daemon=True)
    t_err.start()
    out_chunks.append(out_pipe.read())
    t_err.join()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    sampler.stop()
    stdout = "".join(out_chunks)
    return stdout, Measured(
        result={},
        wall=wall,
        maxrss_mb=usage.ru_maxrss / 1024,
        tree_peak_mb=sampler.peak_kb / 1024,
        returncode=proc.returncode,
        stderr="".join(err_chunks)[-4000:],
    )


def run_case(case: str, timeout: float = 3600, **args: Any) -> Measured:
    """Run one worker case of this module in a fresh interpreter."""
    stdout, m = run_measured([PY, str(Path(__file__)), case, json.dumps(args)], timeout=timeout)
    last = [line for line in stdout.splitlines() if line.startswith("{")]
    if m.returncode != 0 or not last:
        raise RuntimeError(f"case {case} failed (exit {m.returncode}):\n{m.stderr}")
    m.result = json.loads(last[-1])
    return m


# --------------------------------------------------------------------------- fake server


def make_server(rate_limit: float, latency: float, per_record_latency: float) -> Any:
    """FakeEutils with NCBI's limit and latency, loaded with fixtures/records."""
    from refcheck.fake_eutils.server import FakeEutils

    return FakeEutils(
        RECORDS,
        rate_limit=rate_limit,
        latency=latency,
        per_record_latency=per_record_latency,
    )


# --------------------------------------------------------------------------- pages


def _citation_li(facts: Any) -> str:
    """One reference in the seed page's style: `Last FM et al. YEAR, Journal Title. (PMID n)`."""
    if facts.authors:
        first = facts.authors[0]
        name = (
            first.last_name if first.collective else f"{first.last_name} {first.initials}".strip()
        )
        who = f"{name} et al." if len(facts.authors) > 1 else name
    else:
        who = "Anonymous"
    year = facts.pub_year or facts.epub_year or ""
    journal = _journal_name(facts.journal_title) or facts.book_title or facts.iso_abbreviation
    title = facts.title or ""
    text = f"{who} {year}, {journal} {title} (PMID {facts.pmid})"
    return f"  <li>{html.escape(text, quote=False)}</li>"


_SMALL = {"and", "of", "the", "in", "for", "on", "de", "et", "la", "a", "an", "to"}


def _journal_name(title: str) -> str:
    """PubMed's `Journal/Title` as a page writes it: title case, no subtitle after ' : '."""
    main = title.split(" : ")[0].split(" = ")[0].strip().rstrip(".")
    words = main.split()
    return " ".join(
        w if (i and w.lower() in _SMALL) or not w[:1].islower() else w[:1].upper() + w[1:]
        for i, w in enumerate(words)
    )


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Condition {n} | Clinic</title>
</head>
<body>
<main>
<nav><a href="/conditions/">All clinical conditions</a></nav>
<p class="eyebrow">Clinical condition</p>
<h1>Condition {n}</h1>
<p>ICD-10 G54.{d} / ICD-11 8E43.{d}</p>
<h2>The short version</h2>
<ul>
  <li>This condition is a chronic pain syndrome with central and peripheral mechanisms.{m1}</li>
  <li>Reviews find the overall evidence for pharmacologic treatment limited.{m2}</li>
  <li>Management combines medication, physical approaches and psychological care.</li>
</ul>
<h2>Clinical definition</h2>
<p>{filler}</p>
<h2>First-line treatments</h2>
<p>{filler}</p>
<h2>When standard treatments fail</h2>
<p>When first-line measures fail, options include specialist referral and interventional
procedures; individual response varies and care is iterative.{m3}</p>
<h2>Frequently asked</h2>
<h3>What is the best treatment?</h3>
<p>{filler}</p>
<h2>References</h2>
<ol class="references">
{refs}
</ol>
<p class="review-note"><small>Last reviewed by a physician. This page is educational and
not a substitute for clinical evaluation.</small></p>
</main>
</body>
</html>
"""

_FILLER = (
    "Phantom limb pain is painful sensation perceived as arising from a limb or body part that "
    "has been amputated. It is distinguished from phantom sensation and from residual-limb pain. "
    "Its mechanisms span the peripheral nerve, the spinal cord and the brain, and central "
    "sensitization mediated by NMDA receptors is the rationale for trialing NMDA antagonists. "
) * 3


def write_pages(
    directory: Path, facts: Sequence[Any], n_pages: int, per_page: int = 3, series: str = ""
) -> list[Path]:
    """`n_pages` clinic-style HTML pages citing `facts` in turn, `per_page` each.

    `series` goes into every page's title: pages of another series are other pages
    (refcheck remembers pages by their content, not their path).

    Page i cites facts[(i*per_page + j) % len(facts)], so when
    n_pages*per_page == len(facts) every PMID is cited exactly once.
    """
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    total = len(facts)
    for i in range(n_pages):
        cited = [facts[(i * per_page + j) % total] for j in range(per_page)]
        refs = "\n".join(_citation_li(f) for f in cited)
        marks = [f"<sup>{j + 1}</sup>" if j < len(cited) else "" for j in range(3)]
        page = _PAGE.format(
            n=f"{i}{series}",
            d=i % 10,
            m1=marks[0],
            m2=marks[1],
            m3=marks[2],
            filler=_FILLER,
            refs=refs,
        )
        path = directory / f"condition-{i:05d}.html"
        path.write_text(page, encoding="utf-8")
        paths.append(path)
    return paths


def write_pmids(path: Path, pmids: Iterable[str]) -> Path:
    path.write_text("\n".join(pmids) + "\n")
    return path


# --------------------------------------------------------------------------- worker cases
# Each returns a dict of figures; `seconds` is the in-process wall time of the work.


_LOADED_ON_FIRST_USE = (
    "refcheck.memo",
    "refcheck.extract.html",
    "refcheck.extract.jats",
    "refcheck.extract.text",
    "refcheck.eutils.client",
)


def case_refcheck(a: dict[str, Any]) -> dict[str, Any]:
    from refcheck.api import check_pages
    from refcheck.config import Settings
    from refcheck.pages import iter_pages

    # the modules a run loads on first use (the page pipeline, the extractors, the
    # E-utilities client): loaded here, so `seconds` stays the work alone, as for the peers
    for module in _LOADED_ON_FIRST_USE:
        importlib.import_module(module)

    settings = Settings(
        eutils_url=a["eutils_url"],
        cache_path=Path(a["cache_path"]),
        source=a.get("source", "eutils"),
    )
    t0 = time.perf_counter()
    result = check_pages(iter_pages([a["pages_dir"]]), settings)
    seconds = time.perf_counter() - t0
    counts: dict[str, int] = {}
    pages = 0
    verdicts: dict[str, Any] = {}
    for page in result.pages:
        pages += 1
        for c in page.citations:
            counts[c.status.value] = counts.get(c.status.value, 0) + 1
            if a.get("verdicts_out"):
                verdicts[f"{page.source}#{c.citation.pmid}"] = [
                    c.status.value,
                    sorted(f"{f.field.value}/{f.severity.value}: {f.message}" for f in c.findings),
                ]
    if a.get("verdicts_out"):
        Path(a["verdicts_out"]).write_text(json.dumps(verdicts))
    out = {
        "seconds": seconds,
        "pages": pages,
        "statuses": counts,
        "stats": dict(result.stats),
        "vm_hwm_mb": vm_hwm_mb(),
    }
    if a.get("report_out"):
        out.update(_json_report_figures(result, Path(a["report_out"])))
    if a.get("result_pickle_out"):
        Path(a["result_pickle_out"]).write_bytes(pickle.dumps(result.pages, protocol=5))
    return out


def _json_report_figures(result: Any, path: Path) -> dict[str, float]:
    """Time `--format json`'s writer on this run's result, beside the indented dump of the
    same dicts that it replaced (json's pure-Python encoder)."""
    from refcheck.report import writer
    from refcheck.serialize import run_to_dict

    t0 = time.perf_counter()
    with path.open("w", encoding="utf-8") as handle:
        writer("json")(result, handle)
    streamed = time.perf_counter() - t0
    t0 = time.perf_counter()
    path.write_text(json.dumps(run_to_dict(result), ensure_ascii=False, indent=2), "utf-8")
    indented = time.perf_counter() - t0
    return {"report_seconds": streamed, "report_indented_seconds": indented}


def case_profile(a: dict[str, Any]) -> dict[str, Any]:
    """Run another case (`a["inner"]`) under cProfile; dump the stats, return the top entries."""
    import cProfile
    import pstats

    prof = cProfile.Profile()
    prof.enable()
    out = CASES[a["inner"]](a)
    prof.disable()
    prof.dump_stats(a["profile_out"])
    stats = pstats.Stats(prof)
    total = max(stats.total_tt, 1e-9)  # type: ignore[attr-defined]
    rows = []
    for (file, line, func), (_cc, _nc, tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append((ct, tt, f"{_short(file)}:{line}:{func}"))
    rows.sort(reverse=True)
    out["profile_total"] = total
    out["profile_cumulative"] = [
        {"where": w, "cum_s": round(ct, 3), "share": round(ct / total, 3)}
        for ct, tt, w in rows[:45]
    ]
    out["profile_refcheck"] = [
        {"where": w, "cum_s": round(ct, 3), "share": round(ct / total, 3)}
        for ct, tt, w in rows
        if w.startswith("refcheck/")
    ][:40]
    rows.sort(key=lambda r: r[1], reverse=True)
    out["profile_self"] = [
        {"where": w, "self_s": round(tt, 3), "share": round(tt / total, 3)}
        for ct, tt, w in rows[:30]
    ]
    return out


def _short(file: str) -> str:
    for marker in ("site-packages/", "src/"):
        if marker in file:
            return file.split(marker, 1)[1]
    return file


def case_bare(a: dict[str, Any]) -> dict[str, Any]:
    import lxml.html

    t0 = time.perf_counter()
    n = 0
    # listing the directory is part of the work, as it is for refcheck's run
    for name in sorted(os.listdir(a["pages_dir"])):
        if name.endswith(".html"):
            with open(os.path.join(a["pages_dir"], name), "rb") as handle:
                lxml.html.fromstring(handle.read())
            n += 1
    return {"seconds": time.perf_counter() - t0, "pages": n, "vm_hwm_mb": vm_hwm_mb()}


def case_recheck_essentials(a: dict[str, Any]) -> dict[str, Any]:
    """Only the work a re-check cannot skip with refcheck's stored form, without the pipeline.

    List and read every page (decoded, its bytes digested), fetch the pages' stored rows
    and their records in batched queries, and rebuild each page's results with its
    records: no extraction, no judging, no checks of the stored keys, no suggestions.
    It measures what materialising the results costs, the part of a re-check that
    the bare parse does not have; it checks nothing.
    """
    from refcheck import frozen_blob, memo
    from refcheck.cache import RecordCache
    from refcheck.gc_pause import paused_collections
    from refcheck.models import Page, PageResult
    from refcheck.pages import ReadOptions, read_file

    t0 = time.perf_counter()
    options = ReadOptions()
    # the same cyclic-GC setting as check_pages, so the difference is the pipeline's alone
    with paused_collections(), RecordCache(a["cache_path"]) as cache:
        pages: list[Page] = []
        for name in sorted(os.listdir(a["pages_dir"])):
            if name.endswith(".html"):
                pages.append(read_file(os.path.join(a["pages_dir"], name), options))
        keys = [memo.page_key(p) for p in pages]
        rows = cache.get_memos(keys)
        pmids = {pm for (pmids, _, _) in rows.values() for pm in pmids.split() if pm != "-"}
        records = {k: e.record for k, e in cache.get_many(pmids).items() if e.record}
        refs = frozen_blob.references(records)
        results = []
        for page, key in zip(pages, keys, strict=True):
            _, _, blob = rows[key]
            assert blob is not None, "run refcheck on these pages first"
            citations, findings = frozen_blob.loads(blob, refs)
            results.append(PageResult(page.source, citations, findings))
    return {
        "seconds": time.perf_counter() - t0,
        "pages": len(results),
        "records": len(records),
        "vm_hwm_mb": vm_hwm_mb(),
    }


def case_unpickle_result(a: dict[str, Any]) -> dict[str, Any]:
    """Restore a finished run's pages (written by a `refcheck` case) with one `pickle.loads`.

    The floor of any re-check that hands its caller the results as objects, as refcheck's
    API and reports do: the objects alone, built by C code from one buffer, no page read,
    no query, no check. `gc` false: without the cyclic GC during the load.
    """
    import gc

    import refcheck.models  # noqa: F401  (the classes the pickle names, imported untimed)

    data = Path(a["path"]).read_bytes()
    if not a.get("gc", True):
        gc.disable()
    t0 = time.perf_counter()
    pages = pickle.loads(data)
    seconds = time.perf_counter() - t0
    gc.enable()
    return {
        "seconds": seconds,
        "pages": len(pages),
        "objects": _count_objects(pages),
        "bytes": len(data),
        "vm_hwm_mb": vm_hwm_mb(),
    }


def _count_objects(root: object) -> int:
    """Objects reachable from `root` through dataclass fields and tuples (each instance's
    `__dict__` counted too); small ints, None, booleans and enum members left out."""
    import dataclasses
    import enum

    seen: set[int] = set()
    stack = [root]
    count = 0
    while stack:
        obj = stack.pop()
        if obj is None or isinstance(obj, (bool, enum.Enum)) or id(obj) in seen:
            continue
        if type(obj) is int and -5 <= obj <= 256:
            continue
        seen.add(id(obj))
        count += 1
        if dataclasses.is_dataclass(obj):
            count += 1  # its __dict__
            stack.extend(getattr(obj, f.name) for f in dataclasses.fields(obj))
        elif isinstance(obj, (tuple, list)):
            stack.extend(obj)
    return count


def _peer_figures(t0: float, ok: int, errors: int, first_error: str) -> dict[str, Any]:
    """A peer's run as figures: time since `t0`, records read, failures and the first one."""
    return {
        "seconds": time.perf_counter() - t0,
        "ok": ok,
        "errors": errors,
        "first_error": first_error,
        "vm_hwm_mb": vm_hwm_mb(),
    }


def case_metapub(a: dict[str, Any]) -> dict[str, Any]:
    os.environ.pop("NCBI_API_KEY", None)
    import metapub.ncbi_client as nc  # type: ignore[import-untyped]

    nc.NCBIClient.BASE_URL = a["eutils_url"].rstrip("/")
    from metapub import PubMedFetcher

    fetch = PubMedFetcher()  # no cachedir: metapub's cache is off
    pmids = Path(a["pmids_file"]).read_text().split()
    ok = errors = 0
    first_error = ""
    t0 = time.perf_counter()
    for pmid in pmids:
        try:
            art = fetch.article_by_pmid(pmid)
            _ = (art.pmid, art.author1_last_fm, art.year, art.journal)
            ok += 1
        except Exception as exc:  # a peer's failure is a figure, not a crash
            errors += 1
            first_error = first_error or f"{type(exc).__name__}: {exc}"[:200]
    return _peer_figures(t0, ok, errors, first_error)


def case_biopython(a: dict[str, Any]) -> dict[str, Any]:
    from Bio import Entrez

    Entrez.email = "bench@example.org"  # type: ignore[assignment]  # typed as None there
    Entrez.api_key = None  # the keyless limit
    base = a["eutils_url"].rstrip("/")
    orig = Entrez._build_request

    def local(cgi: str, *args: Any, **kwargs: Any) -> Any:
        cgi = cgi.replace("https://eutils.ncbi.nlm.nih.gov/entrez/eutils", base)
        return orig(cgi, *args, **kwargs)  # type: ignore[no-untyped-call]

    Entrez._build_request = local
    pmids = Path(a["pmids_file"]).read_text().split()
    size = int(a.get("batch", 200))
    ok = errors = 0
    first_error = ""
    t0 = time.perf_counter()
    for start in range(0, len(pmids), size):
        batch = pmids[start : start + size]
        try:
            with Entrez.efetch(db="pubmed", id=batch, retmode="xml") as handle:  # type: ignore[no-untyped-call]
                rec = Entrez.read(handle)  # type: ignore[no-untyped-call]
            for art in rec["PubmedArticle"]:
                mc = art["MedlineCitation"]
                _ = (mc["PMID"], mc["Article"]["Journal"]["Title"])
                ok += 1
            ok += len(rec.get("PubmedBookArticle", []))
        except Exception as exc:
            errors += len(batch)
            first_error = first_error or f"{type(exc).__name__}: {exc}"[:200]
    return _peer_figures(t0, ok, errors, first_error)


def case_mirror(a: dict[str, Any]) -> dict[str, Any]:
    import resource

    from refcheck.cache import RecordCache
    from refcheck.mirror import import_files

    cache = RecordCache(Path(a["cache_path"]))
    t0 = time.perf_counter()
    report = import_files(cache, [Path(a["file"])], jobs=int(a["jobs"]))
    seconds = time.perf_counter() - t0
    cache.close()
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "seconds": seconds,
        "records": report.records_written + report.records_superseded,
        "records_written": report.records_written,
        "vm_hwm_mb": vm_hwm_mb(),
        "children_maxrss_mb": children,
    }


def case_iterparse(a: dict[str, Any]) -> dict[str, Any]:
    import gzip

    from lxml import etree

    t0 = time.perf_counter()
    n = 0
    with gzip.open(a["file"], "rb") as fh:
        for _event, elem in etree.iterparse(
            fh, events=("end",), tag=("PubmedArticle", "PubmedBookArticle")
        ):
            n += 1
            elem.clear()
            while elem.getprevious() is not None:
                del elem.getparent()[0]
    return {"seconds": time.perf_counter() - t0, "records": n, "vm_hwm_mb": vm_hwm_mb()}


CASES = {
    "refcheck": case_refcheck,
    "profile": case_profile,
    "bare": case_bare,
    "essentials": case_recheck_essentials,
    "unpickle": case_unpickle_result,
    "metapub": case_metapub,
    "biopython": case_biopython,
    "mirror": case_mirror,
    "iterparse": case_iterparse,
}


def _worker_main() -> None:
    case, args = sys.argv[1], json.loads(sys.argv[2])
    out = CASES[case](args)
    sys.stdout.write("\n" + json.dumps(out) + "\n")


if __name__ == "__main__":
    _worker_main()
