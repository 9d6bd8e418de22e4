"""Evidence tables: a row's cells read by what the table's header says they hold.

Medical pages summarise their sources in tables (`Study | Year | Journal | PMID`). A
row is no reference entry in any citation style, so read as one it claimed nothing,
and a PMID written as a bare number in a `PMID` column was not seen at all. The header
names each column; a row's claim is what its cells say: a whole reference, authors (or
a `Study` cell such as `Flor et al. 2006`), year, journal, title. Pure: text in, claims out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from refcheck.extract.common import YEAR_PATTERN
from refcheck.extract.names import parse_author_list
from refcheck.extract.reference import parse_link_text, parse_reference
from refcheck.models import Claim

# header cell (lower-cased, markup and punctuation gone) -> what the column holds
_COLUMNS = (
    ("pmid", re.compile(r"(?:pmid|pubmed(?: id)?)s?")),
    ("authors", re.compile(r"authors?(?: year)?")),
    ("reference", re.compile(r"(?:reference|references|citation|full reference)")),
    ("study", re.compile(r"(?:study|studies|trial|first author)")),
    ("year", re.compile(r"(?:year|publication year|publication date|pub date|published|date)")),
    ("journal", re.compile(r"(?:journal|published in|journal name)")),
    ("title", re.compile(r"(?:title|article|article title|paper)")),
)
_BARE_PMID = re.compile(r"^\s*(\d{1,9})\s*$")
_YEAR = re.compile(r"(?<!\d)(" + YEAR_PATTERN + r")(?!\d)")
_SEPARATOR = re.compile(r"^[\s|:\-]+$")
# a note in brackets after a study's author (`Baron (A0081007 Investigators) 2010`)
_NOTE = re.compile(r"\s*\(([^()]*)\)")


@dataclass(frozen=True)
class Header:
    """Which cell of a row holds what: field name -> cell index."""

    columns: dict[str, int]


def cells(row: str) -> list[tuple[int, str]]:
    """A rendered row's cells with their offsets: `| a | b |` (Markdown) and `|  | a | b`
    (refcheck's HTML rendering) alike; what precedes the first bar is no cell."""
    out: list[tuple[int, str]] = []
    start = row.find("|")
    if start < 0:
        return out
    pos = start + 1
    for part in row[start + 1 :].split("|"):
        out.append((pos, part))
        pos += len(part) + 1
    if out and not out[-1][1].strip():
        out.pop()
    return out


_LIST_LABEL = re.compile(r"^(?:\[(\d{1,4}[a-z]?)\]|\((\d{1,4}[a-z]?)\)|(\d{1,4}[a-z]?)[.)]?)$")


def list_label(row: str, *, bare: bool) -> str | None:
    """The number a reference list laid out as a table writes in its first cell (`1.`,
    `[1]`, `(1)`; a bare `1` only where `bare`: in a data table it is a row's index)."""
    first = next((c.strip() for _, c in cells(row) if c.strip()), "")
    m = _LIST_LABEL.match(first)
    if m is None or (m.group(3) and not bare and first == m.group(3)):
        return None
    return m.group(1) or m.group(2) or m.group(3)


def entry_text(row: str, plain: Callable[[str], str]) -> str:
    """A row of a reference list laid out as a table, as one entry's text: its cells'
    text without the bars, the empty cells and the number cell (`list_label`)."""
    texts = [t for _, c in cells(row) if (t := plain(c).strip())]
    if texts and _LIST_LABEL.match(texts[0]):
        texts = texts[1:]
    return " ".join(texts)


def is_separator(row: str) -> bool:
    """Markdown's `|---|:---:|` line under the header."""
    return bool(_SEPARATOR.match(row)) and "-" in row


def read_header(row: str, plain: Callable[[str], str]) -> Header | None:
    """The columns a header row names, or None when it names none this module reads.
    `plain` turns a cell's markup into its text."""
    found: dict[str, int] = {}
    for i, (_, cell) in enumerate(cells(row)):
        text = plain(cell)
        if any(c.isdigit() for c in text):
            continue  # `PMID 18349204`, `2008`: a row's data, no column's name
        name = " ".join(re.findall(r"[a-z]+", text.lower()))
        for field, pattern in _COLUMNS:
            if field not in found and pattern.fullmatch(name):
                found[field] = i
                break
    return Header(found) if found else None


def bare_pmid(header: Header, row: str) -> tuple[str, int, int] | None:
    """A PMID written as a plain number in the `PMID` column: (digits, start, end)."""
    index = header.columns.get("pmid")
    row_cells = cells(row)
    if index is None or index >= len(row_cells):
        return None
    pos, cell = row_cells[index]
    m = _BARE_PMID.match(cell)
    return (m.group(1), pos + m.start(1), pos + m.end(1)) if m else None


def row_claim(header: Header, row: str, plain: Callable[[str], str]) -> Claim:
    """What a row's cells claim about its paper; empty cells claim nothing."""
    row_cells = [plain(cell).strip() for _, cell in cells(row)]

    def cell(field: str) -> str:
        index = header.columns.get(field)
        return row_cells[index] if index is not None and index < len(row_cells) else ""

    claim = parse_reference(cell("reference")) if cell("reference") else Claim()
    for field in ("study", "authors"):
        if text := cell(field):
            claim = _with_authors(claim, text, groups=field == "authors")
    if m := _YEAR.search(cell("year")):
        claim = replace(claim, year=int(m.group(1)))
    if journal := cell("journal"):
        claim = replace(claim, journal=journal.strip(" ."))
    if len(title := cell("title").strip(" .")) >= 3:
        claim = replace(claim, title=title)
    return claim


def _with_authors(claim: Claim, text: str, *, groups: bool) -> Claim:
    """The authors (and a year) a `Study` or `Authors` cell names: `Flor et al. 2006`,
    `Flor H, Nikolajsen L`. A study's name (`SPRINT trial`) is not a group author: in a
    `Study` column only persons count; a note in brackets that holds no year is left
    out (`Baron (A0081007 Investigators) 2010` is Baron, 2010)."""
    if not groups:
        text = _NOTE.sub(lambda m: m.group(0) if _YEAR.search(m.group(1)) else "", text)
    named = parse_link_text(text)
    if named.authors and (groups or not any(n.collective for n in named.author_names)):
        return replace(
            claim,
            authors=named.authors,
            author_names=named.author_names,
            et_al=named.et_al,
            year=named.year or claim.year,
        )
    written, names, et_al = parse_author_list(text)
    if not written or len(names) != len(written):
        return claim
    if not groups and any(n.collective for n in names):
        return claim
    return replace(claim, authors=written, author_names=names, et_al=et_al)
