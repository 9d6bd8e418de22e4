"""Finding the paper a page meant when its PMID points elsewhere.

`search_terms` builds E-utilities esearch terms from the claim (most specific
first); the lead runs them and hands the fetched candidates to
`rank_candidates`, which picks the one that fits the claim, or None.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from unidecode import unidecode

from refcheck.models import Claim, Field, PubMedRecord, Severity

from .authors import claimed_names, compare_authors, name_initials
from .journals import compare_journal
from .text import fold, strip_markup
from .titles import clean_title, title_similarity
from .years import compare_year

MAX_TITLE_WORDS = 6
# Two candidates scoring within this margin of each other are ambiguous.
TIE_MARGIN = 0.5
# A suggestion needs at least two confirmed facts (or one plus a close title).
MIN_SCORE = 3.0

_TITLE_STOP = frozenset(
    {
        "with", "from", "that", "this", "their", "there", "these", "those", "into", "after",
        "before", "during", "between", "among", "about", "versus", "than", "were", "have",
        "does", "what", "which", "when", "where", "using", "used", "based", "study", "effect",
        "effects", "patients", "case", "report",
    }
)  # fmt: skip
_SECTION_LABEL = re.compile(r"^\s*[A-Z][a-z]{2,20}\.\s+(?=\S+\s+\S)")
_UNSAFE = re.compile(r'["\[\]()*#:;]')


def _clean(text: str) -> str:
    text = _UNSAFE.sub(" ", unidecode(strip_markup(text)))
    return re.sub(r"\s+", " ", text).strip()


def _author_term(claim: Claim) -> str | None:
    names = claimed_names(claim)
    if not names:
        return None
    first = names[0]
    name = _clean(first.last_name)
    if not name:
        return None
    if first.collective:
        return f'"{name}"[cn]'
    initial = name_initials(first)[:1]
    return f"{name} {initial}[1au]" if initial else f"{name}[1au]"


def _journal_term(claim: Claim) -> str | None:
    if not claim.journal:
        return None
    text = strip_markup(claim.journal)
    text = re.sub(r"\([^()]*\)", " ", text)
    # a journal running into volume/pages or a note: keep the name part
    text = re.split(r"\s*(?:[;:]|\.\s+\d|,\s*\d|\s\d)", text, maxsplit=1)[0]
    text = text.replace("&", " and ").replace(".", " ")
    text = _clean(text)
    return f'"{text}"[ta]' if text else None


def _title_terms(claim: Claim) -> list[str]:
    if not claim.title:
        return []
    # a one-word section label ("Genetics. DNA test ...", Science's news pieces) is not
    # always part of the indexed title: search by the words after it
    title = _SECTION_LABEL.sub("", claim.title, count=1)
    words = re.findall(r"[a-z0-9]+", fold(clean_title(title)))
    picked: list[str] = []
    for w in words:
        if len(w) >= 4 and w not in _TITLE_STOP and w not in picked:
            picked.append(w)
        if len(picked) == MAX_TITLE_WORDS:
            break
    return [f"{w}[ti]" for w in picked]


def search_terms(claim: Claim) -> tuple[str, ...]:
    """esearch terms for the paper the page meant, most specific first."""
    au = _author_term(claim)
    dp = f"{claim.year}[dp]" if claim.year else None
    ta = _journal_term(claim)
    ti = _title_terms(claim)
    ti_term = " AND ".join(ti) if ti else None

    combos: list[tuple[str | None, ...]] = [
        (au, dp, ta),
        (au, dp),
        (au, dp, ti_term),
        (au, ta, ti_term),
        (au, ti_term),
        (ti_term, dp),
        (au, ta),
        (dp, ta, ti_term),
    ]
    out: list[str] = []
    for combo in combos:
        if any(part is None for part in combo):
            continue
        parts = [p for p in combo if p]
        term = " AND ".join(parts)
        if term not in out:
            out.append(term)
    if ti_term and len(ti) >= 4 and ti_term not in out:
        out.append(ti_term)
    return tuple(out)


def _score(claim: Claim, record: PubMedRecord, current_year: int) -> float | None:
    """How well a candidate fits the claim; None if an author/year/journal error rules it out."""
    findings = [
        *compare_authors(claim, record),
        *compare_year(claim, record, current_year=current_year),
        *compare_journal(claim, record),
    ]
    if any(f.severity is Severity.ERROR for f in findings):
        return None
    score = 0.0
    given = {
        Field.AUTHOR: bool(claimed_names(claim)),
        Field.YEAR: claim.year is not None,
        Field.JOURNAL: bool(claim.journal and claim.journal.strip()),
    }
    for field_, present in given.items():
        if not present:
            continue
        worst = max(
            (f.severity.rank for f in findings if f.field is field_), default=Severity.INFO.rank
        )
        score += 2.0 if worst == Severity.INFO.rank else 1.0
    if claim.title and record.title:
        score += 3.0 * title_similarity(claim.title, record.title)
    return score


def rank_candidates(
    claim: Claim, records: Sequence[PubMedRecord], *, current_year: int
) -> str | None:
    """PMID of the candidate that best matches the claim, or None (none fits, or a tie)."""
    scored: dict[str, float] = {}
    for record in records:
        s = _score(claim, record, current_year)
        if s is not None and s >= MIN_SCORE:
            scored[record.pmid] = max(s, scored.get(record.pmid, 0.0))
    if not scored:
        return None
    ranked = sorted(scored.items(), key=lambda kv: kv[1], reverse=True)
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < TIE_MARGIN:
        return None
    return ranked[0][0]
