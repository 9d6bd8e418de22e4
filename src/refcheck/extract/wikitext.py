"""MediaWiki citations: `{{cite journal |last1=… |pmid=…}}` templates and `<ref>` notes.

Why a pass of its own: a wiki page (Wikipedia's medical articles, mdwiki) keeps its
references inline, as `<ref>` notes holding citation templates, often dozens of them
on one source line. Read as plain text, such a line is one huge block: a PMID in it
gets no claim, or one guessed from its neighbours' fields. The template says field
by field who wrote the work, when, where and under which title, so its claim is
exact; a hand-written note (`<ref>Smith J. Title. Lancet. 2014. PMID 123.</ref>`)
is one reference entry, parsed as such.

The text extractor calls `wiki_citations` first and masks the spans it returns, so
the generic pass never sees these PMIDs a second time. Linear in the page length: one
pass over the page's braces, brackets and pipes, one over its `<ref>` tags, and work
bounded per template (length, nesting) and per note.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from refcheck.extract.common import MAX_ENTRY_CHARS, YEAR, normalise
from refcheck.extract.names import name_from_parts, parse_author_list, parse_name
from refcheck.extract.pmid import find_pmids, first_of_each
from refcheck.extract.reference import parse_reference
from refcheck.models import Citation, Claim, PersonName

# Citation Style 1 and its relatives; `{{cite pmid|…}}` (deprecated) names only the PMID.
_TEMPLATE_START = re.compile(
    r"\{\{\s*(?P<name>(?:cite|vcite2?)[ _]+[a-z]{1,20}|citation|cite[ _]+pmid)\s*(?=\||\}\})",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"\{\{|\}\}|\[\[|\]\]|\|")
_MAX_TEMPLATE = 20_000  # a template longer than this is broken markup: left to the text pass
_HINT = re.compile(r"\{\{|<ref", re.IGNORECASE)
_REF_TAG = re.compile(r"<ref(?:\s[^<>]{0,500})?>|</ref\s*>", re.IGNORECASE)
_WIKILINK = re.compile(r"\[\[(?:[^\[\]|]{0,300}\|)?(?P<text>[^\[\]]{0,300})\]\]")
_EXTLINK = re.compile(r"\[(?:https?:)?//[^\s\[\]]{1,2000}(?:\s+(?P<text>[^\[\]]{0,500}))?\]")
_INNER_TEMPLATE = re.compile(r"\{\{[^{}]{0,2000}\}\}")
_TAG = re.compile(r"<[^<>]{0,500}>")
_QUOTES = re.compile(r"'{2,}")
_DIGITS = re.compile(r"\d{1,20}")
_ET_AL_VALUES = {"etal", "et al", "et al."}
_MAX_AUTHORS = 200
_MAX_NESTING = 8  # templates inside a parameter value (`{{date|...}}`, `{{!}}`)


@dataclass(frozen=True)
class WikiCitations:
    """The citations found in templates and notes, and the spans they came from."""

    citations: tuple[Citation, ...]
    spans: tuple[tuple[int, int], ...]


def wiki_citations(text: str, line_of: Callable[[int], int]) -> WikiCitations:
    """Citations from the page's cite templates and `<ref>` notes that hold a PMID."""
    if _HINT.search(text) is None:
        return WikiCitations((), ())
    citations: list[Citation] = []
    taken: list[tuple[int, int]] = []  # the templates that cited something, in page order
    for start, end, name, params in _templates(text):
        found = _template_citations(text[start:end], start, name, params, line_of)
        if found:
            citations.extend(found)
            taken.append((start, end))
    notes: list[tuple[int, int]] = []
    starts = [a for a, _ in taken]
    for a, b in _notes(text):
        i = bisect_left(starts, a)
        inside = []  # the templates in this note: already cited
        while i < len(taken) and taken[i][1] <= b:
            inside.append((taken[i][0] - a, taken[i][1] - a))
            i += 1
        body = mask(text[a:b], inside)
        hits = find_pmids(body)
        if not hits:
            continue
        plain = _plain(body)
        claim = parse_reference(plain) if len(plain) <= MAX_ENTRY_CHARS else Claim()
        for hit in first_of_each(hits):
            line = line_of(a + hit.start)
            citations.append(_citation(hit.pmid, claim, plain, line, hit.notation))
        notes.append((a, b))
    return WikiCitations(tuple(citations), (*taken, *notes))


def _notes(text: str) -> list[tuple[int, int]]:
    """The bodies of `<ref>...</ref>` notes (not the `<ref name=x/>` reuses), in order; one
    pass over the tags, a note longer than an entry can be skipped."""
    out: list[tuple[int, int]] = []
    body_start: int | None = None
    for t in _REF_TAG.finditer(text):
        tag = t.group()
        if tag[1] != "/":
            if not tag.endswith("/>"):
                body_start = t.end()
        elif body_start is not None:
            if t.start() - body_start <= MAX_ENTRY_CHARS:
                out.append((body_start, t.start()))
            body_start = None
    return out


def mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` with these spans blanked (newlines kept, so offsets and lines still hold)."""
    parts: list[str] = []
    pos = 0
    for a, b in sorted(spans):
        if a < pos:  # a span inside one already blanked (a template inside its note)
            continue
        parts.append(text[pos:a])
        parts.append(re.sub(r"[^\n]", " ", text[a:b]))
        pos = b
    if not parts:
        return text
    parts.append(text[pos:])
    return "".join(parts)


# --------------------------------------------------------------------------- templates


_Params = dict[str, tuple[str, int]]  # name -> (value, offset of the value in the page)


def _templates(text: str) -> list[tuple[int, int, str, _Params]]:
    """(start, end, name, parameters) of each cite template not inside another one.

    One pass over the braces, brackets and pipes with a stack of what is open, so
    unclosed markup costs nothing extra: a `}}` closes the innermost open template
    (dropping any link left open inside it); a template never closed is never seen.
    """
    found: list[tuple[int, int, str, list[int]]] = []
    # open templates and links: (token, start, cite template name or "", its pipes)
    stack: list[tuple[str, int, str, list[int]]] = []
    for t in _TOKEN.finditer(text):
        tok, at = t.group(), t.start()
        if tok == "{{":
            m = _TEMPLATE_START.match(text, at)
            name = normalise(m.group("name").replace("_", " ")).lower() if m else ""
            stack.append((tok, at, name, []))
        elif tok == "[[":
            stack.append((tok, at, "", []))
        elif tok == "|":
            if stack and stack[-1][0] == "{{":
                stack[-1][3].append(at)
        elif tok == "]]":
            if stack and stack[-1][0] == "[[":
                stack.pop()
        else:  # "}}"
            while stack and stack[-1][0] == "[[":
                stack.pop()
            if stack:
                _, start, name, pipes = stack.pop()
                if name and t.end() - start <= _MAX_TEMPLATE:
                    found.append((start, t.end(), name, pipes))
    out: list[tuple[int, int, str, _Params]] = []
    last_end = -1
    for start, end, name, pipes in sorted(found):
        if start >= last_end:  # a cite template inside another one belongs to it
            out.append((start, end, name, _params(text, pipes, end - 2)))
            last_end = end
    return out


def _params(text: str, pipes: list[int], end: int) -> _Params:
    """The parameters between a template's own pipes (not those of its links or inner
    templates). Unnamed ones are named by position ("1")."""
    params: _Params = {}
    position = 0
    for a, b in zip(pipes, [*pipes[1:], end], strict=True):
        piece = text[a + 1 : b]
        name, eq, value = piece.partition("=")
        if eq and "{{" not in name and "[[" not in name:
            key = normalise(name).lower()
            offset = a + 1 + len(name) + 1
        else:
            position += 1
            key, value, offset = str(position), piece, a + 1
        if key and key not in params:
            params[key] = (value, offset)
    return params


def _template_citations(
    source: str, start: int, name: str, params: _Params, line_of: Callable[[int], int]
) -> list[Citation]:
    """One citation per PMID the template names: its `pmid` (the first unnamed parameter
    of `{{cite pmid}}`), then any other PMID its links point to (a `url` to another
    paper than `pmid` is a mistake worth showing)."""
    hits = first_of_each(find_pmids(source))
    out: list[Citation] = []
    named = params.get("1" if name == "cite pmid" else "pmid")
    if named is not None:
        value, offset = named
        digits = _DIGITS.search(value)
        if digits is not None and not value[: digits.start()].strip():
            out.append(_citation(digits.group(), Claim(), "", line_of(offset + digits.start())))
    taken = {c.pmid for c in out}
    out += [
        _citation(h.pmid, Claim(), "", line_of(start + h.start), h.notation)
        for h in hits
        if h.pmid not in taken
    ]
    if not out:
        return []
    shown = normalise(source)
    if len(shown) > MAX_ENTRY_CHARS:
        shown = shown[:MAX_ENTRY_CHARS] + " …"
    claim = _claim(params)
    return [replace(c, claim=claim, text=shown) for c in out]


def _claim(params: _Params) -> Claim:
    def value(*names: str) -> str:
        for name in names:
            if name in params:
                plain = _plain(params[name][0])
                if plain:
                    return plain
        return ""

    written, names, et_al = _authors(value)
    display = value("display-authors", "displayauthors").lower()
    year_text = value("year") or value("date", "publication-date")
    year = YEAR.search(year_text)
    title = value("title").rstrip(".") or None
    return Claim(
        authors=written,
        author_names=names,
        et_al=et_al or display in _ET_AL_VALUES,
        year=int(year.group()) if year else None,
        journal=value("journal", "work", "periodical") or None,
        title=title,
    )


def _authors(value: Callable[..., str]) -> tuple[tuple[str, ...], tuple[PersonName, ...], bool]:
    """The authors a template lists: numbered names (`last1`/`first1`, `author2`, ...),
    else a Vancouver or free list (`vauthors`, `authors`, or a whole list in `author`)."""
    written: list[str] = []
    names: list[PersonName] = []  # parsed names: always the first len(names) of `written`
    for n in range(1, _MAX_AUTHORS + 1):
        last = value(*_names_for(n, "last", "surname", "author-last"))
        first = value(*_names_for(n, "first", "given", "author-first"))
        whole = value(*_names_for(n, "author"))
        name: PersonName | None
        if last:
            shown, name = name_from_parts(last, first)
        elif whole:
            shown, name = whole, parse_name(whole)
        else:
            break
        if name is not None and len(names) == len(written):
            names.append(name)  # past a name that did not parse, positions would be wrong
        written.append(shown)
    listed = value("vauthors", "authors", "people")
    if not listed and len(written) == 1 and ("," in written[0] or ";" in written[0]):
        listed = written[0]  # `author=Smith J, Jones K`: a list in the one-name field
    if listed:
        return parse_author_list(listed)
    return tuple(written), tuple(names), False


def _names_for(n: int, *stems: str) -> list[str]:
    """CS1's names for the n-th author's field: `last2`, `author2-last`, `author-last2`;
    the first author's also without a number (`last`, `author`)."""
    out: list[str] = []
    for stem in stems:
        out.append(f"{stem}{n}")
        if stem.startswith("author-"):
            out.append(f"author{n}-{stem[len('author-') :]}")
        if n == 1:
            out.append(stem)
    return out


# --------------------------------------------------------------------------- helpers


def _plain(value: str) -> str:
    """A parameter as a reader sees it: comments, markup and nested templates gone."""
    value = _without_comments(value)
    value = _WIKILINK.sub(lambda m: m.group("text"), value)
    value = _EXTLINK.sub(lambda m: m.group("text") or "", value)
    for _ in range(_MAX_NESTING):
        stripped = _INNER_TEMPLATE.sub("", value)
        if stripped == value:
            break
        value = stripped
    value = _TAG.sub(" ", value)
    value = _QUOTES.sub("", value)
    return normalise(html.unescape(value))


def _without_comments(value: str) -> str:
    """`<!-- ... -->` removed; one left open runs to the end, as MediaWiki reads it."""
    if "<!--" not in value:
        return value
    kept: list[str] = []
    pos = 0
    while (a := value.find("<!--", pos)) != -1:
        kept.append(value[pos:a])
        b = value.find("-->", a + 4)
        pos = len(value) if b == -1 else b + 3
    kept.append(value[pos:])
    return "".join(kept)


def _citation(pmid: str, claim: Claim, shown: str, line: int, notation: str = "") -> Citation:
    return Citation(
        pmid=pmid, claim=claim, text=shown, line=line, notation=notation or f"pmid={pmid}"
    )
