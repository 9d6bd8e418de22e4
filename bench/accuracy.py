"""Accuracy of refcheck's verdicts on the labelled corpus in fixtures/accuracy/.

Why a bench script and not a test: detection rates are figures to watch and
improve, not pass/fail facts; a test asserting them would either be loosened
until meaningless or block unrelated work. The corpus's well-formedness is
tested (tests/test_accuracy_corpus.py); this script runs the real pipeline
against the fake E-utilities server and prints what it measured.

Every number printed is computed from this run. No timings are printed.

    .venv/bin/python bench/accuracy.py                # whole corpus
    .venv/bin/python bench/accuracy.py --limit 3      # first 3 pages
    .venv/bin/python bench/accuracy.py --no-misses    # the tables only

Exit status: 0 normally; 1 if extraction lost or added citations (a page's
citation count or PMID sequence differs from labels.json) or a page could not
be read, since rates computed over a broken mapping would mislead.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from refcheck.api import check_pages
from refcheck.config import Settings
from refcheck.fake_eutils.server import FakeEutils
from refcheck.models import CitationResult, Finding, PageResult, RunResult, Severity, Status
from refcheck.pages import iter_pages

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "fixtures" / "accuracy"
RECORDS = ROOT / "fixtures" / "records"


@dataclass
class TagStats:
    """Counts for one tag (a kind of mistake or a correct variant)."""

    kind: str
    count: int = 0
    flagged: int = 0  # any live warning/error finding (or not_found)
    expected_field: int = 0  # mistakes: flagged with the expected field
    exact: int = 0  # mistakes: warning/error fields are exactly the expected ones
    unverified: int = 0
    suggested: int = 0  # pmid_of_other_paper: a suggestion was made
    suggestion_right: int = 0  # ... and it equals the intended PMID


@dataclass
class Miss:
    page: str
    label: dict[str, Any]
    result: CitationResult | None
    why: str


@dataclass
class Outcome:
    stats: dict[str, TagStats] = field(default_factory=dict)
    misses: list[Miss] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)  # mapping problems, one line each
    page_findings: list[tuple[str, Finding]] = field(default_factory=list)
    labelled: int = 0
    extracted: int = 0
    by_style: dict[str, list[int]] = field(default_factory=dict)  # [mistakes, hit, correct, alarms]


def live(findings: Sequence[Finding]) -> list[Finding]:
    """Warning/error findings that an editor would see (info and waived ones excluded)."""
    return [f for f in findings if not f.waived and f.severity.rank >= Severity.WARNING.rank]


def load_labels(corpus: Path) -> dict[str, list[dict[str, Any]]]:
    data = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))
    return {name: page["citations"] for name, page in data["pages"].items()}


def run_refcheck(pages: Sequence[Path], eutils_url: str, cache_dir: Path) -> RunResult:
    settings = Settings(eutils_url=eutils_url, cache_path=cache_dir / "accuracy.sqlite")
    return check_pages(iter_pages([str(p) for p in pages]), settings)


def _match(page: PageResult, labels: list[dict[str, Any]], out: Outcome, name: str) -> None:
    """Pair results with labels by page order; any disagreement is a lost citation."""
    results = list(page.citations)
    out.extracted += len(results)
    if len(results) != len(labels):
        out.lost.append(f"{name}: {len(labels)} labelled, {len(results)} extracted")
    for i, label in enumerate(labels):
        result = results[i] if i < len(results) else None
        if result is not None and result.citation.pmid != label["pmid"]:
            out.lost.append(
                f"{name} #{i + 1}: labelled PMID {label['pmid']}, extracted {result.citation.pmid}"
            )
            result = next((r for r in results if r.citation.pmid == label["pmid"]), None)
        _score(name, label, result, out)


def _score(name: str, label: dict[str, Any], result: CitationResult | None, out: Outcome) -> None:
    tag, kind = label["tag"], label["kind"]
    st = out.stats.setdefault(tag, TagStats(kind))
    st.count += 1
    if result is None:
        out.misses.append(Miss(name, label, None, "citation not extracted"))
        return
    if result.status is Status.UNVERIFIED:
        st.unverified += 1
    found = live(result.findings)
    flagged = bool(found) or result.status is Status.NOT_FOUND
    st.flagged += flagged
    row = out.by_style.setdefault(label["style"], [0, 0, 0, 0])
    if kind == "variant":
        row[2] += 1
        row[3] += flagged or result.status is not Status.VERIFIED
        if flagged or result.status is not Status.VERIFIED:
            out.misses.append(Miss(name, label, result, f"false alarm ({result.status.value})"))
        return
    want = {e["field"] for e in label["expected"]}
    fields = {f.field.value for f in found}
    hit = bool(want & fields)
    st.expected_field += hit
    row[0] += 1
    row[1] += hit
    st.exact += fields == want
    if tag == "pmid_of_other_paper":
        suggestions = {f.suggestion for f in found if f.suggestion}
        st.suggested += bool(suggestions)
        st.suggestion_right += label.get("intended_pmid") in suggestions
    if not hit:
        why = "missed" if not flagged else "flagged, but not as " + "/".join(sorted(want))
        out.misses.append(Miss(name, label, result, why))
    elif tag == "pmid_of_other_paper" and label.get("intended_pmid") not in {
        f.suggestion for f in found
    }:
        out.misses.append(Miss(name, label, result, "pmid error without the intended suggestion"))
    elif fields != want:
        out.misses.append(Miss(name, label, result, "detected, with extra findings"))


def evaluate(corpus: Path = CORPUS, *, limit: int | None = None) -> Outcome:
    """Run refcheck over the corpus (or its first `limit` pages) and score every citation."""
    labels = load_labels(corpus)
    names = sorted(labels)[:limit] if limit else sorted(labels)
    paths = [corpus / "pages" / n for n in names]
    out = Outcome(labelled=sum(len(labels[n]) for n in names))
    with FakeEutils(RECORDS, rate_limit=None) as fake, tempfile.TemporaryDirectory() as tmp:
        run = run_refcheck(paths, fake.base_url, Path(tmp))
    by_name = {Path(p.source).name: p for p in run.pages}
    for name in names:
        page = by_name.get(name)
        if page is None or page.error:
            why = page.error if page else "no result"
            out.lost.append(f"{name}: page not checked ({why})")
            for label in labels[name]:
                _score(name, label, None, out)
            continue
        out.page_findings.extend((name, f) for f in live(page.findings))
        _match(page, labels[name], out, name)
    return out


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:5.1f}%" if d else "    -"


def print_report(out: Outcome, stream: TextIO, *, show_misses: bool = True) -> None:
    """The tables, totals and (optionally) every miss with the findings refcheck made."""
    w = stream.write
    mistakes = {t: s for t, s in sorted(out.stats.items()) if s.kind == "mistake"}
    variants = {t: s for t, s in sorted(out.stats.items()) if s.kind == "variant"}
    w("Mistakes (each must be detected)\n")
    w(f"{'tag':<30} {'n':>4} {'flagged':>8} {'expected':>9} {'exact':>6} {'rate':>7}")
    w(f" {'unver':>6}\n")
    for tag, s in mistakes.items():
        w(
            f"{tag:<30} {s.count:>4} {s.flagged:>8} {s.expected_field:>9} {s.exact:>6} "
            f"{_pct(s.expected_field, s.count):>7} {s.unverified:>6}\n"
        )
    pop = out.stats.get("pmid_of_other_paper")
    if pop:
        w(
            f"  pmid_of_other_paper suggestions: {pop.suggested} made, "
            f"{pop.suggestion_right} of {pop.count} equal the intended PMID\n"
        )
    w("\nCorrect variants (must raise no warning or error)\n")
    w(f"{'tag':<30} {'n':>4} {'false alarms':>13} {'rate':>7} {'unver':>6}\n")
    for tag, s in variants.items():
        rate = _pct(s.flagged, s.count)
        w(f"{tag:<30} {s.count:>4} {s.flagged:>13} {rate:>7} {s.unverified:>6}\n")
    m_n = sum(s.count for s in mistakes.values())
    m_hit = sum(s.expected_field for s in mistakes.values())
    m_flag = sum(s.flagged for s in mistakes.values())
    v_n = sum(s.count for s in variants.values())
    v_fa = sum(s.flagged for s in variants.values())
    w("\nBy style\n")
    w(f"{'style':<12} {'mistakes':>9} {'detected':>9} {'rate':>7}")
    w(f" {'correct':>8} {'alarms':>7} {'rate':>7}\n")
    for style, (mn, mh, cn, ca) in sorted(out.by_style.items()):
        w(f"{style:<12} {mn:>9} {mh:>9} {_pct(mh, mn):>7} {cn:>8} {ca:>7} {_pct(ca, cn):>7}\n")
    w("\nTotals\n")
    w(f"  citations labelled {out.labelled}, extracted {out.extracted}\n")
    w(
        f"  mistakes {m_n}: flagged {m_flag} ({_pct(m_flag, m_n).strip()}), with the expected "
        f"field {m_hit} ({_pct(m_hit, m_n).strip()})\n"
    )
    w(f"  correct citations {v_n}: false alarms {v_fa} ({_pct(v_fa, v_n).strip()})\n")
    if out.page_findings:
        w(f"  page-level findings: {len(out.page_findings)}\n")
        for name, f in out.page_findings:
            w(f"    {name}: {f.field.value}/{f.severity.value}: {f.message}\n")
    for line in out.lost:
        w(f"  LOST: {line}\n")
    if show_misses and out.misses:
        w(f"\nMisses ({len(out.misses)})\n")
        for miss in out.misses:
            lab = miss.label
            where = f"{miss.page} #{lab.get('label') or '-'} PMID {lab['pmid']}"
            extra = f" intended {lab['intended_pmid']}" if lab.get("intended_pmid") else ""
            w(f"- [{lab['tag']}] {where}{extra}: {miss.why}\n")
            if miss.result is None:
                continue
            w(f"    entry: {miss.result.citation.text}\n")
            if not miss.result.findings:
                w(f"    status {miss.result.status.value}, no findings\n")
            for f in miss.result.findings:
                sug = f" -> suggests {f.suggestion}" if f.suggestion else ""
                w(f"    {f.field.value}/{f.severity.value}: {f.message}{sug}\n")


def main(argv: Sequence[str] | None = None, stream: TextIO | None = None) -> int:
    parser = argparse.ArgumentParser(description="refcheck accuracy on fixtures/accuracy")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--no-misses", action="store_true", help="print the tables only")
    args = parser.parse_args(argv)
    stream = stream or sys.stdout
    out = evaluate(args.corpus, limit=args.limit)
    print_report(out, stream, show_misses=not args.no_misses)
    return 1 if out.lost else 0


if __name__ == "__main__":
    raise SystemExit(main())
