"""A page's verdicts from its extraction and the lookup outcomes (pure).

Kept apart from the pipeline (refcheck.api) because this is the step whose
results are stored and reused (refcheck.memo): its code, with the comparison
rules it calls, is fingerprinted, so any change to it invalidates what an
earlier version judged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from refcheck.compare import claim_as_read, compare_claim, status_for
from refcheck.compare.references import check_references
from refcheck.lookup import Resolved, normalize_pmid
from refcheck.models import (
    Citation,
    CitationResult,
    Extraction,
    Field,
    Finding,
    NotFound,
    Severity,
    Status,
    Unavailable,
)


def _not_found_finding(pmid: str, valid: bool) -> Finding:
    message = (
        f"PMID {pmid} does not exist in PubMed"
        if valid
        else f'"{pmid}" is not a valid PMID (PMIDs are whole numbers from 1)'
    )
    return Finding(Field.PMID, Severity.ERROR, message, claimed=pmid, actual=None)


def _stale_finding(resolved: Resolved) -> Finding:
    return Finding(
        Field.NOTICE,
        Severity.INFO,
        f"NCBI could not be reached to re-check retraction status; "
        f"record from cache, {resolved.age_days:.0f} days old",
    )


def judge(citation: Citation, resolved: Resolved | None, *, current_year: int) -> CitationResult:
    """One citation's verdict from its lookup outcome."""
    key = normalize_pmid(citation.pmid)
    if key is None or resolved is None:
        return CitationResult(
            citation,
            Status.NOT_FOUND,
            (_not_found_finding(citation.pmid, valid=False),),
            reason="not a valid PMID",
        )
    outcome = resolved.outcome
    if isinstance(outcome, Unavailable):
        return CitationResult(citation, Status.UNVERIFIED, reason=outcome.reason)
    if isinstance(outcome, NotFound):
        return CitationResult(
            citation,
            Status.NOT_FOUND,
            (_not_found_finding(key, valid=True),),
            reason="PubMed has no record with this PMID",
        )
    # the result carries the claim as the comparison read it (a journal-first entry's
    # journal, not the note the extraction took for it; the page's year, not its title's),
    # so reports show that
    claim = claim_as_read(citation, outcome)
    if claim is not citation.claim:
        citation = replace(citation, claim=claim)
    findings = compare_claim(claim, outcome, current_year=current_year)
    if resolved.stale:
        findings = (*findings, _stale_finding(resolved))
    return CitationResult(citation, status_for(findings), findings, record=outcome)


def judge_all(
    citations: Iterable[Citation], resolved: Mapping[str, Resolved], year: int
) -> list[CitationResult]:
    return [
        judge(c, resolved.get(normalize_pmid(c.pmid) or ""), current_year=year) for c in citations
    ]


def with_reference_findings(
    results: list[CitationResult], extraction: Extraction
) -> tuple[list[CitationResult], tuple[Finding, ...]]:
    """Add the reference-list findings: entries never cited in the text, page-level ones."""
    check = check_references(extraction)
    if not check.uncited_labels:
        return results, check.page_findings
    out = []
    for r in results:
        label = r.citation.label
        if label is not None and label in check.uncited_labels:
            f = Finding(
                Field.REFERENCE,
                Severity.WARNING,
                f"reference {label} is never cited in the text",
                claimed=label,
            )
            r = replace(r, findings=(*r.findings, f))
        out.append(r)
    return out, check.page_findings


def judge_page(
    extraction: Extraction, resolved: Mapping[str, Resolved], year: int
) -> tuple[list[CitationResult], tuple[Finding, ...]]:
    """Every citation of a page judged, plus the page's reference-list findings."""
    return with_reference_findings(judge_all(extraction.citations, resolved, year), extraction)
