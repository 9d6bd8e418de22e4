"""First-author and co-author rules (names from real PubMed records)."""

from __future__ import annotations

import pytest

from refcheck.compare import compare_authors
from refcheck.compare.authors import initials_compatible, same_surname
from refcheck.compare.text import damerau_levenshtein, fold
from refcheck.models import Claim, Field, PersonName, PubMedRecord, Severity, Status
from style_citations import paper, verdict


def P(last: str, initials: str = "", fore: str = "", *, collective: bool = False) -> PersonName:
    return PersonName(last_name=last, initials=initials, fore_name=fore, collective=collective)


def rec(*authors: PersonName, complete: bool = True) -> PubMedRecord:
    return PubMedRecord(pmid="1", title="T", authors=authors, author_list_complete=complete)


def claim(*names: PersonName, written: tuple[str, ...] = (), et_al: bool = False) -> Claim:
    return Claim(
        authors=written or tuple(n.display() for n in names), author_names=names, et_al=et_al
    )


# PMID 99598: Leber HW; Gleumes L; Schütterle G
LEBER = rec(P("Leber", "HW", "H W"), P("Gleumes", "L"), P("Schütterle", "G"))
# PMID 18349204 (the seed page): Eichenberger U et al.
EICH = rec(
    P("Eichenberger", "U", "Ulrike"),
    P("Neff", "S"),
    P("Sveticic", "G"),
    P("Björgo", "S"),
    P("Petersen-Felix", "S"),
    P("Arendt-Nielsen", "L"),
    P("Curatolo", "M"),
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Schütterle", "Schütterle"),
        ("Schutterle", "Schütterle"),
        ("Schuetterle", "Schütterle"),
        ("SCHÜTTERLE", "Schütterle"),
        ("Sorensen", "Sørensen"),  # PMID 11950162
        ("Soerensen", "Sørensen"),  # the Danish transliteration
        ("Aagaard", "Ågaard"),
        ("Lastowska", "Łastowska"),  # PMID 27454254
        ("Hasenfuss", "Hasenfuß"),  # PMID 38878148
        ("Hasenfuss", "Hasenfuss"),
        ("Bruserud", "Bruserud"),
        ("Yavasoglu", "Yavaşoğlu"),  # PMID 22936646
        ("Kizilgun", "Kızılgün"),  # PMID 24180374
        ("Zupancic", "Zupančič"),  # PMID 39366958
        ("OBrien", "O'Brien"),
        ("O Brien", "O'Brien"),
        ("OShea", "O'Shea"),  # PMID 37552767
        ("vanderBerg", "van der Berg"),
        ("Van Der Berg", "van der Berg"),
        ("Berg", "van den Berg"),  # PMID 36727757: particle dropped
        ("van den Berg", "Berg"),
        ("Pluijm", "van der Pluijm"),  # PMID 17326724
        ("Neve", "De Neve"),  # PMID 24349601
        ("Mc Donald", "McDonald"),
        ("García", "García-Márquez"),
        ("Garcia", "García Márquez"),
        ("Montero", "Montero Ruiz"),  # PMID 21813142
        ("Costa Matos", "Costa-Matos"),  # PMID 23657305
        ("Carrillo Larco", "Carrillo-Larco"),  # PMID 26228458
        ("Soo Hoo", "Soo Hoo"),  # PMID 25946293
        ("SooHoo", "Soo Hoo"),
        ("Qahtani", "Al-Qahtani"),
    ],
)
def test_same_surname(a: str, b: str) -> None:
    assert same_surname(a, b)


@pytest.mark.parametrize(
    ("a", "b"), [("Smith", "Smyth"), ("Li", "Lu"), ("Berg", "Bergman"), ("Garcia", "Marquez-Lopez")]
)
def test_different_surname(a: str, b: str) -> None:
    assert not same_surname(a, b)


@pytest.mark.parametrize(
    ("a", "b", "ok"),
    [
        ("U", "U", True),
        ("MJ", "M", True),
        ("M", "MJ", True),
        ("UA", "UB", False),
        ("", "RM", True),
        ("J", "M", False),
        ("JP", "JP", True),
    ],
)
def test_initials_compatible(a: str, b: str, ok: bool) -> None:
    assert initials_compatible(a, b) is ok


def test_fold_handles_special_letters() -> None:
    assert fold("Øster Łódź Straße Æble Đuro Þór") == "oster lodz strasse aeble duro thor"
    assert fold("Schütterle", german=True) == "schuetterle"
    assert (
        fold("Eichen\u200bberger Eichen\u00adberger \ufeffNeff") == "eichenberger eichenberger neff"
    )
    assert damerau_levenshtein("Eichenberger", "Eichenbreger") == 1


@pytest.mark.parametrize(
    ("name", "record"),
    [
        (P("Eichenberger", "U"), EICH),
        (P("Eichenberger", fore="Ulrike"), EICH),  # initials from a full fore name
        (P("Eichenberger", "UA"), EICH),  # prefix either way
        (P("Eichenberger"), EICH),  # no initials on the page
        (P("Schutterle", "G"), rec(P("Schütterle", "G"))),
        (P("Leber", "H"), LEBER),
        (P("Leber", "HW"), LEBER),
        (P("Berg", "FF"), rec(P("van den Berg", "FF"), P("Boermeester", "MA"))),
        (P("Montero", "E"), rec(P("Montero Ruiz", "E"), P("Gómez Ayerbe", "C"))),
        (P("Bruserud", "O"), rec(P("Bruserud", "Ø"), P("Arnes", "K"))),  # PMID 36987902
        (
            P("Smith", "J", "John"),
            rec(
                P(
                    "Smith",
                    "J",
                    "John",
                ),
                P("Doe", "A"),
            ),
        ),
        (
            P("National Toxicology Program", collective=True),
            rec(P("National Toxicology Program", collective=True)),
        ),  # PMID 12748680
        (P("National Toxicology Program"), rec(P("National Toxicology Program", collective=True))),
        (
            P("GBD 2013 Collaborators", collective=True),
            rec(P("GBD 2013 Mortality and Causes of Death Collaborators", collective=True)),
        ),
        (
            P("Centers for Disease Control and Prevention", collective=True),
            rec(P("Centers for Disease Control and Prevention (CDC)", collective=True)),
        ),
    ],
)
def test_first_author_clean(name: PersonName, record: PubMedRecord) -> None:
    assert compare_authors(claim(name), record) == ()


def test_misspelt_first_author_is_warning_with_right_spelling() -> None:
    (f,) = compare_authors(claim(P("Eichenburger", "U"), written=("Eichenburger U",)), EICH)
    assert (f.field, f.severity) == (Field.AUTHOR, Severity.WARNING)
    assert f.actual == "Eichenberger U" and f.claimed == "Eichenburger U"
    assert 'first author is "Eichenberger U" in PubMed, the page says "Eichenburger U"' in f.message


@pytest.mark.parametrize(
    ("name", "record"),
    [
        (P("Schuterle", "G"), rec(P("Schütterle", "G"))),
        (P("Garberg", "P"), rec(P("Garburg", "P"))),
        (P("Tomaszewski", "KE"), rec(P("Tomaszewsky", "KE"))),
        (P("Kluwe", "WM"), rec(P("Kluve", "WM"))),
        (P("Yatsenko", "AN"), rec(P("Yatzenko", "AN"))),
    ],
)
def test_misspellings(name: PersonName, record: PubMedRecord) -> None:
    (f,) = compare_authors(claim(name), record)
    assert f.severity is Severity.WARNING and "misspelt" in f.message


def test_different_initials_is_warning() -> None:
    (f,) = compare_authors(claim(P("Eichenberger", "UB")), rec(P("Eichenberger", "UA")))
    assert f.severity is Severity.WARNING and "different initials" in f.message


def test_not_first_author_is_warning_with_position() -> None:
    (f,) = compare_authors(claim(P("Sveticic", "G")), EICH)
    assert f.severity is Severity.WARNING
    assert "listed as author 3 of 7" in f.message
    assert f.actual == "Eichenberger U"


def test_not_first_with_diacritics_and_particle() -> None:
    (f,) = compare_authors(claim(P("Bjorgo", "S")), EICH)
    assert "author 4 of 7" in f.message
    r = rec(P("Montalbán-López", "M"), P("Scott", "TA"), P("van der Donk", "WA"))
    (f,) = compare_authors(claim(P("Donk", "WA")), r)
    assert "author 3 of 3" in f.message


def test_collective_later_in_list() -> None:
    # PMID 27789571: ... Catapano AL; European Society of Cardiology (ESC); ...
    r = rec(
        P("Landmesser", "U"),
        P("Catapano", "AL"),
        P("European Society of Cardiology (ESC)", collective=True),
    )
    (f,) = compare_authors(claim(P("European Society of Cardiology", collective=True)), r)
    assert f.severity is Severity.WARNING and "author 3 of 3" in f.message


@pytest.mark.parametrize(
    ("name", "record"),
    [
        (P("Smith", "J"), EICH),
        (P("Li", "X"), rec(P("Lu", "X"))),  # short names: a different person, not a typo
        (P("Wang", "Y"), rec(P("Zhang", "M"))),
        (P("GBD 2013 Collaborators", collective=True), EICH),
    ],
)
def test_different_person_is_error(name: PersonName, record: PubMedRecord) -> None:
    (f,) = compare_authors(claim(name), record)
    assert f.severity is Severity.ERROR
    assert f.actual == record.authors[0].display()


def test_no_author_list_is_info_never_error() -> None:
    (f,) = compare_authors(claim(P("Smith", "J")), rec())  # editorial, PMID 25946303
    assert f.severity is Severity.INFO and "PubMed lists no authors" in f.message


def test_page_without_author_gives_nothing() -> None:
    assert compare_authors(Claim(), EICH) == ()
    assert compare_authors(Claim(year=2008), rec()) == ()


def test_two_author_claim_checks_second() -> None:
    r = rec(P("Hall", "N"), P("Eldabe", "S"))
    assert compare_authors(claim(P("Hall", "N"), P("Eldabe", "S")), r) == ()
    (f,) = compare_authors(claim(P("Hall", "N"), P("Jones", "S")), r)
    assert f.severity is Severity.WARNING and '"Jones S" is not among the authors' in f.message
    (f,) = compare_authors(claim(P("Hall", "N"), P("Eldaby", "S")), r)
    assert f.severity is Severity.WARNING and f.actual == "Eldabe S"


def test_second_author_missing_from_truncated_list_is_info() -> None:
    r = rec(P("Hall", "N"), complete=False)
    (f,) = compare_authors(claim(P("Hall", "N"), P("Eldabe", "S")), r)
    assert f.severity is Severity.INFO


def test_et_al_never_flagged() -> None:
    assert compare_authors(claim(P("Eichenberger", "U"), et_al=True), EICH) == ()


def test_unparsed_written_authors_fall_back() -> None:
    c = Claim(authors=("Eichenberger U.",))
    assert compare_authors(c, EICH) == ()
    c = Claim(authors=("Hall, N.", "Eldabe S"))
    assert compare_authors(c, rec(P("Hall", "N"), P("Eldabe", "S"))) == ()
    (f,) = compare_authors(Claim(authors=("Smith J",)), EICH)
    assert f.severity is Severity.ERROR


def test_suffix_ignored() -> None:
    name = PersonName(last_name="Fornace", initials="AJ", suffix="Jr")
    assert compare_authors(claim(name), rec(P("Fornace", "AJ"))) == ()
    assert compare_authors(claim(P("Fornace Jr", "AJ")), rec(P("Fornace", "AJ"))) == ()


def test_no_co_author_warning_when_first_author_is_another_person() -> None:
    # apa.html, PMID 18349204 cited as "Smith, J. A., & Jones, R.": one problem, one finding
    (f,) = compare_authors(claim(P("Smith", "JA"), P("Jones", "R")), EICH)
    assert f.severity is Severity.ERROR and "Smith" in f.message
    # a right first author still has its co-authors checked
    (g,) = compare_authors(claim(P("Eichenberger", "U"), P("Jones", "R")), EICH)
    assert g.severity is Severity.WARNING and "Jones R" in g.message


def test_bounded_edit_distance_answers_within_k_exactly() -> None:
    import itertools

    words = ["".join(p) for n in range(6) for p in itertools.product("ab", repeat=n)]
    for a, b in itertools.product(words[::3], words[::2]):
        full = damerau_levenshtein(a, b)
        for k in range(4):
            bounded = damerau_levenshtein(a, b, k)
            assert (bounded <= k) == (full <= k), (a, b, k)
            if full <= k:
                assert bounded == full


@pytest.mark.parametrize(
    ("written", "actual"),
    [
        ("Montero Ruiz et al.", PersonName("Montero Ruiz", "E")),  # PMID 21813142
        ("Soo Hoo et al.", PersonName("Soo Hoo", "GW")),  # PMID 25946293
        ("De Neve et al.", PersonName("De Neve", "JE")),  # PMID 24349601
    ],
)
def test_a_compound_surname_without_initials_is_the_surname(
    written: str, actual: PersonName
) -> None:
    """Two capitalised words read as a given name and a surname (`Urs Eichenberger`) are,
    when the record says so, one compound surname: it was an author warning."""
    from refcheck.extract.names import parse_author_list

    _, names, et_al = parse_author_list(written)
    claim = Claim(authors=(written.removesuffix(" et al."),), author_names=names, et_al=et_al)
    assert compare_authors(claim, rec(actual, PersonName("Other", "A"))) == ()
    # another compound surname is still another author
    assert compare_authors(claim, rec(PersonName("Montero Diaz", "E")))


def test_co_authors_found_wherever_the_page_lists_them() -> None:
    """Each co-author is looked for first where the page lists it (a right list of 270
    authors took a second per citation when every name was compared with all the others);
    a name listed elsewhere is still found, a misspelt one still reported."""
    from refcheck.compare.authors import Match, match

    record = PubMedRecord(
        pmid="1",
        title="T",
        authors=tuple(PersonName(n, "A") for n in ("Hall", "Eldabe", "Krystal", "Kaye")),
    )
    swapped = Claim(authors=("Hall A", "Kaye A", "Eldabe A", "Krystal A"))
    assert compare_authors(swapped, record) == ()
    misspelt = Claim(authors=("Hall A", "Eldabe A", "Krystall A"))
    (finding,) = compare_authors(misspelt, record)
    assert finding.severity is Severity.WARNING and finding.actual == "Krystal A"
    krystall, krystal = PersonName("Krystall", "A"), PersonName("Krystal", "A")
    assert match(krystall, krystal) is Match.CLOSE
    assert match(krystall, krystal, close=False) is Match.NONE


# PMID 26551272 (SPRINT, N Engl J Med 2015): SPRINT Research Group; Wright JT Jr; Williamson JD; ...
SPRINT = rec(
    P("SPRINT Research Group", collective=True),
    P("Wright", "JT"),
    P("Williamson", "JD"),
    P("Whelton", "PK"),
)


def test_first_person_after_the_groups_pubmed_lists_first() -> None:
    # pages drop the group and cite the persons in order: `Wright JT Jr, Williamson JD, et al.`
    names = (P("Wright", "JT"), P("Williamson", "JD"))
    assert compare_authors(claim(*names, et_al=True), SPRINT) == ()
    # a later person cited first is still out of order, another person still a different one
    (f,) = compare_authors(claim(P("Williamson", "JD")), SPRINT)
    assert f.severity is Severity.WARNING and "author 3 of 4" in f.message
    # the editor is told whom to cite first: the group, and the person pages name after it
    assert f.message.endswith(
        'the first author is "SPRINT Research Group", and its first person "Wright JT"'
    )
    (f,) = compare_authors(claim(P("Cushman", "WC")), SPRINT)
    assert f.severity is Severity.ERROR


# PMID 21714641 (NLST, N Engl J Med 2011), PMID 34964875 (Diabetes Care 2022)
NLST = rec(P("National Lung Screening Trial Research Team", collective=True), P("Aberle", "DR"))
ADA = rec(P("American Diabetes Association Professional Practice Committee", collective=True))


# PMID 16410761 (MMWR 2006): the group and its acronym, as PubMed writes it
CDC = rec(P("Centers for Disease Control and Prevention (CDC)", collective=True))


@pytest.mark.parametrize(
    ("written", "record"),
    [
        ("NLST Research Team", NLST),
        ("American Diabetes Association (ADA)", ADA),
        ("ADA Professional Practice Committee", ADA),
        ("CDC", CDC),
        ("Centers for Disease Control and Prevention", CDC),
    ],
)
def test_a_group_named_by_its_acronym(written: str, record: PubMedRecord) -> None:
    """An acronym of the group's words, in order (`of`, `and` left out), is those words:
    `NLST Research Team` was "no such author on this record", an error."""
    assert compare_authors(claim(P(written, collective=True)), record) == ()


@pytest.mark.parametrize(
    ("written", "record"),
    [
        ("NCI Research Team", NLST),
        ("AHA Professional Practice Committee", ADA),
        ("American Heart Association (AHA)", ADA),
        ("WHO", CDC),
        ("NIH", CDC),
    ],
)
def test_an_acronym_of_other_words_is_another_group(written: str, record: PubMedRecord) -> None:
    (f,) = compare_authors(claim(P(written, collective=True)), record)
    assert f.severity is Severity.ERROR


# PMID 12117397 (JAMA 2002): Rossouw JE; Anderson GL; ...; Writing Group for the Women's
# Health Initiative Investigators (12 persons, then the group)
WHI = rec(
    P("Rossouw", "JE"),
    P("Anderson", "GL"),
    P("Prentice", "RL"),
    P("Writing Group for the Women's Health Initiative Investigators", collective=True),
)


@pytest.mark.parametrize(
    "written",
    ["Writing Group for the Women's Health Initiative Investigators", "WHI Writing Group"],
)
def test_a_study_group_pubmed_lists_last_is_the_byline(written: str) -> None:
    """JAMA printed the paper under the group's name, and pages cite it so: "listed as
    author 13 of 13" was a warning on a right citation (test_collective_later_in_list: a
    society so listed is still one)."""
    assert compare_authors(claim(P(written, collective=True)), WHI) == ()
    other = P(
        "Writing Group for the Heart and Estrogen/progestin Replacement Study", collective=True
    )
    (f,) = compare_authors(claim(other), WHI)
    assert f.severity is Severity.ERROR
    (f,) = compare_authors(claim(P("Anderson", "GL")), WHI)
    assert f.severity is Severity.WARNING and "author 2 of 4" in f.message


@pytest.mark.parametrize(
    ("written", "record"),
    [
        # the study's name differs, the words every group's name has agree (5 of 6 words)
        ("Writing Group for the ESPRIT Investigators", WHI),
        ("Writing Group for the PREDIMED Investigators", WHI),
        # another round of the study (GBD 2017, PMID 30496104, is another paper)
        (
            "GBD 2017 Diseases and Injuries Collaborators",
            rec(P("GBD 2019 Diseases and Injuries Collaborators", collective=True)),
        ),
        (
            "GBD 2019 Diseases and Injuries Collaborators",
            rec(P("GBD 2017 Diseases and Injuries Collaborators", collective=True)),
        ),
    ],
)
def test_another_study_s_group_is_not_the_record_s(written: str, record: PubMedRecord) -> None:
    """A group's name agreeing with the record's in 4 of 5 words, or in its group words
    only, matched: another study's group passed as the byline (35d2c18), another GBD
    round's as the first author (its `and` kept whole, ef188f6)."""
    (f,) = compare_authors(claim(P(written, collective=True)), record)
    assert f.severity is Severity.ERROR
    right = record.authors[-1].last_name
    assert compare_authors(claim(P(right, collective=True)), record) == ()


def group(name: str) -> PubMedRecord:
    return rec(P(name, collective=True))


# PMID 18539917 (N Engl J Med 2008): Action to Control Cardiovascular Risk in Diabetes Study
# Group; Gerstein HC; Miller ME; ...
ACCORD = rec(
    P("Action to Control Cardiovascular Risk in Diabetes Study Group", collective=True),
    P("Gerstein", "HC"),
    P("Miller", "ME"),
)


@pytest.mark.parametrize(
    ("written", "record"),
    [
        ("ACCORD Study Group", ACCORD),
        (
            "SPRINT Research Group",
            group("Systolic Blood Pressure Intervention Trial Research Group"),
        ),
        (
            "ALLHAT Collaborative Research Group",
            group(
                "Antihypertensive and Lipid-Lowering Treatment to Prevent Heart Attack Trial "
                "Collaborative Research Group"
            ),
        ),
        ("UKPDS Group", group("UK Prospective Diabetes Study Group")),
        ("DCCT Research Group", group("Diabetes Control and Complications Trial Research Group")),
    ],
)
def test_a_trial_s_acronym_spelt_by_the_starts_of_its_words(
    written: str, record: PubMedRecord
) -> None:
    """ACCORD takes two letters from some words (ACtion, COntrol) and none from others
    (Cardiovascular): `ACCORD Study Group` was "no such author on this record", an ERROR
    on the byline of one of the most cited diabetes trials."""
    assert compare_authors(claim(P(written, collective=True)), record) == ()


def test_the_accord_byline_as_pages_cite_it() -> None:
    accord = paper(
        "18539917",
        "Effects of intensive glucose lowering in type 2 diabetes.",
        ("The New England journal of medicine", "N Engl J Med", "N Engl J Med"),
        *ACCORD.authors,
        year=2008,
    )
    cited = (
        "ACCORD Study Group; Gerstein HC, Miller ME, et al. Effects of intensive glucose "
        "lowering in type 2 diabetes. N Engl J Med. 2008;358(24):2545-59."
    )
    assert verdict(cited, accord) == (Status.VERIFIED, [])
    status, shown = verdict(cited.replace("ACCORD", "ADVANCE"), accord)
    assert status is Status.MISMATCH and shown[0].startswith("author: first author is")


@pytest.mark.parametrize(
    ("written", "record"),
    [
        ("ADVANCE Collaborative Group", ACCORD),
        ("UKPDS Group", ACCORD),
        ("ACCORD Study Group", group("Diabetes Control and Complications Trial Research Group")),
        # spelt by words of the name, but not by the name's own words whole: S(tatins) in
        # PR(evention): an IN(tervention) T(rial)
        (
            "SPRINT Research Group",
            group(
                "Justification for the Use of Statins in Prevention: an Intervention Trial "
                "Evaluating Rosuvastatin Study Group"
            ),
        ),
        # EP(idemiology) of (diabetes) I(nterventions) and C(omplications): EDIC's name,
        # with a word left out and only three that spell
        (
            "EPIC Study Group",
            group("Epidemiology of Diabetes Interventions and Complications Research Group"),
        ),
    ],
)
def test_another_trial_s_acronym_is_another_group(written: str, record: PubMedRecord) -> None:
    (f,) = compare_authors(claim(P(written, collective=True)), record)
    assert f.severity is Severity.ERROR
    assert f.field is Field.AUTHOR and f.claimed == written


# N Engl J Med 2002 (metformin or lifestyle for prediabetes): Knowler WC; ...; Diabetes
# Prevention Program Research Group
DPP = rec(P("Knowler", "WC"), P("Diabetes Prevention Program Research Group", collective=True))


@pytest.mark.parametrize(
    ("written", "record"),
    [
        ("DPP Outcomes Study Research Group", DPP),
        ("Diabetes Prevention Program Outcomes Study Research Group", DPP),
        ("ACCORD Eye Study Group", ACCORD),
    ],
)
def test_a_later_study_of_the_group_is_another_group(written: str, record: PubMedRecord) -> None:
    """`DPP Outcomes Study Research Group` (the DPPOS) held every word of the DPP's group, and
    passed as the byline of a DPP paper: a page's name may say less than the record's, not
    more."""
    (f,) = compare_authors(claim(P(written, collective=True)), record)
    assert f.severity is Severity.ERROR
    assert f.field is Field.AUTHOR and f.claimed == written


@pytest.mark.parametrize(
    ("written", "record"),
    [
        ("DPP Research Group", DPP),
        ("Diabetes Prevention Programme Research Group", DPP),
        ("on behalf of the DPP Research Group", DPP),
        (
            "Action for Health in Diabetes (Look AHEAD) Research Group",
            group("Look AHEAD Research Group"),
        ),
        (
            "UK Prospective Diabetes Study (UKPDS) Group",
            group("UK Prospective Diabetes Study Group"),
        ),
        # a title and a journal read with the name (PMID 21860499's entry in Vancouver style)
        (
            "National Toxicology Program. Nitrofen. Rep Carcinog",
            group("National Toxicology Program"),
        ),
    ],
)
def test_the_group_s_name_said_otherwise_is_the_group(written: str, record: PubMedRecord) -> None:
    """Less than the record's name, another spelling of a word, the words of the record's
    acronym before it, or words no group's word follows: still the group."""
    assert compare_authors(claim(P(written, collective=True)), record) == ()
