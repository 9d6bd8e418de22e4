"""Records cited as pages cite them, and what refcheck makes of such a citation (shared by
the style tests).

Elsevier's numbered style (`J.H. Krystal, A.P. Kaye, Title, Proc. Natl. Acad. Sci. U.S.A.
120 (2023) e1.`): initials first with periods and no spaces, six authors at most and then
`et al.`, the title without its final period, a comma, the journal abbreviated with periods
as journals print it, the volume, the year in brackets, the pages.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from refcheck.compare import compare_citation, status_for
from refcheck.eutils.parse import parse_efetch
from refcheck.extract.reference import parse_reference
from refcheck.models import Citation, Claim, PersonName, PubMedRecord, Severity, Status

FIXTURE_RECORDS = Path(__file__).resolve().parents[1] / "fixtures" / "records"
_MINOR = {"and", "of", "the", "in", "for", "on", "de", "la", "et", "a", "an", "to"}


@cache
def fixture_records() -> tuple[PubMedRecord, ...]:
    """The real records of fixtures/records/articles-*.xml (their fore names too, which the
    shared records.tsv lacks), as refcheck's own efetch parser reads them."""
    return tuple(
        record
        for path in sorted(FIXTURE_RECORDS.glob("articles-*.xml"))
        for record in parse_efetch(path.read_bytes()).records.values()
    )


def fixture_record(pmid: str) -> PubMedRecord:
    return next(r for r in fixture_records() if r.pmid == pmid)


def paper(
    pmid: str,
    title: str,
    journal: tuple[str, str, str],
    *authors: str | PersonName,
    year: int = 2021,
) -> PubMedRecord:
    """A record built by hand from a real paper's facts: `journal` is PubMed's (title, ISO
    abbreviation, MedlineTA), each author a PersonName or `Surname II`."""
    full, iso, ta = journal
    people = tuple(a if isinstance(a, PersonName) else PersonName(*a.split()) for a in authors)
    return PubMedRecord(
        pmid=pmid,
        title=title,
        authors=people,
        journal_title=full,
        iso_abbreviation=iso,
        medline_ta=ta,
        pub_year=year,
    )


CA_CANCER_J_CLIN = ("CA: a cancer journal for clinicians", "CA Cancer J Clin", "CA Cancer J Clin")
# real papers of yearly series, whose titles differ from the next one's only by the year:
# GLOBOCAN 2020 (PMID 33538338; GLOBOCAN 2018 is 30207593) and Cancer statistics, 2020
SUNG_2021 = paper(
    "33538338",
    "Global Cancer Statistics 2020: GLOBOCAN Estimates of Incidence and Mortality Worldwide "
    "for 36 Cancers in 185 Countries.",
    CA_CANCER_J_CLIN,
    "Sung H",
    "Ferlay J",
    "Siegel RL",
    "Laversanne M",
    year=2021,
)
SIEGEL_2020 = paper(
    "31912902",
    "Cancer statistics, 2020.",
    CA_CANCER_J_CLIN,
    "Siegel RL",
    "Miller KD",
    "Jemal A",
    year=2020,
)


def title_case(name: str) -> str:
    """A journal's name as pages write it: `Anesthesia and analgesia` -> `Anesthesia and
    Analgesia`."""
    words = name.split()
    return " ".join(
        w if i and w.lower() in _MINOR else w[:1].upper() + w[1:] for i, w in enumerate(words)
    )


# the words an ISO abbreviation leaves out (articles, prepositions, conjunctions)
_LEFT_OUT = {"of", "the", "and", "for", "in", "on", "at", "a", "an", "&", "de", "la", "et", "und"}


def _abbreviates(short: str, full: str) -> bool:
    """`Natl` abbreviates `National`: its letters in order, the first one first."""
    letters = iter(full.lower())
    return short[0].lower() == full[0].lower() and all(c in letters for c in short.lower())


def dotted_abbreviation(record: PubMedRecord) -> str:
    """The ISO abbreviation with a period after each abbreviated word, as journals print it
    (`Proc Natl Acad Sci U S A` -> `Proc. Natl. Acad. Sci. U.S.A.`). Only where each word
    lines up with a word of the full title; else PubMed's form as it is."""
    iso = record.iso_abbreviation
    m = re.fullmatch(r"(?P<main>[^()]+?)(?P<place>\s*\([^()]*\))?", iso)
    if "." in iso or m is None:
        return iso  # older records are dotted already (`N. Engl. J. Med.`)
    full = re.split(r"\s+[:=]\s+", re.sub(r"\([^()]*\)", " ", record.journal_title))[0]
    full_words = [w for w in re.findall(r"[^\W_]+", full) if w.lower() not in _LEFT_OUT]
    words = m.group("main").split()
    if len(words) != len(full_words):
        return iso
    out = ""
    for word, source in zip(words, full_words, strict=True):
        if word.lower() == source.lower():
            out += f" {word}"
        elif _abbreviates(word, source):
            # single letters run together as printed: `U.S.A.`, `N.Y.`
            glued = len(word) == 1 and re.search(r"(?:^|\s|\.)[A-Z]\.$", out)
            out += f"{'' if glued else ' '}{word}."
        else:
            return iso
    return out.strip() + (m.group("place") or "")


def _author(name: PersonName) -> str:
    if name.collective:
        return name.last_name
    suffix = f" {name.suffix}" if name.suffix else ""
    return "".join(f"{i}." for i in name.initials) + f" {name.last_name}{suffix}"


def elsevier(record: PubMedRecord, volume: str, issue: str, pages: str) -> str:
    """`J.H. Krystal, A.P. Kaye, Title, J. Abbr. 120 (2023) e1.`; with an `issue`,
    `120 (4) (2023)`."""
    names = [_author(a) for a in record.authors[:6]]
    authors = ", ".join(names) + (", et al." if len(record.authors) > 6 else "")
    title = record.title.rstrip(".")
    volume += f" ({issue})" if issue and volume else ""
    where = f"{volume} ({record.pub_year})" if volume else f"({record.pub_year})"
    pages = f" {pages}" if pages else ""
    return f"{authors}, {title}, {dotted_abbreviation(record) or record.medline_ta} {where}{pages}."


def pubmed_summary(record: PubMedRecord, *, short: bool = False, sep: str = " ") -> str:
    """The record as PubMed's search results show it (its "Summary" format), the title
    first: `Title. Hall N, Eldabe S. Br J Pain. 2018 Nov;12(4):202-207. PMID: 30349693`, or
    short: `Title. Hall N, et al. Br J Pain. 2018. PMID: 30349693`. A group's name follows
    the persons' after a semicolon (`Simes J; ASPIRE Investigators`). `sep` goes between
    the parts (a line break where a page keeps PubMed's lines)."""
    title = record.title if record.title.endswith((".", "?", "!")) else record.title + "."
    persons = [_pubmed_name(a) for a in record.authors if not a.collective]
    groups = [a.last_name for a in record.authors if a.collective]
    if short:
        more = len(record.authors) > 1
        authors = _pubmed_name(record.authors[0]) + (", et al." if more else ".")
    else:
        authors = "; ".join(filter(None, [", ".join(persons), *groups])) + "."
    journal = record.medline_ta or record.iso_abbreviation
    date = f"{record.pub_year}." if short else _summary_date(record)
    return sep.join([title, authors, f"{journal}. {date}", f"PMID: {record.pmid}"])


def _pubmed_name(name: PersonName) -> str:
    suffix = f" {name.suffix}" if name.suffix else ""
    return name.last_name if name.collective else f"{name.last_name} {name.initials}{suffix}"


def _summary_date(record: PubMedRecord) -> str:
    """`2018 Nov;12(4):202-207.`: the date as PubMed writes it, with its year the record's."""
    date = re.sub(r"^\d{4}", str(record.pub_year), record.pub_date) or str(record.pub_year)
    issue = f"({record.issue})" if record.issue else ""
    where = f";{record.volume}{issue}" if record.volume else ""
    return f"{date}{where}:{record.pages}." if record.pages else f"{date}{where}."


def verdict(text: str, record: PubMedRecord) -> tuple[Status, list[str]]:
    """The status of `text` cited for `record`, and its warnings and errors as shown."""
    return claim_verdict(parse_reference(text), record, text)


def mismatch_fields(text: str, record: PubMedRecord) -> list[str] | None:
    """The fields of the warnings and errors shown for `text` cited for `record` when it is a
    mismatch, else None."""
    status, shown = verdict(text, record)
    return [s.split(":", 1)[0] for s in shown] if status is Status.MISMATCH else None


def claim_verdict(claim: Claim, record: PubMedRecord, text: str = "") -> tuple[Status, list[str]]:
    """The status of `claim` made for `record` in the entry `text`, and its warnings and errors
    as shown."""
    citation = Citation(pmid=record.pmid, claim=claim, text=text)
    findings = compare_citation(citation, record, current_year=2026)
    shown = [
        f"{f.field.value}: {f.message}"
        for f in findings
        if f.severity.rank >= Severity.WARNING.rank
    ]
    return status_for(findings), shown
