"""Text folding and small string metrics shared by the comparison rules.

Pure and dependency-light: `unidecode` does the transliteration of whatever
the explicit tables below do not cover.
"""

from __future__ import annotations

import html
import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache

from unidecode import unidecode

# Letters NFKD cannot decompose, folded the way bibliographies spell them in ASCII.
_SPECIAL = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "ß": "ss",
        "ẞ": "SS",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "TH",
        "ı": "i",
        "ħ": "h",
        "Ħ": "H",
        "ŋ": "ng",
        "Ŋ": "NG",
        # typographic apostrophes and dashes
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "`": "'",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        # invisible (a soft hyphen, zero-width spaces and joiners, a word joiner, a BOM):
        # pages carry them inside words (`Anes&#8203;thesia`); unidecode made them spaces
        "\u00ad": "",
        "\u200b": "",
        "\u200c": "",
        "\u200d": "",
        "\u2060": "",
        "\ufeff": "",
    }
)

# German and Scandinavian transliteration (Schütterle -> Schuetterle, Møller -> Moeller,
# Ångström -> Aangstroem); the plain fold gives the other spelling (Schutterle, Moller).
_GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
    | {"ø": "oe", "Ø": "Oe", "å": "aa", "Å": "Aa"}
)

_TAG = re.compile(r"<[^>]{0,200}>")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[a-z0-9]+")


def strip_markup(text: str) -> str:
    """Remove HTML/XML tags and resolve entities (`<i>E. coli</i>` -> `E. coli`)."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", text))).strip()


@lru_cache(maxsize=8192)
def fold(text: str, *, german: bool = False) -> str:
    """Lower-case ASCII form: diacritics dropped, special letters spelled out.

    With `german=True`, ä/ö/ü/ø/å become ae/oe/ue/oe/aa first (the usual transliteration).
    """
    if german:
        text = text.translate(_GERMAN)
    text = unicodedata.normalize("NFKC", text).translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unidecode(stripped).lower()


def words(text: str) -> list[str]:
    """Alphanumeric tokens of the folded text."""
    return _WORD.findall(fold(text))


def compact(text: str, *, german: bool = False) -> str:
    """Folded text with everything but letters and digits removed (`O'Brien` -> `obrien`)."""
    return "".join(_WORD.findall(fold(text, german=german)))


def damerau_levenshtein(a: str, b: str, limit: int | None = None) -> int:
    """Edit distance counting adjacent transpositions as one edit (optimal string alignment).

    With `limit`, any distance above it may be reported as `limit + 1`: callers that only
    ask "within k edits?" stop as soon as the answer is no (journal names are compared
    whole, and a full table for two 60-letter names costs a millisecond).
    """
    if a == b:
        return 0
    if not a:
        return len(b)
    if not b:
        return len(a)
    if limit is not None and abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if limit is not None and min(cur) > limit and min(prev) > limit:
            return (
                limit + 1
            )  # every later cell is at least this (a transposition reaches back one row)
        prev2, prev = prev, cur
    return prev[-1]


def ratio(a: str, b: str) -> float:
    """Similarity in [0, 1] (difflib's ratio; 1.0 for two empty strings)."""
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def initials_of(fore_name: str) -> str:
    """Initials from fore names: `Jean-Pierre Marie` -> `JPM`, `Ulrike` -> `U`."""
    parts = re.split(r"[\s\-.]+", fold(fore_name))
    return "".join(p[0] for p in parts if p and p[0].isalpha()).upper()


def clean_initials(initials: str) -> str:
    """Initials as capital ASCII letters only (`M.-J.` -> `MJ`)."""
    return "".join(c for c in fold(initials) if c.isalpha()).upper()
