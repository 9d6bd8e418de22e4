"""Tagged bibliographic files (UniProt, GenBank, MEDLINE, Web of Science): each reference
claims what its fields say, and is checked on it.

The files in fixtures/tagged/ are written in each format's layout with the facts of real
records from fixtures/records/ (the fake E-utilities server serves those records).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from refcheck.extract import extract
from refcheck.extract.tagged import tagged_extraction
from refcheck.models import Citation, Page, PageKind, Status
from style_citations import claim_verdict, fixture_records

TAGGED = Path(__file__).resolve().parents[1] / "fixtures" / "tagged"


def _citations(name: str, text: str | None = None) -> tuple[Citation, ...]:
    page_text = text if text is not None else (TAGGED / name).read_text(encoding="utf-8-sig")
    return extract(Page(source=name, text=page_text, kind=PageKind.TEXT)).citations


def _facts(c: Citation) -> tuple[str, str | None, int | None, str | None, str | None]:
    first = c.claim.first_author
    return (
        c.pmid,
        first.display() if first else None,
        c.claim.year,
        c.claim.journal,
        c.claim.title,
    )


PFEIFER_TITLE = (
    "Dysregulated CD200-CD200R signaling in early diabetes modulates microglia-mediated retinopathy"
)
MAKAR_TITLE = "Formate assay in body fluids: application in methanol poisoning."
LAKE_TITLE = (
    "Studies on the effects of orally administered Di-(2-ethylhexyl) phthalate in the ferret."
)
LENVATINIB = "Lenvatinib in radioiodine-refractory thyroid cancer"

EXPECTED = {
    "uniprot-entry.txt": [
        ("37903272", "Pfeifer CW", 2023, "Proc. Natl. Acad. Sci. U.S.A.", PFEIFER_TITLE + "."),
        ("1", "Makar AB", 1975, "Biochem. Med.", MAKAR_TITLE),
        ("996879", "Lake BG", 1976, "Toxicology", LAKE_TITLE),
        ("25946295", None, None, None, None),  # an evidence tag: named, claims nothing
    ],
    "genbank-record.gb": [
        ("37903272", "Pfeifer CW", 2023, "Proc. Natl. Acad. Sci. U.S.A.", PFEIFER_TITLE),
        ("25946295", "Schlumberger M", 2015, "N. Engl. J. Med.", LENVATINIB),
    ],
    "medline-export.nbib": [
        ("996879", "Lake BG", 1976, "Toxicology", LAKE_TITLE),
        ("1", "Makar AB", 1975, "Biochem Med", MAKAR_TITLE),
    ],
    "wos-export.txt": [
        (
            "37903272",
            "Pfeifer CW",
            2023,
            "PROCEEDINGS OF THE NATIONAL ACADEMY OF SCIENCES OF THE UNITED STATES OF AMERICA",
            PFEIFER_TITLE,
        ),
        ("25946295", "Schlumberger M", 2015, "NEW ENGLAND JOURNAL OF MEDICINE", LENVATINIB),
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_reference_claims_its_fields(name: str) -> None:
    assert [_facts(c) for c in _citations(name)] == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_right_references_verify_against_their_records(name: str) -> None:
    records = {r.pmid: r for r in fixture_records()}
    verdicts = {c.pmid: claim_verdict(c.claim, records[c.pmid]) for c in _citations(name)}
    assert verdicts == {pmid: (Status.VERIFIED, []) for pmid in verdicts}


def test_every_author_is_read_with_initials() -> None:
    (pfeifer, *_) = _citations("uniprot-entry.txt")
    names = [(n.last_name, n.initials) for n in pfeifer.claim.author_names]
    assert names[:2] == [("Pfeifer", "CW"), ("Walsh", "JT")] and len(names) == 10
    (genbank, _) = _citations("genbank-record.gb")
    assert genbank.claim.author_names == pfeifer.claim.author_names


@pytest.mark.parametrize(
    ("name", "right", "wrong", "field"),
    [
        ("uniprot-entry.txt", "RA   Makar A.B., McMartin", "RA   Maker A.B., McMartin", "author"),
        (
            "uniprot-entry.txt",
            "Biochem. Med. 13:117-126(1975)",
            "Biochem. Med. 13:117-126(1957)",
            "year",
        ),
        ("genbank-record.gb", "N. Engl. J. Med. 372 (19)", "Lancet 372 (19)", "journal"),
        ("medline-export.nbib", "AU  - Makar AB", "AU  - Tephly TR", "author"),
        ("wos-export.txt", "PY 2015", "PY 2012", "year"),
    ],
)
def test_a_wrong_field_is_flagged(name: str, right: str, wrong: str, field: str) -> None:
    text = (TAGGED / name).read_text(encoding="utf-8-sig")
    assert right in text
    records = {r.pmid: r for r in fixture_records()}
    flagged = {
        c.pmid: claim_verdict(c.claim, records[c.pmid])
        for c in _citations(name, text.replace(right, wrong))
    }
    (pmid, (status, shown)) = next(
        (p, v) for p, v in flagged.items() if v[0] is not Status.VERIFIED
    )
    assert status is Status.MISMATCH and shown[0].startswith(f"{field}:"), shown
    assert all(v == (Status.VERIFIED, []) for p, v in flagged.items() if p != pmid)


def test_a_page_quoting_one_tagged_line_is_read_as_a_page() -> None:
    text = (
        "PubMed's MEDLINE export starts each record with its PMID:\n\n"
        "PMID- 18349204\n\n"
        "References\n"
        "1. Eichenberger U, Neff F, Sveticic G, et al. Chronic phantom limb pain: the effects "
        "of calcitonin, ketamine, and their combination on pain and sensory thresholds. "
        "Anesth Analg. 2008;106(4):1265-73. PMID: 18349204\n"
    )
    assert tagged_extraction(text, lambda offset: 1) is None
    entry = next(c for c in _citations("how-to.txt", text) if c.claim.authors)
    assert entry.claim.year == 2008 and entry.claim.journal == "Anesth Analg"
