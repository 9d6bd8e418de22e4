"""Parse personal and group author names as pages write them.

Pages mix Vancouver (`Eichenberger U`), APA (`Eichenberger, U.`), display
(`Ulrike Eichenberger`, `P. Baldi`) and group names. The comparison stage only
needs the surname and initials, so the parser is deliberately forgiving: it
returns None rather than guess when the text does not look like a name (a title
fragment, a sentence), because a wrong "first author" causes false alarms.
Diacritics are kept; comparison folds them.
"""

from __future__ import annotations

import re
from dataclasses import replace

from refcheck.extract.common import CAPITAL, normalise
from refcheck.models import PersonName

PARTICLES = frozenset(
    [
        "van",
        "von",
        "der",
        "den",
        "de",
        "del",
        "della",
        "di",
        "da",
        "dos",
        "das",
        "du",
        "la",
        "le",
        "ten",
        "ter",
        "vander",
        "van't",
        "bin",
        "al",
        "el",
        "zu",
        "d'",
        "st",
        "st.",
    ]
)
_SUFFIXES = {
    "jr": "Jr",
    "jr.": "Jr",
    "sr": "Sr",
    "sr.": "Sr",
    "ii": "II",
    "iii": "III",
    "iv": "IV",
    "2nd": "2nd",
    "3rd": "3rd",
    "4th": "4th",
}
# the suffixes as written after a name, longest first (`III` before `II`), for patterns
SUFFIX_WORDS = tuple(sorted(set(_SUFFIXES.values()), key=lambda w: (-len(w), w)))
_COLLECTIVE = re.compile(
    r"\b(?:group|collaborat\w*|consortium|committee|network|society|association|investigators"
    r"|organi[sz]ation|study|trial|team|working|initiative|institute|council|panel|foundation"
    r"|college|academy|agency|cent(?:er|re)s?|task force|program(?:me)?|board|alliance"
    r"|collaboration|writing|department|ministry|authors|members|who|cdc|nice)\b",
    re.IGNORECASE,
)
# "IJ", "I.J.", "I. J.", "I-J" (Jean-Pierre), with Unicode capitals.
_INITIALS_TOKEN = re.compile(rf"^(?:{CAPITAL}(?:\.|-)?){{1,3}}$")
_DOTTED = re.compile(r"^(?:[^\W\d_][a-z]?\.-?){1,4}$")  # "U.", "Ch.", "J.-P."
_ET_AL = re.compile(
    r"(?:,?\s*(?:\bet\.?\s*al\b\.?|\betal\b\.?|\band\s+others\b|\bet\s+coll?\b\.?|…|\.\.\.))"
    # `Baron et al (A0081007 Investigators)`: the group the others wrote as
    r"(?:\s*\((?![^()]*\b(?:18|19|20)\d\d\b)[^()]{2,100}\))?\s*$",  # not a date
    re.IGNORECASE,
)
# one surname and initials (`Working, P. K.`, `Working PK`): a person, whatever the
# surname means as a word
_SURNAME_INITIALS = re.compile(
    rf"^[^\W\d_][\w'-]*(?:,\s*(?:{CAPITAL}\.?\s*-?){{1,3}}|\s+{CAPITAL}{{1,3}})$"
)
# APA 7's list of 21 or more: the first 19, an ellipsis, the last author
_MID_ELLIPSIS = re.compile(r",?\s*(?:…|\.\s?\.\s?\.)\s*(?=\S)")
_AND = re.compile(r"\s+(?:&|and|&amp;)\s+|\s*&\s*", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")  # letters only: `Eduardo`, `Jean-Luc`
# the period that ends a list after a surname (`..., and Alfred P. Kaye.`, `Lamb 4th.`), not
# an initial's (`J.`)
_LIST_PERIOD = re.compile(r"(?<=[^\W_]{3})\.$")
_MAX_NAME = 120


def _is_cap_word(tok: str) -> bool:
    """A name word starts with a capital (`O'Brien`, `McGrath`, `García-Márquez`)."""
    return bool(tok) and tok[0].isalpha() and tok[0].isupper()


def _initials_of(given: str) -> str:
    """Capital letters of given names/initials: `Jean-Pierre A.` -> `JPA`."""
    out = []
    for part in re.split(r"[\s.\-]+", given):
        if not part:
            continue
        if part.isupper() and part.isalpha() and len(part) <= 4:
            out.append(part)  # "IJ" already initials
        elif part[0].isalpha():
            out.append(part[0].upper())
    return "".join(out)


def _is_initials(tok: str) -> bool:
    t = tok.replace(" ", "")
    return bool(_INITIALS_TOKEN.match(t) or _DOTTED.match(t)) and any(c.isupper() for c in t)


def _split_suffix(tokens: list[str]) -> tuple[list[str], str]:
    if len(tokens) > 1:
        key = tokens[-1].lower().rstrip(",")
        if key in _SUFFIXES and not _initials_not_suffix(tokens):
            return tokens[:-1], _SUFFIXES[key]
    return tokens, ""


def _initials_not_suffix(tokens: list[str]) -> bool:
    """`Bartles JR`, `Ivanov IV`, `van der Berg II`: capitals right after the surname are
    its initials (PubMed writes a suffix `Jr` after the initials: `Smith JA Jr`). Read as a
    suffix, the initials were never compared."""
    return tokens[-1].isupper() and all(t.islower() for t in tokens[:-2])


_GROUP_WORD = re.compile(
    r"\b(?:group|collaborat\w*|consortium|committee|network|society|association|investigators"
    r"|organi[sz]ation|team|working|initiative|institute|council|panel|foundation|college"
    r"|academy|agency|task force|board|alliance|writing|department|ministry|members"
    r"|cent(?:er|re)s?)\b",
    re.IGNORECASE,
)
# the acronym a group's name may end in: `Centers for Disease Control and Prevention (CDC)`
# (the parser finds where such a name ends by it too)
GROUP_ACRONYM = r"\([A-Z]{2,10}\)"
_GROUP_ACRONYM = re.compile(r"\s+" + GROUP_ACRONYM + "$")
_NAME_CONNECTORS = frozenset(["of", "for", "the", "and", "on", "in", "to", "&", "at", "de"])


def ends_in_group_word(text: str) -> bool:
    """`2019 Novel Coronavirus Investigating and Research Team`: a group's name ends in its
    group word, a title (`... A Report From the American Heart Association`) holds a colon
    or other words after it."""
    last = text.strip().rstrip(".").rsplit(None, 1)[-1:]
    return ":" not in text and bool(last) and _GROUP_WORD.fullmatch(last[0]) is not None


def is_long_group_name(text: str) -> bool:
    """A group author longer than a person's name can be ("Guideline Development Panel for
    the Treatment of Depressive Disorders"): a group word (`Panel`, `Committee`, not the
    weak `study`/`trial` that titles use too), title case throughout (lower case only for
    connectors), and none of the punctuation of a sentence or a title (`:`, brackets) but
    the group's acronym at its end (`Centers for Disease Control and Prevention (CDC)`)."""
    return _named_with(_GROUP_WORD, text)


# `Program` names a group only where nothing else can stand (see is_group_author)
_AUTHOR_GROUP_WORD = re.compile(_GROUP_WORD.pattern + r"|\bprogram(?:me)?\b", re.IGNORECASE)


def is_group_author(text: str) -> bool:
    """A group alone in the place of the authors (PubMed's summary: `Title. National
    Toxicology Program. Natl Toxicol Program Tech Rep Ser. 1984.`): a long group's name (see
    is_long_group_name) that may also end in `Program`, a word titles use too (`A Program
    for ...`) and is_long_group_name leaves out; here the place and title case vouch for
    it. The group's word ends the name or opens it before a connector (`Centers for Disease
    Control and Prevention (CDC)`): ACS's abbreviated journal `Natl. Toxicol. Program Tech.
    Rep. Ser. 1982, 213` held a "group", `Program Tech`, between its periods, and a right
    citation was taken for another paper. Three words at least, longer than a person's name
    (`ASPIRE Investigators` alone stays unread, as tests/test_extract_reference.py has it:
    two words are as short as a title's phrase)."""
    words = _without_acronym(text).split()
    if len(words) < 3:
        return False
    named = [_AUTHOR_GROUP_WORD.fullmatch(w) is not None for w in words]
    opens = named[0] and words[1] in ("for", "of", "on")
    return (named[-1] or opens) and _named_with(_AUTHOR_GROUP_WORD, text)


def _without_acronym(text: str) -> str:
    """A group's name without its closing period and the acronym in brackets it ends in."""
    return _GROUP_ACRONYM.sub("", text.strip().rstrip("."))


def _named_with(group_word: re.Pattern[str], text: str) -> bool:
    """`text` is a group's name with a word of `group_word` (see is_long_group_name)."""
    t = _without_acronym(text)
    if not group_word.search(t) or re.search(r"[:\[\](){}`|?!;\d]", t):
        return False
    words = t.split()
    if not words or words[0].lower() in ("a", "an"):
        return False
    return _in_title_case(words)


def _in_title_case(words: list[str]) -> bool:
    """A name's words: capitalised, lower case only for connectors."""
    return all(_is_cap_word(w) or w in _NAME_CONNECTORS for w in words)


def is_collective(text: str) -> bool:
    """Group authors: a keyword (`Group`, `Collaborators`) or digits (`GBD 2013`)."""
    return bool(_COLLECTIVE.search(text)) or any(c.isdigit() for c in text)


def name_from_parts(surname: str, given: str, suffix: str = "") -> tuple[str, PersonName]:
    """A name a source gives in fields (JATS `<surname>`/`<given-names>`, a wiki template's
    `last1`/`first1`) -> (as written, PersonName). Given names that are only initials
    (`JA`, `J. A.`) are kept as initials, not as a fore name."""
    compact = given.replace(".", "").replace(" ", "").replace("-", "")
    if compact.isupper() and len(compact) <= 4:
        initials, fore = compact, ""
    else:
        initials = "".join(p[0].upper() for p in re.split(r"[\s.\-]+", given) if p)
        fore = given
    written = " ".join(p for p in (surname, given, suffix) if p)
    return written, PersonName(last_name=surname, initials=initials, fore_name=fore, suffix=suffix)


def parse_name(text: str) -> PersonName | None:
    """One author as written -> PersonName, or None when it is not a name."""
    raw = normalise(text).strip(";").strip()
    raw = raw.replace("**", "").strip("*_ ")
    if not raw or len(raw) > _MAX_NAME or not any(c.isalpha() for c in raw):
        return None
    unsuffixed = " ".join(_split_suffix(raw.split(" "))[0])  # `Lamb JC 4th` is no group
    if is_collective(unsuffixed) and not _SURNAME_INITIALS.match(raw):
        # 13 words: `Kidney Disease: Improving Global Outcomes Chronic Kidney Disease
        # Guideline Development Work Group Members` (PMID 23732715's group author)
        if len(raw.split()) > 16:
            return None
        return PersonName(last_name=raw.rstrip("."), collective=True)
    if "," in raw:
        return _parse_inverted(raw)
    tokens, suffix = _split_suffix(raw.split(" "))
    return _parse_direct(tokens, suffix)


def _parse_inverted(raw: str) -> PersonName | None:
    """`Surname, I. J.`, `Surname, Given`, `Smith, J., Jr.`."""
    parts = [p.strip() for p in raw.split(",") if p.strip()]
    if not parts:
        return None
    suffix = ""
    if len(parts) > 2 and parts[-1].lower() in _SUFFIXES:
        suffix = _SUFFIXES[parts.pop().lower()]
    surname = parts[0]
    given = " ".join(parts[1:])
    gtoks, suf2 = _split_suffix(given.split())
    suffix = suffix or suf2
    given = " ".join(gtoks)
    if not _surname_ok(surname.split()) or (given and not _given_ok(gtoks)):
        return None
    if not given:
        return PersonName(last_name=surname, suffix=suffix)
    if all(_is_initials(t) for t in gtoks):
        return PersonName(last_name=surname, initials=_initials_of(given), suffix=suffix)
    return PersonName(
        last_name=surname, initials=_initials_of(given), fore_name=given, suffix=suffix
    )


def _parse_direct(tokens: list[str], suffix: str) -> PersonName | None:
    """`Surname IJ` (Vancouver), `I.J. Surname`, `Given Surname`."""
    if not tokens:
        return None
    if len(tokens) > 1 and _INITIALS_TOKEN.match(tokens[-1]) and not _DOTTED.match(tokens[0]):
        # Vancouver: trailing undotted initials ("van der Berg A", "Smith IJ")
        surname = tokens[:-1]
        if _surname_ok(surname):
            return PersonName(
                last_name=" ".join(surname), initials=tokens[-1].replace(".", ""), suffix=suffix
            )
        return None
    if len(tokens) > 1 and all(_is_initials(t) for t in tokens[-2:]) and _surname_ok(tokens[:1]):
        # "Wan A.M." / "Smith J. K." (UniProt, some Harvard)
        k = next(i for i, t in enumerate(tokens) if _is_initials(t))
        if _surname_ok(tokens[:k]):
            return PersonName(
                last_name=" ".join(tokens[:k]),
                initials=_initials_of(" ".join(tokens[k:])),
                suffix=suffix,
            )
    if len(tokens) == 2 and _is_initials(tokens[1]) and _surname_ok(tokens[:1]):
        return PersonName(last_name=tokens[0], initials=_initials_of(tokens[1]), suffix=suffix)
    if len(tokens) == 1:
        if _surname_ok(tokens):
            return PersonName(last_name=tokens[0], suffix=suffix)
        return None
    if all(t.islower() and t in PARTICLES for t in tokens[:-1]) and _surname_ok(tokens):
        # a bare surname with lower-case particles: "van der Pluijm", "de Souza"
        # ("Le Lu", "Di He" are a given name and a surname)
        return PersonName(last_name=" ".join(tokens), suffix=suffix)
    # Given names first: surname is the last word plus any particles before it.
    k = len(tokens) - 1
    while k > 1 and tokens[k - 1].lower() in PARTICLES:
        k -= 1
    given, surname = tokens[:k], tokens[k:]
    if _too_many_given(given) or not _given_ok(given) or not _surname_ok(surname):
        return None
    gtext = " ".join(given)
    if all(_is_initials(t) for t in given):
        return PersonName(last_name=" ".join(surname), initials=_initials_of(gtext), suffix=suffix)
    return PersonName(
        last_name=" ".join(surname), initials=_given_initials(given), fore_name=gtext, suffix=suffix
    )


def _too_many_given(given: list[str]) -> bool:
    """More than three given names is a sentence, not a name, unless they are initials
    after one given name (`Theo G. M. F. Gorgels`, `Alda M. B. N. Madeira`): a Vancouver
    name and a title's words are not (`Smith J. Omicron BA. Lancet`). A given name's word
    with a period is a sentence's end (`Smith J. Introduction. Lancet`, `Smith J. Down
    Syndrome. Lancet`: the title of one or two words between the name and the journal);
    an abbreviated given name is shorter (`Wm.`, `Geo.`, `Ma.`)."""
    if any(t.endswith(".") and len(t) > 4 and not _is_initials(t) for t in given):
        return True
    return len(given) > 3 and (len(given) > 5 or not all(_is_initials(t) for t in given[1:]))


def _leading_initials(given: list[str]) -> int:
    """How many of the given names open with initials written so (`G.`, `J.-P.`; `St.`
    of `J. St. Clair` is a particle)."""
    lead = 0
    for tok in given:
        if not _DOTTED.match(tok) or tok.lower() in PARTICLES:
            break
        lead += 1
    return lead


def _given_initials(given: list[str]) -> str:
    """Initials of given names. A whole word after initials (`G. Soo Hoo`, `S. Joshua
    Swamidass`) is the first word of a compound surname (PubMed: `Soo Hoo GW`) as often
    as a middle name (`Swamidass SJ`), so its letter is no sure initial: counted as one,
    `GS` was "different initials" from PubMed's `GW`, a warning on a right citation."""
    lead = _leading_initials(given)
    return _initials_of(" ".join(given[:lead] if lead else given))


def _with_compound_surname(name: PersonName) -> PersonName | None:
    """`name` (`Hoo`, given `G. W. Soo`) with the whole words after its initials moved
    to the surname (`Soo Hoo`); None unless its given names are initials then words."""
    given = name.fore_name.split()
    lead = _leading_initials(given)
    surname = [*given[lead:], *name.last_name.split()]
    if not 0 < lead < len(given) or not _surname_ok(surname):
        return None
    return replace(name, last_name=" ".join(surname), fore_name="")


def _compound_surnames(names: list[PersonName]) -> list[PersonName]:
    """In a list that writes its people with initials alone (Science, IEEE: `G. W. Soo Hoo,
    W. B. Klaustermeyer`), a person's whole words after the initials start the surname
    (PubMed: `Soo Hoo GW`, `Martinez Licha CR`). Beside full given names (Manubot: `Jed
    Zaretzki, S. Joshua Swamidass`), or with no other person to tell, they stay a middle
    name: on the Manubot page of ../shared, 12 of 13 such names have one (`E. Andres
    Houseman`, PubMed's `Houseman EA`), and read as surnames they searched PubMed for
    `Andres Houseman E` when the PMID was wrong."""
    moved = [None if n.collective else _with_compound_surname(n) for n in names]
    people = [(n, m) for n, m in zip(names, moved, strict=True) if not n.collective]
    initials_only = sum(1 for n, _ in people if not n.fore_name)
    if not initials_only or any(n.fore_name and m is None for n, m in people):
        return names
    return [m or n for n, m in zip(names, moved, strict=True)]


def _surname_ok(tokens: list[str]) -> bool:
    """Capitalised words, particles allowed before the last one, at most 5 words."""
    if not tokens or len(tokens) > 5:
        return False
    if any(_DOTTED.match(t) for t in tokens):
        return False
    if not _is_cap_word(tokens[-1]):
        return False
    return all(_is_cap_word(t) or t.lower() in PARTICLES for t in tokens)


def _given_ok(tokens: list[str]) -> bool:
    """Given names: capitalised words (not all-caps words longer than initials)."""
    return bool(tokens) and all(
        _is_initials(t) or (_is_cap_word(t) and not (t.isupper() and len(t) > 3)) for t in tokens
    )


def split_et_al(text: str) -> tuple[str, bool]:
    """Remove a trailing `et al.` (and variants); say whether there was one."""
    m = _ET_AL.search(text)
    if m:
        return text[: m.start()].rstrip(" ,;"), True
    return text, False


def parse_author_list(text: str) -> tuple[tuple[str, ...], tuple[PersonName, ...], bool]:
    """An author list -> (authors as written, parsed names, et_al).

    Separators: `;` when present, else commas, `&` and `and`. Inverted lists
    (`Eichenberger, U., Neff, F.`) are recognised when the pieces alternate
    surname / initials, and re-paired.
    """
    body, et_al = split_et_al(normalise(text).strip(";,").strip())
    body, et_al2 = split_et_al(body)
    body, omitted = _MID_ELLIPSIS.subn(", ", body)
    et_al = et_al or et_al2 or omitted > 0
    if not body:
        return (), (), et_al
    if ";" in body:
        pieces = []
        for whole in body.split(";"):
            # AMA's `Polack FP, Thomas SJ, Kitchin N, et al; C4591001 Clinical Trial Group`
            part, more = split_et_al(whole.strip())
            et_al = et_al or more
            if "," in part and _is_name_list(part):
                # PubMed's summary form: `Brighton TA, Eikelboom JW, ...; ASPIRE
                # Investigators`: the people, by commas, then the group after a semicolon
                pieces.extend(_pair_inverted([q.strip() for q in part.split(",") if q.strip()]))
            else:
                pieces.append(part)
    else:
        pieces = _comma_pieces(body)
    written: list[str] = []
    names: list[PersonName] = []
    for p in pieces:
        p = _LIST_PERIOD.sub("", p.strip(" ,"))
        if not p:
            continue
        name = parse_name(p)
        shown = p.rstrip(",").strip()
        written.append(shown.rstrip(".") if name is not None and name.collective else shown)
        if name is not None:
            names.append(name)
    return tuple(written), tuple(_compound_surnames(names)), et_al


def _is_name_list(part: str) -> bool:
    """Several names by commas (`Brighton TA, Eikelboom JW`), not one inverted name
    (`Smith, J.`, `Smith, J., Jr.`): a first piece that ends in initials already, no
    reading as a name at all, or "given names" that are other people's."""
    first, after = part.split(",", 1)
    if _ends_in_initials(first.split(), after.split()):
        return True
    name = parse_name(part)
    return name is None or len(name.fore_name.split()) > 3


def _comma_pieces(body: str) -> list[str]:
    """An author list without semicolons -> one piece per person.

    `&` / `and` always separate two authors, never a surname from its initials, so
    inverted pairs are re-joined within each `&`-group only ("Napolitano & Priori" is two
    surnames; "Smith, J. A., & Jones, R." is two inverted names), unless the list is
    Chicago's or MLA's (see `_first_inverted`)."""
    groups = [
        _with_suffixes([p.strip() for p in g.split(",") if p.strip()])
        for g in _group_names_whole(_AND.split(body))
    ]
    chicago = _first_inverted([p for g in groups for p in g])
    if chicago is not None:
        return chicago
    return [p for g in groups for p in _pair_inverted(g)]


def _group_names_whole(groups: list[str]) -> list[str]:
    """`GBD 2019 Diseases and Injuries Collaborators` is one group's name: its `and` split it
    into the authors "GBD 2019 Diseases" and "Injuries Collaborators" (reports showed two
    groups). An `and` between a piece that names no person and a group's name is the
    name's own."""
    out: list[str] = []
    for group in groups:
        before = out[-1].rsplit(",", 1)[-1].strip() if out else ""
        first = group.split(",", 1)[0].strip()
        if before and (
            (_GROUP_WORD.search(first) and not _a_person(before)) or _name_goes_on(before, group)
        ):
            out[-1] = f"{out[-1]} and {group}"
        else:
            out.append(group)
    return out


# a group word a connector follows: the name goes on (`Centers for`, `Department of`)
_GROUP_THEN_CONNECTOR = re.compile(_COLLECTIVE.pattern + r"\s+(?:for|of|on)\s", re.IGNORECASE)


def _name_goes_on(before: str, after: str) -> bool:
    """`Centers for Disease Control and Prevention`, `Department of Health and Human
    Services`: the `and` of a group's name whose group word a connector follows, and the
    words after it (`Prevention`, `Prevention (CDC)`, `Human Services`) its rest. Split
    there, the list was a "group" `Centers for Disease Control` and a person `Prevention`,
    and read as no names, CDC's reports claimed no author (PubMed's collective author of
    16410761 is "Centers for Disease Control and Prevention (CDC)"). What follows is the
    name's rest, capitalised words without a comma, not a person's surname and initials
    (`..., Department of Health and Smith J`)."""
    if not _GROUP_THEN_CONNECTOR.search(before) or ends_in_group_word(before):
        return False
    words = _without_acronym(after).split()
    if not words or "," in after or not _in_title_case(words):
        return False
    name = parse_name(after)
    return name is None or name.collective or not (name.initials and not name.fore_name)


def _a_person(text: str) -> bool:
    """`The Diabetes Control` before `and Complications Trial Research Group` reads as the
    given names "The Diabetes" of a person `Control`; a name the article opens is a
    group's, not a person's (the DCCT's reports claimed two authors)."""
    if text.startswith("The "):
        return False
    name = parse_name(text)
    return name is not None and not name.collective


def _with_suffixes(parts: list[str]) -> list[str]:
    """A suffix set off by a comma (`Smith, J., Jr.`, `John H. Krystal, Jr.`) joins the
    name before it; alone, it was read as a name of its own, or paired as a given name."""
    out: list[str] = []
    for part in parts:
        if out and part.lower() in _SUFFIXES:
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return out


def _first_inverted(pieces: list[str]) -> list[str] | None:
    """Chicago and MLA invert the first name only: `Krystal, John H., Alfred P. Kaye, and
    Sarah Jefferson`, `Lake, B. G., P. G. Brantom, and P. Grasso`. Paired two by two, the
    names after the first made nonsense (`Alfred P. Kaye, Sarah Jefferson`). Such a list:
    an inverted first name, then only names of two words or more that are not a surname
    alone (APA's `Kaye, A. P.` pieces alternate `Kaye` and `A. P.`)."""
    if len(pieces) < 3 or not _inverted_start(pieces):
        return None
    if not all(_given_names_first(p.split()) for p in pieces[2:]):
        return None
    return [f"{pieces[0]}, {pieces[1]}", *pieces[2:]]


def _given_names_first(tokens: list[str]) -> bool:
    """`Alfred P. Kaye`, `Sarah Jefferson`, `P. Grasso`: not initials alone (`A. P.`), nor a
    surname (`de Vries`), nor Vancouver's `Kaye AP`."""
    return (
        len(tokens) > 1
        and _is_cap_word(tokens[0])
        and not _INITIALS_TOKEN.match(tokens[-1])
        and not all(_is_initials(t) for t in tokens)
    )


def _inverted_start(pieces: list[str]) -> bool:
    """The list opens with a surname and its given names in two pieces: `Eichenberger`,
    `U.`; `van der Berg`, `Anna`; `Soo Hoo`, `Guy W.` (a piece that ends in an initial, or
    of one word, is no display name's)."""
    first = pieces[0].split()
    second = pieces[1].split()
    if not (_surname_ok(first) and len(first) <= 3 and _given_ok(second)):
        return False
    one_word = len(second) == 1 and _WORD.fullmatch(second[0]) is not None
    given_only = one_word or _is_initials(second[-1])
    if not (given_only or len(first) == 1 or first[0].lower() in PARTICLES):
        return False  # "Yann LeCun, Yoshua Bengio": display names, not inverted
    # Vancouver "Smith J, Jones K" has initials in the first piece already, before any
    # suffix ("Smith JA Jr, Hall N": two names, not "Hall N" given to "Smith JA Jr")
    return not _ends_in_initials(_split_suffix(first)[0], second)


def _ends_in_initials(first: list[str], after: list[str]) -> bool:
    """The words before a comma end in initials already (Vancouver's `Smith J, Jones K`),
    unless they are a surname in capitals and only dotted initials follow the comma
    (ABNT's `SOO HOO, G. W.`, `CURIEL CID, R. E.`: `HOO` and `CID` are no initials)."""
    if len(first) < 2 or not _INITIALS_TOKEN.match(first[-1]):
        return False
    capitals = all(w.isupper() for w in first)
    dotted = bool(after) and all(t.endswith(".") and _is_initials(t) for t in after)
    return not (capitals and dotted)


def _pair_inverted(pieces: list[str]) -> list[str]:
    """[`Eichenberger`, `U.`, `Neff`, `F.`] -> [`Eichenberger, U.`, `Neff, F.`].

    A group's name among the people (APA's `von Dadelszen, P., RESILIENT Study Group,
    Silverio, S. A., & Magee, L. A.`) is no surname: paired with the next surname as its
    "given name", it put every later surname with the initials before it, and the entry
    read as another paper's ("not the cited paper" on a right citation). Before initials
    (`Group, A.`) such a word is still a person's surname."""
    if len(pieces) < 2 or not _inverted_start(pieces):
        return pieces
    out: list[str] = []
    i = 0
    while i < len(pieces):
        cur = pieces[i]
        nxt = pieces[i + 1] if i + 1 < len(pieces) else None
        if (
            nxt is not None
            and _given_ok(nxt.split())
            and len(nxt.split()) <= 3
            and (
                all(_is_initials(t) for t in nxt.split())
                or (len(cur.split()) <= 3 and not ends_in_group_word(cur))
            )
            and not _ends_in_initials(cur.split(), nxt.split())
        ):
            out.append(f"{cur}, {nxt}")
            i += 2
        else:
            out.append(cur)
            i += 1
    return out
