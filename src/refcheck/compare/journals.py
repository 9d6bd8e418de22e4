"""Journal comparison: full titles, ISO/NLM abbreviations, publisher forms.

A claim is compared with every name PubMed gives (NLM catalogue title, ISO
abbreviation, MedlineTA) and with variants of them (subtitle after " : " cut,
parenthesised place qualifiers dropped, the parent series before ". ").
The verdict is one of MATCH, UNSURE (warning: could not confirm) or MISMATCH.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from enum import Enum
from functools import lru_cache
from typing import Any

from refcheck.models import Claim, Field, Finding, PersonName, PubMedRecord, Severity

from .text import damerau_levenshtein, fold, ratio, strip_markup, words

# Words an abbreviation drops (NLM/ISO 4 leave out articles, prepositions, conjunctions).
STOP_WORDS = frozenset(
    {
        "of", "the", "and", "for", "in", "on", "at", "et", "und", "fur", "de", "des", "der",
        "die", "den", "det", "dem", "das", "la", "le", "les", "los", "las", "du", "da", "di",
        "del", "y", "zur", "zum", "voor", "il",
    }
)  # fmt: skip

# What a publisher form may leave off the end of the NLM title (PNAS: "... of the USA").
_DROPPABLE_TAIL = frozenset({"united", "states", "america", "u", "s", "usa", "uk", "london"})

# First words of a continuation that make a longer journal name rather than a note.
_NAME_EXTENSIONS = frozenset(
    [
        "medicine",
        "med",
        "medical",
        "research",
        "res",
        "reports",
        "rep",
        "letters",
        "lett",
        "journal",
        "j",
        "science",
        "sciences",
        "sci",
        "practice",
        "management",
        "clinics",
        "clinical",
        "clin",
        "open",
        "international",
        "int",
        "today",
        "plus",
        "advances",
        "reviews",
        "communications",
        "part",
        "section",
        "series",
        "supplement",
        "suppl",
        "bulletin",
        "quarterly",
        "annals",
        "archives",
        "proceedings",
        "transactions",
        "forum",
        "update",
        "translational",
        "nursing",
        "surgery",
        "therapy",
        "a",
        "b",
        "c",
        "d",
        "e",
    ]
)

_PAREN = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_WORD = re.compile(r"[a-z0-9]+")
_ISO4_LENGTH_SLACK = 2  # words an ISO 4 form may gain or lose besides stop words
_NOTE_SPLIT = re.compile(r"[.,;:(]\s*|\s+(?=\d)")

Tokens = tuple[str, ...]


class JournalMatch(Enum):
    MATCH = "match"
    UNSURE = "unsure"
    MISMATCH = "mismatch"


# --------------------------------------------------------------------------- normalisation


def tokens(name: str) -> Tokens:
    """Comparable words of one form of a name: folded, `&`/`and`/stop words and a leading
    `The` dropped, `journal` spelled `j`, `USA` spelled `u s a`."""
    text = fold(name).replace("&", " and ").replace("'", "")
    words = _WORD.findall(text)
    out: list[str] = []
    for w in words:
        if w in STOP_WORDS:
            continue
        if w == "usa":
            out.extend(("u", "s", "a"))
        elif w == "journal":
            out.append("j")
        else:
            out.append(w)
    return tuple(out)


# Names a journal is known by that no rule derives from its NLM names: the Cochrane
# Database of Systematic Reviews is published in, and cited as, the Cochrane Library.
_COCHRANE = ("Cochrane Library", "Cochrane Reviews", "Cochrane Review", "Cochrane Database")
_PUBLISHED_AS = {
    tokens("The Cochrane database of systematic reviews"): _COCHRANE,
    tokens("Cochrane Database Syst Rev"): _COCHRANE,
}


# Parents whose NLM "sections" are journals of their own, launched under the parent's
# name (`The Lancet. Infectious diseases` is Lancet Infect Dis, not The Lancet; `JACC.
# Heart failure` is not J Am Coll Cardiol), unlike the sections of one journal split in
# parts (BBA's, Am J Physiol's, J Bone Joint Surg's), which pages cite by the parent's
# name. Citing such a journal by its parent's name names another journal.
_OWN_JOURNALS = frozenset(
    tokens(name)
    for name in (
        "The Lancet",
        "Circulation",
        "European heart journal",
        "JACC",
        "Neurology",
        "Radiology",
        "The journal of allergy and clinical immunology",
        "Mayo Clinic proceedings",
        "Ophthalmology",
        "Biological psychiatry",
    )
)


def _forms(name: str, *, sections: bool, claim: bool = False) -> list[str]:
    """Forms of a name worth comparing: as given, without parentheses, main title only..."""
    name = strip_markup(name).strip()
    no_paren = _PAREN.sub(" ", name)
    forms = [name, no_paren]
    for base in (name, no_paren):
        # the main title before a subtitle ("Europace : European pacing, ..."; the record's
        # "CA: a cancer journal for clinicians", which pages cite as "CA"), and each side of
        # a parallel title ("Sleep & breathing = Schlaf & Atmung"). A page's "Circulation:
        # Heart Failure" is another journal than "Circulation": a claim's colon with no
        # space before it is no subtitle's
        main = re.split(r"\s+[:;]\s+|;\s+" if claim else r"\s*:\s+|\s+;\s+|;\s+", base)[0]
        forms.append(main)
        forms.extend(re.split(r"\s+=\s+", main))
        if not claim:
            # the record's own acronym set off by colons: "American journal of health-system
            # pharmacy : AJHP : official journal of ...", which pages cite as "AJHP"
            forms.extend(p for p in re.split(r"\s+:\s+", base)[1:] if _acronym_of(p, main))
    forms.extend(_PUBLISHED_AS.get(tokens(no_paren), ()))
    if sections:
        # a title led by its own acronym, cited by the words it stands for: "MMWR.
        # Morbidity and mortality weekly report", "AJR. American journal of roentgenology";
        # like the parent series, not a name a note may run on from ("Morbidity and
        # Mortality Weekly Report. Recommendations and Reports" is another journal)
        acronym, _, spelt = no_paren.partition(". ")
        if acronym.isalpha() and acronym.isupper() and acronym.lower() == _initials(spelt):
            forms.append(spelt)
        # the parent series: "Biochimica et biophysica acta. Molecular cell research",
        # unless its "sections" are journals of their own (see _OWN_JOURNALS)
        for parent in (
            no_paren.split(". ", 1)[0],
            re.split(r"\s+[:=]\s+|;\s+", no_paren)[0].split(". ", 1)[0],
        ):
            if tokens(parent) not in _OWN_JOURNALS:  # a name without sections is in already
                forms.append(parent)
    return list(dict.fromkeys(f.strip() for f in forms if f.strip()))


def _initials(name: str) -> str:
    return "".join(w[0] for w in tokens(name))


_FEWEST_ACRONYM_LETTERS = 3  # `JAT`, `RTP`, `AJHP` are cited; PubMed's `CB` is not


def _acronym_of(piece: str, title: str) -> bool:
    """`piece` is in capitals and spelt by the initials of `title`'s words, in order, from
    the first (`AJHP`: American Journal of Health-System Pharmacy, its `S` left out), not a
    word or a name in capitals that happens to stand between colons. Three letters at
    least, as `_acronym` asks of a page's: pages cite no journal by two (`Current biology
    : CB` is cited `Curr Biol`), which the initials of many titles spell."""
    initials = _initials(title)
    letters = iter(initials[1:])
    acronym = piece.lower()
    return (
        len(piece) >= _FEWEST_ACRONYM_LETTERS
        and piece.isalpha()
        and piece.isupper()
        and acronym[0] == initials[:1]
        and all(c in letters for c in acronym[1:])
    )


@lru_cache(maxsize=4096)
def record_forms(names: tuple[str, ...], *, sections: bool = True) -> tuple[Tokens, ...]:
    """Token forms of a record's journal names (cached: records repeat journals).

    With `sections`, the parent series of a sectioned title counts too."""
    out: list[Tokens] = []
    for i, name in enumerate(names):
        out.extend(tokens(f) for f in _forms(name, sections=sections and i == 0))
    return tuple(dict.fromkeys(t for t in out if t))


@lru_cache(maxsize=4096)
def _claim_forms(claim: str) -> tuple[Tokens, ...]:
    forms = (tokens(f) for f in _forms(claim, sections=False, claim=True))
    return tuple(dict.fromkeys(t for t in forms if t))


# --------------------------------------------------------------------------- ISO 4

_ISO4_LOCK = threading.Lock()
_iso4: list[Callable[..., str]] = []


def _abbreviator() -> Callable[..., str] | None:
    """pyiso4's LTWA abbreviator, built once on first use (it takes a second to build)."""
    if not _iso4:
        with _ISO4_LOCK:
            if not _iso4:
                try:
                    from pyiso4.ltwa import Abbreviate

                    _iso4.append(Abbreviate.create())
                except Exception:  # pragma: no cover - pyiso4 missing or broken
                    _iso4.append(lambda title, **_: "")
    return _iso4[0]


# ISO 4 abbreviations already computed, by name. Building pyiso4's table costs
# about a second per process, so callers may seed this from a store of earlier
# results (`seed_iso4`) and save what a run added (`iso4_computed`).
_ISO4_KNOWN: dict[str, str] = {}
_ISO4_NEW: dict[str, str] = {}


def seed_iso4(known: Mapping[str, str]) -> None:
    _ISO4_KNOWN.update(known)


def iso4_computed() -> dict[str, str]:
    """Abbreviations computed (not seeded) since the last call; clears the list."""
    with _ISO4_LOCK:
        out = dict(_ISO4_NEW)
        _ISO4_NEW.clear()
    return out


def iso4(name: str) -> str:
    """ISO 4 abbreviation of a full journal title (`British Journal of Pain` -> `Br. J. Pain`)."""
    known = _ISO4_KNOWN.get(name)
    if known is not None:
        return known
    abbreviate = _abbreviator()
    result = ""
    if abbreviate is not None:
        try:
            result = str(abbreviate(_PAREN.sub(" ", name).strip(), remove_part=True))
        except Exception:  # pragma: no cover - pyiso4 chokes on odd input
            result = ""
    with _ISO4_LOCK:
        _ISO4_KNOWN[name] = result
        _ISO4_NEW[name] = result
    return result


# --------------------------------------------------------------------------- matching


def _abbreviates(short: str, full: str) -> bool:
    """`short` is `full` or an abbreviation of it (prefix, or contraction like `Natl`)."""
    if short == full:
        return True
    if short.isdigit() or full.isdigit() or short[0] != full[0]:
        return False
    if full.startswith(short):
        return True
    if len(short) < 3:
        return False
    it = iter(full)
    return all(c in it for c in short)


def abbreviation_of(short: Tokens, full: Tokens) -> bool:
    """Word by word, each word of `short` abbreviates the word of `full` in that place.

    One-word names must be equal: `Cell` is not `Cells`, `Pain` is not `Pain Med`.
    """
    if len(short) != len(full):
        return False
    if len(short) == 1:
        return short == full
    return all(_abbreviates(s, f) for s, f in zip(short, full, strict=True))


def _same(a: Tokens, b: Tokens) -> bool:
    return a == b or abbreviation_of(a, b) or abbreviation_of(b, a)


def _acronym(claim: str, forms: Iterable[Tokens]) -> bool:
    """`NEJM`, `PNAS`: a capitalised acronym of the full title's words."""
    raw = re.sub(r"[^A-Za-z]", "", claim)
    if not (3 <= len(raw) <= 8 and raw.isupper() and len(claim.split()) == 1):
        return False
    acro = raw.lower()
    for form in forms:
        if len(form) < 2:
            continue
        initials = "".join(w[0] for w in form)
        if initials == acro or (len(acro) >= 4 and initials.startswith(acro)):
            return True
    return False


_JOURNAL_AFTER = re.compile(r"(?P<name>.+?)\s+(?P<word>[Jj]ournal)\W*")
# words of the name a page's `journal` may follow, by how the page wrote it: capitalised,
# it may be another journal's last word ("Internal Medicine Journal" is not "Internal
# medicine (Tokyo, Japan)", nor "The Spine Journal" "Spine")
_WORDS_BEFORE_JOURNAL = {"journal": 2, "Journal": 3}


def _journal_after(claim: str, rec: tuple[Tokens, ...]) -> bool:
    """A page's word `journal` after the record's name (`The Lancet Infectious Diseases
    journal` for "The Lancet. Infectious diseases": "could not confirm"), only where the
    name before it matches whole: a name of two words or more before a lower-case `journal`
    (a page's description), of three or more before `Journal`."""
    m = _JOURNAL_AFTER.fullmatch(claim.strip())
    if m is None:
        return False
    fewest = _WORDS_BEFORE_JOURNAL[m["word"]]
    forms = tuple(f for f in _claim_forms(m["name"]) if len(f) >= fewest)
    return _match_forms(forms, rec)


def _prefix_match(short: Tokens, long: Tokens) -> bool:
    """`long` begins with the words of `short` (abbreviated or not)."""
    return len(long) > len(short) >= 1 and _same(short, long[: len(short)])


def _match_forms(claim_forms: tuple[Tokens, ...], rec: tuple[Tokens, ...]) -> bool:
    for c in claim_forms:
        for r in rec:
            if _same(c, r):
                return True
            # a publisher form dropping "of the United States of America"
            if _droppable_tail(r, len(c)) and _prefix_match(c, r):
                return True
    return False


def _note_match(claim: str, rec: tuple[Tokens, ...]) -> bool:
    """The claim starts with the journal and runs on into a note or the volume/pages."""
    for m in _NOTE_SPLIT.finditer(claim):
        head, tail = claim[: m.start() + 1], claim[m.end() :]
        tail_words = _WORD.findall(fold(tail))
        if not tail_words:
            continue
        if not (any(w[0].isdigit() for w in tail_words) or len(tail_words) >= 3):
            continue
        if _match_forms(_claim_forms(head.rstrip("(").strip()), rec):
            return True
    return False


def _run_on_match(claim: str, rec: tuple[Tokens, ...]) -> bool:
    """The claim is the journal run straight into a title-case note, no punctuation between
    (clinic pages: `Rehabilitation Psychology Review of the Neurobehavioral Symptom
    Inventory` for the journal "Rehabilitation psychology").

    Accepted when the claim's leading words are one of the record's names in full and the
    rest reads like a note, not like the rest of a longer journal name: at least two more
    words, starting with a capital, holding a lower-case word (a sentence: `of`, `the`,
    `in`...), and not starting with a word that extends journal names (`Pain Medicine
    Review of...` is not the journal "Pain"; `Science of the Total Environment`, `Nature
    Reviews Drug Discovery` are not "Science" or "Nature"). A remaining risk, accepted: a
    longer journal that starts with the record's whole name and continues with a rarer
    word and a connector (`Blood Cells, Molecules and Diseases` claimed for "Blood").
    """
    words = claim.split()
    for k in range(1, len(words) - 1):
        rest = words[k:]
        first = _WORD.findall(fold(rest[0]))
        if not rest[0][:1].isupper() or not first or first[0] in _NAME_EXTENSIONS:
            continue
        if len(tokens(" ".join(rest))) < 2 or not any(w[:1].islower() for w in rest[1:]):
            continue
        head = " ".join(words[:k]).rstrip(".,;:")
        if _match_forms(_claim_forms(head), rec):
            return True
    return False


def _near_length(a: Tokens, b: Tokens) -> bool:
    """ISO 4 abbreviates words and drops only articles, prepositions and conjunctions,
    which `tokens` drops too: an abbreviation has about as many words as its source."""
    return abs(len(a) - len(b)) <= _ISO4_LENGTH_SLACK


def _iso4_match(claim: str, names: tuple[str, ...], rec: tuple[Tokens, ...]) -> bool:
    # pyiso4 is only asked (and its table only built) where lengths allow a match:
    # a clinic page's journal run into a long note never abbreviates to the journal.
    for form in _forms(claim, sections=False, claim=True):
        words = tokens(form)
        if len(words) < 2 or not any(_near_length(words, r) for r in rec):
            continue
        abbr = tokens(iso4(form))
        if abbr and any(_same(abbr, r) for r in rec):
            return True
    if names:
        claim_forms = [c for c in _claim_forms(claim) if len(c) >= 2]
        for form in _forms(names[0], sections=True):
            if not any(_near_length(tokens(form), c) for c in claim_forms):
                continue
            abbr = tokens(iso4(form))
            if abbr and any(_same(c, abbr) for c in claim_forms):
                return True
    return False


def _grey(claim_forms: tuple[Tokens, ...], rec: tuple[Tokens, ...]) -> bool:
    for c in claim_forms:
        joined_c = "".join(c)
        for r in rec:
            if len(c) >= 2 and (_prefix_match(c, r) or (_prefix_match(r, c) and len(r) >= 2)):
                return True
            joined_r = "".join(r)
            shorter = min(len(joined_c), len(joined_r))
            if shorter >= 5 and damerau_levenshtein(joined_c, joined_r, 1) <= 1:
                return True
            if shorter >= 10 and ratio(" ".join(c), " ".join(r)) >= 0.85:
                return True
    return False


def match_journal(claim: str, names: tuple[str, ...], *, iso4: bool = True) -> JournalMatch:
    """Compare a claimed journal with a record's journal names.

    With `iso4=False` the ISO 4 step is skipped (it can only turn a non-match
    into a match, and its table costs a second to build): callers with a cheaper
    way to accept the claim try that first and come back with `iso4_match`.
    """
    if _another_place(claim, names):
        return JournalMatch.MISMATCH
    rec = record_forms(names)
    claim_forms = _claim_forms(claim)
    if not rec or not claim_forms:
        # nothing left after dropping stop words ("Y", "De"): only the same text matches
        same = _WORD.findall(fold(claim))
        if same and any(_WORD.findall(fold(n)) == same for n in names):
            return JournalMatch.MATCH
        return JournalMatch.UNSURE
    if _match_forms(claim_forms, rec) or _acronym(_PAREN.sub(" ", claim).strip(), rec):
        return JournalMatch.MATCH
    if _journal_after(claim, rec):
        return JournalMatch.MATCH
    # the record is the acronym of what the page spelt out (BMJ: British Medical Journal)
    if any(_acronym(_PAREN.sub(" ", n).strip(), claim_forms) for n in names):
        return JournalMatch.MATCH
    # a run-on note is only accepted after the journal itself, not after its parent series
    # ("Am J Physiol. Heart and circulatory physiology" is not "... Cell physiology"), nor
    # where the claim names a section of its own (see _names_a_section)
    plain = record_forms(names, sections=False)
    if not _names_a_section(claim, names) and (
        _note_match(claim, plain) or _run_on_match(claim, plain)
    ):
        return JournalMatch.MATCH
    if iso4 and iso4_match(claim, names):
        return JournalMatch.MATCH
    if _grey(claim_forms, rec):
        return JournalMatch.UNSURE
    return JournalMatch.MISMATCH


def _another_place(claim: str, names: tuple[str, ...]) -> bool:
    """The claim's place in brackets is not the record's, where PubMed's abbreviation holds
    one: NLM adds a place to tell apart journals of one name (`Drugs (Abingdon Engl)`, the
    journal of drug education, is not Adis's `Drugs`), and every form of a name is compared
    without its brackets, so `Drugs (Auckland)` verified for "Drugs (Abingdon, England)".
    Places agree where a word of one abbreviates a word of the other (`Oxf`, `Oxford`);
    a claim's year (`J Appl Physiol (1985)`) or medium (`(Online)`) is no place, and a
    journal whose abbreviation names none (ACS writes `Science (Washington, D.C.)`, PubMed
    `Science (New York, N.Y.)`, `Science`) is not asked."""
    said = _place_words(claim)
    if not said or not any(_PAREN.search(n) for n in names[1:]):
        return False
    known = {w for name in names for w in _place_words(name, years=True)}
    return not any(_abbreviates(a, b) or _abbreviates(b, a) for a in said for b in known)


def _place_words(name: str, *, years: bool = False) -> set[str]:
    """The words in `name`'s brackets, if they name a place: letters only, but with
    `years`, and no medium."""
    out: set[str] = set()
    for bracket in _PAREN.findall(name):
        found = _WORD.findall(fold(bracket))
        if years or not any(w[0].isdigit() for w in found):
            out.update(w for w in found if w not in _MEDIA)
    return out


_MEDIA = frozenset({"online", "print", "internet", "electronic", "ed", "edition"})


def _names_a_section(claim: str, names: tuple[str, ...]) -> bool:
    """`Circulation: Cardiovascular Quality and Outcomes` names a section of a journal,
    another journal than "Circulation": after the one colon, with no space before it (a
    subtitle's has one, see _forms), or the one period (PubMed's own `Circulation.
    Cardiovascular quality and outcomes`, which pages copy), a name in Title Case, each
    word capitalised but the joining ones, and no number. Read as "Circulation" and a
    note, a section of three words or more passed for the parent journal (`Circulation:
    Heart Failure` did not); a note is a sentence (`Anesthesia & Analgesia: Open-label
    study of ...`, `Lancet. Published online first`). A journal whose name has a subtitle
    after a colon is cited with it so too, shortened (`Journal of Clinical Oncology:
    Official Journal of the ASCO`)."""
    m = _SECTION_AFTER.fullmatch(claim.strip())
    if m is None or any(_SUBTITLE.search(name) for name in names):
        return False
    section = m["section"] or m["dotted"]
    return all(w[0].isupper() or w.lower() in STOP_WORDS for w in _LETTERS.findall(section))


_SECTION_AFTER = re.compile(
    r"[^:]*[^\s:]:\s+(?P<section>[^:\d]+)|[^.:]*[^\s.:]\.\s+(?P<dotted>[^.:\d]+)\.?"
)
_LETTERS = re.compile(r"[^\W\d_]+")
_SUBTITLE = re.compile(r":\s")  # `Journal of clinical oncology : official ...`, `CA: a ...`


def iso4_match(claim: str, names: tuple[str, ...]) -> bool:
    """The claim and the record's names agree once abbreviated to ISO 4."""
    rec = record_forms(names)
    return bool(rec) and _iso4_match(claim, names, rec)


def run_starts_with_journal(run: str, names: tuple[str, ...]) -> bool:
    """The clinic style's whole `journal + note` run begins with one of the record's names.

    Token-wise after the usual normalisation (case, punctuation, `&`/`and`, a leading
    `The`, dotted abbreviations): `Anesthesia and analgesia Chronic phantom ...` begins
    with "Anesthesia and analgesia". The word after the name must start the note, not
    continue a longer journal name: it must be capitalised (or open a bracket), and not a
    connector (`Science of the Total Environment`) nor a word that extends journal names
    (`Pain Medicine ...` is not "Pain"; `Kidney international. Supplement ...` is not
    "Kidney international"). The article `A` is allowed: a note often starts with it.
    Only the journal's own names count, not its parent series.
    """
    return _journal_words(run, names, closed=False) > 0


def _journal_words(text: str, names: tuple[str, ...], *, closed: bool) -> int:
    """How many of `text`'s first words are one of the record's journal names, followed by
    the start of a note (see run_starts_with_journal), or 0. `closed`: punctuation that ends
    the name (`Reviews:`, `Analgesia.`, a dash after it) also counts as the note's start."""
    words = strip_markup(text).split()
    if not words or len(words) > 400:
        return 0
    rec = _forms_set(names)
    if not rec:
        return 0
    longest = max(len(f) for f in rec)
    prefix: Tokens = ()
    for k in range(1, min(len(words), 40) + 1):
        word = tokens(words[k - 1])
        if not word:
            continue  # the name must end on a word of its own, not on "of the" / "&"
        prefix += word
        if len(prefix) > longest or not any(f[: len(prefix)] == prefix for f in rec):
            return 0  # no name starts so: most titles stop at their first word
        if prefix not in rec:
            if prefix in _shortened_set(names) and _one_word_or_sentence(words[k:]):
                return k
            continue
        if k == len(words) or _starts_note(
            words[k], words[k + 1 : k + 2], after_title_case=_in_title_case(words[:k])
        ):
            return k
        # a colon or a dash ends a name (`Anesthesia & Analgesia: Open-label study`);
        # a period only where the caller says so (`Kidney international. Supplement`)
        if words[k - 1][-1] in ":;" or words[k] in ("—", "–", "-"):
            return k
        if closed and words[k - 1][-1] == ".":
            return k
    return 0


@lru_cache(maxsize=4096)
def _forms_set(names: tuple[str, ...]) -> frozenset[Tokens]:
    return frozenset(record_forms(names, sections=False))


@lru_cache(maxsize=4096)
def _shortened_set(names: tuple[str, ...]) -> frozenset[Tokens]:
    """The record's names without a tail publishers leave off (PNAS without "of the United
    States of America"), the shortening `_match_forms` accepts of a journal named alone."""
    return frozenset(
        form[:n] for form in _forms_set(names) for n in range(len(form)) if _droppable_tail(form, n)
    )


def _droppable_tail(form: Tokens, n: int) -> bool:
    """`form` shortened to its first `n` words (three at least) leaves off only what publishers
    leave off (PNAS: "... of the United States of America")."""
    return 3 <= n < len(form) and all(w in _DROPPABLE_TAIL for w in form[n:])


def single_spaced(claim: Claim) -> Claim:
    """The claim with each run of space in its texts made one space (the same claim where
    there is none). Extraction writes claims so; the command line's and an API caller's
    may hold runs (`pmid --journal`), and some patterns here are quadratic in a run's
    length: 4,000 spaces in a journal took half a second."""
    changes: dict[str, Any] = {}
    for name in ("journal", "title", "journal_run"):
        text = getattr(claim, name)
        if text and (tidy := " ".join(text.split())) != text:
            changes[name] = tidy
    authors = tuple(" ".join(a.split()) for a in claim.authors)
    if authors != claim.authors:
        changes["authors"] = authors
    return replace(claim, **changes) if changes else claim


def journal_first(claim: Claim, record: PubMedRecord) -> Claim:
    """The claim read again when its "title" begins with the record's journal.

    The clinic's pages also put the journal first after the year (`Eichenberger U, et al.
    (2008). Anesthesia & Analgesia. Controlled study: ...`, `Alviar MJ et al. 2016.
    Cochrane Database of Systematic Reviews: systematic review of ...`); read title-first,
    the journal became the title and the note the journal: two false alarms. A title
    that begins with the record's journal name of two words or more, closed by
    punctuation or followed by a note, is that journal, and the page gives no title. A
    one-word journal (`Pain`, `Blood`, `Cell`) often begins real titles: read so only when
    it is the whole "title", closed by a period (`1979. Neuropadiatrie. Review of ...`), or
    where the entry names no journal (read so, a title loses its check, raises no alarm).
    Where the journal ran into a note with nothing between them, the journal is the
    run's start that names the record's journal (see run_starts_with_journal); where
    the claimed authors, or the last of them, are the record's journal, they are the
    journal; where they are the record's title, they are the title.
    """
    claim = single_spaced(claim)
    names = record.journal_names
    if not names:
        return claim
    # each reading returns None where it does not apply
    return (
        _authors_as_title(claim, record)
        or _title_as_journal(claim, names)
        or _sections_as_journal(claim, names)
        or _title_end_as_journal(claim, record)
        or _authors_as_journal(claim, names)
        or _last_authors_as_journal(claim, names)
        or _run_as_journal(claim, names)
        or claim
    )


def _authors_as_title(claim: Claim, record: PubMedRecord) -> Claim | None:
    """`Marine Heatwaves. Annu Rev Mar Sci. 2021.`: an entry without authors whose title in
    Title Case read as a name (`Heatwaves M`) and its journal as the title: "first author is
    Oliver ECJ in PubMed, the page says Marine Heatwaves", an error on a right citation (31 of
    593 records cited so). "Authors" that are the record's title, whole or up to a sentence
    end or a colon (`Genetics.` of `Genetics. DNA test ...`), are its title, which then needs
    no other check, and what was read as the title is the journal.

    A year in such a title (`Global Cancer Statistics 2020: GLOBOCAN Estimates ... CA Cancer
    J Clin. 2021.`) was read as the citation's year, after the "name": the title's, not the
    paper's, which the page gives later (an ERROR, "not the cited paper", on one of the
    most cited papers in medicine). See `_title_head` for the year the claim keeps."""
    if not claim.authors or claim.et_al or len(claim.authors) > 4 or not record.title:
        return None  # a title reads as one to three "names"; most lists are people's
    title = record.title
    heads = [_title_words(title[: m.start()]) for m in _TITLE_BREAK.finditer(title)]
    heads.append(_title_words(title))
    written = ", ".join(claim.authors)
    for cut in [m.start() for m in _TITLE_BREAK.finditer(written)] + [len(written)]:
        said = _title_words(written[:cut])
        # the last "name" may have run on into the journal (`Interactions Between Insulin
        # and Exercise. Biochem J. 2021`: "Exercise. Biochem J."): what follows the title
        # is then the journal, where none was read, if it names the record's
        rest = written[cut + 1 :].strip(" ,")
        year = claim.year
        dated = _APA_DATE.fullmatch(rest)
        if dated:  # APA without authors: `Title. (1987). Journal, 3, 119-28.`: its date
            year, rest = int(dated[1]), ""
        if not said or (
            rest
            and (claim.journal or claim.title or not _names_journal(rest, record.journal_names))
        ):
            continue  # what follows the title is not the journal alone (a group's name)
        head = _title_head(said, heads, year, claim.title)
        if head is None:
            continue
        year = head[0]
        journal, run = (claim.journal, claim.journal_run) if claim.journal else (claim.title, None)
        return replace(
            claim,
            authors=(),
            author_names=(),
            title=None,
            journal=journal or rest.rstrip(".") or None,
            journal_run=run,
            year=year,
        )
    return None


def _title_head(
    said: list[str], heads: list[list[str]], year: int | None, title: str | None
) -> tuple[int | None] | None:
    """Whether the "names" `said` begin the record's title (one of its `heads`), and then the
    claim's year (in a tuple; None where they do not): the claim's own, or none where the
    year was the title's and the page gives no other. Where the title's year opens the
    claimed "title", the date the page gave later is the claim's year."""
    if said in heads:
        return (year,)
    # before the next test: a later date that repeats the title's year is the page's too
    # (`... Statistics 2020: ... CA Cancer J Clin. 2020;71:209.` verified for 2021's paper)
    lead = _title_words(title or "")[:1]
    if lead and _DATE_YEAR.fullmatch(lead[0]) and [*said, *lead] in heads:
        return (year,)
    if year is not None and [*said, str(year)] in heads:
        return (None,)
    return None


def _title_words(text: str) -> list[str]:
    """The words, without the `and` that splits a list of names (`Genes, Economics, and
    Happiness` read as the authors "Genes, Economics" and "Happiness")."""
    return [w for w in words(text) if w != "and"]


def _title_as_journal(claim: Claim, names: tuple[str, ...]) -> Claim | None:
    if not claim.title:
        return None
    words = strip_markup(claim.title).split()
    if tokens(" ".join(words)) in _forms_set(names):
        # the whole "title" is the journal's name (`2008. Science (New York, N.Y.). ...`)
        journal = " ".join(words).rstrip(" .:;,")
        return replace(claim, title=None, journal=journal, journal_run=None)
    k = _journal_words(claim.title, names, closed=True)
    # one word only alone, closed by a period (`Neuropadiatrie. Review of ...`) or
    # where the entry names no other journal (`(1979). Neuropadiatrie Review ...`):
    # with a journal named, it is a title's first word (`Pain: the fifth vital sign`)
    if k >= 2 or (k == 1 and (len(words) == 1 or words[0].endswith(".") or not claim.journal)):
        journal = " ".join(words[:k]).rstrip(".:;,")
        return replace(claim, title=None, journal=journal, journal_run=None)
    return None


def _sections_as_journal(claim: Claim, names: tuple[str, ...]) -> Claim | None:
    """PubMed's name of a journal in sections, written after the year (`(2010) Journal of
    Toxicology and Environmental Health. Part A Review ...`), reads as the title "Journal
    of ... Health" and the journal "Part A Review": the two together begin with the
    record's journal, which is then the journal, and the page gives no title."""
    if not (claim.title and claim.journal):
        return None
    title_words = strip_markup(claim.title).split()
    joined = f"{' '.join(title_words).rstrip('.')}. {claim.journal}"
    k = _journal_words(joined, names, closed=False)
    if k <= len(title_words):
        return None
    journal = " ".join(joined.split()[:k]).rstrip(".:;,")
    return replace(claim, title=None, journal=journal, journal_run=None)


def _title_end_as_journal(claim: Claim, record: PubMedRecord) -> Claim | None:
    """A title's last sentence in Title Case read as the journal's first part (journals
    in sections are named so: `Biochim Biophys Acta. Mol Cell Res`): `... Chronic
    Obstructive Lung Disease 2017 Report. GOLD Executive Summary. Am J Respir Crit Care
    Med. 2017` (PMID 28128970) claimed the journal "GOLD Executive Summary. Am J Respir
    Crit Care Med", an ERROR. Where the journal's first sentences end the record's title
    and the rest names its journal, they are the title's."""
    if not (claim.title and claim.journal):
        return None
    title = words(record.title)
    for m in _TITLE_BREAK.finditer(claim.journal):
        head, rest = claim.journal[: m.start()], claim.journal[m.end() :].strip()
        said = words(head)
        if (
            said
            and said == title[-len(said) :]
            and rest
            and _names_journal(rest, record.journal_names)
        ):
            return replace(claim, title=f"{claim.title}. {head}", journal=rest, journal_run=None)
    return None


def _authors_as_journal(claim: Claim, names: tuple[str, ...]) -> Claim | None:
    """A link's text `Anesthesia & Analgesia (2008)` or `Anesth Analg 2008;106:1265` reads
    as authors and a year; when the "authors" are the record's journal, they are the
    journal (read as authors: an author ERROR on a right citation)."""
    if not claim.authors or claim.journal:
        return None
    written = " & ".join(claim.authors)
    if len(written) > _LONGEST_NAME:
        return None  # a list of names (270 of them took a quarter of a second here)
    if _names_journal(written, names):
        return replace(claim, authors=(), author_names=(), et_al=False, journal=written)
    return None


_MOST_PIECES = 4
_DATE_YEAR = re.compile(r"(?:1[6-9]|20)\d\d")
_APA_DATE = re.compile(rf"\(({_DATE_YEAR.pattern})\)\.?")
_TITLE_BREAK = re.compile(r"[.:?!](?=\s|$)")
_LONGEST_NAME = 300  # characters: PubMed's longest journal titles are about 250


def _names_journal(text: str, names: tuple[str, ...]) -> bool:
    """`text`, read as authors, names the record's journal (without the ISO 4 step, whose
    table costs a second to build: these readings are tried on every claim)."""
    return match_journal(text, names, iso4=False) is JournalMatch.MATCH


def _last_authors_as_journal(claim: Claim, names: tuple[str, ...]) -> Claim | None:
    """`Tomkiewicz, N Engl J Med 2015`, `Siraisi, Early Science and Medicine, 2001`: one
    author, a comma, the journal and the year (a short note's citation). The journal read
    as more authors was "not among the authors in PubMed" on 21 of 593 right citations;
    the last "authors" that name the record's journal are the journal."""
    written, people = claim.authors, claim.author_names
    if claim.journal or len(written) < 2 or len(people) != len(written):
        return None
    # a journal's name splits into a few pieces at most (`Toxicology`, `Industrial Health`);
    # 150 names tried as journals took 0.7 s
    for k in range(1, min(len(written), _MOST_PIECES + 1)):
        tail = " & ".join(written[-k:])
        if _names_journal(tail, names):
            return replace(claim, authors=written[:-k], author_names=people[:-k], journal=tail)
        # `Lin, Toxicology and Industrial Health`: the journal's first words were read as
        # the given name of an inverted name (`Lin, Toxicology`)
        surname, comma, given = written[-k - 1].partition(", ")
        if not comma or people[-k - 1].fore_name != given:
            continue
        tail = f"{given} & {tail}"
        if _names_journal(tail, names):
            return replace(
                claim,
                authors=(*written[: -k - 1], surname),
                author_names=(*people[: -k - 1], PersonName(surname)),
                journal=tail,
            )
    return None


def _run_as_journal(claim: Claim, names: tuple[str, ...]) -> Claim | None:
    """The journal ran into a note (`Rehabilitation Psychology Review of the ...`): the
    journal is the run's start that names the record's journal, which is what reports
    should show the page claims (the verdict accepts the run either way). Where the run
    began in the title (Elsevier's `Title, Adolescent Health, Medicine and Therapeutics
    12 (2011)`, the journal read from the last comma), the title gives that part back."""
    run = claim.journal_run
    if not run:
        return None
    words = strip_markup(run).split()
    k = _journal_words(run, names, closed=False)
    if not k:
        return None
    journal = " ".join(words[:k]).rstrip(".:;,")
    if journal == claim.journal:
        return None
    title = _title_without(claim.title, " ".join(words[:k]))
    return replace(claim, journal=journal, journal_run=None, title=title)


def _title_without(title: str | None, journal: str) -> str | None:
    """`title` without the pieces at its end, after a comma, that begin `journal`."""
    if not title:
        return title
    for cut in (m.start() for m in re.finditer(r",\s", title)):
        tail = title[cut + 1 :].strip()
        if journal.startswith(f"{tail},"):
            return title[:cut].strip() or title
    return title


def _one_word_or_sentence(note: list[str]) -> bool:
    """After a shortened name, what may follow as a note: nothing, one word (`Review.`) or
    a sentence (`Review of ketamine`), not capitalised words that go on naming another
    journal (`Proceedings of the National Academy of Sciences India Section B`)."""
    if len(note) < 2:
        return not note or _starts_note(note[0], [], after_title_case=False)
    return _starts_note(note[0], note[1:2], after_title_case=False) and note[1][:1].islower()


def _starts_note(word: str, after: list[str], *, after_title_case: bool) -> bool:
    """`word` (and the word `after` it, if any) begins a note, not a longer journal name.

    Journal names as pages write them are Title Case: their small words are lower case
    (`Advances in Therapy`) and their words capitalised. So a capitalised small word
    (`In adults, ...`, `The largest trial`) starts a note, and a word that extends
    journal names (`Open`, `Clinical`, `Research`) does when a lower-case word other
    than a small one follows it (`Open-label study`, `Clinical trial showing ...`,
    `Research letter`), not when a name goes on (`Pain Medicine`, `BMJ Open`). After a
    name written in Title Case, a lower-case word other than a small one starts a note
    too (`Anesthesia & Analgesia randomized trial of ...`): that name would have gone on
    capitalised. After a name in sentence case (`Journal of pain research`) it may be
    the name going on."""
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return False  # "&", "2(3):"
    if not letters[0].isupper():
        return after_title_case and not _small(word)
    if _small(word) or _WORD.findall(fold(word))[0] not in _NAME_EXTENSIONS:
        return True
    if "-" in word:  # `Open-label`, `Clinical-stage`: no journal name goes on so
        return True
    nxt = _WORD.findall(fold(after[0])) if after else []
    return bool(nxt) and after[0][:1].islower() and nxt[0] not in STOP_WORDS


def _in_title_case(words: list[str]) -> bool:
    """Two words or more, and every word but the small ones (`of`, `&`, `and`) begins with a
    capital: `Anesthesia & Analgesia`, `Mutat Res`, `J. Pain` (PubMed's `Anesthesia and
    analgesia` does not; nor can one word show it: `Pain physician` is a journal)."""
    significant = [w for w in words if not _small(w)]
    return len(significant) >= 2 and all(w[:1].isupper() for w in significant)


def _small(word: str) -> bool:
    """`&`, `of`, `and`, `a`: no word of a name's own."""
    first = _WORD.findall(fold(word))[:1]
    return not first or first[0] == "a" or first[0] in STOP_WORDS


# --------------------------------------------------------------------------- findings


def record_journal_text(record: PubMedRecord) -> str:
    """`Anesthesia and analgesia (Anesth Analg)`: full title and MedlineTA."""
    full = record.journal_title
    short = record.medline_ta or record.iso_abbreviation
    if full and short and tokens(full) != tokens(short):
        return f"{full} ({short})"
    return full or short


def compare_journal(claim: Claim, record: PubMedRecord) -> tuple[Finding, ...]:
    journal = (claim.journal or "").strip()
    if not journal:
        return ()
    names = record.journal_names
    actual = record_journal_text(record)
    if not names:
        what = "this is a book record" if record.is_book else "PubMed gives no journal"
        return (
            Finding(
                Field.JOURNAL,
                Severity.INFO,
                f'{what}; the page says "{journal}"',
                claimed=journal,
                actual=None,
            ),
        )
    verdict = match_journal(journal, names, iso4=False)
    if verdict is JournalMatch.MATCH:
        return ()
    elsewhere = _another_place(journal, names)
    if not elsewhere and claim.journal_run and run_starts_with_journal(claim.journal_run, names):
        return ()  # the extraction's journal/note split guessed wrong; the run is right
    if not elsewhere and iso4_match(journal, names):
        return ()
    if verdict is JournalMatch.UNSURE:
        return (
            Finding(
                Field.JOURNAL,
                Severity.WARNING,
                f'could not confirm the journal: PubMed has "{actual}", the page says "{journal}"',
                claimed=journal,
                actual=actual,
            ),
        )
    return (
        Finding(
            Field.JOURNAL,
            Severity.ERROR,
            f'journal is "{actual}" in PubMed, the page says "{journal}"',
            claimed=journal,
            actual=actual,
        ),
    )
