"""Waivers: findings an editor reviewed and accepted, kept in `refcheck-waivers.toml`.

```toml
[[waiver]]
page = "conditions/phantom-limb-pain.html"   # exact, path suffix or glob; "*"/omitted: any page
pmid = "30349693"                            # "*": any finding on the page, page-level included
field = "year"                               # optional: any field when omitted
reason = "Print year 2018 is what the journal site shows"
who = "Dr. B. Soffer"
expires = 2027-06-30                         # optional; the waiver holds through that day
```

A waived finding stays in every report (marked waived) but fails no run.
Expired waivers waive nothing and are reported; so are waivers that matched
no finding on a page this run checked (the citation was fixed or removed).
A waiver must name a page or a PMID: `page = "*"` with `pmid = "*"` is refused.
Pure apart from `load_waivers` / `find_waivers_file` (file reads).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from refcheck.compare import status_for
from refcheck.errors import ConfigError
from refcheck.models import CitationResult, Field, Finding, PageResult, RunResult, Status

WAIVERS_FILE = "refcheck-waivers.toml"
ANY = "*"
_KEYS = frozenset({"page", "pmid", "field", "reason", "who", "expires"})
_GLOB_CHARS = frozenset("*?[")

ProblemKind = Literal["expired", "unused"]


@dataclass(frozen=True)
class Waiver:
    page: str  # "*" for any page
    pmid: str  # digits, or "*" for any finding (page-level ones included)
    reason: str
    who: str
    field: Field | None = None
    expires: date | None = None
    index: int = 0  # 1-based position in the file, for messages

    def describe(self) -> str:
        parts = [f"page {self.page}" if self.page != ANY else "any page"]
        parts.append(f"PMID {self.pmid}" if self.pmid != ANY else "any PMID")
        if self.field:
            parts.append(self.field.value)
        return f"waiver #{self.index} ({', '.join(parts)})"

    def note(self) -> str:
        """What `Finding.waiver_reason` says."""
        until = f", until {self.expires.isoformat()}" if self.expires else ""
        return f"{self.reason} ({self.who}{until})"

    def is_live(self, today: date) -> bool:
        return self.expires is None or self.expires >= today


@dataclass(frozen=True)
class Waivers:
    entries: tuple[Waiver, ...] = ()
    path: Path | None = None

    def __len__(self) -> int:
        return len(self.entries)


@dataclass(frozen=True)
class WaiverProblem:
    kind: ProblemKind
    waiver: Waiver
    message: str  # one line, for people


# --------------------------------------------------------------------------- loading


def _one_line(text: str) -> str:
    return " ".join(text.split())


def load_waivers(path: Path | str) -> Waivers:
    """Read and validate a waivers file; any problem is one ConfigError line."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")  # Notepad writes a BOM
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the waivers file ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: the waivers file is not UTF-8") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {_one_line(str(exc))}") from None
    extra = sorted(set(data) - {"waiver"})
    if extra:
        raise ConfigError(f"{path}: unknown top-level key {extra[0]!r} (use [[waiver]] tables)")
    raw = data.get("waiver", [])
    if not isinstance(raw, list) or not all(isinstance(e, dict) for e in raw):
        raise ConfigError(f"{path}: `waiver` must be an array of tables ([[waiver]])")
    entries = tuple(_parse(path, i, entry) for i, entry in enumerate(raw, start=1))
    return Waivers(entries, path)


def _parse(path: Path, index: int, entry: dict[str, Any]) -> Waiver:
    where = f"{path}: waiver #{index}"
    unknown = sorted(set(entry) - _KEYS)
    if unknown:
        raise ConfigError(
            f"{where}: unknown key {unknown[0]!r} (known: {', '.join(sorted(_KEYS))})"
        )

    def text(key: str, *, required: bool) -> str | None:
        value = entry.get(key)
        if value is None:
            if required:
                raise ConfigError(f"{where}: missing {key!r}")
            return None
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{where}: {key!r} must be a non-empty string")
        return _one_line(value)

    reason = text("reason", required=True)
    who = text("who", required=True)
    assert reason is not None and who is not None
    page = (text("page", required=False) or ANY).removeprefix("./")

    pmid_value = entry.get("pmid", ANY)
    if isinstance(pmid_value, int) and not isinstance(pmid_value, bool):
        pmid_value = str(pmid_value)
    if not isinstance(pmid_value, str) or not (
        pmid_value.strip() == ANY or pmid_value.strip().isdigit()
    ):
        raise ConfigError(f"{where}: 'pmid' must be a PMID (digits) or \"*\", not {pmid_value!r}")
    pmid = pmid_value.strip()
    if pmid != ANY:
        pmid = pmid.lstrip("0") or "0"
    if page == ANY and pmid == ANY:
        raise ConfigError(f"{where}: name a page or a PMID (a waiver for everything is refused)")

    field: Field | None = None
    field_name = text("field", required=False)
    if field_name is not None:
        try:
            field = Field(field_name.lower())
        except ValueError:
            names = ", ".join(f.value for f in Field)
            raise ConfigError(f"{where}: unknown field {field_name!r} (one of {names})") from None

    return Waiver(page, pmid, reason, who, field, _date(where, entry.get("expires")), index)


def _date(where: str, value: object) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ConfigError(f"{where}: 'expires' must be a date like 2027-06-30, not {value!r}")


def find_waivers_file(inputs: Sequence[str | Path], *, cwd: Path | None = None) -> Path | None:
    """`refcheck-waivers.toml` beside the first local input or in a parent directory.

    The search stops at the filesystem root or at a directory holding `.git`
    (after looking in it). When no input is a local path (URLs, a sitemap,
    stdin), the search starts in the current directory.
    """
    start: Path | None = None
    for item in inputs:
        text = str(item)
        if text == "-" or "://" in text:
            continue
        p = Path(text)
        try:
            if p.exists():
                start = p if p.is_dir() else p.parent
                break
        except (OSError, ValueError):  # a name too long, a NUL: reported as that input's error
            continue
    if start is None:
        start = cwd or Path.cwd()
    here = start.resolve()
    for directory in (here, *here.parents):
        candidate = directory / WAIVERS_FILE
        if candidate.is_file():
            return candidate
        if (directory / ".git").exists():
            return None
    return None


# --------------------------------------------------------------------------- matching


def _tails(text: str) -> list[str]:
    """The string and every part of it after a `/` (path suffixes)."""
    text = text.strip().replace("\\", "/")
    return [text] + [text[i + 1 :] for i, ch in enumerate(text) if ch == "/" and text[i + 1 :]]


def _candidates(page: PageResult) -> list[str]:
    out: list[str] = []
    for value in (page.source, page.url):
        if not value:
            continue
        out += _tails(value)
        if "://" in value:
            try:
                path = urlsplit(value.strip()).path
            except ValueError:
                continue
            out += _tails(path.lstrip("/"))
    return out


def page_matches(pattern: str, page: PageResult) -> bool:
    """Exact source/URL, a path suffix of it (at a `/`), or a glob on either."""
    if pattern == ANY:
        return True
    pattern = pattern.replace("\\", "/")
    is_glob = any(ch in _GLOB_CHARS for ch in pattern)
    for cand in _candidates(page):
        if cand == pattern or (is_glob and fnmatchcase(cand, pattern)):
            return True
    return False


def finding_matches(waiver: Waiver, cit: CitationResult | None, finding: Finding) -> bool:
    """PMID and field of a finding (the page is matched separately)."""
    if waiver.pmid != ANY and (cit is None or cit.citation.pmid.lstrip("0") != waiver.pmid):
        return False
    return waiver.field is None or finding.field is waiver.field


def _waive(page: PageResult, live: list[Waiver], used: set[Waiver]) -> PageResult:
    here = [w for w in live if page_matches(w.page, page)]
    if not here:
        return page

    def decide(cit: CitationResult | None, f: Finding) -> Finding:
        hits = [w for w in here if finding_matches(w, cit, f)]
        used.update(hits)
        return replace(f, waived=True, waiver_reason=hits[0].note()) if hits else f

    def waive_in(c: CitationResult) -> CitationResult:
        waived = tuple(decide(c, f) for f in c.findings)
        if c.status not in (Status.MISMATCH, Status.VERIFIED):
            return replace(c, findings=waived)  # no record compared: a waiver cannot verify
        # a mismatch whose every warning and error is waived is verified (README: status)
        return replace(c, findings=waived, status=status_for(waived))

    findings = tuple(decide(None, f) for f in page.findings)
    cits = tuple(waive_in(c) for c in page.citations)
    return replace(page, findings=findings, citations=cits)


def _could_have_matched(waiver: Waiver, pages: Iterable[PageResult]) -> bool:
    """Did this run check something the waiver is about? (else "unused" is noise)"""
    wildcard_page = waiver.page == ANY or any(ch in _GLOB_CHARS for ch in waiver.page)
    for page in pages:
        if page.error or not page_matches(waiver.page, page):
            continue
        cited = [
            c
            for c in page.citations
            if waiver.pmid == ANY or c.citation.pmid.lstrip("0") == waiver.pmid
        ]
        if any(c.status is Status.UNVERIFIED for c in cited):
            continue  # could not check it this time: no verdict on the waiver
        if wildcard_page and waiver.pmid != ANY and not cited:
            continue  # a site-wide waiver for a PMID this page does not cite
        return True
    return False


def apply_waivers(
    result: RunResult, waivers: Waivers, *, today: date
) -> tuple[RunResult, tuple[WaiverProblem, ...]]:
    """Mark the findings live waivers match; report expired and unused waivers."""
    live = [w for w in waivers.entries if w.is_live(today)]
    used: set[Waiver] = set()
    pages = tuple(_waive(p, live, used) for p in result.pages)
    problems: list[WaiverProblem] = []
    for w in waivers.entries:
        if not w.is_live(today):
            assert w.expires is not None
            problems.append(
                WaiverProblem(
                    "expired",
                    w,
                    f"{w.describe()} expired on {w.expires.isoformat()}; "
                    "renew it or fix the citation",
                )
            )
        elif w not in used and _could_have_matched(w, result.pages):
            problems.append(
                WaiverProblem(
                    "unused",
                    w,
                    f"{w.describe()} matches no finding any more; remove it from the file",
                )
            )
    return replace(result, pages=pages), tuple(problems)
