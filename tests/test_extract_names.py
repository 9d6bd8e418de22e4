"""Author names and author lists as pages write them."""

from __future__ import annotations

import pytest

from refcheck.compare.authors import compare_authors
from refcheck.extract.names import parse_author_list, parse_name
from refcheck.models import Claim, PersonName, PubMedRecord
from style_citations import paper


@pytest.mark.parametrize(
    ("text", "last", "initials", "fore", "suffix"),
    [
        ("Eichenberger U", "Eichenberger", "U", "", ""),
        ("Alviar MJ", "Alviar", "MJ", "", ""),
        ("Eichenberger, U.", "Eichenberger", "U", "", ""),
        ("Eichenberger, U. J.", "Eichenberger", "UJ", "", ""),
        ("U. Eichenberger", "Eichenberger", "U", "", ""),
        ("I.J. Surname", "Surname", "IJ", "", ""),
        ("Ulrike Eichenberger", "Eichenberger", "U", "Ulrike", ""),
        ("Eichenberger, Ulrike", "Eichenberger", "U", "Ulrike", ""),
        ("van der Berg A", "van der Berg", "A", "", ""),
        ("de la Cruz M", "de la Cruz", "M", "", ""),
        ("O'Brien K", "O'Brien", "K", "", ""),
        ("McGrath P", "McGrath", "P", "", ""),
        ("García-Márquez J", "García-Márquez", "J", "", ""),
        ("Sánchez López A", "Sánchez López", "A", "", ""),
        ("Smith J Jr", "Smith", "J", "", "Jr"),
        ("Smith JA JR", "Smith", "JA", "", "Jr"),
        # capitals right after the surname are initials, not a suffix
        ("Bartles JR", "Bartles", "JR", "", ""),
        ("Hooper SR", "Hooper", "SR", "", ""),
        ("Ivanov IV", "Ivanov", "IV", "", ""),
        ("van der Berg II", "van der Berg", "II", "", ""),
        ("Lamb Jr", "Lamb", "", "", "Jr"),
        ("Garrett B. Goh", "Goh", "GB", "Garrett B.", ""),
        ("Jean-Pierre Dupont", "Dupont", "JP", "Jean-Pierre", ""),
        ("Wan A.M.", "Wan", "AM", "", ""),
        ("Hume,D.A.", "Hume", "DA", "", ""),
        ("Díez FJ", "Díez", "FJ", "", ""),
    ],
)
def test_parse_name(text: str, last: str, initials: str, fore: str, suffix: str) -> None:
    name = parse_name(text)
    assert name is not None
    assert (name.last_name, name.initials, name.fore_name, name.suffix) == (
        last,
        initials,
        fore,
        suffix,
    )
    assert not name.collective


@pytest.mark.parametrize(
    "text", ["GBD 2013 Collaborators", "Cochrane Pain Group", "WHO Consortium"]
)
def test_collective(text: str) -> None:
    name = parse_name(text)
    assert name is not None and name.collective and name.last_name == text


@pytest.mark.parametrize("text", ["", "   ", "Drugs for relief of pain", "the", "12345"])
def test_not_a_name(text: str) -> None:
    assert parse_name(text) is None


@pytest.mark.parametrize(
    ("text", "written", "first", "et_al"),
    [
        ("Eichenberger U et al.", ("Eichenberger U",), "Eichenberger U", True),
        ("Hall N & Eldabe S", ("Hall N", "Eldabe S"), "Hall N", False),
        ("Hall N and Eldabe S", ("Hall N", "Eldabe S"), "Hall N", False),
        (
            "Eichenberger U, Neff F, Sveticic G, et al",
            ("Eichenberger U", "Neff F", "Sveticic G"),
            "Eichenberger U",
            True,
        ),
        (
            "Eichenberger, U., Neff, F., & Curatolo, M.",
            ("Eichenberger, U.", "Neff, F.", "Curatolo, M."),
            "Eichenberger U",
            False,
        ),
        ("Bhutta, ZA; Das, JK", ("Bhutta, ZA", "Das, JK"), "Bhutta ZA", False),
        ("Lim SS, Vos T, Flaxman AD, etal", ("Lim SS", "Vos T", "Flaxman AD"), "Lim SS", True),
        (
            "Zachary D. Stephens, Skylar Y. Lee",
            ("Zachary D. Stephens", "Skylar Y. Lee"),
            "Stephens ZD",
            False,
        ),
        ("Yann LeCun, Yoshua Bengio", ("Yann LeCun", "Yoshua Bengio"), "LeCun Y", False),
        (
            "Hume,D.A., Dalpke,A.H. and Sweet,M.J.",
            ("Hume, D.A.", "Dalpke, A.H.", "Sweet, M.J."),
            "Hume DA",
            False,
        ),
    ],
)
def test_author_list(text: str, written: tuple[str, ...], first: str, et_al: bool) -> None:
    got_written, names, got_et_al = parse_author_list(text)
    assert got_written == written
    assert names[0].display() == first
    assert len(names) == len(written)
    assert got_et_al is et_al


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        # people written with initials alone: the words after them start the surname
        ("G. W. Soo Hoo, W. B. Klaustermeyer", ("Soo Hoo GW", "Klaustermeyer WB")),
        ("G. Soo Hoo and W. Klaustermeyer", ("Soo Hoo G", "Klaustermeyer W")),
        ("R. Leaman, R. Islamaj Dogan, Z. Lu", ("Leaman R", "Islamaj Dogan R", "Lu Z")),
        # beside full given names, a middle name (PubMed: Swamidass SJ, Houseman EA); alone,
        # either: the surname is the last word, the word's letter no sure initial
        (
            "Jed Zaretzki, Matthew Matlock, S. Joshua Swamidass",
            ("Zaretzki J", "Matlock M", "Swamidass S"),
        ),
        ("E. Andres Houseman, Molly L. Kile", ("Houseman E", "Kile ML")),
        ("G. Soo Hoo", ("Hoo G",)),
        ("J. Smith, K. Jones", ("Smith J", "Jones K")),
    ],
)
def test_whole_words_after_initials(text: str, shown: tuple[str, ...]) -> None:
    """`G. W. Soo Hoo` read as the surname Hoo with the initials GWS; with one initial
    (`G. Soo Hoo`), GS was "different initials" from PubMed's `Soo Hoo GW`."""
    _, names, _ = parse_author_list(text)
    assert tuple(n.display() for n in names) == shown


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        # `&` separates two authors, never a surname from given names
        ("Napolitano & Priori", ("Napolitano", "Priori")),
        ("Hall & Eldabe", ("Hall", "Eldabe")),
        ("Smith, J. A., & Jones, R.", ("Smith JA", "Jones R")),
        # a bare surname with lower-case particles; "Le Lu" is a given name and a surname
        ("van der Pluijm et al.", ("van der Pluijm",)),
        ("Holger R. Roth, Le Lu, Di He", ("Roth HR", "Lu L", "He D")),
    ],
)
def test_and_groups_and_particle_surnames(text: str, shown: tuple[str, ...]) -> None:
    _, names, _ = parse_author_list(text)
    assert tuple(n.display() for n in names) == shown


@pytest.mark.parametrize(
    ("text", "last", "initials"),
    [
        ("Wei Lü", "Lü", "W"),
        ("W. Lü", "Lü", "W"),
        ("Lü W", "Lü", "W"),
        ("Łukasz Nowak", "Nowak", "Ł"),
        ("Élodie Martin", "Martin", "É"),
    ],
)
def test_a_short_surname_with_a_lower_case_accent_is_no_initials(
    text: str, last: str, initials: str
) -> None:
    """`Lü` was taken for two initials (`[^\\W\\d_a-z]` let a lower-case `ü` pass as a
    capital), so `Wei Lü` became the surname Wei: a co-author warning on a right citation."""
    name = parse_name(text)
    assert name is not None
    assert (name.last_name, name.initials) == (last, initials)


def test_a_display_list_ending_in_an_accented_two_letter_surname() -> None:
    """PMID 41491833 (Ruan Z, Lee J, Li Y, Orozco IJ, Du J, Lü W; Nat Chem Biol 2026)."""
    record = PubMedRecord(
        pmid="41491833",
        title="A single allosteric site merges activation, modulation and inhibition in TRPM5.",
        authors=tuple(
            PersonName(*name.split())
            for name in ["Ruan Z", "Lee J", "Li Y", "Orozco IJ", "Du J", "Lü W"]
        ),
        journal_title="Nature chemical biology",
        iso_abbreviation="Nat Chem Biol",
        medline_ta="Nat Chem Biol",
        pub_year=2026,
    )
    written, names, _ = parse_author_list(
        "Zheng Ruan, Jongdae Lee, Yue Li, Ignacio J. Orozco, Juan Du, Wei Lü"
    )
    assert names[-1].display() == "Lü W"
    claim = Claim(authors=written, author_names=names)
    assert compare_authors(claim, record) == ()


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        # Chicago and MLA invert the first name only
        (
            "Krystal, John H., Alfred P. Kaye, Sarah Jefferson, and Matthew J. Girgenti",
            ("Krystal JH", "Kaye AP", "Jefferson S", "Girgenti MJ"),
        ),
        (
            "Lake, B. G., P. G. Brantom, S. D. Gangolli, and P. Grasso",
            ("Lake BG", "Brantom PG", "Gangolli SD", "Grasso P"),
        ),
        (
            "Montero Ruiz, Eduardo, Cristina Gómez Ayerbe, Laura Pérez Sánchez, and Virginia "
            "Melgar Molero",
            ("Montero Ruiz E", "Ayerbe CG", "Sánchez LP", "Molero VM"),
        ),
        # a two-word surname, then given names that end in an initial or are one word
        ("Soo Hoo, Guy W., and William B. Klaustermeyer", ("Soo Hoo GW", "Klaustermeyer WB")),
        ("Montero Ruiz, Eduardo, et al.", ("Montero Ruiz E",)),
    ],
)
def test_the_first_name_inverted_the_others_given_names_first(
    text: str, shown: tuple[str, ...]
) -> None:
    """`Krystal, John H., Alfred P. Kaye, Sarah Jefferson, ...` was paired two by two like
    APA's `Kaye, A. P.` (`Alfred P. Kaye, Sarah Jefferson`: no name at all), and `Soo Hoo,
    Guy W.` was taken for two display names (`Soo Hoo`, `Guy W`)."""
    _, names, _ = parse_author_list(text)
    assert tuple(n.display() for n in names) == shown


@pytest.mark.parametrize(
    ("text", "written", "shown"),
    [
        (
            "Krystal, John H., and Alfred P. Kaye.",
            ("Krystal, John H.", "Alfred P. Kaye"),
            ("Krystal JH", "Kaye AP"),
        ),
        # a suffix set off by commas belongs to the name before it
        (
            "John H. Krystal, Jr., Alfred P. Kaye",
            ("John H. Krystal Jr.", "Alfred P. Kaye"),
            ("Krystal JH Jr", "Kaye AP"),
        ),
        ("Smith, J., Jr., Jones, K.", ("Smith, J. Jr.", "Jones, K."), ("Smith J Jr", "Jones K")),
    ],
)
def test_a_list_s_last_period_and_its_suffixes(
    text: str, written: tuple[str, ...], shown: tuple[str, ...]
) -> None:
    """The period that ends a list stayed in the surname (`Kaye.`), and a suffix between
    commas was read as a name of its own (`Jr.`, no name: the list failed)."""
    got, names, _ = parse_author_list(text)
    assert got == written
    assert tuple(n.display() for n in names) == shown


@pytest.mark.parametrize(
    ("text", "display"),
    [
        ("J. C. Lamb 4th", "Lamb JC 4th"),  # a digit, but no group (PMID 2731665)
        ("Theo G. M. F. Gorgels", "Gorgels TGMF"),  # four given names, three initials
        ("Alda M. B. N. Madeira", "Madeira AMBN"),
    ],
)
def test_people_whose_names_look_like_something_else(text: str, display: str) -> None:
    name = parse_name(text)
    assert name is not None and not name.collective
    assert name.display() == display


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Krystal, J. H., Kaye, A. P., & Jefferson, S.", ("Krystal JH", "Kaye AP", "Jefferson S")),
        ("Eichenberger, Ulrike, Neff, Frank", ("Eichenberger U", "Neff F")),
        ("van der Berg, A., de Vries, J. K.", ("van der Berg A", "de Vries JK")),
        ("Yann LeCun, Yoshua Bengio, Geoffrey Hinton", ("LeCun Y", "Bengio Y", "Hinton G")),
    ],
)
def test_inverted_and_display_lists_are_read_as_before(text: str, shown: tuple[str, ...]) -> None:
    """Lists whose later names are inverted too, or all display names, are no Chicago list."""
    _, names, _ = parse_author_list(text)
    assert tuple(n.display() for n in names) == shown


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SOO HOO, G. W.", [("SOO HOO", "GW")]),
        ("SOO HOO, G. W.; KLAUSTERMEYER, W. B.", [("SOO HOO", "GW"), ("KLAUSTERMEYER", "WB")]),
        ("CURIEL CID, R. E. et al.", [("CURIEL CID", "RE")]),
        ("SOO HOO, G. W., & KLAUSTERMEYER, W. B.", [("SOO HOO", "GW"), ("KLAUSTERMEYER", "WB")]),
        # Vancouver in capitals keeps its reading: another name follows the comma
        ("SMITH JH, JONES K", [("SMITH", "JH"), ("JONES", "K")]),
        ("KRYSTAL JH, KAYE AP", [("KRYSTAL", "JH"), ("KAYE", "AP")]),
    ],
)
def test_a_surname_in_capitals_of_short_words(text: str, expected: list[tuple[str, str]]) -> None:
    """ABNT writes surnames in capitals: `HOO` of `SOO HOO, G. W.` was read as initials, and
    the first author as "SOO HOO" against PubMed's Soo Hoo GW (different initials)."""
    names = parse_author_list(text)[1]
    assert [(n.last_name, n.initials) for n in names] == expected


def test_initials_that_look_like_a_suffix_are_compared() -> None:
    """`Nuttall JR` are the initials J R (PMID 28115639, Nuttall JR; Toxicol Sci 2017): read
    as the suffix `Jr`, a page that gave the wrong person's initials passed unchecked."""
    record = paper(
        "28115639",
        "Combined Effects of Gestational Phthalate Exposure and Zinc Deficiency on Steroid "
        "Metabolism and Growth.",
        (
            "Toxicological sciences : an official journal of the Society of Toxicology",
            "Toxicol Sci",
            "Toxicol Sci",
        ),
        "Nuttall JR",
        "Kucera HR",
        year=2017,
    )
    right = parse_author_list("Nuttall JR, Kucera HR")
    assert compare_authors(Claim(authors=right[0], author_names=right[1]), record) == ()
    wrong = parse_author_list("Nuttall SR, Kucera HR")
    findings = compare_authors(Claim(authors=wrong[0], author_names=wrong[1]), record)
    assert [f.message for f in findings] == [
        'first author is "Nuttall JR" in PubMed (different initials), the page says "Nuttall SR"'
    ]


@pytest.mark.parametrize(
    ("text", "written"),
    [
        (
            "GBD 2019 Diseases and Injuries Collaborators",
            ("GBD 2019 Diseases and Injuries Collaborators",),
        ),
        (
            "Vos T, Lim SS and GBD 2019 Diseases and Injuries Collaborators",
            ("Vos T", "Lim SS", "GBD 2019 Diseases and Injuries Collaborators"),
        ),
        # a person's name before `and` stays a person's
        ("Smith J and Writing Group", ("Smith J", "Writing Group")),
        # the article opens a group's name, not a person's given names ("The Diabetes")
        (
            "The Diabetes Control and Complications Trial Research Group",
            ("The Diabetes Control and Complications Trial Research Group",),
        ),
        (
            "The Diabetes Control and Complications Trial Research Group, Nathan DM",
            ("The Diabetes Control and Complications Trial Research Group", "Nathan DM"),
        ),
    ],
)
def test_a_group_s_name_keeps_its_and(text: str, written: tuple[str, ...]) -> None:
    """`GBD 2019 Diseases and Injuries Collaborators` (PMID 33069326's only author) was read
    as two groups, "GBD 2019 Diseases" and "Injuries Collaborators", and shown so."""
    assert parse_author_list(text)[0] == written


@pytest.mark.parametrize(
    ("text", "written"),
    [
        # PMID 41602864 in APA: the group between two people took the next surname as its
        # "given name", and every later surname went with the initials before it
        (
            "von Dadelszen, P., RESILIENT Study Group, Silverio, S. A., & Magee, L. A.",
            ("von Dadelszen, P.", "RESILIENT Study Group", "Silverio, S. A.", "Magee, L. A."),
        ),
        (
            "Smith, J., ASPIRE Investigators, Jones, R.",
            ("Smith, J.", "ASPIRE Investigators", "Jones, R."),
        ),
        # a group word before initials is a surname, paired as before
        ("Group, A., Study, B.", ("Group, A.", "Study, B.")),
        ("Team, A. B., Smith, C.", ("Team, A. B.", "Smith, C.")),
    ],
)
def test_a_group_among_inverted_names_stands_alone(text: str, written: tuple[str, ...]) -> None:
    assert parse_author_list(text)[0] == written
