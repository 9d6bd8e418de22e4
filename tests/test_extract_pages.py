"""Whole pages -> Extraction: seed text, HTML, Markdown, JATS, markers, robustness."""

from __future__ import annotations

import pytest

from refcheck.compare import compare_citation
from refcheck.decode import detect_kind
from refcheck.extract import extract
from refcheck.models import Claim, Extraction, Page, PageKind, PersonName, PubMedRecord, Severity

SEED_REFS = """\
References

  1. Eichenberger U et al. 2008, Anesthesia & Analgesia Controlled study: intravenous ketamine reduced phantom limb pain. (PMID 18349204)
  2. Alviar MJ et al. 2016, Cochrane Database of Systematic Reviews Systematic review finding limited overall evidence for pharmacologic treatment of phantom limb pain. (PMID 27737513)
  3. Hall N & Eldabe S 2018, British Journal of Pain Review of pharmacological management of phantom limb pain, including NMDA antagonists. (PMID 30349693)

Last reviewed by Dr. Ben Soffer, DO on June 2, 2026.
"""

SEED_TEXT = (
    "Phantom Limb Pain\n\nICD-10 G54.6 / ICD-11 8E43.0\n\n"
    "  • a controlled study found IV ketamine reduced phantom limb pain.¹\n"
    "  • ketamine's benefit tends to be short-lived.² ³\n\n"
    "Area of 5 m² and 10³ cells.\n\n" + SEED_REFS
)

SEED_HTML = """<!DOCTYPE html><html><head><title>Phantom</title>
<script>var pmid = "PMID 11111111";</script><style>.x{}</style></head>
<body><nav><a href="https://pubmed.ncbi.nlm.nih.gov/22222222/">nav</a></nav>
<!-- PMID 33333333 -->
<p>A controlled study found IV ketamine reduced phantom limb pain.<sup>1</sup>
Reviews say the benefit is short-lived.<sup>2,3</sup> 10<sup>3</sup> cells.</p>
<h2>References</h2>
<ol>
<li>Eichenberger U et al. 2008, <em>Anesthesia &amp; Analgesia</em> Controlled study:
intravenous ketamine reduced phantom limb pain. (PMID 18349204)</li>
<li>Alviar MJ et al. 2016, Cochrane Database of Systematic Reviews Systematic review.
(<a href="https://pubmed.ncbi.nlm.nih.gov/27737513/">PMID 27737513</a>)</li>
<li>Hall N &amp; Eldabe S 2018, British Journal of Pain Review of pharmacological management.
(PMID 30349693)</li>
</ol></body></html>"""


def _x(text: str, kind: PageKind) -> Extraction:
    return extract(Page(source="t", text=text, kind=kind))


def _check_seed(ex: Extraction) -> None:
    assert [c.pmid for c in ex.citations] == ["18349204", "27737513", "30349693"]
    assert [c.label for c in ex.citations] == ["1", "2", "3"]
    first, second, third = (c.claim for c in ex.citations)
    assert first.authors == ("Eichenberger U",) and first.et_al and first.year == 2008
    assert first.journal == "Anesthesia & Analgesia" and first.title is None
    assert second.journal == "Cochrane Database of Systematic Reviews" and second.year == 2016
    assert third.authors == ("Hall N", "Eldabe S") and not third.et_al
    assert third.journal == "British Journal of Pain" and third.year == 2018
    assert ex.numbered
    assert sorted({lb for m in ex.markers for lb in m.labels}) == ["1", "2", "3"]


def test_seed_text() -> None:
    ex = _x(SEED_TEXT, PageKind.TEXT)
    _check_seed(ex)
    first = ex.citations[0]
    assert first.notation == "PMID 18349204"
    assert (
        first.line
        == SEED_TEXT.splitlines().index(
            next(ln for ln in SEED_TEXT.splitlines() if "18349204" in ln)
        )
        + 1
    )
    assert first.text.startswith("Eichenberger U et al. 2008, Anesthesia")
    assert "  " not in first.text


def test_seed_html() -> None:
    ex = _x(SEED_HTML, PageKind.HTML)
    _check_seed(ex)  # script, nav and comment PMIDs are ignored
    lines = SEED_HTML.splitlines()
    for c in ex.citations:
        assert c.line is not None and c.pmid in lines[c.line - 1]


def test_html_ol_start_and_body_link() -> None:
    html = """<p>As <a href="https://pubmed.ncbi.nlm.nih.gov/7096530">Chang et al (1982)</a>
    showed, and <a href="https://pubmed.ncbi.nlm.nih.gov/18349204/">this</a>.</p>
    <h2>Bibliography</h2><ol start="4"><li>Eichenberger U, Neff F. Chronic pain.
    Anesth Analg. 2008;106:1265. PMID: 18349204</li></ol>"""
    ex = _x(html, PageKind.HTML)
    by = {c.pmid: c for c in ex.citations}
    assert len(ex.citations) == 2  # the body link to 18349204 adds nothing
    assert by["18349204"].label == "4"
    body = by["7096530"]
    assert body.label is None and body.claim.authors == ("Chang",) and body.claim.year == 1982


@pytest.mark.parametrize(
    "html",
    [
        "",
        "<",
        "<html><body><p>no refs</p>",
        "\x00\x01\x02",
        "<?xml version='1.0'?><a/>",
        "<div>" * 5000 + "PMID 1" + "</div>" * 10,
    ],
)
def test_broken_html_never_raises(html: str) -> None:
    _x(html, PageKind.HTML)


MARKDOWN = """# Phantom limb pain

Ketamine helps [1]. Mirror therapy [2-3].

## References

1. Eichenberger U, Neff F, Sveticic G, et al. Chronic phantom limb pain: the effects of calcitonin. Anesth Analg. 2008 Apr;106(4):1265-73. PMID: [18349204](http://pubmed.gov/18349204).
2. [Hall N, Eldabe S (2018) Phantom limb pain: a review of pharmacological management. Br J Pain](https://pubmed.ncbi.nlm.nih.gov/30349693/)
3. [Food plants as adjuvant medicines - a review, May 2025](https://pubmed.ncbi.nlm.nih.gov/40474973/)
4. A book without PMID. Springer; 2001.
"""


def test_markdown_reference_list() -> None:
    ex = _x(MARKDOWN, PageKind.MARKDOWN)
    assert [c.pmid for c in ex.citations] == ["18349204", "30349693", "40474973"]
    a, b, c = ex.citations
    assert a.notation == "PMID: 18349204" and a.claim.et_al and a.claim.journal == "Anesth Analg"
    assert b.claim.authors == ("Hall N", "Eldabe S") and b.claim.journal == "Br J Pain"
    assert c.claim.title == "Food plants as adjuvant medicines - a review"
    assert c.claim.year == 2025
    assert [m.labels for m in ex.markers] == [("1",), ("2", "3")]
    assert ex.numbered


def test_markdown_cited_twice_keeps_both() -> None:
    md = "1. Smith J. A. B. 2001;1:1. PMID 123\n2. Smith J. A. B. 2001;1:1. PMID 123\n"
    assert [c.label for c in _x(md, PageKind.MARKDOWN).citations] == ["1", "2"]


def test_no_references_no_citations() -> None:
    assert _x("Just text from 2008, page 12-15, call 555-1234.", PageKind.TEXT).citations == ()


def test_body_only_pubmed_link() -> None:
    ex = _x("See [PubMed](https://pubmed.ncbi.nlm.nih.gov/12345678/) for more.", PageKind.MARKDOWN)
    (c,) = ex.citations
    assert c.pmid == "12345678" and c.claim.authors == () and c.claim.title is None


JATS = """<?xml version="1.0"?>
<article xmlns:xlink="http://www.w3.org/1999/xlink"><front><article-meta>
<article-id pub-id-type="pmid">99999999</article-id></article-meta></front>
<body><p>As shown <xref ref-type="bibr" rid="B1">1</xref>.</p></body>
<back><ref-list><ref id="B1"><label>1</label><element-citation publication-type="journal">
<person-group person-group-type="author"><name><surname>Bland</surname><given-names>JM</given-names>
</name><name><surname>Altman</surname><given-names>DG</given-names></name></person-group>
<article-title>Cronbach's alpha</article-title><source>BMJ</source><year>1997</year>
<pub-id pub-id-type="pmid">9055718</pub-id></element-citation></ref>
<ref id="B2"><label>2</label><element-citation><collab>Cochrane Pain Group</collab><etal/>
<source>Lancet</source><year>2001</year><pub-id pub-id-type="doi">10.1/x</pub-id>
</element-citation></ref></ref-list></back></article>"""


def test_jats() -> None:
    ex = _x(JATS, PageKind.JATS)
    (c,) = ex.citations  # own article-id PMID and the DOI-only ref are not citations
    assert c.pmid == "9055718" and c.label == "1"
    assert c.claim.authors == ("Bland JM", "Altman DG")
    assert c.claim.first_author is not None and c.claim.first_author.initials == "JM"
    assert (c.claim.year, c.claim.journal, c.claim.title) == (1997, "BMJ", "Cronbach's alpha")
    assert c.line is not None and "9055718" in JATS.splitlines()[c.line - 1]
    assert ex.markers[0].labels == ("1",) and ex.numbered


@pytest.mark.parametrize("kind", list(PageKind))
@pytest.mark.parametrize("text", ["", "\x00" * 100, "[" * 10000, "(" * 10000, "PMID " * 10000])
def test_garbage_never_raises(kind: PageKind, text: str) -> None:
    assert isinstance(_x(text, kind), Extraction)


@pytest.mark.timeout(30)  # a linear pass; a quadratic one would not finish (not a benchmark)
@pytest.mark.parametrize("kind", [PageKind.TEXT, PageKind.MARKDOWN, PageKind.HTML])
def test_five_megabytes_is_read_whole(kind: PageKind) -> None:
    entry = (
        "<li>Eichenberger U, Neff F. Chronic pain. Anesth Analg. 2008;106:1265. "
        "PMID 18349204 [1] m² 10³ [link](https://pubmed.ncbi.nlm.nih.gov/18349204/)</li>\n"
    )
    body = "<p>" + "word " * 2000 + "[[[((( </p>\n"
    text = "<ol>" + (entry * 20 + body) * 250 + "</ol>"
    assert len(text) > 3_000_000
    ex = _x(text, kind)
    assert len(ex.citations) >= 5000


@pytest.mark.timeout(30)  # a linear pass; the backtracking one would not finish (not a benchmark)
@pytest.mark.parametrize("space", [" ", "\u00a0", " \t"])
def test_a_long_run_of_space_inside_a_markdown_link_is_read_in_one_pass(space: str) -> None:
    """`[PubMed](` then 30,000 spaces took 7 s (the spaces before the URL, before a title and
    before the `)` shared the run every way; found by fuzzing): 100,000 took over a minute."""
    run = space * (100_000 // len(space))
    md = f"[PubMed]({run}\n1. Smith J. Pain. Lancet. 2008;1:1. [PMID 18349204](https://pubmed.gov/18349204)\n"
    assert [c.pmid for c in _x(md, PageKind.MARKDOWN).citations] == ["18349204"]


def test_markdown_italic_journal_is_extracted() -> None:
    md = (
        "# References\n\n"
        "- [Downs BW et al. (2020). Dopamine homeostasis in a pandemic: a mechanistic "
        "exploration. *Genome Research*](https://pubmed.ncbi.nlm.nih.gov/32934824/)\n"
        "- [Smith J (2020). Another title here. _Lancet_](https://pubmed.ncbi.nlm.nih.gov/1234/)\n"
    )
    cits = extract(Page("p.md", md, PageKind.MARKDOWN)).citations
    assert [c.claim.journal for c in cits] == ["Genome Research", "Lancet"]


def test_html_nested_past_the_parser_depth_limit_is_read_as_text() -> None:
    line = "Eichenberger U et al. 2008, Anesthesia &amp; Analgesia (PMID 18349204)"
    page = "<html><body>" + "<div>" * 2000 + line + "</div>" * 2000 + "\n<p>x</p></body></html>"
    (c,) = extract(Page("deep.html", page, PageKind.HTML)).citations
    assert (c.pmid, c.claim.journal, c.claim.year) == ("18349204", "Anesthesia & Analgesia", 2008)


# A Wikipedia article's reference list as MediaWiki renders it: each note starts with its
# back-links ("^", or "^ a b" for a note cited twice), then the citation in CS1's style.
WIKIPEDIA_HTML = """<html><body>
<p>Text.<sup id="cite_ref-1" class="reference"><a href="#cite_note-1">[1]</a></sup>
More.<sup class="reference"><a href="#cite_note-2">[2]</a></sup></p>
<h2>References</h2><div class="reflist"><ol class="references">
<li id="cite_note-1"><span class="mw-cite-backlink"><b><a href="#cite_ref-1">^</a></b></span>
<span class="reference-text"><cite class="citation journal cs1">Foley JA, Ramankutty N,
Brauman KA, et&nbsp;al. (October 2011). <a class="external text"
href="https://escholarship.org/uc/item/6xw5g085">"Solutions for a cultivated planet"</a>.
<i>Nature</i>. <b>478</b> (7369): 337–42. <a href="/wiki/PMID_(identifier)">PMID</a>&nbsp;<a
href="https://pubmed.ncbi.nlm.nih.gov/21993620">21993620</a>.</cite></span></li>
<li id="cite_note-2"><span class="mw-cite-backlink">^ <a href="#cite_ref-2a"><sup><i><b>a</b>
</i></sup></a> <a href="#cite_ref-2b"><sup><i><b>b</b></i></sup></a></span>
<span class="reference-text"><cite class="citation journal cs1">Bhutta, ZA; Das, JK; Rizvi, A
(Aug 3, 2013). "Evidence-based interventions". <i>Lancet</i>. <b>382</b> (9890): 452–77.
<a href="/wiki/PMID_(identifier)">PMID</a>&nbsp;<a
href="https://pubmed.ncbi.nlm.nih.gov/23746776">23746776</a>.</cite></span></li>
</ol></div></body></html>"""


def test_wikipedia_reference_list_without_its_back_links() -> None:
    ex = extract(Page("wiki.html", WIKIPEDIA_HTML, PageKind.HTML))
    foley, bhutta = ex.citations
    assert (foley.pmid, foley.label) == ("21993620", "1")
    assert foley.claim.authors == ("Foley JA", "Ramankutty N", "Brauman KA")
    assert foley.claim.et_al
    assert (foley.claim.year, foley.claim.journal) == (2011, "Nature")
    assert foley.claim.title == "Solutions for a cultivated planet"
    assert foley.text.startswith("Foley JA")  # not "^ Foley JA"
    assert bhutta.claim.first_author is not None
    assert (bhutta.claim.first_author.last_name, bhutta.claim.first_author.initials) == (
        "Bhutta",
        "ZA",
    )
    assert (bhutta.claim.year, bhutta.claim.journal) == (2013, "Lancet")
    # the same list copied as text keeps its "^ a b": read past it
    text = "References\n\n" + "\n".join(
        f"^ {c.text} PMID {c.pmid}." if i == 0 else f"^ a b {c.text} PMID {c.pmid}."
        for i, c in enumerate(ex.citations)
    )
    again = extract(Page("wiki.txt", text, PageKind.TEXT))
    assert [c.claim for c in again.citations] == [foley.claim, bhutta.claim]


PAREN_REFS = """\
Phantom pain is common after amputation (1). Mirror therapy helped some patients (2, 3).
Rest: (1) keep the stump clean; (2) wear the liner.

References

(1) Flor H, Nikolajsen L, Staehelin Jensen T. Phantom limb pain: a case of maladaptive CNS plasticity? Nat Rev Neurosci. 2006;7(11):873-81. PMID: 17053811
(2) Chan BL, Witt R. Mirror therapy for phantom limb pain. N Engl J Med. 2007;357(21):2206-7. PMID: 18032777
(3) Hall N, Eldabe S. Phantom limb pain: a review of pharmacological management. Br J Pain. 2018;12(4):202-7. PMID: 30349693
"""


@pytest.mark.parametrize("kind", [PageKind.TEXT, PageKind.MARKDOWN, PageKind.HTML])
def test_parenthesised_labels_split_the_list_and_mark_the_text(kind: PageKind) -> None:
    """`(1) Author ...` lines are entries of their own (read as one block, the second entry
    got the first one's authors: a false alarm), and `(1)` after a word cites entry 1."""
    text = PAREN_REFS
    if kind is PageKind.HTML:
        paras = text.replace("\n\n", "\n").strip().split("\n")
        text = "<html><body>" + "".join(f"<p>{p}</p>" for p in paras) + "</body></html>"
    ex = _x(text, kind)
    assert [c.pmid for c in ex.citations] == ["17053811", "18032777", "30349693"]
    assert [c.label for c in ex.citations] == ["1", "2", "3"]
    assert [c.claim.authors[0] for c in ex.citations] == ["Flor H", "Chan BL", "Hall N"]
    assert [c.claim.year for c in ex.citations] == [2006, 2007, 2018]
    assert ex.numbered
    # the enumeration at the start of a clause ("Rest: (1) keep ...") is not a marker
    assert [m.labels for m in ex.markers] == [("1",), ("2", "3")]


def test_parenthesised_numbers_are_not_markers_without_such_a_list() -> None:
    """With a `1.` list, `(1)` in the text is an enumeration or a quantity, not a citation."""
    text = "Two steps (1) and (2) help (3).\n\n" + SEED_REFS
    assert _x(text, PageKind.TEXT).markers == ()


FLOR = (
    "Flor H, Nikolajsen L, Staehelin Jensen T. Phantom limb pain: a case of maladaptive CNS "
    "plasticity? Nat Rev Neurosci. 2006;7(11):873-81. PMID: 17053811"
)
CHAN = (
    "Chan BL, Witt R. Mirror therapy for phantom limb pain. N Engl J Med. "
    "2007;357(21):2206-7. PMID: 18032777"
)


@pytest.mark.parametrize(
    "lines",
    [
        [FLOR, CHAN],  # pasted one under another, no label, no blank line
        ["1 " + FLOR, "2 " + CHAN],  # numbered without a dot
        ["a) " + FLOR, "b) " + CHAN],
        [FLOR, "PMCID: PMC1234567. doi: 10.1038/nrn1991", CHAN],  # a line that ends the entry
        [FLOR, CHAN.replace(" PMID:", "\nPMID:")],  # the PMID on a line of its own
    ],
)
@pytest.mark.parametrize("kind", [PageKind.TEXT, PageKind.HTML])
def test_stacked_references_each_keep_their_own_claim(lines: list[str], kind: PageKind) -> None:
    """Several references in one block: each PMID gets its own entry's claim (read as one
    entry, the second got the first one's authors, year and journal: three false alarms)."""
    text = "References\n\n" + "\n".join(lines) + "\n"
    if kind is PageKind.HTML:
        text = "<h2>References</h2><p>" + "<br>".join("\n".join(lines).split("\n")) + "</p>"
    ex = _x(text, kind)
    assert [c.pmid for c in ex.citations] == ["17053811", "18032777"]
    first, second = (c.claim for c in ex.citations)
    assert (first.authors[0], first.year, first.journal) == ("Flor H", 2006, "Nat Rev Neurosci")
    assert (second.authors[0], second.year, second.journal) == ("Chan BL", 2007, "N Engl J Med")
    assert "PMC1234567" not in ex.citations[1].text


def test_an_erratum_pmid_below_its_entry_does_not_take_the_entry_s_claim() -> None:
    """The erratum's own PMID is a notice, not Smith 2001: judged against Smith's authors,
    year and journal it would be a false alarm; read on its own it claims nothing."""
    text = (
        "References\n\nSmith J, Doe A. A title here. J Foo. 2001;1:2. PMID: 11111111\n"
        "Erratum PMID: 22222222\n"
    )
    first, erratum = _x(text, PageKind.TEXT).citations
    assert first.claim.authors == ("Smith J", "Doe A") and first.claim.year == 2001
    assert first.text == "Smith J, Doe A. A title here. J Foo. 2001;1:2. PMID: 11111111"
    assert erratum.pmid == "22222222" and erratum.claim == Claim()


@pytest.mark.parametrize(
    "text",
    [
        # two references on one line, and joined by words in a sentence
        f"References\n\n{FLOR}; {CHAN}",
        "See Flor H et al. Nat Rev Neurosci 2006 (PMID 17053811) and Chan BL et al., "
        "N Engl J Med 2007 (PMID 18032777).",
        # PMIDs that lead their entries, on one line or two
        "References\n\nPMID 17053811 - Flor H, Nikolajsen L. Phantom limb pain. Nat Rev "
        "Neurosci. 2006. PMID: 18032777 - Chan BL, Witt R. Mirror therapy. N Engl J Med. 2007",
        "References\n\nPMID 17053811 - Flor H, Nikolajsen L. Phantom limb pain. Nat Rev "
        "Neurosci. 2006\nPMID 18032777 - Chan BL, Witt R. Mirror therapy. N Engl J Med. 2007",
    ],
)
def test_each_pmid_of_a_line_gets_its_own_reference(text: str) -> None:
    ex = _x(text, PageKind.TEXT)
    assert [c.pmid for c in ex.citations] == ["17053811", "18032777"]
    first, second = (c.claim for c in ex.citations)
    assert (first.year, first.journal) == (2006, "Nat Rev Neurosci")
    assert first.authors[0].endswith("Flor H")  # "See Flor H" in the sentence
    assert (second.authors[0], second.year, second.journal) == ("Chan BL", 2007, "N Engl J Med")


def test_a_superscript_after_the_word_in_is_a_marker() -> None:
    """`as reviewed in³` cites reference 3; `10 in²` is square inches. Read as a unit,
    the marker was lost and reference 3 reported as never cited."""
    text = "NMDA antagonists are reviewed in³. A pad of 10 in² helps.\n\n" + SEED_REFS
    assert [m.labels for m in _x(text, PageKind.TEXT).markers] == [("3",)]


def test_an_extraction_that_fails_says_so(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A rule that raises leaves the page without citations; a run must say so in one line
    rather than pass it for a page that cites nothing."""
    import refcheck.extract.html as html_module

    def broken(text: str) -> None:
        raise IndexError("list index out of range")

    monkeypatch.setattr(html_module, "extract_html", broken)
    with caplog.at_level("WARNING", logger="refcheck.extract"):
        assert _x("<p>PMID 18349204</p>", PageKind.HTML).citations == ()
    assert caplog.messages == [
        "t: citations could not be read (internal error: IndexError); the page is not checked"
    ]


def test_prose_citing_by_named_links_is_no_reference_entry() -> None:
    """A paragraph whose links name their papers, and whose prose happens to read like a
    reference (a group author `Ketamine helps: ...`, a journal `A randomized controlled
    trial`), was read as reference entries: two links to one paper merged, and prose
    became the claim of another (an author ERROR)."""
    html = (
        '<p>Ketamine helps: <a href="https://pubmed.ncbi.nlm.nih.gov/18349204/">Eichenberger '
        "2008 controlled study</a>. Also "
        '<a href="https://pubmed.ncbi.nlm.nih.gov/30349693/">Hall &amp; Eldabe, British '
        'Journal of Pain</a>; and again <a href="https://pubmed.ncbi.nlm.nih.gov/30349693/">'
        'Hall 2015 review</a>. A <a href="https://pubmed.ncbi.nlm.nih.gov/18349204/">'
        "randomized controlled trial</a> (2008).</p>"
    )
    found = extract(Page("p.html", html, PageKind.HTML)).citations
    assert [(c.pmid, c.claim.authors, c.claim.year) for c in found] == [
        ("18349204", ("Eichenberger",), 2008),
        ("30349693", ("Hall", "Eldabe"), None),
        ("30349693", ("Hall",), 2015),
        ("18349204", (), None),
    ]
    # a paragraph holding references linked by "PubMed" is still read as references
    refs = (
        "<p>Eichenberger U et al. 2008, Anesth Analg. "
        '<a href="https://pubmed.ncbi.nlm.nih.gov/18349204/">PubMed</a><br>'
        "Hall N, Eldabe S. 2018, Br J Pain. "
        '<a href="https://pubmed.ncbi.nlm.nih.gov/30349693/">PubMed</a></p>'
    )
    found = extract(Page("r.html", refs, PageKind.HTML)).citations
    assert [(c.pmid, c.claim.authors[:1], c.claim.journal) for c in found] == [
        ("18349204", ("Eichenberger U",), "Anesth Analg"),
        ("30349693", ("Hall N",), "Br J Pain"),
    ]


_TWO = (
    "Eichenberger U et al. 2008, Anesthesia &amp; Analgesia Controlled study: intravenous "
    "ketamine reduced phantom limb pain. (PMID 18349204)",
    "Hall N &amp; Eldabe S 2018, British Journal of Pain Review of pharmacological "
    "management. (PMID 30349693)",
)
_BODY = "<p>Ketamine may help.<sup>1</sup> Medications too.<sup>2</sup></p>"


@pytest.mark.parametrize(
    "refs",
    [
        # a reference list laid out as a table, the number in a cell of its own
        "<h2>References</h2><table>"
        + "".join(f"<tr><td>{i}.</td><td>{e}</td></tr>" for i, e in enumerate(_TWO, 1))
        + "</table>",
        "<table>"
        + "".join(f"<tr><td>[{i}]</td><td>{e}</td></tr>" for i, e in enumerate(_TWO, 1))
        + "</table>",
        # a bulleted list whose items carry their numbers
        "<h2>References</h2><ul>"
        + "".join(f"<li>[{i}] {e}</li>" for i, e in enumerate(_TWO, 1))
        + "</ul>",
    ],
)
def test_reference_lists_laid_out_otherwise_keep_their_numbers(refs: str) -> None:
    """Read as table rows, the cells' bars became part of the first author's name
    (`| | 1. | Eichenberger U`: an author ERROR) and the numbers were lost."""
    ex = extract(Page("p.html", f"<html><body>{_BODY}{refs}</body></html>", PageKind.HTML))
    assert [(c.pmid, c.label, c.claim.authors[0], c.claim.year) for c in ex.citations] == [
        ("18349204", "1", "Eichenberger U", 2008),
        ("30349693", "2", "Hall N", 2018),
    ]
    assert ex.numbered
    assert [m.labels for m in ex.markers] == [("1",), ("2",)]


def test_a_data_tables_bare_index_is_no_reference_number() -> None:
    """And a row holding `PMID 18349204` is no header (read as naming the PMID column,
    the first row's citation was lost, and with one row per table, every row's)."""
    html = (
        "<table><tr><td>1</td><td>Ketamine</td><td>PMID 18349204</td></tr>"
        "<tr><td>2</td><td>Mirror therapy</td><td>PMID 30349693</td></tr></table>"
    )
    ex = extract(Page("t.html", html, PageKind.HTML))
    assert [c.label for c in ex.citations] == [None, None] and not ex.numbered


def test_efetch_reference_lists_are_read_with_their_claims() -> None:
    """A saved efetch reply (`<PubmedArticleSet>`) cites PMIDs in its records'
    <ReferenceList>s: it was read as plain text (0 citations), and a full reference's
    first sentence, its authors, was taken for the journal."""
    xml = """<?xml version="1.0" ?>
<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2019//EN" "x.dtd">
<PubmedArticleSet><PubmedArticle><PubmedData><ReferenceList>
<Reference><Citation>Radiology. 2015 Jan;274(1):250-9</Citation>
<ArticleIdList><ArticleId IdType="pubmed">25144646</ArticleId></ArticleIdList></Reference>
<Reference><Citation>Eichenberger U, Neff F, Sveticic G, et al. Chronic phantom limb pain:
the effects of calcitonin, ketamine, and their combination on pain and sensory thresholds.
Anesth Analg. 2008;106(4):1265-73.</Citation>
<ArticleIdList><ArticleId IdType="pubmed">18349204</ArticleId></ArticleIdList></Reference>
</ReferenceList></PubmedData></PubmedArticle></PubmedArticleSet>"""
    page = Page("refs.xml", xml, detect_kind("refs.xml", xml))
    claims = {c.pmid: c.claim for c in extract(page).citations}
    assert (claims["25144646"].journal, claims["25144646"].year) == ("Radiology", 2015)
    anesth = claims["18349204"]
    assert (anesth.journal, anesth.year) == ("Anesth Analg", 2008)
    assert anesth.first_author is not None and anesth.first_author.last_name == "Eichenberger"


def test_jats_xref_range_cites_the_labels_between() -> None:
    """PMC writes a range as two xrefs around a dash (pmc-annonc-mds526.nxml:
    `<xref>25</xref>&#x02013;<xref>33</xref>`): 26 to 32 were reported as never cited."""
    refs = "".join(
        f'<ref id="C{n}"><label>{n}</label><element-citation><source>BMJ</source>'
        f'<year>2001</year><pub-id pub-id-type="pmid">{9055700 + n}</pub-id>'
        "</element-citation></ref>"
        for n in range(1, 7)
    )
    jats = (
        '<?xml version="1.0"?><article><front></front><body><p>Seen [<xref ref-type="bibr" '
        'rid="C1">1</xref>, <xref ref-type="bibr" rid="C2">2</xref>&#x02013;<xref '
        'ref-type="bibr" rid="C5">5</xref>] and <xref ref-type="bibr" rid="C6">6</xref>.'
        f"</p></body><back><ref-list>{refs}</ref-list></back></article>"
    )
    ex = _x(jats, PageKind.JATS)
    cited = {label for m in ex.markers for label in m.labels}
    assert cited == {"1", "2", "3", "4", "5", "6"}
    # a comma is not a range: 1 and 2 alone
    assert ex.markers[0].labels == ("1",) and ex.markers[1].labels == ("2",)


def test_adjacent_superscripts_are_shown_as_the_page_shows_them() -> None:
    """`<sup>2</sup><sup>3</sup><sup>4</sup>`: the marker read `²˒³˒⁴` in every report, the
    separator being refcheck's own (it keeps 2, 3 and 4 apart, not 234)."""
    html = (
        "<p>Pain persists<sup>2</sup><sup>3</sup><sup>4</sup>.</p><h2>References</h2><ol>"
        "<li>Hall N, Eldabe S. Review. Br J Pain. 2018;12:1. PMID 30349693</li></ol>"
    )
    (marker,) = _x(html, PageKind.HTML).markers
    assert marker.labels == ("2", "3", "4")
    assert marker.text == "²³⁴"


IJO_TITLE = (
    "Obesity risk in rural, urban and rural-to-urban migrants: prospective results of the "
    "PERU MIGRANT study"
)
IJO_AUTHORS = (
    "Rodrigo M. Carrillo-Larco, Antonio Bernabé-Ortiz, Timesh D. Pillay, Robert H. Gilman, "
    "Jaime F. Sanchez, Julio A. Poterico, Renato Quispe, Liam Smeeth, J. Jaime Miranda"
)


@pytest.mark.parametrize(
    ("entry", "year"),
    [
        # Manubot: title, authors and `<em>Journal</em> (date)` on lines of their own
        (
            f"<p>1. <strong>{IJO_TITLE}</strong> <br />\n{IJO_AUTHORS}<br />\n"
            "<em>International journal of obesity (2005)</em> (2015-08-06) "
            '<a href="https://doi.org/10.1038/ijo.2015.140">https://doi.org/10.1038/ijo.2015'
            '.140</a> <br />\nPMID: <a href="https://www.ncbi.nlm.nih.gov/pubmed/26228458">'
            "26228458</a></p>",
            2015,
        ),
        # title first, the journal in an element of its own, then the date or the volume
        (
            f"<ol><li>{IJO_TITLE}<br>Carrillo-Larco RM, Bernabé-Ortiz A, Pillay TD, et al.<br>"
            "<em>International journal of obesity (2005)</em> (2016) "
            '<a href="https://pubmed.ncbi.nlm.nih.gov/26228458/">PubMed</a></li></ol>',
            2016,
        ),
        (
            f"<ol><li>{IJO_TITLE}<br>Carrillo-Larco RM, Bernabé-Ortiz A, Pillay TD, et al.<br>"
            "<em>International journal of obesity (2005)</em>, 40(1):181-185, 06 Aug 2015 "
            '<a href="https://pubmed.ncbi.nlm.nih.gov/26228458/">PubMed</a></li></ol>',
            2015,
        ),
    ],
    ids=["manubot", "title first, year after", "title first, volume after"],
)
def test_a_journal_whose_name_holds_a_year_does_not_date_the_citation(
    entry: str, year: int
) -> None:
    """PubMed's own name of Int J Obes is `International journal of obesity (2005)`. On a
    line of its own after the title, its `(2005)` was read as the citation's year: a
    wrong-year error against PubMed's 2016 (epub 2015) for PMID 26228458."""
    page = f'<html><body><div id="refs" class="references">{entry}</div></body></html>'
    (citation,) = _x(page, PageKind.HTML).citations
    assert citation.claim.year == year
    record = PubMedRecord(
        pmid="26228458",
        title=f"{IJO_TITLE}.",
        authors=(PersonName("Carrillo-Larco", "RM"), PersonName("Bernabé-Ortiz", "A")),
        author_list_complete=False,
        journal_title="International journal of obesity (2005)",
        iso_abbreviation="Int J Obes (Lond)",
        medline_ta="Int J Obes (Lond)",
        pub_year=2016,
        epub_year=2015,
    )
    findings = compare_citation(citation, record, current_year=2026)
    assert not [f for f in findings if f.severity.rank >= Severity.WARNING.rank]


@pytest.mark.parametrize(
    ("page", "kind"),
    [
        (
            '<p>Obesity rose after migration (<a href="https://pubmed.ncbi.nlm.nih.gov/?term='
            '26228458">PMID 26228458</a>), and icatibant helped (<a href="https://www.ncbi.nlm'
            '.nih.gov/pubmed/?term=25946293">PMID: 25946293</a>).</p>',
            PageKind.HTML,
        ),
        (
            "Obesity rose after migration ([PMID 26228458](https://pubmed.ncbi.nlm.nih.gov/"
            "?term=26228458)), and icatibant helped ([PMID: 25946293](https://www.ncbi.nlm.nih"
            ".gov/pubmed/?term=25946293)).\n",
            PageKind.MARKDOWN,
        ),
        (
            "Obesity rose after migration (PMID 26228458, https://pubmed.ncbi.nlm.nih.gov/"
            "26228458/), and icatibant helped (PMID: 25946293).\n",
            PageKind.TEXT,
        ),
    ],
    ids=["html", "markdown", "label then url"],
)
def test_a_pmid_in_a_link_s_text_and_its_url_is_one_citation(page: str, kind: PageKind) -> None:
    """A body link whose text and URL both hold the PMID was two citations of one mention,
    counted twice in the report; two links to one paper are still two."""
    assert [c.pmid for c in _x(page, kind).citations] == ["26228458", "25946293"]
    twice = page.replace("and icatibant helped", "as found before").replace("25946293", "26228458")
    assert [c.pmid for c in _x(twice, kind).citations] == ["26228458", "26228458"]


_SUMMARY_LINK = (
    '<a href="https://pubmed.ncbi.nlm.nih.gov/30349693/">Phantom limb pain: a review.</a>'
)


@pytest.mark.parametrize(
    "body",
    [
        # a CMS's list of PubMed's summaries: the title is the link to PubMed
        f"<ul><li>{_SUMMARY_LINK} Hall N, Eldabe S. Br J Pain. 2018 Nov;12(4):202-207.</li></ul>",
        # PubMed's lines kept by <br>, in a block outside any reference list: the link's
        # text alone claimed the title only
        f"<p>Further reading.</p><div>{_SUMMARY_LINK}<br>Hall N, Eldabe S.<br>Br J Pain. "
        "2018 Nov;12(4):202-207. PMID: 30349693</div>",
    ],
    ids=["list", "lines"],
)
def test_html_pubmed_summary_claims_its_authors_and_journal(body: str) -> None:
    ex = _x(f"<html><body>{body}</body></html>", PageKind.HTML)
    [c] = ex.citations
    assert c.pmid == "30349693"
    claim = c.claim
    assert (claim.authors, claim.journal, claim.year) == (("Hall N", "Eldabe S"), "Br J Pain", 2018)
    assert claim.title == "Phantom limb pain: a review"


def test_a_linked_title_in_prose_keeps_the_link_s_claim() -> None:
    """A paragraph that is no PubMed summary (its link is not its opening title): the link's
    text is the claim, as before."""
    body = (
        "<p>Hall N, Eldabe S. <a href='https://pubmed.ncbi.nlm.nih.gov/30349693/'>Phantom "
        "limb pain: a review.</a> Br J Pain. 2018;12(4):202-207.</p>"
    )
    [c] = _x(f"<html><body>{body}</body></html>", PageKind.HTML).citations
    assert c.claim.title == "Phantom limb pain: a review" and not c.claim.authors


def test_markdown_footnote_definitions_are_entries_without_their_label() -> None:
    """`[^1]: Taubenberger JK, Morens DM. ...` (a Markdown footnote): the label was read as
    part of the first author, "^1]: Taubenberger JK", an error ("no such author")."""
    md = (
        "Influenza killed millions.[^1] Cancer is common.[^gc]\n\n"
        "[^1]: Taubenberger JK, Morens DM. 1918 Influenza: the mother of all pandemics. "
        "*Emerg Infect Dis*. 2006;12(1):15-22. [PubMed](https://pubmed.ncbi.nlm.nih.gov/16494711/)\n"
        "[^gc]: Sung H, Ferlay J, Siegel RL, et al. Global Cancer Statistics 2020. *CA Cancer J "
        "Clin*. 2021;71(3):209-249. PMID: 33538338\n"
    )
    first = [c.claim.first_author for c in _x(md, PageKind.MARKDOWN).citations]
    assert first == [PersonName("Taubenberger", "JK"), PersonName("Sung", "H")]


def test_markdown_footnotes_citing_one_paper_twice_are_two_citations() -> None:
    """Footnote definitions on consecutive lines were one paragraph, where a PMID written
    twice is one citation: the second footnote's claim (here a wrong year) was never
    checked."""
    md = (
        "Claim.[^1] Another claim.[^2]\n\n"
        "[^1]: Hall N, Eldabe S. Phantom limb pain: a review. Br J Pain. 2018;12(4):202-7. "
        "PMID: 30349693\n"
        "[^2]: Hall N, Eldabe S. Phantom limb pain: a review. Br J Pain. 2016;12(4):202-7. "
        "PMID: 30349693\n"
        "    (the same review, cited again)\n"
    )
    citations = _x(md, PageKind.MARKDOWN).citations
    assert [(c.pmid, c.claim.year, c.line) for c in citations] == [
        ("30349693", 2018, 3),
        ("30349693", 2016, 4),
    ]
