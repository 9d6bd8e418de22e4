"""The fake server's record store: PubMed XML indexed by PMID.

The store keeps each PubmedArticle / PubmedBookArticle as the exact bytes it
was loaded with, so efetch replies are the fixture files verbatim (what the
real parser will meet), and derives a few plain facts per record (names,
years, journals) for the endpoints that NCBI computes from the same data:
esummary, esearch and ecitmatch.
"""

from __future__ import annotations

import copy
import gzip
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

ARTICLE_TAGS = ("PubmedArticle", "PubmedBookArticle")

_MONTHS = {
    m: i
    for i, m in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1
    )
}


def fold(text: str) -> str:
    """Lower-case, strip diacritics and punctuation: how PubMed's search compares words."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_ish = "".join(c for c in decomposed if not unicodedata.combining(c))
    ascii_ish = ascii_ish.replace("ß", "ss").replace("ø", "o").replace("æ", "ae").replace("ı", "i")
    return " ".join(re.sub(r"[^\w]+", " ", ascii_ish.lower()).split())


@dataclass(frozen=True)
class Author:
    last_name: str  # or the collective name
    initials: str = ""
    suffix: str = ""
    collective: bool = False

    @property
    def summary_name(self) -> str:
        """`LastName Initials[ Suffix]` as esummary writes it."""
        if self.collective:
            return self.last_name
        return " ".join(p for p in (self.last_name, self.initials, self.suffix) if p)


@dataclass(frozen=True)
class RecordFacts:
    """The facts esummary/esearch/ecitmatch need, read once from the stored XML."""

    pmid: str
    title: str
    authors: tuple[Author, ...]
    pub_date: str  # "2008 Apr", "1998 Dec-1999 Jan", "2016 Oct 14"
    pub_year: int | None
    epub_date: str  # "2017 Dec 20" or ""
    epub_year: int | None
    journal_title: str
    iso_abbreviation: str
    medline_ta: str
    issn: str
    essn: str
    nlm_unique_id: str
    volume: str
    issue: str
    pages: str
    doi: str
    publication_types: tuple[str, ...]
    languages: tuple[str, ...]
    status: str  # MedlineCitation/@Status
    publication_status: str  # ppublish / epublish / aheadofprint
    is_book: bool
    book_title: str = ""
    vernacular_title: str = ""

    @property
    def first_page(self) -> str:
        return self.pages.split("-")[0].strip()

    @property
    def journal_names(self) -> tuple[str, ...]:
        names = (self.journal_title, self.iso_abbreviation, self.medline_ta)
        return tuple(n for n in names if n)


def _text(el: etree._Element | None) -> str:
    if el is None:
        return ""
    return " ".join("".join(str(t) for t in el.itertext()).split())


def _date_string(el: etree._Element | None) -> str:
    """Render a PubDate/ArticleDate the way esummary does ("2008 Apr 5")."""
    if el is None:
        return ""
    medline = el.findtext("MedlineDate")
    if medline:
        return medline.strip()
    parts = [el.findtext("Year") or ""]
    month = (el.findtext("Month") or el.findtext("Season") or "").strip()
    if month.isdigit() and 1 <= int(month) <= 12:
        month = list(_MONTHS)[int(month) - 1]
    parts.append(month)
    day = (el.findtext("Day") or "").strip()
    parts.append(str(int(day)) if day.isdigit() else day)
    return " ".join(p for p in parts if p)


def _first_year(text: str) -> int | None:
    m = re.search(r"\b(\d{4})\b", text)
    return int(m.group(1)) if m else None


def pmid_of(article: etree._Element) -> str:
    """The PMID of a PubmedArticle or PubmedBookArticle ("" if none)."""
    pmid = article.findtext("MedlineCitation/PMID") or article.findtext("BookDocument/PMID")
    return (pmid or "").strip()


def facts_of(article: etree._Element) -> RecordFacts:
    """Derive the esummary-level facts from one article element."""
    is_book = article.tag == "PubmedBookArticle"
    if is_book:
        doc = article.find("BookDocument")
        assert doc is not None
        book = doc.find("Book")
        authors_el = doc.find("AuthorList")
        if authors_el is None and book is not None:
            authors_el = book.find("AuthorList")
        pub_date_el = book.find("PubDate") if book is not None else None
        title = _text(doc.find("ArticleTitle")) or _text(
            book.find("BookTitle") if book is not None else None
        )
        book_title = _text(book.find("BookTitle") if book is not None else None)
        ptypes = tuple(_text(p) for p in doc.iterfind("PublicationType"))
        langs = tuple(_text(x) for x in doc.iterfind("Language"))
        journal = ""
        iso = ""
        ta = ""
        issn = essn = nlm = volume = issue = pages = ""
        epub_el = None
        status = ""
        vernacular = ""
    else:
        cit = article.find("MedlineCitation")
        assert cit is not None
        art = cit.find("Article")
        assert art is not None
        authors_el = art.find("AuthorList")
        pub_date_el = art.find("Journal/JournalIssue/PubDate")
        title = _text(art.find("ArticleTitle"))
        book_title = ""
        ptypes = tuple(_text(p) for p in art.iterfind("PublicationTypeList/PublicationType"))
        langs = tuple(_text(x) for x in art.iterfind("Language"))
        journal = _text(art.find("Journal/Title"))
        iso = _text(art.find("Journal/ISOAbbreviation"))
        ta = _text(cit.find("MedlineJournalInfo/MedlineTA"))
        nlm = _text(cit.find("MedlineJournalInfo/NlmUniqueID"))
        issn = essn = ""
        for el in art.iterfind("Journal/ISSN"):
            if el.get("IssnType") == "Electronic":
                essn = _text(el)
            else:
                issn = _text(el)
        volume = _text(art.find("Journal/JournalIssue/Volume"))
        issue = _text(art.find("Journal/JournalIssue/Issue"))
        pages = _text(art.find("Pagination/MedlinePgn"))
        epub_el = art.find("ArticleDate[@DateType='Electronic']")
        status = cit.get("Status", "")
        vernacular = _text(art.find("VernacularTitle"))
    authors: list[Author] = []
    if authors_el is not None:
        for a in authors_el.iterfind("Author"):
            if a.get("ValidYN") == "N":
                continue
            coll = a.findtext("CollectiveName")
            if coll:
                authors.append(Author(_text(a.find("CollectiveName")), collective=True))
            else:
                authors.append(
                    Author(
                        _text(a.find("LastName")),
                        _text(a.find("Initials")),
                        _text(a.find("Suffix")),
                    )
                )
    doi = ""
    for aid in article.iterfind("PubmedData/ArticleIdList/ArticleId"):
        if aid.get("IdType") == "doi":
            doi = _text(aid)
    if not doi:
        for loc in article.iterfind(".//ELocationID"):
            if loc.get("EIdType") == "doi":
                doi = _text(loc)
    pub_date = _date_string(pub_date_el)
    epub_date = _date_string(epub_el)
    pub_status = (
        article.findtext("PubmedData/PublicationStatus")
        or article.findtext("PubmedBookData/PublicationStatus")
        or ""
    )
    return RecordFacts(
        pmid=pmid_of(article),
        title=title,
        authors=tuple(authors),
        pub_date=pub_date,
        pub_year=_first_year(pub_date),
        epub_date=epub_date,
        epub_year=_first_year(epub_date),
        journal_title=journal,
        iso_abbreviation=iso,
        medline_ta=ta,
        issn=issn,
        essn=essn,
        nlm_unique_id=nlm,
        volume=volume,
        issue=issue,
        pages=pages,
        doi=doi,
        publication_types=ptypes,
        languages=langs,
        status=status,
        publication_status=pub_status.strip(),
        is_book=is_book,
        book_title=book_title,
        vernacular_title=vernacular,
    )


def _parser() -> etree.XMLParser:
    # DOCTYPEs point at NCBI's DTDs; never fetch them (no network here anyway).
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def iter_articles(data: bytes) -> Iterator[etree._Element]:
    """Yield the article elements of a PubmedArticleSet (or a lone article)."""
    root = etree.fromstring(data, parser=_parser())
    if root.tag in ARTICLE_TAGS:
        yield root
        return
    for child in root:
        if child.tag in ARTICLE_TAGS:
            yield child


def serialise(article: etree._Element) -> bytes:
    """One article as UTF-8 bytes without the tail text, ready to splice into a set."""
    el = copy.copy(article)
    el.tail = None
    return etree.tostring(el, encoding="utf-8")


class RecordStore:
    """Serialised PubMed records by PMID, plus their derived facts.

    Thread-safe for reads; loading happens before the server starts (or under
    the caller's control), so no lock is needed.
    """

    def __init__(self, records: Mapping[str, bytes] | None = None) -> None:
        self._xml: dict[str, bytes] = {}
        self._facts: dict[str, RecordFacts] = {}
        if records:
            for key, data in records.items():
                self.load_bytes(data, default_pmid=key)

    # ------------------------------------------------------------------ loading

    @classmethod
    def from_dir(cls, path: Path) -> RecordStore:
        store = cls()
        store.load_dir(path)
        return store

    def load_dir(self, path: Path) -> int:
        """Load every `*.xml` and `*.xml.gz` below `path` (sorted, so loads are repeatable)."""
        count = 0
        files = sorted([*path.rglob("*.xml"), *path.rglob("*.xml.gz")])
        for file in files:
            raw = file.read_bytes()
            if file.name.endswith(".gz"):
                raw = gzip.decompress(raw)
            count += len(self.load_bytes(raw))
        return count

    def load_bytes(self, data: bytes, default_pmid: str | None = None) -> list[str]:
        """Index the articles in `data`; the last copy of a PMID wins (like update files)."""
        loaded = []
        for article in iter_articles(data):
            pmid = pmid_of(article) or (default_pmid or "")
            if not pmid:
                continue
            self._xml[pmid] = serialise(article)
            self._facts[pmid] = facts_of(article)
            loaded.append(pmid)
        return loaded

    def synthesize(self, n: int, start_pmid: int) -> list[str]:
        """Clone held records under `n` new consecutive PMIDs from `start_pmid`.

        Benchmarks need thousands of distinct PMIDs with realistic payload sizes;
        the clones cycle through the real records (sorted by PMID, so the result
        is deterministic) and only their PMID (MedlineCitation and ArticleIdList)
        changes.
        """
        sources = sorted(self._xml, key=int)
        if not sources:
            raise ValueError("no records to clone")
        new: list[str] = []
        for i in range(n):
            src = sources[i % len(sources)]
            article = etree.fromstring(self._xml[src], parser=_parser())
            pmid = str(start_pmid + i)
            for el in (
                article.find("MedlineCitation/PMID"),
                article.find("BookDocument/PMID"),
                article.find("PubmedData/ArticleIdList/ArticleId[@IdType='pubmed']"),
                article.find("PubmedBookData/ArticleIdList/ArticleId[@IdType='pubmed']"),
            ):
                if el is not None:
                    el.text = pmid
            self._xml[pmid] = serialise(article)
            self._facts[pmid] = facts_of(article)
            new.append(pmid)
        return new

    # ------------------------------------------------------------------ reading

    def get(self, pmid: str) -> bytes | None:
        return self._xml.get(pmid)

    def facts(self, pmid: str) -> RecordFacts | None:
        return self._facts.get(pmid)

    def all_facts(self) -> Iterator[RecordFacts]:
        return iter(self._facts.values())

    def pmids(self) -> list[str]:
        return list(self._xml)

    def __contains__(self, pmid: object) -> bool:
        return pmid in self._xml

    def __len__(self) -> int:
        return len(self._xml)
