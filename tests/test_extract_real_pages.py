"""Extraction over the real documents in /work/shared/real-pages (see its SOURCES.md).

Skipped when the shared folder is absent (fresh clones do not have it).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from refcheck.extract import extract
from refcheck.models import Citation, Extraction, Page, PageKind

# ../shared beside the checkout (as on the developers' and CI machines); REFCHECK_SHARED overrides
REAL = (
    Path(os.environ.get("REFCHECK_SHARED") or Path(__file__).resolve().parents[2] / "shared")
    / "real-pages"
)
pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real-pages not present")

_KINDS = {
    ".nxml": PageKind.JATS,
    ".xml": PageKind.JATS,
    ".html": PageKind.HTML,
    ".md": PageKind.MARKDOWN,
}


def _extract(name: str) -> Extraction:
    path = REAL / name
    kind = _KINDS.get(path.suffix, PageKind.TEXT)
    return extract(Page(source=name, text=path.read_text(encoding="utf-8-sig"), kind=kind))


# (file, unique PMIDs per SOURCES.md, PMIDs that must be among them)
CASES = [
    ("pmc-bmc-oral-health-ohip.nxml", 25, ["9055718"]),
    ("pmc-annonc-mds526.nxml", 30, ["19956156"]),
    ("pmc-plosone-0046493.nxml", 44, ["21127999"]),
    ("manubot-deep-review-refs.html", 303, ["24986233", "26151137"]),
    ("nature-medicine-covid-cv-markdown.md", 1, ["32459663"]),
    ("nfcore-rnaseq-citations.md", 32, ["20110278", "30423086", "39379646"]),
    ("openmeta-sciatica-readme.md", 15, ["22331277"]),
    ("openmeta-sciatica-evidence-search.md", 13, ["15570651", "24654615", "27045252"]),
    ("openmeta-sciatica-pico-table.md", 6, []),
    ("dickman-sastips-renal2-legacy-urls.md", 2, ["14567763", "3509965"]),
    ("dickman-stata-sex-differences-inline.md", 5, ["7096530", "7042727", "27179798"]),
    ("nutricheck-references-title-links.md", 21, ["40474973"]),
    ("nihms-artif-intell-med-pubmed-brackets.md", 15, ["9177816"]),
    ("mdwiki-malnutrition.wikitext", 8, ["12394647", "25530442", "27733281"]),
    ("decisionlab-mendeley.bib", 5, ["26667277"]),
    ("decisionlab-publications.yml", 75, ["40891824", "42329637"]),
    ("manubot-deep-review-references.csl.json", 166, ["27898976"]),
    ("pubmed-efetch-referencelist.xml", 49, ["25144646"]),
    ("medline-nbib-export.txt", 4, ["16403221"]),
    ("wos-tagged-export-pm-field.txt", 12, ["29377890"]),
    ("genbank-refseq-ifnb.gb", 10, ["17785783"]),
    ("uniprot-P04439-hla-a.txt", 99, ["2460344"]),
    ("vitamindwiki-chronic-pain-pmc-only.md", 0, []),
    ("wikipedia-chiropractic-stripped-refs-tail.md", 0, []),
]


@pytest.mark.parametrize(("name", "count", "known"), CASES)
def test_unique_pmids(name: str, count: int, known: list[str]) -> None:
    pmids = {c.pmid for c in _extract(name).citations}
    assert len(pmids) == count
    assert set(known) <= pmids


def test_pubmed_abstract_page_similar_articles() -> None:
    pmids = {c.pmid for c in _extract("pubmed-abstract-page-pandoc.md").citations}
    assert {"16470161", "35247355", "35215937", "35200727", "35158701", "35095806"} <= pmids


def test_own_pmids_are_not_citations() -> None:
    for name, own in [
        ("pmc-bmc-oral-health-ohip.nxml", "18405359"),
        ("pmc-annonc-mds526.nxml", "23149571"),
        ("pmc-plosone-0046493.nxml", "23029536"),
        ("pubmed-efetch-referencelist.xml", "29963580"),
    ]:
        assert own not in {c.pmid for c in _extract(name).citations}


def test_no_pmcid_becomes_a_pmid() -> None:
    ex = _extract("nature-medicine-covid-cv-markdown.md")
    assert "32459663" in {c.pmid for c in ex.citations}
    assert all(not c.pmid.startswith("PMC") for c in ex.citations)


def test_claims_on_real_pages() -> None:
    nf = {c.pmid: c.claim for c in _extract("nfcore-rnaseq-citations.md").citations}
    assert nf["20110278"].authors[:2] == ("Quinlan AR", "Hall IM")
    assert nf["20110278"].year == 2010 and nf["20110278"].journal == "Bioinformatics"
    jats = {c.pmid: c for c in _extract("pmc-plosone-0046493.nxml").citations}
    assert jats["21127999"].claim.first_author is not None
    assert jats["21127999"].claim.first_author.last_name == "Chakroborty"
    assert jats["21127999"].label == "1"
    manubot = {c.pmid: c.claim for c in _extract("manubot-deep-review-refs.html").citations}
    assert manubot["24986233"].authors[0] == "P. Baldi"
    assert manubot["24986233"].journal == "Nature Communications"
    assert manubot["24986233"].year == 2014
    nihms = {c.pmid: c for c in _extract("nihms-artif-intell-med-pubmed-brackets.md").citations}
    assert nihms["9177816"].label == "17" and nihms["9177816"].claim.year == 1997


def test_mdwiki_templates_give_their_fields_as_claims() -> None:
    """WikiProject Medicine's wikitext: each `{{cite journal}}` is its citation's claim, and
    the Lancet paper linked twice in one template (URL and archive URL) is cited once."""
    by_pmid: dict[str, list[Citation]] = {}
    for c in _extract("mdwiki-malnutrition.wikitext").citations:
        by_pmid.setdefault(c.pmid, []).append(c)
    assert len(by_pmid["27733281"]) == 1
    claims = {pmid: cs[0].claim for pmid, cs in by_pmid.items()}
    assert claims["23179329"].authors[0] == "Papadia C"
    assert claims["23179329"].journal == "Intern Emerg Med"
    assert claims["21993620"].first_author is not None
    assert claims["21993620"].first_author.last_name == "Foley"
    assert (claims["21993620"].year, claims["21993620"].journal) == (2011, "Nature")
    assert claims["23245609"].et_al
    assert claims["27733281"].journal == "Lancet (London, England)"
    # a hand-written note in Wikipedia's rendered style (semicolon-inverted names)
    assert claims["23746776"].year == 2013


@pytest.mark.parametrize(
    ("name", "references"),
    [
        ("uniprot-P04439-hla-a.txt", 99),
        ("genbank-refseq-ifnb.gb", 10),
        ("medline-nbib-export.txt", 4),
        ("wos-tagged-export-pm-field.txt", 12),
    ],
)
def test_tagged_files_claim_what_their_fields_say(name: str, references: int) -> None:
    """Read as prose, a UniProt entry's `RX   PubMed=2431040;` was a claimed title and its
    evidence tags claimed authors (`CC PubMed:7694806`): 783 of its 941 citations were
    alarms. Each reference now claims its authors, title, journal and year."""
    citations = _extract(name).citations
    assert len(citations) == references
    for c in citations:
        claimed = " ".join([*c.claim.authors, c.claim.title or "", c.claim.journal or ""])
        assert "PubMed" not in claimed and "PMID" not in claimed, c
        assert c.claim.authors and c.claim.title and c.claim.journal and c.claim.year, c
