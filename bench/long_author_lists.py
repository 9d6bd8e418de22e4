"""How long one citation with a long author list takes to parse and compare.

Consortium papers list hundreds of authors, and a page that copies the list whole makes
the comparison match every name on the page against the record's names. The figures
live here, not in a test (no timed assertions there):

    .venv/bin/python bench/long_author_lists.py

Each row: the citation parsed as a page's entry is, then compared with the record, for a
right list, one with every initial wrong (each name then searched for a misspelling), and
a list another paper's (its first author differs).
"""

from __future__ import annotations

import functools
import statistics
import time
from collections.abc import Callable

from refcheck.compare import compare_citation
from refcheck.extract.reference import parse_reference
from refcheck.models import Citation, PersonName, PubMedRecord

SIZES = (6, 30, 100, 270)  # 270: about the most a 3,000-character author part holds


def _surname(i: int) -> str:
    return f"Smith{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}"


def _record(n: int) -> PubMedRecord:
    return PubMedRecord(
        pmid="1",
        title="A study of things in people.",
        authors=tuple(PersonName(_surname(i), "A") for i in range(n)),
        journal_title="The New England journal of medicine",
        iso_abbreviation="N Engl J Med",
        medline_ta="N Engl J Med",
        pub_year=2019,
    )


def _entry(names: list[str]) -> str:
    return ", ".join(names) + " (2019). A study of things in people. N Engl J Med."


def _seconds(work: Callable[[], object], repeats: int = 5) -> float:
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        work()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def _check(text: str, record: PubMedRecord) -> object:
    claim = parse_reference(text)
    return compare_citation(Citation(pmid="1", claim=claim), record, current_year=2026)


def main() -> int:
    print(f"{'authors':>7}  {'right list':>10}  {'initials wrong':>14}  {'another paper':>13}")
    for n in SIZES:
        record = _record(n)
        right = _entry([f"{_surname(i)} A" for i in range(n)])
        initials = _entry([f"{_surname(i)} B" for i in range(n)])
        other = _entry(["Jones A", *(f"{_surname(i)} A" for i in range(1, n))])
        row = []
        for text in (right, initials, other):
            row.append(_seconds(functools.partial(_check, text, record)))
        print(f"{n:>7}  {row[0]:>9.4f}s  {row[1]:>13.4f}s  {row[2]:>12.4f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
