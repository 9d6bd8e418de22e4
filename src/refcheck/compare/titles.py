"""Article title comparison (only when the page gives a title)."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

from refcheck.models import Claim, Field, Finding, PubMedRecord, Severity

from .text import damerau_levenshtein, fold, ratio, strip_markup

# Thresholds: a claim is the same title when at least CONTAINMENT of its words are
# in PubMed's title and it covers at least COVERAGE of PubMed's words, or when the
# two strings are RATIO alike (typos). Claims shorter than MIN_WORDS are not judged.
CONTAINMENT = 0.8
COVERAGE = 0.5
RATIO = 0.85
MIN_WORDS = 3

_WORD = re.compile(r"[a-z0-9]+")
_LABEL = re.compile(r"^\s*(retracted|withdrawn|retraction|erratum)\s*(article)?\s*[:.]\s*", re.I)
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_NUMBER = re.compile(r"\d+(?:st|nd|rd|th)?")
_SUBTITLE = re.compile(r"\s*(?::|\?|!|\.\s|\s-\s|\s\u2013\s|\s\u2014\s)\s*")


def clean_title(title: str) -> str:
    """Markup, `[translated]` brackets, `RETRACTED:` labels and the final period removed."""
    text = strip_markup(title).strip()
    text = _LABEL.sub("", text)
    if text.startswith("[") and text.rstrip(".").endswith("]"):
        text = text.rstrip(".")[1:-1]
    return text.strip().rstrip(".").strip()


@lru_cache(maxsize=4096)
def title_words(title: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(fold(clean_title(title))))


def _main_title(title: str) -> tuple[str, ...]:
    head = _SUBTITLE.split(clean_title(title), maxsplit=1)[0]
    return tuple(_WORD.findall(fold(head)))


def _soft_in(word: str, pool: frozenset[str]) -> bool:
    if word in pool:
        return True
    if len(word) < 5:
        return False
    return any(abs(len(w) - len(word)) <= 1 and damerau_levenshtein(word, w, 1) <= 1 for w in pool)


def same_title(claimed: str, actual: str) -> bool:
    c, r = title_words(claimed), title_words(actual)
    if not r:
        return True
    if c == r or c == _main_title(actual) or _main_title(claimed) == _main_title(actual):
        return True
    if len(r) > len(c) >= 4 and r[: len(c)] == c:  # subtitle or tail left off
        return True
    if len(c) > len(r) >= MIN_WORDS and (len(r) >= 6 or 2 * len(r) >= len(c)) and _contains(c, r):
        # the claim holds the whole title plus more: a mis-split entry ("Group. (2021).
        # Title. Journal, 77") or a note ("Title (GeneReviews chapter)"). A short PubMed
        # title must make up half the claim: "Pharmacologic interventions for treating
        # phantom limb pain" is not the paper titled "Phantom limb pain".
        return True
    pool = frozenset(r)
    hits = sum(1 for w in c if _soft_in(w, pool))
    if c and hits / len(c) >= CONTAINMENT and hits / len(r) >= COVERAGE:
        return True
    return ratio(" ".join(c), " ".join(r)) >= RATIO


def _contains(long: tuple[str, ...], short: tuple[str, ...]) -> bool:
    """`short` occurs in `long` as a contiguous run of words."""
    n = len(short)
    return any(long[i : i + n] == short for i in range(len(long) - n + 1))


def title_similarity(claimed: str, actual: str) -> float:
    """A 0..1 score for ranking candidates (word Dice, with the string ratio as floor)."""
    c, r = set(title_words(claimed)), set(title_words(actual))
    if not c or not r:
        return 0.0
    dice = 2 * len(c & r) / (len(c) + len(r))
    return max(dice, ratio(" ".join(title_words(claimed)), " ".join(title_words(actual))))


def _year_swap(claimed: str, actual: str) -> tuple[str, str] | None:
    """The claim's year (or edition number beside a year) and PubMed's where the two titles
    hold different ones at the same place, else None.

    Papers of a series differ in their title only there (`Cancer statistics, 2019` and
    `Cancer statistics, 2020`; `Global cancer statistics 2018: GLOBOCAN ...` and `... 2020:
    ...`): the word-level match above takes such titles for one, and a page that cites the
    2018 paper with the PMID of the 2020 one verified. A year only one of the titles holds
    is no difference: pages shorten titles."""
    c, r = title_words(claimed), title_words(actual)
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, c, r, autojunk=False).get_opcodes():
        if tag == "replace":
            # in order, whatever else was replaced around them (`2019 annual update` for
            # `2020 update`)
            said = [c[i] for i in range(i1, i2) if _series_number(c, i)]
            real = [r[j] for j in range(j1, j2) if _series_number(r, j)]
            for pair in zip(said, real, strict=False):
                if pair[0] != pair[1]:
                    return pair
    return None


def _series_number(words: tuple[str, ...], i: int) -> bool:
    """A year, or a version or edition number beside one (`Version 1.2017`), which goes
    with its year; other numbers in a title are counts, whose typos are for the word match."""
    if not _NUMBER.fullmatch(words[i]):
        return False
    return any(_YEAR.fullmatch(words[k]) for k in (i - 1, i, i + 1) if 0 <= k < len(words))


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def compare_title(claim: Claim, record: PubMedRecord) -> tuple[Finding, ...]:
    claimed = (claim.title or "").strip()
    if not claimed or len(title_words(claimed)) < MIN_WORDS:
        return ()
    candidates = [t for t in (record.title, record.vernacular_title) if t]
    if not candidates:
        return ()
    actual = clean_title(record.title or record.vernacular_title)
    alike = [t for t in candidates if same_title(claimed, t)]
    if not alike:
        said = _short(clean_title(claimed))
        message = f'title in PubMed is "{_short(actual)}", the page says "{said}"'
        return (Finding(Field.TITLE, Severity.WARNING, message, claimed=claimed, actual=actual),)
    swaps = [swap for t in alike if (swap := _year_swap(claimed, t))]
    if len(swaps) < len(alike):
        return ()
    page, pubmed = swaps[0]
    message = (
        f'title in PubMed says {pubmed} where the page says {page} ("{_short(actual)}"): '
        "another paper of the series?"
    )
    return (Finding(Field.TITLE, Severity.WARNING, message, claimed=claimed, actual=actual),)
