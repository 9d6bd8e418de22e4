"""Property: a claim built from a record's own facts always compares clean."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from refcheck.compare import compare_citation, status_for
from refcheck.models import Citation, Claim, PersonName, PubMedRecord, Severity, Status

# Real records (records.tsv): pmid, first author surname, initials, print year, epub year,
# NLM title, ISO abbreviation, MedlineTA, article title.
ROWS = [
    (
        "10388618",
        "Doull",
        "J",
        1999,
        None,
        "Regulatory toxicology and pharmacology : RTP",
        "Regul Toxicol Pharmacol",
        "Regul Toxicol Pharmacol",
        "A cancer risk assessment of di(2-ethylhexyl)phthalate: application of the new U.S. EPA Risk Assessment Guidelines.",
    ),
    (
        "1469623",
        "Badr",
        "MZ",
        1992,
        None,
        "The Journal of pharmacology and experimental therapeutics",
        "J Pharmacol Exp Ther",
        "J Pharmacol Exp Ther",
        "Induction of peroxisomal enzyme activities by di-(2-ethylhexyl) phthalate in thyroidectomized rats with parathyroid replants.",
    ),
    (
        "1610294",
        "Keith",
        "Y",
        1992,
        None,
        "Archives of toxicology",
        "Arch Toxicol",
        "Arch Toxicol",
        "Peroxisome proliferation due to di (2-ethylhexyl) adipate, 2-ethylhexanol and 2-ethylhexanoic acid.",
    ),
    (
        "11636720",
        "Kember",
        "O",
        1973,
        None,
        "Phronesis (Barcelona, Spain)",
        "Phronesis (Barc)",
        "Phronesis (Barc)",
        "Anaxagoras' theory of sex differentiation and heredity.",
    ),
    (
        "99598",
        "Leber",
        "HW",
        1978,
        None,
        "Kidney international. Supplement",
        "Kidney Int Suppl",
        "Kidney Int Suppl",
        "Enzyme induction in the uremic liver.",
    ),
    (
        "2404574",
        "Bartles",
        "JR",
        1990,
        None,
        "Cancer research",
        "Cancer Res",
        "Cancer Res",
        "Peroxisome proliferator-induced alterations in the expression and modification of rat hepatocyte plasma membrane proteins.",
    ),
    (
        "734683",
        "Srivastava",
        "SP",
        1978,
        None,
        "Toxicology",
        "Toxicology",
        "Toxicology",
        "Effect of Di-(2-ethylhexyl) phthalate (DEHP) on chemical constituents and enzymatic activity of rat liver.",
    ),
    (
        "1965743",
        "Ganning",
        "AE",
        1990,
        None,
        "Pharmacology & toxicology",
        "Pharmacol Toxicol",
        "Pharmacol Toxicol",
        "Effects of prolonged treatment with phthalate ester on rat liver.",
    ),
    (
        "3574334",
        "Smith-Oliver",
        "T",
        1987,
        None,
        "Mutation research",
        "Mutat Res",
        "Mutat Res",
        "Correlation of the carcinogenic potential of di(2-ethylhexyl)phthalate (DEHP) with induced hyperplasia rather than with genotoxic activity.",
    ),
    (
        "41605226",
        "Juchems",
        "M",
        2026,
        2026,
        "RoFo : Fortschritte auf dem Gebiete der Rontgenstrahlen und der Nuklearmedizin",
        "Rofo",
        "Rofo",
        "",
    ),
    (
        "11452036",
        "Caudevilla",
        "C",
        2001,
        None,
        "Nucleic acids research",
        "Nucleic Acids Res",
        "Nucleic Acids Res",
        "Localization of an exonic splicing enhancer responsible for mammalian natural trans-splicing.",
    ),
    (
        "6178713",
        "Nagata",
        "T",
        1982,
        None,
        "The Histochemical journal",
        "Histochem J",
        "Histochem J",
        "Nucleic acid synthesis in proliferating peroxisomes of rat liver as revealed by electron microscopical radioautography.",
    ),
    (
        "1516773",
        "Tyl",
        "RW",
        1992,
        None,
        "Fundamental and applied toxicology : official journal of the Society of Toxicology",
        "Fundam Appl Toxicol",
        "Fundam Appl Toxicol",
        "The developmental toxicity of 2-ethylhexanol applied dermally to pregnant Fischer 344 rats.",
    ),
    (
        "3303445",
        "Michalopoulos",
        "GK",
        1987,
        None,
        "Toxicology and industrial health",
        "Toxicol Ind Health",
        "Toxicol Ind Health",
        "Mechanisms of rodent liver carcinogenesis.",
    ),
    (
        "219391",
        "Nakano",
        "T",
        1979,
        None,
        "Neuropadiatrie",
        "Neuropadiatrie",
        "Neuropadiatrie",
        "The fine structure of blood cells in ceroid-lipofuscinosis (Spielmeyer-Vogt's disease).",
    ),
    (
        "8352887",
        "Ledwith",
        "BJ",
        1993,
        None,
        "Molecular carcinogenesis",
        "Mol Carcinog",
        "Mol Carcinog",
        "Activation of immediate-early gene expression by peroxisome proliferators in vitro.",
    ),
    (
        "2635147",
        "Srivastava",
        "S",
        1989,
        None,
        "Indian journal of experimental biology",
        "Indian J Exp Biol",
        "Indian J Exp Biol",
        "Biochemical alterations in rat fetal liver following in utero exposure to di(2-ethylhexyl)phthalate (DEHP).",
    ),
    (
        "769879",
        "Oba",
        "T",
        1975,
        None,
        "Eisei Shikenjo hokoku. Bulletin of National Institute of Hygienic Sciences",
        "Eisei Shikenjo Hokoku",
        "Eisei Shikenjo Hokoku",
        "[Safety of phthalic acid esters--especially DEHP--, plasticizer of polyvinyl chloride for medical devices (author's transl)].",
    ),
    (
        "2274048",
        "Crane",
        "DI",
        1990,
        None,
        "Molecular and cellular biochemistry",
        "Mol Cell Biochem",
        "Mol Cell Biochem",
        "Alterations in the integrity of peroxisomal membranes in livers of mice treated with peroxisome proliferators.",
    ),
    (
        "1755031",
        "Hijioka",
        "T",
        1991,
        None,
        "Toxicology letters",
        "Toxicol Lett",
        "Toxicol Lett",
        "Wy-14,643 but not 2-ethylhexanol increases intracellular free calcium in cultured Kupffer cells.",
    ),
    (
        "1625184",
        "Takagi",
        "A",
        1992,
        None,
        "Journal of environmental pathology, toxicology and oncology : official organ of the International Society for Environmental Toxicology and Cancer",
        "J Environ Pathol Toxicol Oncol",
        "J Environ Pathol Toxicol Oncol",
        "Hepatomegaly is an early biomarker for hepatocarcinogenesis induced by peroxisome proliferators.",
    ),
    (
        "3657395",
        "Yanagita",
        "T",
        1987,
        None,
        "Lipids",
        "Lipids",
        "Lipids",
        "Alteration of hepatic phospholipids in rats and mice by feeding di-(2-ethylhexyl)adipate and di-(2-ethylhexyl)phthalate.",
    ),
    (
        "3536893",
        "Hashimoto",
        "T",
        1986,
        None,
        "Journal of biochemistry",
        "J Biochem",
        "J Biochem",
        "Purification of membrane polypeptides of rat liver peroxisomes.",
    ),
    (
        "6355494",
        "Kluwe",
        "WM",
        1983,
        None,
        "Journal of toxicology and environmental health",
        "J Toxicol Environ Health",
        "J Toxicol Environ Health",
        "The carcinogenicity of di(2-ethylhexyl) phthalate (DEHP) in perspective.",
    ),
    (
        "2867621",
        "Mitchell",
        "FE",
        1985,
        None,
        "Toxicology and applied pharmacology",
        "Toxicol Appl Pharmacol",
        "Toxicol Appl Pharmacol",
        "Time and dose-response study of the effects on rats of the plasticizer di(2-ethylhexyl) phthalate.",
    ),
    (
        "30893762",
        "Rodríguez-Sánchez",
        "I",
        2019,
        2019,
        "Viruses",
        "Viruses",
        "Viruses",
        "Meal for Two: Human Cytomegalovirus-Induced Activation of Cellular Metabolism.",
    ),
    (
        "6732809",
        "Okita",
        "R",
        1984,
        None,
        "Biochemical and biophysical research communications",
        "Biochem Biophys Res Commun",
        "Biochem Biophys Res Commun",
        "Induction of laurate omega-hydroxylase by di (2-ethylhexyl)phthalate in rat liver microsomes.",
    ),
    (
        "7873979",
        "Cimini",
        "AM",
        1994,
        None,
        "Cellular and molecular biology (Noisy-le-Grand, France)",
        "Cell Mol Biol (Noisy-le-grand)",
        "Cell Mol Biol (Noisy-le-grand)",
        "Effects of Di-(2-ethylhexyl)phthalate on peroxisomes of liver, kidney and brain of lactating rats and their pups.",
    ),
    (
        "1473784",
        "Klimisch",
        "HJ",
        1992,
        None,
        "Food and chemical toxicology : an international journal published for the British Industrial Biological Research Association",
        "Food Chem Toxicol",
        "Food Chem Toxicol",
        "Di-(2-ethylhexyl) phthalate: a short-term repeated inhalation toxicity study including fertility assessment.",
    ),
    (
        "10499774",
        "Dobashi",
        "K",
        1999,
        None,
        "Free radical research",
        "Free Radic Res",
        "Free Radic Res",
        "Effect of peroxisome proliferator on extracellular glutathione peroxidase in rat.",
    ),
    (
        "8540215",
        "Parmar",
        "D",
        1995,
        None,
        "Veterinary and human toxicology",
        "Vet Hum Toxicol",
        "Vet Hum Toxicol",
        "Testicular toxicity of Di(2-ethylhexyl)phthalate in developing rats.",
    ),
    (
        "6677511",
        "Lake",
        "BG",
        1983,
        None,
        "Developments in toxicology and environmental science",
        "Dev Toxicol Environ Sci",
        "Dev Toxicol Environ Sci",
        "Species differences in di-(2-ethylhexyl) phthalate-induced hepatic peroxisome proliferation.",
    ),
    (
        "10188493",
        "Hyne",
        "J",
        1998,
        None,
        "Nursing management (Harrow, London, England : 1994)",
        "Nurs Manag (Harrow)",
        "Nurs Manag (Harrow)",
        "Women's health osteopathy: an alternative view.",
    ),
    (
        "11540070",
        "Poovaiah",
        "BW",
        1987,
        None,
        "Critical reviews in plant sciences",
        "CRC Crit Rev Plant Sci",
        "CRC Crit Rev Plant Sci",
        "Calcium messenger system in plants.",
    ),
    (
        "11428750",
        "Kertai",
        "E",
        2000,
        None,
        "Acta physiologica Hungarica",
        "Acta Physiol Hung",
        "Acta Physiol Hung",
        "Effect of glycerol-induced acute renal failure and di-2-ethylhexyl phthalate on the enzymes involved in biotransformation of xenobiotixs.",
    ),
    (
        "3709451",
        "Phillips",
        "BJ",
        1986,
        None,
        "Environmental health perspectives",
        "Environ Health Perspect",
        "Environ Health Perspect",
        "Studies on the genetic effects of phthalic acid esters on cells in culture.",
    ),
    (
        "7915705",
        "Eagon",
        "PK",
        1994,
        None,
        "International journal of cancer",
        "Int J Cancer",
        "Int J Cancer",
        "Di(2-ethylhexyl)phthalate-induced changes in liver estrogen metabolism and hyperplasia.",
    ),
    (
        "1979936",
        "Gerbracht",
        "U",
        1990,
        None,
        "Carcinogenesis",
        "Carcinogenesis",
        "Carcinogenesis",
        "Di(2-ethylhexyl)phthalate alters carbohydrate enzyme activities and foci incidence in rat liver.",
    ),
    (
        "10828276",
        "David",
        "RM",
        2000,
        None,
        "Toxicological sciences : an official journal of the Society of Toxicology",
        "Toxicol Sci",
        "Toxicol Sci",
        "Chronic toxicity of di(2-ethylhexyl)phthalate in rats.",
    ),
    (
        "10658653",
        "Hirose",
        "I",
        2000,
        None,
        "Microbiology (Reading, England)",
        "Microbiology (Reading, Engl.)",
        "Microbiology",
        "Proteome analysis of Bacillus subtilis extracellular proteins: a two-dimensional protein electrophoretic study.",
    ),
    (
        "3554467",
        "Perera",
        "MI",
        1987,
        None,
        "Toxicologic pathology",
        "Toxicol Pathol",
        "Toxicol Pathol",
        "Free radical injury and liver tumor promotion.",
    ),
    (
        "9207284",
        "Rao",
        "KN",
        1997,
        None,
        "Gastroenterology",
        "Gastroenterology",
        "Gastroenterology",
        "Hepatic hyperplasia and cancer in rats: metabolic alterations associated with cell growth.",
    ),
    (
        "8817083",
        "Huber",
        "WW",
        1996,
        None,
        "Critical reviews in toxicology",
        "Crit Rev Toxicol",
        "Crit Rev Toxicol",
        "Hepatocarcinogenic potential of di(2-ethylhexyl)phthalate in rodents and its implications on human risk.",
    ),
    (
        "3802057",
        "Cattley",
        "RC",
        1986,
        None,
        "Cancer letters",
        "Cancer Lett",
        "Cancer Lett",
        "Effect of peroxisome proliferator carcinogens on unscheduled DNA synthesis in rat hepatocytes determined by autoradiography.",
    ),
    (
        "8104013",
        "Wysynski",
        "AM",
        1993,
        None,
        "Human & experimental toxicology",
        "Hum Exp Toxicol",
        "Hum Exp Toxicol",
        "Interactive potential of omega-3 fatty acids with clofibrate or DEHP on hepatic peroxisome proliferation in male Wistar rats.",
    ),
    (
        "99598",
        "Schütterle",
        "G",
        1978,
        None,
        "Kidney international. Supplement",
        "Kidney Int Suppl",
        "Kidney Int Suppl",
        "Enzyme induction in the uremic liver.",
    ),
    (
        "36987902",
        "Bruserud",
        "Ø",
        2023,
        2023,
        "Acta anaesthesiologica Scandinavica",
        "Acta Anaesthesiol Scand",
        "Acta Anaesthesiol Scand",
        "Burn injury in Norway.",
    ),
    (
        "36727757",
        "van den Berg",
        "FF",
        2023,
        2023,
        "Pancreatology : official journal of the "
        "International Association of Pancreatology (IAP) ... [et al.]",
        "Pancreatology",
        "Pancreatology",
        "Surgical treatment of chronic pancreatitis.",
    ),
]

_SMALL = {"of", "the", "and", "for", "in", "on", "et", "de", "auf", "dem", "der"}


def _record(row: tuple[object, ...]) -> PubMedRecord:
    pmid, last, ini, pub, epub, full, iso, ta, title = row
    assert isinstance(last, str) and isinstance(ini, str)
    return PubMedRecord(
        pmid=str(pmid),
        title=str(title),
        authors=(PersonName(last, ini), PersonName("Other", "A")),
        journal_title=str(full),
        iso_abbreviation=str(iso),
        medline_ta=str(ta),
        pub_year=pub if isinstance(pub, int) else None,
        epub_year=epub if isinstance(epub, int) else None,
    )


def _publisher(full: str) -> str:
    main = re.sub(r"\([^)]*\)", "", re.split(r"\s+[:=]\s+|;\s", full)[0]).strip()
    return " ".join(
        w if (i and w.lower() in _SMALL) else w[:1].upper() + w[1:]
        for i, w in enumerate(main.split())
    )


@st.composite
def own_facts(draw: st.DrawFn) -> tuple[PubMedRecord, Claim]:
    record = _record(draw(st.sampled_from(ROWS)))
    first = record.authors[0]
    surname = draw(
        st.sampled_from([first.last_name, first.last_name.upper(), first.last_name.lower()])
    )
    initials = draw(st.sampled_from([first.initials, first.initials[:1], ""]))
    years = [y for y in (record.pub_year, record.epub_year) if y is not None]
    journals = [*record.journal_names, _publisher(record.journal_title)]
    claim = Claim(
        authors=(f"{surname} {initials}".strip(),),
        author_names=(PersonName(surname, initials),),
        et_al=draw(st.booleans()),
        year=draw(st.sampled_from([*years, None])),
        journal=draw(st.sampled_from([*journals, None])),
        title=draw(st.sampled_from([record.title, record.title.upper(), None])),
    )
    return record, claim


@settings(max_examples=300, deadline=None)
@given(own_facts())
def test_claim_from_own_facts_is_clean(case: tuple[PubMedRecord, Claim]) -> None:
    record, claim = case
    findings = compare_citation(Citation(record.pmid, claim), record, current_year=2026)
    assert all(f.severity is Severity.INFO for f in findings), findings
    assert status_for(findings) is Status.VERIFIED


_LETTERS = st.sampled_from(list("abcdefghijklmnopqrstuvwxyzäöüéèçñøłßæåšžčőű"))


@st.composite
def generated(draw: st.DrawFn) -> tuple[PubMedRecord, Claim]:
    word = st.lists(_LETTERS, min_size=1, max_size=12).map("".join)
    surname = draw(st.lists(word, min_size=1, max_size=3).map(" ".join)).title()
    initials = draw(st.text(alphabet="ABCDEFGHJKLMNPRSTUVW", min_size=0, max_size=3))
    journal = draw(st.lists(word, min_size=1, max_size=6).map(" ".join)).capitalize()
    title = draw(st.lists(word, min_size=3, max_size=15).map(" ".join)).capitalize() + "."
    pub = draw(st.integers(1950, 2026))
    epub = draw(st.one_of(st.none(), st.integers(pub - 1, pub)))
    record = PubMedRecord(
        pmid="1",
        title=title,
        authors=(PersonName(surname, initials),),
        journal_title=journal,
        pub_year=pub,
        epub_year=epub,
    )
    claim = Claim(
        authors=(f"{surname} {initials}".strip(),),
        author_names=(PersonName(surname, initials[:1]),),
        year=draw(st.sampled_from([pub, epub or pub])),
        journal=journal,
        title=title,
    )
    return record, claim


@settings(max_examples=300, deadline=None)
@given(generated())
def test_generated_own_facts_are_clean(case: tuple[PubMedRecord, Claim]) -> None:
    record, claim = case
    findings = compare_citation(Citation(record.pmid, claim), record, current_year=2026)
    assert status_for(findings) is Status.VERIFIED, findings
