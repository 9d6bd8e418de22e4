"""efetch `PubmedArticleSet` XML -> PubMedRecord. Pure: no I/O, no HTTP.

The same element shapes arrive from live efetch replies, the cache (one
serialised article per PMID) and the annual baseline files, so `parse_article`
is the single place that knows PubMed's field rules (eutils-protocol.md §4).
Anything that is not a proper PubmedArticleSet raises EutilsParseError: a
failed reply must never be mistaken for "no such PMID".
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from lxml import etree

from refcheck.errors import EutilsParseError
from refcheck.models import CommentCorrection, PersonName, PubMedRecord
from refcheck.xmlsafe import parse_xml

ARTICLE_TAGS = ("PubmedArticle", "PubmedBookArticle")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_YEAR = re.compile(r"\b(\d{4})\b")
_ERROR_ROOTS = ("eFetchResult", "pmFetchResult", "eSummaryResult", "ERROR")


@dataclass(frozen=True)
class EfetchBatch:
    """One efetch reply: parsed records, their raw XML for the cache, deletions.

    A PMID that was asked for but is in neither `records` nor `deleted` was
    silently omitted by NCBI, which means "not found".
    """

    records: Mapping[str, PubMedRecord]
    raw: Mapping[str, bytes]
    deleted: tuple[str, ...] = ()


# --------------------------------------------------------------------------- helpers


def _norm(text: str | None) -> str:
    return " ".join(text.split()) if text else ""


def _text(elem: etree._Element | None) -> str:
    """Whitespace-normalised text including inline markup (`<i>`, `<sup>`)."""
    if elem is None:
        return ""
    if not len(elem):  # a leaf, as most are: no need to walk it
        return _norm(elem.text)
    return _norm("".join(str(t) for t in elem.itertext()))


def _int(text: str | None) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isdigit() else None


def _initials_from(fore_name: str) -> str:
    return "".join(w[0] for w in re.split(r"[\s\-.]+", fore_name) if w and w[0].isalpha()).upper()


_NOT_LETTER = re.compile(r"[^A-Za-z]")
_PERSON_PARTS = frozenset({"CollectiveName", "LastName", "ForeName", "Initials", "Suffix"})


def _person(author: etree._Element) -> PersonName | None:
    # one pass over the children (a record can list hundreds of authors)
    parts: dict[object, etree._Element] = {}
    for child in author:
        if child.tag in _PERSON_PARTS:
            parts.setdefault(child.tag, child)
    collective = _text(parts.get("CollectiveName"))
    if collective:
        return PersonName(last_name=collective, collective=True)
    last = _text(parts.get("LastName"))
    fore = _text(parts.get("ForeName"))
    if not last and not fore:
        return None
    initials = _NOT_LETTER.sub("", _text(parts.get("Initials"))).upper()
    return PersonName(
        last_name=last or fore,
        initials=initials or _initials_from(fore),
        fore_name=fore if last else "",
        suffix=_text(parts.get("Suffix")),
    )


def _authors(author_list: etree._Element | None) -> tuple[PersonName, ...]:
    """Valid authors in order; ValidYN="N" marks a superseded spelling, not a person."""
    if author_list is None:
        return ()
    people = (
        _person(a) for a in author_list.findall("Author") if a.get("ValidYN", "Y").upper() != "N"
    )
    return tuple(p for p in people if p is not None)


def _pub_date(pub_date: etree._Element | None) -> tuple[int | None, int | None, str]:
    """(first year, last year of a range or None, date string as PubMed writes it)."""
    if pub_date is None:
        return None, None, ""
    medline = _norm(pub_date.findtext("MedlineDate"))
    if medline:
        years = [int(y) for y in _YEAR.findall(medline)]
        first = years[0] if years else None
        last = years[-1] if years and years[-1] != first else None
        return first, last, medline
    year = _norm(pub_date.findtext("Year"))
    month = _norm(pub_date.findtext("Month"))
    if month.isdigit() and 1 <= int(month) <= 12:
        month = _MONTHS[int(month) - 1]
    day = _norm(pub_date.findtext("Day")).lstrip("0")
    season = _norm(pub_date.findtext("Season"))
    parts = [year, month, day if month else "", season if not month else ""]
    return _int(year), None, " ".join(p for p in parts if p)


def _doi(article: etree._Element | None, article_ids: etree._Element | None) -> str:
    """The article's own DOI; ReferenceList ArticleIds belong to cited works."""
    if article_ids is not None:
        for aid in article_ids.findall("ArticleId"):
            if aid.get("IdType") == "doi" and _norm(aid.text):
                return _norm(aid.text)
    if article is not None:
        for loc in article.findall("ELocationID"):
            if loc.get("EIdType") == "doi" and loc.get("ValidYN", "Y") != "N" and _norm(loc.text):
                return _norm(loc.text)
    return ""


def _comments(citation: etree._Element) -> tuple[CommentCorrection, ...]:
    out = []
    for cc in citation.findall("CommentsCorrectionsList/CommentsCorrections"):
        pmid = _norm(cc.findtext("PMID"))
        out.append(
            CommentCorrection(
                ref_type=cc.get("RefType", ""),
                pmid=pmid or None,
                source=_text(cc.find("RefSource")),
            )
        )
    return tuple(out)


def _pages(pagination: etree._Element | None) -> str:
    if pagination is None:
        return ""
    medline = _norm(pagination.findtext("MedlinePgn"))
    if medline:
        return medline
    start, end = _norm(pagination.findtext("StartPage")), _norm(pagination.findtext("EndPage"))
    return f"{start}-{end}" if start and end else start


def _require_pmid(elem: etree._Element | None) -> str:
    pmid = _norm(elem.text if elem is not None else None)
    if not pmid.isdigit():
        raise EutilsParseError("article without a usable PMID")
    return pmid


# --------------------------------------------------------------------------- articles


def _journal_article(elem: etree._Element) -> PubMedRecord:
    citation = elem.find("MedlineCitation")
    if citation is None:
        raise EutilsParseError("PubmedArticle without MedlineCitation")
    pmid = _require_pmid(citation.find("PMID"))
    article = citation.find("Article")
    journal = article.find("Journal") if article is not None else None
    issue = journal.find("JournalIssue") if journal is not None else None
    year, year_end, date = _pub_date(issue.find("PubDate") if issue is not None else None)
    epub = None
    if article is not None:
        for adate in article.findall("ArticleDate"):
            if adate.get("DateType", "Electronic") == "Electronic":
                epub = _int(adate.findtext("Year"))
                break
    author_list = article.find("AuthorList") if article is not None else None
    return PubMedRecord(
        pmid=pmid,
        title=_text(article.find("ArticleTitle") if article is not None else None),
        authors=_authors(author_list),
        journal_title=_text(journal.find("Title") if journal is not None else None),
        iso_abbreviation=_text(journal.find("ISOAbbreviation") if journal is not None else None),
        medline_ta=_text(citation.find("MedlineJournalInfo/MedlineTA")),
        pub_year=year,
        pub_year_end=year_end,
        epub_year=epub,
        pub_date=date,
        volume=_text(issue.find("Volume") if issue is not None else None),
        issue=_text(issue.find("Issue") if issue is not None else None),
        pages=_pages(article.find("Pagination") if article is not None else None),
        doi=_doi(article, elem.find("PubmedData/ArticleIdList")),
        publication_types=tuple(
            _text(p) for p in citation.findall("Article/PublicationTypeList/PublicationType")
        ),
        comments_corrections=_comments(citation),
        vernacular_title=_text(article.find("VernacularTitle") if article is not None else None),
        is_book=False,
        author_list_complete=(author_list is None or author_list.get("CompleteYN", "Y") != "N"),
    )


def _book_article(elem: etree._Element) -> PubMedRecord:
    """Bookshelf records: chapter title and authors, the book title as the 'journal'.

    Editors are not authors, so a book with only editors has no authors.
    ContributionDate (when the chapter went online) is offered as `epub_year`
    because Bookshelf content is published online and cited by that year.
    """
    doc = elem.find("BookDocument")
    if doc is None:
        raise EutilsParseError("PubmedBookArticle without BookDocument")
    pmid = _require_pmid(doc.find("PMID"))
    book = doc.find("Book")
    book_title = _text(book.find("BookTitle") if book is not None else None)
    lists = doc.findall("AuthorList") + (book.findall("AuthorList") if book is not None else [])
    authors_list = next((a for a in lists if a.get("Type", "authors") == "authors"), None)
    year, year_end, date = _pub_date(book.find("PubDate") if book is not None else None)
    ids = doc.find("ArticleIdList")
    return PubMedRecord(
        pmid=pmid,
        title=_text(doc.find("ArticleTitle")) or book_title,
        authors=_authors(authors_list),
        journal_title=book_title,
        pub_year=year,
        pub_year_end=year_end,
        epub_year=_int(doc.findtext("ContributionDate/Year")),
        pub_date=date,
        doi=_doi(None, ids),
        publication_types=tuple(_text(p) for p in doc.findall("PublicationType")),
        vernacular_title=_text(doc.find("VernacularTitle")),
        is_book=True,
        author_list_complete=(authors_list is None or authors_list.get("CompleteYN", "Y") != "N"),
    )


def parse_article(elem: etree._Element) -> PubMedRecord:
    """One PubmedArticle or PubmedBookArticle element -> PubMedRecord."""
    if elem.tag == "PubmedArticle":
        return _journal_article(elem)
    if elem.tag == "PubmedBookArticle":
        return _book_article(elem)
    raise EutilsParseError(f"not a PubMed article element: {str(elem.tag)[:40]}")


def record_from_raw(raw: bytes) -> PubMedRecord:
    """Rebuild a record from the bytes the cache stored (EfetchBatch.raw)."""
    return parse_article(parse_xml(raw))


# --------------------------------------------------------------------------- replies


def _not_xml_reason(body: bytes) -> str | None:
    """Name the kind of non-XML body NCBI or a proxy sent, without quoting it."""
    head = body.lstrip()[:512]
    lower = head.lower()
    if head.startswith((b"{", b"[")):
        try:
            data = json.loads(body)
        except ValueError:
            return "JSON-like body that is not JSON"
        err = data.get("error") if isinstance(data, dict) else None
        # Only the `error` string is quoted: the body also echoes the API key.
        return f"JSON body instead of XML ({str(err)[:60]})" if err else "JSON body instead of XML"
    if lower.startswith((b"<!doctype html", b"<html")) or b"<html" in lower:
        title = re.search(rb"<title>([^<]{0,80})", body[:4096], re.IGNORECASE)
        what = _norm(title.group(1).decode("utf-8", "replace")) if title else ""
        return f"HTML page instead of XML ({what})" if what else "HTML page instead of XML"
    if not head.startswith(b"<"):
        return "text body instead of XML (no retmode=xml?)"
    return None


def _error_text(root: etree._Element) -> str | None:
    """The first non-empty <ERROR> message (ESpell-style empty ERRORs are not failures)."""
    candidates = [root] if root.tag == "ERROR" else root.findall("ERROR")
    for err in candidates:
        msg = _text(err)
        if msg:
            return msg[:160]
    return None


def parse_efetch(body: bytes) -> EfetchBatch:
    """Parse one efetch reply; raise EutilsParseError unless it is a real PubmedArticleSet.

    An empty PubmedArticleSet is a good answer: none of the PMIDs exist.
    """
    if not body or not body.strip():
        raise EutilsParseError("empty body")
    reason = _not_xml_reason(body)
    if reason:
        raise EutilsParseError(reason)
    root = parse_xml(body)
    err = _error_text(root)
    if err:
        raise EutilsParseError(f"NCBI error: {err}")
    if root.tag != "PubmedArticleSet":
        raise EutilsParseError(f"unexpected root element {str(root.tag)[:40]}")
    records: dict[str, PubMedRecord] = {}
    raw: dict[str, bytes] = {}
    deleted: list[str] = []
    for child in root:
        if child.tag in ARTICLE_TAGS:
            record = parse_article(child)
            records[record.pmid] = record
            raw[record.pmid] = etree.tostring(child, encoding="UTF-8", with_tail=False)
        elif child.tag == "DeleteCitation":
            deleted.extend(_norm(p.text) for p in child.findall("PMID") if _norm(p.text))
    return EfetchBatch(
        records=MappingProxyType(records), raw=MappingProxyType(raw), deleted=tuple(deleted)
    )
