"""Title comparison (titles from real records)."""

from __future__ import annotations

import pytest

from refcheck.compare import compare_title, same_title
from refcheck.models import Claim, Field, PubMedRecord, Severity

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
