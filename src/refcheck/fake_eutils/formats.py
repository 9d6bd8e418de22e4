"""Reply bodies in NCBI's formats (docs/eutils-protocol.md), built from the store.

Pure functions of (store, request parameters) -> bytes, so they can be tested
without a socket and the HTTP layer stays about transport and faults only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape

from refcheck.fake_eutils.store import RecordFacts, RecordStore, fold

EFETCH_HEAD = (
    b'<?xml version="1.0" ?>\n'
    b'<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
    b'"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
)

ESEARCH_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" ?>\n'
    '<!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD esearch 20060628//EN" '
    '"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">\n'
)

ID_LIST_EMPTY = b"ID list is empty! Possibly it has no correct IDs."
EMPTY_ID_LIST = b"Empty id list - nothing todo"


def efetch_error(message: bytes) -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8" ?>\n<eFetchResult>\n\t<ERROR>'
        + message
        + b"</ERROR>\n</eFetchResult>\n"
    )


def article_set(articles: Sequence[bytes]) -> bytes:
    """A PubmedArticleSet as efetch sends it; the empty set keeps its DOCTYPE."""
    if not articles:
        return EFETCH_HEAD + b"<PubmedArticleSet></PubmedArticleSet>\n"
    return EFETCH_HEAD + b"<PubmedArticleSet>\n" + b"\n".join(articles) + b"\n</PubmedArticleSet>\n"


def _asn1_quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def asn1(facts: Sequence[RecordFacts], missing: Sequence[str]) -> bytes:
    """efetch without retmode: an ASN.1-ish Pubmed-entry per record (abridged).

    NCBI's default is ASN.1 text, not XML; clients that forget `retmode=xml`
    must see something that is plainly not XML. Missing PMIDs get NCBI's
    "not available" line.
    """
    out: list[str] = []
    for f in facts:
        authors = ",\n".join(
            f"              {{ name ml {_asn1_quote(a.summary_name)} }}" for a in f.authors
        )
        out.append(
            f"Pubmed-entry ::= {{\n  pmid {f.pmid},\n  medent {{\n    cit {{\n"
            f"      title {{ name {_asn1_quote(f.title)} }},\n"
            f"      authors {{\n        names std {{\n{authors}\n        }}\n      }},\n"
            f"      from journal {{\n        title {{ iso-jta {_asn1_quote(f.iso_abbreviation)},"
            f" ml-jta {_asn1_quote(f.medline_ta)} }},\n"
            f"        imp {{ date str {_asn1_quote(f.pub_date)}, volume {_asn1_quote(f.volume)},"
            f" pages {_asn1_quote(f.pages)} }}\n      }}\n    }}\n  }}\n}}\n"
        )
    out.extend(
        f"id: {pmid} Error occurred: The following PMID is not available: {pmid}\n"
        for pmid in missing
    )
    return "".join(out).encode()


# --------------------------------------------------------------------------- esummary

_PUBSTATUS_CODE = {"ppublish": "4", "epublish": "3", "aheadofprint": "10"}
_RECORD_STATUS = {
    "MEDLINE": "PubMed - indexed for MEDLINE",
    "PubMed-not-MEDLINE": "PubMed",
    "In-Process": "PubMed - in process",
    "In-Data-Review": "PubMed - in process",
    "Publisher": "PubMed - as supplied by publisher",
}
_LANG_WORD = {"eng": "English", "ger": "German", "fre": "French", "spa": "Spanish"}


def _sortpubdate(pub_date: str) -> str:
    m = re.match(r"(\d{4})(?: (\w{3}))?(?: (\d{1,2}))?", pub_date)
    if not m:
        return ""
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    month = months.index(m.group(2)) + 1 if m.group(2) in months else 1
    day = int(m.group(3)) if m.group(3) else 1
    return f"{m.group(1)}/{month:02d}/{day:02d} 00:00"


def docsum(f: RecordFacts) -> dict[str, object]:
    """A version 2.0 DocSum in NCBI's key order (protocol section 2)."""
    authors = [
        {
            "name": a.summary_name,
            "authtype": "CollectiveName" if a.collective else "Author",
            "clusterid": "",
        }
        for a in f.authors
    ]
    articleids: list[dict[str, object]] = [{"idtype": "pubmed", "idtypen": 1, "value": f.pmid}]
    if f.doi:
        articleids.append({"idtype": "doi", "idtypen": 3, "value": f.doi})
    title = f.title or f.book_title
    return {
        "uid": f.pmid,
        "pubdate": f.pub_date,
        "epubdate": f.epub_date,
        "source": f.medline_ta or f.book_title,
        "authors": authors,
        "lastauthor": authors[-1]["name"] if authors else "",
        "title": title,
        "sorttitle": fold(title),
        "volume": f.volume,
        "issue": f.issue,
        "pages": f.pages,
        "lang": list(f.languages),
        "nlmuniqueid": f.nlm_unique_id,
        "issn": f.issn,
        "essn": f.essn,
        "pubtype": list(f.publication_types),
        "recordstatus": _RECORD_STATUS.get(f.status, "PubMed"),
        "pubstatus": _PUBSTATUS_CODE.get(f.publication_status, "4"),
        "articleids": articleids,
        "history": [],
        "references": [],
        "attributes": [],
        "pmcrefcount": "",
        "fulljournalname": f.journal_title,
        "elocationid": f"doi: {f.doi}" if f.doi else "",
        "doctype": "book" if f.is_book else "citation",
        "srccontriblist": [],
        "booktitle": f.book_title,
        "medium": "",
        "edition": "",
        "publisherlocation": "",
        "publishername": "",
        "srcdate": "",
        "reportnumber": "",
        "availablefromurl": "",
        "locationlabel": "",
        "doccontriblist": [],
        "docdate": "",
        "bookname": "",
        "chapter": "",
        "sortpubdate": _sortpubdate(f.pub_date),
        "sortfirstauthor": authors[0]["name"] if authors else "",
        "vernaculartitle": f.vernacular_title,
    }


def esummary_json(store: RecordStore, raw_ids: Sequence[str]) -> bytes:
    header = {"type": "esummary", "version": "0.3"}
    if not raw_ids:
        body: dict[str, object] = {
            "header": header,
            "esummaryresult": ["Empty id list - nothing todo"],
        }
        return json.dumps(body).encode()
    for pos, uid in enumerate(raw_ids):
        if not uid.lstrip("-").isdigit():
            body = {
                "header": header,
                "error": f"Invalid uid {uid} at position= {pos}",
                "result": {"uids": []},
            }
            return json.dumps(body).encode()
    uids = [str(abs(int(u))) for u in raw_ids]
    result: dict[str, object] = {"uids": uids}
    for uid in uids:
        facts = store.facts(uid)
        result[uid] = (
            docsum(facts) if facts else {"uid": uid, "error": "cannot get document summary"}
        )
    return json.dumps({"header": header, "result": result}, ensure_ascii=False).encode()


def esummary_xml(store: RecordStore, raw_ids: Sequence[str]) -> bytes:
    """Version 1.0 DocSum XML (the default retmode), abridged to the main Items."""
    head = (
        '<?xml version="1.0" encoding="UTF-8" ?>\n'
        '<!DOCTYPE eSummaryResult PUBLIC "-//NLM//DTD esummary v1 20041029//EN" '
        '"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20041029/esummary-v1.dtd">\n'
    )
    if not raw_ids:
        return (
            head + "<eSummaryResult>\n<ERROR>Empty id list - nothing todo</ERROR>\n"
            "</eSummaryResult>\n"
        ).encode()
    parts = [head, "<eSummaryResult>\n"]
    for uid in raw_ids:
        f = store.facts(uid.lstrip("-"))
        if f is None:
            parts.append(f"<ERROR>UID={escape(uid)}: cannot get document summary</ERROR>\n")
            continue
        items = [
            f"<Id>{f.pmid}</Id>",
            f'<Item Name="PubDate" Type="Date">{escape(f.pub_date)}</Item>',
            f'<Item Name="EPubDate" Type="Date">{escape(f.epub_date)}</Item>',
            f'<Item Name="Source" Type="String">{escape(f.medline_ta)}</Item>',
            '<Item Name="AuthorList" Type="List">'
            + "".join(
                f'<Item Name="Author" Type="String">{escape(a.summary_name)}</Item>'
                for a in f.authors
            )
            + "</Item>",
            f'<Item Name="Title" Type="String">{escape(f.title)}</Item>',
            f'<Item Name="Volume" Type="String">{escape(f.volume)}</Item>',
            f'<Item Name="Issue" Type="String">{escape(f.issue)}</Item>',
            f'<Item Name="Pages" Type="String">{escape(f.pages)}</Item>',
            '<Item Name="LangList" Type="List">'
            + "".join(
                f'<Item Name="Lang" Type="String">{_LANG_WORD.get(x, x)}</Item>'
                for x in f.languages
            )
            + "</Item>",
            '<Item Name="PubTypeList" Type="List">'
            + "".join(
                f'<Item Name="PubType" Type="String">{escape(p)}</Item>'
                for p in f.publication_types
            )
            + "</Item>",
            f'<Item Name="FullJournalName" Type="String">{escape(f.journal_title)}</Item>',
            f'<Item Name="DOI" Type="String">{escape(f.doi)}</Item>',
        ]
        parts.append("<DocSum>\n\t" + "\n\t".join(items) + "\n</DocSum>\n")
    parts.append("</eSummaryResult>\n")
    return "".join(parts).encode()


# --------------------------------------------------------------------------- esearch

_CLAUSE = re.compile(r"^(?P<value>.*?)\s*\[(?P<tag>[^\]]+)\]$")
_TAG_ALIASES = {
    "1au": "1au",
    "first author": "1au",
    "au": "au",
    "author": "au",
    "dp": "dp",
    "pdat": "dp",
    "publication date": "dp",
    "ta": "ta",
    "journal": "ta",
    "ti": "ti",
    "title": "ti",
    "tiab": "ti",
    "pmid": "pmid",
    "uid": "pmid",
    "vi": "vi",
    "volume": "vi",
    "pg": "pg",
    "pagination": "pg",
    "aid": "aid",
    "pt": "pt",
    "publication type": "pt",
    "all fields": "all",
    "all": "all",
}


def journal_key(name: str) -> str:
    """Journal names compare without case, dots, `&`/`and` and a leading `The`."""
    key = fold(name.replace("&", " and "))
    return key.removeprefix("the ")


def _author_matches(value: str, last: str, initials: str) -> bool:
    """`smith`, `smith j`, `smith ja` against LastName + Initials (PubMed's [au] rule)."""
    want = fold(value)
    surname = fold(last)
    if want == surname:
        return True
    if want.startswith(surname + " "):
        rest = want[len(surname) + 1 :].replace(" ", "")
        return initials.lower().startswith(rest)
    return False


def _year_matches(value: str, f: RecordFacts) -> bool:
    m = re.fullmatch(r"\s*(\d{4})(?:/\d{1,2}(?:/\d{1,2})?)?(?:\s*:\s*(\d{4})\S*)?\s*", value)
    if not m:
        return False
    lo = int(m.group(1))
    hi = int(m.group(2)) if m.group(2) else lo
    years = {y for y in (f.pub_year, f.epub_year) if y is not None}
    end = re.findall(r"\b(\d{4})\b", f.pub_date)
    years.update(int(y) for y in end)
    return any(lo <= y <= hi for y in years)


def _words(text: str) -> set[str]:
    return set(fold(text).split())


def _clause_matches(tag: str, value: str, f: RecordFacts) -> bool:
    v = value.strip().strip('"').strip()
    if tag == "1au":
        first = f.authors[0] if f.authors else None
        return first is not None and _author_matches(v, first.last_name, first.initials)
    if tag == "au":
        return any(_author_matches(v, a.last_name, a.initials) for a in f.authors)
    if tag == "dp":
        return _year_matches(v, f)
    if tag == "ta":
        return journal_key(v) in {journal_key(n) for n in f.journal_names}
    if tag == "ti":
        return _words(v) <= _words(f.title or f.book_title)
    if tag == "pmid":
        return v == f.pmid
    if tag == "vi":
        return v == f.volume
    if tag == "pg":
        return v == f.first_page
    if tag == "aid":
        return v.lower() == f.doi.lower()
    if tag == "pt":
        return fold(v) in {fold(p) for p in f.publication_types}
    # all fields: every word somewhere in title, authors, journal names or year
    haystack = _words(" ".join([f.title, f.book_title, *f.journal_names]))
    for a in f.authors:
        haystack |= _words(a.summary_name)
    haystack |= {str(y) for y in (f.pub_year, f.epub_year) if y}
    haystack.add(f.pmid)
    return _words(v) <= haystack


def parse_term(term: str) -> list[tuple[str, str]]:
    """`Eichenberger U[1au] AND 2008[dp] AND ketamine` -> [(tag, value), ...].

    Only AND is supported (what refcheck's suggestions need); OR/NOT are treated
    as words, which simply fails to match - acceptable for a fake.
    """
    clauses: list[tuple[str, str]] = []
    for part in re.split(r"\s+AND\s+", term.strip(), flags=re.IGNORECASE):
        part = part.strip().strip("()").strip()
        if not part:
            continue
        m = _CLAUSE.match(part)
        if m:
            tag = _TAG_ALIASES.get(m.group("tag").strip().lower(), "unknown")
            clauses.append((tag, m.group("value")))
        else:
            clauses.append(("all", part))
    return clauses


def search(store: RecordStore, term: str) -> list[str]:
    """PMIDs matching every clause, newest (highest PMID) first like PubMed's default."""
    clauses = parse_term(term)
    if not clauses:
        return []
    hits = [
        f.pmid
        for f in store.all_facts()
        if all(tag != "unknown" and _clause_matches(tag, v, f) for tag, v in clauses)
    ]
    return sorted(hits, key=int, reverse=True)


def _translation(clauses: Iterable[tuple[str, str]]) -> str:
    names = {
        "1au": "Author - First",
        "au": "Author",
        "dp": "Date - Publication",
        "ta": "Journal",
        "ti": "Title",
        "pmid": "UID",
        "all": "All Fields",
    }
    return " AND ".join(f'"{v.strip()}"[{names.get(t, t)}]' for t, v in clauses)


def esearch(store: RecordStore, term: str, retmode: str, retstart: int, retmax: int) -> bytes:
    hits = search(store, term)
    page = hits[retstart : retstart + retmax]
    translation = _translation(parse_term(term))
    if retmode == "json":
        result: dict[str, object] = {
            "count": str(len(hits)),
            "retmax": str(len(page)),
            "retstart": str(retstart),
            "idlist": page,
            "translationset": [],
            "querytranslation": translation,
        }
        if not hits:
            result["errorlist"] = {"phrasesnotfound": [], "fieldsnotfound": []}
            result["warninglist"] = {
                "phrasesignored": [],
                "quotedphrasesnotfound": [],
                "outputmessages": ["No items found."],
            }
        body = {"header": {"type": "esearch", "version": "0.3"}, "esearchresult": result}
        return json.dumps(body).encode()
    ids = "".join(f"\n\t<Id>{p}</Id>" for p in page)
    xml = (
        f"{ESEARCH_HEAD}<eSearchResult><Count>{len(hits)}</Count><RetMax>{len(page)}</RetMax>"
        f"<RetStart>{retstart}</RetStart><IdList>{ids}\n</IdList><TranslationSet/>"
        f"<QueryTranslation>{escape(translation)}</QueryTranslation>"
    )
    if not hits:
        xml += "<WarningList><OutputMessage>No items found.</OutputMessage></WarningList>"
    return (xml + "</eSearchResult>\n").encode()


# --------------------------------------------------------------------------- ecitmatch


def ecitmatch(store: RecordStore, bdata: str) -> bytes:
    """One line per input citation, the input echoed and the result appended.

    `journal|year|volume|first_page|author|key|` -> `...|key|PMID`; no match ->
    NOT_FOUND (with `;INVALID_JOURNAL` when no held record has that journal),
    several -> `AMBIGUOUS pmid,pmid`. Like NCBI, a match on journal, volume and
    page whose author disagrees is still returned, with the author field emptied.
    """
    known_journals = {journal_key(n) for f in store.all_facts() for n in f.journal_names}
    lines = []
    for raw in re.split(r"[\r\n]+", bdata):
        if not raw.strip():
            continue
        fields = (raw.split("|") + [""] * 6)[:6]
        journal, year, volume, page, author, key = (x.strip() for x in fields)
        jkey = journal_key(journal)
        candidates = [
            f
            for f in store.all_facts()
            if (not jkey or jkey in {journal_key(n) for n in f.journal_names})
            and (not year or (year.isdigit() and int(year) in {f.pub_year, f.epub_year}))
            and (not volume or volume == f.volume)
            and (not page or page == f.first_page)
        ]
        if jkey and not candidates and jkey not in known_journals:
            result = "NOT_FOUND;INVALID_JOURNAL"
        elif not candidates:
            result = "NOT_FOUND"
        elif len(candidates) > 1:
            with_author = [
                f
                for f in candidates
                if f.authors
                and _author_matches(author, f.authors[0].last_name, f.authors[0].initials)
            ]
            if len(with_author) == 1:
                candidates = with_author
                result = candidates[0].pmid
            else:
                result = "AMBIGUOUS " + ",".join(sorted((c.pmid for c in candidates), key=int))
        else:
            result = candidates[0].pmid
        if len(candidates) == 1 and author:
            first = candidates[0].authors[0] if candidates[0].authors else None
            if first is None or not _author_matches(author, first.last_name, first.initials):
                author = ""
        lines.append("|".join([journal, year, volume, page, author, key, result]))
    return ("\n".join(lines) + "\n").encode() if lines else b""
