"""Rendering run history: `refcheck diff` and `refcheck history` (pure, returns str).

Formats: text (terminal), markdown (tickets, chat; escaped like the Markdown
report) and json (stable keys for scripts).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from refcheck.report.markdown import md, table

if TYPE_CHECKING:  # history imports sqlite_utils; report modules stay pure
    from refcheck.history import DiffRow, RunDiff, RunRow

DIFF_FORMATS = ("text", "markdown", "json")
_SECTIONS = (
    ("new", "New"),
    ("fixed", "Fixed"),
    ("still_open", "Still open"),
    ("unchecked", "Not rechecked"),
)


def _when(ts: float | None) -> str:
    if ts is None:
        return "-"
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M UTC")


def _check_format(fmt: str) -> None:
    if fmt not in DIFF_FORMATS:
        raise ValueError(f"format must be one of {', '.join(DIFF_FORMATS)}")


def _rows(diff: RunDiff, name: str, infos: bool = True) -> tuple[DiffRow, ...]:
    rows: tuple[DiffRow, ...] = getattr(diff, name)
    return rows if infos else tuple(r for r in rows if r.severity != _INFO)


_INFO = "info"  # Severity.INFO's stored value (report modules import no models)


def _headline(diff: RunDiff) -> str:
    if diff.old_run is None:
        return (
            f"run {diff.new_run} ({_when(diff.new_started)}) is the first run: "
            "every finding in it is new"
        )
    return (
        f"run {diff.new_run} ({_when(diff.new_started)}) "
        f"vs run {diff.old_run} ({_when(diff.old_started)})"
    )


def _counts(diff: RunDiff, infos: bool) -> str:
    parts = [
        f"{len(_rows(diff, 'new', infos))} new",
        f"{len(_rows(diff, 'fixed', infos))} fixed",
        f"{len(_rows(diff, 'still_open', infos))} still open",
    ]
    if unchecked := _rows(diff, "unchecked", infos):
        parts.append(f"{len(unchecked)} not rechecked")
    line = ", ".join(parts)
    left_out = sum(len(_rows(diff, n)) - len(_rows(diff, n, infos)) for n, _ in _SECTIONS)
    if left_out:
        line += f" (and {left_out} information notes, listed with --infos)"
    return line


# --------------------------------------------------------------------------- diff


def render_diff(
    diff: RunDiff, fmt: str = "text", *, include_open: bool = False, include_infos: bool = False
) -> str:
    """The diff in `fmt`. Still-open findings are listed only with `include_open`, and
    information notes (an e-publication year, a reference without a PMID) only with
    `include_infos` (text/markdown; json always has both, with their severity): a
    nightly reader wants what changed that needs fixing, and a note needs no fix."""
    _check_format(fmt)
    if fmt == "json":
        return _diff_json(diff)
    if fmt == "markdown":
        return _diff_markdown(diff, include_open, include_infos)
    return _diff_text(diff, include_open, include_infos)


def _where(row: DiffRow) -> str:
    where = f"PMID {row.pmid}" if row.pmid else "page"
    if row.label:
        where += f" [ref {row.label}]"
    return where


def _diff_text(diff: RunDiff, include_open: bool, infos: bool) -> str:
    lines = [f"refcheck diff: {_headline(diff)}", _counts(diff, infos)]
    for name, title in _SECTIONS:
        rows = _rows(diff, name, infos)
        if not rows or (name == "still_open" and not include_open):
            continue
        lines += ["", f"{title.upper()} ({len(rows)})"]
        page = None
        for r in rows:
            if r.page != page:
                lines.append(f"  {r.page}")
                page = r.page
            tag = f"{r.field} {r.severity}" + (" (waived)" if r.waived else "")
            message = " ".join(r.message.split())
            lines.append(f"    {_where(r)}  {tag}: {message}")
    return "\n".join(lines) + "\n"


def _diff_markdown(diff: RunDiff, include_open: bool, infos: bool) -> str:
    blocks = [f"# refcheck diff: {md(_headline(diff))}", md(_counts(diff, infos))]
    for name, title in _SECTIONS:
        rows = _rows(diff, name, infos)
        if not rows or (name == "still_open" and not include_open):
            continue
        cells = [
            [
                md(r.page),
                md(r.pmid or "page"),
                md(r.label or ""),
                md(r.field),
                md(r.severity + (" (waived)" if r.waived else "")),
                md(r.message),
            ]
            for r in rows
        ]
        header = ["Page", "PMID", "Ref", "Field", "Severity", "Message"]
        blocks += [f"## {title} ({len(rows)})", table(header, cells)]
    return "\n\n".join(blocks) + "\n"


def _diff_json(diff: RunDiff) -> str:
    out: dict[str, Any] = {
        "new_run": diff.new_run,
        "old_run": diff.old_run,
        "new_started": diff.new_started,
        "old_started": diff.old_started,
        "counts": {name: len(_rows(diff, name)) for name, _ in _SECTIONS},
    }
    for name, _ in _SECTIONS:
        out[name] = [asdict(r) for r in _rows(diff, name)]
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- history


_HISTORY_COLUMNS = (
    "run",
    "started",
    "took",
    "exit",
    "pages",
    "cites",
    "err",
    "warn",
    "new",
    "version",
)


def _history_cells(r: RunRow) -> list[str]:
    return [
        str(r.id),
        _when(r.started),
        f"{r.duration:.0f}s",
        str(r.exit_code),
        str(r.pages),
        str(r.citations),
        str(r.errors),
        str(r.warnings),
        "-" if r.new_findings is None else str(r.new_findings),
        r.version,
    ]


def render_history(rows: Sequence[RunRow], fmt: str = "text") -> str:
    """A table of runs (as `list_runs` returns them, newest first)."""
    _check_format(fmt)
    if fmt == "json":
        data = [{**asdict(r), "argv": list(r.argv)} for r in rows]
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    cells = [_history_cells(r) for r in rows]
    if fmt == "markdown":
        if not rows:
            return "No runs recorded.\n"
        return table(list(_HISTORY_COLUMNS), [[md(c) for c in row] for row in cells]) + "\n"
    if not rows:
        return "no runs recorded\n"
    widths = [max(len(h), *(len(row[i]) for row in cells)) for i, h in enumerate(_HISTORY_COLUMNS)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(_HISTORY_COLUMNS, widths, strict=True)).rstrip()]
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    return "\n".join(lines) + "\n"
