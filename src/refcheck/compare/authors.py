"""First-author (and named co-author) comparison against PubMed's AuthorList.

The rules, in order of preference for a claimed name:

* same surname (after folding, particles, compounds) and compatible initials: fine;
* same surname elsewhere in the list: "listed as author k of n" (warning);
* same surname, incompatible initials: "different initials" (warning);
* a near spelling of the first author's surname: misspelling (warning);
* nothing close anywhere: a different person (error).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from refcheck.models import Claim, Field, Finding, PersonName, PubMedRecord, Severity

from .text import clean_initials, compact, damerau_levenshtein, fold, initials_of, ratio, words

# Surname particles a page may drop, glue or space differently.
PARTICLES = frozenset(
    {
        "van", "von", "der", "den", "de", "del", "della", "dello", "dei", "degli", "di", "da",
        "das", "do", "dos", "du", "des", "la", "le", "lo", "les", "ten", "ter", "te", "zu", "zur",
        "vom", "y", "e", "i", "st", "al", "el", "bin", "ben", "ibn", "abu", "o", "d", "l", "mc",
        "mac", "af", "av",
    }
)  # fmt: skip

_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "v", "2nd", "3rd", "junior", "senior"})
_TRAILING_INITIALS = re.compile(r"^(?P<last>.+?)[\s,]+(?P<ini>(?:[A-Z]\.?\s?-?){1,4})$")


class Match(Enum):
    SAME = "same"  # same surname, compatible initials
    INITIALS = "initials"  # same surname, incompatible initials
    CLOSE = "close"  # near spelling of the surname, compatible initials
    NONE = "none"


@dataclass(frozen=True)
class _Surname:
    keys: frozenset[str]  # compact forms (plain fold and German transliteration)
    parts: tuple[frozenset[str], ...]  # compact forms of each non-particle part
    core: frozenset[str]  # compact form without particles


@lru_cache(maxsize=16384)
def _surname(last_name: str) -> _Surname:
    keys: set[str] = set()
    core: set[str] = set()
    parts: list[set[str]] = []
    for german in (False, True):
        keys.add(compact(last_name, german=german))
        tokens = [t for t in re.split(r"[\s\-'.]+", fold(last_name, german=german)) if t]
        tokens = [t for t in tokens if t not in _SUFFIXES] or tokens
        kept = [t for t in tokens if t not in PARTICLES] or tokens
        core.add("".join(kept))
        for i, t in enumerate(kept):
            if len(parts) <= i:
                parts.append(set())
            parts[i].add(t)
    keys.discard("")
    return _Surname(frozenset(keys), tuple(frozenset(p) for p in parts), frozenset(core))


def same_surname(claimed: str, actual: str) -> bool:
    """True when `claimed` is the PubMed surname `actual` in another accepted spelling."""
    a, b = _surname(claimed), _surname(actual)
    if a.keys & b.keys or a.core & b.core:
        return True
    # the page gives one part of a compound (García for García-Márquez / García Márquez)
    if len(b.parts) > 1 and len(a.parts) == 1 and any(a.core & p for p in b.parts):
        return True
    # the page gives more than PubMed holds (García Márquez for García)
    return len(a.parts) > 1 and len(b.parts) == 1 and any(b.core & p for p in a.parts)


def close_surname(claimed: str, actual: str) -> bool:
    """True when `claimed` looks like a misspelling of `actual`."""
    a, b = _surname(claimed), _surname(actual)
    best = False
    for x in a.keys | a.core:
        for y in b.keys | b.core:
            shorter = min(len(x), len(y))
            if shorter <= 3 or (shorter <= 6 and x[0] != y[0]):
                continue  # Li/Lu, Xu/Wu: different people far more often than typos
            limit = 2 if shorter >= 7 else 1
            if damerau_levenshtein(x, y, limit) <= limit or (shorter >= 8 and ratio(x, y) >= 0.85):
                best = True
    if best:
        return True
    # a misspelt first part of a compound surname
    if len(b.parts) > 1 and len(a.parts) == 1:
        return any(close_surname(claimed, next(iter(p))) for p in b.parts[:1])
    return False


def name_initials(name: PersonName) -> str:
    return clean_initials(name.initials) or initials_of(name.fore_name)


def initials_compatible(claimed: str, actual: str) -> bool:
    """Empty on either side, or one a prefix of the other (`MJ` ~ `M`, `UA` !~ `UB`)."""
    if not claimed or not actual:
        return True
    return claimed.startswith(actual) or actual.startswith(claimed)


def _collective_match(claimed: str, actual: str) -> bool:
    said = words(_spelt_out(claimed, actual))
    a, b = set(said), set(words(_spelt_out(actual, claimed)))
    if not a or not b or _other_study(a, b) or _later_study(said, b | set(words(actual))):
        return False
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if len(small & large) / len(small) >= 0.8 and len(small) >= min(2, len(large)):
        return True
    return ratio(" ".join(sorted(a)), " ".join(sorted(b))) >= 0.85


def _later_study(said: list[str], actual: set[str]) -> bool:
    """The claimed group's name (the words `said`) goes on from the record's (`actual`)
    with a word of its own, before the words that make it a group's: `DPP Outcomes Study
    Research Group`, the DPPOS, a later study of the DPP's people, is not the "Diabetes
    Prevention Program Research Group" (nor `ACCORD Eye Study Group` ACCORD's). Pages may
    give less than the record, not more; but what comes before the words the two share
    may be the words of the record's acronym (`Action for Health in Diabetes (Look AHEAD)
    Research Group`), another spelling of a word is the word (`Programme`), and words no
    group's word follows are no part of the name (`National Toxicology Program. Nitrofen.
    Rep Carcinog`: a title and a journal read with it)."""
    shared = [i for i, w in enumerate(said) if w in actual and w not in _GROUP_WORDS]
    ends = [i for i, w in enumerate(said) if w in _GROUP_WORDS - _JOINING]
    if not shared or not ends:
        return False
    own = [w for w in said[shared[0] + 1 : ends[-1]] if w not in _GROUP_WORDS | actual]
    return any(not w.isdigit() and all(ratio(w, x) < _NEAR for x in actual) for w in own)


_NEAR = 0.8  # `ratio` of two spellings of a word (`programme`, `program`: 0.875)


def _other_study(a: set[str], b: set[str]) -> bool:
    """Two groups' names that differ in what names the study: another year or number (`GBD
    2017 Diseases and Injuries Collaborators` for "GBD 2019 ..."), or no word in common but
    the words any group's name has (`Writing Group for the ESPRIT Investigators` for "Writing
    Group for the Women's Health Initiative Investigators"). Either alone matched."""
    numbers_a, numbers_b = ({w for w in x if w.isdigit()} for x in (a, b))
    if numbers_a and numbers_b and numbers_a != numbers_b:
        return True
    own_a, own_b = a - _GROUP_WORDS - numbers_a, b - _GROUP_WORDS - numbers_b
    return bool(own_a and own_b and not own_a & own_b)


_JOINING = frozenset({"of", "the", "and", "for", "on", "in", "s"})  # `Women's`: `women s`
# the words any study group's name may have, which tell no study from another
_GROUP_WORDS = _JOINING | {
    "group",
    "groups",
    "research",
    "study",
    "trial",
    "team",
    "investigators",
    "investigator",
    "collaborators",
    "collaborative",
    "collaboration",
    "consortium",
    "committee",
    "writing",
    "steering",
    "working",
    "network",
    "members",
    "officers",
    "coordinators",
    "behalf",  # `on behalf of the ... Investigators`
    "a",
}
_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")


def _spelt_out(name: str, other: str) -> str:
    """`name` with each acronym that spells words of the other group's name, in order, read
    as those words: `NLST Research Team` for "National Lung Screening Trial Research Team",
    `American Diabetes Association (ADA)` or `ADA` for "American Diabetes Association
    Professional Practice Committee". Also the acronym the other name gives in brackets:
    `CDC` for "Centers for Disease Control and Prevention (CDC)" was left a word of that
    name, one word, too few to match it (MMWR reports are cited so)."""
    whole = words(other)
    spelt = [w for w in whole if w not in _JOINING]

    def expand(m: re.Match[str]) -> str:
        acronym = m.group().lower()
        n = len(acronym)
        if acronym in whole and f"({m.group()})" not in other:
            return m.group()  # a word of the name (`GBD`, `AND` in capitals)
        for i in range(len(spelt) - n + 1):
            if "".join(w[0] for w in spelt[i : i + n]) == acronym:
                return " ".join(spelt[i : i + n])
        span = _loosely_spelt(acronym, whole)
        return " ".join(whole[span[0] : span[1]]) if span else m.group()

    return _ACRONYM.sub(expand, name)


_SMALL = _JOINING | {"to", "with", "by", "a", "an", "versus", "vs"}
_MOST_LETTERS = 3  # that an acronym takes from one word (`ACtion`, `PRessure`)
_FEWEST_WORDS = 3  # that spell an acronym read loosely; one more where a word is left out


def _loosely_spelt(acronym: str, whole: list[str]) -> tuple[int, int] | None:
    """Where the words `whole[i:j]` spell `acronym` as trials spell their names: by the
    starts of most of them, in order. `ACCORD` is ACtion to COntrol Cardiovascular Risk in
    Diabetes, `SPRINT` Systolic blood PRessure INtervention Trial, `ALLHAT`
    Antihypertensive and Lipid-Lowering treatment to prevent Heart Attack Trial. Strict,
    for another study's acronym not to be spelt by a group's many words (`ADVANCE`,
    `UKPDS` for ACCORD's; `SPRINT` by "... Statins in PRevention: an INtervention Trial
    ..."): the words spell the name's own words whole, not some of them (only the words any
    group's name has may come before or after: `Writing Group for the`, `Study Group`);
    small words (`to`, `in`) spell nothing; three letters at most come from one word;
    three words or more spell it, four where a word is left out, and two for each word
    left out."""
    own = [k for k, w in enumerate(whole) if w not in _GROUP_WORDS and not w.isdigit()]
    if len(acronym) < _FEWEST_WORDS or not own:
        return None
    for i in range(own[0] + 1):
        if whole[i] not in _SMALL and whole[i][0] == acronym[0]:
            end = _spell(acronym, whole, i, after=own[-1], used=0, skipped=0)
            if end is not None:
                return i, end
    return None


def _spell(
    rest: str, whole: list[str], k: int, *, after: int, used: int, skipped: int
) -> int | None:
    """The end of the words from `whole[k]` on that spell `rest` and go on `after` that
    word (see `_loosely_spelt`), `used` words having spelt the letters before and `skipped`
    been left out."""
    if 2 * skipped > used + len(rest):
        return None  # too many words left out already, whatever spells the rest
    if not rest:
        enough = used >= _FEWEST_WORDS + (skipped > 0)
        return k if enough and k > after else None
    if k == len(whole):
        return None
    word = whole[k]
    if word in _SMALL:
        return _spell(rest, whole, k + 1, after=after, used=used, skipped=skipped)
    for n in range(min(_MOST_LETTERS, len(rest), len(word)), 0, -1):
        if word[:n] == rest[:n]:
            end = _spell(rest[n:], whole, k + 1, after=after, used=used + 1, skipped=skipped)
            if end is not None:
                return end
    if not used:
        return None  # the first word spells the first letter
    return _spell(rest, whole, k + 1, after=after, used=used, skipped=skipped + 1)


def match(claimed: PersonName, actual: PersonName, *, close: bool = True) -> Match:
    """How `claimed` names `actual`. `close=False`: never CLOSE (a search for the same
    person skips the edit distances, most of the cost of comparing long author lists)."""
    if claimed.collective or actual.collective:
        if _collective_match(claimed.last_name, actual.last_name):
            return Match.SAME
        # a group name the page wrote as a person's surname
        if not claimed.collective and same_surname(claimed.last_name, actual.last_name):
            return Match.SAME
        return Match.NONE
    if (
        claimed.fore_name
        and not claimed.suffix
        and same_surname(f"{claimed.fore_name} {claimed.last_name}", actual.last_name)
    ):
        # `Montero Ruiz et al.`, `La Marca`, `Soo Hoo`: read as a given name and a
        # surname, the words are the whole of a compound surname
        return Match.SAME
    if _given_names_then_compound(claimed, actual):
        return Match.SAME
    ini_ok = initials_compatible(name_initials(claimed), name_initials(actual))
    if same_surname(claimed.last_name, actual.last_name):
        return Match.SAME if ini_ok else Match.INITIALS
    if close and ini_ok and close_surname(claimed.last_name, actual.last_name):
        return Match.CLOSE
    return Match.NONE


def _given_names_then_compound(claimed: PersonName, actual: PersonName) -> bool:
    """`Guy Soo Hoo` (PubMed: `Soo Hoo GW`): a given name written in full, then both words
    of the record's compound surname; the page's initials are those of the given names
    left (`G`), not of every word before the last (`GS`: "different initials")."""
    given = claimed.fore_name.split()
    if claimed.suffix or len(given) < 2 or len(_surname(actual.last_name).parts) < 2:
        return False
    for k in range(1, len(given)):
        surname = " ".join([*given[-k:], claimed.last_name])
        if _surname(surname).keys & _surname(actual.last_name).keys:
            return initials_compatible(initials_of(" ".join(given[:-k])), name_initials(actual))
    return False


def parse_loose(written: str) -> PersonName:
    """Last-resort parse of an author as written (`Hall N`, `Hall, N.`).

    Extraction normally supplies parsed names; this only serves claims without them."""
    text = written.strip().rstrip(",;")
    m = _TRAILING_INITIALS.match(text)
    if m and not m.group("last").endswith(("'", "-")):
        return PersonName(last_name=m.group("last").strip(" ,"), initials=clean_initials(m["ini"]))
    if len(text.split()) > 3:
        return PersonName(last_name=text, collective=True)
    return PersonName(last_name=text)


def claimed_names(claim: Claim) -> tuple[PersonName, ...]:
    if claim.author_names:
        return claim.author_names
    return tuple(parse_loose(a) for a in claim.authors if a.strip())


def _written(claim: Claim, index: int, name: PersonName) -> str:
    if index < len(claim.authors) and claim.authors[index].strip():
        return claim.authors[index].strip()
    return name.display()


def _find(name: PersonName, authors: Sequence[PersonName], kind: Match) -> int | None:
    close = kind is not Match.SAME
    for i, a in enumerate(authors):
        if match(name, a, close=close) is kind:
            return i
    return None


def _listed(name: PersonName, authors: Sequence[PersonName], likely: int) -> bool:
    """`name` is one of `authors`; the one where the page lists it is tried first (a right
    list of 270 authors compared each name with all the others, with edit distances: a
    second per citation)."""
    if likely < len(authors) and match(name, authors[likely], close=False) is Match.SAME:
        return True
    return _find(name, authors, Match.SAME) is not None


def compare_authors(claim: Claim, record: PubMedRecord) -> tuple[Finding, ...]:
    names = claimed_names(claim)
    if not names:
        return ()
    first, written = names[0], _written(claim, 0, names[0])
    authors = record.authors
    if not authors:
        return (
            Finding(
                Field.AUTHOR,
                Severity.INFO,
                f'PubMed lists no authors for this record; the page says "{written}"',
                claimed=written,
                actual=None,
            ),
        )
    findings = [_first_author(first, written, authors, record)]
    if findings[0] is not None and findings[0].severity is Severity.ERROR:
        # a different first author already says the page cites another paper; its
        # co-authors not matching is the same problem, not a second one
        return (findings[0],)
    for i, name in enumerate(names[1:], 1):
        findings.append(_co_author(name, _written(claim, i, name), authors, record, i))
    return tuple(f for f in findings if f is not None)


_STUDY_GROUP = re.compile(r"\b(?:groups?|investigators|collaborators|team|consortium)\b", re.I)


def _study_group(name: PersonName, authors: Sequence[PersonName]) -> bool:
    """`name` is a study group PubMed lists after the persons: the byline journals print for
    such papers, and pages cite (`Writing Group for the Women's Health Initiative
    Investigators`, JAMA 2002, PMID 12117397; `Diabetes Prevention Program Research Group`,
    NEJM 2002). A society or another body so listed (`European Society of Cardiology`) is
    not the paper's byline: cited first, it is still "listed as author k"."""
    return any(
        a.collective and _STUDY_GROUP.search(a.last_name) and match(name, a) is Match.SAME
        for a in authors[1:]
    )


def _first_person(name: PersonName, authors: Sequence[PersonName]) -> bool:
    """`name` is the first person of a record PubMed begins with groups: pages drop the
    group and cite the persons in order (`Wright JT Jr, Williamson JD, et al.` for SPRINT,
    PMID 26551272, whose record begins `SPRINT Research Group`)."""
    person = _first_listed_person(authors)
    return person is not None and person is not authors[0] and match(name, person) is Match.SAME


def _first_listed_person(authors: Sequence[PersonName]) -> PersonName | None:
    return next((a for a in authors if not a.collective), None)


def _then_first_person(authors: Sequence[PersonName]) -> str:
    """After a group that heads the byline, the person a page would cite first (pages drop
    the group, `_first_person`): the editor is told whom to name, not only the group."""
    if not authors[0].collective:
        return ""
    person = _first_listed_person(authors)
    return f', and its first person "{person.display()}"' if person is not None else ""


def _first_author(
    name: PersonName, written: str, authors: Sequence[PersonName], record: PubMedRecord
) -> Finding | None:
    pm_first = authors[0].display()
    n = len(authors)
    total = f"{n}" if record.author_list_complete else f"{n}+"
    kind = match(name, authors[0])
    if kind is Match.SAME or _first_person(name, authors) or _study_group(name, authors):
        return None
    # the right person, just not first
    pos = _find(name, authors[1:], Match.SAME)
    if pos is not None:
        where = pos + 2
        return Finding(
            Field.AUTHOR,
            Severity.WARNING,
            f'"{written}" is listed as author {where} of {total} in PubMed; '
            f'the first author is "{pm_first}"{_then_first_person(authors)}',
            claimed=written,
            actual=pm_first,
        )
    if kind is Match.INITIALS:
        return Finding(
            Field.AUTHOR,
            Severity.WARNING,
            f'first author is "{pm_first}" in PubMed (different initials), '
            f'the page says "{written}"',
            claimed=written,
            actual=pm_first,
        )
    if kind is Match.CLOSE:
        return Finding(
            Field.AUTHOR,
            Severity.WARNING,
            f'first author is "{pm_first}" in PubMed, the page says "{written}" '
            "(misspelt surname?)",
            claimed=written,
            actual=pm_first,
        )
    pos = _find(name, authors[1:], Match.CLOSE)
    if pos is None:
        pos = _find(name, authors[1:], Match.INITIALS)
    if pos is not None:
        where = pos + 2
        return Finding(
            Field.AUTHOR,
            Severity.WARNING,
            f'"{written}" resembles "{authors[pos + 1].display()}", author {where} of {total} '
            f'in PubMed; the first author is "{pm_first}"',
            claimed=written,
            actual=pm_first,
        )
    return Finding(
        Field.AUTHOR,
        Severity.ERROR,
        f'first author is "{pm_first}" in PubMed, the page says "{written}" '
        "(no such author on this record)",
        claimed=written,
        actual=pm_first,
    )


def _co_author(
    name: PersonName, written: str, authors: Sequence[PersonName], record: PubMedRecord, at: int
) -> Finding | None:
    if _listed(name, authors, at):
        return None
    for kind in (Match.CLOSE, Match.INITIALS):
        pos = _find(name, authors, kind)
        if pos is not None:
            return Finding(
                Field.AUTHOR,
                Severity.WARNING,
                f'author {pos + 1} is "{authors[pos].display()}" in PubMed, '
                f'the page says "{written}"',
                claimed=written,
                actual=authors[pos].display(),
            )
    severity = Severity.WARNING if record.author_list_complete else Severity.INFO
    shown = "; ".join(a.display() for a in authors[:6]) + ("; ..." if len(authors) > 6 else "")
    return Finding(
        Field.AUTHOR,
        severity,
        f'"{written}" is not among the authors in PubMed ({shown})',
        claimed=written,
        actual=shown,
    )
