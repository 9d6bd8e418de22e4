"""The `refcheck` command: parse options, call the library, write the report, exit.

No checking logic lives here. Every RefcheckError becomes one line on stderr;
anything unexpected becomes one line too (never a traceback), with the API key
scrubbed from it as a last line of defence.
"""

from __future__ import annotations

import functools
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any, TypeVar

import click
import typer

from refcheck import __version__
from refcheck.api import check_citations, check_pages, fetch_record, open_cache
from refcheck.cache import clear_cache
from refcheck.config import Settings, settings_from_env
from refcheck.errors import ConfigError, RefcheckError
from refcheck.extract import extract
from refcheck.extract.names import parse_author_list
from refcheck.models import (
    Citation,
    CitationResult,
    Claim,
    NotFound,
    Page,
    PageError,
    PageResult,
    RunResult,
    Unavailable,
)
from refcheck.pages import iter_pages
from refcheck.policy import FAIL_ON_CHOICES, ExitCode, exit_code
from refcheck.report import FORMATS, renderer
from refcheck.serialize import citation_to_dict, record_to_dict

app = typer.Typer(
    name="refcheck",
    help="Verify the PubMed citations (PMIDs) on web pages against NCBI E-utilities.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
cache_app = typer.Typer(help="Inspect or clear the local record cache.", no_args_is_help=True)
app.add_typer(cache_app, name="cache")

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "": 86400}


def parse_duration(text: str) -> float:
    """`30d`, `12h`, `90m`, `0`; a bare number means days."""
    m = _DURATION.match(text)
    if not m:
        raise ConfigError(f"--max-age: cannot read {text!r} (use e.g. 30d, 12h, 0)")
    return float(m.group(1)) * _UNITS[m.group(2)]


def _settings(offline: bool = False, max_age: str | None = None, cache: Path | None = None) -> Settings:
    overrides: dict[str, object] = {"offline": offline or None, "cache_path": cache}
    if max_age is not None:
        overrides["max_age"] = parse_duration(max_age)
    return settings_from_env(**overrides)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"--output {output}: cannot write ({exc.strerror})") from None


def _stderr(message: str) -> None:
    typer.echo(message, err=True)


def _scrub(message: str) -> str:
    key = os.environ.get("NCBI_API_KEY")
    return message.replace(key, "***") if key else message


F = TypeVar("F", bound=Callable[..., Any])


def handled(fn: F) -> F:
    """Turn refcheck's errors into one line on stderr and the documented exit code."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (typer.Exit, click.exceptions.ClickException, click.exceptions.Abort):
            raise
        except ConfigError as exc:
            _stderr(f"refcheck: {_scrub(str(exc))}")
            raise typer.Exit(int(ExitCode.USAGE)) from None
        except RefcheckError as exc:
            _stderr(f"refcheck: {_scrub(str(exc))}")
            raise typer.Exit(int(ExitCode.UNCHECKED)) from None
        except Exception as exc:  # the promise is: never a traceback
            _stderr(f"refcheck: internal error: {type(exc).__name__}: {_scrub(str(exc))}")
            raise typer.Exit(int(ExitCode.USAGE)) from None

    return wrapper  # type: ignore[return-value]


FormatOpt = Annotated[str, typer.Option("--format", "-f", help=f"One of: {', '.join(FORMATS)}.")]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write the report here instead of stdout.")
]
OfflineOpt = Annotated[
    bool, typer.Option("--offline", help="Use the cache only; uncached PMIDs are unverified.")
]
MaxAgeOpt = Annotated[
    str | None,
    typer.Option("--max-age", help="Re-fetch cached records older than this (30d, 12h, 0)."),
]
CacheOpt = Annotated[
    Path | None, typer.Option("--cache", help="Cache file (default: $REFCHECK_CACHE).")
]


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ConfigError(f"--format must be one of {', '.join(FORMATS)}")


@app.command()
@handled
def check(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, URLs, or - for stdin.")],
    fmt: FormatOpt = "text",
    output: OutputOpt = None,
    fail_on: Annotated[
        str, typer.Option(help=f"Lowest severity that fails the run: {', '.join(FAIL_ON_CHOICES)}.")
    ] = "error",
    offline: OfflineOpt = False,
    max_age: MaxAgeOpt = None,
    cache: CacheOpt = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only problems; no progress.")] = False,
    no_suggest: Annotated[
        bool, typer.Option("--no-suggest", help="Do not search for the paper a wrong PMID meant.")
    ] = False,
) -> None:
    """Check every PubMed citation on the given pages."""
    _check_format(fmt)
    if fail_on not in FAIL_ON_CHOICES:
        raise ConfigError(f"--fail-on must be one of {', '.join(FAIL_ON_CHOICES)}")
    settings = _settings(offline, max_age, cache)
    show_progress = not quiet and sys.stderr.isatty()
    pages = _report_page_errors(iter_pages(inputs), quiet)
    result = check_pages(
        pages,
        settings,
        progress=_stderr if show_progress else None,
        suggest=not no_suggest,
    )
    render = renderer(fmt)
    if fmt == "text":
        from refcheck.report.text import render as render_text

        text = render_text(result, problems_only=quiet)
    else:
        text = render(result)
    _emit(text, output)
    raise typer.Exit(int(exit_code(result, fail_on)))


def _report_page_errors(
    items: Iterable[Page | PageError], quiet: bool
) -> Iterator[Page | PageError]:
    """Pass pages through, echoing each unreadable input as one line on stderr."""
    for item in items:
        if isinstance(item, PageError):
            _stderr(f"refcheck: {item.message}")
        yield item


@app.command("extract")
@handled
def extract_cmd(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, URLs, or - for stdin.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """Show the citations refcheck finds on pages, without contacting NCBI."""
    if fmt not in ("text", "json"):
        raise ConfigError("--format must be text or json")
    pages_out = []
    failed = False
    for item in iter_pages(inputs):
        if isinstance(item, PageError):
            _stderr(f"refcheck: {item.message}")
            failed = True
            pages_out.append({"source": item.source, "error": item.message, "citations": []})
            continue
        assert isinstance(item, Page)
        ex = extract(item)
        pages_out.append(
            {
                "source": item.source,
                "error": None,
                "citations": [citation_to_dict(c) for c in ex.citations],
            }
        )
    if fmt == "json":
        sys.stdout.write(json.dumps({"pages": pages_out}, ensure_ascii=False, indent=2) + "\n")
    else:
        for page in pages_out:
            typer.echo(f"{page['source']}: {len(page['citations'])} citations")
            for c in page["citations"]:
                cl = c["claimed"]
                label = f"[{c['label']}] " if c["label"] else ""
                authors = "; ".join(cl["authors"]) + (" et al." if cl["et_al"] else "")
                typer.echo(f"  {label}PMID {c['pmid']}  ({c['notation']}, line {c['line']})")
                typer.echo(f"      authors: {authors or '-'}   year: {cl['year'] or '-'}")
                typer.echo(f"      journal: {cl['journal'] or '-'}")
                if cl["title"]:
                    typer.echo(f"      title:   {cl['title']}")
    raise typer.Exit(int(ExitCode.UNCHECKED if failed else ExitCode.OK))


@app.command()
@handled
def pmid(
    pmid_value: Annotated[str, typer.Argument(metavar="PMID", help="The PMID to look up.")],
    author: Annotated[str | None, typer.Option(help="Claimed author(s), e.g. 'Hall N & Eldabe S'.")] = None,
    year: Annotated[int | None, typer.Option(help="Claimed year.")] = None,
    journal: Annotated[str | None, typer.Option(help="Claimed journal.")] = None,
    title: Annotated[str | None, typer.Option(help="Claimed title.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    offline: OfflineOpt = False,
    max_age: MaxAgeOpt = None,
    cache: CacheOpt = None,
) -> None:
    """Show PubMed's record for one PMID and, given claims, the verdict."""
    if fmt not in ("text", "json"):
        raise ConfigError("--format must be text or json")
    settings = _settings(offline, max_age, cache)
    if any(v is not None for v in (author, year, journal, title)):
        written, names, et_al = parse_author_list(author) if author else ((), (), False)
        claim = Claim(written, names, et_al, year, journal, title)
        result = check_citations([Citation(pmid_value, claim, notation="command line")], settings)[0]
        run = RunResult((_page("command line", result),))
        if fmt == "json":
            sys.stdout.write(renderer("json")(run))
        else:
            if result.record:
                typer.echo(_describe_record_text(record_to_dict(result.record)))
            from refcheck.report.text import render as render_text

            typer.echo(render_text(run))
        raise typer.Exit(int(exit_code(run, "warning")))
    outcome = fetch_record(pmid_value, settings)
    if isinstance(outcome, Unavailable):
        _stderr(f"refcheck: PMID {pmid_value}: could not be checked: {outcome.reason}")
        raise typer.Exit(int(ExitCode.UNCHECKED))
    if isinstance(outcome, NotFound):
        if fmt == "json":
            sys.stdout.write(json.dumps({"pmid": pmid_value, "record": None}) + "\n")
        else:
            typer.echo(f"PMID {pmid_value}: no such record in PubMed")
        raise typer.Exit(int(ExitCode.PROBLEMS))
    data = record_to_dict(outcome)
    if fmt == "json":
        sys.stdout.write(json.dumps({"pmid": outcome.pmid, "record": data}, ensure_ascii=False, indent=2) + "\n")
    else:
        typer.echo(_describe_record_text(data))


def _page(source: str, result: CitationResult) -> PageResult:
    return PageResult(source, (result,))


def _describe_record_text(r: dict[str, object]) -> str:
    authors = r["authors"]
    assert isinstance(authors, list)
    names = [
        a["last_name"] if a["collective"] else f"{a['last_name']} {a['initials']}".strip()
        for a in authors
    ]
    shown = ", ".join(names[:6]) + (f", ... ({len(names)} authors)" if len(names) > 6 else "")
    lines = [
        f"PMID {r['pmid']}: {r['title']}",
        f"  authors: {shown or '(none listed)'}",
        f"  journal: {r['journal_title']} ({r['medline_ta'] or r['iso_abbreviation']})",
        f"  date:    {r['pub_date'] or r['pub_year']}"
        + (f" (epub {r['epub_year']})" if r["epub_year"] else ""),
    ]
    if r["doi"]:
        lines.append(f"  doi:     {r['doi']}")
    types = r["publication_types"]
    assert isinstance(types, list)
    lines.append(f"  types:   {'; '.join(types)}")
    notices = r["comments_corrections"]
    assert isinstance(notices, list)
    for c in notices:
        if c["ref_type"] != "Cites":
            lines.append(f"  {c['ref_type']}: PMID {c['pmid'] or '?'} {c['source']}".rstrip())
    lines.append(f"  https://pubmed.ncbi.nlm.nih.gov/{r['pmid']}/")
    return "\n".join(lines)


@cache_app.command("info")
@handled
def cache_info(cache: CacheOpt = None) -> None:
    """Where the cache is and what it holds."""
    settings = _settings(cache=cache)
    with open_cache(settings) as c:
        info = c.info()
    typer.echo(f"cache:       {info.path}")
    typer.echo(f"schema:      {info.schema_version}")
    typer.echo(f"records:     {info.records}")
    typer.echo(f"not found:   {info.not_found}")
    typer.echo(f"suggestions: {info.suggestions}")
    typer.echo(f"size:        {info.size_bytes / 1024:.0f} KiB")


@cache_app.command("clear")
@handled
def cache_clear(cache: CacheOpt = None) -> None:
    """Delete the cache file (works on a corrupt file too)."""
    settings = _settings(cache=cache)
    removed = clear_cache(settings.cache_path)
    typer.echo(f"{'removed' if removed else 'no cache at'} {settings.cache_path}")


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"refcheck {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version_callback, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Verify the PubMed citations (PMIDs) on web pages against NCBI E-utilities."""


def main() -> None:
    """Console entry point: exit codes per DESIGN.md, one-line errors, no tracebacks."""
    try:
        code = app(standalone_mode=False)
    except click.exceptions.UsageError as exc:
        _stderr(f"refcheck: {exc.format_message()}")
        sys.exit(int(ExitCode.USAGE))
    except click.exceptions.ClickException as exc:
        _stderr(f"refcheck: {exc.format_message()}")
        sys.exit(int(ExitCode.USAGE))
    except (KeyboardInterrupt, click.exceptions.Abort):
        _stderr("refcheck: interrupted")
        sys.exit(130)
    except Exception as exc:  # outside any command: still one line
        _stderr(f"refcheck: internal error: {type(exc).__name__}: {_scrub(str(exc))}")
        sys.exit(int(ExitCode.USAGE))
    sys.exit(code if isinstance(code, int) else 0)
