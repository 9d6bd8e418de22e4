"""Plain-dict forms of the models, for the JSON report and the cache.

The JSON contract (DESIGN.md section 4) is built here and only here, so the
shape other tools parse has one definition.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from refcheck.models import (
    Citation,
    CitationResult,
    CommentCorrection,
    Finding,
    PageResult,
    PersonName,
    PubMedRecord,
    RunResult,
)

JSON = dict[str, Any]


def name_to_dict(name: PersonName) -> JSON:
    return {
        "last_name": name.last_name,
        "initials": name.initials,
        "fore_name": name.fore_name,
        "suffix": name.suffix,
        "collective": name.collective,
    }


def record_to_dict(record: PubMedRecord) -> JSON:
    return {
        "pmid": record.pmid,
        "title": record.title,
        "authors": [name_to_dict(a) for a in record.authors],
        "journal_title": record.journal_title,
        "iso_abbreviation": record.iso_abbreviation,
        "medline_ta": record.medline_ta,
        "pub_year": record.pub_year,
        "pub_year_end": record.pub_year_end,
        "epub_year": record.epub_year,
        "pub_date": record.pub_date,
        "volume": record.volume,
        "issue": record.issue,
        "pages": record.pages,
        "doi": record.doi,
        "publication_types": list(record.publication_types),
        "comments_corrections": [
            {"ref_type": c.ref_type, "pmid": c.pmid, "source": c.source}
            for c in record.comments_corrections
        ],
        "vernacular_title": record.vernacular_title,
        "is_book": record.is_book,
        "author_list_complete": record.author_list_complete,
    }


def record_from_dict(data: Mapping[str, Any]) -> PubMedRecord:
    return PubMedRecord(
        pmid=data["pmid"],
        title=data["title"],
        authors=tuple(PersonName(**a) for a in data["authors"]),
        journal_title=data["journal_title"],
        iso_abbreviation=data["iso_abbreviation"],
        medline_ta=data["medline_ta"],
        pub_year=data["pub_year"],
        pub_year_end=data["pub_year_end"],
        epub_year=data["epub_year"],
        pub_date=data["pub_date"],
        volume=data["volume"],
        issue=data["issue"],
        pages=data["pages"],
        doi=data["doi"],
        publication_types=tuple(data["publication_types"]),
        comments_corrections=tuple(CommentCorrection(**c) for c in data["comments_corrections"]),
        vernacular_title=data["vernacular_title"],
        is_book=data["is_book"],
        author_list_complete=data["author_list_complete"],
    )


def finding_to_dict(finding: Finding) -> JSON:
    out: JSON = {
        "field": finding.field.value,
        "severity": finding.severity.value,
        "claimed": finding.claimed,
        "actual": finding.actual,
        "message": finding.message,
        "suggestion": finding.suggestion,
    }
    if finding.waived:
        out["waived"] = True
        out["waiver_reason"] = finding.waiver_reason
    if finding.new is not None:
        out["new"] = finding.new
    return out


def citation_to_dict(citation: Citation) -> JSON:
    claim = citation.claim
    return {
        "pmid": citation.pmid,
        "label": citation.label,
        "claimed": {
            "authors": list(claim.authors),
            "year": claim.year,
            "journal": claim.journal,
            "title": claim.title,
            "et_al": claim.et_al,
        },
        "text": citation.text,
        "line": citation.line,
        "notation": citation.notation,
    }


def citation_result_to_dict(result: CitationResult) -> JSON:
    out = citation_to_dict(result.citation)
    out["status"] = result.status.value
    out["reason"] = result.reason
    out["findings"] = [finding_to_dict(f) for f in result.findings]
    out["record"] = record_to_dict(result.record) if result.record else None
    return out


def page_to_dict(page: PageResult) -> JSON:
    return {
        "source": page.source,
        "url": page.url,
        "error": page.error,
        "citations": [citation_result_to_dict(c) for c in page.citations],
        "findings": [finding_to_dict(f) for f in page.findings],
    }


def run_totals(result: RunResult) -> JSON:
    """What follows the pages in a run's dict: its summary and its statistics."""
    return {"summary": asdict(result.summary()), "stats": dict(result.stats)}


def run_to_dict(result: RunResult) -> JSON:
    return {"pages": [page_to_dict(p) for p in result.pages], **run_totals(result)}
