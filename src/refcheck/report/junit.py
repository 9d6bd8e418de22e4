"""JUnit XML for CI dashboards (Jenkins, GitLab, GitHub test reporters).

Mapping: one <testsuite> per page, one <testcase> per citation.
- a live (not waived) finding as severe as `fail_on` (the run's `--fail-on`, as the exit
  code counts them), or a PMID NCBI does not know -> <failure>
- an unverified citation -> <skipped> with the reason (it was not checked, it did not pass)
- a page that could not be read -> one testcase with an <error>
- page-level findings -> one extra testcase "page-level findings"
Other findings never fail a test; they are listed in <system-out>. A dashboard then
fails the tests the exit code fails on: with `--fail-on error` (the default) a warning
was a failed test in a run that passed.
Built with ElementTree, which escapes text and attributes; characters XML 1.0
forbids are dropped first.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

from refcheck.models import CitationResult, Finding, PageResult, RunResult, Severity, Status
from refcheck.policy import FAIL_ON_CHOICES
from refcheck.report import common

_NEVER = max(s.rank for s in Severity) + 1  # `--fail-on never`: no finding fails a test


@dataclass
class _Counts:
    """Totals a <testsuite>/<testsuites> element must carry as attributes."""

    tests: int = 0
    failures: int = 0
    errors: int = 0
    skipped: int = 0

    def add(self, case: ET.Element) -> None:
        self.tests += 1
        self.failures += case.find("failure") is not None
        self.errors += case.find("error") is not None
        self.skipped += case.find("skipped") is not None

    def merge(self, other: _Counts) -> None:
        self.tests += other.tests
        self.failures += other.failures
        self.errors += other.errors
        self.skipped += other.skipped

    def apply(self, element: ET.Element) -> None:
        for name in ("tests", "failures", "errors", "skipped"):
            element.set(name, str(getattr(self, name)))


def render(result: RunResult, *, name: str = "refcheck", fail_on: str = "warning") -> str:
    """The JUnit XML document as text, with an XML declaration. `fail_on`: one of
    policy.FAIL_ON_CHOICES (the default keeps every problem an editor must act on)."""
    if fail_on not in FAIL_ON_CHOICES:
        raise ValueError(f"fail_on must be one of {FAIL_ON_CHOICES}")
    root = ET.Element("testsuites", {"name": _x(name)})
    total = _Counts()
    threshold = _NEVER if fail_on == "never" else Severity(fail_on).rank
    for page in common.ordered_pages(result):
        suite, counts = _suite(page, threshold)
        root.append(suite)
        total.merge(counts)
    total.apply(root)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _x(text: str) -> str:
    """Text fit for XML 1.0 (ElementTree escapes but does not drop forbidden characters)."""
    return common.clean_text(text)


def _suite(page: PageResult, threshold: int) -> tuple[ET.Element, _Counts]:
    suite = ET.Element("testsuite", {"name": _x(page.source)})
    url = common.page_link(page)
    if url:
        props = ET.SubElement(suite, "properties")
        ET.SubElement(props, "property", {"name": "url", "value": _x(url)})
    cases = [
        _citation_case(page, c, name, threshold)
        for c, name in zip(page.citations, _case_names(page.citations), strict=True)
    ]
    if page.error:
        cases.insert(0, _read_error_case(page))
    if page.findings:
        cases.append(_page_findings_case(page, threshold))
    counts = _Counts()
    for case in cases:
        suite.append(case)
        counts.add(case)
    counts.apply(suite)
    return suite, counts


def _case(page: PageResult, name: str) -> ET.Element:
    return ET.Element("testcase", {"classname": _x(page.source), "name": _x(name), "time": "0"})


def _read_error_case(page: PageResult) -> ET.Element:
    case = _case(page, "read page")
    error = ET.SubElement(case, "error", {"message": _x(page.error or ""), "type": "read_error"})
    error.text = _x(page.error or "")
    return case


def _case_names(citations: Sequence[CitationResult]) -> list[str]:
    """`[3] PMID 18349204`, made unique within the page: dashboards key a test's history on
    class and name, and merge two cases of one name (a PMID cited twice, unnumbered)."""
    labels = [common.citation_label(c.citation) for c in citations]
    repeated = {label for label in labels if labels.count(label) > 1}
    seen: dict[str, int] = {}
    names: list[str] = []
    for c, label in zip(citations, labels, strict=True):
        if label not in repeated:
            names.append(label)
            continue
        seen[label] = seen.get(label, 0) + 1
        name = f"{label} (line {c.citation.line})" if c.citation.line else ""
        if not name or name in names:  # twice on one line, or no line known: its place
            name = f"{label} ({seen[label]})"
        names.append(name)
    return names


def _citation_case(page: PageResult, cit: CitationResult, name: str, threshold: int) -> ET.Element:
    case = _case(page, name)
    problems = _failing(cit.findings, threshold)
    if problems:
        _fail(case, problems, _citation_context(cit))
    elif cit.status is Status.NOT_FOUND and threshold <= Severity.ERROR.rank:
        text = cit.reason or f"PubMed has no record for PMID {cit.citation.pmid}"
        failure = ET.SubElement(case, "failure", {"message": _x(text), "type": "not_found"})
        failure.text = _x(_citation_context(cit))
    elif cit.status is Status.UNVERIFIED:
        ET.SubElement(case, "skipped", {"message": _x(cit.reason or "could not be checked")})
    _system_out(case, [f for f in cit.findings if f not in problems])
    return case


def _page_findings_case(page: PageResult, threshold: int) -> ET.Element:
    case = _case(page, "page-level findings")
    problems = _failing(page.findings, threshold)
    if problems:
        _fail(case, problems, "")
    _system_out(case, [f for f in page.findings if f not in problems])
    return case


def _failing(findings: Sequence[Finding], threshold: int) -> list[Finding]:
    """The findings that fail a test, worst first: live and as severe as the threshold."""
    return [
        f for f in common.by_severity(findings) if not f.waived and f.severity.rank >= threshold
    ]


def _fail(case: ET.Element, problems: Sequence[Finding], context: str) -> None:
    """One <failure> (JUnit allows one): worst finding as message, all of them in the text."""
    worst = problems[0]
    failure = ET.SubElement(
        case, "failure", {"message": _x(worst.message), "type": worst.field.value}
    )
    lines = [_finding_line(f) for f in problems]
    failure.text = _x("\n".join([*lines, context] if context else lines))


def _system_out(case: ET.Element, findings: Sequence[Finding]) -> None:
    """Findings below the threshold and waived ones: visible in the dashboard, no failure."""
    if findings:
        out = ET.SubElement(case, "system-out")
        out.text = _x("\n".join(_finding_line(f) for f in findings))


def _finding_line(f: Finding) -> str:
    flags = " (waived: " + (f.waiver_reason or "no reason") + ")" if f.waived else ""
    flags += " (new)" if common.is_new_problem(f) else ""
    line = f"[{f.severity.value}] {f.field.value}: {f.message}{flags}"
    claimed, actual = common.format_value(f.claimed), common.format_value(f.actual)
    if claimed or actual:
        line += f"\n  page says: {claimed}\n  PubMed has: {actual}"
    if f.suggestion:
        line += f"\n  suggested fix: {f.suggestion}"
    return line


def _citation_context(cit: CitationResult) -> str:
    parts = [f"reference: {cit.citation.text}" if cit.citation.text else ""]
    if cit.record:
        parts.append(f"PubMed: {common.describe_record(cit.record)}")
    parts.append(common.pubmed_url(cit.citation.pmid))
    return "\n".join(p for p in parts if p)
