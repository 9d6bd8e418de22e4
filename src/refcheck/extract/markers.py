"""In-text citation markers (`¹`, `¹⁻³`, `[2]`, `[2-4]`, `<sup>2</sup>`).

Markers let the reference check say "reference 4 is never cited" or "marker 7
has no reference". Superscript digits are also units (`m²`), powers (`10³`) and
chemistry, so a superscript counts only after a word or punctuation that is not
a digit, a one-letter symbol or a unit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from refcheck.models import Marker

_SUP = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TABLE = str.maketrans(_SUP + "⁻˒", "0123456789-,")
_SUP_MARKER = re.compile(
    "[" + _SUP + "]{1,3}(?:(?:[ \\t]?[,˒⁻–\\-][ \\t]?|[ \\t])[" + _SUP + "]{1,3}){0,30}"
)
_BRACKET_MARKER = re.compile(
    r"(?<![\d!\[])\[(\d{1,4}(?:[ \t]*[-–,][ \t]*\d{1,4}){0,30})\](?![(\[:])"
)
_PAREN_MARKER = re.compile(r"\((\d{1,3}(?:[ \t]*[-–,][ \t]*\d{1,3}){0,30})\)")
# what may stand just before a `(1)` marker: the end of a word, a number's unit or a quote;
# not a clause's start (`Rest: (1) keep the stump clean; (2) wear the liner`)
_BEFORE_PAREN = frozenset(")]%\"'”’")
_PLAIN_LIST = re.compile(r"^\[?\(?\s*(\d{1,4}(?:\s*[-–,]\s*\d{1,4}){0,30})\s*\)?\]?$")
_NUM = re.compile(r"\d{1,4}(?:\s*[-–]\s*\d{1,4})?")
_UNITS = frozenset(
    [
        "m",
        "cm",
        "mm",
        "km",
        "nm",
        "µm",
        "μm",
        "dm",
        "ft",
        "in",
        "yd",
        "mi",
        "s",
        "ms",
        "h",
        "kg",
        "g",
        "mg",
        "l",
        "ml",
        "dl",
        "m/s",
        "kg/m",
        "mmhg",
        "cm/s",
    ]
)
# units that are also words: a unit only after a number ("10 in²", not "reviewed in³")
_WORD_UNITS = frozenset(["in"])
_MAX_LABEL = 999
_MAX_RANGE = 50


def expand_labels(text: str) -> tuple[str, ...]:
    """`2-4,7` -> ("2", "3", "4", "7"); () when a number is not a plausible label."""
    out: list[str] = []
    for m in _NUM.finditer(text.translate(_SUP_TABLE)):
        parts = re.split(r"\s*[-–]\s*", m.group())
        nums = [int(p) for p in parts]
        if any(n < 1 or n > _MAX_LABEL for n in nums):
            return ()
        if len(nums) == 2 and 0 < nums[1] - nums[0] <= _MAX_RANGE:
            out.extend(str(n) for n in range(nums[0], nums[1] + 1))
        else:
            out.extend(str(n) for n in nums)
    return tuple(dict.fromkeys(out))


def attaches_as_marker(preceding: str) -> bool:
    """Whether a superscript after this text reads as a citation marker."""
    stripped = preceding.rstrip()
    if not stripped:
        return False
    last = stripped[-1]
    if last in _SUP or last == "˒":
        # A marker right after another (`<sup>2</sup><sup>3</sup>`) attaches
        # where the first one did.
        core = stripped.rstrip(_SUP + "˒⁻ ,")
        return core != stripped and bool(core) and attaches_as_marker(core)
    if last.isdigit():
        return False
    if last.isalpha():
        if stripped is not preceding and preceding[-1:].isspace():
            return False  # "word ²" floating: too weak
        word = re.split(r"[^\w/µμ]", stripped)[-1]
        before = stripped[: len(stripped) - len(word)].rstrip()
        if word.lower() in _WORD_UNITS and not before[-1:].isdigit():
            return True  # "as reviewed in⁴": the word, not inches
        if len(word) <= 1 or word.lower() in _UNITS:
            return False
        if before[-1:].isdigit() and len(word) <= 3:
            return False  # "5 ft²"
    return True


def find_text_markers(
    text: str, line_of: Callable[[int], int] | None = None, *, paren: bool = False
) -> list[Marker]:
    """Markers in body text: superscript runs and `[n]` brackets, and `(n)` after a word
    when `paren` (the page's reference list is labelled that way)."""
    found: list[tuple[int, Marker]] = []
    for m, numbers in _candidates(text, paren):
        labels = expand_labels(numbers)
        if labels:
            line = line_of(m.start()) if line_of else None
            # as the page shows it: `˒` only keeps `<sup>2</sup><sup>3</sup>` apart (html.py)
            shown = m.group().replace("˒", "")
            found.append((m.start(), Marker(labels=labels, text=shown, line=line)))
    found.sort(key=lambda t: t[0])
    return [mk for _, mk in found]


def _candidates(text: str, paren: bool) -> Iterator[tuple[re.Match[str], str]]:
    """Each possible marker in `text`, with the part of it that holds its numbers."""
    for m in _SUP_MARKER.finditer(text):
        if attaches_as_marker(text[max(0, m.start() - 40) : m.start()]):
            yield m, m.group()
    for m in _BRACKET_MARKER.finditer(text):
        yield m, m.group(1)
    for m in _PAREN_MARKER.finditer(text) if paren else ():
        before = text[max(0, m.start() - 8) : m.start()].rstrip(" \t")
        if before and (before[-1].isalpha() or before[-1] in _BEFORE_PAREN):
            yield m, m.group(1)


def sup_labels(sup_text: str, preceding: str) -> tuple[str, ...]:
    """Labels of an HTML `<sup>` that is a citation marker, else ()."""
    t = sup_text.strip()
    m = _PLAIN_LIST.match(t)
    if not m or not attaches_as_marker(preceding):
        return ()
    return expand_labels(m.group(1))
