"""Wiki source (MediaWiki): citation templates and `<ref>` notes -> exact claims.

A Wikipedia-style page keeps its references inline, many on one source line; each
template's fields must become that citation's claim, never a neighbour's, and a
PMID written twice in one template (its URL and the archived copy) is one citation.
"""

from __future__ import annotations

from pathlib import Path

from refcheck.extract import extract
from refcheck.models import Citation, Extraction, Field, Page, PageKind, Status


def _extract(text: str) -> Extraction:
    return extract(Page(source="page.wikitext", text=text, kind=PageKind.TEXT))


def _by_pmid(text: str) -> dict[str, Citation]:
    citations = _extract(text).citations
    by_pmid = {c.pmid: c for c in citations}
    assert len(by_pmid) == len(citations), "a PMID was cited twice"
    return by_pmid


# Two notes on one line, as wiki sources usually have them (facts of real records).
LINE = (
    "Ketamine helps some patients.<ref name=Eich>{{cite journal |last1=Eichenberger "
    "|first1=Urs |last2=Neff |first2=F |title=Chronic phantom limb pain: the effects of "
    "calcitonin, ketamine, and their combination on pain and sensory thresholds "
    "|journal=[[Anesthesia & Analgesia|Anesth Analg]] |date=April 2008 |volume=106 "
    "|issue=4 |pages=1265–73 |pmid=18349204 |doi=10.1213/ane.0b013e3181685014}}</ref> "
    "Mirror therapy is another option.<ref>{{Cite journal| vauthors=Hall N, Eldabe S, etal "
    "| title=Phantom limb pain: a review of pharmacological management | journal=Br J Pain "
    "| year= 2018 | pmid= 30349693 }}</ref>\n"
)


def test_each_template_gives_its_own_fields_as_the_claim() -> None:
    got = _by_pmid("== Treatment ==\n" + LINE)
    eich = got["18349204"].claim
    assert [(n.last_name, n.initials) for n in eich.author_names] == [
        ("Eichenberger", "U"),
        ("Neff", "F"),
    ]
    assert eich.year == 2008
    assert eich.journal == "Anesth Analg"  # the link's text, as the page shows it
    assert eich.title is not None and eich.title.startswith("Chronic phantom limb pain:")
    hall = got["30349693"].claim
    assert hall.authors == ("Hall N", "Eldabe S")
    assert hall.et_al
    assert (hall.year, hall.journal) == (2018, "Br J Pain")
    assert got["18349204"].line == got["30349693"].line == 2
    assert got["18349204"].notation == "pmid=18349204"
    assert "{{cite journal" in got["18349204"].text  # the entry as it stands in the source


def test_a_pubmed_link_and_its_archived_copy_are_one_citation() -> None:
    text = (
        "<ref>{{cite journal |title=Global, regional, and national life expectancy "
        "|journal=Lancet |date=8 October 2016 |url=https://pubmed.ncbi.nlm.nih.gov/27733281/ "
        "|archive-url=https://web.archive.org/web/2022/https://pubmed.ncbi.nlm.nih.gov/27733281/"
        " |url-status=live }}</ref>"
    )
    (citation,) = _extract(text).citations
    assert citation.pmid == "27733281"
    assert (citation.claim.year, citation.claim.journal) == (2016, "Lancet")


def test_author_fields_in_their_other_spellings() -> None:
    text = (
        "{{cite journal |author=Jonathan A. Foley |author2=Navin Ramankutty "
        "|authorlink2=Navin Ramankutty |title=Solutions for a cultivated planet "
        "|journal=Nature |date=October 2011 |pmid=21993620}}\n"
        "{{citation |author1-last=Murray |author1-first=C. J. L. |title=DALYs "
        "|journal=Lancet |year=2012 |pmid=23245608}}\n"
        "{{cite journal |author=Papadia C, Di Sabatino A, Corazza GR |title=Malabsorption "
        "|journal=Intern Emerg Med |year=2014 |pmid=23179329}}\n"
        "{{cite journal |surname=Kastin |given=DA |display-authors=etal |journal=Curr Opin "
        "Clin Nutr Metab Care |year=2002 |pmid=12394647}}\n"
    )
    got = _by_pmid(text)
    foley = got["21993620"].claim
    assert [(n.last_name, n.initials) for n in foley.author_names] == [
        ("Foley", "JA"),
        ("Ramankutty", "N"),
    ]
    murray = got["23245608"].claim.first_author
    assert murray is not None and (murray.last_name, murray.initials) == ("Murray", "CJL")
    assert got["23179329"].claim.authors == ("Papadia C", "Di Sabatino A", "Corazza GR")
    kastin = got["12394647"].claim
    assert kastin.first_author is not None and kastin.first_author.last_name == "Kastin"
    assert kastin.et_al


def test_markup_inside_fields_is_read_as_the_reader_sees_it() -> None:
    text = (
        "{{cite journal |last=Smith |first=J<!-- checked --> |title=Pain in ''adults'' "
        "{{!}} a [[randomized controlled trial|trial]] |journal=[[Pain (journal)|Pain]] "
        "|date={{date|2019-05-01}} 2019 |pmid=31234567}}"
    )
    claim = _extract(text).citations[0].claim
    assert claim.title == "Pain in adults a trial"
    assert claim.journal == "Pain"
    assert claim.year == 2019
    assert claim.authors == ("Smith J",)


def test_cite_pmid_names_the_pmid_alone() -> None:
    (citation,) = _extract("Shown to help.<ref>{{cite pmid|18349204}}</ref>").citations
    assert citation.pmid == "18349204"
    assert citation.claim.authors == ()


def test_a_hand_written_note_is_one_entry() -> None:
    text = (
        'Text.<ref name=Bh2013>Bhutta ZA, Das JK, Rizvi A (Aug 3, 2013). "Evidence-based '
        'interventions for improvement of maternal and child nutrition". Lancet. 382 (9890): '
        "452–77. PMID 23746776.</ref> More text.<ref name=Bh2013/> And "
        '<ref>Papadia C, Forbes A (2014). "Diagnosing small bowel malabsorption". Intern '
        "Emerg Med. 9 (1): 3–8. PMID 23179329.</ref>\n"
    )
    got = _by_pmid(text)
    bhutta = got["23746776"].claim
    assert (bhutta.authors, bhutta.year, bhutta.journal) == (
        ("Bhutta ZA", "Das JK", "Rizvi A"),
        2013,
        "Lancet",
    )
    # the self-closing reuse `<ref name=Bh2013/>` does not swallow the next note
    papadia = got["23179329"].claim
    assert (papadia.authors, papadia.year) == (("Papadia C", "Forbes A"), 2014)


def test_a_pmid_outside_any_template_is_still_found_once() -> None:
    text = (
        "See https://pubmed.ncbi.nlm.nih.gov/30349693/ in the text.\n\n"
        "== References ==\n"
        "* {{cite journal |last1=Hall |first1=N |journal=Br J Pain |year=2018 "
        "|pmid=30349693}}\n"
        "* Alviar MJ, Hale T, Dungca M. Pharmacologic interventions for treating phantom "
        "limb pain. Cochrane Database Syst Rev. 2016. PMID 27737513\n"
    )
    got = _by_pmid(text)
    assert set(got) == {"30349693", "27737513"}
    assert got["27737513"].claim.first_author is not None
    assert got["27737513"].claim.first_author.last_name == "Alviar"
    assert got["30349693"].claim.authors == ("Hall N",)


def test_broken_templates_fall_back_to_the_text_pass() -> None:
    for text in (
        "{{cite journal |last1=Hall |title=Unclosed PMID 30349693\n\nNext paragraph.",
        "{{cite journal |pmid=PMC123 |url=https://pubmed.ncbi.nlm.nih.gov/30349693/}}",
        "{{cite journal |last1=Hall ]] |pmid=30349693 }}",
        "{{cite journal" + " |x={{y" * 5000 + " PMID 30349693",
    ):
        assert [c.pmid for c in _extract(text).citations] == ["30349693"], text[:60]


def test_pages_without_wiki_syntax_are_read_as_before() -> None:
    text = "References\n\n1. Hall N, Eldabe S. Phantom limb pain. Br J Pain. 2018. PMID 30349693\n"
    (citation,) = _extract(text).citations
    assert citation.label == "1"
    assert citation.claim.authors == ("Hall N", "Eldabe S")


def test_a_name_that_does_not_parse_never_shifts_the_ones_after_it() -> None:
    text = "{{cite journal |author=(2019) |author2=Hall N |journal=Br J Pain |pmid=30349693}}"
    claim = _extract(text).citations[0].claim
    assert claim.authors == ("(2019)", "Hall N")
    assert claim.author_names == ()  # not ("Hall N",): Hall is not the first author


def test_a_link_to_another_paper_than_the_pmid_is_cited_too() -> None:
    """`pmid` and `url` disagree: both are citations with the template's claim, so the
    one that points to another paper is flagged instead of silently dropped."""
    text = (
        "{{cite journal |last1=Hall |first1=N |journal=Br J Pain |year=2018 |pmid=30349693 "
        "|url=https://pubmed.ncbi.nlm.nih.gov/27737513/}}"
    )
    citations = _extract(text).citations
    assert [(c.pmid, c.notation) for c in citations] == [
        ("30349693", "pmid=30349693"),
        ("27737513", "https://pubmed.ncbi.nlm.nih.gov/27737513"),
    ]
    assert citations[0].claim == citations[1].claim
    assert citations[1].claim.authors == ("Hall N",)


def test_a_wiki_page_end_to_end(tmp_path: Path) -> None:
    """The templates' claims reach the comparison: the correct one is verified, a wrong
    year and a misspelt first author are flagged on the right field."""
    from refcheck.api import check_pages
    from refcheck.config import Settings
    from refcheck.fake_eutils.server import FakeEutils
    from refcheck.pages import iter_pages

    page = tmp_path / "Phantom_limb.wikitext"
    page.write_text(
        "'''Phantom limb pain''' is treated with ketamine.<ref>{{cite journal "
        "|last1=Eichenberger |first1=U |last2=Neff |first2=F |title=Chronic phantom limb "
        "pain: the effects of calcitonin, ketamine, and their combination on pain and sensory "
        "thresholds |journal=Anesthesia and Analgesia |date=April 2008 |pmid=18349204}}</ref> "
        "Evidence is limited.<ref>{{cite journal |vauthors=Alviar MJ, Hale T, Dungca M "
        "|journal=Cochrane Database Syst Rev |year=2012 |pmid=27737513}}</ref>\n"
        "A review.<ref>{{cite journal |author=N. Hal |author2=S. Eldabe |journal=Br J Pain "
        "|year=2018 |pmid=30349693}}</ref>\n\n== References ==\n{{reflist}}\n",
        encoding="utf-8",
    )
    fixtures = Path(__file__).resolve().parent.parent / "fixtures"
    with FakeEutils(fixtures / "records", rate_limit=None) as server:
        settings = Settings(eutils_url=server.base_url, cache_path=tmp_path / "c.sqlite")
        (result,) = check_pages(iter_pages([str(page)]), settings, current_year=2026).pages
    by_pmid = {c.citation.pmid: c for c in result.citations}
    assert by_pmid["18349204"].status is Status.VERIFIED, by_pmid["18349204"].findings
    alviar = by_pmid["27737513"]
    assert alviar.status is Status.MISMATCH
    assert {f.field for f in alviar.findings if f.severity.rank >= 1} == {Field.YEAR}
    hall = by_pmid["30349693"]
    assert hall.status is Status.MISMATCH
    assert {f.field for f in hall.findings if f.severity.rank >= 1} == {Field.AUTHOR}
