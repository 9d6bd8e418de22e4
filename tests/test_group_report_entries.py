"""A report whose author is a group and whose title ends with a place and a date: CDC's
MMWR reports (`Centers for Disease Control and Prevention (CDC). Multiple outbreaks ...
--Massachusetts, 2003-2004. MMWR Morb Mortal Wkly Rep. 2006;55(1):8-11.`), which medical
pages cite constantly.

The group's `and` split its name into "Centers for Disease Control" and a person
"Prevention": no names, so no author, title or journal was read, and in ACS, Frontiers and
MLA the title's 2003 was claimed for PubMed's 2006, a false alarm. PMID 16410761's real
record (fixtures/records) has the collective author "Centers for Disease Control and
Prevention (CDC)".
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from refcheck.extract.names import parse_author_list
from refcheck.extract.reference import parse_reference
from refcheck.models import Field, PersonName, PubMedRecord, Status
from style_citations import fixture_records, verdict

CDC = "Centers for Disease Control and Prevention (CDC)"
TITLE = (
    "Multiple outbreaks of gastrointestinal illness among school children associated with "
    "consumption of flour tortillas--Massachusetts, 2003-2004."
)
# the forms pages cite it in, `{year}` the source's year
FORMS = {
    "vancouver": f"{CDC}. {TITLE} MMWR Morb Mortal Wkly Rep. {{year}};55(1):8-11.",
    "acs": f"{CDC} {TITLE} MMWR Morb. Mortal. Wkly. Rep. {{year}}, 55, 8-11.",
    "frontiers": f"{CDC}. {TITLE} MMWR Morb Mortal Wkly Rep ({{year}}) 55:8-11.",
    "mla": (
        f'{CDC} "{TITLE}" MMWR. Morbidity and Mortality Weekly Report, vol. 55, no. 1, '
        "{year}, pp. 8-11."
    ),
    "apa": f"{CDC}. ({{year}}). {TITLE} MMWR, 55(1), 8-11.",
    "elsevier": f"{CDC}, {TITLE[:-1]}, MMWR Morb. Mortal. Wkly. Rep. 55 ({{year}}) 8-11.",
    "chicago": (
        f'{CDC} {{year}}. "{TITLE}" MMWR. Morbidity and Mortality Weekly Report 55(1): 8-11.'
    ),
    "abnt": (
        f"{CDC.upper()} {TITLE} MMWR. Morbidity and Mortality Weekly Report, v. 55, n. 1, "
        "p. 8-11, {year}."
    ),
    "without its acronym": (
        f"Centers for Disease Control and Prevention. {TITLE} MMWR. {{year}};55:8-11."
    ),
    # the acronym alone, as most pages write it (was an author error: compare_authors)
    "acronym alone": f"CDC. {TITLE} MMWR Morb Mortal Wkly Rep. {{year}};55(1):8-11.",
}


def _record(pmid: str) -> PubMedRecord:
    return next(r for r in fixture_records() if r.pmid == pmid)


@pytest.fixture(name="report")
def _report() -> PubMedRecord:
    record = _record("16410761")
    assert record.authors == (PersonName(CDC, collective=True),)
    return record


@pytest.mark.parametrize("style", FORMS)
def test_a_right_citation_of_the_report_verifies(style: str, report: PubMedRecord) -> None:
    text = FORMS[style].format(year=2006)
    claim = parse_reference(text)
    assert claim.year == 2006, claim  # not the title's 2003
    assert claim.author_names and claim.author_names[0].collective, claim
    assert claim.title and claim.title.endswith("Massachusetts, 2003-2004"), claim
    assert claim.journal and claim.journal.startswith("MMWR"), claim
    assert verdict(text, report) == (Status.VERIFIED, [])


@pytest.mark.parametrize("style", FORMS)
def test_a_wrong_year_is_flagged(style: str, report: PubMedRecord) -> None:
    status, shown = verdict(FORMS[style].format(year=2007), report)
    assert status is Status.MISMATCH
    assert any(s.startswith(f"{Field.YEAR.value}:") for s in shown), shown


@pytest.mark.parametrize("style", ["vancouver", "acs", "frontiers", "apa"])
def test_a_wrong_journal_is_flagged(style: str, report: PubMedRecord) -> None:
    text = FORMS[style].format(year=2006).replace("MMWR Morb Mortal Wkly Rep", "Pediatrics")
    text = text.replace("MMWR Morb. Mortal. Wkly. Rep.", "Pediatrics").replace(
        "MMWR,", "Pediatrics,"
    )
    assert "MMWR" not in text
    status, shown = verdict(text, report)
    assert status is not Status.VERIFIED
    assert any(s.startswith(f"{Field.JOURNAL.value}:") for s in shown), shown


@pytest.mark.parametrize("style", ["vancouver", "acs", "frontiers", "mla", "apa", "elsevier"])
@pytest.mark.parametrize(
    "group", ["National Center for Health Statistics (NCHS)", "World Health Organization"]
)
def test_a_wrong_group_is_flagged(style: str, group: str, report: PubMedRecord) -> None:
    text = FORMS[style].format(year=2006).replace(CDC, group)
    if not group.endswith(")"):  # no acronym ends the name: a period does (ACS, MLA, Elsevier)
        text = text.replace(f"{group} ", f"{group}. ", 1).replace(f"{group},", f"{group}.", 1)
    status, shown = verdict(text, report)
    assert status is Status.MISMATCH
    # or "not the cited paper", where the page differs in more than the author
    flagged = (f"{Field.AUTHOR.value}:", f"{Field.PMID.value}:")
    assert any(s.startswith(flagged) for s in shown), shown


@pytest.mark.parametrize("separator", [", ", " | ", " ", " et al. "])
def test_a_group_s_acronym_before_a_bare_year(separator: str, report: PubMedRecord) -> None:
    """The clinic's `Group (CDC) 2006, Journal note`: the bracket kept the year from ending
    the names, read then as two groups, "Centers for Disease Control" and "Prevention (CDC)
    2006" (an author error on a right citation, once `Centers` was read as a group's word).
    No comma after the year: the acronym ends the names as a person's initials do."""
    text = f"{CDC} 2006{separator}MMWR. Morbidity and Mortality Weekly Report Review of the topic."
    if "et al" in separator:
        text = f"{CDC} et al. 2006, MMWR Morb Mortal Wkly Rep randomized trial of ketamine."
    claim = parse_reference(text)
    assert (claim.authors, claim.year) == ((CDC,), 2006)
    assert verdict(text, report) == (Status.VERIFIED, [])
    assert verdict(text.replace("2006", "2005"), report)[0] is Status.MISMATCH


def test_a_yearly_report_reads_its_group_title_and_source() -> None:
    """The title's own years (`--United States, 2011-2012`) are not the citation's."""
    claim = parse_reference(
        "Centers for Disease Control and Prevention. Prevalence of obesity among adults"
        "--United States, 2011-2012. MMWR. 2013;62:1-5."
    )
    assert claim.authors == ("Centers for Disease Control and Prevention",)
    assert claim.author_names[0].collective
    assert claim.year == 2013
    assert claim.journal == "MMWR"
    assert claim.title == "Prevalence of obesity among adults--United States, 2011-2012"


@pytest.mark.parametrize(
    ("written", "name"),
    [
        (
            "Centers for Disease Control and Prevention",
            "Centers for Disease Control and Prevention",
        ),
        (CDC, CDC),
        ("Department of Health and Human Services", "Department of Health and Human Services"),
        (
            "National Institute for Health and Care Excellence (NICE)",
            "National Institute for Health and Care Excellence (NICE)",
        ),
    ],
)
def test_an_and_inside_a_group_s_name_keeps_it_whole(written: str, name: str) -> None:
    """`and` after a group word and its connector (`Centers for`, `Department of`) goes on
    with the name: split, the list was a group and a person `Prevention`, or no names."""
    authors, names, _ = parse_author_list(written)
    assert authors == (name,)
    assert names == (PersonName(name, collective=True),)


def test_an_and_before_a_person_still_parts_two_authors() -> None:
    """A person's surname and initials after the `and` are another author, and a group whose
    name ends in its group word is a whole name (`American Heart Association`)."""
    authors, names, _ = parse_author_list("Smith J, Department of Health and Jones K")
    assert authors == ("Smith J", "Department of Health", "Jones K")
    assert [n.collective for n in names] == [False, True, False]
    authors, _, _ = parse_author_list("Jones K, American Heart Association and Smith J")
    assert authors == ("Jones K", "American Heart Association", "Smith J")


def test_a_group_then_a_quoted_title_reads_the_group() -> None:
    """MLA's group before the quoted title, no period between (PMID 12748680): cut at the
    title's `(CAS No. 78-42-2)`, its words were read as a second group, an author error."""
    record = _record("12748680")
    text = (
        'National Toxicology Program "NTP Toxicology and Carcinogenesis Studies of '
        "Tris(2-ethylhexyl)phosphate (CAS No. 78-42-2) In F344/N Rats and B6C3F1 Mice (Gavage "
        'Studies)." National Toxicology Program Technical Report Series, vol. 274, 1984, '
        "pp. 1-178."
    )
    assert parse_reference(text).authors == ("National Toxicology Program",)
    assert verdict(text, record) == (Status.VERIFIED, [])
    assert verdict(text.replace("1984", "1985"), record)[0] is Status.MISMATCH


@pytest.mark.parametrize(
    "text",
    [
        # `Study` is a title's word too: no group's name ends at the acronym
        "Global Burden of Disease Study (GBD) Results Tool. Lancet. 2019;394:1.",
        # the name goes on past its acronym
        "Systolic Blood Pressure Intervention Trial (SPRINT) Research Group. A randomized "
        "trial of intensive versus standard blood-pressure control. N Engl J Med. "
        "2015;373(22):2103-16.",
    ],
)
def test_a_title_or_a_longer_name_is_no_group_before_its_acronym(text: str) -> None:
    claim = parse_reference(text)
    assert not any(a.endswith(")") for a in claim.authors), claim


def test_a_page_s_label_before_a_quote_is_no_group() -> None:
    """`authors: "..."` in a page's data (a YAML list of papers): `authors` is a group's
    word, but a label is no name."""
    claim = parse_reference(
        'authors: "Xian Y, Chiong W." title: "Failures to discuss and document preferences." '
        'details: "Neurology. 2016; 86(22):2032-3." year: 2016'
    )
    assert "authors:" not in claim.authors


def test_the_record_s_other_fields_still_decide(report: PubMedRecord) -> None:
    """A right group and source with another report's title is still no verified citation."""
    other = replace(report, title="Vital signs: asthma prevalence--United States, 2001-2009.")
    assert verdict(FORMS["vancouver"].format(year=2006), other)[0] is not Status.VERIFIED
