"""One `refcheck check` run end to end: pages, check, waivers, history, exit code.

Kept out of the CLI so that a nightly job written in Python gets the same
behaviour as the command line, and so the order of the steps (waive, then mark
what is new, then record) is fixed in one place.
"""

from __future__ import annotations

import datetime as _dt
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from refcheck.api import check_pages
from refcheck.config import Settings
from refcheck.history import HistoryError, mark_new, record_run
from refcheck.models import Page, PageError, RunResult
from refcheck.pages import ReadOptions, iter_pages
from refcheck.policy import ExitCode, exit_code
from refcheck.waivers import WaiverProblem, apply_waivers, find_waivers_file, load_waivers


@dataclass(frozen=True)
class AuditOptions:
    inputs: tuple[str, ...]
    urls_from: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    read: ReadOptions = field(default_factory=ReadOptions)
    db: Path | None = None
    waivers: Path | None = None  # None: look for refcheck-waivers.toml beside the inputs
    use_waivers: bool = True
    fail_on: str = "error"
    fail_on_new: bool = False
    suggest: bool = True
    argv: tuple[str, ...] = ()


@dataclass(frozen=True)
class AuditOutcome:
    result: RunResult
    exit_code: ExitCode
    waiver_problems: tuple[WaiverProblem, ...] = ()
    waivers_file: Path | None = None
    run_id: int | None = None
    history_error: str | None = None  # the run could not be recorded (the report stands)


def run_audit(
    options: AuditOptions,
    settings: Settings,
    *,
    progress: Callable[[str], None] | None = None,
    on_page_error: Callable[[PageError], None] | None = None,
    today: _dt.date | None = None,
) -> AuditOutcome:
    started = time.time()
    waivers_path = options.waivers
    if waivers_path is None and options.use_waivers:
        waivers_path = find_waivers_file(list(options.inputs))
    waivers = load_waivers(waivers_path) if waivers_path and options.use_waivers else None

    def pages() -> Iterator[Page | PageError]:
        for item in iter_pages(
            options.inputs,
            options.read,
            urls_from=options.urls_from,
            include=options.include,
            exclude=options.exclude,
        ):
            if isinstance(item, PageError) and on_page_error:
                on_page_error(item)
            yield item

    result = check_pages(pages(), settings, progress=progress, suggest=options.suggest)
    problems: tuple[WaiverProblem, ...] = ()
    if waivers is not None:
        result, problems = apply_waivers(result, waivers, today=today or _dt.date.today())
    # The history is the run's memory, not its result: if it cannot be read or written
    # (locked past the busy timeout, a read-only disk), the report still goes out, every
    # finding counts as new, and the run exits 3 with the reason (it threw the report away).
    history_error = None
    if options.db is not None:
        try:
            result = mark_new(result, options.db)
        except HistoryError as exc:
            history_error = str(exc)
    code = exit_code(
        result, options.fail_on, only_new=options.fail_on_new and history_error is None
    )
    run_id = None
    if options.db is not None and history_error is None:
        try:
            run_id = record_run(
                options.db,
                result,
                started=started,
                finished=time.time(),
                argv=options.argv,
                fail_on=options.fail_on,
                exit_code=int(code),
            )
        except HistoryError as exc:
            history_error = str(exc)
    if history_error is not None and code is ExitCode.OK:
        code = ExitCode.UNCHECKED  # problems found (1) still say so first
    return AuditOutcome(result, code, problems, waivers_path, run_id, history_error)
