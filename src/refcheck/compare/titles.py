"""Article title comparison (only when the page gives a title)."""

from __future__ import annotations

import re
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


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def compare_title(claim: Claim, record: PubMedRecord) -> tuple[Finding, ...]:
    claimed = (claim.title or "").strip()
    if not claimed or len(title_words(claimed)) < MIN_WORDS:
        return ()
    candidates = [t for t in (record.title, record.vernacular_title) if t]
    if not candidates or any(same_title(claimed, t) for t in candidates):
        return ()
    actual = clean_title(record.title or record.vernacular_title)
    said = _short(clean_title(claimed))
    return (
        Finding(
            Field.TITLE,
            Severity.WARNING,
            f'title in PubMed is "{_short(actual)}", the page says "{said}"',
            claimed=claimed,
            actual=actual,
        ),
    )
