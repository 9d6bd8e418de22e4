"""Reference-list hygiene: markers vs numbered references.

Only numbered schemes can be checked: with author-year citations or no
markers at all there is nothing to match, and guessing would produce false
alarms, so those pages get no findings. Pages without any PMID citation are
left alone too (refcheck checks PubMed citations, not general typography).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from refcheck.models import Extraction, Field, Finding, Severity


@dataclass(frozen=True)
class ReferenceCheck:
    """Page-level findings, and labels of cited references never marked in the body."""

    page_findings: tuple[Finding, ...]
    uncited_labels: frozenset[str]


_EMPTY = ReferenceCheck(page_findings=(), uncited_labels=frozenset())


def _all_labels(extraction: Extraction) -> list[str]:
    """Every reference entry's label (PMID or not) when the extractor knows them."""
    labels = getattr(extraction, "reference_labels", None)
    if labels:
        return [str(x) for x in labels]
    return list(dict.fromkeys(c.label for c in extraction.citations if c.label))


def _warn(message: str, claimed: object = None, actual: object = None) -> Finding:
    return Finding(
        field=Field.REFERENCE,
        severity=Severity.WARNING,
        message=message,
        claimed=claimed,
        actual=actual,
    )


def check_references(extraction: Extraction) -> ReferenceCheck:
    """Markers without references, duplicate/skipped numbers, never-cited references."""
    if not extraction.numbered or not extraction.markers or not extraction.citations:
        return _EMPTY
    labels = _all_labels(extraction)
    if not labels:
        return _EMPTY
    findings: list[Finding] = []
    counts = Counter(labels)
    for label, n in counts.items():
        if n > 1:
            findings.append(
                _warn(
                    f"reference number {label} is used {n} times in the list",
                    claimed=label,
                    actual=n,
                )
            )
    numbers = sorted({int(x) for x in labels if x.isdigit()})
    if numbers:
        missing = [n for n in range(1, numbers[-1] + 1) if n not in set(numbers)]
        if missing:
            shown = ", ".join(str(n) for n in missing[:20])
            findings.append(
                _warn(
                    f"reference list skips number(s) {shown}",
                    claimed=[str(n) for n in missing],
                    actual=[str(n) for n in numbers],
                )
            )
    known = set(labels)
    marked: set[str] = set()
    reported: set[str] = set()
    for marker in extraction.markers:
        for label in marker.labels:
            marked.add(label)
            if label not in known and label not in reported:
                reported.add(label)
                where = f" (line {marker.line})" if marker.line else ""
                findings.append(
                    _warn(
                        f"in-text marker {marker.text!r}{where} points to reference {label}, "
                        "which the reference list does not have",
                        claimed=label,
                        actual=None,
                    )
                )
    by_pmid: dict[str, list[str]] = {}
    for c in extraction.citations:
        if c.label:
            labels_of = by_pmid.setdefault(c.pmid.strip().lstrip("0"), [])
            if c.label not in labels_of:
                labels_of.append(c.label)
    for pmid, twice in by_pmid.items():
        if len(twice) > 1:  # one paper, two entries: the numbering after the copy is off
            findings.append(
                _warn(
                    f"PMID {pmid} is listed {len(twice)} times, as references "
                    f"{', '.join(twice[:-1])} and {twice[-1]}",
                    claimed=twice,
                )
            )
    with_pmid = {c.label for c in extraction.citations if c.label}
    without = [label for label in dict.fromkeys(labels) if label not in with_pmid]
    if without:
        # not a PubMed citation, so nothing to check; but on a list whose other entries
        # cite PMIDs, one that does not is most often a PMID left out (it simply vanished
        # from the report)
        shown = ", ".join(without[:20]) + (" ..." if len(without) > 20 else "")
        one = len(without) == 1
        findings.append(
            Finding(
                field=Field.REFERENCE,
                severity=Severity.INFO,
                message=(
                    f"reference{'' if one else 's'} {shown} cite{'s' if one else ''} no PMID: "
                    "not checked"
                ),
                claimed=without,
            )
        )
    uncited = frozenset(c.label for c in extraction.citations if c.label and c.label not in marked)
    return ReferenceCheck(page_findings=tuple(findings), uncited_labels=uncited)
