"""JATS/NLM XML (PMC .nxml) -> citations from `<ref>` elements.

JATS states the claims in elements (`surname`, `year`, `source`,
`article-title`, `pub-id[@pub-id-type="pmid"]`), so nothing is guessed from
text. The article's own PMID (`article-id` in the front matter) is not a
citation. PubMed efetch XML with a `<ReferenceList>` is handled too (its
citations carry only journal and year). Entities are never resolved and the
network is never touched.
"""

from __future__ import annotations

import re

from lxml import etree

from refcheck.extract.common import YEAR, normalise
from refcheck.extract.names import name_from_parts
from refcheck.extract.reference import parse_reference
from refcheck.extract.result import PageExtraction
from refcheck.models import Citation, Claim, Marker, PersonName

_XML_DECL = re.compile(r"^\s*<\?xml[^>]{0,500}\?>")
_CITATION_TAGS = ("element-citation", "mixed-citation", "citation", "nlm-citation")


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(el: etree._Element | None) -> str:
    if el is None:
        return ""
    return normalise("".join(t for t in el.itertext() if isinstance(t, str)))


def _line(el: etree._Element) -> int | None:
    line = el.sourceline
    return line if isinstance(line, int) else None


def _parse(text: str) -> etree._Element | None:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, recover=True, load_dtd=False
    )
    try:
        root = etree.fromstring(_XML_DECL.sub("", text, count=1).encode("utf-8"), parser)
    except (etree.XMLSyntaxError, ValueError):
        return None
    return root


def _children(el: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in el.iter() if _local(c.tag) == name]


def _first(el: etree._Element, name: str) -> etree._Element | None:
    for c in el.iter():
        if _local(c.tag) == name:
            return c
    return None


def _person(name_el: etree._Element) -> tuple[str, PersonName] | None:
    surname = _text(_first(name_el, "surname"))
    given = _text(_first(name_el, "given-names"))
    suffix = _text(_first(name_el, "suffix"))
    if not surname:
        return None
    return name_from_parts(surname, given, suffix)


def _claim(cit: etree._Element) -> Claim:
    written: list[str] = []
    names: list[PersonName] = []
    groups = [
        g
        for g in _children(cit, "person-group")
        if g.get("person-group-type", "author") == "author"
    ]
    scope = groups[0] if groups else cit
    for el in scope.iter():
        tag = _local(el.tag)
        if tag == "name":
            parsed = _person(el)
            if parsed:
                written.append(parsed[0])
                names.append(parsed[1])
        elif tag == "collab":
            t = _text(el)
            if t:
                written.append(t)
                names.append(PersonName(last_name=t, collective=True))
    et_al = _first(scope, "etal") is not None
    m = YEAR.search(_text(_first(cit, "year")))
    title = _text(_first(cit, "article-title")) or None
    journal = _text(_first(cit, "source")) or None
    return Claim(
        authors=tuple(written),
        author_names=tuple(names),
        et_al=et_al,
        year=int(m.group()) if m else None,
        journal=journal,
        title=title.rstrip(".") if title else None,
    )


def extract_jats(text: str) -> PageExtraction:
    """Citations from `<ref>` elements, markers from `<xref ref-type="bibr">`."""
    root = _parse(text)
    if root is None:
        return PageExtraction(citations=())
    if _local(root.tag) in ("PubmedArticleSet", "PubmedArticle", "PubmedBookArticle"):
        return _pubmed_reference_list(root)
    citations: list[Citation] = []
    labels: list[str] = []
    label_by_id: dict[str, str] = {}
    for ref in _children(root, "ref"):
        label = _text(_first(ref, "label")).strip("[]().") or None
        ref_id = ref.get("id")
        if label:
            labels.append(label)
            if ref_id:
                label_by_id[ref_id] = label
        cits = [c for c in ref if _local(c.tag) in _CITATION_TAGS] or [ref]
        for cit in cits:
            for pub_id in _children(cit, "pub-id"):
                if (pub_id.get("pub-id-type") or "").lower() != "pmid":
                    continue
                pmid = _text(pub_id)
                if not pmid:
                    continue
                citations.append(
                    Citation(
                        pmid=pmid,
                        claim=_claim(cit),
                        label=label,
                        text=_text(cit),
                        line=_line(pub_id),
                        notation=f'<pub-id pub-id-type="pmid">{pmid}</pub-id>',
                    )
                )
    markers = _markers(root, label_by_id, labels)
    numbered = bool(labels) and all(lb.isdigit() for lb in labels)
    return PageExtraction(
        citations=tuple(citations),
        markers=tuple(markers),
        numbered=numbered,
        reference_labels=tuple(labels),
    )


# PubMed's own form of a reference: `Radiology. 2015 Jan;274(1):250-9`
_JOURNAL_FIRST = re.compile(r"^(?P<j>[^.;]{2,120})\.\s+(?P<y>" + YEAR.pattern + r")\b")


def _reference_claim(cit_text: str) -> Claim:
    """A `<Citation>`'s claims: PubMed's journal-first form, else the whole reference as a
    publisher wrote it (`Smith J, et al. Title. Journal. 2015;...`), whose first sentence
    is its authors, not its journal."""
    m = _JOURNAL_FIRST.match(cit_text)
    if m:
        return Claim(year=int(m.group("y")), journal=m.group("j").strip())
    return parse_reference(cit_text) if cit_text else Claim()


_RANGE_DASH = frozenset(["–", "-", "—", "‒", "−"])


def _markers(root: etree._Element, label_by_id: dict[str, str], labels: list[str]) -> list[Marker]:
    """`<xref>` markers; `<xref>25</xref>–<xref>33</xref>` cites 26 to 32 as well (PMC's
    form of a range: they were reported as never cited)."""
    markers: list[Marker] = []
    previous: tuple[etree._Element, str] | None = None  # the last xref, its last label
    for x in root.iter():
        if _local(x.tag) != "xref" or x.get("ref-type") != "bibr":
            continue
        rids = (x.get("rid") or "").split()
        found = tuple(label_by_id[r] for r in rids if r in label_by_id)
        if not found:
            continue
        if previous is not None and x.getprevious() is previous[0]:
            between = (previous[0].tail or "").strip()
            if between in _RANGE_DASH:
                found = (*_labels_between(labels, previous[1], found[0]), *found)
        markers.append(Marker(labels=found, text=_text(x), line=_line(x)))
        previous = (x, found[-1])
    return markers


def _labels_between(labels: list[str], first: str, last: str) -> tuple[str, ...]:
    """The reference labels strictly between two, in the list's order (none if either is
    missing or they are out of order)."""
    try:
        i, j = labels.index(first), labels.index(last)
    except ValueError:
        return ()
    return tuple(labels[i + 1 : j]) if i < j else ()


def _pubmed_reference_list(root: etree._Element) -> PageExtraction:
    """efetch XML: each `<Reference>`'s `<ArticleId IdType="pubmed">`."""
    citations: list[Citation] = []
    for ref in _children(root, "Reference"):
        cit_text = _text(_first(ref, "Citation"))
        for aid in _children(ref, "ArticleId"):
            if aid.get("IdType") != "pubmed" or not _text(aid):
                continue
            citations.append(
                Citation(
                    pmid=_text(aid),
                    claim=_reference_claim(cit_text),
                    text=cit_text,
                    line=_line(aid),
                    notation=f'<ArticleId IdType="pubmed">{_text(aid)}</ArticleId>',
                )
            )
    return PageExtraction(citations=tuple(citations))
