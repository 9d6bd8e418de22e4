"""A journal's dotted abbreviations and the year alone (`N. Engl. J. Med. 2015.`, ahead of
print, or ACS's `N. Engl. J. Med. 2015, 372, 1866.`), or a journal whose first words read
as a name (`World J. Gastroenterol. 2019 Nov;25(20):2402-2415.`), over the project's real
records (fixtures/records).

The journal's words were read as a name: `N. Engl` the author and `Med` the journal,
`World J` the author and the date a title, "not the cited paper" on right citations (the
five alarms of the `source-line` style in test_styles_real_records). Right ones must
verify; a wrong year and another journal must be flagged; names before a year stay names.
"""

from __future__ import annotations

import pytest

from refcheck.extract import reference
from refcheck.extract.reference import parse_reference
from refcheck.models import Field, PubMedRecord, Status
from style_citations import dotted_abbreviation, fixture_records, paper, verdict


def _journal(record: PubMedRecord) -> str:
    """The journal's name abbreviated with periods, as journals print it."""
    return dotted_abbreviation(record).rstrip(".")


def _abbreviated(journal: str) -> bool:
    """Three words or more, every one but the last dotted: `N. Engl. J. Med.`, `J. Clin.
    Oncol.`, `Annu. Rev. Chem. Biomol. Eng.` (not `Genome Res.` nor `Eur. Heart J.`)."""
    words = journal.split()
    return len(words) >= 3 and all(w.endswith(".") for w in words[:-1])


# a word after the initial that ISO 4 lists whole too (French `environ`), where a name has its
# surname (`X. Ye. Biochem. Biophys. Res. Commun. 1997.`): read as the name `J. Environ`
_READ_AS_A_NAME = frozenset(["J. Environ. Pathol. Toxicol. Oncol"])


def _records() -> list[PubMedRecord]:
    """The records with a volume and a journal dotted so."""
    return [
        r
        for r in fixture_records()
        if r.pub_year
        and r.volume
        and _abbreviated(_journal(r))
        and _journal(r) not in _READ_AS_A_NAME
    ]


def _first_page(record: PubMedRecord) -> str:
    return record.pages.split("-")[0]


@pytest.mark.parametrize("form", ["year", "acs"])
def test_right_journal_and_year_verify(form: str) -> None:
    records = _records()
    assert len(records) > 20
    alarms = []
    for record in records:
        text = f"{_journal(record)}. {record.pub_year}."
        if form == "acs":  # ACS: `N. Engl. J. Med. 2015, 372, 1866.`
            text = f"{text[:-1]}, {record.volume}, {_first_page(record)}."
        status, shown = verdict(text, record)
        if status is not Status.VERIFIED:
            alarms.append(f"{text} -> {shown}")
    assert alarms == []


def test_nejm_as_pubmed_abbreviates_it() -> None:
    """PubMed's own ISO abbreviation of the NEJM records: `N. Engl. J. Med.`."""
    records = [r for r in fixture_records() if r.iso_abbreviation == "N. Engl. J. Med."]
    assert len(records) >= 4
    for record in records:
        text = f"{record.iso_abbreviation} {record.pub_year}."
        claim = parse_reference(text)
        assert (claim.authors, claim.journal, claim.year) == ((), "N Engl J Med", record.pub_year)
        assert verdict(text, record)[0] is Status.VERIFIED


def test_a_wrong_year_is_flagged() -> None:
    missed = []
    for record in _records():
        text = f"{_journal(record)}. {record.pub_year + 3}."
        status, shown = verdict(text, record)
        if status is Status.VERIFIED or not any(s.startswith(Field.YEAR.value) for s in shown):
            missed.append(f"{text} -> {shown}")
    assert missed == []


def test_another_journal_is_flagged() -> None:
    records = _records()
    missed = []
    for record, other in zip(records, records[1:] + records[:1], strict=True):
        if other.medline_ta.lower() == record.medline_ta.lower():
            continue
        text = f"{_journal(other)}. {record.pub_year}."
        if verdict(text, record)[0] is Status.VERIFIED:
            missed.append(text)
    assert missed == []


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("Smith J. 2019.", "Smith J."),
        ("Smith J. 2019;12:45.", "Smith J."),
        ("J. Smith. 2019.", "J. Smith"),
        ("J. A. Smith. 2019.", "J. A. Smith"),
        ("J. A. Smith. 2019, 12, 45.", "J. A. Smith"),
        ("Chr. A. Schmidt. 2019.", "Chr. A. Schmidt"),
        ("J. Chr. Schmidt. 2019.", "J. Chr. Schmidt"),
        ("Yu. A. Ivanov. 2019.", "Yu. A. Ivanov"),
        # an initial, a surname, then a dotted journal (PMIDs 9367824, 6143560)
        ("X. Ye. Biochem. Biophys. Res. Commun. 1997.", "X. Ye"),
        ("H. Katoh. Biochem. Pharmacol. 1984.", "H. Katoh"),
        ("I. van der Pluijm et al. 2019", "I. van der Pluijm"),
        ("Wright JT Jr. 2015.", "Wright JT Jr."),
        ("WHO. 2019.", "WHO"),
        ("J. Smith, A. Jones, Ebola in the eye. N. Engl. J. Med. 2015.", "J. Smith"),
        ("Varkey JB, et al. N. Engl. J. Med. 2015.", "Varkey JB"),
        ("Varkey JB. Ebola in the eye. N. Engl. J. Med. 2015.", "Varkey JB"),
        # a name, then a journal's whole name that ISO 4 also shortens a longer word to
        ("Smith J. Cell. 2019 Nov;176(1):1-2.", "Smith J"),
        ("Smith J. Pain. 2019 Nov;160(1):1-2.", "Smith J"),
        ("Smith J. Sleep. 2019 Nov;42(11):1-2.", "Smith J"),
    ],
)
def test_names_before_a_year_stay_names(text: str, first: str) -> None:
    """A name's periods follow its initials (or shorten a given name: `Chr.`, `Yu.`), and
    names, a title, then the journal are read as such."""
    assert parse_reference(text).authors[:1] == (first,)


@pytest.mark.parametrize("title", ["Obesity", "Erratum", "Hypertension"])
def test_a_title_before_the_journal_is_no_journal(title: str) -> None:
    """`Obesity. N. Engl. J. Med. 2015.`: a title's word is no abbreviation, and the title
    and journal are not read as one journal "Obesity N Engl J Med"."""
    claim = parse_reference(f"{title}. N. Engl. J. Med. 2015.")
    assert claim.journal is None or not claim.journal.startswith(title)


# PMID 31171885, whose ISO abbreviation PubMed dots: `World J. Gastroenterol.`
CHARLESWORTH_2019 = paper(
    "31171885",
    "From 2-dimensional to 3-dimensional: Overcoming dilemmas in intestinal mucosal "
    "interpretation.",
    ("World journal of gastroenterology", "World J. Gastroenterol.", "World J Gastroenterol"),
    "Charlesworth RP",
    "Marsh MN",
    year=2019,
)
# PMID 16855774 (fixtures/records), `Asian J. Androl.` dotted
MIURA_2007 = next(r for r in fixture_records() if r.pmid == "16855774")


@pytest.mark.parametrize(
    ("text", "record"),
    [
        ("World J. Gastroenterol. 2019 Nov;25(20):2402-2415.", CHARLESWORTH_2019),
        ("World J. Gastroenterol. 2019;25(20):2402-2415.", CHARLESWORTH_2019),
        ("World J. Gastroenterol. 2019.", CHARLESWORTH_2019),
        ("Asian J. Androl. 2007 Mar;9(2):199-205.", MIURA_2007),
        ("Asian J. Androl. 2007.", MIURA_2007),
    ],
)
def test_a_journal_whose_first_words_read_as_a_name(text: str, record: PubMedRecord) -> None:
    """`World J`, `Asian J` read as PubMed's names; the word after them is one ISO 4
    shortens a journal's word to (`Gastroenterol.`, `Androl.`), which no name or title is."""
    claim = parse_reference(text)
    assert (claim.authors, claim.year) == ((), record.pub_year)
    assert verdict(text, record)[0] is Status.VERIFIED
    wrong_year = text.replace(str(record.pub_year), str(record.pub_year - 2), 1)
    assert any(s.startswith(Field.YEAR.value) for s in verdict(wrong_year, record)[1])
    other = text.replace(text.split(". ")[1], "Surg", 1)  # `World J. Surg.`, another journal
    assert verdict(other, record)[0] is not Status.VERIFIED


def test_a_name_then_its_journal_stays_a_name() -> None:
    """`Lake B. Toxicology. 1976 Nov-Dec;6(3):341-56.`: a name in PubMed's form, then the
    journal's name in full, not shortened: the name is the author (it verified so before)."""
    alarms = []
    for record in fixture_records():
        if not (record.volume and record.pages and record.authors and record.pub_date):
            continue
        if len(record.medline_ta.split()) != 1 or record.authors[0].collective:
            continue
        name = record.authors[0]
        issue = f"({record.issue})" if record.issue else ""
        where = f"{record.pub_date};{record.volume}{issue}:{record.pages}"
        text = f"{name.last_name} {name.initials[:1]}. {record.medline_ta}. {where}."
        claim = parse_reference(text)
        if not claim.authors or verdict(text, record)[0] is not Status.VERIFIED:
            alarms.append(f"{text} -> {claim.authors}")
    assert alarms == []


def test_entries_with_no_dotted_run_never_load_the_word_list() -> None:
    """ISO 4's word list costs 0.2 s and 12 MB to load: only an entry that has a dotted run
    before its year may need it. A one-word or capitalised head (`Anonymous 1976, ...`,
    `PHILLIPS H 1976, ...`: the bench's pages) loaded it on every run."""
    reference._title_word_abbreviations.cache_clear()
    for text in (
        "Anonymous 1976, Biochimica et Biophysica Acta Title of the paper. (PMID 1)",
        "PHILLIPS H 1976, Journal of Physiology Title of the paper. (PMID 2)",
        "Makar AB et al. 1975, Biochemical Medicine Formate assay in body fluids.",
        "Smith J. 2019.",
        "Hall N, Eldabe S. Title. Br J Pain. 2018 Nov;12(4):202-207.",
    ):
        parse_reference(text)
    assert reference._title_word_abbreviations.cache_info().misses == 0
