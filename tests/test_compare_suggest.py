"""esearch terms and candidate ranking for the paper a page meant."""

from __future__ import annotations

from refcheck.compare.suggest import rank_candidates, search_terms
from refcheck.models import Claim, PersonName, PubMedRecord

NOW = 2026

CLAIM = Claim(
    authors=("Eichenberger U",),
    author_names=(PersonName("Eichenberger", "U"),),
    et_al=True,
    year=2008,
    journal="Anesth Analg",
)


def rec(pmid: str, last: str, ini: str, year: int, ta: str, full: str, title: str) -> PubMedRecord:
    return PubMedRecord(
        pmid=pmid,
        title=title,
        authors=(PersonName(last, ini),),
        journal_title=full,
        iso_abbreviation=ta,
        medline_ta=ta,
        pub_year=year,
    )


RIGHT = rec(
    "18349204",
    "Eichenberger",
    "U",
    2008,
    "Anesth Analg",
    "Anesthesia and analgesia",
    "Chronic phantom limb pain: the effects of calcitonin, ketamine, and their combination.",
)
SAME_AUTHOR_OTHER_JOURNAL = rec(
    "18000001",
    "Eichenberger",
    "U",
    2008,
    "Br J Pain",
    "British journal of pain",
    "Ultrasound guided nerve blocks.",
)
OTHER_YEAR = rec(
    "17000001",
    "Eichenberger",
    "U",
    2006,
    "Anesth Analg",
    "Anesthesia and analgesia",
    "Something else.",
)
OTHER_AUTHOR = rec(
    "18000002",
    "Smith",
    "J",
    2008,
    "Anesth Analg",
    "Anesthesia and analgesia",
    "Something else again.",
)


def test_search_terms_most_specific_first() -> None:
    terms = search_terms(CLAIM)
    assert terms[0] == 'Eichenberger U[1au] AND 2008[dp] AND "Anesth Analg"[ta]'
    assert terms[1] == "Eichenberger U[1au] AND 2008[dp]"
    assert len(set(terms)) == len(terms)


def test_search_terms_with_title_and_full_journal() -> None:
    claim = Claim(
        authors=("Schütterle G",),
        author_names=(PersonName("Schütterle", "G"),),
        year=1978,
        journal="Anesthesia & Analgesia (Cleveland)",
        title="Chronic phantom limb pain: the effects of calcitonin and ketamine",
    )
    terms = search_terms(claim)
    assert terms[0] == 'Schutterle G[1au] AND 1978[dp] AND "Anesthesia and Analgesia"[ta]'
    assert any("phantom[ti]" in t and "calcitonin[ti]" in t and "[1au]" in t for t in terms)
    assert any(t.startswith("chronic[ti]") and "1978[dp]" in t for t in terms)


def test_search_terms_collective_and_sparse() -> None:
    claim = Claim(author_names=(PersonName("GBD 2013 Collaborators", collective=True),), year=2015)
    assert search_terms(claim)[0] == '"GBD 2013 Collaborators"[cn] AND 2015[dp]'
    assert search_terms(Claim()) == ()
    # journal running into volume and pages
    claim = Claim(authors=("Eichenberger U",), year=2008, journal="Anesth Analg 2008;106:1265")
    assert search_terms(claim)[0].endswith('"Anesth Analg"[ta]')


def test_rank_picks_the_only_fitting_candidate() -> None:
    pool = [OTHER_AUTHOR, SAME_AUTHOR_OTHER_JOURNAL, RIGHT, OTHER_YEAR]
    assert rank_candidates(CLAIM, pool, current_year=NOW) == "18349204"


def test_rank_none_when_nothing_fits() -> None:
    assert rank_candidates(CLAIM, [OTHER_AUTHOR, OTHER_YEAR], current_year=NOW) is None
    assert rank_candidates(CLAIM, [], current_year=NOW) is None


def test_rank_none_when_ambiguous() -> None:
    twin = rec(
        "18349999",
        "Eichenberger",
        "U",
        2008,
        "Anesth Analg",
        "Anesthesia and analgesia",
        "A second paper the same year.",
    )
    assert rank_candidates(CLAIM, [RIGHT, twin], current_year=NOW) is None


def test_title_breaks_the_tie() -> None:
    twin = rec(
        "18349999",
        "Eichenberger",
        "U",
        2008,
        "Anesth Analg",
        "Anesthesia and analgesia",
        "A second paper the same year.",
    )
    claim = Claim(
        author_names=CLAIM.author_names,
        year=2008,
        journal="Anesth Analg",
        title="Chronic phantom limb pain: effects of calcitonin and ketamine",
    )
    assert rank_candidates(claim, [twin, RIGHT], current_year=NOW) == "18349204"


def test_rank_needs_two_facts() -> None:
    claim = Claim(author_names=(PersonName("Eichenberger", "U"),))
    assert rank_candidates(claim, [RIGHT], current_year=NOW) is None


def test_title_terms_drop_a_one_word_section_label() -> None:
    # Science's news pieces: "Genetics. DNA test ..." (Couzin 2008, PMID 18927361)
    terms = search_terms(Claim(title="Genetics. DNA test for breast cancer risk draws criticism"))
    assert any("breast[ti]" in t for t in terms)
    assert not any("genetics[ti]" in t for t in terms)
