"""PMID notations, and the numbers that must never become PMIDs."""

from __future__ import annotations

import pytest

from refcheck.extract.pmid import find_pmids


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PMID 123", ["123"]),
        ("PMID: 123", ["123"]),
        ("PMID:123", ["123"]),
        ("PMID- 123", ["123"]),
        ("PubMed: 123", ["123"]),
        ("[PubMed: 123]", ["123"]),
        ("PubMed PMID: 20110278; PubMed Central PMCID: PMC2832824.", ["20110278"]),
        ("https://pubmed.ncbi.nlm.nih.gov/18349204/", ["18349204"]),
        ("www.ncbi.nlm.nih.gov/pubmed/18349204", ["18349204"]),
        ("https://www.ncbi.nlm.nih.gov/pubmed/?term=18349204", ["18349204"]),
        ("http://pubmed.gov/22331277", ["22331277"]),
        ("query.fcgi?cmd=Retrieve&db=PubMed&list_uids=3509965&dopt=Abstract", ["3509965"]),
        ("articlerender.fcgi?tool=pubmed&pubmedid=14567763", ["14567763"]),
        ("list_uids=1%2C2", ["1", "2"]),
        ("https://pubmed.gov/24654615,26775373,24738609", ["24654615", "26775373", "24738609"]),
        ("ncbi.nlm.nih.gov/pubmed?cmd=Search&term=15570651%2012809961", ["15570651", "12809961"]),
        ("PMIDs [15570651,12809961]", ["15570651", "12809961"]),
        ('"PMID": "27898976",', ["27898976"]),
        ("pmid = {26667277},", ["26667277"]),
        ("| pmid=12394647 |", ["12394647"]),
        ("   PUBMED   17785783", ["17785783"]),
        ("RX   PubMed=2460344; DOI=10.1002/j.1460-2075.1988.tb03131.x;", ["2460344"]),
        ("PM 29377890\nER", ["29377890"]),
        ("[PMID:\n[16470161]{.docsum-pmid}", ["16470161"]),
        ("PMID 0", ["0"]),
        ("PMID 0018349204", ["0018349204"]),
        ("PMID 123456789012", ["123456789012"]),
        ("(PubMed 30349693)", ["30349693"]),  # a number that closes the phrase
        ("see PubMed 30349693.", ["30349693"]),
    ],
)
def test_notations(text: str, expected: list[str]) -> None:
    assert [h.pmid for h in find_pmids(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "doi: 10.1213/ane.0b013e3181685014",
        "https://doi.org/10.1038/s41591-022-01689-3",
        "PMC4443854",
        "PubMed Central PMCID: PMC2832824",
        "Anesth Analg. 2008 Apr;106(4):1265-73.",
        "Call 555-123-4567 or +1 (800) 555 0199",
        "ISBN 978-3-16-148410-0",
        "[PubMed - indexed for MEDLINE]",
        "We searched PubMed 2010 to 2020.",
        "We searched PubMed 2010-2020.",
        "PubMed 12345678 and Embase were searched",  # a number inside a phrase
        "18349204",
        "https://www.ncbi.nlm.nih.gov/pubmed?linkname=pubmed_pubmed&from_uid=15570651",
        "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC5666851/",
        "volume 12, issue 3, pages 1234-1240",
    ],
)
def test_never_a_pmid(text: str) -> None:
    assert find_pmids(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # spaces pages write that are not ASCII: no-break (`PMID&nbsp;` in a page turned into
        # Markdown or text), thin, zero-width (left by copying from a web page)
        ("PMID\u00a018349204", ["18349204"]),
        ("PMID:\u00a018349204", ["18349204"]),
        ("PMID\u202f18349204", ["18349204"]),
        ("PMID\u200b18349204", ["18349204"]),
        ("PubMed:\u00a018349204", ["18349204"]),
        ("(PubMed\u00a030349693)", ["30349693"]),
        ("PMID\uff1a18349204", ["18349204"]),  # a full-width colon
        ("PMID no. 18349204", ["18349204"]),
        ("PMID No 18349204", ["18349204"]),
        # digits grouped by threes are one PMID: reading "18" checked another paper
        ("PMID 18 349 204", ["18349204"]),
        ("PMID 18,349,204.", ["18349204"]),
        ("PMID: 18\u2009349\u2009204", ["18349204"]),
        ("PMID 1 234 567", ["1234567"]),
        # not groups: kept as before
        ("PMID 18349204 2008", ["18349204"]),
        ("PMID 18349204, 27737513", ["18349204"]),
        ("PMIDs 18349204, 27737513", ["18349204", "27737513"]),
        ("PMID 18, 2008", ["18"]),
    ],
)
def test_spaces_and_grouped_digits(text: str, expected: list[str]) -> None:
    assert [h.pmid for h in find_pmids(text)] == expected


def test_grouped_digits_keep_the_notation_as_written() -> None:
    text = "Eichenberger U et al. 2008. (PMID 18 349 204)"
    (hit,) = find_pmids(text)
    assert (hit.pmid, hit.notation, text[hit.start : hit.end]) == (
        "18349204",
        "PMID 18 349 204",
        "18 349 204",
    )


def test_a_group_run_that_goes_on_is_not_cut_short() -> None:
    """`18 349 2045` is no grouped number; reading `18 349` from it would invent a PMID."""
    assert [h.pmid for h in find_pmids("PMID 18 349 2045")] == ["18"]


def test_spans_and_notation() -> None:
    text = "... pain. (PMID 18349204)"
    (hit,) = find_pmids(text)
    assert text[hit.start : hit.end] == "18349204"
    assert hit.notation == "PMID 18349204"


def test_url_notation_is_the_url() -> None:
    (hit,) = find_pmids("see https://pubmed.ncbi.nlm.nih.gov/30349693/ now")
    assert hit.notation == "https://pubmed.ncbi.nlm.nih.gov/30349693"


def test_label_and_link_for_same_pmid_both_found() -> None:
    hits = find_pmids("PMID: [22331277](http://pubmed.gov/22331277)")
    assert [h.pmid for h in hits] == ["22331277", "22331277"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(PMID -1)", ["-1"]),  # a sign: kept as written, rejected later as not a PMID
        ("PMID: -1", []),
        ("PMID-123", ["123"]),  # MEDLINE-like separators stay separators
        ("PMID- 123", ["123"]),
    ],
)
def test_minus_sign_is_not_a_separator(text: str, expected: list[str]) -> None:
    assert [h.pmid for h in find_pmids(text)] == expected


def test_prefiltered_scan_of_a_big_text_equals_the_whole_scan() -> None:
    from refcheck.extract import pmid as mod

    samples = [
        "PMID: 18349204",
        "https://pubmed.ncbi.nlm.nih.gov/27737513/",
        "http://www.ncbi.nlm.nih.gov/pubmed/?term=1%2C2",
        "ncbi.nlm.nih.gov/sites/entrez?db=pubmed&list_uids=123,456",
        "\nPM 99598\n",
        "PubMed ID 123",
        "PMIDs 1, 2, 3",
        "PUBMED 7777",
    ]
    filler = " Lorem ipsum dolor sit amet 2019;40:1-5. " * 4000
    text = filler.join(samples) + filler
    assert len(text) > mod._WHOLE_SCAN
    hits = find_pmids(text)
    whole = mod._find_in(text, [(0, len(text))])
    assert hits == whole
    assert [h.pmid for h in hits] == [
        "18349204", "27737513", "1", "2", "123", "456", "99598", "123", "1", "2", "3", "7777"
    ]  # fmt: skip


@pytest.mark.timeout(30)  # a linear pass; the backtracking one would not finish (not a benchmark)
@pytest.mark.parametrize("space", [" ", "\u00a0", "\u200b", " \t"])
def test_a_long_run_of_space_after_a_label_is_read_in_one_pass(space: str) -> None:
    """`PMID` then 30,000 spaces took 41 s (every way to share the run among the optional
    separators was tried); a hostile page of such runs could stall a nightly run for hours."""
    run = space * (50_000 // len(space))
    text = f"PMID{run}x\nPubMed{run}:{run}x\nPMID:{run}[{run}no.{run}x\nPMID 18349204\n"
    assert [h.pmid for h in find_pmids(text)] == ["18349204"]
