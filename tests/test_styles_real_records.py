"""Right citations of 600 real records, written in five styles, must verify; wrong ones must not.

The records are `../shared/eutils-samples/records.tsv` (real PubMed facts: titles with
sentences of their own, journals whose names have sections, 30-author lists, group
names). Each is cited as Vancouver, NLM with PubMed's full journal name or a dotted
abbreviation, APA 7, Harvard, MLA, Chicago, Science, IEEE, Nature, Elsevier's numbered
style and the clinic site's style, parsed as refcheck parses a page's entry and compared
with the record. Skipped when the shared folder is absent (fresh clones do not have it); the
cases this found are kept, with their real facts, in test_extract_reference.py.
"""

from __future__ import annotations

import csv
import os
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from refcheck.models import Field, PersonName, PubMedRecord, Status
from style_citations import dotted_abbreviation, elsevier, pubmed_summary, title_case, verdict

SHARED = Path(os.environ.get("REFCHECK_SHARED") or Path(__file__).resolve().parents[2] / "shared")
RECORDS = SHARED / "eutils-samples" / "records.tsv"
pytestmark = pytest.mark.skipif(not RECORDS.is_file(), reason="../shared/eutils-samples absent")


@dataclass(frozen=True)
class _Row:
    record: PubMedRecord
    volume: str
    issue: str
    pages: str


def _names(field: str) -> tuple[PersonName, ...]:
    out = []
    for author in (a.strip() for a in field.split(";") if a.strip()):
        surname, _, initials = author.rpartition(" ")
        if surname and initials.isupper() and len(initials) <= 4:
            out.append(PersonName(surname, initials))
        else:
            out.append(PersonName(author, collective=True))
    return tuple(out)


def _rows() -> Iterator[_Row]:
    with RECORDS.open(encoding="utf-8") as handle:
        # no CSV quoting in the file: `"I care ...": A qualitative ...` (41407204) keeps the
        # quotes PubMed writes (csv's default took them for quoting and dropped them)
        for r in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            year = int(r["pub_year"][:4]) if r["pub_year"][:4].isdigit() else None
            record = PubMedRecord(
                pmid=r["pmid"],
                title=r["title"],
                authors=_names(r["all_authors"]),
                journal_title=r["journal_full_title"],
                iso_abbreviation=r["iso_abbreviation"],
                medline_ta=r["medline_ta"],
                pub_year=year,
                epub_year=int(r["epub_year"]) if r["epub_year"] else None,
            )
            # books and chapters have no journal to cite; a record needs a year and authors
            if record.authors and year and record.title and record.journal_title:
                yield _Row(record, r["volume"], r["issue"], r["pages"])


def _ascii(text: str) -> str:
    text = text.translate(str.maketrans({"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "ł": "l"}))
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _gost(row: _Row) -> str:
    rec = row.record
    people = [a for a in rec.authors if not a.collective]
    names = ", ".join(f"{'. '.join(a.initials)}. {a.last_name}" for a in people[:3])
    names += " [et al.]" if len(rec.authors) > 3 else ""
    first = rec.authors[0]
    heading = (
        first.last_name if first.collective else f"{first.last_name}, {'. '.join(first.initials)}."
    )
    issue = f", № {row.issue}" if row.issue else ""
    source = (
        f"{rec.iso_abbreviation or rec.medline_ta}. – {rec.pub_year}. – Vol. {row.volume}{issue}."
    )
    return f"{heading} {rec.title.rstrip('.')} / {names or first.last_name} // {source} – P. {row.pages}."


def _cite(row: _Row, style: str) -> str:
    rec, au, year = row.record, row.record.authors, row.record.pub_year
    van = [a.last_name if a.collective else f"{a.last_name} {a.initials}" for a in au]
    apa = [a.last_name if a.collective else f"{a.last_name}, {'. '.join(a.initials)}." for a in au]
    vancouver = ", ".join(van[:6]) + (", et al." if len(au) > 6 else ".")
    title = rec.title if rec.title.endswith((".", "?", "!")) else rec.title + "."
    where = f"{row.volume}({row.issue})" if row.issue else row.volume
    journal = title_case(rec.journal_title)
    if style == "vancouver":
        abbr = rec.iso_abbreviation.replace(".", "")
        return f"{vancouver} {title} {abbr}. {year};{where}:{row.pages}. PMID: {rec.pmid}"
    if style == "bmc":  # BioMed Central: names closed by a colon, `Journal Year, Vol:Pages`
        abbr = rec.iso_abbreviation.replace(".", "")
        names = ", ".join(van[:10]) + (", et al" if len(au) > 10 else "")
        return f"{names}: {title} {abbr} {year}, {row.volume}:{row.pages}."
    if style == "nlm-internet":  # Citing Medicine for a journal read online
        abbr = rec.iso_abbreviation.replace(".", "")
        return (
            f"{vancouver} {title} {abbr} [Internet]. {year} [cited 2020 Jan 5];{where}:"
            f"{row.pages}. Available from: https://pubmed.ncbi.nlm.nih.gov/{rec.pmid}/"
        )
    if style == "source-line":  # a paper's source quoted alone: `Biochem J. 2021 Nov;478(21):1.`
        source = (rec.iso_abbreviation or rec.medline_ta).rstrip(".")
        return f"{source}. {year} Nov;{where}:{row.pages}." if where else f"{source}. {year}."
    if style == "nlm-full":  # PubMed's own full name, sections and sentence case as it has them
        return f"{vancouver} {title} {rec.journal_title}. {year};{where}:{row.pages}."
    if style == "vancouver-ascii":  # "Schutterle" for "Schütterle": the same name
        abbr = rec.iso_abbreviation.replace(".", "")
        return _ascii(f"{vancouver} {title} {abbr}. {year};{where}:{row.pages}.")
    if style == "author-year":  # "et al" without its period, a year with a letter, "&"
        name = re.sub(r"^The ", "", journal).replace(" and ", " & ")
        return f"{van[0]} et al ({year}a). {title} {name}, {where}."
    if style == "mla":  # the year after the journal, the title in quotes
        etal = ", et al." if len(au) > 1 else ""
        return (
            f'{apa[0]}{etal} "{rec.title.rstrip(".")}." {journal}, vol. {row.volume}, '
            f"no. {row.issue}, {year}, pp. {row.pages}."
        )
    if style == "chicago":
        etal = ", et al." if len(au) > 1 else ""
        return f'{apa[0]}{etal} {year}. "{rec.title.rstrip(".")}." {journal} {where}: {row.pages}.'
    if style == "acs":  # `Krystal, J. H.; Kaye, A. P. Title. Proc. Natl. Acad. Sci. 2023, 120, e1.`
        names = "; ".join(
            a.last_name
            if a.collective
            else f"{a.last_name}, {' '.join(i + '.' for i in a.initials)}"
            for a in au[:10]
        )
        return f"{names} {title} {dotted_abbreviation(rec)} {year}, {row.volume}, {row.pages}."
    if style in ("no-authors", "apa-no-authors"):  # a page that names no authors, its
        # title in Title Case: `Marine Heatwaves. Ann Rev Mar Sci. 2021.`, and APA's
        # `Marine Heatwaves. (2021). Annual Review of Marine Science, 13, 313-42.`
        cased = title_case(title)
        if style == "no-authors":
            return f"{cased} {rec.medline_ta or rec.iso_abbreviation}. {year}."
        return f"{cased} ({year}). {journal}, {row.volume}, {row.pages}."
    if style == "wikipedia-dotted":  # {{cite journal}} as Wikipedia shows it, the journal
        # dotted as Citation bot writes it: `Smith J (May 2019). "Title". Environ. Health
        # Perspect. 60 (3): 381–5. PMID 1.`
        names = ", ".join(van[:6]) + (", et al." if len(au) > 6 else "")
        issue = f" ({row.issue})" if row.issue else ""
        journal = dotted_abbreviation(rec).rstrip(".")
        return (
            f'{names} (May {year}). "{rec.title.rstrip(".")}". {journal}. {row.volume}{issue}: '
            f"{row.pages.replace('-', '–')}. PMID {rec.pmid}."
        )
    if style == "simple":  # web pages: `Smith J, et al. Title. Journal. 2019.`
        first = van[0] + (", et al." if len(au) > 1 else ".")
        return f"{first} {title} {journal}. {year}."
    if style in ("inline", "inline-abbr"):  # a note's `Smith et al., Journal, 2019`
        etal = " et al." if len(au) > 1 else ""
        name = journal if style == "inline" else rec.iso_abbreviation.replace(".", "")
        return f"{au[0].last_name}{etal}, {name}, {year}"
    if style == "abnt":  # Brazil: `SOO HOO, G. W.; ... Title. Journal, v. 40, n. 1, p. 5, 2016.`
        return _abnt(row)
    if style == "frontiers":  # `Kang SC. Title. J Toxicol Environ Health A (2005) 68:1995-2003.`
        abbr = rec.iso_abbreviation or rec.medline_ta
        return f"{vancouver} {title} {abbr} ({year}) {row.volume}:{row.pages}."
    if style == "nlm-dotted":
        return f"{vancouver} {title} {rec.iso_abbreviation} {year};{where}:{row.pages}."
    if style == "apa":
        if len(apa) > 20:
            authors = ", ".join(apa[:19]) + ", . . . " + apa[-1]
        else:
            authors = ", ".join(apa[:-1]) + (", & " if len(apa) > 1 else "") + apa[-1]
        return f"{authors} ({year}). {title} {journal}, {where}, {row.pages}."
    if style == "harvard":
        first = apa[0].replace(". ", ".")
        etal = " et al." if len(au) > 1 else ""
        return f"{first}{etal} ({year}) '{rec.title.rstrip('.')}', {journal}, {where}, pp. {row.pages}."
    if style == "ieee-vol":  # IEEE as its guide has it: `..., "Title," J. Abbr., vol. 40, no. 8,
        # pp. 1269-1274, 2005.`
        quoted = _initials_first(row, "ieee").split(' "', 1)[0].rstrip(",")
        issue = f" no. {row.issue}," if row.issue else ""
        return (
            f'{quoted}, "{rec.title.rstrip(".")}," {dotted_abbreviation(rec)}, vol. {row.volume},'
            f"{issue} pp. {row.pages}, {year}."
        )
    if style == "gost":  # GOST 7.0.5: `Heading. Title / Names // Journal. – 2008. – Vol. 1, № 2.
        # – P. 3–4.`; the heading (the first author inverted) and up to three names after it
        return _gost(row)
    if style in ("science", "ieee", "nature"):
        return _initials_first(row, style)
    if style == "elsevier":  # `J.H. Krystal, Title, Proc. Natl. Acad. Sci. U.S.A. 120 (2023) e1.`
        return elsevier(rec, row.volume, "", row.pages)  # 432 alarms of 593 on commit fd8167d
    if style.startswith("pubmed-summary"):  # `Title. Hall N, Eldabe S. Br J Pain. 2018;12(4):...`
        cited = replace(rec, volume=row.volume, issue=row.issue, pages=row.pages)
        return pubmed_summary(cited, short=style.endswith("short"))
    return f"{_clinic_authors(rec)} {year}, {journal} Review of the topic. (PMID {rec.pmid})"


def _abnt(row: _Row) -> str:
    """ABNT NBR 6023: surnames in capitals, dotted initials, `;` between up to three authors
    (else the first and `et al.`), the journal, then `v.`, `n.`, `p.` and the year last."""
    rec = row.record

    def name(a: PersonName) -> str:
        if a.collective:
            return a.last_name.upper()
        return f"{a.last_name.upper()}, {' '.join(i + '.' for i in a.initials)}"

    au = rec.authors
    authors = "; ".join(name(a) for a in au) if len(au) <= 3 else f"{name(au[0])} et al."
    labelled = (("v.", row.volume), ("n.", row.issue), ("p.", row.pages))
    where = "".join(f"{label} {value}, " for label, value in labelled if value)
    title = rec.title.rstrip(".")
    return f"{authors} {title}. {title_case(rec.journal_title)}, {where}{rec.pub_year}."


def _initials_first(row: _Row, style: str) -> str:
    """Science (`T. R. Brown, "Title," J. Abbr. 36, 251 (2020).`), IEEE (`T. R. Brown and
    J. Smith, "Title," ...`) and Nature (`Brown, T. R. et al. Title. J. Abbr. 36, 251 (2020).`)."""
    rec, year = row.record, row.record.pub_year
    first_page = row.pages.split("-")[0]
    dotted = [
        a.last_name if a.collective else f"{'. '.join(a.initials)}. {a.last_name}"
        for a in rec.authors
    ]
    abbr = rec.iso_abbreviation or rec.medline_ta
    title = rec.title.rstrip(".")
    where = f"{abbr} {row.volume}, {first_page}" if row.volume and first_page else abbr
    if style == "nature":
        a = rec.authors[0]
        first = f"{a.last_name}." if a.collective else f"{a.last_name}, {'. '.join(a.initials)}."
        more = " et al." if len(rec.authors) > 1 else ""
        return f"{first}{more} {title}. {where} ({year})."
    if style == "science":
        authors = ", ".join(dotted[:5]) + (", et al." if len(dotted) > 5 else "")
    else:
        authors = dotted[0] if len(dotted) == 1 else ", ".join(dotted[:-1]) + " and " + dotted[-1]
        if len(dotted) > 6:
            authors = dotted[0] + " et al."
    return f'{authors}, "{title}," {where} ({year}).'


def _clinic_authors(rec: PubMedRecord) -> str:
    """`Hall N & Eldabe S`, `Eichenberger U et al.`: the seed site's author part."""
    van = [a.last_name if a.collective else f"{a.last_name} {a.initials}" for a in rec.authors]
    more = " et al." if len(van) > 2 else (f" & {van[1]}" if len(van) == 2 else "")
    return f"{van[0]}{more}"


# PubMed's search results, the title first: `Title. Hall N, Eldabe S. Br J Pain. 2018 ...`
# and `Title. Hall N, et al. Br J Pain. 2018.`; each claimed its year only before commit
# title-first (29 and 35 alarms, 555 of 585 wrong first authors missed)
SUMMARY_STYLES = ("pubmed-summary", "pubmed-summary-short")
STYLES = (
    "vancouver",
    "vancouver-ascii",
    "nlm-full",
    "nlm-dotted",
    # `Front Physiol [Internet]. 2018 [cited ...]`: 11 alarms on commit dd7cb9f
    "nlm-internet",
    "apa",
    "harvard",
    "author-year",
    "mla",
    "chicago",
    "clinic",
    "science",
    "ieee",
    "nature",
    "elsevier",
    "abnt",
    "acs",
    "simple",
    # the year read from the first page (`(2005) 68:1995-2003`): 27 alarms on commit dd7cb9f
    "frontiers",
    "inline",
    "inline-abbr",
    # the title read as names, a year in it as the citation's: 12 and 31 alarms on 29c51e2
    "no-authors",
    "apa-no-authors",
    # the journal read as an author, the date as the title: 524 alarms on commit dd7cb9f;
    # 4 of the 5 left have no volume (`N. Engl. J. Med. 2015.`, which reads as names)
    "source-line",
    # a journal dotted around an undotted word (`Environ. Health Perspect.`, `Lancet Infect.
    # Dis.`) was cut short after the title in quotes: 37 alarms on commit 35d2c18
    "wikipedia-dotted",
    # names closed by a colon were not read (the title began with them): added on 0333154
    "bmc",
    # a dotted journal then a comma (`J. Pediatr. Surg., vol. 40`) lost its last word
    "ieee-vol",
    # the journal after GOST's `//` was never read, nor anything but the heading and year
    "gost",
    *SUMMARY_STYLES,
)


@pytest.mark.parametrize("style", STYLES)
def test_right_citations_verify(style: str) -> None:
    rows = list(_rows())
    assert len(rows) > 500
    alarms = []
    for row in rows:
        status, shown = verdict(_cite(row, style), row.record)
        if status is not Status.VERIFIED:
            alarms.append(f"{row.record.pmid}: {_cite(row, style)[:160]} -> {shown}")
    # a handful of known hard cases remain (a date sentence inside a title, a corrigendum's
    # bracketed reference, APA group names holding commas): under 1% of right citations
    assert len(alarms) <= len(rows) // 100, "\n".join(alarms)


_FLAGGED = (
    *("vancouver", "apa", "harvard", "science", "ieee", "nature", "elsevier", "abnt", "acs"),
    "simple",
    "frontiers",
    "wikipedia-dotted",
    "bmc",
    "ieee-vol",
    "gost",
)


@pytest.mark.parametrize("style", [*_FLAGGED, *SUMMARY_STYLES])
def test_wrong_year_and_wrong_first_author_are_flagged(style: str) -> None:
    """Each record cited with the year off by three, then with another record's first
    author: both must be flagged, on that field or as another paper altogether."""
    rows = [r for r in _rows() if not r.record.authors[0].collective]
    missed = []
    for row, other in zip(rows, rows[1:] + rows[:1], strict=True):
        rec, stranger = row.record, other.record.authors[0]
        if stranger.last_name.lower() == rec.authors[0].last_name.lower():
            continue
        wrong_year = replace(rec, pub_year=(rec.pub_year or 0) + 3, epub_year=None)
        wrong_author = replace(rec, authors=(stranger, *rec.authors[1:]))
        # the page cites the changed record rightly, so it is wrong for the real one
        for changed, field in ((wrong_year, Field.YEAR), (wrong_author, Field.AUTHOR)):
            text = _cite(_Row(changed, row.volume, row.issue, row.pages), style)
            status, shown = verdict(text, rec)
            if status is Status.VERIFIED or not any(
                s.startswith((field.value, Field.PMID.value)) for s in shown
            ):
                missed.append(f"{rec.pmid} {field.value}: {text[:120]} -> {shown}")
    # known misses: author lists the parser cannot read at all (a group name in lower case,
    # a one-word name in an APA list), which then claim no authors: a check not made
    assert len(missed) <= len(rows) // 100, "\n".join(missed[:20])


# where a wrong journal still passes more often (of 593): a note's journal under PubMed's
# full catalogue title (`Food and Chemical Toxicology : an International Journal ...`), 113;
# entries without authors, whose journal is claimed only where the title cannot be a group's
# name, 41 and 61
_JOURNAL_OFTEN_UNREAD = ("inline", "no-authors", "apa-no-authors")


@pytest.mark.parametrize("style", [s for s in STYLES if s not in _JOURNAL_OFTEN_UNREAD])
def test_a_wrong_journal_is_flagged(style: str) -> None:
    """Each record cited with another journal (the next one PubMed names otherwise) must be
    flagged. A note's `Strekas, Kidney Int Suppl, 1976` claimed its year alone (68 wrong
    journals of 593 passed in the note's abbreviated form, now 15), GOST's journal was never
    read (491)."""
    rows = list(_rows())
    fields = ("journal_title", "iso_abbreviation", "medline_ta")
    named = [r.record for r in rows if all(getattr(r.record, f) for f in fields)]
    missed = []
    for i, row in enumerate(rows):
        rec = row.record
        other = next(
            o
            for o in named[i % len(named) :] + named
            if o.medline_ta != rec.medline_ta
            and o.journal_title.lower() != rec.journal_title.lower()
        )
        journal = {f: getattr(other, f) for f in fields}
        text = _cite(_Row(replace(rec, **journal), row.volume, row.issue, row.pages), style)
        if verdict(text, rec)[0] is Status.VERIFIED:
            missed.append(f"{rec.pmid}: {text[:160]} (PubMed: {rec.medline_ta})")
    assert len(missed) <= len(rows) * 3 // 100, "\n".join(missed)


@pytest.mark.parametrize("style", ["science", "ieee", "nature"])
def test_one_initial_per_author_raises_no_author_alarm(style: str) -> None:
    """Pages often drop the middle initials (`G. Soo Hoo` for PubMed's `Soo Hoo GW`). Read
    initials first, a surname of two words lost its first word to the initials: "different
    initials" on 4 of these right citations in Science and IEEE style (Soo Hoo, Martinez
    Licha, Curiel Cid, Vanden Heuvel; measured on commit f1fa7f4)."""
    alarms = []
    for row in _rows():
        rec = row.record
        one = tuple(a if a.collective else replace(a, initials=a.initials[:1]) for a in rec.authors)
        text = _cite(_Row(replace(rec, authors=one), row.volume, row.issue, row.pages), style)
        shown = verdict(text, rec)[1]
        if any(s.startswith(Field.AUTHOR.value) for s in shown):
            alarms.append(f"{rec.pmid}: {text[:120]} -> {shown}")
    # 41590990 in Nature style, `Dudley, K. Bright and Early…Now Also Awake!.` (a title that
    # read as more names after `and`), was the last one until no name could hold a `!`
    assert alarms == [], "\n".join(alarms)


# the seed site's entries as its other condition pages may write them: a note after the
# journal that begins like a longer journal's name, a small word, a kind of study
CLINIC_NOTES = (
    "Review of the topic.",
    "Open-label study of esketamine.",
    "Clinical trial showing benefit.",
    "In adults, ketamine reduced pain.",
    "Randomized trial: ketamine reduced pain.",
    "Meta-analysis of 12 trials.",
)
CLINIC_SEPARATORS = (
    (", ", " "),
    (", ", ". "),
    (", ", ": "),
    (", ", " — "),
    (". ", ". "),
    # another separator after the year: 81% of these were title alarms (commit 86724d0)
    (" – ", " "),
    (" | ", " "),
    (" / ", " "),
    # nothing after the year: 58% of right citations were alarms (commit 78aef37)
    (" ", " "),
)


@pytest.mark.parametrize("separators", CLINIC_SEPARATORS, ids=repr)
def test_clinic_entries_with_their_notes_verify(separators: tuple[str, str]) -> None:
    """Before the note rules of compare/journals, 5-38% of these right citations were
    journal or PMID alarms, depending on the separator (measured on commit d85f01d)."""
    after_year, after_journal = separators
    rows = list(_rows())
    alarms = []
    for row in rows:
        rec = row.record
        journal = title_case(rec.journal_title)
        for note in CLINIC_NOTES:
            text = (
                f"{_clinic_authors(rec)} {rec.pub_year}{after_year}{journal}{after_journal}"
                f"{note} (PMID {rec.pmid})"
            )
            status, shown = verdict(text, rec)
            if status is not Status.VERIFIED:
                alarms.append(f"{text[:150]} -> {shown}")
    # "2020. Environmental Science. Processes & Impacts. Review ..." (a journal's section
    # after a period) read as the note: 3% of the "YEAR. Journal. Note." form before
    # compare/journals read title and journal together against the record (commit c17adaf)
    limit = len(rows) * len(CLINIC_NOTES) // 100
    assert len(alarms) <= limit, "\n".join(alarms[:20])


def _author_notations(first: PersonName) -> dict[str, str]:
    initials = ". ".join(first.initials)
    return {
        "vancouver": f"{first.last_name} {first.initials} et al.",
        "surname": f"{first.last_name} et al.",
        "colleagues": f"{first.last_name} and colleagues",
        "initials first": f"{initials}. {first.last_name} et al.",
    }


_DATES = {"plain": "{y},", "month": "Apr {y},", "paren": "({y})."}


@pytest.mark.parametrize("date", sorted(_DATES))
def test_seed_style_author_and_date_notations(date: str) -> None:
    """Right citations in the seed style with four ways to write the first author and
    three ways to write the date verify; another record's first author is flagged.
    Before (commit 56e914c): `Apr 1975,` was an alarm on every entry, `and colleagues`
    on every unbracketed one, `(1975). Journal Note` on 19%; `Montero Ruiz et al.` and
    `I. van der Pluijm et al.` were author or PMID errors."""
    rows = [r for r in _rows() if not r.record.authors[0].collective]
    alarms, missed = [], []
    for row, other in zip(rows, rows[11:] + rows[:11], strict=True):
        rec, stranger = row.record, other.record.authors[0]
        when = _DATES[date].format(y=rec.pub_year)
        journal = title_case(rec.journal_title)
        for name, wrong in zip(
            _author_notations(rec.authors[0]).values(),
            _author_notations(stranger).values(),
            strict=True,
        ):
            text = f"{name} {when} {journal} Review of the topic. (PMID {rec.pmid})"
            if verdict(text, rec)[0] is not Status.VERIFIED:
                alarms.append(text[:150])
            if stranger.last_name.lower() != rec.authors[0].last_name.lower():
                bad = f"{wrong} {when} {journal} Review of the topic. (PMID {rec.pmid})"
                if not any(s.startswith(("author", "pmid")) for s in verdict(bad, rec)[1]):
                    missed.append(bad[:150])
    # `(1975). Science (New York, N.Y.) Review ...`: PubMed's journal titles with a place
    # or a section read as a title (4% of the bracketed form before commit c17adaf)
    limit = len(rows) * 4 // 100
    assert len(alarms) <= limit, "\n".join(alarms[:20])
    assert len(missed) <= len(rows) * 4 // 100, "\n".join(missed[:20])


# a clinic entry with a journal's abbreviation right after the year, however the year ends
_ABBREVIATED_AFTER = {"paren": "({y})", "colon": "{y}:", "period": "{y}."}


def _journal_after_year(
    rows: list[_Row], date: str, journal_of: Callable[[PubMedRecord], str], note: str
) -> tuple[list[str], list[str]]:
    """Right citations that are not verified, and citations naming another record's journal
    that are, for `First et al. <date> <journal> <note> (PMID n)`."""
    alarms, missed = [], []
    for row, other in zip(rows, rows[7:] + rows[:7], strict=True):
        rec, when = row.record, _ABBREVIATED_AFTER[date].format(y=row.record.pub_year)
        right = (
            f"{rec.authors[0].last_name} et al. {when} {journal_of(rec)} {note}(PMID {rec.pmid})"
        )
        if verdict(right, rec)[0] is not Status.VERIFIED:
            alarms.append(right[:150])
        if other.record.journal_title.lower() != rec.journal_title.lower():
            wrong = right.replace(journal_of(rec), journal_of(other.record))
            if verdict(wrong, rec)[0] is Status.VERIFIED:
                missed.append(wrong[:150])
    return alarms, missed


@pytest.mark.parametrize("date", sorted(_ABBREVIATED_AFTER))
def test_dotted_abbreviations_after_the_year(date: str) -> None:
    """`Soo Hoo GW et al. (2015) N. Engl. J. Med. Review ...` read as the title "N." and
    the journal "Engl J Med ...": 29 of these 34 right citations were alarms for each way
    of ending the year (measured on commit 188d290); another record's journal is flagged."""
    rows = [r for r in _rows() if "." in r.record.iso_abbreviation]
    assert len(rows) >= 30  # the records whose ISO abbreviation PubMed writes with periods
    alarms, missed = _journal_after_year(
        rows, date, lambda r: r.iso_abbreviation, "Review of the topic. "
    )
    assert alarms == []
    assert missed == []


@pytest.mark.parametrize("date", sorted(_ABBREVIATED_AFTER))
def test_a_short_journal_after_the_year_is_checked(date: str) -> None:
    """`Conway et al. (1989) Arch Dermatol (PMID ...)`: a journal of one or two words after
    the year was read as a title too short to check, so another paper's journal passed
    (all 242 of them, for each way of ending the year, measured on commit e239176)."""
    rows = [r for r in _rows() if 0 < len(r.record.medline_ta.split()) <= 2]
    assert len(rows) > 150
    alarms, missed = _journal_after_year(rows, date, lambda r: r.medline_ta, "")
    assert len(alarms) <= len(rows) // 100, "\n".join(alarms[:20])
    assert len(missed) <= len(rows) // 100, "\n".join(missed[:20])


@pytest.mark.parametrize("form", ["title case", "iso", "medline"])
def test_notes_in_lower_case_after_the_journal(form: str) -> None:
    """`2008, Anesthesia & Analgesia randomized trial of ketamine.`: 78% of these right
    citations were journal alarms before the rule for lower-case notes (commit dd7dd71);
    PubMed's full names with a subtitle (`... : an International Journal ...`) are left out."""
    rows = [r for r in _rows() if ":" not in r.record.journal_title]
    alarms = []
    for row in rows:
        rec = row.record
        journal = {
            "title case": title_case(rec.journal_title),
            "iso": rec.iso_abbreviation,
            "medline": rec.medline_ta,
        }[form]
        text = (
            f"{rec.authors[0].last_name} {rec.authors[0].initials} et al. {rec.pub_year}, "
            f"{journal} randomized trial of ketamine. (PMID {rec.pmid})"
        )
        if verdict(text, rec)[0] is not Status.VERIFIED:
            alarms.append(text[:150])
    assert len(alarms) <= len(rows) // 100, "\n".join(alarms[:20])
