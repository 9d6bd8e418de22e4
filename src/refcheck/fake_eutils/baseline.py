"""Write baseline-like PubMed files (`pubmedYYnNNNN.xml.gz`) for tests and benchmarks.

The real annual files are ~30,000 records and 30-70 MB of gzip each; nobody
wants those in a repository, and NCBI cannot be reached from here. So records
are cloned from a few real-format templates (real citation facts; the
abstract and reference texts are labelled filler that gives the records the
size and element count of 2026 baseline records, ~9 KB on average) under new
consecutive PMIDs.

The file is written as a stream (header, one record at a time, footer) through
gzip, so a 90,000-record file costs the memory of one template, not of a tree.
Each template is serialised once and split at its PMID and title slots, so
writing a record is a byte join, not an XML operation.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast

from lxml import etree

from refcheck.xmlsafe import parse_xml

HEADER = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2019//EN" '
    b'"http://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_190101.dtd">\n'
    b"<PubmedArticleSet>\n"
)
FOOTER = b"</PubmedArticleSet>\n"
_PMID_SLOT = "\x7fPMID\x7f"  # a character PubMed text never holds, easy to split on
_TITLE_SLOT = "\x7fTITLE\x7f"
_PMID_PATHS = (
    "MedlineCitation/PMID",
    "BookDocument/PMID",
    "PubmedData/ArticleIdList/ArticleId[@IdType='pubmed']",
    "PubmedBookData/ArticleIdList/ArticleId[@IdType='pubmed']",
)
_TITLE_PATHS = ("MedlineCitation/Article/ArticleTitle", "BookDocument/ArticleTitle")

_FILLER = (
    "Synthetic filler written by refcheck's baseline generator to give this record the size "
    "of a real baseline record; it is not the abstract of the cited article. "
)


def _affiliation(i: int) -> str:
    return (
        f"<AffiliationInfo><Affiliation>Department {i}, Example University Hospital, "
        "Example City, Country.</Affiliation></AffiliationInfo>"
    )


def _author(last: str, fore: str, initials: str, i: int) -> str:
    return (
        f'<Author ValidYN="Y"><LastName>{last}</LastName><ForeName>{fore}</ForeName>'
        f"<Initials>{initials}</Initials>{_affiliation(i)}</Author>"
    )


def _references(n: int) -> str:
    refs = "".join(
        f"<Reference><Citation>Filler reference {i}. Example J. 2019;{i}:{i * 3}-{i * 3 + 9}."
        f'</Citation><ArticleIdList><ArticleId IdType="doi">10.0000/filler.{i}</ArticleId>'
        f'<ArticleId IdType="pubmed">{30000000 + i}</ArticleId></ArticleIdList></Reference>'
        for i in range(1, n + 1)
    )
    return f"<ReferenceList>{refs}</ReferenceList>"


def _history(year: int) -> str:
    stamps = (("received", 1), ("accepted", 3), ("pubmed", 5), ("medline", 6), ("entrez", 5))
    dates = "".join(
        f'<PubMedPubDate PubStatus="{s}"><Year>{year}</Year><Month>{m}</Month><Day>1{m}</Day>'
        "</PubMedPubDate>"
        for s, m in stamps
    )
    return f"<History>{dates}</History>"


def _mesh(terms: Iterable[str]) -> str:
    heads = "".join(
        f'<MeshHeading><DescriptorName UI="D0{i:05d}" MajorTopicYN="N">{t}</DescriptorName>'
        "</MeshHeading>"
        for i, t in enumerate(terms)
    )
    return f"<MeshHeadingList>{heads}</MeshHeadingList>"


def _modern_article(
    *,
    pmid: str,
    authors: Sequence[tuple[str, str, str]],
    year: int,
    journal: tuple[str, str, str],
    volume: str,
    issue: str,
    pages: str,
    doi: str,
    title: str,
    n_refs: int,
) -> bytes:
    """A 2000s-2020s MEDLINE record in the shape the baseline files use (one line)."""
    title_full, iso, medline_ta = journal
    people = "".join(_author(*a, i) for i, a in enumerate(authors))
    abstract = "".join(
        f'<AbstractText Label="{label}" NlmCategory="{label}">{_FILLER * 2}</AbstractText>'
        for label in ("BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS")
    )
    return (
        '<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM" IndexingMethod="Manual">'
        f'<PMID Version="1">{pmid}</PMID><DateCompleted><Year>{year}</Year><Month>09</Month>'
        f"<Day>02</Day></DateCompleted><DateRevised><Year>2025</Year><Month>01</Month>"
        '<Day>10</Day></DateRevised><Article PubModel="Print-Electronic"><Journal>'
        '<ISSN IssnType="Print">0000-0000</ISSN><JournalIssue CitedMedium="Print">'
        f"<Volume>{volume}</Volume><Issue>{issue}</Issue><PubDate><Year>{year}</Year>"
        f"<Month>Jul</Month></PubDate></JournalIssue><Title>{title_full}</Title>"
        f"<ISOAbbreviation>{iso}</ISOAbbreviation></Journal><ArticleTitle>{title}"
        f"</ArticleTitle><Pagination><MedlinePgn>{pages}</MedlinePgn></Pagination>"
        f'<ELocationID EIdType="doi" ValidYN="Y">{doi}</ELocationID>'
        f'<Abstract>{abstract}</Abstract><AuthorList CompleteYN="Y">{people}</AuthorList>'
        '<Language>eng</Language><PublicationTypeList><PublicationType UI="D016428">'
        'Journal Article</PublicationType><PublicationType UI="D013485">Research Support, '
        "Non-U.S. Gov't</PublicationType></PublicationTypeList>"
        f'<ArticleDate DateType="Electronic"><Year>{year}</Year><Month>05</Month>'
        "<Day>20</Day></ArticleDate></Article><MedlineJournalInfo><Country>Germany</Country>"
        f"<MedlineTA>{medline_ta}</MedlineTA><NlmUniqueID>0000000</NlmUniqueID>"
        "<ISSNLinking>0000-0000</ISSNLinking></MedlineJournalInfo><CitationSubset>IM"
        "</CitationSubset>"
        + _mesh(("Animals", "Rats", "Female", "Male", "Lung", "Catalase", "Immunohistochemistry"))
        + "</MedlineCitation><PubmedData>"
        + _history(year)
        + "<PublicationStatus>ppublish</PublicationStatus><ArticleIdList>"
        f'<ArticleId IdType="pubmed">{pmid}</ArticleId><ArticleId IdType="doi">{doi}'
        "</ArticleId></ArticleIdList>" + _references(n_refs) + "</PubmedData></PubmedArticle>"
    ).encode()


def _old_article() -> bytes:
    """PMID 1 as the baseline carries it: 1975, no DOI in Article, short record."""
    return (
        '<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM" IndexingMethod="Manual">'
        '<PMID Version="1">1</PMID><DateCompleted><Year>1976</Year><Month>01</Month><Day>16'
        '</Day></DateCompleted><Article PubModel="Print"><Journal>'
        '<ISSN IssnType="Print">0006-2944</ISSN><JournalIssue CitedMedium="Print"><Volume>13'
        "</Volume><Issue>2</Issue><PubDate><Year>1975</Year><Month>Jun</Month></PubDate>"
        "</JournalIssue><Title>Biochemical medicine</Title><ISOAbbreviation>Biochem Med"
        "</ISOAbbreviation></Journal><ArticleTitle>Formate assay in body fluids: application "
        "in methanol poisoning.</ArticleTitle><Pagination><StartPage>117</StartPage><EndPage>126"
        '</EndPage><MedlinePgn>117-26</MedlinePgn></Pagination><AuthorList CompleteYN="Y">'
        + _author("Makar", "A B", "AB", 0)
        + _author("McMartin", "K E", "KE", 1)
        + _author("Palese", "M", "M", 2)
        + _author("Tephly", "T R", "TR", 3)
        + "</AuthorList><Language>eng</Language><PublicationTypeList><PublicationType "
        'UI="D016428">Journal Article</PublicationType><PublicationType UI="D013487">Research '
        "Support, U.S. Gov't, P.H.S.</PublicationType></PublicationTypeList></Article>"
        "<MedlineJournalInfo><Country>United States</Country><MedlineTA>Biochem Med</MedlineTA>"
        "<NlmUniqueID>0151424</NlmUniqueID><ISSNLinking>0006-2944</ISSNLinking>"
        "</MedlineJournalInfo>"
        + _mesh(("Aldehyde Oxidoreductases", "Animals", "Body Fluids", "Formates", "Methanol"))
        + "</MedlineCitation><PubmedData>"
        + _history(1975)
        + "<PublicationStatus>ppublish</PublicationStatus><ArticleIdList><ArticleId "
        'IdType="pubmed">1</ArticleId><ArticleId IdType="doi">10.1016/0006-2944(75)90147-7'
        "</ArticleId></ArticleIdList></PubmedData></PubmedArticle>"
    ).encode()


def _book_article() -> bytes:
    """A Bookshelf chapter (PubmedBookArticle), as some baseline records are."""
    return (
        '<PubmedBookArticle><BookDocument><PMID Version="1">20301577</PMID><ArticleIdList>'
        '<ArticleId IdType="bookaccession">NBK1116</ArticleId></ArticleIdList><Book>'
        "<Publisher><PublisherName>University of Washington, Seattle</PublisherName>"
        "<PublisherLocation>Seattle (WA)</PublisherLocation></Publisher><BookTitle "
        'book="gene">GeneReviews<sup>®</sup></BookTitle><PubDate><Year>1993</Year></PubDate>'
        '<AuthorList Type="editors"><Author><LastName>Adam</LastName><ForeName>Margaret P'
        "</ForeName><Initials>MP</Initials></Author></AuthorList><Medium>Internet</Medium>"
        "</Book><ArticleTitle>GeneReviews<sup>®</sup></ArticleTitle><Language>eng</Language>"
        '<PublicationType UI="D016454">Review</PublicationType><Abstract><AbstractText>'
        + (_FILLER * 3)
        + "</AbstractText></Abstract></BookDocument><PubmedBookData><History>"
        '<PubMedPubDate PubStatus="pubmed"><Year>2010</Year><Month>3</Month><Day>20</Day>'
        "</PubMedPubDate></History><PublicationStatus>ppublish</PublicationStatus>"
        '<ArticleIdList><ArticleId IdType="pubmed">20301577</ArticleId></ArticleIdList>'
        "</PubmedBookData></PubmedBookArticle>"
    ).encode()


def default_templates() -> tuple[bytes, ...]:
    """Real citation facts in real baseline shape, sized like 2026 baseline records."""
    magliozzi = _modern_article(
        pmid="12802597",
        authors=[
            ("Magliozzi", "Roberta", "R"),
            ("Nardacci", "Roberta", "R"),
            ("Scarsella", "Gianni", "G"),
            ("Di Carlo", "Valerio", "V"),
            ("Stefanini", "Simonetta", "S"),
        ],
        year=2003,
        journal=("Histochemistry and cell biology", "Histochem Cell Biol", "Histochem Cell Biol"),
        volume="120",
        issue="1",
        pages="41-9",
        doi="10.1007/s00418-003-0543-2",
        title="Effects of the plasticiser DEHP on lung of newborn rats: catalase "
        "immunocytochemistry and morphometric analysis.",
        n_refs=40,
    )
    hurst = _modern_article(
        pmid="12805656",
        authors=[("Hurst", "Christopher H", "CH"), ("Waxman", "David J", "DJ")],
        year=2003,
        journal=(
            "Toxicological sciences : an official journal of the Society of Toxicology",
            "Toxicol Sci",
            "Toxicol Sci",
        ),
        volume="74",
        issue="2",
        pages="297-308",
        doi="10.1093/toxsci/kfg145",
        title="Activation of PPARalpha and PPARgamma by environmental phthalate monoesters.",
        n_refs=30,
    )
    return (magliozzi, hurst, _old_article(), magliozzi, _book_article())


@dataclass(frozen=True)
class _Template:
    """A record serialised once, cut at its PMID and title slots."""

    parts: tuple[bytes, ...]
    slots: tuple[str, ...]  # "pmid" or "title" between consecutive parts

    def render(self, pmid: bytes, title_prefix: bytes) -> bytes:
        out = [self.parts[0]]
        for slot, part in zip(self.slots, self.parts[1:], strict=True):
            out.append(pmid if slot == "pmid" else title_prefix)
            out.append(part)
        return b"".join(out)


def _compile(template: bytes) -> _Template:
    """Mark the PMID and title slots in one template and split it there."""
    root = parse_xml(template)
    for path in _PMID_PATHS:
        for el in root.findall(path):
            el.text = _PMID_SLOT
    for path in _TITLE_PATHS:
        title = root.find(path)
        if title is not None:
            title.text = _TITLE_SLOT + (title.text or "")
    root.tail = None
    text = etree.tostring(root, encoding="unicode")
    parts: list[bytes] = []
    slots: list[str] = []
    rest = text
    while True:
        cuts = [(rest.find(s), s) for s in (_PMID_SLOT, _TITLE_SLOT) if s in rest]
        if not cuts:
            break
        pos, slot = min(cuts)
        parts.append(rest[:pos].encode())
        slots.append("pmid" if slot == _PMID_SLOT else "title")
        rest = rest[pos + len(slot) :]
    parts.append(rest.encode())
    return _Template(tuple(parts), tuple(slots))


def _delete_citation(pmids: Sequence[int | str]) -> bytes:
    ids = "".join(f'<PMID Version="1">{p}</PMID>' for p in pmids)
    return f"<DeleteCitation>{ids}</DeleteCitation>\n".encode()


def _open_out(path: Path, compresslevel: int) -> IO[bytes]:
    if path.name.endswith(".gz"):
        return cast(IO[bytes], gzip.open(path, "wb", compresslevel=compresslevel))
    return path.open("wb")


def write_baseline(
    path: Path | str,
    n_records: int,
    *,
    start_pmid: int,
    deletes: Sequence[int | str] = (),
    template_records: Sequence[bytes] | None = None,
    title_prefix: str = "",
    compresslevel: int = 6,
) -> Path:
    """Write `n_records` cloned records with PMIDs start_pmid, start_pmid+1, ... to `path`.

    `template_records` are PubmedArticle / PubmedBookArticle elements as bytes
    (default: `default_templates()`), used in turn. `deletes` become a
    DeleteCitation block at the end, as in update files. `title_prefix` is put
    in front of every ArticleTitle so tests can tell two copies of a PMID apart.
    The file is gzip-compressed when its name ends in `.gz`.
    """
    path = Path(path)
    templates = [_compile(t) for t in (template_records or default_templates())]
    if not templates:
        raise ValueError("no template records")
    prefix = title_prefix.encode()
    with _open_out(path, compresslevel) as out:
        out.write(HEADER)
        for i in range(n_records):
            tpl = templates[i % len(templates)]
            out.write(tpl.render(str(start_pmid + i).encode(), prefix))
            out.write(b"\n")
        if deletes:
            out.write(_delete_citation(deletes))
        out.write(FOOTER)
    return path
