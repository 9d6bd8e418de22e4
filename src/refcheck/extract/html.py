"""HTML pages -> citations, by rendering the DOM to Markdown-like text.

Rather than a second set of entry/body rules, the DOM is rendered to the same
line-oriented form the text extractor understands (`<li>` -> `N. ` items with
their `<ol>` position, `<a href>` -> `[text](href)`, headings -> `#`, marker
`<sup>` -> superscript digits), with a map back to source lines. The walk is
iterative (lxml.etree.iterwalk), so deeply nested markup cannot blow the stack.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import replace

from lxml import etree
from lxml import html as lxml_html

from refcheck.extract.common import WHITESPACE, normalise
from refcheck.extract.markers import sup_labels
from refcheck.extract.result import PageExtraction
from refcheck.extract.text import extract_text
from refcheck.models import Citation

_SUP_CHARS = frozenset("⁰¹²³⁴⁵⁶⁷⁸⁹")

_DROP = frozenset(
    {
        "script",
        "style",
        "nav",
        "noscript",
        "template",
        "head",
        "svg",
        "math",
        "iframe",
        "object",
        "button",
        "select",
        "form",
    }
)
_BLOCK = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "aside",
        "main",
        "header",
        "footer",
        "blockquote",
        "pre",
        "table",
        "ul",
        "ol",
        "dl",
        "dd",
        "dt",
        "figure",
        "figcaption",
        "details",
        "summary",
        "address",
        "hr",
        "body",
    }
)
_HEADINGS = {f"h{i}": i for i in range(1, 7)}
_REF_CONTAINER = re.compile(
    r"(?:^|[\s_-])(?:references?|refs|bibliography|ref-?list|reflist|citations|footnotes"
    r"|csl-bib-body)(?:$|[\s_-])",
    re.IGNORECASE,
)
# The links from a note back to where it is cited (MediaWiki's "^ a b", footnotes' "↩"):
# they would start or end the entry's text and are no part of the reference.
_BACKLINK = re.compile(r"(?:^|\s)(?:mw-cite-backlink|footnote-backref|footnote-back)(?:$|\s)")
_SUP_DIGITS = str.maketrans("0123456789-–,", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁻,")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]{0,500}\?>")


class _Renderer:
    """Accumulates rendered text and, per output line, its source line."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.line_map: list[int] = [1]
        self.cur_line = 1

    def emit(self, s: str) -> None:
        if not s:
            return
        self.parts.append(s)
        if "\n" in s:
            self.line_map.extend([self.cur_line] * s.count("\n"))

    def at_line_start(self) -> bool:
        return not self.parts or self.parts[-1].endswith("\n")

    def tail_chars(self, n: int = 60) -> str:
        """The last `n` characters rendered (built on demand: only superscripts ask)."""
        last: list[str] = []
        size = 0
        for part in reversed(self.parts):
            last.append(part)
            size += len(part)
            if size >= n:
                break
        return "".join(reversed(last))[-n:]

    def text(self, s: str | None) -> None:
        if s:
            # every whitespace character but " " is unprintable: most text nodes need no sub
            if s.isspace():  # the indentation between tags
                self.emit(" ")
            else:
                self.emit(s if s.isprintable() and "  " not in s else WHITESPACE.sub(" ", s))

    def render(self) -> str:
        return "".join(self.parts)


def _parse(text: str) -> tuple[etree._Element | None, bool]:
    """(document, complete). Not complete when libxml2 gave up or hit a resource limit
    (nesting deeper than ~255 levels): the tree then silently lacks the rest of the page."""
    text = _XML_DECL.sub("", text, count=1)
    if not text.strip():
        return None, True
    parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=False)
    try:
        doc = lxml_html.document_fromstring(text, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None, False
    limited = any(
        e.type_name == "ERR_RESOURCE_LIMIT" or "Excessive depth" in e.message
        for e in parser.error_log
    )
    return doc, not limited


_ANY_TAG = re.compile(
    r"<(/?)([A-Za-z][A-Za-z0-9-]{0,30})\b[^<>]{0,5000}>|<![^<>]{0,5000}>|<\?[^<>]{0,5000}>"
)
_LINE_TAGS = _BLOCK | frozenset({"li", "tr", "br", *_HEADINGS})


def plain_text(source: str) -> tuple[str, list[int]]:
    """Tags stripped by a regex (the fallback when the parser cannot build the tree):
    block tags become line breaks, entities are decoded; with each output line's source
    line."""
    r = _Renderer()
    pos = 0
    line = 1
    for m in _ANY_TAG.finditer(source):
        chunk = source[pos : m.start()]
        _emit_lines(r, html_lib.unescape(chunk), line)
        line += chunk.count("\n")
        tag = (m.group(2) or "").lower()
        r.cur_line = line
        r.emit("\n" if tag in _LINE_TAGS else " ")
        line += m.group().count("\n")
        pos = m.end()
    _emit_lines(r, html_lib.unescape(source[pos:]), line)
    return r.render(), r.line_map


def _emit_lines(r: _Renderer, chunk: str, line: int) -> None:
    for i, piece in enumerate(chunk.split("\n")):
        r.cur_line = line + i
        if i:
            r.emit("\n")
        r.emit(piece)


def _content(el: etree._Element) -> str:
    """All text under el (lxml.html's text_content, typed for etree elements)."""
    return "".join(t for t in el.itertext() if isinstance(t, str))


def _link_text(el: etree._Element) -> str:
    t = normalise(_content(el))
    return t.replace("[", "(").replace("]", ")")


def _href(el: etree._Element) -> str:
    h = (el.get("href") or "").strip()
    return h.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def render(doc: etree._Element) -> tuple[str, list[int]]:
    """DOM -> (Markdown-like text, source line of each output line)."""
    r = _Renderer()
    flat = 0  # > 0 inside an element rendered on one line (li, heading, row)
    skip: etree._Element | None = None  # subtree already rendered or dropped
    lists: list[int | None] = []  # per open list: next <ol> number, None for <ul>
    for event, el in etree.iterwalk(doc, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        tag = tag.lower()
        if event == "start":
            if skip is not None:
                continue
            if isinstance(el.sourceline, int):
                r.cur_line = el.sourceline
            if tag in _DROP or not tag or _BACKLINK.search(el.get("class") or ""):
                skip = el
                continue
            if tag in _HEADINGS:
                r.emit("\n\n" + "#" * _HEADINGS[tag] + " ")
                flat += 1
            elif tag == "li":
                if flat == 0:
                    prefix = "- "
                    if lists and lists[-1] is not None:
                        value = (el.get("value") or "").strip()
                        number = int(value) if value.isdigit() else lists[-1]
                        prefix = f"{number}. "
                        lists[-1] = number + 1
                    r.emit("\n" + prefix)
                else:
                    r.emit(" ")
                flat += 1
            elif tag == "tr":
                # rows on consecutive lines, as the table reader needs them: no blank line
                # between two rows (minified markup), none for thead/tbody (not blocks)
                r.emit(("| " if r.at_line_start() else "\n| ") if flat == 0 else " ")
                flat += 1
            elif tag in ("td", "th"):
                r.emit(" | ")
            elif tag == "br":
                r.emit("\n" if flat == 0 else " ")
            elif tag in _BLOCK:
                ref_box = _REF_CONTAINER.search(f"{el.get('id', '')} {el.get('class', '')}")
                if tag == "ol":
                    start = (el.get("start") or "1").strip()
                    lists.append(int(start) if start.isdigit() else 1)
                elif tag == "ul":
                    lists.append(None)
                r.emit(" " if flat else "\n\n")
                if ref_box and flat == 0 and tag not in ("ol", "ul"):
                    r.emit("# References\n\n")
            if tag == "a" and el.get("href"):
                r.emit(f"[{_link_text(el)}]({_href(el)})")
                skip = el
                continue
            if tag == "sup":
                before = r.tail_chars()
                labels = sup_labels(_content(el), before)
                if labels:
                    if before.rstrip()[-1:] in _SUP_CHARS:
                        r.emit("˒")  # keep `<sup>2</sup><sup>3</sup>` as 2 and 3, not 23
                    r.emit(WHITESPACE.sub("", _content(el)).strip("[]()").translate(_SUP_DIGITS))
                    skip = el
                    continue
            r.text(el.text)
        else:
            if skip is el:
                skip = None
            elif skip is not None:
                continue
            elif tag in _HEADINGS:
                flat -= 1
                r.emit("\n\n")
            elif tag in ("li", "tr"):
                flat -= 1
                if flat == 0:
                    r.emit("\n")
            elif tag in _BLOCK:
                if tag in ("ol", "ul") and lists:
                    lists.pop()
                r.emit(" " if flat else "\n\n")
            if el.tail:
                r.text(el.tail)
    return r.render(), r.line_map


def extract_html(text: str) -> PageExtraction:
    """Citations and markers from an HTML page (never raises on bad markup)."""
    doc, complete = _parse(text)
    if doc is not None and complete:
        rendered, line_map = render(doc)
        result = extract_text(rendered, markdown=True, line_map=line_map)
    elif not complete:
        # the parser gave up or dropped what lies too deep: read the page as plain text
        rendered, line_map = plain_text(text)
        result = extract_text(rendered, markdown=False, line_map=line_map)
    else:
        return PageExtraction(citations=())
    return replace(result, citations=tuple(_exact_lines(text, result.citations)))


def _exact_lines(source: str, citations: tuple[Citation, ...]) -> list[Citation]:
    """Move each citation from its block's first line to the line holding its PMID."""
    lines = source.split("\n")
    out: list[Citation] = []
    for c in citations:
        start = (c.line or 1) - 1
        for i in range(start, min(len(lines), start + 200)):
            if _holds_number(lines[i], c.pmid):
                c = replace(c, line=i + 1)
                break
        out.append(c)
    return out


def _holds_number(line: str, digits: str) -> bool:
    """`digits` stands in `line` as a whole number (str.find: no regex per citation)."""
    i = line.find(digits)
    while i != -1:
        end = i + len(digits)
        if (i == 0 or not line[i - 1].isdigit()) and (end == len(line) or not line[end].isdigit()):
            return True
        i = line.find(digits, i + 1)
    return False
