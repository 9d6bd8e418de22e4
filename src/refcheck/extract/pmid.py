"""Find PMIDs in text by their PubMed notations.

A number is a PMID only when a PubMed notation says so (a `PMID` label, a
`PubMed:` label or a PubMed URL): bare numbers are years, pages, volumes and
phone numbers far more often than PMIDs. Digits are kept exactly as written
(leading zeros, absurd lengths, `0`) because a later stage validates them and
tells the editor; silently "fixing" them here would hide the error.

Every pattern is linear: no nested quantifiers, bounded repetitions only, so a
50 MB page costs a few regex passes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class PmidHit:
    """One PMID occurrence: digits as written, span of the digits, notation."""

    pmid: str
    start: int
    end: int
    notation: str
    label_start: int | None = None  # where a label or URL before the digits begins

    @property
    def begins(self) -> int:
        """Where the notation begins (`PMID: 123`, a URL), the digits if nothing precedes them."""
        return self.start if self.label_start is None else self.label_start

    def shifted(self, offset: int) -> PmidHit:
        """The same hit in a text that starts `offset` characters earlier."""
        label = None if self.label_start is None else self.label_start + offset
        return PmidHit(self.pmid, self.start + offset, self.end + offset, self.notation, label)


# A list of ids inside a URL: "1,2", "1%2C2", "1%202", "1+2". Every id of such a
# search/list URL is taken as a PMID the page points at (the page author wrote
# them as PMIDs); the separators keep "1%2C2" from becoming "12" or "2C2".
_URL_IDS = r"(?P<ids>\d{1,20}(?:(?:,|%2[Cc]|%20|\+)\d{1,20}){0,200})(?![\d%A-Za-z])"

_URL = re.compile(
    r"(?:https?://)?(?:www\.)?"
    r"(?:"
    r"pubmed\.ncbi\.nlm\.nih\.gov/(?:\?term=)?"
    r"|(?:www\.)?ncbi\.nlm\.nih\.gov/pubmed/?(?:\?term=)?"
    r"|ncbi\.nlm\.nih\.gov/pubmed/?\?[^\s)\"'<>\]]{0,300}?[?&;]term="
    r"|(?:www\.)?pubmed\.gov/"
    r"|(?<![A-Za-z0-9_])(?:list_uids|pubmedid)="
    r")" + _URL_IDS,
    re.IGNORECASE,
)

# Horizontal space as pages write it: no-break and thin spaces (`PMID&nbsp;123`), and the
# zero-width ones that copying from a web page leaves behind.
_HS = "[ \t\u00a0\u2000-\u200b\u202f\u205f\u2060\u3000\ufeff]"
# Each run of space is taken whole (`*+`, possessive): the optional marks between the runs
# can be absent, so a backtracking `*` would try every way to share one long run among
# them, polynomial in its length (`PMID` then 30,000 spaces: 41 s). No match changes, as
# nothing that may follow a run can itself be a space.
_SEP = (
    r"[\"']?"
    + _HS
    + r"*+(?:[:=#\-–：]"
    + _HS
    + r"*+)?(?:\r?\n"
    + _HS
    + r"*+)?[\[{(\"']?"
    + _HS
    + "*+"
)
# `PMID no. 123`
_NUMBER_WORD = r"(?:(?i:no|nr|number)\.?" + _HS + "*+)?"
# `PMID 18 349 204`, `PMID 18,349,204`: digits grouped by threes are one number (the
# groups joined), never the first group alone, which is another paper's PMID
_GROUPED = r"\d{1,3}(?P<gs>[ ,\u00a0\u2009\u202f])\d{3}(?:(?P=gs)\d{3}){0,2}(?!(?P=gs)?\d)"
_GROUP_SEPARATORS = str.maketrans("", "", " ,\u00a0\u2009\u202f")

# Labels. `PMID` (any case) may be followed by nearly any separator; `PubMed` in
# prose ("searched PubMed 2010-2020") is too often followed by a year, so it
# needs a colon, `=`, or `ID`/`PMID` after it, or a number of five digits or more that
# closes the phrase (`(PubMed 30349693)`). Upper-case `PUBMED` is GenBank's tag and
# stands alone.
_LABEL = re.compile(
    r"(?<![A-Za-z0-9_])"
    r"(?:"
    r"(?P<plural>PMIDs)" + _SEP + r"(?P<list>\d{1,20}(?:[ \t]*,[ \t]*\d{1,20}){1,200})"
    r"|(?P<label>(?i:PubMed[ \t]*PMID|PubMed[ \t]*ID|PMID))"
    + _SEP
    + _NUMBER_WORD
    + r"(?P<id>"
    + _GROUPED
    + r"|\d{1,20})"
    r"|(?P<label2>(?i:PubMed))[\"']?" + _HS + r"*+[:=：]" + _HS + r"*+[\[{(\"']?" + _HS + r"*+"
    r"(?P<id2>\d{1,20})"
    r"|(?P<label3>PUBMED)[ \t]+(?P<id3>\d{1,20})"
    r"|(?P<label5>(?i:PubMed))" + _HS + r"+(?P<id5>\d{5,9})(?=[ \t]*(?:[)\];,]|\.(?!\d)|$))"
    r"|(?m:^)(?P<label4>PM)[ \t]+(?P<id4>\d{1,20})[ \t]*(?=\r?\n|\Z)"
    r")"
    r"(?![\d.]\d|\d)",
)

_SPLIT_IDS = re.compile(r"\d{1,20}")
_SPLIT_URL_IDS = re.compile(r"(?:^|,|%2[Cc]|%20|\+)(\d{1,20})")
_NOISE = re.compile(r"[\[\]{}()\"']")
_SPACE = re.compile(r"\s+")


def _clean_notation(raw: str) -> str:
    """`PMID: [123` -> `PMID: 123`: the notation as a reader would quote it."""
    return _SPACE.sub(" ", _NOISE.sub("", raw)).strip()


def _is_minus_sign(text: str, digits: int, label_end: int) -> bool:
    """The `-` right before the digits is a sign, not MEDLINE's `PMID- 123` separator.

    A separator dash follows the label (`PMID-123`, `PMID- 123`); a dash that follows
    a space or another separator and touches the digits (`PMID -1`, `PMID: -1`) is
    a minus sign.
    """
    dash = digits - 1
    return dash > label_end and text[dash] in "-–"


# Every notation holds one of these (ASCII case-folded), or is MEDLINE's `PM` at a
# line start: the patterns only need to run near them.
_ANCHORS = ("pmid", "pubmed", "list_uids", "ncbi.nlm")
_LINE_ANCHORS = ("\nPM ", "\nPM\t")
_ANCHORS_BYTES = tuple(a.encode("ascii") for a in _ANCHORS)
_BEFORE = 64  # "https://www." before "pubmed"/"ncbi.nlm"
_AFTER = 12_000  # a notation's longest run after its anchor (a 200-id list)
_WHOLE_SCAN = 100_000  # shorter texts are scanned whole
_SPACE_CHAR = re.compile(r"\s")


def anchor_positions(text: str) -> list[int]:
    """Sorted offsets of the notation anchors: no PMID notation lies outside
    `[anchor - _BEFORE, anchor + _AFTER]` of one of them."""
    # One byte per character (anything not ASCII becomes "?"), so offsets carry over;
    # `bytes.lower` folds only ASCII, as the anchors need. Much faster than str.translate.
    low = text.encode("ascii", "replace").lower()
    starts: list[int] = []
    for anchor in _ANCHORS_BYTES:
        i = low.find(anchor)
        while i != -1:
            starts.append(i)
            i = low.find(anchor, i + len(anchor))
    for line_anchor in _LINE_ANCHORS:
        i = text.find(line_anchor)
        while i != -1:
            starts.append(i)
            i = text.find(line_anchor, i + len(line_anchor))
    if text.startswith(("PM ", "PM\t")):
        starts.append(0)
    starts.sort()
    return starts


def _windows(text: str) -> list[tuple[int, int]]:
    """Spans of `text` around the notation anchors, merged; each ends at whitespace.

    A cheap pre-filter (a case-fold that keeps offsets, then `str.find`) so the
    patterns, which have no literal prefix, do not crawl a 50 MB page. Each span
    starts `_BEFORE` characters before an anchor and ends at the first whitespace
    `_AFTER` characters after it, so `(?!\\d)` at its end sees what the whole text would.
    """
    spans: list[tuple[int, int]] = []
    for p in anchor_positions(text):
        lo = max(0, p - _BEFORE)
        if spans and lo <= spans[-1][1]:
            if p + _AFTER <= spans[-1][1]:
                continue
            lo = spans.pop()[0]
        ws = _SPACE_CHAR.search(text, min(len(text), p + _AFTER))
        spans.append((lo, ws.start() if ws else len(text)))
    return spans


def find_pmids(text: str) -> list[PmidHit]:
    """All PMIDs the text states, in order, overlapping notations merged."""
    spans = _windows(text)
    if not spans:
        return []
    if len(text) <= _WHOLE_SCAN:
        spans = [(0, len(text))]
    return _find_in(text, spans)


def first_of_each(hits: list[PmidHit]) -> list[PmidHit]:
    """One citation per PMID per entry: an entry cites one work, however often it writes
    the PMID (a link and a `PMID:`, a URL and its archived copy)."""
    seen: set[str] = set()
    out: list[PmidHit] = []
    for h in hits:
        if h.pmid not in seen:
            seen.add(h.pmid)
            out.append(h)
    return out


def _find_in(text: str, spans: list[tuple[int, int]]) -> list[PmidHit]:
    hits: list[PmidHit] = []
    for lo, hi in spans:
        _scan(text, lo, hi, hits)
    return _dedupe_overlaps(hits)


def _scan(text: str, lo: int, hi: int, hits: list[PmidHit]) -> None:
    for m in _LABEL.finditer(text, lo, hi):
        if m.group("plural"):
            base, notation = m.start("list"), _clean_notation(m.group(0))
            for n, d in enumerate(_SPLIT_IDS.finditer(m.group("list"))):
                label = m.start() if n == 0 else None  # "PMIDs" leads the first id only
                hits.append(PmidHit(d.group(), base + d.start(), base + d.end(), notation, label))
            continue
        for name in ("id", "id2", "id3", "id4", "id5"):
            if m.group(name) is not None:
                notation = _clean_notation(m.group(0))
                start = m.start(name)
                if name == "id" and _is_minus_sign(text, start, m.end("label")):
                    start -= 1  # "PMID -1": kept as written; a later stage rejects it
                digits = text[start : m.end(name)]
                if name == "id" and m.group("gs"):
                    digits = digits.translate(_GROUP_SEPARATORS)
                hits.append(PmidHit(digits, start, m.end(name), notation, m.start()))
                break
    for m in _URL.finditer(text, lo, hi):
        base = m.start("ids")
        notation = m.group(0)
        for n, d in enumerate(_SPLIT_URL_IDS.finditer(m.group("ids"))):
            label = m.start() if n == 0 else None
            hits.append(PmidHit(d.group(1), base + d.start(1), base + d.end(1), notation, label))


def _dedupe_overlaps(hits: list[PmidHit]) -> list[PmidHit]:
    """Keep the first of hits whose digit spans overlap (a label inside a URL)."""
    hits.sort(key=lambda h: (h.start, -h.end))
    out: list[PmidHit] = []
    last_end = -1
    for h in hits:
        if h.start < last_end:
            continue
        out.append(h)
        last_end = h.end
    return out
