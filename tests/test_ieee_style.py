"""IEEE's reference style as its guide writes it: the title in quotes, then the dotted
journal, a comma and a labelled volume (`"Title," J. Pediatr. Surg., vol. 40, no. 8, pp.
1269-1274, 2005.`). The comma after the journal's last dotted word ended the name one word
early (`J Pediatr`): "could not confirm the journal" on a right citation, 153 of the 593
records of the real-records check. The record is PMID 16080930's, as fixtures/records has it.
"""

from __future__ import annotations

import pytest

from refcheck.extract.reference import parse_reference
from refcheck.models import Status
from style_citations import fixture_record, mismatch_fields, verdict

AUTHORS = "S. González-Reyes, L. Martínez, and J. A. Tovar"
TITLE = fixture_record("16080930").title.rstrip(".")


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("J. Pediatr. Surg.", "J Pediatr Surg"),
        ("Biochem. J.", "Biochem J"),  # one short word after the dotted run
        ("Biochim. Biophys. Acta", "Biochim Biophys Acta"),  # an undotted last word
        ("Int. J. Cardiovasc. Imaging", "Int J Cardiovasc Imaging"),  # a long word before it
        ("Environ. Health Perspect.", "Environ Health Perspect"),  # an undotted word inside
    ],
)
def test_a_dotted_journal_before_its_comma_keeps_its_last_word(written: str, read: str) -> None:
    claim = parse_reference(f'{AUTHORS}, "{TITLE}," {written}, vol. 40, no. 8, pp. 1-2, 2005.')
    assert (claim.journal, claim.year, claim.title) == (read, 2005, TITLE)


def test_a_right_ieee_citation_verifies_and_a_wrong_year_is_flagged() -> None:
    record = fixture_record("16080930")
    text = f'{AUTHORS}, "{TITLE}," J. Pediatr. Surg., vol. 40, no. 8, pp. 1269-1274, {{}}.'
    assert verdict(text.format(2005), record) == (Status.VERIFIED, [])
    assert mismatch_fields(text.format(2004), record) == ["year"]
