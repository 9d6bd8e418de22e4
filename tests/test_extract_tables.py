"""Evidence tables: each row claims what its cells say, read by the header's column names."""

from __future__ import annotations

import pytest

from refcheck.extract import extract
from refcheck.extract.tables import cells, is_separator, read_header, row_claim
from refcheck.models import Claim, Page, PageKind

MARKDOWN = """\
Phantom limb pain responds to several treatments.

| Authors | Year | Title | Journal | PMID |
|---|---|---|---|---|
| Flor H, Nikolajsen L | 2006 | Phantom limb pain: a case of maladaptive CNS plasticity? | Nat Rev Neurosci | 17053811 |
| Chan BL et al. | 2007 | Mirror therapy for phantom limb pain | *N Engl J Med* | [link](https://pubmed.ncbi.nlm.nih.gov/18032777/) |
| Hall N, Eldabe S | 2018 | | Br J Pain | |
"""

HTML = """<html><body><h2>Evidence</h2><table>
<tr><th>Study</th><th>Year</th><th>Journal</th><th>PubMed ID</th></tr>
<tr><td>Flor et al.</td><td>2006</td><td>Nat Rev Neurosci</td><td>17053811</td></tr>
<tr><td>SPRINT trial</td><td>2007</td><td>N Engl J Med</td><td>
<a href="https://pubmed.ncbi.nlm.nih.gov/18032777/">PubMed</a></td></tr>
</table></body></html>"""


def _x(text: str, kind: PageKind) -> list[tuple[str, str, Claim]]:
    ex = extract(Page(source="t", text=text, kind=kind))
    return [(c.pmid, c.notation, c.claim) for c in ex.citations]


def test_markdown_table_rows_claim_their_cells() -> None:
    (flor, chan) = _x(MARKDOWN, PageKind.MARKDOWN)
    assert flor[:2] == ("17053811", "PMID column")  # a bare number, seen by its column
    assert flor[2].authors == ("Flor H", "Nikolajsen L") and flor[2].year == 2006
    assert flor[2].journal == "Nat Rev Neurosci"
    assert flor[2].title == "Phantom limb pain: a case of maladaptive CNS plasticity?"
    assert chan[0] == "18032777" and chan[2].et_al and chan[2].journal == "N Engl J Med"


def test_html_table_study_column() -> None:
    (flor, sprint) = _x(HTML, PageKind.HTML)
    assert flor[0] == "17053811" and flor[2].authors == ("Flor",) and flor[2].et_al
    assert (flor[2].year, flor[2].journal) == (2006, "Nat Rev Neurosci")
    # a trial's name is not a group author; the row's other cells still claim
    assert sprint[2].authors == () and (sprint[2].year, sprint[2].journal) == (2007, "N Engl J Med")


@pytest.mark.parametrize(
    "markup",
    [
        pytest.param(HTML.replace("\n", ""), id="minified"),
        pytest.param(
            HTML.replace("<table>\n<tr>", "<table>\n<thead>\n<tr>")
            .replace("</th></tr>\n", "</th></tr>\n</thead>\n<tbody>\n")
            .replace("</table>", "</tbody>\n</table>"),
            id="thead-tbody",
        ),
    ],
)
def test_html_tables_as_sites_write_them(markup: str) -> None:
    """Rows of a minified table, or one with <thead>/<tbody>, were rendered with blank lines
    between them: the PMID column was never read ("no PubMed citations found", exit 0)."""
    assert "<tbody>" in markup or "\n" not in markup
    assert _x(markup, PageKind.HTML) == _x(HTML, PageKind.HTML)


def test_a_study_cell_with_a_note_in_brackets() -> None:
    """`Baron (A0081007 Investigators) 2010` (a real PICO table) claimed nothing."""
    text = (
        "| Study | Intervention |\n|---|---|\n"
        "| Baron (A0081007 Investigators)<br>2010<br>PMID 20493632 | Pregabalin |\n"
        "| Kim (2016) PMID 27045252 | Pregabalin |\n"
    )
    (baron, kim) = _x(text, PageKind.MARKDOWN)
    assert (baron[0], baron[2].authors, baron[2].year) == ("20493632", ("Baron",), 2010)
    assert (kim[0], kim[2].authors, kim[2].year) == ("27045252", ("Kim",), 2016)


def test_a_table_without_known_columns_claims_nothing() -> None:
    """Its cells are no title: read as one, `| Ketamine infusion therapy |` was a warning."""
    text = "| Drug | Source |\n|---|---|\n| Ketamine infusion therapy | PMID 18349204 |\n"
    assert _x(text, PageKind.MARKDOWN) == [("18349204", "PMID 18349204", Claim())]


def test_a_number_outside_the_pmid_column_is_no_pmid() -> None:
    text = "| Authors | Year | Patients |\n|---|---|---|\n| Flor H | 2006 | 12345678 |\n"
    assert _x(text, PageKind.MARKDOWN) == []


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("| a | b |", [" a ", " b "]),
        ("|  | a | b", ["  ", " a ", " b"]),  # refcheck's rendering of an HTML row
        ("no bars", []),
    ],
)
def test_cells(row: str, expected: list[str]) -> None:
    assert [c for _, c in cells(row)] == expected


def test_header_and_separator() -> None:
    header = read_header("| First author | Publication year | Journal | PMID |", str.strip)
    assert header is not None
    assert header.columns == {"study": 0, "year": 1, "journal": 2, "pmid": 3}
    assert read_header("| Drug | Dose |", str.strip) is None
    assert is_separator("|---|:---:|") and not is_separator("| a | b |")
    claim = row_claim(header, "| Eichenberger U | 2008 | Anesth Analg | 18349204 |", str.strip)
    assert (claim.authors, claim.year, claim.journal) == (("Eichenberger U",), 2008, "Anesth Analg")


def test_a_github_table_whose_header_has_no_leading_bar() -> None:
    """As openmeta's PICO tables write them: header and separator without the outer bars,
    rows with them; the `Study` cell holds author, year and the PMID link."""
    text = (
        "## Trials\n"
        "Study                    |Population|Intervention|\n"
        "-------------------------|----------|------------|\n"
        "| Baron<br>2015<br>PMID [24738609](http://pubmed.gov/24738609) |Adults| Pregabalin |\n"
        "| Markman<br>2015<br>PMID [25503625](http://pubmed.gov/25503625) |Adults| Pregabalin |\n"
    )
    rows = _x(text, PageKind.MARKDOWN)
    assert [(p, c.authors, c.year) for p, _, c in rows] == [
        ("24738609", ("Baron",), 2015),
        ("25503625", ("Markman",), 2015),
    ]
