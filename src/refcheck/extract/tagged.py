"""Tagged bibliographic files: UniProt/EMBL flat files, GenBank, MEDLINE (.nbib), Web of Science.

Each of these holds its references as fields (authors, title, journal, year) on
lines that start with a tag. Read as prose they gave nonsense: a UniProt
reference's `RX   PubMed=2431040;` was taken for a title, and its evidence tags
(`{ECO:0000269|PubMed:7694806}` in comment lines) for author lists, so nearly
every citation of a UniProt entry was a false alarm. Here each reference claims
exactly what its fields say, and a PMID that is only named in passing (an
evidence tag) claims nothing.

Pure: text in, citations out; None when the text is none of these formats.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from refcheck.extract.result import PageExtraction
from refcheck.models import Citation, Claim, PersonName

LineOf = Callable[[int], int]


@dataclass(frozen=True)
class _Field:
    tag: str
    value: str  # continuation lines joined
    offset: int  # where the field's line starts in the text


@dataclass(frozen=True)
class _Format:
    cites: re.Pattern[str]  # a reference's PMID written as this format writes it
    line: re.Pattern[str]  # any line of the format: a tag, a continuation, a separator
    read: Callable[[str, LineOf], list[Citation]]


def tagged_extraction(text: str, line_of: LineOf) -> PageExtraction | None:
    """The citations of a tagged bibliographic file, or None for any other text."""
    for form in _FORMATS:
        if form.cites.search(text) and _all_tagged(text, form.line):
            citations = form.read(text, line_of)
            return PageExtraction(citations=tuple(sorted(citations, key=lambda c: c.line or 0)))
    return None


def _all_tagged(text: str, line: re.Pattern[str]) -> bool:
    """Nearly every line of the file's head is the format's: a page that quotes a line or
    two of one (`PMID- 123` in a how-to) is read as a page."""
    lines = [x.lstrip("\ufeff") for x in text.splitlines()[:200] if x.strip()]
    tagged = sum(1 for x in lines if line.match(x))
    return bool(lines) and tagged >= 0.8 * len(lines)


# --------------------------------------------------------------------------- fields


def _fields(text: str, tag: re.Pattern[str], continued: re.Pattern[str]) -> Iterator[_Field]:
    """The fields of a tagged text, in order: a tagged line, and the untagged lines after it
    (`continued`) as its value's continuation; a tag repeated on consecutive lines (UniProt's
    `RT`) continues its field too."""
    current: list[str] = []
    name, start = "", 0
    offset = 0
    for line in text.splitlines(keepends=True):
        here = offset
        offset += len(line)
        body = line.rstrip("\r\n").lstrip("\ufeff")
        m = tag.match(body)
        if m and not (m.group("tag") == name and m.group("tag") in _REPEATED):
            if name:
                yield _Field(name, _join(current), start)
            name, start, current = m.group("tag"), here, [body[m.end() :]]
            continue
        if m:  # the same tag again: its field goes on
            current.append(body[m.end() :])
        elif name and continued.match(body):
            current.append(body.strip())
        elif name:
            yield _Field(name, _join(current), start)
            name, current = "", []
    if name:
        yield _Field(name, _join(current), start)


_REPEATED = {"RA", "RT", "RL", "RG", "RX"}  # UniProt writes a long field as repeated lines


def _join(parts: Sequence[str]) -> str:
    """Lines of one field as one value; a line broken after a hyphen is joined without a
    space (`HLA-` / `A2/A28`), as these formats wrap words that hold one."""
    out = ""
    for part in (p.strip() for p in parts):
        if not part:
            continue
        out = out + part if out.endswith("-") or not out else f"{out} {part}"
    return out


def _citation(
    pmid: str, claim: Claim, text: str, notation: str, offset: int, line_of: LineOf
) -> Citation:
    return Citation(
        pmid, claim, text=" ".join(text.split()), line=line_of(offset), notation=notation
    )


def _claim(
    names: Sequence[PersonName], year: int | None, journal: str | None, title: str | None
) -> Claim:
    return Claim(
        authors=tuple(n.display() for n in names),
        author_names=tuple(names),
        year=year,
        journal=journal or None,
        title=title or None,
    )


def _claim_at(names: Sequence[PersonName], where: re.Match[str] | None, title: str | None) -> Claim:
    """A claim whose journal and year are read from one location line (`where`, with the
    groups `journal` and `year`), as UniProt's `RL` and GenBank's `JOURNAL` write them."""
    if where is None:
        return _claim(names, None, None, title)
    return _claim(names, int(where["year"]), where["journal"], title)


_INITIALS = re.compile(r"^(?:[A-Z][a-z]?\.?-?)+$")
_SUFFIXES = {"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV", "2nd", "3rd"}


def _person(last: str, initials: str, suffix: str = "") -> PersonName:
    letters = "".join(c for c in initials if c.isupper())
    return PersonName(last.strip(), letters, suffix=suffix.rstrip("."))


def _surname_then_initials(written: str) -> PersonName | None:
    """`Wan A.M.`, `van Seventer G.`, `Casbon JA`, `Smith JA Jr`: None for a bare word."""
    words = written.split()
    suffix = words.pop() if len(words) > 2 and words[-1] in _SUFFIXES else ""
    if len(words) < 2 or not _INITIALS.match(words[-1]):
        return None
    return _person(" ".join(words[:-1]), words[-1], suffix)


def _leading_year(text: str) -> int | None:
    """`2006 Jan 12` -> 2006 (MEDLINE's DP, WoS's PY)."""
    m = re.match(r"\s*(\d{4})\b", text)
    return int(m.group(1)) if m else None


def _groups(
    fields: Iterator[_Field], opens: Callable[[_Field], bool], belongs: Callable[[_Field], bool]
) -> Iterator[list[_Field]]:
    """Fields grouped into references or records: each group opened by a field that `opens`
    one, and going on while its fields `belong` to it."""
    group: list[_Field] = []
    for field in fields:
        if opens(field) or (group and not belongs(field)):
            if group:
                yield group
            group = [field] if opens(field) else []
        elif group:
            group.append(field)
    if group:
        yield group


def _mentions(
    text: str, pattern: re.Pattern[str], cited: set[str], line_of: LineOf
) -> list[Citation]:
    """PMIDs named in passing (evidence tags): once each, claiming nothing, and not at all
    when a reference of the file cites them."""
    out: list[Citation] = []
    for m in pattern.finditer(text):
        pmid = m.group(1)
        if pmid not in cited:
            cited.add(pmid)
            out.append(Citation(pmid, Claim(), line=line_of(m.start()), notation=m.group(0)))
    return out


# --------------------------------------------------------------------------- UniProt / EMBL

_UNIPROT_TAG = re.compile(r"(?P<tag>[A-Z][A-Z0-9])   ")
_NEVER = re.compile(r"(?!)")
_UNIPROT_LOCATION = re.compile(
    r"^(?P<journal>.+?)\s+(?P<volume>[\w.-]+):(?P<pages>[\w.-]+)\((?P<year>\d{4})\)\.?$"
)
_EVIDENCE = re.compile(r"PubMed:(\d{1,9})\b")


def _uniprot(text: str, line_of: LineOf) -> list[Citation]:
    references = _groups(
        _fields(text, _UNIPROT_TAG, _NEVER),
        opens=lambda f: f.tag == "RN",
        belongs=lambda f: f.tag.startswith("R"),
    )
    out = [c for block in references for c in _uniprot_reference(block, line_of)]
    return out + _mentions(text, _EVIDENCE, {c.pmid for c in out}, line_of)


def _uniprot_reference(block: Sequence[_Field], line_of: LineOf) -> list[Citation]:
    values = {f.tag: f for f in block}
    rx = values.get("RX")
    m = re.search(r"\b(?:PubMed=|PUBMED; )(\d{1,9})\b", rx.value) if rx else None
    if rx is None or m is None:
        return []
    names = [n for a in _split(values, "RA", ",") if (n := _surname_then_initials(a))]
    names += [PersonName(g, collective=True) for g in _split(values, "RG", ";")]
    title = values["RT"].value.strip('";') if "RT" in values else None
    where = _UNIPROT_LOCATION.match(values["RL"].value) if "RL" in values else None
    claim = _claim_at(names, where, title)
    entry = " ".join(f"{f.tag} {f.value}" for f in block)
    return [_citation(m.group(1), claim, entry, m.group(0), rx.offset, line_of)]


def _split(values: dict[str, _Field], tag: str, separator: str) -> list[str]:
    field = values.get(tag)
    if field is None:
        return []
    return [p.strip() for p in field.value.rstrip(";").split(separator) if p.strip()]


# --------------------------------------------------------------------------- GenBank

_GENBANK_TAG = re.compile(r"(?P<tag>[A-Z]{2,}|  [A-Z]{2,}|   PUBMED)\s+")
_GENBANK_CONTINUED = re.compile(r" {12}\S")
_GENBANK_AUTHOR = re.compile(
    r"(?:^|,\s*|\s+and\s+)(?P<last>[^,]+?),(?P<initials>(?:[A-Za-z]{1,2}\.-?)+)"
    r"(?:,?\s*(?P<suffix>Jr\.|Sr\.|II|III|IV|2nd|3rd)(?=,|\s|$))?"
)
_GENBANK_JOURNAL = re.compile(
    r"^(?P<journal>.+?)\s+\d+[A-Z]?(?:\s*\([^)]*\))?,\s*[^()]+?\s*\((?P<year>\d{4})\)"
)


def _genbank(text: str, line_of: LineOf) -> list[Citation]:
    references = _groups(
        _fields(text, _GENBANK_TAG, _GENBANK_CONTINUED),
        opens=lambda f: f.tag == "REFERENCE",
        belongs=lambda f: f.tag.startswith(" "),  # a sub-keyword: `  AUTHORS`, `   PUBMED`
    )
    return [c for block in references for c in _genbank_reference(block, line_of)]


def _genbank_reference(block: Sequence[_Field], line_of: LineOf) -> list[Citation]:
    values = {f.tag.strip(): f for f in block}
    pubmed = values.get("PUBMED")
    if pubmed is None or not pubmed.value.strip().isdigit():
        return []
    authors = values["AUTHORS"].value if "AUTHORS" in values else ""
    names = [
        _person(m["last"], m["initials"], m["suffix"] or "")
        for m in _GENBANK_AUTHOR.finditer(authors)
    ]
    names += [PersonName(g, collective=True) for g in _split(values, "CONSRTM", ";")]
    where = _GENBANK_JOURNAL.match(values["JOURNAL"].value) if "JOURNAL" in values else None
    title = values["TITLE"].value if "TITLE" in values else None
    claim = _claim_at(names, where, title)
    entry = " ".join(f"{f.tag.strip()} {f.value}" for f in block)
    pmid = pubmed.value.strip()
    return [_citation(pmid, claim, entry, f"PUBMED {pmid}", pubmed.offset, line_of)]


# --------------------------------------------------------------------------- MEDLINE

_MEDLINE_TAG = re.compile(r"(?P<tag>[A-Z][A-Z0-9 ]{2,3})- ?")
_MEDLINE_CONTINUED = re.compile(r" {6}\S")


def _medline(text: str, line_of: LineOf) -> list[Citation]:
    fields = (
        _Field(f.tag.strip(), f.value, f.offset)
        for f in _fields(text, _MEDLINE_TAG, _MEDLINE_CONTINUED)
    )
    records = _groups(fields, opens=lambda f: f.tag == "PMID", belongs=lambda f: True)
    return [c for record in records for c in _medline_record(record, line_of)]


def _medline_record(fields: Sequence[_Field], line_of: LineOf) -> list[Citation]:
    pmid = fields[0].value.strip()
    names: list[PersonName] = []
    for f in fields:
        if f.tag == "AU":
            name = _surname_then_initials(f.value) or PersonName(f.value.strip())
            names.append(name)
        elif f.tag == "CN":
            names.append(PersonName(f.value.strip(), collective=True))
    first = {f.tag: f.value for f in reversed(fields)}
    claim = _claim(
        names,
        _leading_year(first.get("DP", "")),
        first.get("TA") or first.get("JT"),
        first.get("TI"),
    )
    entry = " ".join(f"{f.tag}- {f.value}" for f in fields if f.tag in ("AU", "TI", "DP", "TA"))
    return [_citation(pmid, claim, entry, f"PMID- {pmid}", fields[0].offset, line_of)]


# --------------------------------------------------------------------------- Web of Science

_WOS_TAG = re.compile(r"(?P<tag>[A-Z][A-Z0-9])(?: |$)")
_WOS_CONTINUED = re.compile(r" {3}\S")


def _wos(text: str, line_of: LineOf) -> list[Citation]:
    records = _groups(
        _fields(text, _WOS_TAG, _WOS_CONTINUED),
        opens=lambda f: f.tag == "PT",
        belongs=lambda f: f.tag != "ER",
    )
    return [c for record in records for c in _wos_record(record, line_of)]


def _wos_record(fields: Sequence[_Field], line_of: LineOf) -> list[Citation]:
    pm = next((f for f in fields if f.tag == "PM"), None)
    if pm is None or not pm.value.strip().isdigit():
        return []
    names: list[PersonName] = []
    for f in fields:
        if f.tag == "AU":  # one author a line: `Asampong, E`
            for written in _wos_authors(f):
                last, _, initials = written.partition(",")
                names.append(_person(last, initials) if initials else PersonName(last.strip()))
        elif f.tag == "CA":
            names.append(PersonName(f.value.strip(), collective=True))
    first = {f.tag: f.value for f in reversed(fields)}
    claim = _claim(names, _leading_year(first.get("PY", "")), first.get("SO"), first.get("TI"))
    entry = " ".join(f"{f.tag} {f.value}" for f in fields if f.tag in ("AU", "TI", "SO", "PY"))
    pmid = pm.value.strip()
    return [_citation(pmid, claim, entry, f"PM {pmid}", pm.offset, line_of)]


def _wos_authors(field: _Field) -> list[str]:
    """WoS writes one author a line; `_fields` joined them with spaces: split them back at
    each `Surname, INITIALS`."""
    return [m.group(0).strip() for m in re.finditer(r"[^,]+,\s*[A-Z-]+(?=\s|$)", field.value)]


def _format(cites: str, line: str, read: Callable[[str, LineOf], list[Citation]]) -> _Format:
    return _Format(re.compile(cites, re.MULTILINE), re.compile(line), read)


# each: how its references write a PMID; what any of its lines starts with; its reader
_FORMATS = (
    _format(r"^RX   .*?\b(?:PubMed=|PUBMED; )\d{1,9}\b", r"[A-Z][A-Z0-9]   |//", _uniprot),
    _format(r"^ {2,3}PUBMED {3}\d{1,9}\s*$", r"[A-Z]{2,}|\s{2,}\S|//", _genbank),
    _format(r"^PMID- ?\d{1,9}\s*$", r"[A-Z][A-Z0-9 ]{2,3}- |\s{6}\S", _medline),
    _format(r"^PM \d{1,9}\s*$", r"[A-Z][A-Z0-9](?: |$)|\s{3}\S", _wos),
)
