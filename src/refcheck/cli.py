"""The `refcheck` command: parse options, call the library, write the report, exit.

No checking logic lives here. Every RefcheckError becomes one line on stderr
and the documented exit code; anything unexpected becomes one line too (never
a traceback), with the API key scrubbed from it as a last line of defence.
"""

from __future__ import annotations

import contextlib
import datetime
import errno
import functools
import json
import logging
import os
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Annotated, Any, TextIO, TypeVar
from urllib.parse import urlsplit

import typer

from refcheck import __version__
from refcheck.config import DEFAULT_EMAIL, DEFAULT_EUTILS_URL, Settings, settings_from_env
from refcheck.errors import CacheError, ConfigError, RefcheckError
from refcheck.models import (
    Citation,
    CitationResult,
    Claim,
    NotFound,
    PageError,
    PageResult,
    PubMedRecord,
    RunResult,
    Unavailable,
)
from refcheck.policy import FAIL_ON_CHOICES, ExitCode, exit_code
from refcheck.report import FORMATS, Writer, renderer, writer
from refcheck.report.common import plural, terminal_safe
from refcheck.serialize import citation_to_dict, finding_to_dict, record_to_dict

# The library's heavier modules (the cache and sqlite-utils, httpx, lxml, the extractors)
# are imported by the commands that use them: `--version`, `--help` and a spot check
# answered from the cache do not wait for the rest.

app = typer.Typer(
    name="refcheck",
    help="Verify the PubMed citations (PMIDs) on web pages against NCBI E-utilities.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
cache_app = typer.Typer(help="Inspect or clear the local record cache.", no_args_is_help=True)
mirror_app = typer.Typer(
    help="A local PubMed mirror from NCBI's baseline files.", no_args_is_help=True
)
app.add_typer(cache_app, name="cache")
app.add_typer(mirror_app, name="mirror")

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "": 86400}


def parse_duration(text: str) -> float:
    """`30d`, `12h`, `90m`, `0`; a bare number means days."""
    m = _DURATION.match(text)
    if not m:
        raise ConfigError(f"--max-age: cannot read {text!r} (use e.g. 30d, 12h, 0)")
    return float(m.group(1)) * _UNITS[m.group(2)]


def _settings(
    *,
    offline: bool = False,
    max_age: str | None = None,
    cache: Path | None = None,
    source: str | None = None,
    timeout: float | None = None,
    retries: int | None = None,
) -> Settings:
    if source not in (None, "eutils", "mirror"):
        raise ConfigError("--source must be eutils or mirror")
    settings = settings_from_env(
        offline=offline or None,
        cache_path=_home(cache),
        max_age=parse_duration(max_age) if max_age is not None else None,
        source=source,
        timeout=timeout,
        attempts=retries + 1 if retries is not None else None,
    )
    _warn_about_the_mirror(settings)  # every command that checks from it
    return settings


def _anonymous_at_ncbi(settings: Settings) -> bool:
    """Requests went to NCBI itself (not a mirror of E-utilities, not a test server) with
    the placeholder address: NCBI may block a tool it cannot reach about its traffic."""
    ncbi = urlsplit(DEFAULT_EUTILS_URL).hostname
    return settings.email == DEFAULT_EMAIL and urlsplit(settings.eutils_url).hostname == ncbi


def _warn_if_anonymous(settings: Settings, stats: Mapping[str, int]) -> None:
    """After a command's lookups: only a command that did send requests (cache hits send
    none) to NCBI itself is told to give its address."""
    if stats.get("eutils_requests") and _anonymous_at_ncbi(settings):
        _stderr(
            "refcheck: warning: NCBI_EMAIL is not set; NCBI asks every program that calls "
            "E-utilities for a contact address (export NCBI_EMAIL=you@example.org)"
        )


def _home(path: Path | None) -> Path | None:
    """`~/x` given as an option, quoted or from a unit file that runs no shell: expanded as
    REFCHECK_CACHE is (it made a folder named `~` in the working directory)."""
    return path.expanduser() if path is not None else None


def _warn_about_the_mirror(settings: Settings) -> None:
    """Before a check from the local mirror: say if it is empty or no longer updated."""
    if settings.source != "mirror":
        return
    from refcheck.api import open_cache
    from refcheck.mirror import mirror_info, staleness_warning

    with open_cache(settings) as cache:
        warning = staleness_warning(mirror_info(cache))
    if warning:
        _stderr(f"refcheck: warning: {warning}")


def _stderr(message: str) -> None:
    typer.echo(terminal_safe(message), err=True)


def _out(text: str, *, nl: bool = True) -> None:
    """Text for a person on stdout; what came from a page or a file name cannot drive the
    terminal (refcheck.report.common.terminal_safe)."""
    typer.echo(terminal_safe(text), nl=nl)


def _scrub(message: str) -> str:
    key = os.environ.get("NCBI_API_KEY")
    return message.replace(key, "***") if key else message


class _ScrubFilter(logging.Filter):
    """The last line of defence for --verbose: no line reaches stderr with the API key."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = _scrub(record.getMessage()), None
        return True


def _log_to_stderr(verbose: bool) -> None:
    """--verbose: refcheck's own debug lines (lookups, requests, answers, retries and their
    waits), prefixed like its other messages; other libraries' logs stay off."""
    if not verbose:
        return
    logger = logging.getLogger("refcheck")
    for old in [h for h in logger.handlers if h.get_name() == "refcheck --verbose"]:
        logger.removeHandler(old)  # called again in one process (tests): one line each time
    handler = logging.StreamHandler(sys.stderr)
    handler.set_name("refcheck --verbose")
    handler.setFormatter(logging.Formatter("refcheck: %(message)s"))
    handler.addFilter(_ScrubFilter())
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)


F = TypeVar("F", bound=Callable[..., Any])


def _usage_error_class() -> type[Exception]:
    """The base of the usage errors typer raises (an unknown option, a bad value).

    Typer 0.2x runs its own copy of click, whose exceptions derive from
    `typer.TyperException` and are not click's; older typers raise click's own.
    Caught as the wrong class, "No such option" would read as an internal error.
    """
    vendored = getattr(typer, "TyperException", None)
    if isinstance(vendored, type) and issubclass(vendored, Exception):
        return vendored
    from click.exceptions import ClickException  # typer's own dependency there

    return ClickException


_USAGE_ERROR = _usage_error_class()


# pydantic's words for a value that is not a number, as typer 0.2x passes them on
_PLAIN_WORDS = {
    "Input should be a valid integer, unable to parse string as an integer": "not a whole number",
    "Input should be a valid number, unable to parse string as a number": "not a number",
}


def _usage_message(exc: Exception) -> str:
    """A usage error's message, with the command whose help lists what it takes."""
    format_message = getattr(exc, "format_message", None)
    message = str(format_message() if callable(format_message) else exc)
    for raw, plain in _PLAIN_WORDS.items():
        message = message.replace(raw, plain)
    path = getattr(getattr(exc, "ctx", None), "command_path", None)
    return f"{message} (see `{path} --help`)" if isinstance(path, str) and path else message


def handled(fn: F) -> F:
    """Turn refcheck's errors into one line on stderr and the documented exit code."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, _USAGE_ERROR):
            raise
        except BrokenPipeError:  # `refcheck extract ... | head`: not an error of refcheck's
            _stdout_gone()
            raise typer.Exit(1) from None
        except ConfigError as exc:
            _stderr(f"refcheck: {_scrub(str(exc))}")
            raise typer.Exit(int(ExitCode.USAGE)) from None
        except RefcheckError as exc:
            _stderr(f"refcheck: {_scrub(str(exc))}")
            raise typer.Exit(int(ExitCode.UNCHECKED)) from None
        except Exception as exc:  # the promise is: never a traceback
            if _out_of_space(exc):  # the machine's state, not refcheck's fault nor a usage error
                _stderr(f"refcheck: {_scrub(str(exc))} (free some space and run again)")
                raise typer.Exit(int(ExitCode.UNCHECKED)) from None
            if _write_refused(exc):  # a cache or history opened read-only, asked to change
                _stderr(f"refcheck: {_scrub(str(exc))} (the file cannot be written here)")
                raise typer.Exit(int(ExitCode.UNCHECKED)) from None
            _stderr(f"refcheck: internal error: {type(exc).__name__}: {_scrub(str(exc))}")
            raise typer.Exit(int(ExitCode.USAGE)) from None

    return wrapper  # type: ignore[return-value]


def _out_of_space(exc: BaseException) -> bool:
    """A full disk, as the OS or SQLite (`database or disk is full`) reports it."""
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return True
    return type(exc).__name__ == "OperationalError" and "disk is full" in str(exc)


def _write_refused(exc: BaseException) -> bool:
    """SQLite refusing a write to a file opened read-only (`attempt to write a readonly
    database`): the place, not refcheck, stops it."""
    return type(exc).__name__ == "OperationalError" and "readonly database" in str(exc)


def _stdout_gone() -> None:
    """The reader closed the pipe: what is left to write goes nowhere (else every later
    write, and Python's flush at exit, fails again)."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _emit(result: RunResult, write: Writer, output: Path | None) -> None:
    """Write the report as it is made (JSON: page by page) to stdout or to `output`."""
    if output is None:
        try:
            write(result, sys.stdout)
            sys.stdout.flush()
        except BrokenPipeError:  # `| head`: the reader has what it wanted; the run's code stands
            _stdout_gone()
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        with output.open("w", encoding="utf-8", errors="backslashreplace") as handle:
            write(result, handle)
    except OSError as exc:
        raise ConfigError(f"--output {output}: cannot write ({exc.strerror})") from None


def _report_writer(fmt: str, *, problems_only: bool = False, fail_on: str = "error") -> Writer:
    """`--quiet` text leaves out what passed; info findings stay when the run fails on them;
    JUnit's failed tests are the findings the run fails on."""
    if fmt == "junit":
        from refcheck.report.junit import render as render_junit

        def write_junit(result: RunResult, out: TextIO) -> None:
            out.write(render_junit(result, fail_on=fail_on))

        return write_junit
    if fmt != "text":
        return writer(fmt)
    infos = fail_on == "info"
    from refcheck.report.text import render as render_text

    def write_text(result: RunResult, out: TextIO) -> None:
        out.write(render_text(result, problems_only=problems_only, infos=infos))

    return write_text


# --------------------------------------------------------------------------- options

FormatOpt = Annotated[
    str, typer.Option("--format", "-f", metavar="FORMAT", help=f"One of: {', '.join(FORMATS)}.")
]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE", help="Write the report here instead of stdout."),
]
OfflineOpt = Annotated[
    bool,
    typer.Option(
        "--offline", metavar="", help="Use the cache only; uncached PMIDs are unverified."
    ),
]
MaxAgeOpt = Annotated[
    str | None,
    typer.Option(
        "--max-age", metavar="AGE", help="Re-fetch cached records older than this (30d, 12h, 0)."
    ),
]
CacheOpt = Annotated[
    Path | None,
    typer.Option("--cache", metavar="FILE", help="Cache file (default: $REFCHECK_CACHE)."),
]
DbOpt = Annotated[Path, typer.Option("--db", metavar="FILE", help="Run history database.")]
SourceOpt = Annotated[
    str,
    typer.Option(
        metavar="SOURCE", help="Record source: eutils (cache, then NCBI) or mirror (local only)."
    ),
]
TimeoutOpt = Annotated[
    float | None, typer.Option(metavar="SECONDS", help="Seconds per E-utilities request.")
]
RetriesOpt = Annotated[
    int | None, typer.Option(metavar="N", help="Retries per E-utilities request.")
]
FailOnOpt = Annotated[
    str,
    typer.Option(
        metavar="SEVERITY",
        help=f"Lowest severity that fails the run: {', '.join(FAIL_ON_CHOICES)}.",
    ),
]


def _check_fail_on(fail_on: str) -> None:
    if fail_on not in FAIL_ON_CHOICES:
        raise ConfigError(f"--fail-on must be one of {', '.join(FAIL_ON_CHOICES)}")


VerboseOpt = Annotated[
    bool,
    typer.Option(
        "--verbose",
        "-v",
        metavar="",
        help="Show each E-utilities request, its answer and every retry on stderr.",
    ),
]


@app.command()
@handled
def check(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files, directories, globs, URLs, sitemaps (URL or file), or - for stdin."
        ),
    ] = None,
    fmt: FormatOpt = "text",
    output: OutputOpt = None,
    fail_on: FailOnOpt = "error",
    fail_on_new: Annotated[
        bool,
        typer.Option(
            "--fail-on-new", metavar="", help="Fail only on problems new since the last run (--db)."
        ),
    ] = False,
    offline: OfflineOpt = False,
    max_age: MaxAgeOpt = None,
    cache: CacheOpt = None,
    source: SourceOpt = "eutils",
    urls_from: Annotated[
        list[Path] | None,
        typer.Option(
            "--urls-from", metavar="FILE", help="File listing URLs or paths, one per line."
        ),
    ] = None,
    include: Annotated[
        list[str] | None,
        typer.Option(metavar="GLOB", help="Only pages whose path or URL matches this glob."),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option(metavar="GLOB", help="Skip pages whose path or URL matches this glob."),
    ] = None,
    concurrency: Annotated[
        int, typer.Option(metavar="N", help="Pages fetched at once (4 per host at most).")
    ] = 8,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db", metavar="FILE", help="Record this run in a history database (SQLite)."
        ),
    ] = None,
    waivers: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE", help="Waivers file (default: refcheck-waivers.toml beside the inputs)."
        ),
    ] = None,
    no_waivers: Annotated[
        bool, typer.Option("--no-waivers", metavar="", help="Ignore any waivers file.")
    ] = False,
    timeout: TimeoutOpt = None,
    retries: RetriesOpt = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", metavar="", help="Only problems; no progress.")
    ] = False,
    no_suggest: Annotated[
        bool,
        typer.Option(
            "--no-suggest", metavar="", help="Do not search for the paper a wrong PMID meant."
        ),
    ] = False,
    verbose: VerboseOpt = False,
) -> None:
    """Check every PubMed citation on the given pages."""
    from refcheck.audit import AuditOptions, run_audit
    from refcheck.pages import ReadOptions

    _log_to_stderr(verbose)
    if fmt not in FORMATS:
        raise ConfigError(f"--format must be one of {', '.join(FORMATS)}")
    _check_fail_on(fail_on)
    if fail_on_new and db is None:
        raise ConfigError("--fail-on-new needs --db (the history to compare with)")
    if not inputs and not urls_from:
        raise ConfigError("give at least one input (file, directory, URL, sitemap or -)")
    settings = _settings(
        offline=offline,
        max_age=max_age,
        cache=cache,
        source=source,
        timeout=timeout,
        retries=retries,
    )
    options = AuditOptions(
        inputs=tuple(inputs or ()),
        urls_from=tuple(str(p) for p in urls_from or ()),
        include=tuple(include or ()),
        exclude=tuple(exclude or ()),
        read=ReadOptions(concurrency=concurrency),
        db=_home(db),
        waivers=_home(waivers),
        use_waivers=not no_waivers,
        fail_on=fail_on,
        fail_on_new=fail_on_new,
        suggest=not no_suggest,
        argv=tuple(sys.argv[1:]),
    )
    show_progress = not quiet and sys.stderr.isatty()
    outcome = run_audit(
        options,
        settings,
        progress=_stderr if show_progress else None,
        on_page_error=lambda e: _stderr(f"refcheck: {e.message}"),
    )
    for problem in outcome.waiver_problems:
        _stderr(f"refcheck: waiver: {problem.message}")
    if outcome.result.stats.get("cache_write_failures"):
        _stderr(
            f"refcheck: warning: the cache ({settings.cache_path}) could not be updated "
            "(read-only, a full disk, or held by another program; --verbose says which): "
            "this report is complete, but the next run will ask NCBI again"
        )
    if not outcome.result.pages:
        _stderr("refcheck: no page was checked: the inputs and filters selected none")
    _warn_if_anonymous(settings, outcome.result.stats)
    write = _report_writer(fmt, problems_only=quiet, fail_on=fail_on)
    _emit(outcome.result, write, _home(output))
    if outcome.history_error:
        _stderr(f"refcheck: {_scrub(outcome.history_error)}")
    raise typer.Exit(int(outcome.exit_code))


@app.command("extract")
@handled
def extract_cmd(
    inputs: Annotated[
        list[str],
        typer.Argument(help="Files, directories, URLs, or - for stdin."),
    ],
    fmt: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help="text or json.")
    ] = "text",
) -> None:
    """Show the citations refcheck finds on pages, without contacting NCBI."""
    from refcheck.extract import extract
    from refcheck.pages import iter_pages

    if fmt not in ("text", "json"):
        raise ConfigError("--format must be text or json")
    pages_out: list[dict[str, Any]] = []
    failed = False
    for item in iter_pages(inputs):
        if isinstance(item, PageError):
            _stderr(f"refcheck: {item.message}")
            failed = True
            pages_out.append({"source": item.source, "error": item.message, "citations": []})
            continue
        cits = [citation_to_dict(c) for c in extract(item).citations]
        pages_out.append({"source": item.source, "error": None, "citations": cits})
    if fmt == "json":
        sys.stdout.write(json.dumps({"pages": pages_out}, ensure_ascii=False, indent=2) + "\n")
    else:
        for page in pages_out:
            if page["error"] is None:  # an unreadable page has its line on stderr, not
                _out(_extraction_text(page))  # "0 citations" as if it had been read
    raise typer.Exit(int(ExitCode.UNCHECKED if failed else ExitCode.OK))


def _extraction_text(page: dict[str, Any]) -> str:
    lines = [f"{page['source']}: {len(page['citations'])} citations"]
    for c in page["citations"]:
        cl = c["claimed"]
        label = f"[{c['label']}] " if c["label"] else ""
        authors = "; ".join(cl["authors"]) + (" et al." if cl["et_al"] else "")
        lines.append(f"  {label}PMID {c['pmid']}  ({c['notation']}, line {c['line']})")
        lines.append(f"      authors: {authors or '-'}   year: {cl['year'] or '-'}")
        lines.append(f"      journal: {cl['journal'] or '-'}")
        if cl["title"]:
            lines.append(f"      title:   {cl['title']}")
    return "\n".join(lines)


@app.command()
@handled
def pmid(
    pmid_value: Annotated[str, typer.Argument(metavar="PMID", help="The PMID to look up.")],
    author: Annotated[
        str | None,
        typer.Option(metavar="NAMES", help="Claimed author(s), e.g. 'Hall N & Eldabe S'."),
    ] = None,
    year: Annotated[str | None, typer.Option(metavar="YEAR", help="Claimed year.")] = None,
    journal: Annotated[str | None, typer.Option(metavar="JOURNAL", help="Claimed journal.")] = None,
    title: Annotated[str | None, typer.Option(metavar="TITLE", help="Claimed title.")] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help="text or json.")
    ] = "text",
    fail_on: FailOnOpt = "error",
    offline: OfflineOpt = False,
    max_age: MaxAgeOpt = None,
    cache: CacheOpt = None,
    source: SourceOpt = "eutils",
    timeout: TimeoutOpt = None,
    retries: RetriesOpt = None,
    verbose: VerboseOpt = False,
) -> None:
    """Show PubMed's record for one PMID and, given claims, the verdict."""
    from refcheck.api import check_citations, fetch_record

    _log_to_stderr(verbose)
    if fmt not in ("text", "json"):
        raise ConfigError("--format must be text or json")
    _check_fail_on(fail_on)
    from refcheck.lookup import normalize_pmid

    # copied from a page as it is written there: `PMID18349204`, `PMID: 18349204`
    pmid_value = re.sub(r"^\s*(?:PMID|PubMed)\s*:?\s*", "", pmid_value, flags=re.IGNORECASE)
    if normalize_pmid(pmid_value) is None:  # nothing to ask PubMed: "no such record" would mislead
        raise ConfigError(
            f"{pmid_value!r} is not a valid PMID (PubMed IDs are whole numbers of 1 to 9 digits)"
        )
    claimed_year = _claimed_year(year)
    settings = _settings(
        offline=offline,
        max_age=max_age,
        cache=cache,
        source=source,
        timeout=timeout,
        retries=retries,
    )
    checked: dict[str, int] = {}  # what the look-ups did: the warning about NCBI_EMAIL
    fetched: dict[str, int] = {}
    if any(v is not None for v in (author, year, journal, title)):
        from refcheck.extract.names import parse_author_list

        written, names, et_al = parse_author_list(author) if author else ((), (), False)
        claim = Claim(written, names, et_al, claimed_year, journal, title)
        citation = Citation(pmid_value, claim, notation="command line")
        result = check_citations([citation], settings, stats=checked)[0]
        _warn_if_anonymous(settings, checked)
        _show_verdict(result, fmt, fail_on)
    outcome = fetch_record(pmid_value, settings, stats=fetched)
    _warn_if_anonymous(settings, fetched)
    if isinstance(outcome, Unavailable):
        _stderr(f"refcheck: PMID {pmid_value}: could not be checked: {outcome.reason}")
        raise typer.Exit(int(ExitCode.UNCHECKED))
    if isinstance(outcome, NotFound):
        if fmt == "json":
            sys.stdout.write(json.dumps({"pmid": pmid_value, "record": None}) + "\n")
        else:
            _out(f"PMID {pmid_value}: no such record in PubMed")
        raise typer.Exit(int(ExitCode.PROBLEMS))
    # no claims, so nothing to compare but what the record says of itself: a retraction,
    # an erratum, an expression of concern (it was shown only as a publication type, exit 0)
    from refcheck.compare import compare_citation, status_for

    bare = Citation(pmid_value, Claim(), notation="command line")
    found = compare_citation(bare, outcome, current_year=datetime.date.today().year)
    notices = CitationResult(bare, status_for(found), found, record=outcome)
    if fmt == "json":
        data = {
            "pmid": outcome.pmid,
            "record": record_to_dict(outcome),
            "findings": [finding_to_dict(f) for f in notices.findings],
        }
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        _out(record_card(outcome))
        for f in notices.findings:
            _out(f"  {f.severity.value.upper()}: {f.message}")
    raise _exit_for(notices, fail_on)


def _claimed_year(text: str | None) -> int | None:
    """`--year 20o8`: one plain line. Read by typer as an integer, it was "Invalid value
    for '--year': Input should be a valid integer, unable to parse string as an integer"."""
    if text is None:
        return None
    if not re.fullmatch(r"\s*\d{1,4}\s*", text):
        raise ConfigError(f"--year: {text!r} is not a year (write it in digits, e.g. 2008)")
    return int(text)


def _exit_for(result: CitationResult, fail_on: str) -> typer.Exit:
    """A spot check ends as a one-citation run would (`check`'s exit codes)."""
    run = RunResult((PageResult("command line", (result,)),))
    return typer.Exit(int(exit_code(run, fail_on)))


def _show_verdict(result: CitationResult, fmt: str, fail_on: str) -> None:
    run = RunResult((PageResult("command line", (result,)),))
    if fmt == "json":
        sys.stdout.write(renderer("json")(run))
    else:
        if result.record:
            _out(record_card(result.record) + "\n")
        from refcheck.report.text import render as render_text

        _out(render_text(run), nl=False)
    raise _exit_for(result, fail_on)


def record_card(r: PubMedRecord) -> str:
    """The record in a few lines for `refcheck pmid`: who, where, when, notices."""
    names = [a.display() for a in r.authors]
    shown = ", ".join(names[:6]) + (f", ... ({len(names)} authors)" if len(names) > 6 else "")
    lines = [
        f"PMID {r.pmid}: {r.title}",
        f"  authors: {shown or '(none listed)'}",
        f"  journal: {r.journal_title} ({r.medline_ta or r.iso_abbreviation})",
        f"  date:    {r.pub_date or r.pub_year}"
        + (f" (epub {r.epub_year})" if r.epub_year else ""),
    ]
    if r.doi:
        lines.append(f"  doi:     {r.doi}")
    lines.append(f"  types:   {'; '.join(r.publication_types)}")
    for c in r.comments_corrections:
        if c.ref_type != "Cites":
            lines.append(f"  {c.ref_type}: PMID {c.pmid or '?'} {c.source}".rstrip())
    lines.append(f"  https://pubmed.ncbi.nlm.nih.gov/{r.pmid}/")
    return "\n".join(lines)


# --------------------------------------------------------------------------- history

_MAX_ID = 2**63 - 1  # SQLite's largest integer: past it, an OverflowError, not "no such run"


def _positive_id(value: int | None) -> int | None:
    """A run number or count as SQLite can take it. Checked here rather than with typer's
    min/max, which print the range (up to 9223372036854775807) in every `--help`."""
    if value is not None and not 1 <= value <= _MAX_ID:
        raise typer.BadParameter("must be a whole number from 1 up" if value < 1 else "too large")
    return value


@app.command()
@handled
def diff(
    db: DbOpt = Path("runs.db"),
    fmt: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help="text, markdown or json.")
    ] = "text",
    run: Annotated[
        int | None,
        typer.Option(
            metavar="ID", help="Run to compare (default: the latest).", callback=_positive_id
        ),
    ] = None,
    against: Annotated[
        int | None,
        typer.Option(
            metavar="ID", help="Earlier run (default: the one before).", callback=_positive_id
        ),
    ] = None,
    show_open: Annotated[
        bool, typer.Option("--open", metavar="", help="Also list still-open findings.")
    ] = False,
    show_infos: Annotated[
        bool,
        typer.Option("--infos", metavar="", help="Also list information notes (nothing to fix)."),
    ] = False,
) -> None:
    """What is new, fixed and still open since the previous run."""
    from refcheck.history import diff_runs
    from refcheck.report.diff import render_diff

    if fmt not in ("text", "markdown", "json"):
        raise ConfigError("--format must be text, markdown or json")
    result = diff_runs(db.expanduser(), new_run=run, old_run=against)
    _out(render_diff(result, fmt, include_open=show_open, include_infos=show_infos), nl=False)


@app.command()
@handled
def history(
    db: DbOpt = Path("runs.db"),
    limit: Annotated[
        int, typer.Option(metavar="N", help="How many runs.", callback=_positive_id)
    ] = 20,
    fmt: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help="text, markdown or json.")
    ] = "text",
) -> None:
    """List the recorded runs, newest first."""
    from refcheck.history import list_runs
    from refcheck.report.diff import render_history

    if fmt not in ("text", "markdown", "json"):
        raise ConfigError("--format must be text, markdown or json")
    _out(render_history(list_runs(db.expanduser(), limit), fmt), nl=False)


# --------------------------------------------------------------------------- cache


@cache_app.command("info")
@handled
def cache_info(cache: CacheOpt = None) -> None:
    """Where the cache is and what it holds."""
    from refcheck.api import open_cache
    from refcheck.cache_file import CacheFile, inspect_cache_file

    settings = _settings(cache=cache)
    if inspect_cache_file(settings.cache_path) is CacheFile.MISSING:
        # asking must not create it (nor its folders) where a path was mistyped
        typer.echo(f"no cache at {settings.cache_path} (a check creates it)")
        return
    with open_cache(settings) as c:
        info = c.info()
    typer.echo(f"cache:       {info.path}")
    typer.echo(f"schema:      {info.schema_version}")
    typer.echo(f"records:     {info.records}")
    typer.echo(f"not found:   {info.not_found}")
    typer.echo(f"suggestions: {info.suggestions}")
    typer.echo(f"pages:       {info.pages} (remembered, with their verdicts)")
    typer.echo(f"size:        {info.size_bytes / 1024:.0f} KiB")


@cache_app.command("clear")
@handled
def cache_clear(cache: CacheOpt = None) -> None:
    """Delete the cache file (works on a corrupt file too)."""
    from refcheck.cache import clear_cache

    settings = _settings(cache=cache)
    removed = clear_cache(settings.cache_path)
    typer.echo(f"{'removed' if removed else 'no cache at'} {settings.cache_path}")


# --------------------------------------------------------------------------- mirror


@mirror_app.command("import")
@handled
def mirror_import(
    files: Annotated[
        list[Path],
        typer.Argument(help="pubmedYYnNNNN.xml.gz baseline/update files."),
    ],
    jobs: Annotated[int, typer.Option(metavar="N", help="Files parsed in parallel.")] = 1,
    force: Annotated[
        bool, typer.Option(metavar="", help="Re-import files already imported.")
    ] = False,
    cache: CacheOpt = None,
) -> None:
    """Load NCBI baseline and update files into the cache as a local record source."""
    from refcheck.api import open_cache
    from refcheck.mirror import import_files

    if jobs < 1:
        raise ConfigError("--jobs must be at least 1")
    settings = _settings(cache=cache)
    show = sys.stderr.isatty()
    shown: list[bool] = []

    def progress(done: int, name: str) -> None:
        if show:
            sys.stderr.write(f"\r{name}: {done:,} records")
            sys.stderr.flush()
            shown[:] = [True]

    try:
        with open_cache(settings) as c:
            if c.read_only:
                raise CacheError(f"{c.path}: cannot be written here (read-only): nothing imported")
            report = import_files(c, files, jobs=jobs, force=force, progress=progress)
    finally:
        if shown:  # end the progress line, also before an error's line
            sys.stderr.write("\n")
    typer.echo(
        f"imported {plural(len(report.files_imported), 'file')} "
        f"({len(report.files_skipped)} unchanged, skipped): "
        f"{report.records_written:,} records written, {report.deleted:,} deleted, "
        f"{report.seconds:.1f} s ({report.records_per_second:,.0f} records/s)"
    )


@mirror_app.command("info")
@handled
def mirror_info_cmd(cache: CacheOpt = None) -> None:
    """What the local mirror holds and how old it is."""
    from refcheck.api import open_cache
    from refcheck.mirror import mirror_info

    settings = _settings(cache=cache)
    with open_cache(settings) as c:
        info = mirror_info(c)
    typer.echo(f"cache:        {settings.cache_path}")
    typer.echo(f"files:        {len(info.files)}")
    typer.echo(f"records:      {info.records:,}")
    if info.newest_file:
        age = "dated in the future" if info.age_days is None else f"{info.age_days:.0f} days old"
        typer.echo(f"newest file:  {info.newest_file} ({age})")


# --------------------------------------------------------------------------- entry


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"refcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version_callback,
            is_eager=True,
            metavar="",
            help="Show the version.",
        ),
    ] = False,
) -> None:
    """Verify the PubMed citations (PMIDs) on web pages against NCBI E-utilities."""


_INTERRUPTED = 130  # 128 + SIGINT, as shells report it


def _exit_interrupted() -> None:
    """Ctrl-C: one line and out at once. Not a normal exit, which would first wait for
    every worker thread, and a worker may be inside an E-utilities request and its
    retries (minutes, against a server that hangs). What is committed to the cache and
    the history stays; SQLite rolls back anything half-written when they are next opened."""
    _stderr("refcheck: interrupted")
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe, a closed file
            stream.flush()
    os._exit(_INTERRUPTED)


def _escape_undecodable(stream: TextIO) -> None:
    """A file name that is not UTF-8 reaches Python as lone surrogates; written as escapes
    (`\\udcff`, valid in JSON) it cannot make the output invalid UTF-8 nor stop the run."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        with contextlib.suppress(ValueError, OSError):
            reconfigure(errors="backslashreplace")


def main() -> None:
    """Console entry point: exit codes per DESIGN.md, one-line errors, no tracebacks."""
    _escape_undecodable(sys.stdout)
    try:
        code = app(standalone_mode=False, prog_name="refcheck")
    except _USAGE_ERROR as exc:
        if str(exc):  # `refcheck` alone: the help is shown and says it all
            _stderr(f"refcheck: {_scrub(_usage_message(exc))}")
        sys.exit(int(ExitCode.USAGE))
    except (KeyboardInterrupt, typer.Abort):
        code = _INTERRUPTED  # handled below, once the interrupted frames are let go
    except Exception as exc:  # outside any command: still one line
        _stderr(f"refcheck: internal error: {type(exc).__name__}: {_scrub(str(exc))}")
        sys.exit(int(ExitCode.USAGE))
    if code == _INTERRUPTED:  # typer 0.2x turns Ctrl-C into this exit code itself
        _exit_interrupted()
    sys.exit(code if isinstance(code, int) else 0)
