"""One reference entry's text -> what the page claims (authors, year, journal, title).

Reference styles disagree on order (Vancouver: authors. title. journal. year;
APA: authors (year). title. journal; the clinic's pages: authors year, journal
note), so the parser tries the shapes from the most to the least specific and
keeps the first whose author part really parses as names. Anything it is not
sure of stays None: the comparison stage treats None as "not claimed", whereas
a wrong guess would become a false alarm in front of an editor.
"""

from __future__ import annotations

import re

from refcheck.extract.names import parse_author_list
from refcheck.models import Claim, PersonName

_WS = re.compile(r"\s+")
_LABEL = re.compile(r"^\s*(?:>\s*)*(?:\[\s*\d{1,4}[a-z]?\s*\]|\d{1,4}[a-z]?[.)](?!\d)|[-*+•·])\s*")
# Where the bibliographic part ends and identifiers/links begin.
_TAIL = re.compile(
    r"\(?\s*\bPMID|\[?\s*\bPubMed\b(?!\s+Central)|\bdoi\s*:|\bhttps?://|\bwww\.|\bPMCID\b"
    r"|\bEpub\b|\[\s*(?:CAS|Article|Google Scholar|Crossref)\s*\]|\bAvailable (?:from|at)\b"
    r"|\bRetrieved\b|\bAccessed\b",
    re.IGNORECASE,
)
_YEAR = r"(?:18|19|20)\d\d"
_PAREN_YEAR = re.compile(r"\(\s*(" + _YEAR + r")[a-z]?(?:[-,;/ ][^()]{0,40})?\s*\)")
_BARE_YEAR = re.compile(r"^(?P<a>[^()\d]{2,1500}?)[\s,]+(?P<y>" + _YEAR + r")[a-z]?(?=[,.:;]|\s*$)")
_ANY_YEAR = re.compile(r"(?<![\d./-])(" + _YEAR + r")(?![\d])")
_SIGNATURE_YEAR = re.compile(
    r"(?<![\d./-])(" + _YEAR + r")[a-z]?(?=\s*(?:[A-Z][a-z]{2}\b[^;:]{0,20})?[;:]|\s*\))"
)
_SENTENCE_END = re.compile(r"[.?!](?=\s|$)")
_AUTHOR_NEXT = re.compile(
    r"^(?:&|and\b|[A-Z]\.|[^\W\d_][^\s,.]{1,30},\s*[^\W\d_a-z]|[^\s,.]{2,}(?:\s[^\s,.]{1,20})?,\s*[^\W\d_]\.)"
)
_CONNECTORS = frozenset(
    [
        "&",
        "and",
        "of",
        "the",
        "in",
        "for",
        "on",
        "de",
        "der",
        "des",
        "und",
        "la",
        "le",
        "et",
        "y",
        "du",
        "van",
        "für",
        "a",
        "an",
        "to",
        "with",
        "&amp;",
    ]
)
_GENERIC = re.compile(
    r"^(?:pubmed|medline|abstract|full text|link|here|pmid|article|ncbi|source|ref(?:erence)?"
    r"|free (?:full )?text|view|\d+|pmid:?\s*\d+|https?://\S+)$",
    re.IGNORECASE,
)
_TRAILING_DATE = re.compile(
    r"[,.]?\s*\(?(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+)?"
    r"(" + _YEAR + r")\)?\.?$"
)


def clean_entry(entry_text: str) -> str:
    """Whitespace-normalised entry without its list label and identifier tail."""
    text = _WS.sub(" ", entry_text.replace("\u00a0", " ")).strip()
    text = _LABEL.sub("", text, count=1)
    m = _TAIL.search(text)
    if m and m.start() >= 10:
        text = text[: m.start()]
    return text.strip(" ([;,")


def parse_reference(entry_text: str) -> Claim:
    """Claims from one reference entry's plain text; unknown parts stay None."""
    try:
        return _parse(clean_entry(entry_text))
    except (ValueError, IndexError, RecursionError):  # pragma: no cover - defensive
        return Claim()


def parse_link_text(text: str) -> Claim:
    """The claim carried by a link's text alone (a body link, a title link).

    "PubMed", a number or a URL claims nothing; a reference-like text is parsed
    as a reference; anything else is taken as the title (a trailing date as the year).
    """
    t = _WS.sub(" ", text).strip()
    if not t or _GENERIC.match(t):
        return Claim()
    claim = parse_reference(t)
    if claim.authors or claim.journal:
        return claim
    year: int | None = None
    m = _TRAILING_DATE.search(t)
    if m:
        year = int(m.group(1))
        t = t[: m.start()].strip(" ,.")
    if len(t.split()) < 2:
        return Claim(year=year)
    return Claim(title=t.rstrip("."), year=year)


def parse_lines(lines: list[str]) -> Claim | None:
    """Title / authors / `Journal (date)` on separate lines (Manubot, many CMSs)."""
    lines = [normalise_line(x) for x in lines if x.strip()]
    if len(lines) < 3:
        return None
    parsed = _names_ok(lines[1])
    if not parsed:
        return None
    m = _PAREN_YEAR.search(lines[2]) or _ANY_YEAR.search(lines[2])
    journal = lines[2][: m.start()].strip(" ,.") if m else None
    year = int(m.group(1)) if m else None
    return _claim(parsed, year, journal or None, _strip_title(lines[0]))


def normalise_line(text: str) -> str:
    return _WS.sub(" ", text).strip()


def _names_ok(authors: str) -> tuple[tuple[str, ...], tuple[PersonName, ...], bool] | None:
    """Parse an author part; None unless every piece is a name."""
    if not authors or len(authors) > 3000:
        return None
    written, names, et_al = parse_author_list(authors)
    if not written or len(names) != len(written):
        return None
    if any(len(w.split()) > 6 for w in written):
        return None
    return written, names, et_al


def _parse(text: str) -> Claim:
    if not text:
        return Claim()
    m = _PAREN_YEAR.search(text)
    if m and m.start() > 0:
        parsed = _names_ok(text[: m.start()].strip(" ,"))
        if parsed:
            title, journal = _title_journal(text[m.end() :].lstrip(" .,:;"))
            return _claim(parsed, int(m.group(1)), journal, title)
    m2 = _BARE_YEAR.match(text)
    if m2:
        parsed = _names_ok(m2.group("a").strip(" ,"))
        if parsed:
            rest = text[m2.end() :]
            if rest.startswith(","):
                journal = _journal_then_note(rest.lstrip(" ,"))
                return _claim(parsed, int(m2.group("y")), journal, None)
            title, journal = _title_journal(rest.lstrip(" .,:;"))
            return _claim(parsed, int(m2.group("y")), journal, title)
    for end in _author_end_candidates(text):
        parsed = _names_ok(text[:end])
        if parsed:
            rest = text[end:].lstrip(" .")
            title, journal = _title_journal(rest)
            return _claim(parsed, _year_in(rest), journal, title)
    return Claim(year=_year_in(text))


def _claim(
    parsed: tuple[tuple[str, ...], tuple[PersonName, ...], bool],
    year: int | None,
    journal: str | None,
    title: str | None,
) -> Claim:
    written, names, et_al = parsed
    return Claim(
        authors=written,
        author_names=names,
        et_al=et_al,
        year=year,
        journal=journal or None,
        title=title or None,
    )


def _year_in(text: str) -> int | None:
    m = _SIGNATURE_YEAR.search(text) or _ANY_YEAR.search(text)
    return int(m.group(1)) if m else None


def _author_end_candidates(text: str) -> list[int]:
    """Where the author part may end: the likeliest first, then every other `. `."""
    best = _authors_end(text)
    others = [m.start() for i, m in enumerate(re.finditer(r"\.\s+", text)) if i < 8]
    first = [best] if best is not None else []
    return first + [e for e in others if e != best]


def _authors_end(text: str) -> int | None:
    """End of the author part of `Authors. Title. ...` (Vancouver, Nature)."""
    for m in re.finditer(r"\.\s+", text):
        before = text[: m.start()].rsplit(" ", 1)[-1].rsplit(",", 1)[-1]
        after = text[m.end() : m.end() + 60]
        if before.lower() in ("al", "etal"):
            return m.start() + 1
        is_initial = len(before.rstrip(".")) <= 2 and before[:1].isupper()
        if is_initial and _AUTHOR_NEXT.match(after):
            continue
        if m.start() > 3000:
            return None
        return m.start()
    return None


def _title_journal(rest: str) -> tuple[str | None, str | None]:
    """`Title. Journal. 2008;...` or `Title. Journal, 106(4)` -> (title, journal)."""
    rest = rest.strip()
    if not rest:
        return None, None
    m = _SENTENCE_END.search(rest)
    if m is None:
        return _strip_title(rest), None
    title = rest[: m.end()] if rest[m.start()] in "?!" else rest[: m.start()]
    return _strip_title(title), _journal_at(rest[m.end() :].strip())


def _strip_title(title: str) -> str | None:
    t = title.strip().strip('"“”').strip()
    t = t[:-1] if t.endswith(".") else t
    return t if len(t) >= 3 and any(c.isalpha() for c in t) else None


def _journal_at(text: str) -> str | None:
    """Journal name at the start of text, up to its year, volume or punctuation."""
    text = re.sub(r"^In:\s*", "", text)
    out: list[str] = []
    for tok in text.split(" "):
        if not tok:
            continue
        if tok[0].isdigit() or tok[0] in "(;[":
            break
        word = tok.rstrip(".,;:")
        if word:
            out.append(word)
        if tok[-1] in ",;:":
            break
        if tok.endswith("."):
            # "J. Immunol." / "PeerJ. Computer Science": short abbreviations go on
            if len(word) > 5 or (len(out) > 1 and len(word) > 4):
                break
            nxt = text[text.find(tok) + len(tok) :].lstrip()
            if not nxt or not nxt[0].isupper():
                break
    journal = " ".join(out).strip()
    if not journal or len(journal) > 200 or not journal[0].isupper():
        return None
    return journal


def _journal_then_note(rest: str) -> str | None:
    """`Anesthesia & Analgesia Controlled study: ...` -> `Anesthesia & Analgesia`.

    The clinic's pages run the journal straight into a sentence-case note. The
    journal is the run of capitalised words (and connectors); the note starts at
    the last capitalised word before the first lower-case word.
    """
    toks = [t for t in rest.split(" ") if t]
    out: list[str] = []
    stopped_by_sentence = False
    for tok in toks:
        word = tok.rstrip(".,;:")
        if tok.endswith(":"):
            stopped_by_sentence = True
            break
        if word and (word[0].isupper() or word.lower() in _CONNECTORS):
            out.append(word)
            if tok[-1] in ".,;":
                break
            continue
        stopped_by_sentence = True
        break
    while out and out[-1].lower() in _CONNECTORS:
        out.pop()
    if stopped_by_sentence and len(out) > 1:
        out.pop()
        while out and out[-1].lower() in _CONNECTORS:
            out.pop()
    journal = " ".join(out)
    return journal or None
