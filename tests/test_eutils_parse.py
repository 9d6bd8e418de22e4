"""efetch XML -> PubMedRecord on real-format payloads (fixtures/payloads); XML hardening."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from lxml import etree

from refcheck.errors import EutilsParseError
from refcheck.eutils.parse import EfetchBatch, parse_article, parse_efetch, record_from_raw
from refcheck.models import PersonName, PubMedRecord
from refcheck.xmlsafe import iterparse_safe, parse_xml

PAYLOADS = Path(__file__).resolve().parent.parent / "fixtures" / "payloads"


def load(name: str) -> bytes:
    return (PAYLOADS / name).read_bytes()


def batch(name: str) -> EfetchBatch:
    return parse_efetch(load(name))


def record(name: str, pmid: str) -> PubMedRecord:
    return batch(name).records[pmid]


# --------------------------------------------------------------------------- dates


def test_medline_date_spanning_two_years() -> None:
    r = record("efetch_dates.xml", "10188493")
    assert (r.pub_year, r.pub_year_end, r.pub_date) == (1998, 1999, "1998 Dec-1999 Jan")


def test_medline_date_within_one_year_has_no_end_year() -> None:
    r = record("efetch_dates.xml", "30688251")
    assert (r.pub_year, r.pub_year_end, r.pub_date) == (2019, None, "2019 Jan-Feb")
    assert r.pages == "S151-S153"
    assert r.issue == "Supplement"


@pytest.mark.parametrize(
    ("pmid", "date"), [("12091962", "1990 Spring"), ("23657305", "2013 Jan-Mar")]
)
def test_season(pmid: str, date: str) -> None:
    r = record("efetch_dates.xml", pmid)
    assert r.pub_date == date
    assert r.pub_year == int(date[:4])


def test_numeric_month_written_as_pubmed_does() -> None:
    r = record("efetch_dates.xml", "27789571")
    assert r.pub_year == 2017
    assert r.pub_date == "2017 Aug 1"


def test_epub_year_differs_from_print_year() -> None:
    r = record("efetch_authors.xml", "34843274")
    assert (r.pub_year, r.epub_year) == (2022, 2021)


# --------------------------------------------------------------------------- authors


def test_collective_name_first_author() -> None:
    r = record("efetch_authors.xml", "34843274")
    assert r.first_author == PersonName(
        last_name="Guideline Development Panel for the Treatment of Depressive Disorders",
        collective=True,
    )


def test_missing_author_list_gives_no_authors() -> None:
    r = record("efetch_authors.xml", "25946303")
    assert r.authors == ()
    assert r.author_list_complete is True
    assert r.publication_types == ("Published Erratum",)


def test_person_fields_and_suffix() -> None:
    r = record("efetch_authors.xml", "31789841")
    assert r.authors[0] == PersonName("Park", "YS", "Yoon Soo")
    assert r.authors[2] == PersonName("Artino", "AR", "Anthony R", suffix="Jr")


def test_invalid_author_spelling_skipped_and_incomplete_list() -> None:
    r = record("efetch_invalid_author.xml", "31789841")
    assert [a.display() for a in r.authors] == ["Park YS", "Konge L", "Artino AR Jr"]
    assert r.author_list_complete is False
    assert r.pages == "690-694"  # StartPage-EndPage when MedlinePgn is absent


def test_collective_names_at_end_of_list() -> None:
    r = record("efetch_dates.xml", "27789571")
    assert r.authors[0].display() == "Landmesser U"
    assert r.authors[-1] == PersonName("European Atherosclerosis Society (EAS)", collective=True)


# --------------------------------------------------------------------------- journal, ids


def test_journal_names() -> None:
    r = record("efetch_authors.xml", "25946303")
    assert r.journal_title == "The New England journal of medicine"
    assert r.iso_abbreviation == "N. Engl. J. Med."
    assert r.medline_ta == "N Engl J Med"
    assert (r.volume, r.issue, r.pages) == ("372", "19", "1874")


def test_doi_from_article_id_list_never_from_reference_list() -> None:
    r = record("efetch_doi_reflist.xml", "24808625")
    assert r.doi == "10.1142/S0218213013600063"

    root = parse_xml(load("efetch_doi_reflist.xml"))
    own = root.find("PubmedArticle/PubmedData/ArticleIdList/ArticleId[@IdType='doi']")
    assert own is not None
    own.getparent().remove(own)  # type: ignore[union-attr]
    article = root.find("PubmedArticle")
    assert article is not None
    assert len(article.findall(".//ReferenceList//ArticleId[@IdType='doi']")) == 2
    assert parse_article(article).doi == ""


def test_doi_falls_back_to_elocation_id() -> None:
    root = parse_xml(load("efetch_notices_real.xml"))
    article = root.find("PubmedArticle")
    assert article is not None
    for aid in article.findall("PubmedData/ArticleIdList/ArticleId[@IdType='doi']"):
        aid.getparent().remove(aid)  # type: ignore[union-attr]
    assert parse_article(article).doi == "10.1186/s12885-026-15595-1"


# --------------------------------------------------------------------------- titles


def test_inline_markup_in_title_flattened() -> None:
    r = record("efetch_titles.xml", "37167981")
    assert r.title.startswith("Monte Carlo simulation of micro-x-ray fluorescence (μ-XRF) based")
    assert r.pages == ""  # e-location article without pagination


def test_translated_title_keeps_vernacular() -> None:
    r = record("efetch_titles.xml", "38048813")
    assert r.title == "[A Broader Scope - Bio-Psycho-Social Medicine In Global Focus]."
    assert r.vernacular_title == "A Broader Scope – Bio-psycho-soziale Medizin im globalen Fokus."


def test_empty_article_title_with_vernacular_only() -> None:
    r = record("efetch_titles.xml", "41605226")
    assert r.title == ""
    assert r.vernacular_title.startswith("Kommentar zu „ABDOMEN BECKEN")


# --------------------------------------------------------------------------- notices


def test_retracted_publication_links() -> None:
    r = record("efetch_retracted.xml", "9500320")
    assert "Retracted Publication" in r.publication_types
    assert [c.pmid for c in r.links("RetractionIn")] == ["15016483", "20137807"]
    assert r.links("RetractionIn")[1].source.startswith("Lancet. 2010 Feb 6;375(9713):445.")
    assert [c.pmid for c in r.links("ExpressionOfConcernIn")] == ["21971344"]
    assert r.links("ErratumIn")[0].pmid is None  # empty <PMID/> is None, not ""
    assert r.doi == "10.1016/s0140-6736(97)11096-0"


def test_update_in_and_update_of() -> None:
    assert [c.pmid for c in record("efetch_retracted.xml", "35794888").links("UpdateIn")] == [
        "36156117"
    ]
    assert [c.pmid for c in record("efetch_notices_real.xml", "36156117").links("UpdateOf")] == [
        "35794888"
    ]


def test_retraction_notice_carries_retraction_of() -> None:
    r = record("efetch_notices_real.xml", "41578200")
    assert [c.ref_type for c in r.comments_corrections] == ["RetractionOf"]
    assert "Retraction Notice" in r.publication_types
    assert "Retracted Publication" not in r.publication_types


def test_erratum_in_link() -> None:
    r = record("efetch_dates.xml", "27789571")
    assert [(c.ref_type, c.pmid) for c in r.comments_corrections] == [
        ("CommentIn", "28110294"),
        ("ErratumIn", "28110294"),
    ]


# --------------------------------------------------------------------------- books


def test_book_article() -> None:
    r = record("efetch_book.xml", "20301577")
    assert r.is_book
    assert r.title == "CACNA1C-Related Disorders"
    assert [a.display() for a in r.authors] == ["Napolitano C", "Priori SG"]  # not the editors
    assert r.journal_title == "GeneReviews®"
    assert (r.pub_year, r.epub_year) == (1993, 2006)
    assert r.publication_types == ("Review",)


# --------------------------------------------------------------------------- sets


def test_not_found_is_an_empty_good_answer() -> None:
    b = batch("efetch_not_found.xml")
    assert dict(b.records) == {} and dict(b.raw) == {} and b.deleted == ()


def test_mixed_set_omits_missing_pmids() -> None:
    b = batch("efetch_titles.xml")
    asked = ["37167981", "99999999", "41605226", "38048813"]
    assert [p for p in asked if p not in b.records] == ["99999999"]


def test_deleted_citations() -> None:
    b = batch("efetch_deleted.xml")
    assert b.deleted == ("31034065", "31034066")
    assert not b.records


def test_raw_round_trip_for_every_fixture_record() -> None:
    for name in [
        "efetch_dates.xml",
        "efetch_authors.xml",
        "efetch_book.xml",
        "efetch_retracted.xml",
    ]:
        b = batch(name)
        assert set(b.raw) == set(b.records)
        for pmid, raw in b.raw.items():
            assert record_from_raw(raw) == b.records[pmid]


def test_parse_article_from_streaming_iterparse() -> None:
    pmids = []
    for _, elem in iterparse_safe(io.BytesIO(load("efetch_dates.xml")), tag="PubmedArticle"):
        pmids.append(parse_article(elem).pmid)
        elem.clear()
    assert pmids == ["10188493", "30688251", "12091962", "27789571", "23657305"]


def test_parse_article_rejects_other_elements() -> None:
    with pytest.raises(EutilsParseError):
        parse_article(etree.fromstring(b"<DeleteCitation/>"))
    with pytest.raises(EutilsParseError):
        record_from_raw(
            b"<PubmedArticle><MedlineCitation><PMID/></MedlineCitation></PubmedArticle>"
        )


# --------------------------------------------------------------------------- failures


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("efetch_error_ids.xml", "ID list is empty"),
        ("efetch_cpp_exception.xml", "NCBI C++ Exception"),
        ("html_502.html", "HTML page instead of XML (502 Bad Gateway)"),
        ("http429.json", "JSON body instead of XML (API rate limit exceeded)"),
        ("efetch_asn1.txt", "text body"),
        ("efetch_truncated.xml", "invalid XML"),
    ],
)
def test_bad_bodies_raise(name: str, fragment: str) -> None:
    with pytest.raises(EutilsParseError) as info:
        parse_efetch(load(name))
    assert fragment in str(info.value)


def test_429_message_does_not_echo_the_key() -> None:
    with pytest.raises(EutilsParseError) as info:
        parse_efetch(load("http429.json"))
    assert "134.192.135.254" not in str(info.value)


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"   \n",
        b"<eSummaryResult><ERROR>Empty id list - nothing todo</ERROR></eSummaryResult>",
        b"<pmFetchResult><ERROR>Empty id list - nothing todo</ERROR></pmFetchResult>",
        b"<PubmedArticleSet><ERROR>backend failure</ERROR></PubmedArticleSet>",
        b"<eSearchResult><Count>0</Count></eSearchResult>",
        b"<PubmedArticleSet><PubmedArticle>",
        b"not xml at all",
        b"[1, 2]",
    ],
)
def test_other_unusable_bodies(body: bytes) -> None:
    with pytest.raises(EutilsParseError):
        parse_efetch(body)


def test_empty_error_element_is_not_a_failure() -> None:
    assert not parse_efetch(b"<PubmedArticleSet><ERROR/></PubmedArticleSet>").records


# --------------------------------------------------------------------------- hardening

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE PubmedArticleSet [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID>
<Article><ArticleTitle>&x;</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>"""

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>
<lolz>&lol9;</lolz>"""


@pytest.mark.parametrize("payload", [XXE, LAUGHS])
def test_entities_refused(payload: bytes) -> None:
    # Refused by our entity check or by libxml2's amplification guard, never expanded.
    with pytest.raises(EutilsParseError, match="entit"):
        parse_xml(payload)
    with pytest.raises(EutilsParseError):
        parse_efetch(payload)
    with pytest.raises(EutilsParseError):
        list(iterparse_safe(io.BytesIO(payload)))


def test_xxe_never_reads_the_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    body = XXE.replace(b"file:///etc/passwd", secret.as_uri().encode())
    with pytest.raises(EutilsParseError) as info:
        parse_efetch(body)
    assert "TOPSECRET" not in str(info.value)


def test_public_doctype_is_not_fetched() -> None:
    # The real DOCTYPE names an https DTD; parsing must not need (or try) the network.
    assert parse_xml(load("efetch_not_found.xml")).tag == "PubmedArticleSet"


def test_invalid_xml_message_is_short() -> None:
    with pytest.raises(EutilsParseError) as info:
        parse_xml(b"<a><b></a>" + b"x" * 10_000)
    assert len(str(info.value)) < 200
