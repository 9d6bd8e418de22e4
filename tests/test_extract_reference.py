"""One reference entry -> claims, for each citation style pages use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from refcheck.compare import compare_citation
from refcheck.extract.reference import parse_link_text, parse_reference
from refcheck.models import Citation, Claim, Field, PersonName, PubMedRecord, Severity, Status
from style_citations import (
    SIEGEL_2020,
    SUNG_2021,
    mismatch_fields,
    paper,
    title_case,
    verdict,
)

SEED = [
    (
        "Eichenberger U et al. 2008, Anesthesia & Analgesia Controlled study: intravenous "
        "ketamine reduced phantom limb pain. (PMID 18349204)",
        ("Eichenberger U",),
        True,
        2008,
        "Anesthesia & Analgesia",
    ),
    (
        "Alviar MJ et al. 2016, Cochrane Database of Systematic Reviews Systematic review "
        "finding limited overall evidence for pharmacologic treatment of phantom limb pain. "
        "(PMID 27737513)",
        ("Alviar MJ",),
        True,
        2016,
        "Cochrane Database of Systematic Reviews",
    ),
    (
        "Hall N & Eldabe S 2018, British Journal of Pain Review of pharmacological management "
        "of phantom limb pain, including NMDA antagonists. (PMID 30349693)",
        ("Hall N", "Eldabe S"),
        False,
        2018,
        "British Journal of Pain",
    ),
    # the same site's variants: the year in brackets, a dash before the note
    (
        "Hall N & Eldabe S (2018), British Journal of Pain — review of pharmacological "
        "management (PubMed 30349693)",
        ("Hall N", "Eldabe S"),
        False,
        2018,
        "British Journal of Pain",
    ),
    # another separator after the year (the whole rest was read as a title: a title alarm)
    (
        "Eichenberger U et al. 2008 – Anesthesia & Analgesia Controlled study: intravenous "
        "ketamine reduced phantom limb pain. (PMID 18349204)",
        ("Eichenberger U",),
        True,
        2008,
        "Anesthesia & Analgesia",
    ),
    (
        "Hall N & Eldabe S 2018 | British Journal of Pain Review of pharmacological "
        "management (PMID 30349693)",
        ("Hall N", "Eldabe S"),
        False,
        2018,
        "British Journal of Pain",
    ),
    (
        "Alviar MJ et al. 2016 · Cochrane Database of Systematic Reviews Systematic review "
        "finding limited overall evidence. (PMID 27737513)",
        ("Alviar MJ",),
        True,
        2016,
        "Cochrane Database of Systematic Reviews",
    ),
    (
        "Alviar MJ, Hale T, Dungca M. 2016, Cochrane Database Syst Rev Systematic review "
        "finding limited evidence. (PMIDs 27737513, 22161403)",
        ("Alviar MJ", "Hale T", "Dungca M."),
        False,
        2016,
        "Cochrane Database Syst Rev",
    ),
]


@pytest.mark.parametrize(("text", "authors", "et_al", "year", "journal"), SEED)
def test_seed_style(
    text: str, authors: tuple[str, ...], et_al: bool, year: int, journal: str
) -> None:
    claim = parse_reference(text)
    assert claim.authors == authors
    assert claim.et_al is et_al
    assert claim.year == year
    assert claim.journal == journal
    assert claim.title is None  # the note after the journal is not a title


STYLES = [
    (  # Vancouver under a parenthesised number, as some clinic sites write their lists
        "(12) Chan BL, Witt R, Charrow AP, et al. Mirror therapy for phantom limb pain. "
        "N Engl J Med. 2007;357(21):2206-7. PMID: 18032777",
        "Chan",
        2007,
        "N Engl J Med",
        "Mirror therapy for phantom limb pain",
    ),
    (  # Vancouver / NLM
        "Eichenberger U, Neff F, Sveticic G, et al. Chronic phantom limb pain: the effects of "
        "calcitonin, ketamine, and their combination on pain and sensory thresholds. Anesth "
        "Analg. 2008 Apr;106(4):1265-73. doi: 10.1213/ane.0b013e3181685014. PMID: 18349204.",
        "Eichenberger",
        2008,
        "Anesth Analg",
        "Chronic phantom limb pain: the effects of "
        "calcitonin, ketamine, and their combination on pain and sensory thresholds",
    ),
    (  # APA
        "Eichenberger, U., Neff, F., & Curatolo, M. (2008). Chronic phantom limb pain. "
        "Anesthesia & Analgesia, 106(4), 1265–1273. https://pubmed.ncbi.nlm.nih.gov/18349204/",
        "Eichenberger",
        2008,
        "Anesthesia & Analgesia",
        "Chronic phantom limb pain",
    ),
    (  # Harvard / author-year in parentheses
        "Hall N, Eldabe S (2018) Phantom limb pain: a review of pharmacological management. "
        "Br J Pain",
        "Hall",
        2018,
        "Br J Pain",
        "Phantom limb pain: a review of pharmacological management",
    ),
    (  # NLM with [PubMed: N]
        "17. Díez FJ, Mira J, Iturralde E, Zubillaga S. DIAVAL, a Bayesian expert system for "
        "echocardiography. Artificial Intelligence in Medicine. 1997; 10:59-73. [PubMed: 9177816]",
        "Díez",
        1997,
        "Artificial Intelligence in Medicine",
        "DIAVAL, a Bayesian expert system for echocardiography",
    ),
    (  # Nature
        "Al-Aly, Z., Xie, Y. & Bowe, B. High-dimensional characterization of post-acute "
        "sequelae of COVID-19. Nature 594, 259–264 (2021).",
        "Al-Aly",
        2021,
        "Nature",
        "High-dimensional characterization of post-acute sequelae of COVID-19",
    ),
    (  # PLOS mixed citation
        "Chakroborty A (2011) Drug-resistant tuberculosis: an insurmountable epidemic? "
        "Inflammopharmacology 19: 131–137",
        "Chakroborty",
        2011,
        "Inflammopharmacology",
        "Drug-resistant tuberculosis: an insurmountable epidemic?",
    ),
    (  # one author, Vancouver
        "Wacholder S. Binomial regression in GLIM: estimating risk ratios and risk "
        "differences. Am J Epidemiol. 1986;123(1):174-84.",
        "Wacholder",
        1986,
        "Am J Epidemiol",
        "Binomial regression in GLIM: estimating risk ratios and risk differences",
    ),
    (  # Wikipedia's rendered citations (CS1): a full date in the brackets, quoted title
        'Foley JA, Ramankutty N (October 2011). "Solutions for a cultivated planet". Nature. '
        "478 (7369): 337–42. doi:10.1038/nature10452. PMID 21993620.",
        "Foley",
        2011,
        "Nature",
        "Solutions for a cultivated planet",
    ),
    (
        'Bhutta ZA, Das JK, Rizvi A (Aug 3, 2013). "Evidence-based interventions for '
        'improvement of maternal and child nutrition: what can be done and at what cost?". '
        "Lancet. 382 (9890): 452–77. PMID 23746776.",
        "Bhutta",
        2013,
        "Lancet",
        "Evidence-based interventions for improvement of maternal and child nutrition: "
        "what can be done and at what cost?",
    ),
    (
        'Murray CJ (8 December 2012). "Disability-adjusted life years". Lancet. 380: 2197–223.',
        "Murray",
        2012,
        "Lancet",
        "Disability-adjusted life years",
    ),
    # real records whose titles hold sentences of their own, or whose journal's name does
    # (each was read with the wrong journal or authors: a false alarm on a right citation)
    (
        "Tweed EJ, Miller RG, Schofield J, Barnsdale L, Matheson C. Why are drug-related "
        "deaths among women increasing in Scotland? A mixed-methods analysis of possible "
        "explanations. Drugs (Abingdon Engl). 2022;29(1):62-75. PMID: 35095222",
        "Tweed",
        2022,
        "Drugs (Abingdon Engl)",  # the place is the name's: Adis's `Drugs` is another journal
        "Why are drug-related deaths among women increasing in Scotland? A mixed-methods "
        "analysis of possible explanations",
    ),
    (
        "Bichet N, Cahard D, Fabre G, Remandet B, Gouy D, Cano JP. Toxicological studies on "
        "a benzofuran derivative. III. Comparison of peroxisome proliferation in rat and "
        "human hepatocytes in primary culture. Toxicol Appl Pharmacol. 1990;106(3):509-17.",
        "Bichet",
        1990,
        "Toxicol Appl Pharmacol",
        "Toxicological studies on a benzofuran derivative. III. Comparison of peroxisome "
        "proliferation in rat and human hepatocytes in primary culture",
    ),
    (
        "Albores J, Wang T. Images in clinical medicine. Trapped lung. N Engl J Med. "
        "2015;372(19):e25. PMID: 25946304",
        "Albores",
        2015,
        "N Engl J Med",
        "Images in clinical medicine. Trapped lung",
    ),
    (
        "Taddei AR, Barbato F, Abelli L, et al. Is cryopreservation a homogeneous process? "
        "Ultrastructure and motility of untreated, prefreezing, and postthawed spermatozoa of "
        "Diplodus puntazzo (Cetti). Cryobiology. 2001;42(4):244-55.",
        "Taddei",
        2001,
        "Cryobiology",
        "Is cryopreservation a homogeneous process? Ultrastructure and motility of "
        "untreated, prefreezing, and postthawed spermatozoa of Diplodus puntazzo (Cetti)",
    ),
    (
        "Bantle JA, Finch RA, Fort DJ, et al. Phase III interlaboratory study of FETAX. "
        "Part 3. FETAX validation using 12 compounds with and without an exogenous metabolic "
        "activation system. J Appl Toxicol. 1999;19(6):447-72.",
        "Bantle",
        1999,
        "J Appl Toxicol",
        "Phase III interlaboratory study of FETAX. Part 3. FETAX validation using 12 "
        "compounds with and without an exogenous metabolic activation system",
    ),
    (  # a title with commas after initials: not more authors
        "De Neve JE, Christakis NA, Fowler JH, Frey BS. Genes, Economics, and Happiness. "
        "J Neurosci Psychol Econ. 2012;5(4):193-211. PMID: 24349601",
        "De Neve",
        2012,
        "J Neurosci Psychol Econ",
        "Genes, Economics, and Happiness",
    ),
    (  # no period before the year: the title is not an author list
        "Bui AD, Truong A, Pasricha ND, Indaram M. Keratoconus Diagnosis and Treatment: "
        "Recent Advances and Future Directions. Clin Ophthalmol 2023;17:2705-2718.",
        "Bui",
        2023,
        "Clin Ophthalmol",
        "Keratoconus Diagnosis and Treatment: Recent Advances and Future Directions",
    ),
    (  # APA, a journal whose name has two sections
        "Kang, S. C., & Lee, B. M. (2005). DNA methylation of estrogen receptor alpha gene "
        "by phthalates. Journal of Toxicology and Environmental Health. Part A, 68(23-24), "
        "1995-2003.",
        "Kang",
        2005,
        "Journal of Toxicology and Environmental Health. Part A",
        "DNA methylation of estrogen receptor alpha gene by phthalates",
    ),
    (
        "Sharma, S., Sharma, B., & Dey Sadhu, S. (2022). Microplastic profusion in food and "
        "drinking water: are microplastics becoming a macroproblem? Environmental Science. "
        "Processes & Impacts, 24(7), 992-1009.",
        "Sharma",
        2022,
        "Environmental Science. Processes & Impacts",
        "Microplastic profusion in food and drinking water: are microplastics becoming a "
        "macroproblem?",
    ),
    (  # Harvard, title in quotes
        "Strekas, T.C. (1976) 'Magnetic studies of Chromatium flavocytochrome C552. A "
        "mechanism for heme-flavin interaction', Biochimica et Biophysica Acta, 446(1), "
        "pp. 179-91.",
        "Strekas",
        1976,
        "Biochimica et Biophysica Acta",
        "Magnetic studies of Chromatium flavocytochrome C552. A mechanism for heme-flavin "
        "interaction",
    ),
    (
        "Oba, T. et al. (1975) '[Safety of phthalic acid esters (author's transl)]', Eisei "
        "Shikenjo Hokoku, (93), pp. 1-9.",
        "Oba",
        1975,
        "Eisei Shikenjo Hokoku",
        "[Safety of phthalic acid esters (author's transl)]",
    ),
    (  # APA 7 with 21 or more authors: the first 19, an ellipsis, the last
        "Ling, K. H., Rajandream, M. A., Rivailler, P., Ivens, A., Yap, S. J., Madeira, A. "
        "M., Mungall, K., Billington, K., Yee, W. Y., Bankier, A. T., Carroll, F., Durham, "
        "A. M., Peters, N., Loo, S. S., Isa, M. N., Novaes, J., Quail, M., Rosli, R., Nor "
        "Shamsudin, M., . . . Wan, K. L. (2007). Sequencing and analysis of chromosome 1 of "
        "Eimeria tenella reveals a unique segmental organization. Genome Research, 17(3), "
        "311-319.",
        "Ling",
        2007,
        "Genome Research",
        "Sequencing and analysis of chromosome 1 of Eimeria tenella reveals a unique "
        "segmental organization",
    ),
    (  # a journal's name with commas and "&"; an issue glued to the name
        "Fukuwatari T et al (2002a). Elucidation of the toxic mechanism of the plasticizers. "
        "Bioscience, Biotechnology, & Biochemistry, 66(4).",
        "Fukuwatari",
        2002,
        "Bioscience, Biotechnology, & Biochemistry",
        "Elucidation of the toxic mechanism of the plasticizers",
    ),
    (
        "Oba, T., & Yamaha, T. (1975). [Safety of phthalic acid esters]. Bulletin of "
        "National Institute of Hygienic Sciences(93), 1-25.",
        "Oba",
        1975,
        "Bulletin of National Institute of Hygienic Sciences",
        "[Safety of phthalic acid esters]",
    ),
    (  # MLA: a year in the title, the journal's place-and-year bracket, the year last
        'Carrillo-Larco, R. M., et al. "Obesity risk in rural, urban and rural-to-urban '
        'migrants: the PERU MIGRANT study of 2007." International Journal of Obesity (London, '
        "England : 2005), vol. 40, no. 1, 2016, pp. 181-5.",
        "Carrillo-Larco",
        2016,
        "International Journal of Obesity",
        "Obesity risk in rural, urban and rural-to-urban migrants: the PERU MIGRANT study of 2007",
    ),
    (  # an initial outside ASCII does not end the author list
        'Yavaşoğlu, N. Ü., et al. "Induction of oxidative stress in liver by butyl cyclohexyl '
        'phthalate." Environmental Toxicology, vol. 29, no. 3, 2014, pp. 345-53.',
        "Yavaşoğlu",
        2014,
        "Environmental Toxicology",
        "Induction of oxidative stress in liver by butyl cyclohexyl phthalate",
    ),
    (  # a quotation inside a quoted title (MLA)
        'Flum, D. R. "Clinical practice. Acute appendicitis--appendectomy or the "antibiotics '
        'first" strategy." The New England Journal of Medicine, vol. 372, no. 20, 2015, '
        "pp. 1937-43.",
        "Flum",
        2015,
        "The New England Journal of Medicine",
        'Clinical practice. Acute appendicitis--appendectomy or the "antibiotics first" strategy',
    ),
    (  # collective author
        "GBD 2013 Collaborators. Global burden of disease. Lancet. 2015;386:743-800.",
        "GBD 2013 Collaborators",
        2015,
        "Lancet",
        "Global burden of disease",
    ),
]


@pytest.mark.parametrize(("text", "first", "year", "journal", "title"), STYLES)
def test_styles(text: str, first: str, year: int, journal: str, title: str) -> None:
    claim = parse_reference(text)
    assert claim.first_author is not None
    assert claim.first_author.last_name == first
    assert claim.year == year
    assert claim.journal == journal
    assert claim.title == title


def test_collective_flag() -> None:
    claim = parse_reference("Cochrane Pain Group. A review. Pain. 2010;1:1-2.")
    assert claim.first_author is not None and claim.first_author.collective


@pytest.mark.parametrize(
    ("text", "authors", "year", "title"),
    [
        ("PubMed", (), None, None),
        ("18349204", (), None, None),
        ("https://pubmed.ncbi.nlm.nih.gov/1/", (), None, None),
        ("Chang et al (1982)", ("Chang",), 1982, None),
        ("Arvid Sjölander (2016)", ("Arvid Sjölander",), 2016, None),
        (
            "Food plants as adjuvant medicines - a review, May 2025",
            (),
            2025,
            "Food plants as adjuvant medicines - a review",
        ),
    ],
)
def test_link_text(
    text: str, authors: tuple[str, ...], year: int | None, title: str | None
) -> None:
    claim = parse_link_text(text)
    assert (claim.authors, claim.year, claim.title) == (authors, year, title)


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01garbage", "(((((", "1. 2. 3."])
def test_garbage_never_raises(text: str) -> None:
    parse_reference(text)


@pytest.mark.parametrize(
    "text",
    [
        "the Cochrane review",
        "this study",
        "a meta-analysis",
        "A meta-analysis",
        "our 2019 trial",
        "PubMed abstract",
        "full text",
        "Free full text on PMC",
        "read more",
        "a 2008 controlled study found that IV ketamine reduced phantom limb pain",
        "one large trial showed no benefit of mirror therapy",
        "researchers reported fewer episodes after six weeks",
        # what kind of paper it is, not its title (each was a title warning)
        "randomized controlled trial",
        "double-blind crossover study",
        "Level II evidence",
        "a small RCT",
        "a controlled trial in 20 amputees",
        "meta-analysis of 12 RCTs",
        "evidence from trials",
    ],
)
def test_link_text_describing_the_source_claims_nothing(text: str) -> None:
    assert parse_link_text(text) == parse_link_text("PubMed")
    assert parse_link_text(text).title is None


@pytest.mark.parametrize(
    ("text", "authors", "et_al", "journal", "year"),
    [
        ("Krystal et al., PNAS 2023", ("Krystal",), True, "PNAS", 2023),
        ("Wakefield et al., Lancet 1998", ("Wakefield",), True, "Lancet", 1998),
        ("Hall & Eldabe, Br J Pain 2018", ("Hall", "Eldabe"), False, "Br J Pain", 2018),
        ("Smith et al. J. Immunol. 2001", ("Smith",), True, "J. Immunol", 2001),
        ("Krystal et al., 2023", ("Krystal",), True, None, 2023),
        ("Hall N & Eldabe S 2018", ("Hall N", "Eldabe S"), False, None, 2018),
        # with a note after a spaced dash, as the clinic's pages sometimes write them
        (
            "Eichenberger U et al., Anesthesia and Analgesia, 2008 — controlled study",
            ("Eichenberger U",),
            True,
            "Anesthesia and Analgesia",
            2008,
        ),
        (
            "Hall & Eldabe, Br J Pain 2018 - review of drugs",
            ("Hall", "Eldabe"),
            False,
            "Br J Pain",
            2018,
        ),
        # one author and no `et al.`: the journal was read as the author's initials or as a
        # second author, and only the year was claimed
        ("Strekas, Kidney Int Suppl, 1976", ("Strekas",), False, "Kidney Int Suppl", 1976),
        ("Hall N, Br J Pain, 2018", ("Hall N",), False, "Br J Pain", 2018),
        ("Hall N, Eldabe S, Br J Pain, 2018", ("Hall N", "Eldabe S"), False, "Br J Pain", 2018),
        # a journal that ends in its place
        (
            "Mizuguchi et al., Nurs Manag (Harrow), 1999",
            ("Mizuguchi",),
            True,
            "Nurs Manag (Harrow)",
            1999,
        ),
        # two authors and no journal: a name is no journal, a word of a name no journal's
        ("Hall N, Eldabe S, 2018", ("Hall N", "Eldabe S"), False, None, 2018),
        ("John Smith, Robert Jones, 2019", ("John Smith", "Robert Jones"), False, None, 2019),
        ("Smith, De Vries, 2019", ("Smith, De Vries",), False, None, 2019),
    ],
)
def test_short_author_journal_year(
    text: str, authors: tuple[str, ...], et_al: bool, journal: str | None, year: int
) -> None:
    claim = parse_link_text(text)
    assert (claim.authors, claim.et_al, claim.journal, claim.year, claim.title) == (
        authors,
        et_al,
        journal,
        year,
        None,
    )


def test_author_year_title_link_text() -> None:
    # markdown-notes.md: particles in the surname, a descriptive parenthetical after the title
    claim = parse_reference(
        "van der Pluijm et al. (2007) Impaired genome maintenance suppresses the growth "
        "hormone--insulin-like growth factor 1 axis"
    )
    assert (claim.authors, claim.et_al, claim.year) == (("van der Pluijm",), True, 2007)
    assert claim.title is not None and claim.title.endswith("growth factor 1 axis")
    claim = parse_reference(
        "Napolitano & Priori (1993) CACNA1C-Related Disorders (GeneReviews chapter)"
    )
    assert (claim.authors, claim.year, claim.title) == (
        ("Napolitano", "Priori"),
        1993,
        "CACNA1C-Related Disorders",
    )
    assert parse_reference("Smith J (2001) Ketamine for pain (review)").title == "Ketamine for pain"
    # a parenthetical that names something stays
    assert parse_reference("Smith J (2001) Ketamine for pain (NMDA)").title == (
        "Ketamine for pain (NMDA)"
    )


GROUP = "Guideline Development Panel for the Treatment of Depressive Disorders"


def test_apa_group_author() -> None:
    claim = parse_reference(
        f"{GROUP}. (2021). Summary of the clinical practice guideline for the treatment of "
        "depression across three age cohorts. American Psychologist, 77(6), 770–780."
    )
    assert claim.first_author is not None and claim.first_author.collective
    assert claim.authors == (GROUP,)
    assert (claim.year, claim.journal) == (2021, "American Psychologist")
    assert claim.title == (
        "Summary of the clinical practice guideline for the treatment of depression across "
        "three age cohorts"
    )


@pytest.mark.parametrize(
    ("text", "authors", "year", "journal"),
    [
        (
            f"{GROUP} 2022, American Psychologist Clinical practice guideline summary for "
            "depression across three age cohorts. (PMID 34843274)",
            (GROUP,),
            2022,
            "American Psychologist",
        ),
        (  # a one-letter capital word starts the note
            "Larrauri CA 2024, Psychiatric Rehabilitation Journal A first-person account of "
            "finding meaning in medication. (PMID 38573673)",
            ("Larrauri CA",),
            2024,
            "Psychiatric Rehabilitation Journal",
        ),
        (
            "Durham AM et al. 2010, Toxicology Letters The individual and combined metabolite "
            "profiles of di(2-ethylhexyl)phthalate",
            ("Durham AM",),
            2010,
            "Toxicology Letters",
        ),
    ],
)
def test_clinic_style_more(text: str, authors: tuple[str, ...], year: int, journal: str) -> None:
    claim = parse_reference(text)
    assert (claim.authors, claim.year, claim.journal, claim.title) == (authors, year, journal, None)


@pytest.mark.parametrize(
    "text",
    [  # long author parts that are titles or sentences, not group names
        "Deep learning enables rapid identification of potent DDR1 kinase inhibitors Alex "
        "Zhavoronkov, Yan A. (2019) Nat Biotechnol",
        "Ginkgo biloba for prevention of dementia: a randomized controlled trial, Nov 2008",
        "A Randomized Trial of Ketamine for Depression in Older Adults Group (2019) Title.",
    ],
)
def test_long_non_group_text_is_not_an_author(text: str) -> None:
    assert parse_reference(text).authors == ()


# --------------------------------------------------------------------------- accuracy fixes


def test_clinic_style_keeps_the_whole_journal_run() -> None:
    c = parse_reference(
        "Eichenberger U et al. 2008, Anesthesia and analgesia Chronic phantom limb pain: the "
        "effects of calcitonin. (PMID 18349204)"
    )
    assert c.journal == "Anesthesia"  # the guess
    assert c.journal_run == (
        "Anesthesia and analgesia Chronic phantom limb pain: the effects of calcitonin"
    )


def test_other_styles_have_no_journal_run() -> None:
    c = parse_reference("Smith J (2020). A title here. Journal of Things, 12(3), 1-5.")
    assert (c.journal, c.journal_run) == ("Journal of Things", None)


@pytest.mark.parametrize(
    ("entry", "journal", "title"),
    [
        (
            "Doull J et al. (1999). A cancer risk assessment of DEHP: application of the new "
            "U.S. EPA Risk Assessment Guidelines. Regul Toxicol Pharmacol",
            "Regul Toxicol Pharmacol",
            "A cancer risk assessment of DEHP: application of the new U.S. EPA Risk Assessment "
            "Guidelines",
        ),
        (
            "Couzin J. Genetics. DNA test for breast cancer risk draws criticism. Science (New "
            "York, N.Y.). 2008 Oct 17;322(5900):357.",
            "Science",
            "Genetics. DNA test for breast cancer risk draws criticism",
        ),
        (
            "Smith J. Effects of vitamin D. Nutrients. 2020;12:1-5.",
            "Nutrients",
            "Effects of vitamin D",
        ),
        (
            "Smith J. Screening for hepatitis B. Lancet. 2008;371:1-5.",
            "Lancet",
            "Screening for hepatitis B",
        ),
        (
            "Smith J. Drug A vs. drug B, e.g. in children. BMJ. 2008;1:1-5.",
            "BMJ",
            "Drug A vs. drug B, e.g. in children",
        ),
    ],
)
def test_sentence_split_skips_abbreviations_and_section_labels(
    entry: str, journal: str, title: str
) -> None:
    c = parse_reference(entry)
    assert (c.journal, c.title) == (journal, title)


@pytest.mark.parametrize(
    ("entry", "year"),
    [
        (
            "Carrillo-Larco RM, Bernabe-Ortiz A, et al. Obesity risk in migrants. International "
            "journal of obesity (2005). 2016 Jan;40(1):181-5. PMID: 26228458.",
            2016,
        ),
        (
            "Hyne J. Women's health osteopathy: an alternative view. Nursing management (Harrow, "
            "London, England : 1994). 1998 Dec-1999 Jan;5(8):6-9. [PubMed: 10188493]",
            1998,
        ),
    ],
)
def test_year_in_a_journal_qualifier_is_not_the_citation_year(entry: str, year: int) -> None:
    assert parse_reference(entry).year == year


@pytest.mark.parametrize(
    ("entry", "year"),
    [
        # Frontiers' style: the year in brackets after the journal, then `volume:pages`
        (
            "Kang SC, Lee BM. DNA methylation of estrogen receptor alpha gene by phthalates. "
            "J Toxicol Environ Health A (2005) 68:1995-2003. doi: 10.1080/15287390491008913",
            2005,
        ),
        (
            "Brighton TA, Eikelboom JW, Mann K, et al. Low-dose aspirin for preventing recurrent "
            "venous thromboembolism. N Engl J Med (2012) 367:1979-87.",
            2012,
        ),
        ("Tomkiewicz W. Icatibant in angioedema. N Engl J Med (2015) 372:1866.", 2015),
        # no year at all: the pages are not one
        ("Tomkiewicz W. Icatibant in angioedema. N Engl J Med 372:1866.", None),
    ],
)
def test_pages_after_a_volume_colon_are_not_the_year(entry: str, year: int | None) -> None:
    """`(2005) 68:1995-2003`: the bracketed year after a journal's name was blanked as the
    journal's own (`Int J Obes (2005)`), and the first page, 1995, read as the year: a year
    ERROR on 23 of 593 right citations in Frontiers' style (commit dd7cb9f)."""
    assert parse_reference(entry).year == year


@pytest.mark.parametrize(
    ("entry", "journal"),
    [
        (
            "Campbell KS, Yengo CM, et al. Closing the therapeutic loop. Arch. Biochem. Biophys. "
            "2019 Mar 15;663:129-131.",
            "Arch Biochem Biophys",
        ),
        (
            "Hwang JW, Chien SJ, et al. Perception of COVID-19 vaccination. Adolescent Health, "
            "Medicine & Therapeutics. 2023;14:195-204.",
            "Adolescent Health, Medicine & Therapeutics",
        ),
        (
            "Takagi A, Sai K. Hepatomegaly as a biomarker. Journal of environmental pathology, "
            "toxicology and oncology : official organ of the Society. 1992;11(3):145-9.",
            "Journal of environmental pathology, toxicology and oncology : official organ of the "
            "Society",
        ),
        ("Smith J (2020). A title here. Journal of Things, 12(3), 1-5.", "Journal of Things"),
    ],
)
def test_journal_runs_over_dotted_abbreviations_commas_and_subtitles(
    entry: str, journal: str
) -> None:
    assert parse_reference(entry).journal == journal


def test_a_surname_that_is_also_a_group_word_is_a_person() -> None:
    """`Working, P. K.` is Dr Working, not a working group (flagged as not among the authors)."""
    claim = parse_reference(
        "Butterworth, B. E., Doolittle, D. J., Working, P. K., & Jirtle, R. (1989). Use of "
        "primary cultures of human hepatocytes. Cancer Research, 49(5), 1075-1084."
    )
    assert [(n.last_name, n.initials, n.collective) for n in claim.author_names] == [
        ("Butterworth", "BE", False),
        ("Doolittle", "DJ", False),
        ("Working", "PK", False),
        ("Jirtle", "R", False),
    ]


def test_an_apa_ellipsis_marks_the_list_incomplete() -> None:
    claim = parse_reference(
        "Ling, K. H., Rajandream, M. A., … Wan, K. L. (2007). Sequencing of chromosome 1. "
        "Genome Research, 17(3), 311-319."
    )
    assert [n.last_name for n in claim.author_names] == ["Ling", "Rajandream", "Wan"]
    assert claim.et_al


@pytest.mark.parametrize("separator", [",", " –", " -", " |", " ·", " /", ""])
def test_the_journal_after_any_year_separator_is_compared(separator: str) -> None:
    """After `2008 –` (or nothing) the clinic's journal was read as the start of a title: a
    right citation drew a title alarm and a wrong journal went unnoticed."""
    record = PubMedRecord(
        pmid="18349204",
        title="The effect of intravenous ketamine on phantom limb pain.",
        authors=(PersonName("Eichenberger", "U"), PersonName("Neff", "F")),
        journal_title="Anesthesia and analgesia",
        iso_abbreviation="Anesth Analg",
        medline_ta="Anesth Analg",
        pub_year=2008,
    )
    right, wrong = (
        parse_reference(
            f"Eichenberger U et al. 2008{separator} {journal} Controlled study: intravenous "
            "ketamine reduced phantom limb pain. (PMID 18349204)"
        )
        for journal in ("Anesthesia & Analgesia", "British Journal of Pain")
    )
    assert compare_citation(Citation("18349204", right), record, current_year=2026) == ()
    findings = compare_citation(Citation("18349204", wrong), record, current_year=2026)
    # with nothing after the year, `Title. Journal` is read first (an unpunctuated Harvard
    # entry reads so too); the record settles a right journal, and a wrong one shows as the
    # "title" the page gives: flagged, under the title's field
    assert [f.field for f in findings] == [Field.JOURNAL if separator else Field.TITLE]


@pytest.mark.parametrize(
    ("text", "journal", "title"),
    [
        # one or two capitalised words after the year are the journal: read as a title they
        # were too short to be checked, so a wrong journal passed
        ("Conway et al. (1989) Arch Dermatol PMID: 2924396", "Arch Dermatol", None),
        ("Sari et al. 2019. Carcinogenesis (PubMed 31191790)", "Carcinogenesis", None),
        ("Tomaszewski KE et al. 1988: Sports (Basel) (PMID 3378278)", "Sports (Basel)", None),
        ("Li ZX and colleagues 2024: NEJM Evid [PMID 38513076]", "NEJM Evid", None),
        ("Furuta S et al 1982: Mutation Research [PMID 6182138]", "Mutation Research", None),
        (
            "Rose ML (1999) Pharmacology & Toxicology (PMID 9934846)",
            "Pharmacology & Toxicology",
            None,
        ),
        # a title still: in sentence case, a kind of paper, in quotes, or longer
        ("Smith J (2015). Phantom pain. PMID 1", None, "Phantom pain"),
        ("Smith J (2015). Case Report. PMID 1", None, "Case Report"),
        ("Smith J (2015). Clinical Trial. PMID 1", None, "Clinical Trial"),
        ("Kember, O. (1973) 'Anaxagoras'. PMID 11636720", None, "Anaxagoras"),
    ],
)
def test_a_short_name_after_the_year(text: str, journal: str | None, title: str | None) -> None:
    claim = parse_reference(text)
    assert (claim.journal, claim.title or None) == (journal, title)


def test_a_group_name_holding_a_year_is_no_author_and_year() -> None:
    """`GBD 2013 Mortality and Causes of Death, Collaborators (December 17, 2014)`: with
    nothing after a year, the part before it must end as names do (initials, `et al.`)."""
    claim = parse_reference(
        "GBD 2013 Mortality and Causes of Death, Collaborators (December 17, 2014). "
        '"Global, regional, and national age-sex specific all-cause mortality". Lancet.'
    )
    assert claim.authors != ("GBD",) and claim.year != 2013


def test_a_journal_name_in_sections_is_accepted_as_pubmed_writes_it() -> None:
    """`Environmental science. Processes & impacts` is PubMed's name, in sentence case: its
    sections read like the title's sentences, and the journal was taken to be the last one."""
    record = PubMedRecord(
        pmid="31712796",
        title="The atmospheric chemistry of indoor environments.",
        authors=(PersonName("Abbatt", "JPD"), PersonName("Wang", "C")),
        journal_title="Environmental science. Processes & impacts",
        iso_abbreviation="Environ Sci Process Impacts",
        medline_ta="Environ Sci Process Impacts",
        pub_year=2020,
    )
    claim = parse_reference(
        "Abbatt JPD, Wang C. The atmospheric chemistry of indoor environments. Environmental "
        "science. Processes & impacts. 2020;22(1):25-48."
    )
    assert claim.journal_run == "Environmental science. Processes & impacts"
    assert compare_citation(Citation("31712796", claim), record, current_year=2026) == ()
    wrong = parse_reference(
        "Abbatt JPD, Wang C. The atmospheric chemistry of indoor environments. Environmental "
        "research. Processes & impacts. 2020;22(1):25-48."
    )
    (finding,) = compare_citation(Citation("31712796", wrong), record, current_year=2026)
    assert finding.field is Field.JOURNAL


_HFPEF = "Heart failure with preserved ejection fraction outcomes."
# (a journal cited with its section after a colon, PubMed's name of it, its parent's)
_COLON_SECTIONS = [
    (
        "Circulation: Heart Failure",
        ("Circulation. Heart failure", "Circ Heart Fail", "Circ Heart Fail"),
        ("Circulation", "Circulation", "Circulation"),
    ),
    (
        "JACC: Cardiovascular Interventions",
        ("JACC. Cardiovascular interventions", "JACC Cardiovasc Interv", "JACC Cardiovasc Interv"),
        ("Journal of the American College of Cardiology", "J Am Coll Cardiol", "J Am Coll Cardiol"),
    ),
    (
        "Circulation: Cardiovascular Quality and Outcomes",
        (
            "Circulation. Cardiovascular quality and outcomes",
            "Circ Cardiovasc Qual Outcomes",
            "Circ Cardiovasc Qual Outcomes",
        ),
        ("Circulation", "Circulation", "Circulation"),
    ),
]

# a journal's section cited in Vancouver, with and without a period before the year, and APA
_SECTION_ENTRIES = [
    "Smith AB, Jones CD. {title} {journal}. 2019;12(3):e005.",
    "Smith AB, Jones CD. {title} {journal} 2019;12(3):e005.",
    "Smith, A. B., & Jones, C. D. (2019). {title} {journal}, 12(3), e005.",
]


@pytest.mark.parametrize(
    "entry",
    [
        *_SECTION_ENTRIES,
        "{title} (2019). {journal}, 12(3), e005.",
        # without authors in Vancouver: the journal's colon read as a `Label:`, the entry
        # claimed its year alone, and any journal verified
        "{title} {journal}. 2019;12(3):e005.",
    ],
)
@pytest.mark.parametrize(("journal", "section", "parent"), _COLON_SECTIONS)
def test_a_journal_s_section_after_a_colon_is_part_of_its_name(
    entry: str, journal: str, section: tuple[str, str, str], parent: tuple[str, str, str]
) -> None:
    """`Circulation: Heart Failure. 2019;12(3)` claimed "Circulation": the journal's name
    ended at any colon, so a paper in Circulation cited as in its Heart Failure section
    verified. The section is claimed; it is the sectioned journal, not its parent (nor its
    parent and a note, as `Circulation: Cardiovascular Quality and Outcomes` was read)."""
    _assert_the_section_s_journal(
        entry.format(title=_HFPEF, journal=journal), journal, section, parent
    )


@pytest.mark.parametrize(
    ("after", "journal"),
    [
        # a date or the volume after the colon
        ("Circulation: 2019;12(3):e005.", "Circulation"),
        ("Circulation: March 2019;12(3):e005.", "Circulation"),
        # a sentence after it is no section's name
        ("Circulation: a review. 2019;12(3):e005.", "Circulation"),
        ("Circulation: Meta-analysis of 12 trials. 2019;12(3):e005.", "Circulation"),
    ],
)
def test_a_date_or_a_sentence_after_a_journal_s_colon_stays_out_of_its_name(
    after: str, journal: str
) -> None:
    assert parse_reference(f"Smith AB, Jones CD. {_HFPEF} {after}").journal == journal


def test_an_entry_without_authors_claims_its_journal_s_section() -> None:
    """`Global burden of stroke. Circulation: Heart Failure. 2019;12(3):e005.` claimed the
    year alone: a paper in another journal verified."""
    text = "Global burden of stroke. Circulation: Heart Failure. 2019;12(3):e005."
    claim = parse_reference(text)
    assert (claim.title, claim.journal, claim.year) == (
        "Global burden of stroke",
        "Circulation: Heart Failure",
        2019,
    )
    lancet = ("The Lancet. Neurology", "Lancet Neurol", "Lancet Neurol")
    status, shown = verdict(text, paper("3", "Global burden of stroke.", lancet, year=2019))
    assert status is Status.MISMATCH and [s.split(":")[0] for s in shown] == ["journal"]


@pytest.mark.parametrize(
    "after", ["Note: see the erratum. 2019;12(3):e005.", "Circulation: March 2019;12(3):e005."]
)
def test_an_entry_without_authors_claims_no_label_nor_date_after_a_colon(after: str) -> None:
    assert parse_reference(f"Global burden of stroke. {after}").journal is None


@pytest.mark.parametrize("entry", _SECTION_ENTRIES)
@pytest.mark.parametrize(
    ("journal", "section", "parent"),
    # `JACC. Cardiovascular Interventions` is claimed as `JACC Cardiovascular Interventions`
    [s for s in _COLON_SECTIONS if s[0].startswith("Circulation")],
)
def test_a_journal_s_section_after_a_period_is_another_journal(
    entry: str, journal: str, section: tuple[str, str, str], parent: tuple[str, str, str]
) -> None:
    """Pages copy PubMed's period between a journal and its section (`Circulation.
    Cardiovascular Quality and Outcomes`): read as Circulation and a note of three words,
    it verified for a paper in Circulation (`Circulation. Heart Failure`, two words, did
    not). It is the section's journal."""
    journal = journal.replace(":", ".")
    _assert_the_section_s_journal(
        entry.format(title=_HFPEF, journal=journal), journal, section, parent
    )


def _assert_the_section_s_journal(
    text: str, journal: str, section: tuple[str, str, str], parent: tuple[str, str, str]
) -> None:
    """`text` claims `journal`, verifies for a paper in the `section` and is a journal
    MISMATCH, and nothing else, for the same paper in its `parent`."""
    assert parse_reference(text).journal == journal
    assert verdict(text, paper("1", _HFPEF, section, "Smith AB", "Jones CD", year=2019)) == (
        Status.VERIFIED,
        [],
    )
    status, shown = verdict(text, paper("2", _HFPEF, parent, "Smith AB", "Jones CD", year=2019))
    assert status is Status.MISMATCH and [s.split(":")[0] for s in shown] == ["journal"]


@pytest.mark.parametrize(
    "note",
    [
        "Review of the topic",
        "Open-label study of esketamine",
        "Published online first, see comments",
        "Meta-analysis of 12 trials",
    ],
)
@pytest.mark.parametrize(
    "entry",
    [
        "Smith AB, Jones CD. {title} Circulation. {note}. 2019;12(3):e005.",
        "Smith AB, Jones CD. 2019, Circulation. {note}. (PMID 2)",
    ],
)
def test_a_note_after_the_journal_s_period_is_no_section(entry: str, note: str) -> None:
    """A sentence after the journal and its period is a note, as before."""
    text = entry.format(title=_HFPEF, note=note)
    record = paper("2", _HFPEF, ("Circulation",) * 3, "Smith AB", "Jones CD", year=2019)
    assert verdict(text, record) == (Status.VERIFIED, [])


@pytest.mark.parametrize(
    ("text", "authors", "year", "journal"),
    [
        # author and year, then words that describe the paper
        ("Eichenberger 2008 controlled study", ("Eichenberger",), 2008, None),
        ("Alviar 2016 Cochrane review", ("Alviar",), 2016, None),
        ("Flor (2006)", ("Flor",), 2006, None),
        ("Smith and Jones 2001", ("Smith", "Jones"), 2001, None),
        # authors and journal
        (
            "Hall & Eldabe, British Journal of Pain",
            ("Hall", "Eldabe"),
            None,
            "British Journal of Pain",
        ),
        # no author: an organisation, an acronym or a topic before the year; the year may
        # name the study (GBD 2013 was published in 2015), so it is not claimed either
        ("Cochrane 2016 review", (), None, None),
        ("ISIS-2 1988 trial", (), None, None),
        ("Mirror therapy 2007 trial", (), None, None),
        ("Global burden of disease 2013 study", (), None, None),
        # a surname that begins like a month's name is a surname
        ("Markman 2015", ("Markman",), 2015, None),
        ("Mayer et al. (2016)", ("Mayer",), 2016, None),
        ("Decker 2001 review", ("Decker",), 2001, None),
    ],
)
def test_link_text_naming_the_paper_is_not_its_title(
    text: str, authors: tuple[str, ...], year: int | None, journal: str | None
) -> None:
    """Read as titles, these were title warnings on right citations."""
    claim = parse_link_text(text)
    assert (claim.authors, claim.year, claim.journal, claim.title) == (authors, year, journal, None)


@pytest.mark.parametrize(
    "text", ["SPRINT 2015", "SPRINT (2015)", "SPRINT trial 2015", "SPRINT Research Group 2015"]
)
def test_a_trial_named_by_its_acronym_names_no_author(text: str) -> None:
    """Read as a reference, `SPRINT 2015` claimed the first author "SPRINT": an author
    ERROR on a right link to the SPRINT paper (first author Wright JT)."""
    claim = parse_link_text(text)
    assert claim.authors == () and claim.author_names == () and claim.title is None


def test_short_titles_that_are_titles_stay_titles() -> None:
    """A short title ending in a kind of paper has a colon; a long one is no description."""
    assert parse_link_text("Phantom limb pain: a review").title == "Phantom limb pain: a review"
    long = "A randomized trial of intensive versus standard blood-pressure control"
    assert parse_link_text(long).title == long


def test_a_sentence_after_the_author_is_no_title() -> None:
    claim = parse_link_text("Eichenberger et al. (2008) found that ketamine reduced pain")
    assert (claim.authors, claim.year, claim.title) == (("Eichenberger",), 2008, None)


def test_published_in_names_the_journal() -> None:
    assert parse_link_text("published in Anesthesia & Analgesia") == Claim(
        journal="Anesthesia & Analgesia"
    )
    assert parse_link_text("Published in the Lancet.") == Claim(journal="Lancet")


def test_a_year_inside_a_title_is_left_to_the_title() -> None:
    text = "The 2019 ESC guidelines for the diagnosis of pulmonary embolism"
    assert parse_link_text(text) == Claim(title=text)


@pytest.mark.parametrize(
    ("text", "authors", "et_al"),
    [
        ("Andreassen and colleagues", ("Andreassen",), True),
        ("Andreassen et al.", ("Andreassen",), True),
        # no title either: these are not titles
        ("Cochrane et al.", (), False),
        ("3 additional articles found", (), False),
        ("url = {http://www.ncbi.nlm.nih.gov/pubmed/24756520}", (), False),
    ],
)
def test_link_texts_that_are_no_titles(text: str, authors: tuple[str, ...], et_al: bool) -> None:
    """Each was read as a title of three words or more: a title warning on a right citation
    (seen on real pages: a Stata blog, a search summary, a BibTeX file)."""
    claim = parse_link_text(text)
    assert (claim.authors, claim.et_al, claim.title) == (authors, et_al, None)


@pytest.mark.parametrize(
    ("text", "authors", "et_al", "year", "journal"),
    [
        # the seed style with the date's month before the year
        (
            "Makar AB et al. Apr 1975, Biochemical Medicine Review of the topic. (PMID 1)",
            ("Makar AB",),
            True,
            1975,
            "Biochemical Medicine",
        ),
        # "and colleagues" is et al. (read as the author "colleagues 1975": an ERROR)
        (
            "Makar and colleagues 1975, Biochemical Medicine Review of the topic.",
            ("Makar",),
            True,
            1975,
            "Biochemical Medicine",
        ),
        # ... after a name with one initial, or two surnames and an initial
        (
            "Xu H and colleagues 2019. Regul Toxicol Pharmacol (PubMed 30826316)",
            ("Xu H",),
            True,
            2019,
            None,
        ),
        (
            "van der Pluijm I and colleagues 2007. PLoS Biol Review. (PubMed 17326724)",
            ("van der Pluijm I",),
            True,
            2007,
            None,
        ),
        (
            "Aziz Ali S and colleagues 2026, BMJ Glob Health (PMID 41577379)",
            ("Aziz Ali S",),
            True,
            2026,
            "BMJ Glob Health",
        ),
        # a journal abbreviated with periods after the year is no title "N."
        (
            "Soo Hoo GW et al. (2015) N. Engl. J. Med. Review of the topic. (PMID 25946293)",
            ("Soo Hoo GW",),
            True,
            2015,
            "N. Engl. J. Med.",
        ),
        (
            "Charlesworth RP et al. 2019: World J. Gastroenterol. [PMID 31171885]",
            ("Charlesworth RP",),
            True,
            2019,
            "World J. Gastroenterol.",
        ),
        (
            "Lee E & Anselmo M 2022: Am. J. Physiol. Heart Circ. Physiol. (PMID 36367692)",
            ("Lee E", "Anselmo M"),
            False,
            2022,
            "Am. J. Physiol. Heart Circ. Physiol.",
        ),
        # an initial before a surname with particles is no sentence
        (
            "I. van der Pluijm et al. 2007, PLoS Biology Review of the topic.",
            ("I. van der Pluijm",),
            True,
            2007,
            "PLoS Biology",
        ),
        (
            "E. Montero Ruiz et al. Apr 2012, Medicina Clinica Review of the topic.",
            ("E. Montero Ruiz",),
            True,
            2012,
            "Medicina Clinica",
        ),
    ],
)
def test_seed_style_author_and_date_notations(
    text: str, authors: tuple[str, ...], et_al: bool, year: int, journal: str | None
) -> None:
    """Each was a false alarm on a right citation in a probe of the seed style over the
    593 real records (author, title or PMID errors)."""
    claim = parse_reference(text)
    assert (claim.authors, claim.et_al, claim.year) == (authors, et_al, year)
    assert claim.journal == journal or (claim.journal_run or "").startswith(journal or "-")


# Styles that write initials before the surname, a year at the very end, or marks around
# the entry; the facts are the real records' (PMID in the comment). Before: Science and
# IEEE entries read "T. R" as the first author, 588 of 593 real records' right citations
# were alarms; Nature's first page was read as the year (187 of 593).
INITIALS_FIRST = [
    (  # Science (32160763)
        '4. T. R. Brown, "The London Patient," AIDS Res. Hum. Retroviruses 36, 251–252 (2020).',
        ("Brown", "TR"),
        2020,
        "AIDS Res Hum Retroviruses",
        "The London Patient",
    ),
    (  # IEEE, "and" before the last name (20453483)
        "5. J. Filiatrault and J. Desrosiers, Coping strategies used by seniors going through "
        "the normal aging process: does fear of falling matter? Gerontology 57, 228–236 (2011).",
        ("Filiatrault", "J"),
        2011,
        "Gerontology",
        "Coping strategies used by seniors going through the normal aging process: does fear "
        "of falling matter?",
    ),
    (  # initials first, then Vancouver's periods (32160763)
        "T. R. Brown. The London Patient. AIDS Res Hum Retroviruses. 2020;36(4):251-252.",
        ("Brown", "TR"),
        2020,
        "AIDS Res Hum Retroviruses",
        "The London Patient",
    ),
    (  # Science, a title with commas after its colon (34709863)
        'L. N. Borrell, P. C. Erwin, S. Fiala, "COVID-19, Racism, and Public Health '
        'Infrastructure," Am J Public Health 111, S172 (2021).',
        ("Borrell", "LN"),
        2021,
        "Am J Public Health",
        "COVID-19, Racism, and Public Health Infrastructure",
    ),
    (  # dotted abbreviations ending in an undotted word (9997)
        'T. C. Strekas, "Magnetic studies of Chromatium flavocytochrome C552," Biochim. '
        "Biophys. Acta 446, 179 (1976).",
        ("Strekas", "TC"),
        1976,
        "Biochim Biophys Acta",
        "Magnetic studies of Chromatium flavocytochrome C552",
    ),
    (  # Nature: the first page is not the year (25946293)
        "1. Soo Hoo, G. W. & Klaustermeyer, W. B. Icatibant in ACE-inhibitor-induced "
        "angioedema. N. Engl. J. Med. 372, 1866 (2015).",
        ("Soo Hoo", "GW"),
        2015,
        "N Engl J Med",
        "Icatibant in ACE-inhibitor-induced angioedema",
    ),
    (  # Nature, "et al." after the initials: not the title's start (25970050)
        "2. Mayer, R. J. et al. Randomized trial of TAS-102 for refractory metastatic colorectal "
        "cancer. N. Engl. J. Med. 372, 1909–1919 (2015).",
        ("Mayer", "RJ"),
        2015,
        "N Engl J Med",
        "Randomized trial of TAS-102 for refractory metastatic colorectal cancer",
    ),
    (  # a Wikipedia list copied with its jump-back marks (32160763)
        '2. ^ a b Brown TR (April 2020). "The London Patient". AIDS Research and Human '
        "Retroviruses. 36 (4): 251–252.",
        ("Brown", "TR"),
        2020,
        "AIDS Research and Human Retroviruses",
        "The London Patient",
    ),
]


@pytest.mark.parametrize(("text", "name", "year", "journal", "title"), INITIALS_FIRST)
def test_initials_first_and_year_last_styles(
    text: str, name: tuple[str, str], year: int, journal: str, title: str
) -> None:
    claim = parse_reference(text)
    assert claim.first_author is not None
    assert (claim.first_author.last_name, claim.first_author.initials) == name
    assert (claim.year, claim.journal, claim.title) == (year, journal, title)


@pytest.mark.parametrize("status", ["In press.", "in press", "Forthcoming 2011.", "Accepted."])
def test_not_yet_published_is_no_part_of_the_journal(status: str) -> None:
    """`Gerontology. In press.` was a journal error: "the page says Gerontology. In press"."""
    claim = parse_reference(
        "Filiatrault J, Desrosiers J. Coping strategies used by seniors going through the "
        f"normal aging process: does fear of falling matter? Gerontology. {status}"
    )
    assert claim.journal == "Gerontology"
    assert claim.first_author == PersonName("Filiatrault", "J")


@pytest.mark.parametrize(
    "people",
    [
        "Brighton TA, Eikelboom JW, Mann K, Mister R, Gallus A, Ockelford P",
        "Brighton, T. A., Eikelboom, J. W., Mann, K., Mister, R.",
    ],
)
def test_people_then_a_group_after_a_semicolon(people: str) -> None:
    """PubMed's own summary form (23121403): four or more people and then the group read
    as one name with twelve given names, so the whole entry claimed nothing and a wrong
    author, year or journal passed unseen."""
    claim = parse_reference(
        f"{people}; ASPIRE Investigators. Low-dose aspirin for preventing recurrent venous "
        "thromboembolism. N Engl J Med. 2012 Nov 22;367(21):1979-87. PMID: 23121403"
    )
    assert claim.first_author == PersonName("Brighton", "TA")
    assert claim.authors[-1] == "ASPIRE Investigators"
    assert (claim.year, claim.journal) == (2012, "N Engl J Med")
    assert claim.title == "Low-dose aspirin for preventing recurrent venous thromboembolism"


@pytest.mark.parametrize("et_al", ["et al", "et al."])
def test_ama_et_al_then_the_group_after_a_semicolon(et_al: str) -> None:
    """AMA's form (JAMA, guideline reference lists): `Polack FP, Thomas SJ, Kitchin N, et
    al; C4591001 Clinical Trial Group.` (PMID 33301246). The `et al` inside the list was read
    as a name, so the entry claimed no authors and no title: a wrong first author passed."""
    entry = (
        "{} FP, Thomas SJ, Kitchin N, {}; C4591001 Clinical Trial Group. Safety and efficacy "
        "of the BNT162b2 mRNA Covid-19 vaccine. N Engl J Med. 2020;383(27):2603-2615."
    )
    claim = parse_reference(entry.format("Polack", et_al))
    assert claim.authors == ("Polack FP", "Thomas SJ", "Kitchin N", "C4591001 Clinical Trial Group")
    assert claim.et_al and (claim.year, claim.journal) == (2020, "N Engl J Med")
    assert claim.title == "Safety and efficacy of the BNT162b2 mRNA Covid-19 vaccine"
    record = paper(
        "33301246",
        "Safety and Efficacy of the BNT162b2 mRNA Covid-19 Vaccine.",
        ("The New England journal of medicine", "N Engl J Med", "N Engl J Med"),
        "Polack FP",
        "Thomas SJ",
        "Kitchin N",
        PersonName("C4591001 Clinical Trial Group", collective=True),
        year=2020,
    )
    assert compare_citation(Citation(record.pmid, claim), record, current_year=2026) == ()
    wrong = parse_reference(entry.format("Baden", et_al))
    found = compare_citation(Citation(record.pmid, wrong), record, current_year=2026)
    assert [(f.field, f.severity) for f in found] == [(Field.AUTHOR, Severity.ERROR)]


@pytest.mark.parametrize("gap", [" ", ""])
def test_et_al_then_the_group_in_brackets(gap: str) -> None:
    """`Baron et al(A0081007 Investigators).` (openmeta-sciatica-evidence-search.md): the
    whole run was one "author", flagged as the record's 13th of 13."""
    claim = parse_reference(
        f"Brighton et al{gap}(ASPIRE Investigators). Low-dose aspirin for preventing recurrent "
        "venous thromboembolism. N Engl J Med. 2012 Nov 22;367(21):1979-87. PMID: 23121403"
    )
    assert claim.authors == ("Brighton",) and claim.et_al
    assert (claim.year, claim.journal) == (2012, "N Engl J Med")


# real records whose first author's surname is two words (PubMed: `Soo Hoo GW`)
COMPOUND_FIRST = [
    PubMedRecord(
        pmid="25946293",
        title="Icatibant in ACE-inhibitor-induced angioedema.",
        authors=(PersonName("Soo Hoo", "GW"), PersonName("Klaustermeyer", "WB")),
        journal_title="The New England journal of medicine",
        iso_abbreviation="N. Engl. J. Med.",
        medline_ta="N Engl J Med",
        pub_year=2015,
    ),
    PubMedRecord(
        pmid="31588070",
        title="Current Management of Acute Pulmonary Embolism.",
        authors=(PersonName("Martinez Licha", "CR"), PersonName("McCurdy", "CM")),
        author_list_complete=False,
        journal_title="Annals of thoracic and cardiovascular surgery : official journal of "
        "the Association of Thoracic and Cardiovascular Surgeons of Asia",
        iso_abbreviation="Ann Thorac Cardiovasc Surg",
        medline_ta="Ann Thorac Cardiovasc Surg",
        pub_year=2020,
    ),
    PubMedRecord(
        pmid="38873169",
        title="A Novel Computerized Cognitive Test for the Detection of Mild Cognitive "
        "Impairment and Its Association with Neurodegeneration in Alzheimer's Disease Prone "
        "Brain Regions.",
        authors=(PersonName("Curiel Cid", "RE"), PersonName("Zheng", "DD")),
        author_list_complete=False,
        journal_title="Advances in Alzheimer's disease",
        iso_abbreviation="Adv Alzheimer Dis",
        medline_ta="Adv Alzheimer Dis",
        pub_year=2023,
    ),
]


@pytest.mark.parametrize(
    ("record", "authors"),
    [
        (COMPOUND_FIRST[0], "G. W. Soo Hoo and W. B. Klaustermeyer"),
        (COMPOUND_FIRST[0], "G. Soo Hoo and W. Klaustermeyer"),
        (COMPOUND_FIRST[1], "C. Martinez Licha, C. McCurdy"),
        (COMPOUND_FIRST[2], "R. Curiel Cid, D. Zheng"),
    ],
    ids=["two initials", "one initial", "Martinez Licha", "Curiel Cid"],
)
def test_initials_then_a_surname_of_two_words(record: PubMedRecord, authors: str) -> None:
    """Science and IEEE lists (`G. W. Soo Hoo, ...`) gave the surname `Hoo` and the
    initials GWS; where the page wrote one initial (`G. Soo Hoo`, `R. Curiel Cid`) that was
    "different initials" from PubMed's `Soo Hoo GW`: a warning on a right citation (4 of 593
    real records in each of those styles written with one initial, measured on f1fa7f4)."""
    title = record.title.rstrip(".")
    claim = parse_reference(
        f'{authors}, "{title}," {record.iso_abbreviation} 1, 1 ({record.pub_year}).'
    )
    assert claim.author_names[0].last_name == record.authors[0].last_name
    assert compare_citation(Citation(record.pmid, claim), record, current_year=2026) == ()


def test_a_full_middle_name_after_the_initial_still_matches() -> None:
    """`H. Gilbert Welch` (PubMed: `Welch HG`) alone: the surname is Welch, the initials H
    (the middle name's letter is no sure initial); another paper's first author is still an
    error."""
    record = COMPOUND_FIRST[0]
    claim = parse_reference(
        'H. Gilbert Welch, "Icatibant in ACE-inhibitor-induced angioedema," N. Engl. J. Med. '
        "372, 1866 (2015)."
    )
    right = replace(record, authors=(PersonName("Welch", "HG"),))
    assert compare_citation(Citation(record.pmid, claim), right, current_year=2026) == ()
    (finding,) = compare_citation(Citation(record.pmid, claim), record, current_year=2026)
    assert (finding.field, finding.severity) == (Field.AUTHOR, Severity.ERROR)


@pytest.mark.parametrize(
    "source",
    [
        # Chicago: the date in brackets after the volume (was 2005)
        "International Journal of Obesity (2005) 40, no. 1 (2016): 181–85.",
        # read right before, and still: the year last, Nature, NLM, MLA
        "International journal of obesity (2005) 40:181-5, 2016.",
        "Int. J. Obes. (2005) 40, 181–185 (2016).",
        "International journal of obesity (2005). 2016 Jan;40(1):181-5.",
        "International Journal of Obesity (2005), vol. 40, no. 1, 2016, pp. 181-5.",
    ],
)
def test_the_year_in_a_journal_s_name_is_not_the_citation_s(source: str) -> None:
    """PubMed names Int J Obes `International journal of obesity (2005)` (PMID 26228458,
    2016, epub 2015): that bracket is the journal's wherever the date stands."""
    claim = parse_reference(
        "Carrillo-Larco RM, et al. Obesity risk in rural, urban and rural-to-urban migrants: "
        f"prospective results of the PERU MIGRANT study. {source}"
    )
    assert claim.year == 2016


APPETITE = PubMedRecord(
    pmid="41407204",
    title='"I care but it doesn\'t keep me up at night": A qualitative exploration of '
    "perceptions of biodiversity-friendly food consumption.",
    authors=(PersonName("Shen", "JQ"), PersonName("House", "J"), PersonName("Mulder", "BC")),
    author_list_complete=False,
    journal_title="Appetite",
    iso_abbreviation="Appetite",
    medline_ta="Appetite",
    pub_year=2026,
    epub_year=2025,
)


@pytest.mark.parametrize(
    "entry",
    [
        'Shen JQ, House J, Mulder BC, et al. "{q}": {rest}. Appetite. 2026;219:108426.',
        'Shen, J. Q., House, J., & Mulder, B. C. (2026). "{q}": {rest}. Appetite, 219, 108426.',
        'Shen, J. Q. et al. "{q}": {rest}. Appetite 219, 108426 (2026).',
        "Shen JQ, House J, Mulder BC, et al. “{q}”: {rest}. Appetite. 2026;219:108426.",
        "Shen JQ, House J, Mulder BC, et al. '{q}': {low}. Appetite. 2026;219:108426.",
        # an opening quotation followed by a word in lower case
        'Shen JQ, House J, Mulder BC, et al. "{q}" {low}. Appetite. 2026;219:108426.',
        # a whole title in quotes, a quotation inside it: read right before, and still
        "Shen, J.Q. et al. (2026) '\"{q}\": {rest}', Appetite, 219, p. 108426.",
        "Shen, J. Q., et al. \"'{q}': {rest}.\" Appetite, vol. 219, 2026, p. 108426.",
    ],
)
def test_a_title_that_opens_with_a_quotation(entry: str) -> None:
    """`"I care but it doesn't keep me up at night": A qualitative exploration ...` (PubMed
    writes the quotes): the quotation was taken for the whole title in quotes, and the rest
    of the title for the journal, an error against Appetite (PMID 41407204)."""
    rest = "A qualitative exploration of perceptions of biodiversity-friendly food consumption"
    text = entry.format(q="I care but it doesn't keep me up at night", rest=rest, low=rest.lower())
    claim = parse_reference(text)
    assert claim.journal == "Appetite"
    assert compare_citation(Citation(APPETITE.pmid, claim), APPETITE, current_year=2026) == ()


GARCIA_TABAR = PubMedRecord(
    pmid="30108519",
    title='A "Blood Relationship" Between the Overlooked Minimum Lactate Equivalent and '
    "Maximal Lactate Steady State in Trained Runners. Back to the Old Days?",
    authors=(PersonName("Garcia-Tabar", "I"), PersonName("Gorostiaga", "EM")),
    journal_title="Frontiers in physiology",
    iso_abbreviation="Front Physiol",
    medline_ta="Front Physiol",
    pub_year=2018,
)


@pytest.mark.parametrize(
    "entry",
    [
        "Garcia-Tabar, I. et al. {t}. Front Physiol 9, 1034 (2018).",
        'I. Garcia-Tabar and E. M. Gorostiaga, "{t}," Front Physiol 9, 1034 (2018).',
        'Garcia-Tabar, I., et al. "{t}." Frontiers in Physiology, vol. 9, 2018, p. 1034.',
        'Garcia-Tabar, I., et al. 2018. "{t}." Frontiers in Physiology 9: 1034.',
        "Garcia-Tabar I, Gorostiaga EM. {t} Front Physiol. 2018;9:1034.",
    ],
    ids=["nature", "ieee", "mla", "chicago", "vancouver"],
)
def test_a_title_ending_in_a_question_keeps_it(entry: str) -> None:
    """`... in Trained Runners. Back to the Old Days?. Front Physiol 9, 1034 (2018).`: the
    title's last sentence, capitalised like a journal's section, was read as the first part
    of the journal's name, a journal error on a right citation (PMID 30108519, in the
    Nature, IEEE, Science, MLA and Chicago styles). No journal's name holds a question."""
    record = GARCIA_TABAR
    claim = parse_reference(entry.format(t=record.title))
    assert claim.journal in ("Front Physiol", "Frontiers in Physiology")
    assert claim.title == record.title
    assert compare_citation(Citation(record.pmid, claim), record, current_year=2026) == ()


@pytest.mark.parametrize(
    "entry",
    [
        "Garcia-Tabar I, Gorostiaga EM. {t} Front Physiol [Internet]. 2018 Aug 14 [cited 2020 "
        "Jan 5];9:1034. Available from: https://doi.org/10.3389/fphys.2018.01034",
        "Garcia-Tabar I, Gorostiaga EM. {t} Front Physiol [Internet]. 2018;9:1034.",
        "Garcia-Tabar I, Gorostiaga EM. {t} Front Physiol [serial on the Internet]. 2018 "
        "[updated 2018 Sep 1; cited 2020 Jan 5];9:1034.",
        "Garcia-Tabar I, Gorostiaga EM. {t} Front Physiol [CD-ROM]. 2018;9:1034.",
    ],
)
def test_citing_medicine_notes_on_an_online_journal(entry: str) -> None:
    """`Front Physiol [Internet]. 2018 Aug 14 [cited 2020 Jan 5];9:1034.` (NLM's Citing
    Medicine for a journal read online): the bracket ended the journal's name with no date
    after it, so a title of two sentences lost its second to the journal, a journal error on
    11 of 593 right citations (commit dd7cb9f)."""
    record = GARCIA_TABAR
    claim = parse_reference(entry.format(t=record.title))
    assert (claim.journal, claim.title, claim.year) == ("Front Physiol", record.title, 2018)
    assert compare_citation(Citation(record.pmid, claim), record, current_year=2026) == ()


def test_a_translated_title_about_the_internet_keeps_its_brackets() -> None:
    """Only Citing Medicine's own notes go: a translated title in brackets stays."""
    claim = parse_reference(
        "Abe K. [Internet addiction in adolescents]. Seishin Igaku. 2019;61:3-9."
    )
    assert claim.title == "[Internet addiction in adolescents]"


KHAN = PubMedRecord(
    pmid="22351513",
    title="Variation in oil content and fatty acid composition of the seed oil of Acacia "
    "species collected from the northwest zone of India.",
    authors=tuple(
        PersonName(*name.rsplit(" ", 1)) if " " in name else PersonName(name, "")
        for name in ("Khan R", "Srivastava R", "Khan MA", "Alam P", "Abdin MZ", "Mahmooduzzafar")
    ),
    journal_title="Journal of the science of food and agriculture",
    iso_abbreviation="J Sci Food Agric",
    medline_ta="J Sci Food Agric",
    pub_year=2012,
)


@pytest.mark.parametrize(
    ("record", "authors", "last"),
    [
        (
            KHAN,
            "R. Khan, R. Srivastava, M. A. Khan, P. Alam, M. Z. Abdin and Mahmooduzzafar",
            "Mahmooduzzafar",
        ),
        (COMPOUND_FIRST[0], "Guy Soo Hoo and William B. Klaustermeyer", "Klaustermeyer"),
    ],
    ids=["a one-word name", "given names in full"],
)
def test_names_before_a_quoted_title_end_at_its_comma(
    record: PubMedRecord, authors: str, last: str
) -> None:
    """IEEE and Science: `..., M. Z. Abdin and Mahmooduzzafar, "Title," J Sci Food Agric`
    (PMID 22351513): the initials-first list stopped before the one-word name, so `M. Z`
    became an author (an author error on a right citation) and the rest the title; `Guy
    Soo Hoo and William B. Klaustermeyer, "Title," N Engl J Med` read the author `William B`
    and the journal `Engl J Med`. All before the comma and the quoted title are names."""
    title = record.title.rstrip(".")
    claim = parse_reference(f'{authors}, "{title}," {record.medline_ta} 1, 1 ({record.pub_year}).')
    assert claim.author_names[-1].last_name == last
    assert (claim.title, claim.journal) == (title, record.medline_ta)
    assert compare_citation(Citation(record.pmid, claim), record, current_year=2026) == ()


def test_a_sentence_before_a_quoted_phrase_is_no_name() -> None:
    """Only names and initials before `, "`: a Vancouver title holding a quotation after a
    comma still ends the names at the first sentence's end."""
    claim = parse_reference(
        'Shen JQ, House J. Food choices, "I care but it doesn\'t keep me up at night". '
        "Appetite. 2026;219:108426."
    )
    assert claim.authors == ("Shen JQ", "House J")
    assert claim.journal == "Appetite"


def test_given_names_in_full_keep_their_initials() -> None:
    """`Guy Soo Hoo` matches PubMed's `Soo Hoo GW`; `Wei Soo Hoo` is someone else."""
    record = COMPOUND_FIRST[0]
    claim = parse_reference(
        'Wei Soo Hoo and William B. Klaustermeyer, "Icatibant in ACE-inhibitor-induced '
        'angioedema," N Engl J Med 372, 1866 (2015).'
    )
    (finding,) = compare_citation(Citation(record.pmid, claim), record, current_year=2026)
    assert finding.field is Field.AUTHOR


# an editorial of one author in NEJM Evidence (ISO and MEDLINE abbreviations alike)
DUDLEY = PubMedRecord("41590990", "Bright and Early…Now Also Awake!", (PersonName("Dudley", "KA"),))
DUDLEY = replace(DUDLEY, journal_title="NEJM evidence", pub_year=2026)
DUDLEY = replace(DUDLEY, iso_abbreviation="NEJM Evid", medline_ta="NEJM Evid")


@pytest.mark.parametrize("initials", ["K. A.", "K."])
def test_a_title_with_and_after_the_initials_is_no_list_of_names(initials: str) -> None:
    """Nature: `Dudley, K. A. Bright and Early…Now Also Awake!. NEJM Evid 5, EVIDe2500330
    (2026).` (PMID 41590990, an editorial): all before the year was read as names split at
    `and` (`Early`, `Now Also Awake!. NEJM Evid 5`), three author errors on a right
    citation. No name holds a `!`, `?` or `…`."""
    claim = parse_reference(
        f"Dudley, {initials} Bright and Early…Now Also Awake!. NEJM Evid 5, EVIDe2500330 (2026)."
    )
    assert claim.authors == (f"Dudley, {initials.rstrip('.')}",)
    assert (claim.year, claim.journal) == (2026, "NEJM Evid")
    assert compare_citation(Citation(DUDLEY.pmid, claim), DUDLEY, current_year=2026) == ()


@pytest.mark.parametrize(
    "entry",
    [
        'Shen JQ, House J, Mulder BC, et al. "{q}": {rest}. Appetite. 2026;219:108426.',
        'Shen, J. Q. et al. "{q}": {rest}. Appetite 219, 108426 (2026).',
    ],
)
def test_a_title_keeps_both_quotes_of_its_quotation(entry: str) -> None:
    """The opening quote of `"I care ... at night": A qualitative ...` (PMID 41407204) was
    stripped as if it wrapped the title, leaving `... at night": A ...` in the messages."""
    rest = "A qualitative exploration of perceptions of biodiversity-friendly food consumption"
    claim = parse_reference(entry.format(q="I care but it doesn't keep me up at night", rest=rest))
    assert claim.title == APPETITE.title.rstrip(".")


# a published erratum whose title cites the corrected paper in square brackets
PASCUCCI = PubMedRecord(
    "38833988",
    'Corrigendum to "MageC2 protein is upregulated by oncogenic activation of MAPK pathway '
    'and causes impairment of the p53 transactivation function" [Biochim. Biophys. Acta, '
    "Mol. Cell Res. vol. 1868 (Issue 3) (March 2021) 118918].",
    (PersonName("Pascucci", "FA"), PersonName("Ladelfa", "MF")),
    author_list_complete=False,
)
PASCUCCI = replace(PASCUCCI, journal_title="Biochimica et biophysica acta. Molecular cell research")
PASCUCCI = replace(PASCUCCI, iso_abbreviation="Biochim Biophys Acta Mol Cell Res", pub_year=2024)


@pytest.mark.parametrize(
    "entry",
    [
        "Pascucci FA, Ladelfa MF, et al. {t} Biochim Biophys Acta Mol Cell Res. 2024;1871(6):119767.",
        "Pascucci, F. A., Ladelfa, M. F., et al. (2024). {t} Biochimica et Biophysica Acta "
        "Molecular Cell Research, 1871(6), 119767.",
        # a quotation of over 80 characters inside the quoted title
        'F. A. Pascucci and M. F. Ladelfa, et al., "{q}," Biochim Biophys Acta Mol Cell Res '
        "1871, 119767 (2024).",
    ],
    ids=["vancouver", "apa", "ieee"],
)
def test_a_sentence_end_inside_square_brackets_does_not_end_the_title(entry: str) -> None:
    """`Corrigendum to "..." [Biochim. Biophys. Acta, Mol. Cell Res. vol. 1868 (Issue 3) (March
    2021) 118918]. Biochim Biophys Acta Mol Cell Res. 2024;...` (PMID 38833988): the title
    was cut inside its bracket, and the rest of the bracket read as the journal (a journal
    alarm in six styles). A bracket opened in the title is closed before the title ends."""
    claim = parse_reference(entry.format(t=PASCUCCI.title, q=PASCUCCI.title.rstrip(".")))
    assert claim.title == PASCUCCI.title.rstrip(".")
    assert compare_citation(Citation(PASCUCCI.pmid, claim), PASCUCCI, current_year=2026) == ()


KRYSTAL = PubMedRecord(
    pmid="38011560",
    title="Ketamine and the neurobiology of depression: Toward next-generation rapid-acting "
    "antidepressant treatments.",
    authors=(
        PersonName("Krystal", "JH", "John H"),
        PersonName("Kaye", "AP", "Alfred P"),
        PersonName("Jefferson", "S", "Sarah"),
    ),
    author_list_complete=False,
    journal_title="Proceedings of the National Academy of Sciences of the United States of America",
    iso_abbreviation="Proc Natl Acad Sci U S A",
    medline_ta="Proc Natl Acad Sci U S A",
    pub_year=2023,
)
_PNAS = "Proceedings of the National Academy of Sciences"


@pytest.mark.parametrize(
    "entry",
    [
        "John H. Krystal, Alfred P. Kaye, Sarah Jefferson. {t}. Proc Natl Acad Sci U S A. 2023;120:e1.",
        "John H. Krystal et al. {t}. Proc Natl Acad Sci U S A. 2023;120:e1.",
        "John Henry Krystal, Alfred P. Kaye, Sarah Jefferson. {t}. Proc Natl Acad Sci U S A. "
        "2023;120:e1.",
        "John H. Krystal and Alfred P. Kaye. {t}. Proc Natl Acad Sci U S A. 2023;120:e1.",
        "John H. Krystal & Alfred P. Kaye. {t}. Proc Natl Acad Sci U S A. 2023;120:e1.",
        f'Krystal, John H., Alfred P. Kaye, and Sarah Jefferson. "{{t}}." {_PNAS} 120 (2023).',
        f'Krystal, John H., Alfred P. Kaye, and Sarah Jefferson. 2023. "{{t}}." {_PNAS} 120: e1.',
    ],
    ids=["given first", "et al", "full middle name", "and", "&", "chicago", "chicago date"],
)
def test_given_names_in_full_before_their_surnames(entry: str) -> None:
    """`John H. Krystal, Alfred P. Kaye, ...` (PMID 38011560) ended its names at the first
    period, after `John H`: the first author `John H`, an error on a right citation; in
    Chicago's `Krystal, John H., Alfred P. Kaye, and Sarah Jefferson.` at `Alfred P`, with
    the title `Kaye, and Sarah Jefferson`."""
    claim = parse_reference(entry.format(t=KRYSTAL.title.rstrip(".")))
    assert claim.author_names[0].last_name == "Krystal"
    assert claim.title == KRYSTAL.title.rstrip(".")
    assert compare_citation(Citation(KRYSTAL.pmid, claim), KRYSTAL, current_year=2026) == ()


def test_the_period_ending_a_chicago_list_is_no_part_of_the_surname() -> None:
    """`Krystal, John H., and Alfred P. Kaye. 2023.` verified, with the surname `Kaye.`."""
    claim = parse_reference(
        f'Krystal, John H., and Alfred P. Kaye. 2023. "{KRYSTAL.title.rstrip(".")}." {_PNAS} '
        "120: e1."
    )
    assert claim.authors == ("Krystal, John H.", "Alfred P. Kaye")
    assert claim.author_names[-1].last_name == "Kaye"


@pytest.mark.parametrize(
    ("authors", "people"),
    [
        (
            "Jan H. de Vries, Ludwig van Beethoven",
            (PersonName("de Vries", "JH", "Jan H"), PersonName("van Beethoven", "L", "Ludwig")),
        ),
        (
            "Salomé González-Reyes, Hans P. Müller-Lüdenscheidt, Ilona K. Sørensen",
            (
                PersonName("González-Reyes", "S", "Salomé"),
                PersonName("Müller-Lüdenscheidt", "HP", "Hans P"),
                PersonName("Sørensen", "IK", "Ilona K"),
            ),
        ),
        (
            "John H. Krystal Jr., Alfred P. Kaye",
            (PersonName("Krystal", "JH", "John H", "Jr"), PersonName("Kaye", "AP", "Alfred P")),
        ),
        (
            "John H. Krystal, Jr., Alfred P. Kaye",
            (PersonName("Krystal", "JH", "John H", "Jr"), PersonName("Kaye", "AP", "Alfred P")),
        ),
        (
            "John H. Krystal Jr. et al",
            (PersonName("Krystal", "JH", "John H", "Jr"), PersonName("Kaye", "AP", "Alfred P")),
        ),
        # a name written initials first among them (PMID 22198209: Rusyn I, Corton JC)
        (
            "Ivan Rusyn, J. Christopher Corton",
            (PersonName("Rusyn", "I", "Ivan"), PersonName("Corton", "JC", "J Christopher")),
        ),
    ],
    ids=[
        "particles",
        "hyphens and accents",
        "suffix",
        "suffix after a comma",
        "suffix et al",
        "initial first",
    ],
)
def test_given_names_before_particles_hyphens_and_suffixes(
    authors: str, people: tuple[PersonName, ...]
) -> None:
    """Each read at its first period, after `Jan H`, `Hans P`, `John H` or `Ivan Rusyn, J`."""
    record = replace(KRYSTAL, authors=people, author_list_complete=True)
    entry = f"{authors}. {KRYSTAL.title} Proc Natl Acad Sci U S A. 2023;120:e1."
    claim = parse_reference(entry)
    assert claim.author_names[0].last_name == people[0].last_name
    assert compare_citation(Citation(record.pmid, claim), record, current_year=2026) == ()


@pytest.mark.parametrize(
    "entry",
    [
        "John H. Krystal, Alfred P. Kaye, Sarah Jefferson. {t}. Proc Natl Acad Sci U S A. 2023;120:e1.",
        "John H. Krystal et al. {t}. Proc Natl Acad Sci U S A. 2023;120:e1.",
        f'Krystal, John H., Alfred P. Kaye, and Sarah Jefferson. "{{t}}." {_PNAS} 120 (2023).',
        f'Krystal, John H., et al. "{{t}}." {_PNAS}, vol. 120, 2023, p. e1.',
    ],
    ids=["given first", "et al", "chicago", "mla"],
)
def test_another_first_author_with_given_names_is_an_error(entry: str) -> None:
    record = replace(KRYSTAL, authors=(PersonName("Sanacora", "G", "Gerard"), *KRYSTAL.authors[1:]))
    claim = parse_reference(entry.format(t=KRYSTAL.title.rstrip(".")))
    findings = compare_citation(Citation(record.pmid, claim), record, current_year=2026)
    assert [(f.field, f.severity) for f in findings] == [(Field.AUTHOR, Severity.ERROR)]


@pytest.mark.parametrize(
    ("entry", "authors"),
    [
        # read right before, and still
        (
            "John H Krystal, Alfred P Kaye, Sarah Jefferson. {t}. Proc Natl Acad Sci U S A. "
            "2023;120:e1.",
            ("John H Krystal", "Alfred P Kaye", "Sarah Jefferson"),
        ),
        (
            "John Krystal, Alfred Kaye, and Sarah Jefferson. {t}. Proc Natl Acad Sci U S A. "
            "2023;120:e1.",
            ("John Krystal", "Alfred Kaye", "Sarah Jefferson"),
        ),
        (
            f'Krystal, John H., et al. "{{t}}." {_PNAS}, vol. 120, 2023, p. e1.',
            ("Krystal, John H.",),
        ),
        ("John H. Krystal (2023). {t}. Proc Natl Acad Sci U S A, 120, e1.", ("John H. Krystal",)),
        (
            "Krystal JH, Kaye AP, Jefferson S. {t}. Proc Natl Acad Sci U S A. 2023;120:e1.",
            ("Krystal JH", "Kaye AP", "Jefferson S"),
        ),
        (
            "Krystal, J. H., Kaye, A. P., & Jefferson, S. (2023). {t}. Proc Natl Acad Sci U S A, "
            "120, e1.",
            ("Krystal, J. H.", "Kaye, A. P.", "Jefferson, S."),
        ),
        (
            "J. H. Krystal, A. P. Kaye, S. Jefferson. {t}. Proc Natl Acad Sci U S A. 2023;120:e1.",
            ("J. H. Krystal", "A. P. Kaye", "S. Jefferson"),
        ),
        (
            "J.H. Krystal, A.P. Kaye, S. Jefferson. {t}. Proc Natl Acad Sci U S A. 2023;120:e1.",
            ("J.H. Krystal", "A.P. Kaye", "S. Jefferson"),
        ),
        (f"Krystal JH & Kaye AP 2023, {_PNAS} Review of the topic.", ("Krystal JH", "Kaye AP")),
    ],
)
def test_names_read_right_before_are_read_the_same(entry: str, authors: tuple[str, ...]) -> None:
    claim = parse_reference(entry.format(t=KRYSTAL.title.rstrip(".")))
    assert claim.authors == authors
    assert compare_citation(Citation(KRYSTAL.pmid, claim), KRYSTAL, current_year=2026) == ()


SUNSTEIN = PubMedRecord(
    pmid="25970008",
    title="Nudging Smokers.",
    authors=(PersonName("Sunstein", "CR"),),
    journal_title="The New England journal of medicine",
    iso_abbreviation="N. Engl. J. Med.",
    medline_ta="N Engl J Med",
    pub_year=2015,
)


@pytest.mark.parametrize(
    ("entry", "authors"),
    [
        # Nature style (PMID 25970008): `C. R. Nudging Smokers` would be given names
        ("Sunstein, C. R. Nudging Smokers. N. Engl. J. Med. (2015).", ("Sunstein, C. R",)),
        # Nature style, a title in capitals (25970051): the comma of the inverted first name
        # was taken for a list's, so `D. R. Clinical Practice` read as a second author
        (
            "Flum, D. R. Clinical Practice. Acute Appendicitis--appendectomy or the "
            '"antibiotics First" Strategy. N. Engl. J. Med. 372, 1937 (2015).',
            ("Flum, D. R",),
        ),
        # Vancouver, a title in capitals that reads as two people
        (
            "Smith J. Brain Imaging and Human Behaviour. Nature. 2020;1:1-5.",
            ("Smith J",),
        ),
        # one name alone: `Couzin J. Genetics. DNA test ...` (PMID 18927361) is as likely
        (
            "Couzin J. Genetics. DNA test for breast cancer risk draws criticism. Science. "
            "2008;322:357.",
            ("Couzin J",),
        ),
    ],
)
def test_a_title_in_capitals_is_no_list_of_given_names(
    entry: str, authors: tuple[str, ...]
) -> None:
    """A list of given names is kept only where it leaves as much of a title and a journal
    after it as the shorter reading (more, for one name alone)."""
    claim = parse_reference(entry)
    assert claim.authors == authors
    if claim.authors[0].startswith("Sunstein"):
        assert compare_citation(Citation(SUNSTEIN.pmid, claim), SUNSTEIN, current_year=2026) == ()


# Elsevier's numbered style: initials first, only a comma before the title and before the
# journal, the year in brackets after the volume. The title took the journal's first word
# (`Ketamine and depression, Proc`) or, after a journal of plain words, the whole rest
ELSEVIER = [
    (
        "J.H. Krystal, A.P. Kaye, S. Jefferson, Ketamine and depression, Proc. Natl. Acad. Sci. "
        "U.S.A. 120 (2023) e1.",
        2023,
        "Proc Natl Acad Sci U.S.A",
        "Ketamine and depression",
    ),
    (
        "J.H. Krystal, Ketamine and depression, N. Engl. J. Med. 120 (2023) e1.",
        2023,
        "N Engl J Med",
        "Ketamine and depression",
    ),
    (
        "J.H. Krystal, Ketamine and depression, Pain 120 (2023) e1.",
        2023,
        "Pain",
        "Ketamine and depression",
    ),
    (  # `et al.` and an issue before the year
        "J.H. Krystal, A.P. Kaye, S. Jefferson, et al., Ketamine and depression, Proc. Natl. "
        "Acad. Sci. U.S.A. 120 (49) (2023) e2305772120.",
        2023,
        "Proc Natl Acad Sci U.S.A",
        "Ketamine and depression",
    ),
    (
        "J.H. Krystal, Ketamine and depression, Journal of Pain 12 (2011) 1-5.",
        2011,
        "Journal of Pain",
        "Ketamine and depression",
    ),
    (  # a title's commas stay the title's
        "J.H. Krystal, Ketamine, pain, and depression, J. Pain 12 (2011) 1-5.",
        2011,
        "J Pain",
        "Ketamine, pain, and depression",
    ),
    (
        "J.H. Krystal, Ketamine, pain, and depression, Journal of Pain 12 (4) (2011) 1-5.",
        2011,
        "Journal of Pain",
        "Ketamine, pain, and depression",
    ),
    (  # no volume (99598)
        "H.W. Leber, L. Gleumes, G. Schütterle, Enzyme induction in the uremic liver, Kidney Int. "
        "Suppl. (1978) S43-8.",
        1978,
        "Kidney Int Suppl",
        "Enzyme induction in the uremic liver",
    ),
    (  # ahead of print: no volume, no pages (25970008)
        "C.R. Sunstein, Nudging Smokers, N. Engl. J. Med. (2015).",
        2015,
        "N Engl J Med",
        "Nudging Smokers",
    ),
    (  # a place in brackets (10188493)
        "J. Hyne, Women's health osteopathy: an alternative view, Nurs. Manag. (Harrow) 5 (1998) 6-9.",
        1998,
        "Nurs Manag (Harrow)",
        "Women's health osteopathy: an alternative view",
    ),
    (  # a page number of letters (37729413)
        "M.G. Deng, F. Liu, Association between frailty and depression: A bidirectional Mendelian "
        "randomization study, Sci. Adv. 9 (2023) eadi3902.",
        2023,
        "Sci Adv",
        "Association between frailty and depression: A bidirectional Mendelian randomization study",
    ),
    (  # a title of one word (22144687)
        "D.A. Benson, I. Karsch-Mizrachi, GenBank, Nucleic Acids Res. 40 (2012) D48-53.",
        2012,
        "Nucleic Acids Res",
        "GenBank",
    ),
    (  # a title with a section label (18927361)
        "J. Couzin, Genetics. DNA test for breast cancer risk draws criticism, Science 322 (2008) 357.",
        2008,
        "Science",
        "Genetics. DNA test for breast cancer risk draws criticism",
    ),
    (  # PubMed's name in sections (16326419)
        "S.C. Kang, B.M. Lee, DNA methylation of estrogen receptor alpha gene by phthalates, "
        "Journal of Toxicology and Environmental Health. Part A 68 (2005) 1995-2003.",
        2005,
        "Journal of Toxicology and Environmental Health Part A",
        "DNA methylation of estrogen receptor alpha gene by phthalates",
    ),
    (  # PubMed's name and its subtitle (31789841)
        "Y.S. Park, L. Konge, A.R. Artino, The Positivism Paradigm of Research, Academic medicine "
        ": journal of the Association of American Medical Colleges 95 (2020) 690-694.",
        2020,
        "Academic medicine : journal of the Association of American Medical Colleges",
        "The Positivism Paradigm of Research",
    ),
    (  # a journal's name that is a list closed by `and` (24349601)
        "J.E. De Neve, B.S. Frey, Genes, Economics, and Happiness, Journal of Neuroscience, "
        "Psychology, and Economics 5 (2012).",
        2012,
        "Journal of Neuroscience, Psychology, and Economics",
        "Genes, Economics, and Happiness",
    ),
]


@pytest.mark.parametrize(("text", "year", "journal", "title"), ELSEVIER)
def test_elsevier_numbered_style(text: str, year: int, journal: str, title: str) -> None:
    claim = parse_reference(text)
    assert claim.first_author is not None and "." not in claim.first_author.last_name
    assert (claim.year, claim.journal, claim.title) == (year, journal, title)


# the title and the journal as PubMed has them (PMID 38011560)
KRYSTAL_ELSEVIER = (
    "J.H. Krystal, A.P. Kaye, S. Jefferson, {title}, {journal} 120 (49) (2023) e2305772120."
)


def test_a_right_elsevier_citation_verifies_and_another_journal_does_not() -> None:
    """A journal warning on this right citation before: "Natl Acad Sci U.S.A"."""
    title = KRYSTAL.title.rstrip(".")
    right = KRYSTAL_ELSEVIER.format(title=title, journal="Proc. Natl. Acad. Sci. U.S.A.")
    claim = parse_reference(right)
    assert compare_citation(Citation(KRYSTAL.pmid, claim), KRYSTAL, current_year=2026) == ()
    wrong = parse_reference(KRYSTAL_ELSEVIER.format(title=title, journal="J. Pain"))
    findings = compare_citation(Citation(KRYSTAL.pmid, wrong), KRYSTAL, current_year=2026)
    assert [f.field for f in findings] == [Field.JOURNAL]


def test_a_volume_s_year_in_brackets_is_not_the_authors() -> None:
    """`Krystal JH. Title. J. Pain 12 (2011) 1-5.`: all before `(2011)` was read as two
    names (`Krystal JH. Ketamine`, `depression. J. Pain 12`) as if it were `Smith J (2011)`;
    a year after a volume is the issue's."""
    claim = parse_reference("Krystal JH. Ketamine and depression. J. Pain 12 (2011) 1-5.")
    assert claim.authors == ("Krystal JH",)
    assert (claim.year, claim.journal, claim.title) == (2011, "J Pain", "Ketamine and depression")


@pytest.mark.parametrize("date", ["(2023)", "2023,"])
def test_initials_run_together_end_a_dotted_journal_after_the_year(date: str) -> None:
    """`(2023) Proc. Natl. Acad. Sci. U.S.A. Review ...` gave the journal without `U.S.A.`,
    and `2023, Proc. Natl. ...` the journal `Proc`."""
    claim = parse_reference(f"Krystal JH et al. {date} Proc. Natl. Acad. Sci. U.S.A. Review of it.")
    assert claim.journal == "Proc. Natl. Acad. Sci. U.S.A."


@pytest.mark.parametrize(
    ("text", "authors", "journal", "title"),
    [
        (  # names ended by a comma, the title by a period: the sentence rules, as before
            "J.H. Krystal, Ketamine, pain and depression. J. Pain 12 (2011) 1-5.",
            ("J.H. Krystal",),
            "J Pain",
            "Ketamine, pain and depression",
        ),
        (
            "Krystal JH, Kaye AP. Ketamine, pain, and depression. Journal of Pain 12 (4) (2011) 1-5.",
            ("Krystal JH", "Kaye AP"),
            "Journal of Pain",
            "Ketamine, pain, and depression",
        ),
        (  # a quoted title, as before
            'T. R. Brown, "The London Patient," AIDS Res. Hum. Retroviruses 36 (2020) 251.',
            ("T. R. Brown",),
            "AIDS Res Hum Retroviruses",
            "The London Patient",
        ),
        (  # ACS, the year before the volume
            "Krystal, J.H.; Kaye, A.P. Ketamine and depression. J. Pain 2023, 120, e1.",
            ("Krystal, J.H.", "Kaye, A.P"),
            "J Pain",
            "Ketamine and depression",
        ),
        (
            "Krystal, J.H.; Kaye, A.P.; Jefferson, S. Ketamine and depression. Proc. Natl. Acad. "
            "Sci. U.S.A. 2023, 120, e2305772120.",
            ("Krystal, J.H.", "Kaye, A.P.", "Jefferson, S"),
            "Proc Natl Acad Sci U.S.A",
            "Ketamine and depression",
        ),
    ],
)
def test_neighbours_of_the_elsevier_style_read_as_before(
    text: str, authors: tuple[str, ...], journal: str, title: str
) -> None:
    """Guards, right before the Elsevier rules too: a period after the title, a quoted title
    and ACS's `J. Abbr. 2023, 120, e1.` keep their readings."""
    claim = parse_reference(text)
    assert (claim.authors, claim.journal, claim.title) == (authors, journal, title)
    assert claim.year in (2011, 2020, 2023)


@pytest.mark.parametrize(
    ("entry", "journal", "year"),
    [
        (
            "HALL, N.; ELDABE, S. Phantom limb pain: a review of pharmacological management. "
            "British Journal of Pain, v. 12, n. 4, p. 202-207, 2018.",
            "British Journal of Pain",
            2018,
        ),
        (
            "KRYSTAL, J. H. et al. Ketamine and the neurobiology of depression. Proceedings of "
            "the National Academy of Sciences, v. 120, n. 49, e2305772120, 2023.",
            "Proceedings of the National Academy of Sciences",
            2023,
        ),
        # a capital after the comma may go on the name: only ABNT's dotted lower case stops it
        (
            "Smith J. Title here. Journal of Things, N Engl Edition, 2010.",
            "Journal of Things, N Engl Edition",
            2010,
        ),
    ],
)
def test_abnt_volume_and_number_end_the_journal(entry: str, journal: str, year: int) -> None:
    """ABNT (Brazil) writes `Journal, v. 12, n. 4, p. 202-207, 2018`: the journal was read
    as `British Journal of Pain, v`, a journal ERROR on a right citation."""
    claim = parse_reference(entry)
    assert (claim.journal, claim.year) == (journal, year)


@pytest.mark.parametrize(
    ("entry", "journal", "year"),
    [
        # ABNT: the year last, after pages that look like a year
        (
            "BRIGHTON, T. A. et al. Low-dose aspirin for preventing recurrent venous "
            "thromboembolism. The New England Journal of Medicine, v. 367, n. 21, "
            "p. 1979-88, 2012.",
            "The New England Journal of Medicine",
            2012,
        ),
        # a title of two sentences, then a labelled volume (ABNT, MLA without quotes)
        (
            "STREKAS, T. C. Magnetic studies of Chromatium flavocytochrome C552. A mechanism "
            "for heme-flavin interaction. Biochimica et Biophysica Acta, v. 446, n. 1, "
            "p. 179-91, 1976.",
            "Biochimica et Biophysica Acta",
            1976,
        ),
        (
            "Strekas, T. C. Magnetic studies of Chromatium flavocytochrome C552. A mechanism "
            "for heme-flavin interaction. Biochimica et Biophysica Acta, vol. 446, no. 1, "
            "1976, pp. 179-91.",
            "Biochimica et Biophysica Acta",
            1976,
        ),
        # a volume numbered by year, and no other year: the volume's is the year
        ("Smith J. A title. Journal of Things, vol. 2019, pp. 1-5.", "Journal of Things", 2019),
    ],
)
def test_labelled_volume_and_pages(entry: str, journal: str, year: int) -> None:
    """Pages `p. 1979-88` gave the year 1979; after a title of two sentences the second
    one was read as the journal when `v.`/`vol.` followed the journal."""
    claim = parse_reference(entry)
    assert (claim.journal, claim.year) == (journal, year)


# PubMed's search results ("Summary" format): the title first, then the authors, the journal
# and the date. Before the title-first reading each claimed its year only, so a PMID of
# another paper went unnoticed.
_MINOCYCLINE = "Minocycline and Doxycycline: More Than Antibiotics"
PUBMED_SUMMARIES = {  # text: (authors, et al., journal, title)
    "Phantom limb pain: a review. Hall N, Eldabe S. Br J Pain. 2018 Nov;12(4):202-207. doi: "
    "10.1177/2049463718762996. Epub 2018 Mar 8. PMID: 30349693": (
        ("Hall N", "Eldabe S"),
        False,
        "Br J Pain",
        "Phantom limb pain: a review",
    ),
    # the short summary
    "Phantom limb pain: a review. Hall N, et al. Br J Pain. 2018. PMID: 30349693 Free PMC "
    "article. Review.": (("Hall N",), True, "Br J Pain", "Phantom limb pain: a review"),
    # on PubMed's lines, as a page pastes them
    "Phantom limb pain: a review.\nHall N, Eldabe S.\nBr J Pain. 2018 Nov;12(4):202-207.\n"
    "PMID: 30349693": (("Hall N", "Eldabe S"), False, "Br J Pain", "Phantom limb pain: a review"),
    # a title of several sentences, one of them `Vitamin D.`-like: `Part A.`
    "Viral hepatitis. Part A. Hall N. Br J Pain. 2018;12:1-2.": (
        ("Hall N",),
        False,
        "Br J Pain",
        "Viral hepatitis. Part A",
    ),
    # a title with an abbreviation and a question; names with particles, a suffix
    "Ketamine vs. placebo in the U.S.: does it work? van der Pluijm I, Soo Hoo GW, Lamb JC 4th. "
    "Sports (Basel). 2020;8(1):1.": (
        ("van der Pluijm I", "Soo Hoo GW", "Lamb JC 4th"),
        False,
        "Sports (Basel)",
        "Ketamine vs. placebo in the U.S.: does it work?",
    ),
    # a group after PubMed's semicolon, beside persons' names
    "Low-dose aspirin for preventing recurrent venous thromboembolism. Brighton TA, Eikelboom "
    "JW; ASPIRE Investigators. N Engl J Med. 2012 Nov 22;367(21):1979-87.": (
        ("Brighton TA", "Eikelboom JW", "ASPIRE Investigators"),
        False,
        "N Engl J Med",
        "Low-dose aspirin for preventing recurrent venous thromboembolism",
    ),
    # a title the authors-first reading took for names: `Minocycline` and `Doxycycline...`
    "Minocycline and Doxycycline: More Than Antibiotics. Singh S, Khanna D, Kalra S. Curr Mol "
    "Pharmacol. 2021;14(6):1046-1065.": (
        ("Singh S", "Khanna D", "Kalra S"),
        False,
        "Curr Mol Pharmacol",
        _MINOCYCLINE,
    ),
    # ... and its short form, which read `Doxycycline: More Than Antibiotics. Singh S`
    "Minocycline and Doxycycline: More Than Antibiotics. Singh S, et al. Curr Mol Pharmacol. "
    "2021. PMID: 33568043": (("Singh S",), True, "Curr Mol Pharmacol", _MINOCYCLINE),
    # O'Shea, D'souza: a capital before an apostrophe is no initial; `mSystems`
    "The gut microbiota in irritable bowel syndrome. O'Shea JJ, D'souza D. mSystems. 2024;9:e1.": (
        ("O'Shea JJ", "D'souza D"),
        False,
        "mSystems",
        "The gut microbiota in irritable bowel syndrome",
    ),
}


@pytest.mark.parametrize("text", sorted(PUBMED_SUMMARIES))
def test_pubmed_summary_title_first(text: str) -> None:
    c = parse_reference(text)
    assert (c.authors, c.et_al, c.journal, c.title) == PUBMED_SUMMARIES[text]
    assert c.year in (2012, 2018, 2020, 2021, 2024)


def test_pubmed_summary_of_another_paper_is_flagged() -> None:
    """The summary of Hall 2018 cited with the PMID of another paper: the title, first
    author and journal claimed say so (only the year was compared before)."""
    other = replace(KRYSTAL, pub_year=2018, epub_year=None)  # the year alone agrees
    text = "Phantom limb pain: a review. Hall N, Eldabe S. Br J Pain. 2018 Nov;12(4):202-207."
    claim = parse_reference(text)
    findings = compare_citation(Citation(pmid=other.pmid, claim=claim), other, current_year=2026)
    assert any(f.severity is Severity.ERROR for f in findings)


@pytest.mark.parametrize(
    "text",
    [
        # no names in PubMed's form after the title (see test_entries_without_authors)
        "Viral hepatitis. Hepatitis B. Br J Pain. 2018.",
        # a title's sentence and the names both read as names: unsure, no claim
        "Treatment of pain. Kumar A. Smith J. Br J Pain. 2018.",
        # a group alone is not trusted for a list of names
        "Low-dose aspirin for preventing recurrent venous thromboembolism. ASPIRE Investigators. "
        "N Engl J Med. 2012;367:1979.",
        # names, but no journal and year after them
        "Phantom limb pain: a review. Hall N, Eldabe S. Personal communication.",
    ],
)
def test_unsure_title_first_entries_claim_no_names(text: str) -> None:
    c = parse_reference(text)
    assert (c.authors, c.journal, c.title) == ((), None, None)


@pytest.mark.parametrize(
    "text",
    [
        "The burden of pain. Hall N, Eldabe S. Br J Pain. 2018 Nov;12(4):202-207.",
        "COVID-19 and pain. Hall N, et al. Br J Pain. 2018.",
    ],
)
def test_a_link_s_pubmed_summary_keeps_its_authors(text: str) -> None:
    """A title opening with `The` or an acronym is no first author: the link's claim keeps
    the authors that follow the title (they were dropped as a trial's acronym)."""
    c = parse_link_text(text)
    assert c.authors[0] == "Hall N" and c.journal == "Br J Pain"


def test_vancouver_with_a_name_like_title_reads_as_before() -> None:
    """`Smith J. Hall N. ...`: the authors come first in PubMed's form; the title-first reading
    is not asked."""
    c = parse_reference("Smith J. Kaposi M. Br J Pain. 2018;12:1-2.")
    assert c.authors == ("Smith J",)


@pytest.mark.timeout(10)  # linear now: about a second; it took 20 s and more (not a benchmark)
@pytest.mark.parametrize(
    "sentence", ["Title. Hall N. ", "v. 1, n. 2, p. 3-4. ", "J.H. ", "SOO HOO, G. W.; "]
)
def test_a_long_entry_of_many_sentences_is_read_once_per_sentence(sentence: str) -> None:
    """The title-first reading of PubMed's summary is tried at every sentence end: reading
    the whole entry's title and journal there each time made a 30 KB entry take 5 s, so a
    hostile page of such entries could stall a run. The names, which fail soonest, come
    first now, and the journal and date are sought near them only."""
    text = sentence * (60_000 // len(sentence))
    assert parse_reference(text).year is None


# Vancouver's names, then a title of one or two capitalised words and the journal: since
# given names in full were read (up to five given names, three of them words), the name, the
# title and the journal read as one person (`Smith J. Down Syndrome. Lancet`, given names
# `Smith J. Down` and the surname `Syndrome`): no title nor journal was claimed
SHORT_TITLES = [
    ("Bull MJ. Down Syndrome. N Engl J Med. 2020;382(24):2344-2352.", "Bull MJ", "Down Syndrome"),
    ("Kalia LV, Lang AE. Parkinson Disease. Lancet. 2015;386:896-912.", "Kalia LV", None),
    ("Smith J. Albert Einstein. Nature. 2005;433:1-2.", "Smith J", "Albert Einstein"),
    ("Smith J, Jones K. Marie Curie. Lancet. 2011;377:1-2.", "Smith J", "Marie Curie"),
    ("Smith J. Guillain-Barre Syndrome. Lancet. 2015;386:1.", "Smith J", None),
    ("Smith J. Hepatitis C. Lancet. 2007;1:1.", "Smith J", "Hepatitis C"),
    ("Smith J. Part A. Lancet. 2007;1:1.", "Smith J", "Part A"),
    # the title's `Omicron BA.` read as given names, then as PubMed's summary `Omicron BA`
    ("Smith J. Omicron BA. Lancet. 2022;1:1.", "Smith J", "Omicron BA"),
    ("Smith J. Apolipoprotein E. Lancet. 2022;1:1.", "Smith J", "Apolipoprotein E"),
    # a title of one word was read so before too
    ("Smith J. Introduction. Lancet. 2010;375:1.", "Smith J", "Introduction"),
    ("Smith J. Erratum. Lancet. 2010;375:1.", "Smith J", "Erratum"),
]


@pytest.mark.parametrize(("entry", "first", "title"), SHORT_TITLES)
def test_a_short_capitalised_title_is_no_given_name(
    entry: str, first: str, title: str | None
) -> None:
    claim = parse_reference(entry)
    assert (claim.authors[:1], claim.journal) == ((first,), entry.split(". ")[-2].strip())
    assert title is None or claim.title == title


def test_a_right_citation_with_a_short_title_verifies_and_another_journal_does_not() -> None:
    """The last name took the title and the journal (`Jones K. Marie Curie. Nature`): no
    journal was claimed, and another journal went unnoticed."""
    record = PubMedRecord(
        pmid="1",
        title="Marie Curie.",
        authors=(PersonName("Smith", "J"), PersonName("Jones", "K")),
        journal_title="Lancet (London, England)",
        iso_abbreviation="Lancet",
        medline_ta="Lancet",
        pub_year=2011,
    )
    alone = replace(record, authors=record.authors[:1])
    right = parse_reference("Smith J. Marie Curie. Lancet. 2011;377:1-2.")
    wrong = parse_reference("Smith J, Jones K. Marie Curie. Nature. 2011;377:1-2.")
    assert compare_citation(Citation(record.pmid, right), alone, current_year=2026) == ()
    found = compare_citation(Citation(record.pmid, wrong), record, current_year=2026)
    assert [(f.field, f.severity) for f in found] == [(Field.JOURNAL, Severity.ERROR)]


KANG = PubMedRecord(
    pmid="16326419",
    title="DNA methylation of estrogen receptor alpha gene by phthalates.",
    authors=(PersonName("Kang", "SC"), PersonName("Lee", "BM")),
    journal_title="Journal of toxicology and environmental health. Part A",
    iso_abbreviation="J Toxicol Environ Health A",
    medline_ta="J Toxicol Environ Health A",
    pub_year=2005,
)


@pytest.mark.parametrize(
    "journal",
    [
        "Journal of Toxicology and Environmental Health, Part A",
        "J. Toxicol. Environ. Health, Part A",
    ],
)
def test_an_elsevier_journal_s_section_after_a_comma_is_the_journal_s(journal: str) -> None:
    """Elsevier's journal is what follows the title's last comma; that gave the journal
    `Part A`, an error on this right citation (no journal at all was read before)."""
    entry = f"S.C. Kang, B.M. Lee, {KANG.title.rstrip('.')}, {journal} 68 (2005) 1995-2003."
    claim = parse_reference(entry)
    assert claim.title == KANG.title.rstrip(".")
    assert compare_citation(Citation(KANG.pmid, claim), KANG, current_year=2026) == ()
    wrong = parse_reference(entry.replace(journal, "J. Pharm. Sci., Part A"))
    found = compare_citation(Citation(KANG.pmid, wrong), KANG, current_year=2026)
    assert [f.field for f in found] == [Field.JOURNAL]


@pytest.mark.parametrize("style", ["vancouver", "summary"])
def test_a_vancouver_suffix_keeps_the_next_name_apart(style: str) -> None:
    """`Smith JA Jr, Hall N`: since a given name of one word and an initial paired as an
    inverted name's (`Soo Hoo, Guy W.`), `Hall N` became the given names of `Smith JA Jr`:
    one author where there were two, the first an author error on a right citation."""
    record = PubMedRecord(
        pmid="1",
        title="Phantom limb pain in adults.",
        authors=(PersonName("Smith", "JA", suffix="Jr"), PersonName("Hall", "N")),
        journal_title="British journal of pain",
        iso_abbreviation="Br J Pain",
        medline_ta="Br J Pain",
        pub_year=2018,
    )
    names, title, journal = "Smith JA Jr, Hall N.", "Phantom limb pain in adults.", "Br J Pain."
    parts = [names, title] if style == "vancouver" else [title, names]
    claim = parse_reference(" ".join([*parts, journal, "2018;12:1."]))
    assert claim.authors == ("Smith JA Jr", "Hall N")
    assert compare_citation(Citation(record.pmid, claim), record, current_year=2026) == ()


@pytest.mark.timeout(10)  # linear now: about half a second; it took 15 s and more (not a benchmark)
def test_a_long_run_of_separators_before_the_year_is_read_once() -> None:
    """The short form's year (`Krystal et al., PNAS 2023`) was sought with the separators
    before it in the pattern, so a run of them was matched from each of its characters:
    a 20 KB entry of commas took 4 s, a hostile page of them could stall a run."""
    text = "J.H. Krystal, " + ", " * 30_000 + " 1 (2020)"
    assert parse_reference(text).year == 2020


@pytest.mark.timeout(10)  # linear now: under a second; it took 20 s and more (not a benchmark)
def test_a_long_entry_of_sentences_is_not_read_again_from_its_start() -> None:
    """At each sentence end (up to 40) the journal was read on over the whole rest of the
    entry (a run of dotted abbreviations goes on), and whether the end was inside square
    brackets was counted from the entry's start: 100 KB of `N. Engl. J. Med.` took 3 s."""
    text = "Smith J. Title. " + "N. Engl. J. Med. " * 20_000 + "2020;1:1."
    assert parse_reference(text).year == 2020


@pytest.mark.parametrize(
    "entry",
    [
        "Charlesworth, R. P.; Marsh, M. N. Overcoming dilemmas in intestinal mucosal "
        "interpretation. World J. Gastroenterol. 2019, 25, 4916-4921.",
        "Charlesworth, R. P., & Marsh, M. N. (2019). Overcoming dilemmas in intestinal mucosal "
        "interpretation. World J. Gastroenterol., 25, 4916-4921.",
    ],
)
def test_inverted_names_with_initials_are_not_read_title_first(entry: str) -> None:
    """ACS's and APA's `Surname, I. I.` are names no title of PubMed's summary reads as; the
    summary reading took the journal `World J. Gastroenterol.` for the author "World J" and
    everything before it for the title (PMID 31171885: an ERROR on a right citation)."""
    claim = parse_reference(entry)
    assert claim.authors[0] == "Charlesworth, R. P."
    assert (claim.journal, claim.year) == ("World J Gastroenterol", 2019)


@pytest.mark.parametrize(
    ("text", "title", "journal", "year"),
    [
        # a sentence first, no names: the title, not an author (an error on a right citation:
        # "first author is Hall N in PubMed, the page says Phantom limb pain")
        (
            "Phantom limb pain: a review. Br J Pain. 2018;12(4):202-7.",
            "Phantom limb pain: a review",
            "Br J Pain",
            2018,
        ),
        # real records (fixtures of records.tsv): 42 of 593 such right citations were errors
        (
            "Chronic toxicity of di(2-ethylhexyl)phthalate in rats. Toxicological Sciences : an "
            "Official Journal of the Society of Toxicology. 2000.",
            "Chronic toxicity of di(2-ethylhexyl)phthalate in rats",
            "Toxicological Sciences : an Official Journal of the Society of Toxicology",
            2000,
        ),
        # the year after the title, not the title's own (1918 was claimed)
        (
            "Public health responses to pandemics in 1918 and 2020. American Journal of Public "
            "Health. 2021.",
            "Public health responses to pandemics in 1918 and 2020",
            "American Journal of Public Health",
            2021,
        ),
    ],
)
def test_entries_without_authors(text: str, title: str, journal: str, year: int) -> None:
    c = parse_reference(text)
    assert (c.authors, c.title, c.journal, c.year) == ((), title, journal, year)


_GBD_STROKE = paper(
    "30871944",
    "Global, regional, and national burden of stroke, 1990-2016: a systematic analysis for the "
    "Global Burden of Disease Study 2016.",
    ("The Lancet. Neurology", "Lancet Neurol", "Lancet Neurol"),
    PersonName("GBD 2016 Stroke Collaborators", collective=True),
    year=2019,
)


@pytest.mark.parametrize(
    ("source", "journal"),
    [
        ("The Lancet Neurology, 18(5), 439–458.", "The Lancet Neurology"),
        (
            "The Lancet Neurology, 18(5), 439–458. https://doi.org/10.1016/S1474-4422(19)30034-1",
            "The Lancet Neurology",
        ),
        ("Lancet Neurol, 18, 439-58. PMID: 30871944", "Lancet Neurol"),
        ("The Lancet Neurology.", "The Lancet Neurology"),  # no volume, no pages
    ],
)
@pytest.mark.parametrize("case", [str, title_case])
def test_apa_without_authors_claims_its_title_date_and_journal(
    source: str, journal: str, case: Callable[[str], str]
) -> None:
    """APA 7's work without authors, `Title. (2019). Journal, 18(5), 439–458.`, claimed its
    year alone (the title read as no names, nothing after the date was read), so a wrong
    journal verified; in Title Case the title read as a group "GBD ... (2019)". It claims
    the title, the date and the journal: right it verifies, another journal or year not."""
    title = case(_GBD_STROKE.title)
    entry = f"{title} (2019). {source}"
    claim = parse_reference(entry)
    assert (claim.authors, claim.title, claim.journal, claim.year) == (
        (),
        title.rstrip("."),
        journal,
        2019,
    )
    assert verdict(entry, _GBD_STROKE) == (Status.VERIFIED, [])
    status, shown = verdict(entry.replace(journal, "JAMA Neurology"), _GBD_STROKE)
    assert status is Status.MISMATCH and shown[0].startswith("journal:")
    status, shown = verdict(entry.replace("(2019)", "(2016)"), _GBD_STROKE)
    assert status is Status.MISMATCH and shown[0].startswith("year:")


def test_apa_without_authors_dates_itself_after_a_year_in_its_title() -> None:
    """`Global cancer statistics 2020: ... (2021). CA Cancer J Clin, 71, 209-249.` (PMID
    33538338): the title's 2020 was claimed as the year, a false alarm on a right
    citation. The date in brackets is the year."""
    record = replace(
        SUNG_2021,
        title="Global cancer statistics 2020: GLOBOCAN estimates of incidence and mortality "
        "worldwide for 36 cancers in 185 countries.",  # the same in sentence case
    )
    entry = f"{record.title} (2021). CA Cancer J Clin, 71(3), 209-249."
    claim = parse_reference(entry)
    assert (claim.title, claim.journal, claim.year) == (
        record.title.rstrip("."),
        "CA Cancer J Clin",
        2021,
    )
    assert verdict(entry, record) == (Status.VERIFIED, [])


@pytest.mark.parametrize(
    "names",
    ["Feigin, V. L., & Nguyen, G.", "GBD 2016 Stroke Collaborators.", "Feigin VL, Nguyen G."],
)
def test_apa_with_authors_still_reads_its_names_before_the_date(names: str) -> None:
    """The reading of APA without authors is asked only where what precedes the date
    reads as no names: with names there, they stay the authors and the title follows."""
    claim = parse_reference(f"{names} (2019). {_GBD_STROKE.title} The Lancet Neurology, 18, 439.")
    assert claim.authors[0] in names and claim.year == 2019
    assert (claim.title, claim.journal) == (_GBD_STROKE.title.rstrip("."), "The Lancet Neurology")


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("Public Health Responses to Pandemics in 1918 and 2020. Am J Public Health. 2021.", 2021),
        (
            "Remdesivir Resistance in Transplant Recipients With Persistent Coronavirus Disease "
            "2019. Clin Infect Dis. 2023 Mar 4.",
            2023,
        ),
    ],
)
def test_a_title_s_year_is_not_the_year_of_an_entry_that_ends_in_its_date(
    text: str, year: int
) -> None:
    """A Title Case title without authors is read as names or not at all; the year was then
    the first of the entry, the title's (11 of 593 right citations of real records flagged:
    "year is 2021 in PubMed, the page says 1918"). A date that ends the entry is its year."""
    assert parse_reference(text).year == year


@pytest.mark.parametrize(
    "text",
    [
        # names run into an unpunctuated title (manubot's references): no title, no journal
        "A survey on deep learning in medical image analysis Geert Litjens, Thijs Kooi, Clara "
        "I. Sánchez Medical Image Analysis (2017-12)",
        # notes about a page, not a reference
        "Includes very recent ones and old ones. PMIDs: 75 in 80 entries. 2019.",
        # a quoted title after a group's name
        'GBD 2013 Mortality and Causes of Death, Collaborators (December 17, 2014). "Global, '
        'regional, and national mortality for 240 causes of death". Lancet. 385 (9963).',
    ],
)
def test_no_title_read_where_names_or_notes_may_be(text: str) -> None:
    c = parse_reference(text)
    assert (c.authors, c.title, c.journal) == ((), None, None)


@pytest.mark.parametrize(
    ("text", "authors", "title", "journal"),
    [
        # `et al.` then a title of one or two words: the title was read as another author
        # (`et al. A trial. Lancet`) or with the journal (`A trial. Lancet`)
        ("Smith J, et al. A trial. Lancet. 2019.", ("Smith J",), "A trial", "Lancet"),
        ("Smith J, et al. A trial. Lancet. 2019;12:34.", ("Smith J",), "A trial", "Lancet"),
        # PMID 32894878: a title of two capitalised words before a journal's full name
        (
            "Koch S, et al. Methods Refocused. Methods of Information in Medicine. 2020.",
            ("Koch S",),
            "Methods Refocused",
            "Methods of Information in Medicine",
        ),
    ],
)
def test_short_titles_after_et_al(
    text: str, authors: tuple[str, ...], title: str, journal: str
) -> None:
    c = parse_reference(text)
    assert (c.authors, c.title, c.journal, c.et_al) == (authors, title, journal, True)


@pytest.mark.parametrize(
    ("text", "journal"),
    [
        ("Smith et al. J. Immunol. 2001", "J. Immunol"),
        ("Smith et al. J. Am. Coll. Cardiol. 2001", "J. Am. Coll. Cardiol"),
        ("Smith et al., Proc. Natl. Acad. Sci. U.S.A. 2001", "Proc. Natl. Acad. Sci. U.S.A"),
    ],
)
def test_dotted_journals_in_short_forms_stay_whole(text: str, journal: str) -> None:
    c = parse_reference(text)
    assert (c.authors, c.journal, c.year) == (("Smith",), journal, 2001)


def _fixture_record(pmid: str) -> PubMedRecord:
    from style_citations import fixture_records

    return next(r for r in fixture_records() if r.pmid == pmid)


@pytest.mark.parametrize(
    "group",
    [
        "Groupe de travail de la Société française de réanimation",
        "Writing group for the Women's Health Initiative investigators",
        "Collaborative group on hormonal factors in breast cancer",
    ],
)
def test_a_group_in_lower_case_is_no_part_of_the_title(group: str) -> None:
    """A group's name in sentence case (two words in lower case) reads as no author, and
    the entry as one without authors: the group's name and the title were claimed as one
    title, a title warning on a right citation (PMID 33967209, its authors a group)."""
    from style_citations import verdict

    record = replace(_fixture_record("33967209"), authors=(PersonName(group, collective=True),))
    text = f"{group}. {record.title} Curr Opin Crit Care. 2021;27(3):326-332."
    c = parse_reference(text)
    assert (c.title, c.journal, c.year) == (None, "Curr Opin Crit Care", 2021)
    assert verdict(text, record) == (Status.VERIFIED, [])


@pytest.mark.parametrize("first", ["Fossella F", "Smith F"])
def test_a_group_in_lower_case_after_persons_names_keeps_the_list(first: str) -> None:
    """`..., Splinter TA, TAX 325 study group.` (PMID 23435529's last author, as pages write
    it): a group's name after persons' names is no title's sentence. Taken for one, it lost
    the whole list, and a wrong first author (`Smith F`) verified."""
    from style_citations import verdict

    record = _fixture_record("23435529")
    others = ", ".join(f"{a.last_name} {a.initials}" for a in record.authors[1:14])
    text = f"{first}, {others}, TAX 325 study group. {record.title} J Clin Oncol. 2013;31:1-9."
    c = parse_reference(text)
    assert (c.authors[0], c.authors[-1], len(c.authors)) == (first, "TAX 325 study group", 15)
    status, shown = verdict(text, record)
    if first == "Fossella F":
        assert (status, shown) == (Status.VERIFIED, [])
    else:
        assert status is Status.MISMATCH and shown[0].startswith("author: first author is")


@pytest.mark.parametrize(
    ("text", "journal"),
    [
        (
            "Park et al., Environmental Science. Processes & Impacts, 2020",
            "Environmental Science. Processes & Impacts",
        ),
        (
            "Park et al., MMWR. Morbidity and Mortality Weekly Report, 2006",
            "MMWR. Morbidity and Mortality Weekly Report",
        ),
        ("Park et al., Evid. Based Spine Care J., 2014", "Evid. Based Spine Care J"),
    ],
)
def test_short_forms_with_a_journal_in_sections(text: str, journal: str) -> None:
    """A journal's name in sections after `et al.`: read as a title before the journal
    (a6cc7fb), the short form claimed no author, and a wrong one verified."""
    c = parse_reference(text)
    assert (c.authors, c.et_al, c.journal) == (("Park",), True, journal)


@pytest.mark.parametrize("first", ["Santiago-Dieppa", "Smith"])
def test_a_wrong_author_before_a_dotted_journal_is_flagged(first: str) -> None:
    """PMID 25364329 cited `Surname et al., Evid. Based Spine Care J., 2014`."""
    from style_citations import verdict

    status, shown = verdict(
        f"{first} et al., Evid. Based Spine Care J., 2014", _fixture_record("25364329")
    )
    if first == "Smith":
        assert status is Status.MISMATCH and shown[0].startswith("author: first author is")
    else:
        assert (status, shown) == (Status.VERIFIED, [])


# PMID 16494711 (Emerg Infect Dis 2006), PMID 29133356 (Hypertension 2018, epub 2017)
_TAUBENBERGER = paper(
    "16494711",
    "1918 Influenza: the mother of all pandemics.",
    ("Emerging infectious diseases", "Emerg Infect Dis", "Emerg Infect Dis"),
    "Taubenberger JK",
    "Morens DM",
    year=2006,
)


@pytest.mark.parametrize(
    ("text", "year", "title"),
    [
        (
            "Taubenberger JK, Morens DM. 1918 Influenza: the mother of all pandemics. Emerg "
            "Infect Dis. {}",
            2006,
            "1918 Influenza: the mother of all pandemics",
        ),
        (
            "Whelton PK, Carey RM, Aronow WS, et al. 2017 ACC/AHA/AAPA/ABC/ACPM/AGS/APhA/ASH/"
            "ASPC/NMA/PCNA Guideline for the Prevention, Detection, Evaluation, and Management "
            "of High Blood Pressure in Adults. Hypertension. {}",
            2018,
            "2017 ACC/AHA/AAPA/ABC/ACPM/AGS/APhA/ASH/ASPC/NMA/PCNA Guideline for the "
            "Prevention, Detection, Evaluation, and Management of High Blood Pressure in Adults",
        ),
    ],
)
def test_a_year_that_opens_the_title_is_the_title_s(text: str, year: int, title: str) -> None:
    """After names closed by their period, a year that opens the title was read as the
    citation's (as in `Smith J. 2019. Title`): `1918 Influenza` was "year is 2006 in
    PubMed, the page says 1918" on one of the most cited papers on influenza, and a wrong
    year in the source after `2017 ACC/AHA ... Guideline` went unseen. Where the entry
    dates itself later, that date is its year and the title keeps its first word."""
    claim = parse_reference(text.format(f"{year};12(1):15-22."))
    assert (claim.year, claim.title) == (year, title)
    assert parse_reference(text.format(f"{year}.")).year == year
    # a wrong year in the source is the claim's, and flagged
    assert parse_reference(text.format(f"{year - 3};12(1):15-22.")).year == year - 3
    if year == 2006:  # the 1918 paper cited rightly verifies
        right = Citation(pmid="16494711", claim=claim)
        assert compare_citation(right, _TAUBENBERGER, current_year=2026) == ()


@pytest.mark.parametrize(
    ("journal", "read"),
    [
        ("Lancet Infect. Dis.", "Lancet Infect Dis"),
        ("JAMA Intern. Med.", "JAMA Intern Med"),
        ("MMWR Morb. Mortal. Wkly. Rep.", "MMWR Morb Mortal Wkly Rep"),
        ("Environ. Health Perspect.", "Environ Health Perspect"),
        ("J. Korean Gerontol. Nurs.", "J Korean Gerontol Nurs"),
        ("Antimicrob. Agents Chemother.", "Antimicrob Agents Chemother"),
        ("N. Engl. J. Med.", "N Engl J Med"),
        ("Lancet Glob. Health", "Lancet Glob Health"),
    ],
)
def test_a_dotted_journal_with_undotted_words_after_a_quoted_title(journal: str, read: str) -> None:
    """Wikipedia's {{cite journal}} with the dotted ISO name Citation bot writes: `"Title".
    Lancet Infect. Dis. 20 (5): 533–534.` claimed the journal "Lancet Infect" (37 of 593
    real records so cited were flagged, "Environ" an error)."""
    claim = parse_reference(
        'Dong E, Du H, Gardner L (May 2020). "An interactive web-based dashboard to track '
        f'COVID-19 in real time". {journal} 20 (5): 533–534. PMID 32087114.'
    )
    assert (claim.journal, claim.year) == (read, 2020)


_TWEED_TITLE = (
    "Why are drug-related deaths among women increasing in Scotland? A mixed-methods "
    "analysis of possible explanations"
)


@pytest.mark.parametrize(
    ("source", "journal"),
    [
        # ABNT and Frontiers (PMID 35095222; real records so cited: abnt 5 -> 4, frontiers 4 -> 3)
        ("Drugs (Abingdon, England), v. 29, n. 1, p. 62-75, 2022.", "Drugs"),
        ("Drugs (Abingdon Engl) (2022) 29:62–75.", "Drugs"),
        ("Obesity (Silver Spring), v. 29, n. 1, p. 62-75, 2022.", "Obesity"),
        ("Vaccines (Basel) (2022) 29:62–75.", "Vaccines"),
    ],
)
def test_a_journal_with_its_place_after_a_title_of_two_sentences(source: str, journal: str) -> None:
    """`Why ...? A mixed-methods analysis .... Drugs (Abingdon Engl) (2022) 29:62–75.`: the
    place in brackets was not taken for part of the journal before ABNT's `v. 29` or the
    Frontiers date, so the journal was read as the title's second sentence (an ERROR)."""
    claim = parse_reference(f"Tweed EJ, Miller RG. {_TWEED_TITLE}. {source}")
    assert claim.title == _TWEED_TITLE and claim.year == 2022
    assert claim.journal is not None and claim.journal.startswith(journal)


@pytest.mark.parametrize(
    "source",
    [
        "Emerg Infect Dis (2006) 12:15–22.",
        "Emerg Infect Dis 2006.",
        "Emerg. Infect. Dis. 12, 15–22 (2006).",  # Nature's
    ],
)
def test_a_year_that_opens_the_title_before_frontiers_or_a_closing_year(source: str) -> None:
    """Frontiers' `Journal (2006) 12:15–22` and a bare closing `Journal 2006.` date the entry
    too: the `1918` that opens the title is the title's ("the page says 1918", an error)."""
    text = "Taubenberger JK, Morens DM. 1918 Influenza: the mother of all pandemics. {}"
    claim = parse_reference(text.format(source))
    assert (claim.year, claim.title) == (2006, "1918 Influenza: the mother of all pandemics")
    assert parse_reference(text.format(source.replace("2006", "2003"))).year == 2003


_GLOBOCAN_TITLE = SUNG_2021.title.rstrip(".")


@pytest.mark.parametrize(
    ("year", "status"), [(2021, Status.VERIFIED), (2020, Status.MISMATCH), (2019, Status.MISMATCH)]
)
def test_acs_names_before_a_title_holding_its_year(year: int, status: Status) -> None:
    """ACS's last name ran into a Title Case title up to the title's year: `Laversanne, M.
    Global Cancer Statistics 2020: ...` claimed the author "M. Global Cancer Statistics"
    and the year 2020, two errors on a right citation."""
    text = (
        "Sung, H.; Ferlay, J.; Siegel, R. L.; Laversanne, M. "
        f"{_GLOBOCAN_TITLE}. CA Cancer J. Clin. {year}, 71, 209–249."
    )
    claim = parse_reference(text)
    assert claim.authors == ("Sung, H.", "Ferlay, J.", "Siegel, R. L.", "Laversanne, M")
    assert (claim.year, claim.title) == (year, _GLOBOCAN_TITLE)
    assert verdict(text, SUNG_2021)[0] is status


@pytest.mark.parametrize(
    ("source", "year"),
    [
        ("CA Cancer J Clin. {};70:7-30.", 2019),
        ("CA Cancer J Clin. {}.", 2019),
        ("CA Cancer J Clin. ({}).", 2022),
    ],
)
def test_a_source_right_after_a_title_s_year_dates_the_entry(source: str, year: int) -> None:
    """`Cancer Statistics, 2020. CA Cancer J Clin. 2019;70:7-30.`: the title read as a name
    and its year, the year of the source after it was lost and any year verified. A source
    alone after the "names"' year (no title between them) gives the citation's year."""
    text = f"Cancer Statistics, 2020. {source}"
    assert parse_reference(text.format(year)).year == year
    assert verdict(text.format(year), SIEGEL_2020)[0] is Status.MISMATCH
    assert verdict(text.format(2020), SIEGEL_2020) == (Status.VERIFIED, [])


def test_a_year_after_names_stays_before_a_journal_and_note() -> None:
    """The clinic's `Name et al. 2023, Journal Note ... 2019.`: a year that ends a note after
    the journal is no source's date."""
    text = (
        "Hogan JI et al. 2023, Toxicology & Applied Pharmacology Remdesivir Resistance in "
        "Transplant Recipients With Persistent Coronavirus Disease 2019."
    )
    assert parse_reference(text).year == 2023


_ESC_2019 = paper(
    "31504439",
    "2019 ESC Guidelines for the diagnosis and management of chronic coronary syndromes.",
    ("European heart journal", "Eur Heart J", "Eur Heart J"),
    "Knuuti J",
    "Wijns W",
    "Saraste A",
    year=2020,
)


@pytest.mark.parametrize(("year", "status"), [(2020, Status.VERIFIED), (2023, Status.MISMATCH)])
def test_a_year_that_opens_the_title_before_nature_s_closing_date(
    year: int, status: Status
) -> None:
    """Nature's `Knuuti, J. et al. 2019 ESC Guidelines ... Eur. Heart J. 41, 407–477 (2020).`:
    its date in brackets at the end was not taken for the entry's, so the title's `2019`
    was the claimed year: "the page says 2019" on a right citation, and any year in the
    brackets passed."""
    text = (
        "Knuuti, J. et al. 2019 ESC Guidelines for the diagnosis and management of chronic "
        f"coronary syndromes. Eur. Heart J. 41, 407–477 ({year})."
    )
    claim = parse_reference(text)
    assert (claim.year, claim.title) == (year, _ESC_2019.title.rstrip("."))
    assert verdict(text, _ESC_2019)[0] is status


_AHA_2019 = paper(
    "30700139",
    "Heart Disease and Stroke Statistics-2019 Update: A Report From the American Heart "
    "Association.",
    ("Circulation", "Circulation", "Circulation"),
    "Benjamin EJ",
    "Muntner P",
    "Alonso A",
    year=2019,
)


@pytest.mark.parametrize(
    ("record", "text", "wrong"),
    [
        (
            _ESC_2019,
            "2019 ESC Guidelines for the Diagnosis and Management of Chronic Coronary "
            "Syndromes. Eur Heart J. {}.",
            2018,
        ),
        (
            _AHA_2019,
            "Heart Disease and Stroke Statistics-2019 Update: A Report From the American Heart "
            "Association. Circulation. {}.",
            2017,
        ),
    ],
)
def test_a_series_title_in_title_case_without_authors(
    record: PubMedRecord, text: str, wrong: int
) -> None:
    """Guidelines and yearly reports cited without authors, their Title Case title holding
    the series' year, claimed the year alone: any title and journal passed. Their title and
    journal are claimed; a wrong journal or series year is flagged, a wrong date still is."""
    claim = parse_reference(text.format(record.pub_year))
    assert claim.title is not None and claim.title.lower() == record.title.lower().rstrip(".")
    assert claim.journal == record.medline_ta and not claim.authors
    assert verdict(text.format(record.pub_year), record) == (Status.VERIFIED, [])
    assert verdict(text.format(wrong), record)[0] is Status.MISMATCH
    other = replace(record, journal_title="Pain", iso_abbreviation="Pain", medline_ta="Pain")
    assert verdict(text.format(record.pub_year), other)[0] is Status.MISMATCH
    last_year = text.replace("2019", "2018", 1).format(record.pub_year)  # the series' year
    assert verdict(last_year, record)[0] is Status.MISMATCH


@pytest.mark.parametrize(
    "group",
    [
        "GBD 2013 Mortality and Causes of Death Collaborators",
        "2019 Novel Coronavirus Investigating and Research Team",
    ],
)
def test_a_group_s_name_holding_a_year_is_no_series_title(group: str) -> None:
    """A group's name may hold a year, even open with one: it ends in its group word, and is
    no title of a series."""
    assert parse_reference(f"{group}. China CDC Wkly. 2020;2:113.").title is None


@pytest.mark.parametrize("pmid", ["1", "16080930"])
def test_a_long_title_case_title_without_authors_claims_its_journal(pmid: str) -> None:
    """A Title Case title without authors claimed the year alone, so any journal passed (530
    of 593 wrong ones in the real-records check). One of six words or more, which no group's
    name reads as, is a title, and the journal after it is claimed."""
    record = _fixture_record(pmid)  # `Formate assay in body fluids: ...`, `Effects of ...`
    text = f"{title_case(record.title)} {{}}. {record.pub_year}."
    right = text.format(record.medline_ta)
    claim = parse_reference(right)
    assert claim.title is not None and claim.title.lower() == record.title.lower().rstrip(".")
    assert (claim.journal, claim.year, claim.authors) == (record.medline_ta, record.pub_year, ())
    assert verdict(right, record) == (Status.VERIFIED, [])
    assert mismatch_fields(text.format("Pain Med"), record) == ["journal"]


@pytest.mark.parametrize(
    "text",
    [
        # a group's name is no such title: it ends in its group word or reads as one
        "Guideline Development Panel for the Treatment of Depressive Disorders. Am Psychol. 2022.",
        "Task Force of the European Society of Cardiology Working Group. Eur Heart J. 2020.",
        # five words: as before, the year alone
        "Enzyme Induction in Uremic Liver. Kidney Int. 1978.",
        # names no reading took, then a group and its title: no title of Title Case
        "Kouri TT, Hofmann W, Falbo R, Task and Finish Group for Urinalysis (TFG-U), European "
        "Federation of Clinical Chemistry and Laboratory Medicine (EFLM): The EFLM European "
        "Urinalysis Guideline 2023. Clin Chem Lab Med 2024, 62:1653-1786.",
    ],
)
def test_a_group_s_name_or_a_short_title_case_title_claims_no_title(text: str) -> None:
    claim = parse_reference(text)
    assert claim.title is None
