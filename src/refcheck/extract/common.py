"""Helpers shared by the HTML, text and JATS extractors."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable

WHITESPACE = re.compile(r"\s+")
REF_HEADING = re.compile(
    r"^\W*(?:references?(?: cited| list)?|bibliography|sources?|citations?|literature(?: cited)?"
    r"|works cited|notes|footnotes|further reading|cited literature|reference list"
    r"|notes and references|references and notes)\W*$",
    re.IGNORECASE,
)
MAX_ENTRY_CHARS = 2000
YEAR_PATTERN = r"(?:18|19|20)\d\d"  # a publication year, inside larger patterns
YEAR = re.compile(YEAR_PATTERN)  # the year in a date field (JATS <year>, a wiki date=)
# One capital letter, of any alphabet, inside larger patterns. `[^\W\d_a-z]` (a letter that
# is not an ASCII lower-case one) let `ü`, `é`, `ł` through as capitals: `Wei Lü` was read
# as the surname Wei with the initials LÜ.
_LOWER_NON_ASCII = "".join(c for c in map(chr, range(0x80, 0x2000)) if c.islower())
CAPITAL = rf"[^\W\d_a-z{_LOWER_NON_ASCII}]"


def normalise(text: str) -> str:
    """Collapse whitespace (incl. NBSP) to single spaces."""
    return WHITESPACE.sub(" ", text.replace("\u00a0", " ")).strip()


def line_index(text: str) -> Callable[[int], int]:
    """A function offset -> 1-based line number, O(log n) per call."""
    starts = [m.start() for m in re.finditer("\n", text)]

    def line_of(offset: int) -> int:
        return bisect_right(starts, offset - 1) + 1

    return line_of


def window(text: str, start: int, end: int, radius: int = 300) -> str:
    """A readable slice around a hit in a text too long to be one entry."""
    a = max(0, start - radius)
    b = min(len(text), end + radius)
    return text[a:b]
