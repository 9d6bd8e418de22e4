"""Title comparison (titles from real records)."""

from __future__ import annotations

import pytest

from refcheck.compare import compare_title, same_title
from refcheck.models import Claim, Field, PubMedRecord, Severity, Status
from style_citations import SIEGEL_2020, SUNG_2021, verdict

# PMID 9997
STREKAS = (
    "Magnetic studies of Chromatium flavocytochrome C552. A mechanism for heme-flavin interaction."
)
# PMID 1
MAKAR = "Formate assay in body fluids: application in methanol poisoning."


@pytest.mark.parametrize(
    ("claimed", "actual"),
    [
        (MAKAR, MAKAR),
        ("Formate assay in body fluids", MAKAR),  # subtitle left off
        ("FORMATE ASSAY IN BODY FLUIDS: APPLICATION IN METHANOL POISONING", MAKAR),
        ("Formate assay in body-fluids - application in methanol poisoning.", MAKAR),
        ("<i>Formate</i> assay in body fluids: application in methanol poisonning", MAKAR),
        ("Magnetic studies of Chromatium flavocytochrome C552", STREKAS),
        (
            "Changes in DNA methylation in rat during ontogenesis and under effects of "
            "hydrocortisone",
            "[Changes in DNA methylation in rat during ontogenesis and under "
            "effects of hydrocortisone].",
        ),  # PMID 420880, translated title
        (
            "The fine structure of blood cells in ceroid-lipofuscinosis",
            "The fine structure of blood cells in ceroid-lipofuscinosis (Spielmeyer-Vogt's "
            "disease).",
        ),  # PMID 219391
        ("Enzyme induction in the uraemic liver", "Enzyme induction in the uremic liver."),
    ],
)
def test_same_title(claimed: str, actual: str) -> None:
    assert same_title(claimed, actual)


def rec(title: str, vernacular: str = "") -> PubMedRecord:
    return PubMedRecord(pmid="1", title=title, authors=(), vernacular_title=vernacular)


def test_different_title_is_warning() -> None:
    (f,) = compare_title(Claim(title="Enzyme induction in the uremic liver"), rec(MAKAR))
    assert (f.field, f.severity) == (Field.TITLE, Severity.WARNING)
    assert f.actual == "Formate assay in body fluids: application in methanol poisoning"


def test_vernacular_title_accepted() -> None:
    r = rec(
        "[Hospitalized surgical patients comanaged by Internal Medicine specialists].",
        "Pacientes quirúrgicos hospitalizados comanejados por especialistas en Medicina Interna",
    )
    claim = Claim(
        title="Pacientes quirurgicos hospitalizados comanejados por especialistas en "
        "medicina interna"
    )
    assert compare_title(claim, r) == ()


def test_no_title_or_too_short_gives_nothing() -> None:
    assert compare_title(Claim(), rec(MAKAR)) == ()
    assert compare_title(Claim(title="Review"), rec(MAKAR)) == ()


def test_retracted_label_ignored() -> None:
    assert same_title("A study of things in rats", "RETRACTED: A study of things in rats.")


def test_claim_holding_the_whole_title_matches() -> None:
    # a mis-split APA entry with a group author (PMID 34843274) and a trailing note
    actual = (
        "Summary of the clinical practice guideline for the treatment of depression across "
        "three age cohorts."
    )
    claimed = (
        "Guideline Development Panel for the Treatment of Depressive Disorders. (2021). "
        "Summary of the clinical practice guideline for the treatment of depression across "
        "three age cohorts. American Psychologist, 77(6), 770-780"
    )
    assert same_title(claimed, actual)
    assert same_title(
        "CACNA1C-Related Disorders (GeneReviews chapter)", "CACNA1C-Related Disorders"
    )


def test_short_title_inside_a_longer_claim_is_not_a_match() -> None:
    # the short PubMed title must make up at least half of the claim
    assert not same_title(
        "Pharmacologic interventions for treating phantom limb pain in adults",
        "Phantom limb pain.",
    )


# PMID 33538338; GLOBOCAN 2018 is PMID 30207593, by Bray F et al., CA Cancer J Clin 2018
GLOBOCAN_2020 = SUNG_2021.title
GLOBOCAN_2018 = (
    "Global cancer statistics 2018: GLOBOCAN estimates of incidence and mortality worldwide "
    "for 36 cancers in 185 countries."
)


@pytest.mark.parametrize(
    ("claimed", "actual", "page", "pubmed"),
    [
        (GLOBOCAN_2018, GLOBOCAN_2020, "2018", "2020"),
        # PMIDs 30620402 and 31912902
        ("Cancer statistics, 2019", "Cancer statistics, 2020.", "2019", "2020"),
        # PMIDs 27206819 and 34447992 (2016's has a subtitle, left off here)
        (
            "2016 ESC Guidelines for the diagnosis and treatment of acute and chronic heart "
            "failure",
            "2021 ESC Guidelines for the diagnosis and treatment of acute and chronic heart "
            "failure.",
            "2016",
            "2021",
        ),
        # PMIDs 30700139 and 31992061
        (
            "Heart Disease and Stroke Statistics-2019 Update: A Report From the American Heart "
            "Association",
            "Heart Disease and Stroke Statistics-2020 Update: A Report From the American Heart "
            "Association.",
            "2019",
            "2020",
        ),
        # another word replaced beside the year
        (
            "Heart disease and stroke statistics 2019 annual update: a report from the "
            "American Heart Association",
            "Heart Disease and Stroke Statistics-2020 Update: A Report From the American Heart "
            "Association.",
            "2019",
            "2020",
        ),
        # a version number beside its year: NCCN's yearly guideline updates
        (
            "NCCN Guidelines Insights: Breast Cancer, Version 1.2017",
            "NCCN Guidelines Insights: Breast Cancer, Version 2.2017.",
            "1",
            "2",
        ),
    ],
)
def test_a_title_with_another_year_is_another_paper_of_the_series(
    claimed: str, actual: str, page: str, pubmed: str
) -> None:
    """Yearly papers differ in their title only by the year, which the word match let
    pass: GLOBOCAN 2018's title cited with 2020's PMID verified."""
    assert same_title(claimed, actual)  # alike enough for the word match alone
    (f,) = compare_title(Claim(title=claimed), rec(actual))
    assert (f.field, f.severity) == (Field.TITLE, Severity.WARNING)
    assert f.message.startswith(f"title in PubMed says {pubmed} where the page says {page} (")
    assert f.actual == actual.rstrip(".")


@pytest.mark.parametrize(
    "claimed",
    [
        GLOBOCAN_2020,
        GLOBOCAN_2020.upper(),
        GLOBOCAN_2020.lower(),
        # the year left out: pages shorten titles
        "Global cancer statistics: GLOBOCAN estimates of incidence and mortality worldwide for "
        "36 cancers in 185 countries",
        "Global Cancer Statistics 2020",
        "GLOBOCAN estimates of incidence and mortality worldwide for 36 cancers in 185 countries",
    ],
)
def test_the_same_year_or_none_in_a_series_title_is_no_difference(claimed: str) -> None:
    assert compare_title(Claim(title=claimed), rec(GLOBOCAN_2020)) == ()


def test_a_year_only_one_title_holds_is_no_difference() -> None:
    gbd = (
        "Global burden of 369 diseases and injuries in 204 countries and territories, "
        "1990-2019: a systematic analysis for the Global Burden of Disease Study 2019."
    )  # PMID 33069326
    said = "Global burden of 369 diseases and injuries in 204 countries and territories"
    assert compare_title(Claim(title=said), rec(gbd)) == ()
    assert compare_title(Claim(title=f"{said}, 1990 to 2019"), rec(gbd)) == ()
    assert compare_title(Claim(title="Cancer statistics 2020"), rec("Cancer statistics.")) == ()


@pytest.mark.parametrize(
    "text",
    [
        "Sung H, Ferlay J, Siegel RL, et al. {title} CA Cancer J Clin. 2021;71(3):209-249.",
        "Sung, H., Ferlay, J., & Siegel, R. L. (2021). {title} CA: A Cancer Journal for "
        "Clinicians, 71(3), 209-249.",
    ],
)
def test_globocan_2018_s_title_with_2020_s_pmid_is_flagged(text: str) -> None:
    """The page's year, authors and journal fit the 2020 paper; its title is 2018's."""
    assert verdict(text.format(title=GLOBOCAN_2020), SUNG_2021) == (Status.VERIFIED, [])
    status, shown = verdict(text.format(title=GLOBOCAN_2018), SUNG_2021)
    assert status is Status.MISMATCH
    assert [s[: s.index(" (")] for s in shown] == [
        "title: title in PubMed says 2020 where the page says 2018"
    ]


def test_last_year_s_paper_cited_with_this_year_s_pmid_is_another_paper() -> None:
    """`Cancer statistics, 2019` with its own year: the wrong year and the title's year
    together say the PMID is 2020's paper, not the cited one."""
    cited = "Siegel RL, Miller KD, Jemal A. Cancer statistics, {}. CA Cancer J Clin. {};70:7-30."
    assert verdict(cited.format(2020, 2020), SIEGEL_2020) == (Status.VERIFIED, [])
    assert verdict(cited.format("", 2020), SIEGEL_2020) == (Status.VERIFIED, [])
    assert verdict(cited.format(2019, 2020), SIEGEL_2020)[1] == [
        'title: title in PubMed says 2020 where the page says 2019 ("Cancer statistics, 2020"): '
        "another paper of the series?"
    ]
    status, shown = verdict(cited.format(2019, 2019), SIEGEL_2020)
    assert status is Status.MISMATCH
    assert shown == [
        'pmid: PMID 31912902 is "Cancer statistics, 2020" (Siegel RL et al., CA Cancer J Clin, '
        "2020), not the cited paper"
    ]


def test_a_wrong_year_after_the_title_s_own_year_is_the_year_flagged() -> None:
    """The title's `2020` is not the citation's year: the later `2019` is, and it is wrong
    (the title itself is right)."""
    text = "Sung H, Ferlay J, Siegel RL, et al. {} CA Cancer J Clin. 2019;71(3):209-249."
    for title in (GLOBOCAN_2020, GLOBOCAN_2020.lower()):
        assert verdict(text.format(title), SUNG_2021) == (
            Status.MISMATCH,
            ["year: year is 2021 in PubMed, the page says 2019"],
        )
