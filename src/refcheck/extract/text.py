"""Plain-text and Markdown pages -> citations and markers.

The page is cut into blocks (list items with their continuation lines, table
rows, paragraphs, headings). A block holding a PMID is a reference entry when
it sits under a reference heading, is a list item or table row, or reads like
a reference; otherwise it is body text and only its links carry claims.
Body mentions of a PMID that a reference entry also cites are dropped: the
entry is the claim the editor wrote, the body link is the same source again.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from refcheck.extract import tables
from refcheck.extract.common import MAX_ENTRY_CHARS, REF_HEADING, line_index, normalise, window
from refcheck.extract.markers import expand_labels, find_text_markers
from refcheck.extract.pmid import PmidHit, anchor_positions, find_pmids, first_of_each
from refcheck.extract.reference import (
    clean_entry,
    is_boilerplate,
    opens_with_title,
    parse_lines,
    parse_link_text,
    parse_reference,
)
from refcheck.extract.result import PageExtraction
from refcheck.extract.tagged import tagged_extraction
from refcheck.extract.wikitext import mask, wiki_citations
from refcheck.models import Citation, Claim, Marker

# a list item: numbered, bracketed, bulleted, or a note copied from Wikipedia with its
# back-links ("^ ", "^ a b ")
_ITEM = re.compile(
    r"^(?P<indent>[ \t]{0,12})(?:(?P<n>\d{1,4}[a-z]?)[.)]|\[(?P<b>\d{1,4}[a-z]?)\]"
    r"|\((?P<p>\d{1,3}[a-z]?)\)|[-*+•]"
    r"|\^(?:[ \t]+[a-z](?=[ \t]))*"
    r"|\[\^[\w-]{1,30}\]:)[ \t]+"  # a Markdown footnote's definition, `[^1]: Hall N, ...`
)
_BULLET_LABEL = re.compile(r"\[(\d{1,4}[a-z]?)\][ \t]")
_MARKER_HINT = re.compile("[\\[⁰¹²³⁴⁵⁶⁷⁸⁹]")
_MD_EMPHASIS = re.compile(
    r"(?<![\w*])\*(?=[^\s*])(?P<t>[^*\n]{1,500}?)(?<=[^\s*])\*(?![\w*])"
    r"|(?<![\w_])_(?=[^\s_])(?P<u>[^_\n]{1,500}?)(?<=[^\s_])_(?![\w_])"
)
_MD_HEADING = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<text>.*)$")
_SETEXT = re.compile(r"^[ \t]*(?:=+|-{3,})[ \t]*$")
_MD_LINK = re.compile(
    r"\[(?P<text>[^\[\]]{0,500})\]\(\s*+<?(?P<url>[^()\s<>]{0,2000}(?:\([^()\s]{0,200}\)[^()\s<>]{0,500})?)>?(?:\s++\"[^\"]{0,4000}\")?\s*+\)"
)
_AUTOLINK = re.compile(r"<(https?://[^<>\s]{1,2000})>")
_HTML_TAG = re.compile(r"<[^<>]{0,2000}>")
_HTML_A = re.compile(
    r"<a\s[^<>]{0,2000}href=[\"'](?P<url>[^\"']{0,2000})[\"'][^<>]{0,500}>(?P<text>[^<]{0,500})</a>",
    re.IGNORECASE,
)
_PARTIAL_PMID_LINE = re.compile(r"(?i)\bPMIDs?\b")


@dataclass
class _Block:
    start: int
    end: int
    kind: str  # item | row | para | heading
    label: str | None = None
    in_refs: bool = False
    paren: bool = False  # labelled `(1)`, not `1.` or `[1]`
    lines: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class _Link:
    start: int
    end: int
    text: str
    url: str


def _lines(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = 0
    for m in re.finditer("\n", text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


def _segment(text: str, markdown: bool) -> list[_Block]:
    """Blocks in page order; linear in the text length."""
    blocks: list[_Block] = []
    cur: _Block | None = None
    blank_since = False
    in_refs = False
    refs_level = 99
    lines = _lines(text)
    for i, (a, b) in enumerate(lines):
        line = text[a:b].rstrip("\r")
        stripped = line.strip()
        if not stripped:
            blank_since = True
            continue
        nxt = text[lines[i + 1][0] : lines[i + 1][1]] if i + 1 < len(lines) else ""
        heading_text: str | None = None
        level = 99
        hm = _MD_HEADING.match(stripped) if markdown else None
        if hm:
            heading_text, level = hm.group("text"), len(hm.group("hashes"))
        elif markdown and _SETEXT.match(nxt) and not _ITEM.match(line) and len(stripped) < 120:
            heading_text, level = stripped, 1 if nxt.strip().startswith("=") else 2
        elif _SETEXT.match(line) and cur is not None and cur.kind == "heading":
            cur.end = b
            continue
        elif len(stripped) <= 40 and REF_HEADING.match(stripped):
            heading_text, level = stripped, 98
        if heading_text is not None:
            if REF_HEADING.match(heading_text.strip().strip("*_:")):
                in_refs, refs_level = True, level
            elif in_refs and level <= refs_level:
                in_refs = False
            cur = _Block(a, b, "heading", in_refs=in_refs)
            blocks.append(cur)
            blank_since = False
            continue
        im = _ITEM.match(line)
        indented = len(line) - len(line.lstrip()) >= 2
        if stripped.startswith("|"):
            cur = _Block(a, b, "row", label=tables.list_label(line, bare=in_refs), in_refs=in_refs)
            blocks.append(cur)
        elif im:
            # `- [1] Eichenberger ...`: a bulleted list whose items carry their numbers
            written = _BULLET_LABEL.match(line, im.end())
            cur = _Block(
                a,
                b,
                "item",
                label=im.group("n") or im.group("b") or im.group("p") or (written and written[1]),
                in_refs=in_refs,
                paren=im.group("p") is not None,
            )
            blocks.append(cur)
        elif (cur is not None and cur.kind == "item" and (not blank_since or indented)) or (
            cur is not None and cur.kind == "para" and not blank_since
        ):
            cur.end = b
        else:
            cur = _Block(a, b, "para", in_refs=in_refs)
            blocks.append(cur)
        blank_since = False
    return blocks


def _links(text: str, start: int, end: int, markdown: bool) -> list[_Link]:
    seg = text[start:end]
    out: list[_Link] = []
    if markdown:
        for m in _MD_LINK.finditer(seg):
            out.append(_Link(start + m.start(), start + m.end(), m.group("text"), m.group("url")))
        for m in _AUTOLINK.finditer(seg):
            out.append(_Link(start + m.start(), start + m.end(), m.group(1), m.group(1)))
    for m in _HTML_A.finditer(seg):
        out.append(_Link(start + m.start(), start + m.end(), m.group("text"), m.group("url")))
    return out


def to_plain(segment: str, markdown: bool) -> str:
    """Entry text as a reader sees it: links replaced by their text, tags dropped."""
    if markdown:
        segment = _MD_LINK.sub(lambda m: m.group("text"), segment)
        segment = _AUTOLINK.sub(lambda m: m.group(1), segment)
        segment = re.sub(r"(?m)^[ \t]*>[ \t]?", "", segment)
        segment = re.sub(r"\{[.#][^{}]{0,200}\}", "", segment)  # pandoc attributes
        segment = segment.replace("**", "").replace("__", "")
        # single emphasis: `*Genome Research*`, `_Lancet_` (not a list bullet, not snake_case)
        segment = _MD_EMPHASIS.sub(lambda m: m.group("t") or m.group("u"), segment)
    segment = _HTML_TAG.sub(" ", segment)
    return normalise(segment)


def _cites_by_named_links(blk: _Block, hits: list[PmidHit], links: list[_Link]) -> bool:
    """A paragraph of prose citing several papers by links whose texts name them
    (`Eichenberger 2008 controlled study`, `a randomized controlled trial`): each link is
    a citation of its own, however much of the prose reads like a reference. Read as
    reference entries, links to the same paper were merged and prose became claims."""
    if blk.kind != "para" or blk.in_refs or len({h.pmid for h in hits}) < 2:
        return False
    for h in hits:
        link = next(_links_at(links, h.start), None)
        if link is None or is_boilerplate(link.text):
            return False
    return True


def _reference_like(plain: str) -> bool:
    if len(plain) > MAX_ENTRY_CHARS:
        return False
    claim = parse_reference(plain)
    return bool(claim.authors and claim.journal)


def _links_at(links: list[_Link], pos: int) -> Iterator[_Link]:
    """The links whose markup holds `pos` (a PMID in a link's URL or text)."""
    return (ln for ln in links if ln.start <= pos < ln.end)


def _link_claim(links: list[_Link], pos: int) -> Claim:
    """What the first link holding `pos` that says anything claims (else nothing)."""
    for ln in _links_at(links, pos):
        alt = parse_link_text(ln.text)
        if alt != Claim():
            return alt
    return Claim()


def _entry_claim(
    plain: str, hit: PmidHit, links: list[_Link], prefer_link: bool = False, whole: bool = True
) -> Claim:
    """`whole`: `plain` is a whole entry, whose text may be read as a bare title when nothing
    else reads (a piece of a block is not: a fragment read as a title is a false alarm)."""
    link_claim: Claim | None = None  # read once, only if needed
    if prefer_link:
        link_claim = _link_claim(links, hit.start)
        if link_claim != Claim():
            return _linked_title_entry(plain, link_claim) or link_claim
    claim = parse_reference(plain)
    if claim.authors or claim.journal:
        return claim
    if link_claim is None:
        link_claim = _link_claim(links, hit.start)
    if link_claim != Claim():
        return link_claim
    if whole and not claim.title:
        alt = parse_link_text(clean_entry(plain))
        # "Erratum PMID: 123": what is left of a piece that is little more than its PMID
        if alt.title and len(alt.title) <= 300 and not _PARTIAL_PMID_LINE.search(alt.title):
            return alt
    return claim


def _linked_title_entry(plain: str, link_claim: Claim) -> Claim | None:
    """The whole entry's claim when its link is its title, first (PubMed's summary on a
    page: `[Title.](url) Hall N, Eldabe S. Br J Pain. 2018`) and the entry reads that title
    with its authors and journal: the link's text alone claimed the title only, and a PMID
    of another paper with a like title went unnoticed."""
    if link_claim.authors or link_claim.journal or not link_claim.title:
        return None
    if not opens_with_title(plain, link_claim.title):
        return None
    claim = parse_reference(plain)
    same = claim.title == link_claim.title and bool(claim.authors and claim.journal)
    return claim if same else None


def extract_text(
    text: str, markdown: bool, line_map: Sequence[int] | None = None
) -> PageExtraction:
    """Citations, markers and reference labels from a text or Markdown page.

    `line_map[i]` is the source line of the text's line i+1, for callers (HTML)
    that hand over a rendering of the page rather than the page itself.
    """
    base = line_index(text)
    lm = line_map or ()

    def line_of(offset: int) -> int:
        if not lm:
            return base(offset)
        return lm[min(base(offset) - 1, len(lm) - 1)]

    # a bibliographic file (UniProt, GenBank, MEDLINE, Web of Science) is read by its tags
    if (tagged := tagged_extraction(text, line_of)) is not None:
        return tagged
    # wiki citation templates and <ref> notes first: their fields are exact claims; the
    # rest of the pass sees the page with them blanked out
    wiki = wiki_citations(text, line_of)
    text = mask(text, wiki.spans)
    blocks = _segment(text, markdown)
    anchors = anchor_positions(text)  # a block with none holds no PMID: skip the scan
    entries: list[Citation] = list(wiki.citations)
    body: list[Citation] = []
    ref_labels: list[str] = []
    markers: list[Marker] = []
    # `(1)` in the text cites entry 1 only where the list itself is labelled `(1)`, `(2)`:
    # elsewhere it enumerates ("(1) rest, (2) ice")
    paren_list = sum(1 for blk in blocks if blk.paren and blk.in_refs) >= 2
    plain_cell = functools.partial(to_plain, markdown=markdown)
    table_rows, table_heads = _tables(text, blocks, plain_cell)
    for n, blk in enumerate(blocks):
        raw = text[blk.start : blk.end]
        if n in table_heads:
            continue
        if n in table_rows:
            entries.extend(_row_citations(blk, raw, table_rows[n], line_of, plain_cell))
            continue
        i = bisect_left(anchors, blk.start - 1)  # "\nPM 123": the anchor is the newline
        hits = find_pmids(raw) if i < len(anchors) and anchors[i] < blk.end else []
        is_entry_kind = blk.kind in ("item", "row") or blk.in_refs
        if blk.in_refs and blk.kind in ("item", "row") and blk.label:
            ref_labels.append(blk.label)
        if not hits:
            if not blk.in_refs and blk.kind != "heading" and not (blk.kind == "item" and blk.label):
                markers.extend(_markers(raw, blk.start, line_of, markdown, paren_list))
            continue
        links = _links(text, blk.start, blk.end, markdown)
        shifted = [h.shifted(blk.start) for h in hits]
        plain_block = to_plain(raw, markdown) if len(raw) <= 4 * MAX_ENTRY_CHARS else ""
        if blk.kind == "item":
            plain_block = _ITEM.sub("", plain_block, count=1)
        elif blk.kind == "row" and plain_block:
            plain_block = tables.entry_text(raw, plain_cell)
        if (
            blk.kind != "heading"
            and plain_block
            and (
                is_entry_kind
                or (not _cites_by_named_links(blk, shifted, links) and _reference_like(plain_block))
            )
        ):
            if blk.label and not blk.in_refs:
                ref_labels.append(blk.label)
            entries.extend(
                _entry_citations(blk, raw, shifted, plain_block, links, line_of, markdown)
            )
        elif blk.kind != "heading" and not plain_block:
            entries.extend(_long_block_citations(text, shifted, links, line_of, markdown))
        else:
            body.extend(_body_citations(text, shifted, links, line_of, markdown))
            markers.extend(_markers(raw, blk.start, line_of, markdown, paren_list))
    cited = {c.pmid for c in entries}
    citations = entries + [c for c in body if c.pmid not in cited]
    citations.sort(key=lambda c: c.line or 0)
    numbered_entries = [c for c in entries if c.label]
    numbered = len(ref_labels) >= 2 and len(numbered_entries) * 2 >= len(entries) > 0
    return PageExtraction(
        citations=tuple(citations),
        markers=tuple(markers),
        numbered=numbered,
        reference_labels=tuple(ref_labels),
    )


def _after_heading_line(raw: str, markdown: bool) -> Claim | None:
    """`- [BEDTools](url)` then an indented citation: the citation is the claim."""
    first, sep, rest = raw.partition("\n")
    if not sep or not rest.strip():
        return None
    head = _ITEM.sub("", to_plain(first, markdown), count=1)
    structured = parse_lines([head, *(to_plain(x, markdown) for x in rest.split("\n"))])
    if structured is not None:
        return structured
    if len(head.split()) > 5:
        return None
    claim = parse_reference(to_plain(rest, markdown))
    return claim if claim.authors else None


# a line that ends the entry above it rather than starting one: PubMed's exports put
# "PMCID: ..." or "doi: ..." on a line of their own
_TAIL_LINE = re.compile(r"[ \t]*(?:PMCID|PMC\d|doi\b|Free\b|Epub\b|https?://)", re.IGNORECASE)
# what closes a PMID ("(PMID 123).") and what joins two references on one line ("; and see")
_CLOSERS = ")]}/.,;: \t"
_JOINER = re.compile(r"^[\s),.;:\]}|–—-]*(?:(?:and|or|also|see(?:[ \t]+also)?|cf\.?)\s+)*", re.I)
_LEAD_CHARS = " \t-–—:|*#[](){}.,;"


def _line_end(raw: str, pos: int) -> int:
    nl = raw.find("\n", pos)
    return len(raw) if nl == -1 else nl


def _pmid_last_cuts(raw: str, hits: list[tuple[int, int, str]]) -> list[int]:
    """Where each entry ends when the PMID closes its entry: at the end of the PMID's line
    (and of the lines that finish it, `_TAIL_LINE`), or just after the PMID when another
    PMID follows on its line."""
    # for each hit, the index of the next hit with another PMID (hits are in page order)
    other = [len(hits)] * len(hits)
    for i in range(len(hits) - 2, -1, -1):
        other[i] = i + 1 if hits[i + 1][2] != hits[i][2] else other[i + 1]
    cuts: list[int] = []
    for i, (_, end, _) in enumerate(hits):
        if cuts and end <= cuts[-1]:
            continue
        cut = _line_end(raw, end)
        j = other[i]
        if j < len(hits) and hits[j][0] < cut:
            if j > i + 1:
                continue  # the same PMID again before the next one: cut after that copy
            cut = end
            while cut < len(raw) and raw[cut] in _CLOSERS:
                cut += 1
        else:
            while cut < len(raw) and _TAIL_LINE.match(raw, cut + 1):
                cut = _line_end(raw, cut + 1)
        cuts.append(cut)
    return cuts


def _entry_pieces(
    blk: _Block, raw: str, hits: list[PmidHit], markdown: bool
) -> list[tuple[str, list[PmidHit]]] | None:
    """A block that cites several PMIDs, cut into one piece per entry, so that each PMID is
    judged against its own reference: read as one entry, every PMID after the first got the
    first reference's claim, a false alarm each (references pasted one under another, two
    on one line, an erratum's PMID below its entry).

    Where the PMID closes its entry (the usual way) an entry ends with its PMID's line, or
    just after the PMID when another PMID follows on that line; where PMIDs lead their
    entries (`PMID 123 - Smith J ...`) an entry runs from its PMID to the next one. None
    when the block cites one PMID, however often.
    """
    if len({h.pmid for h in hits}) < 2:
        return None
    rel = [(h.start - blk.start, h.end - blk.start, h.pmid) for h in hits]
    first_line = raw[raw.rfind("\n", 0, rel[0][0]) + 1 : rel[0][0]]
    if blk.kind == "item":
        first_line = _ITEM.sub("", first_line, count=1)
    if len(first_line.strip(_LEAD_CHARS)) >= 12:
        cuts = _pmid_last_cuts(raw, rel)
        cuts[-1] = len(raw)
    else:  # the PMID leads its entry
        starts = [
            h.begins - blk.start for i, h in enumerate(hits) if i and hits[i - 1].pmid != h.pmid
        ]
        cuts = [*starts, len(raw)]
    pieces: list[tuple[str, list[PmidHit]]] = []
    start, k = 0, 0
    for end in cuts:
        piece = to_plain(raw[start:end], markdown)
        piece = _ITEM.sub("", piece, count=1) if not pieces and blk.kind == "item" else piece
        inside: list[PmidHit] = []
        while k < len(hits) and rel[k][0] < end:
            inside.append(hits[k])
            k += 1
        pieces.append((_JOINER.sub("", piece, count=1) if pieces else piece, inside))
        start = end
    return pieces


def _entry_citations(
    blk: _Block,
    raw: str,
    hits: list[PmidHit],
    plain: str,
    links: list[_Link],
    line_of: Callable[[int], int],
    markdown: bool,
) -> list[Citation]:
    prefer_link = blk.kind == "para" and not blk.in_refs
    pieces = _entry_pieces(blk, raw, hits, markdown)
    if pieces is not None:
        return [
            _citation(
                h, _entry_claim(piece, h, links, prefer_link, False), piece, line_of, blk.label
            )
            for piece, piece_hits in pieces
            for h in first_of_each(piece_hits)
        ]
    out: list[Citation] = []
    rest_claim = _after_heading_line(raw, markdown) if blk.kind == "item" else None
    for h in first_of_each(hits):
        claim = _entry_claim(plain, h, links, prefer_link, whole=blk.kind != "row")
        if rest_claim is not None:
            claim = rest_claim
        out.append(_citation(h, claim, plain, line_of, blk.label))
    return out


def _tables(
    text: str, blocks: list[_Block], plain: Callable[[str], str]
) -> tuple[dict[int, tables.Header], set[int]]:
    """The rows of tables whose header names columns refcheck reads (block index -> the
    header), and the indexes of those headers and their Markdown separator lines.
    `plain`: a cell's markup -> its text."""
    rows: dict[int, tables.Header] = {}
    heads: set[int] = set()
    header: tables.Header | None = None
    last_row_end = -1
    for n, blk in enumerate(blocks):
        if blk.kind != "row":
            header, last_row_end = None, -1
            continue
        row = text[blk.start : blk.end]
        first_of_table = last_row_end < 0 or "\n\n" in text[last_row_end : blk.start]
        last_row_end = blk.end
        if first_of_table:
            header = tables.read_header(row, plain)
            if header is not None:
                heads.add(n)
            elif n and (above := _header_without_bars(text, blocks[n - 1], plain)):
                header, rows[n] = above, above
        elif header is not None:
            if tables.is_separator(row):
                heads.add(n)
            else:
                rows[n] = header
    return rows, heads


def _header_without_bars(
    text: str, blk: _Block, plain: Callable[[str], str]
) -> tables.Header | None:
    """GitHub's table whose header and separator lines do not start with a bar
    (`Study | Year | PMID` then `---|---|---`): read as a paragraph above the rows."""
    if blk.kind != "para":
        return None
    lines = text[blk.start : blk.end].split("\n")
    if len(lines) != 2 or "|" not in lines[0] or not tables.is_separator(lines[1]):
        return None
    return tables.read_header("|" + lines[0], plain)


def _row_citations(
    blk: _Block,
    raw: str,
    header: tables.Header,
    line_of: Callable[[int], int],
    plain: Callable[[str], str],
) -> list[Citation]:
    """A table row: its PMIDs (also a bare number in the `PMID` column), claiming what
    its cells say."""
    hits = find_pmids(raw)
    bare = tables.bare_pmid(header, raw)
    if bare is not None and not any(h.pmid == bare[0] for h in hits):
        hits.append(PmidHit(bare[0], bare[1], bare[2], "PMID column"))
    if not hits:
        return []
    claim = tables.row_claim(header, raw, plain)
    return [
        _citation(h.shifted(blk.start), claim, plain(raw), line_of)
        for h in first_of_each(sorted(hits, key=lambda h: h.start))
    ]


def _citation(
    hit: PmidHit, claim: Claim, text: str, line_of: Callable[[int], int], label: str | None = None
) -> Citation:
    return Citation(
        pmid=hit.pmid,
        claim=claim,
        label=label,
        text=text,
        line=line_of(hit.start),
        notation=hit.notation,
    )


def _long_block_citations(
    text: str,
    hits: list[PmidHit],
    links: list[_Link],
    line_of: Callable[[int], int],
    markdown: bool,
) -> list[Citation]:
    """A huge block (a data file, a wiki paragraph): the hit's own line is the entry."""
    out: list[Citation] = []
    seen: set[tuple[str, int]] = set()
    for h in hits:
        a = text.rfind("\n", 0, h.start) + 1
        b = text.find("\n", h.end)
        b = len(text) if b < 0 else b
        if b - a > MAX_ENTRY_CHARS:
            a, b = max(a, h.start - 300), min(b, h.end + 300)
        key = (h.pmid, a)
        if key in seen:
            continue
        seen.add(key)
        plain = to_plain(text[a:b], markdown)
        out.append(_citation(h, _entry_claim(plain, h, links), plain, line_of))
    return out


def _body_citations(
    text: str,
    hits: list[PmidHit],
    links: list[_Link],
    line_of: Callable[[int], int],
    markdown: bool,
) -> list[Citation]:
    """Body mentions: a link's text is its claim; a bare mention claims nothing."""
    out: list[Citation] = []
    for i, h in enumerate(hits):
        link = next(_links_at(links, h.start), None)
        if i and _same_mention(text, hits[i - 1], h, link):
            continue
        if link is not None:
            claim = parse_link_text(link.text)
            shown = to_plain(link.text, markdown)
        else:
            claim = Claim()
            shown = to_plain(window(text, h.start, h.end, 150), markdown)
        out.append(
            Citation(
                pmid=h.pmid, claim=claim, text=shown, line=line_of(h.start), notation=h.notation
            )
        )
    return out


def _same_mention(text: str, prev: PmidHit, hit: PmidHit, link: _Link | None) -> bool:
    """`hit` writes again the PMID `prev` just wrote: in the same link (`[PMID 123](https://
    pubmed.ncbi.nlm.nih.gov/?term=123)`, its text and its URL) or with nothing but spaces and
    punctuation between (`PMID 123, https://pubmed.ncbi.nlm.nih.gov/123/`). One mention, one
    citation: each was counted twice, in the report and its totals."""
    if hit.pmid != prev.pmid:
        return False
    if link is not None and link.start <= prev.start:
        return True
    return not any(c.isalnum() for c in text[prev.end : hit.begins])


def _markers(
    raw: str, offset: int, line_of: Callable[[int], int], markdown: bool, paren: bool
) -> list[Marker]:
    if not (_MARKER_HINT.search(raw) or (paren and "(" in raw)):
        return []  # every marker holds `[`, `(` or a superscript digit: skip the scans
    found = find_text_markers(raw, lambda i: line_of(offset + i), paren=paren)
    if markdown:
        for m in _MD_LINK.finditer(raw):
            t = m.group("text").strip()
            if re.fullmatch(r"\d{1,4}(?:\s*[-–,]\s*\d{1,4}){0,30}", t):
                labels = expand_labels(t)
                if labels:
                    found.append(Marker(labels=labels, text=t, line=line_of(offset + m.start())))
    return found
