"""Self-contained HTML report for editors: open in a browser, forward, print.

One file with inline CSS and a few lines of inline JS, no external resource of
any kind, and a Content-Security-Policy that forbids loading one: the report
is mailed around and opened from disk, and it quotes text from web pages and
from PubMed that we do not control. Every such text goes through `_esc`; the
script carries no data at all (filters work on CSS classes and data
attributes), so hostile text has no way into it. With JS off the filter bar
stays hidden and everything is shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from refcheck.models import (
    CitationResult,
    Field,
    Finding,
    PageResult,
    PubMedRecord,
    RunResult,
    Severity,
    Status,
)
from refcheck.report import common

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"

CSS = """
:root{--err:#b3261e;--warn:#8a5a00;--info:#35607f;--ok:#2e6b30;--mute:#6b6b6b;--line:#d8d8d8}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d1d1d;
 margin:0 auto;padding:1rem 1.5rem 3rem;max-width:75rem}
h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.25rem;margin:0 0 .4rem}
h3{font-size:1.05rem;margin:1rem 0 .4rem}h4{font-size:1rem;margin:0 0 .4rem}
a{color:#1a4f8b}
.meta,.muted{color:var(--mute)}
.stats{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0;margin:.5rem 0}
.stat{border:1px solid var(--line);border-radius:6px;padding:.35rem .8rem;min-width:7rem}
.stat .n{display:block;font-size:1.4rem;font-weight:600}
.stat-mismatch .n,.stat-not_found .n,.stat-page_errors .n{color:var(--err)}
.stat-unverified .n{color:var(--warn)}.stat-verified .n{color:var(--ok)}
table{border-collapse:collapse;margin:.3rem 0}
th,td{border:1px solid var(--line);padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f4f4}
table.sbs{width:100%;table-layout:fixed}
.badge{display:inline-block;border-radius:4px;padding:0 .4rem;font-size:.8rem;
 font-weight:600;color:#fff;background:var(--mute);text-transform:uppercase}
.badge.sev-error{background:var(--err)}.badge.sev-warning{background:var(--warn)}
.badge.sev-info{background:var(--info)}.badge.new{background:#6a1b9a}
.badge.status-verified{background:var(--ok)}.badge.status-mismatch{background:var(--err)}
.badge.status-not_found{background:var(--err)}.badge.status-unverified{background:var(--warn)}
.kind{font-family:ui-monospace,monospace;font-size:.85rem;color:var(--mute)}
.page{border-top:3px solid var(--line);padding:1rem 0;margin-top:1rem}
.page.worst-error{border-top-color:var(--err)}.page.worst-warning{border-top-color:var(--warn)}
.card{border:1px solid var(--line);border-radius:6px;padding:.6rem .8rem;margin:.6rem 0}
.finding{border-left:4px solid var(--line);padding:.2rem 0 .2rem .6rem;margin:.5rem 0}
.finding.sev-error{border-left-color:var(--err)}.finding.sev-warning{border-left-color:var(--warn)}
.finding.sev-info{border-left-color:var(--info)}
.finding.waived{opacity:.6}.finding.waived .badge.sev{text-decoration:line-through}
.finding p{margin:.15rem 0}
.read-error{border:1px solid var(--err);background:#fdf0ef;padding:.5rem .8rem;border-radius:6px}
#filters{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start;margin:1rem 0;
 padding:.5rem .8rem;border:1px solid var(--line);border-radius:6px;background:#fafafa}
#filters fieldset{border:0;padding:0;margin:0}
#filters legend{font-weight:600;padding:0}
#filters label{margin-right:.6rem;white-space:nowrap}
details{margin:.5rem 0}summary{cursor:pointer}
ul.plain{padding-left:1.2rem}
@media print{
 #filters{display:none!important}
 body{max-width:none;padding:0;font-size:11pt}
 .card,.finding,tr{break-inside:avoid}
 details>*{display:block}
 a{color:inherit}
}
@media print{details::details-content{content-visibility:visible;display:block}}
"""

# No data in the script: it only toggles `hidden` from checkboxes and opens
# <details> for printing.
SCRIPT = """
(function(){
 var nav=document.getElementById('filters');
 if(nav){
  nav.hidden=false;
  var on=function(name){var s={};
   nav.querySelectorAll('input[data-filter="'+name+'"]').forEach(function(i){
    if(i.checked){s[i.value]=true;}});return s;};
  var apply=function(){
   var sev=on('sev'),kind=on('kind'),waived=on('waived').yes===true;
   document.querySelectorAll('.finding').forEach(function(f){
    var d=f.dataset;f.hidden=!(sev[d.sev]&&kind[d.kind]&&(waived||d.waived!=='yes'));});
   document.querySelectorAll('.card').forEach(function(c){
    var fs=c.querySelectorAll('.finding');if(!fs.length){return;}
    c.hidden=Array.prototype.every.call(fs,function(f){return f.hidden;});});
  };
  nav.addEventListener('change',apply);
 }
 var opened=[];
 window.addEventListener('beforeprint',function(){
  document.querySelectorAll('details:not([open])').forEach(function(d){d.open=true;opened.push(d);});});
 window.addEventListener('afterprint',function(){
  opened.forEach(function(d){d.open=false;});opened=[];});
})();
"""


def render(
    result: RunResult,
    *,
    title: str = "refcheck: citation report",
    generated_at: str | None = None,
) -> str:
    """The whole report as one HTML document (no I/O: the caller writes it)."""
    pages = common.ordered_pages(result)
    body = [
        f"<header><h1>{_esc(title)}</h1>{_generated(generated_at)}</header>",
        _summary(result, pages),
        _filters(result),
        "<main>",
        *(_page_section(page, i) for i, page in enumerate(pages, 1)),
        "</main>",
        _footer(result),
        f"<script>{SCRIPT}</script>",
    ]
    return "\n".join([_head(title), "<body>", *body, "</body>", "</html>", ""])


# --------------------------------------------------------------------------- primitives


def _esc(value: object) -> str:
    """Escape any text for element content and attribute values alike."""
    text = value if isinstance(value, str) else common.format_value(value)
    return escape(common.clean_text(text), quote=True)


def _link(href: str, text: str, *, css: str = "") -> str:
    """An anchor; `href` must come from a trusted builder (pubmed_url, page_link, '#id')."""
    cls = f' class="{_esc(css)}"' if css else ""
    return f'<a href="{_esc(href)}"{cls}>{_esc(text)}</a>'


def _pubmed_link(pmid: str, text: str | None = None) -> str:
    """A link to the PubMed record, the one external destination besides the page itself."""
    return _link(common.pubmed_url(pmid), text or f"PMID {pmid}")


def _badge(text: str, css: str) -> str:
    return f'<span class="badge {_esc(css)}">{_esc(text)}</span>'


def _sev_badge(sev: Severity) -> str:
    return _badge(sev.value, f"sev sev-{sev.value}")


def _status_badge(status: Status) -> str:
    return _badge(common.STATUS_LABELS[status], f"status status-{status.value}")


def _generated(generated_at: str | None) -> str:
    return f'<p class="meta">Generated {_esc(generated_at)}</p>' if generated_at else ""


def _head(title: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_esc(CSP)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{_esc(title)}</title>\n<style>{CSS}</style>\n</head>"
    )


# --------------------------------------------------------------------------- summary


def _summary(result: RunResult, pages: list[PageResult]) -> str:
    """Counts first: the nightly reader decides from these whether to read on."""
    s = result.summary()
    tiles = [
        ("pages", s.pages, "pages"),
        ("citations", s.citations, "citations"),
        ("verified", s.verified, "verified"),
        ("mismatch", s.mismatch, "mismatch"),
        ("not_found", s.not_found, "not found"),
        ("unverified", s.unverified, "unverified"),
        ("page_errors", s.page_errors, "page read errors"),
    ]
    stats = "".join(
        f'<li class="stat stat-{key}" data-count="{key}"><span class="n">{n}</span>'
        f"{_esc(label)}</li>"
        for key, n, label in tiles
    )
    line = [
        common.plural(s.errors, "error"),
        common.plural(s.warnings, "warning"),
        f"{s.infos} info",
    ]
    new = common.new_count(result)
    if new is not None:
        line.append(f'<span class="count-new" data-count="new">{new}</span> new since last run')
    line.append(
        f'<span class="count-waived" data-count="waived">'
        f"{common.waived_count(result)}</span> waived"
    )
    return (
        '<section id="summary"><h2>Summary</h2>'
        f'<ul class="stats">{stats}</ul>'
        f'<p class="findings-line">Findings: {" · ".join(line)}</p>'
        f"{_kind_table(result)}{_page_index(pages)}</section>"
    )


def _kind_table(result: RunResult) -> str:
    """Problems by kind (Finding.field), so a systematic error stands out."""
    rows = common.kind_counts(result)
    if not rows:
        return '<p class="muted">No findings.</p>'
    body = "".join(
        f'<tr data-kind="{_esc(r.field.value)}"><th scope="row">{_esc(r.field.value)}</th>'
        f"<td>{r.errors}</td><td>{r.warnings}</td><td>{r.infos}</td><td>{r.total}</td></tr>"
        for r in rows
    )
    return (
        '<table class="kinds"><caption>Findings by kind (waived excluded)</caption>'
        "<thead><tr><th>Kind</th><th>Errors</th><th>Warnings</th><th>Info</th><th>Total</th>"
        f"</tr></thead><tbody>{body}</tbody></table>"
    )


def _page_index(pages: list[PageResult]) -> str:
    """A contents list for multi-page runs, worst pages first."""
    if len(pages) < 2:
        return ""
    items = []
    for i, page in enumerate(pages, 1):
        sev = common.worst_severity(page)
        badge = _sev_badge(sev) + " " if sev else ""
        items.append(f"<li>{badge}{_link(f'#page-{i}', page.source)}</li>")
    return f'<h3>Pages</h3><ol class="page-index">{"".join(items)}</ol>'


def _filters(result: RunResult) -> str:
    """Filter checkboxes; hidden until the script runs, so JS-off readers see everything."""
    kinds = common.kinds_present(result)
    if not kinds:
        return ""
    sev = "".join(_checkbox("sev", s.value, s.value) for s in common.SEVERITY_ORDER)
    kind = "".join(_checkbox("kind", k.value, k.value) for k in kinds)
    waived = _checkbox("waived", "yes", "show waived")
    return (
        '<nav id="filters" aria-label="Filters" hidden>'
        f"<fieldset><legend>Severity</legend>{sev}</fieldset>"
        f"<fieldset><legend>Kind</legend>{kind}</fieldset>"
        f"<fieldset><legend>Waivers</legend>{waived}</fieldset>"
        '<p class="muted">Filters apply to findings; unverified citations and read errors '
        "are always shown.</p></nav>"
    )


def _checkbox(group: str, value: str, label: str) -> str:
    return (
        f'<label><input type="checkbox" data-filter="{_esc(group)}" value="{_esc(value)}" '
        f"checked> {_esc(label)}</label>"
    )


def _footer(result: RunResult) -> str:
    """Run statistics (requests, cache hits) for whoever maintains the nightly job."""
    if not result.stats:
        return ""
    items = ", ".join(f"{_esc(k)}: {_esc(str(v))}" for k, v in sorted(result.stats.items()))
    return f'<footer class="meta"><p>Run statistics: {items}</p></footer>'


# --------------------------------------------------------------------------- pages


def _page_section(page: PageResult, index: int) -> str:
    """One page: read error, problems, page-level findings, unverified, then verified."""
    sev = common.worst_severity(page)
    worst = sev.value if sev else "none"
    heading = (_sev_badge(sev) + " " if sev else "") + _page_title(page)
    problems = [c for c in page.citations if common.citation_needs_attention(c)]
    unverified = [c for c in page.citations if c.status is Status.UNVERIFIED]
    verified = [
        c
        for c in page.citations
        if c.status is Status.VERIFIED and not common.citation_needs_attention(c)
    ]
    parts = [
        f'<section class="page worst-{worst}" id="page-{index}" data-worst="{worst}">',
        f"<h2>{heading}</h2>",
        _page_meta(page),
        _read_error(page),
        _problem_list(problems, index),
        _page_findings(page.findings),
        _unverified_list(unverified),
        _verified_details(verified),
        "</section>",
    ]
    return "\n".join(p for p in parts if p)


def _page_title(page: PageResult) -> str:
    """The page source, linked when it lives on the web (http/https only)."""
    href = common.page_link(page)
    if href is None:
        return f'<span class="source">{_esc(page.source)}</span>'
    return _link(href, page.source, css="source")


def _page_meta(page: PageResult) -> str:
    counts = {s: sum(1 for c in page.citations if c.status is s) for s in Status}
    parts = [common.plural(len(page.citations), "citation")]
    parts += [f"{n} {common.STATUS_LABELS[s]}" for s, n in counts.items() if n]
    return f'<p class="meta">{_esc(", ".join(parts))}</p>'


def _read_error(page: PageResult) -> str:
    if not page.error:
        return ""
    return (
        '<div class="read-error" data-sev="error"><strong>Could not read this page:</strong> '
        f"{_esc(page.error)}</div>"
    )


def _problem_list(problems: list[CitationResult], page_index: int) -> str:
    if not problems:
        return ""
    cards = "".join(_citation_card(c, f"page-{page_index}-c{i}") for i, c in enumerate(problems))
    return f'<h3>Problems ({len(problems)})</h3><div class="problems">{cards}</div>'


def _page_findings(findings: Iterable[Finding]) -> str:
    ordered = common.by_severity(findings)
    if not ordered:
        return ""
    body = "".join(_finding(f) for f in ordered)
    return f'<h3>Page-level findings</h3><div class="card page-findings">{body}</div>'


def _unverified_list(cits: list[CitationResult]) -> str:
    """Citations nobody could check, with why: never let them pass as verified."""
    if not cits:
        return ""
    items = "".join(
        f'<li class="unverified">{_citation_heading_text(c)}: '
        f'<span class="reason">{_esc(c.reason or "no reason given")}</span>'
        f"{_findings_block(c.findings)}</li>"
        for c in cits
    )
    return f'<h3>Unverified citations ({len(cits)})</h3><ul class="plain">{items}</ul>'


def _verified_details(cits: list[CitationResult]) -> str:
    """Verified citations collapsed: evidence for the curious, out of the way of the rest."""
    if not cits:
        return ""
    items = "".join(
        f'<li class="verified">{_citation_heading_text(c)}'
        f"{': ' + _esc(common.describe_record(c.record)) if c.record else ''}"
        f"{_pmid_only_note(c)}{_findings_block(c.findings)}</li>"
        for c in cits
    )
    summary = common.plural(len(cits), "verified citation")
    return (
        f'<details class="verified-list"><summary>{summary}</summary>'
        f'<ul class="plain">{items}</ul></details>'
    )


def _pmid_only_note(cit: CitationResult) -> str:
    if not common.claims_nothing(cit):
        return ""
    return f' <span class="muted">({common.PMID_ONLY})</span>'


def _citation_heading_text(cit: CitationResult) -> str:
    """`[3] PMID 123` with the PMID linked to PubMed."""
    c = cit.citation
    label = f"[{_esc(c.label)}] " if c.label else ""
    return label + _pubmed_link(c.pmid)


# --------------------------------------------------------------------------- citations


def _citation_card(cit: CitationResult, anchor: str) -> str:
    """A problem citation: what the page says next to what PubMed has, then each finding."""
    line = f' <span class="meta">line {cit.citation.line}</span>' if cit.citation.line else ""
    return (
        f'<article class="card citation status-{_esc(cit.status.value)}" id="{_esc(anchor)}">'
        f"<h4>{_status_badge(cit.status)} {_citation_heading_text(cit)}{line}</h4>"
        f"{_reference_table(cit)}{_findings_block(cit.findings)}</article>"
    )


def _reference_table(cit: CitationResult) -> str:
    """The whole reference, side by side: the entry as written vs the PubMed record."""
    said = cit.citation.text or common.describe_claim(cit.citation.claim)
    return (
        '<table class="sbs reference"><thead><tr><th>Page says</th><th>PubMed has</th>'
        f"</tr></thead><tbody><tr><td>{_esc(said)}</td><td>{_record_cell(cit)}</td></tr>"
        "</tbody></table>"
    )


def _record_cell(cit: CitationResult) -> str:
    if cit.record is not None:
        return _record_block(cit.record)
    if cit.status is Status.NOT_FOUND:
        text = f"No record for PMID {cit.citation.pmid}"
        reason = f" ({_esc(cit.reason)})" if cit.reason else ""
        return f'<span class="missing">{_esc(text)}</span>{reason}'
    return f'<span class="muted">{_esc(cit.reason or "record not available")}</span>'


def _record_block(record: PubMedRecord) -> str:
    """The record in one line, its PubMed link and any retraction/erratum notices."""
    notices = "".join(
        f'<li class="notice">{_esc(label)} '
        f"{_pubmed_link(c.pmid) if c.pmid else ''} {_esc(c.source)}</li>"
        for label, c in common.record_notices(record)
    )
    notice_list = f'<ul class="notices">{notices}</ul>' if notices else ""
    doi = f' <span class="doi">doi: {_esc(record.doi)}</span>' if record.doi else ""
    return (
        f"{_esc(common.describe_record(record))}{doi}<br>"
        f"{_pubmed_link(record.pmid, 'Open in PubMed')}{notice_list}"
    )


def _findings_block(findings: Iterable[Finding]) -> str:
    ordered = common.by_severity(findings)
    return "".join(_finding(f) for f in ordered)


def _finding(f: Finding) -> str:
    """One finding: badges, message, claimed vs actual, suggested fix, waiver."""
    waived = "yes" if f.waived else "no"
    classes = f"finding sev-{f.severity.value} kind-{f.field.value}"
    classes += " waived" if f.waived else ""
    marked = common.is_new_problem(f)
    classes += " new" if marked else ""
    new = " " + _badge("new", "new") if marked and not f.waived else ""
    head = (
        f'<p class="finding-head">{_sev_badge(f.severity)} '
        f'<span class="kind">{_esc(f.field.value)}</span>{new} '
        f'<span class="message">{_esc(f.message)}</span></p>'
    )
    return (
        f'<div class="{classes}" data-sev="{_esc(f.severity.value)}" '
        f'data-kind="{_esc(f.field.value)}" data-waived="{waived}">'
        f"{head}{_claimed_actual(f)}{_suggestion(f.suggestion)}{_waiver(f)}</div>"
    )


def _claimed_actual(f: Finding) -> str:
    """Claimed vs PubMed for this one field, when the finding carries them."""
    claimed, actual = common.format_value(f.claimed), common.format_value(f.actual)
    if not claimed and not actual:
        return ""
    if f.field in (Field.PMID, Field.NOTICE):  # their `actual` is a PMID (record or notice)
        actual_html = _pmid_or_text(actual)
    else:
        actual_html = _esc(actual) or '<span class="muted">—</span>'
    claimed_html = _esc(claimed) or '<span class="muted">—</span>'
    return (
        '<table class="sbs"><thead><tr><th>Page says</th><th>PubMed has</th></tr></thead>'
        f"<tbody><tr><td>{claimed_html}</td><td>{actual_html}</td></tr></tbody></table>"
    )


def _pmid_or_text(text: str) -> str:
    return _pubmed_link(text) if common.is_pmid(text) else _esc(text)


def _suggestion(text: str | None) -> str:
    """The suggested fix, with any PMID in it linked to PubMed so it can be checked."""
    if not text:
        return ""
    html = "".join(
        _pubmed_link(pmid, piece) if pmid else _esc(piece)
        for piece, pmid in common.suggestion_parts(text)
    )
    return f'<p class="fix"><strong>Suggested fix:</strong> {html}</p>'


def _waiver(f: Finding) -> str:
    if not f.waived:
        return ""
    reason = _esc(f.waiver_reason) if f.waiver_reason else "no reason given"
    return f'<p class="waiver"><strong>Waived:</strong> {reason}</p>'
