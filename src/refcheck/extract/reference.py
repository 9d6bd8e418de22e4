"""One reference entry's text -> what the page claims (authors, year, journal, title).

Reference styles disagree on order (Vancouver: authors. title. journal. year;
APA: authors (year). title. journal; the clinic's pages: authors year, journal
note), so the parser tries the shapes from the most to the least specific and
keeps the first whose author part really parses as names. Anything it is not
sure of stays None: the comparison stage treats None as "not claimed", whereas
a wrong guess would become a false alarm in front of an editor.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import cache
from importlib.resources import files
from itertools import count, islice

from refcheck.extract.common import CAPITAL, YEAR_PATTERN, normalise
from refcheck.extract.names import (
    GROUP_ACRONYM,
    PARTICLES,
    SUFFIX_WORDS,
    ends_in_group_word,
    is_group_author,
    is_long_group_name,
    parse_author_list,
)
from refcheck.models import Claim, PersonName

_LABEL = re.compile(
    r"^\s*(?:>\s*)*(?:\[\s*\d{1,4}[a-z]?\s*\]|\(\s*\d{1,3}[a-z]?\s*\)|\d{1,4}[a-z]?[.)](?!\d)"
    r"|\d{1,3}[a-z]?[ \t]+(?=[A-Z])|[a-z]\)|[-*+•·]"
    r"|\[\^[\w-]{1,30}\]:)\s*"  # a Markdown footnote's definition: `[^1]: Sung H, ...`
)
# Wikipedia's jump-back links, copied with the list: `^ a b Armengol G, ...`
_BACKLINK = re.compile(r"^\^(?:\s+[a-z](?=\s))*\s*")
# an entry that starts with its PMID ("PMID 17053811 - Flor H, ...")
_LEADING_PMID = re.compile(
    r"^\[?\(?(?:PMID|PubMed\s+ID)\s*:?\s*\d{1,9}[)\]]?\s*[-–—:|.,]?\s*", re.I
)
# Where the bibliographic part ends and identifiers/links begin.
_TAIL = re.compile(
    r"\(?\s*\bPMID|\[?\s*\bPubMed\b(?!\s+Central)|\bdoi\s*:|\bhttps?://|\bwww\.|\bPMCID\b"
    r"|\bEpub\b|\[\s*(?:CAS|Article|Google Scholar|Crossref)\s*\]|\bAvailable (?:from|at)\b"
    r"|\bRetrieved\b|\bAccessed\b",
    re.IGNORECASE,
)
# Citing Medicine's notes on an online journal (`Front Physiol [Internet]. 2018 Apr [cited
# 2020 Jan 5];9:1034.`): neither the journal's name nor the date; left in, `[Internet]`
# ended the journal where no date followed it, and a title of two sentences lost its
# second one to the journal
_MEDIUM_NOTE = re.compile(
    r"\s?\[(?:(?:serial\s(?:on\sthe\s)?)?Internet|serial\sonline|CD-ROM|DVD)\]"
    r"|\s?\[(?:cited|updated|accessed)\s[^\[\]]{0,80}\]",
    re.IGNORECASE,
)
_YEAR = YEAR_PATTERN
# `(2014)`, `(2014, March)`, and the dates Wikipedia's citations print: `(October 2011)`,
# `(Aug 3, 2013)`, `(8 October 2016)`
# a month's name or its abbreviation, not any word that begins like one (`Markman`, `Mayer`)
_MONTH_NAME = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?(?![a-z])"
)
_PAREN_YEAR = re.compile(
    r"\(\s*(?:(?:\d{1,2}\s+)?" + _MONTH_NAME + r"(?:\s+\d{1,2})?,?\s+)?"
    r"(" + _YEAR + r")[a-z]?(?:[-,;/ ][^()]{0,40})?\s*\)"
)
# the clinic's `2008, Journal Note` with another separator after the year: `2008 – Journal`,
# `2008 | Journal`, `2008 · Journal`, `2008 / Journal`
_YEAR_SEPARATOR = r"\s+[–—|·/-]\s"
_AFTER_YEAR_SEPARATOR = re.compile(r"^(?:\s*,|" + _YEAR_SEPARATOR + ")")
# a journal abbreviated with periods right after the year, which a title never starts with:
# `N. Engl. J. Med.`, `Am. J. Physiol. Heart Circ. Physiol.`, `BMC Evol. Biol.`, `World J.
# Gastroenterol.` (a word without a period only between two with one, or first when it is an
# acronym or an initial follows it)
_ABBREVIATED_WORD = r"[A-Z][A-Za-z]{0,14}"
_DOTTED_JOURNAL = re.compile(
    r"^(?:[A-Z][A-Za-z]{0,5}[A-Z]\s+|[A-Z][a-z]{1,14}\s+(?=[A-Z]\.\s))?"
    + _ABBREVIATED_WORD
    + r"\.\s+(?:(?:"
    + _ABBREVIATED_WORD
    + r"\s+)?(?:"
    + _ABBREVIATED_WORD
    # initials run together end a name too: `Proc. Natl. Acad. Sci. U.S.A.`
    + r"\.|(?:[A-Z]\.){2,4})(?:\s+|$)){1,8}"
)
_WORD_AFTER_YEAR = re.compile(r"\s+[A-Z]")
_DOTTED_WORD = re.compile(r"[A-Z][a-z]{0,9}\.")  # an abbreviated word of a journal: `Perspect.`
# how names end before an unpunctuated year: `et al.`, `Smith JA`, a group's acronym
# (`Centers for Disease Control and Prevention (CDC) 2006 MMWR ...`)
_NAMES_END = re.compile(
    r"(?:\bet\.?\s*al\.?|\b[A-Z][a-z][\w'’-]*\s+[A-Z]{1,3}\.?|\s" + GROUP_ACRONYM + r")$"
)
_QUOTES = "'\"‘“«"  # a title in quotes (Harvard: `'Anaxagoras' theory ...'`)
# a source line's date after its year, then the volume (`2021 Jan 5;478(21)`, `1965
# Dec-1966 Jan;2`, `2021 Spring;7(4)`, `1947-1948;59`, PubMed's `2026 Aug;:e18146` before
# the volume is known)
_SEASON_OR_MONTH = r"(?:" + _MONTH_NAME + r"|Spring|Summer|Fall|Autumn|Winter)"
_DATE_REST = (
    rf"(?:[-–/]{_YEAR})?(?:\s+{_SEASON_OR_MONTH}(?:[-–/](?:{_YEAR}\s+)?{_SEASON_OR_MONTH})?"
    r"(?:\s+\d{1,2})?)?(?=\s*[;:]\s*(?:[\d(]|:\s*[A-Za-z]?\d))"
)
_MONTH_BEFORE_VOLUME = re.compile(_DATE_REST)
_DATED_VOLUME = re.compile(r"(" + _YEAR + r")" + _DATE_REST)
_PLACE_AFTER = re.compile(r"\s*\([A-Z][\w .,]{1,40}\)\.?$")  # `Sports (Basel)`
_TRAILING_MONTH = re.compile(r"[\s,.]+" + _MONTH_NAME + r"[\s,]*$")
# the names before a bare year: no brackets, but a group's acronym (`Centers for Disease
# Control and Prevention (CDC) 2006, MMWR ...`: without it, the group and the year were
# read as two groups, "Centers for Disease Control" and "Prevention (CDC) 2006")
_BARE_YEAR = re.compile(
    r"^(?P<a>(?:[^()\d]|"
    + GROUP_ACRONYM
    + r"){2,1500}?)[\s,]+(?P<y>"
    + _YEAR
    + r")[a-z]?(?=\s*[,.:;]|\s*$|\s+[A-Z]|"
    + _YEAR_SEPARATOR
    + ")"
)
# a sentence in what would be the author part (`Indaram M. Keratoconus Diagnosis and
# Treatment: Recent Advances ... Clin Ophthalmol 2023`): that part holds a title
_SENTENCE_AFTER = re.compile(r"[.:?!]\s+(?:[^\s.]{2,}[\s,]+){3,}")
# `I. van der Pluijm et al.`, `E. Montero Ruiz et al.`: no sentence after the initial
_INITIAL_FIRST_ET_AL = re.compile(r"(?:[A-Z]\.\s?){1,3}(?:[^\W\d_][\w'’-]*\s+){1,3}et\.?\s*al\.?$")
# a volume and its issue or pages right after a name, ending there: `106(4)`, `12: 34-56.`
_VOLUME_ISSUE = re.compile(
    r"\d{1,4}\s*(?:\(\s*[\w-]+\s*\)|[:,]\s*[a-z]?\d+(?:\s*[-–]\s*[a-z]?\d+)?\s*(?:[.;]|$))"
)
_SPACED_DASH = re.compile(r"\s+[—–]\s+|\s+-\s+(?=[a-z])")
_FIRST_DIGIT = re.compile(r"\d")
_UNTITLED_NOT = re.compile(r"[`\"“”]")
_YEAR_NEXT = re.compile(r"\.?\s*\(?" + _YEAR + r"\b")
_IN_BRACKETS = re.compile(r"\([^()]*\)")
_LABEL_COLON = re.compile(r"\S:")
# a bracketed year after a word and before the date or the volume: the journal's, part of
# its NLM title (`International journal of obesity (2005) (2015-08-06)`, `... (2005). 2016;
# 40(1)`, `Int. J. Obes. (2005) 40, 181 (2016)`, `... (2005), vol. 40, no. 1, 2016`); at the
# very end (Nature, Science: `372, 1866 (2015).`) or after a number (Chicago: `40, no. 1
# (2016): 181`) it is the citation's own
_JOURNAL_YEAR = re.compile(
    r"(?:(?<=[^\W\d_]\s)|(?<=[^\W\d_]\.\s))\(\s*" + _YEAR + r"\s*\)(?=[\s.,;:]*(?:\(|\d|vol\b))",
    re.IGNORECASE,
)
_JOURNAL_PLACE_YEAR = re.compile(r"\([^()]{2,80}:\s*" + _YEAR + r"\)")
# pages, a volume or an issue so labelled (ABNT's `v. 367, n. 21, p. 1979-88, 2012`, MLA's
# `pp. 1979-88`): never the citation's year, which comes after them in ABNT
_LABELLED_NUMBER = re.compile(
    r"(?<![^\W\d_])(?:pp?|vols?|v|no|n)\.\s*[A-Za-z]?\d+(?:\s*[-–]\s*[A-Za-z]?\d+)?",
    re.IGNORECASE,
)
# pages after a volume's colon (Frontiers: `J Toxicol Environ Health A (2005) 68:1995-2003`,
# the year in brackets, blanked as a journal's, before them): never the citation's year
_PAGES_AFTER_VOLUME = re.compile(r"(?<=[\d)]):\s?[A-Za-z]?\d+(?:[-–][A-Za-z]?\d+)?")
_CLOSING_DATE = re.compile(  # `. 2023.`, `. 2023 Mar 4.`: a date, the entry's last sentence
    r"[.?!]\s+(" + _YEAR + r")(?:\s+[A-Z][a-z]{2}(?:\s+\d{1,2})?)?\.?\s*$"
)
_SOURCE_YEAR = re.compile(
    r"\((" + _YEAR + r")\)\s*\d|\s(" + _YEAR + r")\.\s*$|\s\((" + _YEAR + r")\)\.?\s*$"
)
_ANY_YEAR = re.compile(r"(?<![\d./-])(" + _YEAR + r")(?![\d])")
_SIGNATURE_YEAR = re.compile(
    r"(?<![\d./-])(" + _YEAR + r")[a-z]?(?=\s*(?:[A-Z][a-z]{2}\b[^;:]{0,20})?[;:]|\s*\))"
)
_DATE_YEAR = re.compile(
    r"(?<![\d./-])(" + _YEAR + r")[a-z]?(?=\s*(?:[A-Z][a-z]{2}\b[^;:()]{0,20})?[;:]\s*\d)"
)
_MONTH = re.compile(_MONTH_NAME + r"\s+\d")
# the date and volume of a source line (`N Engl J Med. 2015 May 7;372(19):e25`), right after
# its journal (a place in brackets may end the journal's name: `Sports (Basel). 2019;7:1`)
_SOURCE_DATE = re.compile(r"(?P<place>\s*\([^()]{1,40}\))?\.?\s+" + _DATED_VOLUME.pattern)
# a source line's year with no volume after it (ahead of print: `N. Engl. J. Med. 2015.`,
# `... 2015 May 7.`), or ACS's volume and pages after a comma (`... 2015, 372, 2423.`)
_SOURCE_YEAR_ALONE = re.compile(
    r"(?P<place>\s*\([^()]{1,40}\))?\.?\s+("
    + _YEAR
    + r")(?:(?:\s+[A-Z][a-z]{2}(?:\s+\d{1,2})?)?\.?\s*$|,\s*\d)"
)
# a word of three letters or more cut short by a period: `Engl.` of `N. Engl. J. Med.`
_CUT_WORD = re.compile(r"[A-Z][a-z]{2,}\.")
_ABBREVIATION = re.compile(
    r"(?:(?:^|(?<=[\s(\[]))(?:[A-Za-z]\.){2,4}|\b(?:e\.g|i\.e|vs|cf|viz|Dr|Mr|Mrs|Ms|Prof|St"
    r"|Jr|Sr|No|Vol|Fig|approx|ca)\.)$"
)
_INITIAL = re.compile(r"(?:^|(?<=[\s(\[-]))[A-Z]\.$")
_VOLUME_WORDS = frozenset(["vol", "vols", "volume", "no", "nr", "pp", "p", "issue", "suppl", "pt"])
# ABNT's (Brazil) `Journal, v. 12, n. 4, p. 202-207, 2018`: lower case and dotted only, as
# a capital `N` may go on a name
_ABNT_VOLUME_WORDS = frozenset(["v.", "n."])
_SENTENCE_END = re.compile(r"[.?!](?=\s|$)")
_NON_SPACE = re.compile(r"\S+")
_MAX_JOURNAL = 200  # characters: no journal's name is longer
_INVERTED_WITH_INITIALS = re.compile(r"[^\W\d_][^,.;]{0,60},\s(?:[A-Z]\.?[\s-]?){1,4}")
# ACS's last name, its initials closed by a period, then the title's capitalised words
_INITIALS_THEN_WORDS = re.compile(r"[^\W\d_][^,.;]{0,60},\s(?:[A-Z]\.[\s-]?){1,4}\s*[A-Z][a-z]")
# what names a section of a journal, whose name goes before it whatever its case
# (PubMed's own `Journal of toxicology and environmental health. Part A`)
_SECTION_LABEL = re.compile(r"(?:Part|Section|Series|Suppl(?:ement)?)\b\.?(?:\s+\w{1,3})?$")
# what follows a journal's name: a year, a volume (`106(4)`, `9,`, `12:`), an issue or
# a bracket with a number, or a short note in brackets before them (`Drugs (Abingdon
# Engl). 2020`, `Drugs (Abingdon, England), 29(1)`); not a number that starts a
# sentence (`Part 3. FETAX validation ...`) nor a bracket of words (`... puntazzo
# (Cetti). Cryobiology`)
# words that say a paper is not published yet (`Gerontology. Accepted.`), not part of a name
_NOT_YET = frozenset(["forthcoming", "accepted", "submitted"])
_DATE_OR_VOLUME = re.compile(
    # after the journal's place, if any (`Obesity (Silver Spring), v. 29`, `Vaccines (Basel)
    # (2021) 9:1`, `Sports (Basel). 2019`)
    r"(?:\([^()]{1,30}\)[.,]?\s*)?(?:$|"
    r"\d{4}\b|\d[\w-]*\s*(?:[;:(,]|\.?\s*$)|[(\[]\s*\d|;"
    # a labelled volume (MLA's `Journal, vol. 446, no. 1`, ABNT's `Journal, v. 446, n. 1`)
    + r"|(?i:vol(?:ume)?|v)\.?\s*\d"
    # not published yet (Citing Medicine: `Gerontology. Forthcoming 2011.`; `In press.`)
    + r"|(?i:in\s+press|"
    + "|".join(sorted(_NOT_YET))
    + r")\b)"
)
# a title in quotes (Harvard, MLA, Chicago): the closing quote is followed by punctuation
# or a space, so the apostrophe of "author's" does not end it, nor a quotation inside the
# title (`"... the "antibiotics first" strategy."`). A quotation that opens a title is
# followed by a colon or a word in lower case (`"Not just a game": the ...`, `"Choosing
# Wisely" recommendations ...`), unless it ends in punctuation (`"Title." in Book`): taken
# for the whole title, it left the subtitle to be read as the journal (an error). A
# quotation may follow one short word (`"A "Blood Relationship" Between ...?,"`)
_QUOTED_TITLE = re.compile(
    r"""^(?:'(?P<a>[^']{3,600}(?:'\w[^']{0,600})*)'|‘(?P<b>[^’]{3,600}(?:’\w[^’]{0,600})*)’"""
    r"""|"(?P<c>[^"]{1,600}(?:"[^"]{1,200}"[^"]{0,600})*)"|“(?P<d>[^”]{3,600})”)"""
    r"""(?=[,.;]|$|\s(?![a-z])|(?<=[.,;:?!]['"’”])[\s:])"""
)
# what shows that the author list goes on after an initial and its period: `&`, `and`, an
# initial, or an inverted name (`Smith, J.`, `Smith, JA,`), whose comma is followed by
# initials, not by a word (`Frey BS. Genes, Economics, and Happiness.` is a title)
_AUTHOR_NEXT = re.compile(
    rf"^(?:&|and\b|{CAPITAL}\.|[^\W\d_][^\s,.]{{1,30}},\s*{CAPITAL}(?:{CAPITAL}{{0,2}}(?=[\s,.;]|$))"
    r"|[^\s,.]{2,}(?:\s[^\s,.]{1,20})?,\s*[^\W\d_]\.)"
)
# Names written initials first (Science, IEEE, PNAS, many CMSs: `T. R. Brown, J. Filiatrault
# and J. Desrosiers,`): the whole list, up to the comma or period that ends it. Vancouver's
# `Smith J. Title` cannot match: its entries start with a surname.
_SURNAME_WORD = rf"{CAPITAL}[^\W\d_]*(?:['’-][^\W\d_]+)*"
_PARTICLE = r"(?:van|von|der|den|de|del|da|di|du|la|le|dos|das|ten|ter)"
_SUFFIX_WORD = rf"(?:{'|'.join(SUFFIX_WORDS)})"  # `Jr`, `III`, `4th`: as names.py reads them
_NAME_SUFFIX = rf"(?:,?\s{_SUFFIX_WORD}\.?)"
_INITIALS_FIRST_NAME = (
    rf"(?:{CAPITAL}\.\s?(?:-?{CAPITAL}\.\s?){{0,2}})\s?(?:{_PARTICLE}\s){{0,3}}"
    # `Soo Hoo`, `Montero Ruiz`, `Vanden Heuvel`: surnames of two or three words
    rf"{_SURNAME_WORD}(?:\s{_SURNAME_WORD}){{0,2}}{_NAME_SUFFIX}?"
)
_INITIALS_FIRST_LIST = re.compile(
    rf"{_INITIALS_FIRST_NAME}(?:(?:,\s|,?\s(?:and|&)\s){_INITIALS_FIRST_NAME})*"
    r"(?:,?\s+et\.?\s*al\b\.?)?(?=[,.:]\s)"
)
# BioMed Central's names, closed by a colon before the title: `Flor H, Nikolajsen L,
# Staehelin Jensen T: Phantom limb pain: a case of ... Nat Rev Neurosci 2006, 7:873-881.`
# One name alone has the shape of a title's phrase before its colon too (`Vitamin D: a
# review ...`, an entry without authors); the comparison takes such a "name" for the
# record's title where it is that (see compare.journals._authors_as_title).
_SURNAME_THEN_INITIALS = (
    rf"(?:{_PARTICLE}\s){{0,3}}{_SURNAME_WORD}(?:\s{_SURNAME_WORD}){{0,2}}\s{CAPITAL}{{1,3}}"
    rf"{_NAME_SUFFIX}?"
)
# after the first, any piece up to the colon: a group (`EPICE-SHIPS Research Group`), a
# one-word name (`Mahmooduzzafar`); the list must then read as names (see _names_ok)
_NAMES_THEN_COLON = re.compile(
    rf"{_SURNAME_THEN_INITIALS}(?:,\s[^,:.;]{{1,150}})*(?:,?\s+et\.?\s*al\.?)?(?=:\s)"
)


# Names with the given names in full (`John H. Krystal, Alfred P. Kaye, Sarah Jefferson.`),
# the first of them inverted in Chicago and MLA (`Krystal, John H., Alfred P. Kaye, and
# Sarah Jefferson.`, `Lake, B. G., P. G. Brantom, and P. Grasso.`): the whole list, up to
# the period that ends it. A given name is a capitalised word that is no initials (`JH`);
# a middle initial has its period or stands alone (`John H Krystal`).
_GIVEN_WORD = rf"(?!{CAPITAL}+\b){CAPITAL}[^\W\d_]+(?:['’-][^\W\d_]+)*"
_MIDDLE_INITIAL = rf"(?:{CAPITAL}\.(?:-?{CAPITAL}\.)*|{CAPITAL}(?=[\s,]))"
_FAMILY_WORD = rf"(?!{CAPITAL}{{1,3}}\b|{_SUFFIX_WORD}\b){_SURNAME_WORD}"  # not `JH`, `Jr`
_GIVEN_FIRST_NAME = (
    rf"{_GIVEN_WORD}(?:\s(?:{_GIVEN_WORD}|{_MIDDLE_INITIAL})){{0,3}}\s(?:{_PARTICLE}\s){{0,3}}"
    rf"{_FAMILY_WORD}{_NAME_SUFFIX}?"
)
_INVERTED_NAME = (
    rf"(?:{_PARTICLE}\s){{0,3}}{_FAMILY_WORD}(?:\s{_FAMILY_WORD}){{0,2}},\s"
    rf"(?:{_GIVEN_WORD}|{_MIDDLE_INITIAL})(?:\s?(?:{_GIVEN_WORD}|{_MIDDLE_INITIAL})){{0,3}}"
    rf"{_NAME_SUFFIX}?"
)
_GIVEN_NAMES_LIST = re.compile(
    rf"(?:{_INVERTED_NAME}|{_GIVEN_FIRST_NAME}|{_INITIALS_FIRST_NAME})"
    rf"(?:(?:,\s|,?\s(?:and|&)\s)(?:{_GIVEN_FIRST_NAME}|{_INITIALS_FIRST_NAME}))*"
    # the end of the list: its period, not one between initials (`Krystal, J. H.`)
    rf"(?:,?\s+et\.?\s*al\b\.?)?(?:(?<=\.)|(?=\.))(?=\.?(?:\s|$))(?!\s?{CAPITAL}\.)"
)
# A name as PubMed writes it in its search results and summaries (`Hall N`, `van der Pluijm
# I`, `Soo Hoo GW`, `Lamb JC 4th`): a surname with no word of capitals alone (`HIV`, `D`),
# then its initials in capitals without periods
# (`O'Shea JJ`, `D'souza D`: a capital before an apostrophe is no initial)
_PUBMED_SURNAME = rf"(?!{CAPITAL}{{1,3}}(?![\w'’-])|{_SUFFIX_WORD}\b){_SURNAME_WORD}"
_PUBMED_NAME = re.compile(
    rf"(?:{_PARTICLE}\s){{0,3}}{_PUBMED_SURNAME}(?:\s{_PUBMED_SURNAME}){{0,2}}\s{CAPITAL}{{1,4}}"
    rf"(?:\s{_SUFFIX_WORD})?"
)
# words that a title puts before a letter or a numeral (`Part A`, `Vitamin D`, `Phase II`):
# such a sentence of a title reads like PubMed's `Hall N`, so it is never taken for a name
_BEFORE_A_LETTER = re.compile(
    r"(?:part|type|phase|vitamin|hepatitis|stage|grade|class|factor|group|section|series"
    r"|appendix|chapter|supplement|study|trial|figure|table|volume|protein|complex|kinase"
    r"|receptor|toxin|influenza|coenzyme|lipoprotein|immunoglobulin|antigen|strain|cohort|arm"
    r"|level|experiment|case|model)",
    re.IGNORECASE,
)
# the date that follows the journal in PubMed's summary (`Br J Pain. 2018 Nov;12(4):...`)
_SUMMARY_DATE = re.compile(r"(" + _YEAR + r")\b")
# a journal whose name starts in lower case (`mSystems`, `eLife`, `iScience`), which
# _journal_at leaves out
_LOWER_FIRST_JOURNAL = re.compile(r"[a-z]{1,2}[A-Z][A-Za-z]+(?=\.\s)")
# how far after the names PubMed's summary has its journal and date (the longest journal
# names run to some 200 characters)
_SUMMARY_TAIL = 600
_SPACES = re.compile(r"\s*")
_SUMMARY_PLACE = re.compile(r"\s*(\([^()]{1,40}\))(?=\.?\s)")
_LIST_SEPARATOR = re.compile(r",|\s(?:and|&)\s|\bet\.?\s*al\b")
# Elsevier's numbered style ends with the volume, an issue, the year in brackets and the
# pages: `Proc. Natl. Acad. Sci. U.S.A. 120 (2023) e1.`, `J. Pain 12 (4) (2011) 1-10`,
# `Kidney Int. Suppl. (1978) S43-8`, `N. Engl. J. Med. (2015)` (ahead of print). A name,
# a period or a place in brackets ends the journal before them (Science's `36, 251 (2020)`
# has a volume and a comma there)
_ELSEVIER_END = re.compile(
    r"(?:(?<=[^\W\d_])|(?<=[.)]))\s+(?:[A-Za-z]?\d{1,5}[A-Za-z]?"
    r"(?:\s*\(\s*[\w /.–-]{1,15}\))?\s+)?\(\s*" + _YEAR + r"\s*\)"
    r"(?:\s+(?:pp?\.\s*)?[A-Za-z]{0,5}\d\w*(?:\s*[-–—]\s*[A-Za-z]{0,5}\d\w*)?)?\s*\.?$"
)
# a volume and its issue before a year in brackets (`J. Pain 12 (4) (2011)`): the year is the
# journal's issue's, no author's (`Smith J (2011)`)
_VOLUME_BEFORE = re.compile(r"\d[A-Za-z]?(?:\s*\([^()]{1,15}\))?\s*$")
# what no journal's name holds: a sentence's or a quotation's punctuation
_NOT_IN_A_JOURNAL = re.compile(r"[?!;:\"“”\[\]]")
_PLACE_AT_END = re.compile(r"\s*\([^()]{1,40}\)$")  # `Behav. Sci. (Basel)`, `Int. J. Obes. (2005)`
_NOT_IN_A_NAME = re.compile(r"[!?…]")
_QUOTED_AFTER_NAMES = re.compile(r",\s+[\"“]")
_BRACKET_NEXT = re.compile(r"[.,]?\s*\(")
_ET_AL_NEXT = re.compile(r"et\.?\s*al\b", re.IGNORECASE)
_CONNECTORS = frozenset(
    [
        "&",
        "and",
        "of",
        "the",
        "in",
        "for",
        "on",
        "de",
        "der",
        "des",
        "und",
        "la",
        "le",
        "et",
        "y",
        "du",
        "van",
        "für",
        "a",
        "an",
        "to",
        "with",
        "&amp;",
    ]
)
_REPORT_VERB = re.compile(
    r"(?:found|finds|showed|shows|suggest(?:s|ed)|report(?:s|ed)|conclud(?:es|ed)"
    r"|demonstrat(?:es|ed)|reveal(?:s|ed)|indicat(?:es|ed)|confirm(?:s|ed))\b",
    re.IGNORECASE,
)
# "published in Anesthesia & Analgesia": the journal, named in a sentence
_PUBLISHED_IN = re.compile(r"(?i:published|appeared|reported) in (?:the )?(?P<j>[A-Z].*?)\.?$")
_REPORTS = re.compile(
    r"\b(?:study|studies|trial|trials|review|reviews|meta-analysis|analysis|paper|research"
    r"|researchers|authors|survey|report|data|evidence)\s+(?:\S+\s+){0,2}?" + _REPORT_VERB.pattern,
    re.IGNORECASE,
)
_GENERIC = re.compile(
    r"^(?:pubmed|medline|abstract|full text|link|here|pmid|article|ncbi|source|ref(?:erence)?"
    r"|free (?:full )?text|view|\d+|pmid:?\s*\d+|https?://\S+)$",
    re.IGNORECASE,
)
_DESC_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
_DETERMINERS = frozenset(
    [
        "the",
        "this",
        "that",
        "these",
        "those",
        "a",
        "an",
        "our",
        "their",
        "its",
        "his",
        "her",
        "one",
        "see",
        "read",
    ]
)
_GENERIC_NOUNS = frozenset(
    [
        "review",
        "reviews",
        "study",
        "studies",
        "trial",
        "trials",
        "rct",
        "rcts",
        "paper",
        "papers",
        "article",
        "articles",
        "analysis",
        "analyses",
        "meta-analysis",
        "metaanalysis",
        "report",
        "reports",
        "guideline",
        "guidelines",
        "abstract",
        "record",
        "summary",
        "source",
        "sources",
        "publication",
        "publications",
        "evidence",
        "data",
        "results",
        "findings",
        "survey",
        "letter",
        "editorial",
        "commentary",
        "comment",
        "preprint",
        "chapter",
        "book",
        "reference",
        "citation",
        "text",
        "version",
        "statement",
        "series",
        "cohort",
        "work",
        "research",
        "here",
        "link",
    ]
)
# what a short "title" after the year begins with when it is no journal (`(2015) Case Report.`)
_KINDS_OF_PAPER = _GENERIC_NOUNS | frozenset(
    [
        "case",
        "systematic",
        "clinical",
        "randomized",
        "randomised",
        "pilot",
        "original",
        "erratum",
        "correction",
        "corrigendum",
        "protocol",
    ]
)
_OF_FROM = frozenset(["of", "from", "in", "on", "with"])
_BOILERPLATE = frozenset(
    [
        "pubmed",
        "medline",
        "ncbi",
        "pmc",
        "europe",
        "nih",
        "abstract",
        "full",
        "free",
        "text",
        "link",
        "here",
        "more",
        "view",
        "read",
        "see",
        "on",
        "at",
        "in",
        "via",
        "record",
        "entry",
        "page",
        "article",
        "paper",
        "pdf",
        "html",
        "online",
        "available",
    ]
)
# A trailing parenthetical that describes the work rather than naming it:
# "CACNA1C-Related Disorders (GeneReviews chapter)", "... (review)", "... (RCT)".
_TITLE_NOTE = re.compile(
    r"\s*[(\[](?=[^()\[\]]{0,60}[)\]]\W*$)[^()\[\]]{0,60}?\b(?:review|chapter|rct|trial|"
    r"meta-?analysis|editorial|letter|comment(?:ary)?|preprint|abstract|protocol|guideline|"
    r"summary|book|in press|open access|free|pdf|full text|systematic|cohort|case report|"
    r"survey|study)\b[^()\[\]]{0,40}[)\]]\W*$",
    re.IGNORECASE,
)
# the year that ends a short form (`Krystal et al., PNAS 2023`); matched at the text's end only:
# with the separators before it in the pattern, a long run of them was matched from each of
# its characters in turn (a 20 KB entry of commas took 4 s)
_SHORT_END = re.compile(r"(" + _YEAR + r")[a-z]?\.?$")
_ET_AL_CUT = re.compile(r"\bet\.?\s*al\b\.?,?\s*", re.IGNORECASE)
_LAST_AUTHOR = re.compile(r"\s(?:&|and|&amp;)\s[^,]+,\s*")
_NOT_JOURNAL = re.compile(r"[\d:;?!\"()\[\]]|\bet\.?\s*al\b|\s(?:&|and)\s*$", re.IGNORECASE)
_INITIALS_ONLY = re.compile(r"^(?:[A-Z]\.?-?){1,3},?$")
_LINK_NAMES = r"[^\W\d_][\w'’-]+(?:\s+et\.?\s*al\b\.?|\s+(?:&|and)\s+[^\W\d_][\w'’-]+)"
# "Andreassen and colleagues" is "Andreassen et al." (also "Xu H", "van der Pluijm I")
_AND_OTHERS = re.compile(
    r"^(?P<a>[^\W\d_][\w'’-]+(?: [^\W\d_][\w'’-]*){0,3})\s+and\s+(?:colleagues|co-?workers)\b\.?",
    re.IGNORECASE,
)
_LINK_AUTHOR_ET_AL = re.compile(r"^(?P<a>[^\W\d_][\w'’-]+\s+et\.?\s*al\b\.?)$")
_LINK_AUTHOR_YEAR = re.compile(
    r"^(?P<a>" + _LINK_NAMES + r"?),?\s+\(?(?P<y>" + _YEAR + r")[a-z]?\)?(?=$|[\s,.;:])"
)
_LINK_TOPIC_YEAR = re.compile(
    r"^.+?\s\(?(?P<y>" + _YEAR + r")\)?,?\s+(?P<kind>[^\s\d]+(?:\s+[^\s\d]+){0,2})$"
)
_LINK_AUTHORS_JOURNAL = re.compile(r"^(?P<a>" + _LINK_NAMES + r"),\s*(?P<j>[^,]{3,80})$")
# first words of link texts that are not authors: organisations, journals, kinds of paper,
# months, acronyms
_NOT_AN_AUTHOR = re.compile(
    r"(?:(?-i:[A-Z][A-Z0-9-]{1,9})|.*\d.*|Cochrane|Lancet|Nature|Science|Cell|PubMed|Medline|Study|Review|Trial"
    r"|Guidelines?|Report|Survey|Update|Consensus|Statement|Analysis|Meta-analysis"
    r"|Systematic|Clinical|Randomi[sz]ed|The|This|Our|" + _MONTH_NAME + r")$",
    re.IGNORECASE,
)
# what a title never holds: a URL, a markup or BibTeX field (`url = {http://...}`), et al.
_NOT_A_TITLE = re.compile(r"https?://|www\.|[{}]|\w\s*=\s*[{\"]|\bet\.?\s*al\b", re.IGNORECASE)
_TRAILING_DATE = re.compile(
    r"[,.]?\s*\(?(?:" + _MONTH_NAME + r"\s+)?"
    r"(" + _YEAR + r")\)?\.?$"
)


# Each _TAIL alternative holds one of these words (case-insensitively), at most two
# characters ("( ", "[ ") after the match start in whitespace-normalised text.
_TAIL_WORDS = (
    b"pmid", b"pubmed", b"doi", b"http", b"www.", b"pmcid", b"epub", b"cas", b"article",
    b"google", b"crossref", b"available", b"retrieved", b"accessed",
)  # fmt: skip


def _tail_search_start(text: str) -> int:
    """Where `_TAIL` may first match: its pattern has no literal prefix, so a search
    from 0 tries every alternative at every position of the entry."""
    if not text.isascii():
        return 0  # IGNORECASE folds some non-ASCII letters onto ASCII ones: search it all
    low = text.encode("ascii").lower()
    found = [i for w in _TAIL_WORDS if (i := low.find(w)) != -1]
    return max(0, min(found) - 2) if found else len(text)


def clean_entry(entry_text: str) -> str:
    """Whitespace-normalised entry without its list label and identifier tail."""
    text = normalise(entry_text)
    text = _LABEL.sub("", text, count=1)
    text = _BACKLINK.sub("", text, count=1)
    text = _LEADING_PMID.sub("", text, count=1)
    text = _MEDIUM_NOTE.sub("", text) if "[" in text else text
    m = _TAIL.search(text, _tail_search_start(text))
    if m and m.start() >= 10:
        text = text[: m.start()]
    return text.strip(" ([;,")


def parse_reference(entry_text: str) -> Claim:
    """Claims from one reference entry's plain text; unknown parts stay None."""
    try:
        # `Makar and colleagues (1975)`: the first author, et al.
        return _parse(_AND_OTHERS.sub(r"\g<a> et al.", clean_entry(entry_text), count=1))
    except (ValueError, IndexError, RecursionError):  # pragma: no cover - defensive
        return Claim()


def parse_link_text(text: str) -> Claim:
    """The claim carried by a link's text alone (a body link, a title link).

    "PubMed", a number, a URL or a description ("the Cochrane review", see
    `is_description`) claims nothing; a reference-like text is parsed as a
    reference; anything else is taken as the title (a trailing date as the year).
    """
    t = normalise(text)
    if not t or _GENERIC.match(t) or is_description(t):
        return Claim()
    claim = parse_reference(t)
    if claim.authors and _not_an_author(t) and not opens_with_title(t, claim.title):
        # `SPRINT 2015`, `UKPDS (1998)`, `SPRINT Research Group 2015`: a link names a
        # trial by its acronym, which is no first author (an author ERROR on a right
        # citation), nor a title; its year may name the trial rather than date the
        # paper (see _named_by_author). Only a journal makes it a reference.
        if not claim.journal:
            return Claim()
        claim = replace(claim, authors=(), author_names=(), et_al=False)
    if claim.title and _REPORT_VERB.match(claim.title):
        # "Eichenberger et al. (2008) found that ketamine ...": a sentence, no title
        claim = replace(claim, title=None)
    if claim.authors or claim.journal:
        return claim
    if (m := _PUBLISHED_IN.match(t)) and _journal_like(m.group("j")):
        return Claim(journal=m.group("j"))
    named = _named_by_author(t)
    if named is not None:
        return named
    if _REPORTS.search(t) or _says_what_kind(t):
        return Claim()  # "a 2008 study found that IV ketamine reduced pain": not its title
    year: int | None = None
    m = _TRAILING_DATE.search(t)
    if m:
        year = int(m.group(1))
        t = t[: m.start()].strip(" ,.")
    if len(t.split()) < 2 or _NOT_A_TITLE.search(t):
        return Claim(year=year)
    return Claim(title=t.rstrip("."), year=year)


def opens_with_title(text: str, title: str | None) -> bool:
    """`title` opens the entry `text` (PubMed's summary: `The burden of pain. Hall N, ...`):
    its first word is the title's, not a first author's."""
    return title is not None and clean_entry(text).startswith(title)


def _named_by_author(text: str) -> Claim | None:
    """A link's text that names its paper by author and year (`Alviar 2016 Cochrane
    review`, `Hall et al., 2018`), by author alone (`Andreassen and colleagues`), by
    authors and journal (`Hall & Eldabe, British Journal of Pain`) or by topic, year and
    kind (`Mirror therapy 2007 trial`): read as a title, each was a false alarm. What
    follows the year describes the paper and claims nothing. A first word that names no
    author (`Cochrane 2016 review`, `ISIS-2 1988 trial`) gives no authors, and a year
    inside a title (`The 2019 ESC guidelines for ...`) is left to the title."""
    text = _AND_OTHERS.sub(r"\g<a> et al.", text, count=1)
    m = _LINK_AUTHOR_ET_AL.match(text)
    if m is not None and (parsed := _link_authors(m.group("a"))) is not None:
        return _claim(parsed, None, None, None)
    m = _LINK_AUTHOR_YEAR.match(text)
    if m is not None and (parsed := _link_authors(m.group("a"))) is not None:
        return _claim(parsed, int(m.group("y")), None, None)
    m = _LINK_TOPIC_YEAR.match(text)
    kind = _DESC_WORD.findall(m.group("kind").lower()) if m is not None else []
    if kind and kind[-1] in _GENERIC_NOUNS:
        # `Mirror therapy 2007 trial`, `Global burden of disease 2013 study`: no title, and
        # the year may name the study rather than date the paper
        return Claim()
    m = _LINK_AUTHORS_JOURNAL.match(text)
    journal = m.group("j").strip(" .") if m is not None else ""
    if m is not None and _journal_like(journal) and (parsed := _link_authors(m.group("a"))):
        return _claim(parsed, None, journal, None)
    return None


def _link_authors(text: str) -> tuple[tuple[str, ...], tuple[PersonName, ...], bool] | None:
    """The authors a link's text starts with, unless its first word is no author's: an
    organisation, a journal, an acronym, a kind of paper (`Cochrane`, `WHO`, `ISIS-2`,
    `Review`), or a word in lower case."""
    if _not_an_author(text):
        return None
    return _names_ok(text)


def _not_an_author(text: str) -> bool:
    first = text.split()[0]
    return not first[0].isupper() or _NOT_AN_AUTHOR.match(first) is not None


def is_boilerplate(text: str) -> bool:
    """A link's text that is only a link (`PubMed`, `Abstract`, `Free full text on PMC`,
    the PMID, the URL): it says nothing about the paper."""
    t = normalise(text)
    if not t or _GENERIC.match(t):
        return True
    words = _DESC_WORD.findall(t.lower())
    return all(w in _BOILERPLATE or w in _DETERMINERS for w in words)


def is_description(text: str) -> bool:
    """Link text that names the kind of source, not the source: no claim at all.

    The rule: every word is link boilerplate (`PubMed abstract`, `full text`,
    `read more`), or the text is short (at most 6 words), opens with a determiner
    (`the`, `this`, `a`, `our`...) and ends with a generic noun (`review`, `study`,
    `meta-analysis`, `trial`, `paper`...): "the Cochrane review", "this study",
    "a meta-analysis", "our 2019 trial". A real title rarely has that shape;
    one that does ("A review") is too short to be compared anyway. So is a count of
    sources ("3 additional articles found").
    """
    if is_boilerplate(text):
        return True
    words = _DESC_WORD.findall(text.lower())
    if len(words) <= 6 and words[0] in _DETERMINERS and words[-1] in _GENERIC_NOUNS:
        return True
    # a count of sources, a search's summary: "3 additional articles found"
    return len(words) <= 8 and words[0].isdigit() and any(w in _GENERIC_NOUNS for w in words)


def _says_what_kind(text: str) -> bool:
    """A body link's text that says what kind of paper it links to, not its title:
    "randomized controlled trial", "double-blind crossover study", "Level II evidence"
    (a title of so few words ending so has a colon: "Phantom limb pain: a review"),
    "a controlled trial in 20 amputees", "a small RCT", "meta-analysis of 12 RCTs",
    "evidence from trials". Asked after the author-and-year forms (`Eichenberger 2008
    controlled study` names its author), before the title: each was a title warning."""
    words = _DESC_WORD.findall(text.lower())
    if not words:
        return False
    if len(words) <= 6 and words[-1] in _GENERIC_NOUNS and ":" not in text:
        return True
    if len(words) <= 8 and words[0] in _DETERMINERS and _GENERIC_NOUNS.intersection(words[1:4]):
        return True
    return 1 < len(words) <= 6 and words[0] in _GENERIC_NOUNS and words[1] in _OF_FROM


def parse_lines(lines: list[str]) -> Claim | None:
    """Title / authors / `Journal (date)` on separate lines (Manubot, many CMSs)."""
    lines = [normalise(x) for x in lines if x.strip()]
    if len(lines) < 3:
        return None
    parsed = _names_ok(lines[1])
    if not parsed:
        return None
    m = _outside_journal_names(lines[2], _date_in_line)
    journal = lines[2][: m.start()].strip(" ,.") if m else None
    year = int(m.group(1)) if m else None
    return _claim(parsed, year, journal or None, _strip_title(lines[0]))


def _names_ok(authors: str) -> tuple[tuple[str, ...], tuple[PersonName, ...], bool] | None:
    """Parse an author part; None unless every piece is a name."""
    if not authors or len(authors) > 3000:
        return None
    written, names, et_al = parse_author_list(authors)
    if not written or len(names) != len(written):
        return None
    if any(
        len(w.split()) > 6 and not _long_group_name(written, names, i)
        for i, w in enumerate(written)
    ):
        return None  # a long "name" is a sentence, unless it is a group's name
    if any(_NOT_IN_A_NAME.search(w) for w in written):
        return None  # `Dudley, K. A. Bright and Early…Now Also Awake!.`: a title's words
    if any(_ET_AL_NEXT.match(w) for w in written):
        return None  # `Smith J, et al. A trial. Lancet`: what follows `et al.` is no name
    if _a_sentence(written, names):
        return None  # `Chronic toxicity of phthalate in rats. Toxicol Sci. 2000.`: no author
    return written, names, et_al


# what a group's name may hold after a person's: a colon, an acronym in brackets within
_INNER_ACRONYM = re.compile(r"\s" + GROUP_ACRONYM + r"(?=\s)")
_MARKS_IN_A_GROUP = re.compile(r":|" + _INNER_ACRONYM.pattern)


def _long_group_name(written: tuple[str, ...], names: tuple[PersonName, ...], i: int) -> bool:
    """`written[i]` is a group's name (see is_long_group_name). After a person's name, as
    NLM lists a group beside its writers (`Stevens PE, Levin A; Kidney Disease: Improving
    Global Outcomes Chronic Kidney Disease Guideline Development Work Group Members.`), the
    place vouches for a name with a colon or an acronym inside, which a title may hold too
    and so is_long_group_name refuses: the whole list was lost with the group, and a
    misspelt first author (`Stephens PE`) verified."""
    if is_long_group_name(written[i]):
        return True
    plain = _MARKS_IN_A_GROUP.sub("", written[i])
    if i > 0:
        return not names[0].collective and names[i].collective and is_long_group_name(plain)
    # alone, only with an acronym inside, which no title's phrase has: KDIGO's `Kidney
    # Disease: Improving Global Outcomes (KDIGO) Diabetes Work Group`
    return (
        len(written) == 1
        and names[0].collective
        and _INNER_ACRONYM.search(written[0]) is not None
        and ends_in_group_word(plain)
        and is_long_group_name(plain)
    )


def _a_sentence(written: tuple[str, ...], names: tuple[PersonName, ...]) -> bool:
    """The "names" are a title's sentence: the first is a group's name with words in lower
    case (see _sentence_words; an entry without authors starts with its title, which `and`
    may split: `... terephthalate. Toxicology and Industrial Health`). After a person's
    name such a piece is a group's (`Smith J, Jones K, PROTECT study group.`): rejected
    with it, the whole list was lost, and a wrong first author verified."""
    return names[0].collective and _sentence_words(written[0])


def _sentence_words(group: str) -> bool:
    """A "group name" with two words or more in lower case that join nothing (`studies`,
    `toxicity`) is a title's sentence: an entry without authors (`Chronic toxicity of
    di(2-ethylhexyl)phthalate in rats. Toxicol Sci. 2000.`) had its title read as the author,
    an error on a right citation. Groups' names are capitalised (`Centers for Disease Control
    and Prevention`; one of PubMed's 32 in records.tsv has such words, then no author is
    read: a check not made, not a false alarm)."""
    words = _DESC_WORD.findall(group)
    return sum(1 for w in words if w[0].islower() and w not in _CONNECTORS) >= 2


def _parse(text: str) -> Claim:
    if not text:
        return Claim()
    source = _source_line(text)
    if source is not None:
        return source
    if " // " in text and (gost := _gost(text)) is not None:
        return gost
    claim = _authors_first(text)
    if claim is None or not (
        _pubmed_form(", ".join(claim.authors)) or _all_inverted_with_initials(claim.authors)
    ):
        summary = _title_first(text)
        if summary is not None and (claim is None or _took_names_for_title(claim, summary)):
            return summary
    return claim or _without_authors(text)


# GOST 7.0.5, the form of Russian and other CIS journals and sites: `[Heading.] Title / Names
# // Journal. – 2008. – Vol. 106, № 4. – P. 1265–1273.` The names after the last ` / `
# before the source's ` // ` (a title may hold a slash of its own)
_GOST = re.compile(
    r"(?P<head>.{1,3000})\s/\s(?P<names>[^/]{1,3000}?)\s//\s(?P<source>.{1,3000})", re.S
)
_GOST_ET_AL = re.compile(r"\[\s*(?:et\s+al|и\s+др)\.?\s*\]", re.IGNORECASE)
# the heading: the first author again, inverted (`Eichenberger, U.`, `Иванов, И. И.`)
_GOST_HEADING = re.compile(
    r"(?P<surname>[^\W\d][\w'’-]*(?:\s[^\W\d][\w'’-]*)?),(?:\s?[^\W\d]\.){1,3}\s"
)
# GOST's source: the journal, a period, the year (after a dash before 2018's revision)
_GOST_SOURCE = re.compile(r"\s*[^\W\d][^.]{1,150}\.\s*(?:[–—-]\s*)?" + _YEAR + r"\b")


def _gost(text: str) -> Claim | None:
    """GOST's entry (`_GOST`), or None. Read authors-first, its title ran on through the
    names and the source (`Title / U. Eichenberger, F. Neff [et al.] // Anesth Analg`): the
    journal was never read, so a wrong one passed; without the heading, nothing was."""
    m = _GOST.fullmatch(text.strip())
    if m is None:
        return None
    parsed = _names_ok(_GOST_ET_AL.sub("et al.", m.group("names")).strip(" ."))
    # GOST gives every person's initials (`relief in 2020` between two slashes is no name)
    if not parsed or not all(n.initials for n in parsed[1]):
        return None
    head = m.group("head").strip()
    heading = _GOST_HEADING.match(head)
    if heading is not None and heading.group("surname") == parsed[1][0].last_name:
        head = head[heading.end() :]
    source = m.group("source").strip()
    journal, end = _journal_at(source)
    year = _ANY_YEAR.search(source, end)
    return _claim(parsed, int(year.group(1)) if year else None, journal, head.strip(" .") or None)


def _source_line(text: str) -> Claim | None:
    """`N Engl J Med. 2015 May 7;372(19):e25.`: PubMed's source line alone, as pages quote
    a paper's source (and its abstract page heads the title and names with it), or None.
    It claims the journal and the year; read as names, the journal became an author and the
    date or the volume a title (`Biochem Med`, "1975 Feb;13(2):117-26"): false alarms. A
    name in PubMed's form (`Smith J. 2019;12:45`) is not taken for a journal, nor several
    sentences (names, a title, then the journal); `_authors_first` reads those. Without a
    volume (`N. Engl. J. Med. 2015.`) only a journal's abbreviations are read so (see
    `_abbreviated_journal`)."""
    # quick tests first (it is asked of every entry): the journal, which holds no comma
    # and no `et al.`, then the date, so the first year comes after neither
    first = _ANY_YEAR.search(text, 0, _MAX_JOURNAL + 40)
    if first is None or "," in text[: first.start()] or _ET_AL_NEXT.search(text, 0, first.start()):
        return None
    journal, end = _journal_at(text)
    if journal is None:
        return None
    head = text[:end]
    date = _SOURCE_DATE.match(text, end)
    if date is not None:
        # `N. Engl. J. Med.`, `BMC Evol. Biol.`: dotted abbreviations, not sentences (`Smith
        # J. Effects of vitamin D. Nutrients. 2020;12:1`)
        shaped = ". " not in head or _all_dotted(head) or _name_shaped_journal(head)
    else:
        date = _SOURCE_YEAR_ALONE.match(text, end)
        shaped = date is not None and (_abbreviated_journal(head) or _name_shaped_journal(head))
    if date is None or not shaped or "," in journal or _pubmed_form(journal):
        return None
    if _ET_AL_NEXT.search(journal):
        return None
    return Claim(year=int(date.group(2)), journal=journal + (date.group("place") or ""))


def _all_dotted(head: str) -> bool:
    """Every word of `head` but its last ends with a period or is an acronym: `N. Engl. J.
    Med.`, `BMC Evol. Biol.`."""
    return all(w.endswith(".") or w.isupper() for w in head.split()[:-1])


def _abbreviated_journal(head: str) -> bool:
    """`N. Engl. J. Med.`, `J. Am. Coll. Cardiol.`: a journal's dotted abbreviations before a
    year with no volume (`N. Engl. J. Med. 2015.`, ahead of print, or ACS's `N. Engl. J. Med.
    2015, 372, 2423.`). Read as names, `N. Engl` was an author and `Med` the journal: "not
    the cited paper" on right citations. Without the volume that tells a source line, a
    name is as likely (`J. A. Smith. 2019.`), so the run must hold words of three letters
    or more cut short by a period before its last (whose period is the entry's), each one
    ISO 4 abbreviates journals' words to (`Engl.`, `Coll.`, `Cardiol.`: see
    `_title_word_abbreviations`): a name's periods follow its initials or a title (`Prof.
    J. Smith.`), a title's sentence is a word (`Obesity. N. Engl. J. Med. 2015.` is no
    journal "Obesity N Engl J Med"). After an initial, where a name has its surname (`X. Ye.
    Biochem. Biophys. Res. Commun. 1997.`, `H. Katoh. Biochem. Pharmacol. 1984.`, a name
    and its journal), the word must be one ISO 4 shortens to and no word is spelt as; a
    surname that is such a word still reads as a journal's (`J. Ward. Exp. Pathol.
    1990.`)."""
    words = head.split()
    # undotted words inside the run only: `Am. J. Physiol. Heart Circ. Physiol.`
    inside = words[0].endswith(".") and _DOTTED_JOURNAL.fullmatch(head) is not None
    if not (_all_dotted(head) or inside):
        return False
    cut = [w for w in words[:-1] if w.endswith(".") and len(w) > 3]
    # the shape first: the word list is loaded (0.2 s, 12 MB) only for a run that has it
    # (`Anonymous 1976, ...` and `PHILLIPS H 1976, ...` loaded it on every run)
    if not cut or not all(_CUT_WORD.fullmatch(w) and not _ABBREVIATION.search(w) for w in cut):
        return False
    abbreviations, shortened = _title_word_abbreviations()
    lead = next((w for w in words if len(w.rstrip(".")) > 1), "")
    if lead != words[0] and lead.rstrip(".").lower() not in shortened:
        return False
    return all(w[:-1].lower() in abbreviations for w in cut)


def _name_shaped_journal(head: str) -> bool:
    """`World J. Gastroenterol.`, `Asian J. Androl.`: a dotted journal whose first two words
    read as a name in PubMed's form (`World J`), then one word of six letters or more that
    ISO 4 shortens a journal's word to and that is no word whole (`Gastroenterol.`,
    `Androl.`: see `_title_word_abbreviations`). Read as names, `World J` was the author and
    "Gastroenterol. 2019 Nov;25(20):2402-2415" the title: "not the cited paper" on a right
    citation. After a name, a word is the journal's (`Lake B. Toxicology. 1976 Nov-Dec;6(3):
    341-56` verified so), as are more words (`Smith J. Nat. Med.`); a shorter word is often a
    word too, and a journal's whole name (`Smith J. Cell. 2019 Nov;176(1):1-2.`, `Pain.`,
    `Sleep.`, `Genes.`)."""
    words = head.split()
    cut = words[-1][:-1]
    return (
        len(words) == 3
        and _INITIAL.fullmatch(words[1]) is not None
        and _pubmed_form(f"{words[0]} {words[1][:-1]}") is not None
        and words[2].endswith(".")
        and len(cut) >= 6
        and _shortened_word(cut)
    )


def _shortened_word(word: str) -> bool:
    """`word` (its period aside) is one ISO 4 shortens a journal's word to and lists no word
    as whole (`Gastroenterol`, `Suppl`): evidence of a journal (see
    `_title_word_abbreviations`)."""
    return word.rstrip(".").lower() in _title_word_abbreviations()[1]


@cache
def _title_word_abbreviations() -> tuple[frozenset[str], frozenset[str]]:
    """The words ISO 4's List of Title Word Abbreviations (pyiso4's copy) shortens journals'
    words to, lower case without their period (`engl`, `cardiol`, `gastroenterol`), and of
    them those that are no word it lists whole (`toxicol`, not `public`, which abbreviates
    `publicity`): evidence that a word is a journal's, not a name's or a title's. Empty
    where pyiso4's table is missing (then no such evidence is found)."""
    try:
        table = next(
            p
            for p in files("pyiso4").iterdir()
            if p.name.startswith("LTWA_") and p.name.endswith(".csv")
        )
        lines = table.read_text(encoding="utf-8").splitlines()[1:]
    except (ModuleNotFoundError, StopIteration, OSError):  # pragma: no cover - no table
        return frozenset(), frozenset()
    whole: set[str] = set()
    abbreviations: set[str] = set()
    for line in lines:
        word, _, rest = line.partition("\t")
        whole.add(word.strip().rstrip("-").lower())
        abbreviation = rest.partition("\t")[0].strip()
        if abbreviation != "n.a.":
            abbreviations.update(a.strip().rstrip(".").lower() for a in abbreviation.split(","))
    return frozenset(abbreviations), frozenset(abbreviations - whole)


def _without_authors(text: str) -> Claim:
    """`Chronic toxicity of phthalate in rats. Toxicol Sci. 2000.`: an entry naming no
    authors, its title first. The year is the one after the title (the first year of the
    entry was the title's in `Public Health Responses to Pandemics in 1918 and 2020.`)."""
    return _untitled_reading(text) or Claim(year=_closing_year(text) or _year_in(text))


def _closing_year(text: str) -> int | None:
    """The year of a date that ends the entry as a sentence of its own (`... Disease 2019.
    Clin Infect Dis. 2023.`): the citation's, not the title's before it."""
    m = _CLOSING_DATE.search(text)
    return int(m.group(1)) if m else None


def _untitled_reading(text: str) -> Claim | None:
    """The title, journal and year of an entry without authors, or None where it does not
    read so (see `_without_authors`)."""
    if not (_SENTENCE_END.search(text) and _ANY_YEAR.search(text)):
        # no title's end or no year: nothing to read (a quick test for the texts near a
        # PMID that read as no names; reading each made extracting real pages 20% slower)
        return None
    title, journal, run = _title_journal(text)
    if not (title and journal and _untitled_parts(title, journal)):
        return None
    year = _year_after(text, title)
    # `Journal. 2000`, `Journal 2018;12(4)`: the year right after the journal (a volume or
    # pages first: the title and journal were cut elsewhere, as in `Guideline Panel ...,
    # Summary of the guideline ..., Am. Psychol. 77 (2022) 770`)
    at = text.find(journal, len(title)) + len(journal)
    if not (year and _YEAR_NEXT.match(text, at)):
        return None
    if not _one_sentence(title):
        title = None  # `Groupe de travail de la SFAR. Title. Journal. 2021.`: see below
    return Claim(year=year, journal=journal, title=title, journal_run=run)


def _one_sentence(title: str) -> bool:
    """The title of an entry without authors holds no sentence end: what comes before one
    may be the author part that did not read as names (a group's name in lower case:
    `Groupe de travail de la Société française de réanimation. Hemodynamic monitoring in
    cardiogenic shock.`), and the group's name and the title, read as one title, were a
    false alarm on a right citation. Its year and journal are still claimed."""
    return not any(
        m.end() < len(title) and _abbreviation_kind(title, m.start()) is None
        for m in _SENTENCE_END.finditer(title)
    )


_SERIES_YEAR = re.compile(r"^" + _YEAR + r"\s+[A-Z]|[^\W\d_]-" + _YEAR + r"\b")


def _series_title(title: str) -> bool:
    """A year that opens a title or joins its word by a hyphen (`2019 ESC Guidelines for
    ...`, `Heart Disease and Stroke Statistics-2019 Update: ...`), as guidelines and yearly
    reports are named in Title Case: no person's name holds one so, and a group's name
    (`GBD 2013 Mortality and Causes of Death Collaborators`, `2019 Novel Coronavirus
    Investigating and Research Team`) ends in its group word."""
    return _SERIES_YEAR.search(title) is not None and not ends_in_group_word(title)


def _long_title_case(title: str) -> bool:
    """`Formate Assay in Body Fluids: Application in Methanol Poisoning`: a title in Title
    Case, as pages without authors often write it, of six words or more in one sentence,
    which no group's name is (it ends in its group word, or reads as one). Such entries
    claimed their year alone: any journal passed (530 of 593 in the real-records check)."""
    return (
        len(title.split()) >= 6
        and _one_sentence(title)
        and not ends_in_group_word(title)
        and not is_long_group_name(title)
        # names the authors-first reading could not take (`Kouri TT, Hofmann W, Task and
        # Finish Group ... (EFLM): The EFLM ...`) are no title's start
        and _pubmed_form(title.split(",", 1)[0]) is None
    )


def _untitled_parts(title: str, journal: str) -> bool:
    """A title and a journal that no author part ran into: a sentence (two words in lower
    case that join nothing, or a series' year in Title Case: see _series_title; such an
    entry claimed its year alone) not ending in an initial (`... Clara I. Sánchez Medical Image
    Analysis (2017-12)`: names after an unpunctuated title), nothing quoted, and a
    journal's name without digits or a `Label:` (notes about a page read so otherwise;
    a section's name after its journal's colon is none: `Global burden of stroke.
    Circulation: Heart Failure. 2019;12(3)` claimed its year alone, any journal passed)."""
    last = title.rsplit(None, 1)[-1] if title.strip() else ""
    return (
        (_sentence_words(title) or _series_title(title) or _long_title_case(title))
        and not (len(last) == 1 and last.isupper())
        and not _UNTITLED_NOT.search(title)
        and not _UNTITLED_NOT.search(journal)
        and (not _LABEL_COLON.search(journal) or _colon_before_section(journal))
        and not _FIRST_DIGIT.search(journal)
        # `ASPIRE Investigators. N Engl J Med`: a group's name before the journal
        and (". " not in journal or _journal_like(journal))
        # `Li S, Wang H, ... Ecotoxicol Environ Saf`: names before the journal
        and "," not in _blank(_IN_BRACKETS, journal)
    )


def _all_inverted_with_initials(authors: tuple[str, ...]) -> bool:
    """`Charlesworth, R. P.`, `Marsh, M. N`: APA's, ACS's, Harvard's names, which no title of
    PubMed's summary reads as. Read so, the authors-first reading stands (the summary
    reading took the journal `World J. Gastroenterol.` for the author World J)."""
    return bool(authors) and all(_INVERTED_WITH_INITIALS.fullmatch(a) for a in authors)


def _took_names_for_title(claim: Claim, summary: Claim) -> bool:
    """The authors-first `claim` read the names of PubMed's summary as its title or journal
    (`Minocycline and Doxycycline: More Than Antibiotics. Singh S, Khanna D. Curr Mol
    Pharmacol. 2021` gave the authors "Minocycline" and "Doxycycline: ...", the title "Singh
    S, Khanna D"; the short form, the author "Doxycycline: More Than Antibiotics. Singh S";
    `Black Women's Pleasure Mapping. Perrin PB, et al.`, one author of it all):
    its authors were the summary's title. Asked only when those authors are
    not names in PubMed's form (`Smith J. Hall N. ...` stays Vancouver's)."""
    first = summary.authors[0]
    names = [a for a in claim.authors if a != first]
    return any(
        first in (part or "") for part in (claim.title, claim.journal, claim.journal_run, *names)
    )


def _authors_first(text: str) -> Claim | None:
    """The entry read with its authors first (every style but PubMed's summary), or in
    their place APA's title before its date (see _apa_without_authors), else None."""
    # `Krystal et al., PNAS 2023`; also with a note after a spaced dash (`Eichenberger U et
    # al., Anesthesia and Analgesia, 2008 — controlled study`)
    head = _SPACED_DASH.split(text, maxsplit=1)[0]
    short = _short_form(head) or (_short_form(text) if head != text else None)
    if short is not None:
        return short
    initials_first = _INITIALS_FIRST_LIST.match(text)
    after_names = initials_first is not None and not _BRACKET_NEXT.match(text, initials_first.end())
    # `T. R. Brown, "Title," ... (2020).`: the year in brackets ends the entry, far from the
    # names (`H. W. Leber et al. (1978). Journal` has it right after them)
    m = None if after_names else _PAREN_YEAR.search(text)
    if m and m.start() > 0 and not _VOLUME_BEFORE.search(text, 0, m.start()):
        parsed = _names_ok(text[: m.start()].strip(" ,"))
        if parsed:
            return _after_year(parsed, int(m.group(1)), text[m.end() :])
    m2 = _BARE_YEAR.match(text)
    if m2:
        # `Makar AB et al. Apr 1975, ...`: the month is the date's, not an author's
        before = _TRAILING_MONTH.sub("", m2.group("a"))
        authors = before.strip(" ,")
        # nothing between the year and the next word (`Eichenberger U et al. 2008 Anesthesia
        # & Analgesia ...`): only after names that end as names do (`GBD 2013 Mortality and
        # Causes of Death Collaborators` is a group's name, not GBD in 2013)
        unpunctuated = _WORD_AFTER_YEAR.match(text, m2.end()) is not None
        ends_as_names = not unpunctuated or _NAMES_END.search(authors) is not None
        ends_as_names = ends_as_names and not _title_after_names(authors)
        # after names closed by their period, a year the entry dates again later opens the
        # title: `Morens DM. 1918 Influenza: the mother of all pandemics. Emerg Infect Dis.
        # 2006;12(1):15-22.`, `Whelton PK, et al. 2017 ACC/AHA Guideline ... 2018;71:e13`
        titled = unpunctuated and authors.endswith(".") and _dated_later(text[m2.end() :])
        if (
            ends_as_names
            and not titled
            and (
                not _SENTENCE_AFTER.search(before)
                or _INITIAL_FIRST_ET_AL.match(authors)
                or _all_given_names(authors)  # Chicago: `..., and Sarah Jefferson. 2023.`
            )
        ):
            parsed = _names_ok(authors)
            if parsed:
                year, at = _bare_year(text, m2)
                return _after_year(parsed, year, text[at:])
    # no names before the year in brackets: APA's work without authors, unless its title
    # read as names before a year of its own (`Global Cancer Statistics 2020: ...`), which
    # the comparison takes for the title where it is the record's (see journal_first)
    if m is not None and (untitled := _apa_without_authors(text, m)) is not None:
        return untitled
    for end in _author_end_candidates(text, initials_first):
        parsed = _names_ok(text[:end])
        if parsed:
            rest = text[end:].lstrip(" .,:")
            if dated := _DATED_VOLUME.match(rest):  # `PLoS ONE. 2017 May 5;12(8):e1`: no title
                return _claim(parsed, int(dated.group(1)), None, None)
            comma = text[end:].lstrip().startswith(",")  # Elsevier: `J.H. Krystal, Title, ...`
            title, journal, run = _title_journal(rest, after_comma=comma)
            return _claim(parsed, _year_after(rest, title), journal, title, journal_run=run)
    return None


def _title_after_names(authors: str) -> bool:
    """ACS's names by semicolons, the last running into the title before its year: `Sung,
    H.; ...; Laversanne, M. Global Cancer Statistics 2020: GLOBOCAN ...`. Read up to the
    title's year, the names ended in an author "M. Global Cancer Statistics" and the year
    was the title's: a false alarm on a right citation (two errors)."""
    *names, last = authors.split(";")
    return (
        bool(names)
        and all(_INVERTED_WITH_INITIALS.fullmatch(n.strip()) for n in names)
        and _INITIALS_THEN_WORDS.match(last.strip()) is not None
    )


def _apa_without_authors(text: str, date: re.Match[str]) -> Claim | None:
    """`Global burden of stroke. (2015). The Lancet Neurology, 372(4), 1867.`: APA's work
    without authors, its title where the names go, then the date and the journal, or None
    where the entry does not read so. Asked where the text before `date` (the first year
    in brackets) reads as no names: such an entry claimed its year alone (a wrong journal
    verified), or in Title Case a "group" holding the date (`Global Burden of Stroke.
    (2015)`) with the pages for its year. After the date comes the journal, alone or
    before its volume; a title there (after a group's name that read as no names) is no
    journal, and the entry is read as before."""
    head = text[: date.start()].rstrip()
    closed = _APA_DATE_END.match(text, date.end())
    title = _strip_title(head) if head.endswith((".", "?", "!")) else None
    if closed is None or title is None:
        return None
    rest = text[closed.end() :]
    journal, end = _journal_at(rest)
    if journal is None or not _journal_section(journal):
        return None  # `Smith J. (2015). Title. Journal`: no journal opens the rest
    after = rest[end:].lstrip(" .,;:")
    if not (_DATE_OR_VOLUME.match(after) or after[:1].isdigit()):  # `17 Suppl 6, 487`
        return None
    return Claim(year=int(date.group(1)), journal=journal, title=title)


_APA_DATE_END = re.compile(r"\.\s+")  # `(2015). `: the period that closes APA's date


def _bare_year(text: str, m: re.Match[str]) -> tuple[int, int]:
    """The year after the "names", and where the rest begins: a title's year where a colon
    follows it and the entry dates itself later (`Global Cancer Statistics 2020: GLOBOCAN
    Estimates ... CA Cancer J Clin. 2021;71(3):209-249.`, APA's `... Countries. (2021). CA
    Cancer J Clin, 71`, a title without authors read as names): then the later date's, and
    the title's year opens the rest (the title read from it keeps it)."""
    rest = text[m.end() :]
    if rest.startswith(":"):
        apa = _APA_DATE_AFTER_TITLE.search(rest)  # `... Countries. (2021). CA Cancer J Clin`
        later = int(apa.group(1)) if apa else _year_in(rest) if _dated_later(rest) else None
        if later is not None:
            return later, m.start("y")
    later = _source_year(rest[1:].lstrip()) if rest.startswith(".") else None
    return later or int(m.group("y")), m.end()


def _source_year(rest: str) -> int | None:
    """The year of `rest` where it is a source alone, a journal and its date (`CA Cancer J
    Clin. 2019;70:7-30.`, `CA Cancer J Clin. 2019.`): no title comes between the "names"'
    year and the journal, so the "names" and their year were a title (`Cancer Statistics,
    2020. CA Cancer J Clin. 2019;70:7-30.`) and the source's date is the citation's. Read
    as the year after names, the title's 2020 was claimed and any year in the source
    verified."""
    source = _source_line(rest)
    if source is not None:
        return source.year
    closing = _CLOSING_DATE.search(rest)
    if closing is None:
        return None
    journal, end = _journal_at(rest[: closing.start() + 1])
    return int(closing.group(1)) if journal and end >= closing.start() else None


_APA_DATE_AFTER_TITLE = re.compile(r"[.?!]\s+\((" + _YEAR + r")\)\.")


def _dated_later(rest: str) -> bool:
    """`rest` holds a source's date: `2006;12(1)`, `2006:15`, Frontiers' `(2006) 12:15`,
    or a closing `. 2006.`, `Dis 2006.`, Nature's `12, 15–22 (2006).`"""
    return bool(_DATE_YEAR.search(rest) or _CLOSING_DATE.search(rest) or _SOURCE_YEAR.search(rest))


def _title_first(text: str) -> Claim | None:
    """`Title. Hall N, Eldabe S. Br J Pain. 2018 Nov;12(4):202-207.`: an entry copied from
    PubMed's search results (its "Summary" format, also `Hall N, et al.`), the title first.
    Asked only when no author list opens the entry. A reading needs a sentence of the entry,
    after the title's, that is wholly a list of names in PubMed's own form, then a journal
    and its year; an entry that reads so in two ways (a title's `Part A.` before the names)
    claims nothing: a title's words read as names would be a false alarm."""
    readings = (_summary_reading(text, end) for end in _SENTENCE_END.finditer(text))
    found = list(islice((r for r in readings if r is not None), 2))  # a second is enough
    return found[0] if len(found) == 1 else None


def _summary_reading(text: str, title_end: re.Match[str]) -> Claim | None:
    """The claim of a PubMed summary whose title ends at `title_end`, else None. Asked at
    every sentence end of the entry: the names first, which fail soonest, then the journal
    and date within `_SUMMARY_TAIL` characters, the title last (reading the whole entry
    at each sentence end made a 30 KB entry take seconds). A group alone may stand for the
    names (see _group_alone), not after a title that reads as names (see _names_or_group)."""
    gap = _SPACES.match(text, title_end.end())
    start = gap.end() if gap else title_end.end()
    names_end = text.find(". ", start)  # PubMed's initials have no periods: the list's own
    segment = text[start:names_end] if names_end > start else ""
    parsed = _pubmed_names(segment) if segment else None
    group = parsed is None and bool(segment) and is_group_author(segment)
    if group:
        parsed = _group_alone(segment)
    if parsed is None:
        return None
    rest = text[names_end + 1 : names_end + 1 + _SUMMARY_TAIL].strip()
    journal, end = _journal_at(rest)
    if journal is None and (lower := _LOWER_FIRST_JOURNAL.match(rest)) is not None:
        journal, end = lower.group(), lower.end()  # `mSystems. 2024`, `eLife. 2020`
    place = _SUMMARY_PLACE.match(rest, end)  # `Sports (Basel). 2020`: the journal's place
    if journal is not None and place is not None:
        journal, end = f"{journal} {place.group(1)}", place.end()
    date = _SUMMARY_DATE.match(rest[end:].lstrip(" .,"))
    title = _title_upto(text, title_end) if journal is not None and date else None
    if title is None or date is None or (group and _names_or_group(title)):
        return None
    return _claim(parsed, int(date.group(1)), journal, title)


def _group_alone(group: str) -> tuple[tuple[str, ...], tuple[PersonName, ...], bool]:
    """A group's name alone where PubMed's summary has its authors (`Title. Centers for
    Disease Control and Prevention (CDC). MMWR Morb Mortal Wkly Rep. 2006 Jan 13;55(1):8-11.`),
    which is_group_author has vouched for. Without it the entry was read authors first: the
    title's words became names and the group ran into the journal (`National Toxicology
    Program. Natl Toxicol Program Tech Rep Ser`), or a year of the title (`--Massachusetts,
    2003-2004.`) was claimed, false alarms on right citations."""
    return (group,), (PersonName(group, collective=True),), False


def _names_or_group(title: str) -> bool:
    """The "title" before a group alone reads as names or a group's name: the entry is
    Vancouver's, its authors first and its title in the group's place (`John Smith. Report
    of the Task Force. Circulation. 2006.`, `National Cancer Institute. Report of the Expert
    Panel. ...`). Read as PubMed's summary, its authors would be claimed as the title and
    its title as the group: no summary then."""
    return is_group_author(title) or ends_in_group_word(title) or _names_ok(title) is not None


def _pubmed_names(
    segment: str,
) -> tuple[tuple[str, ...], tuple[PersonName, ...], bool] | None:
    """`Hall N, Eldabe S`, `Hall N, et al`, `Hall N, Eldabe S; ASPIRE Investigators`: a list
    of names in PubMed's form, groups' names after a semicolon, as PubMed writes them,
    only after persons' names; None for anything else (a sentence, a title's `Vitamin D`)."""
    form = _pubmed_form(segment)
    if form is None:
        return None
    persons, pieces, groups = form
    parsed = _names_ok(persons)
    if parsed is None or len(parsed[0]) != len(pieces):
        return None
    written, names, et_al = parsed
    group_names = tuple(PersonName(g, collective=True) for g in groups)
    return (*written, *groups), (*names, *group_names), et_al


def _pubmed_form(segment: str) -> tuple[str, list[str], list[str]] | None:
    """The persons' part, its names and the groups of `segment` when it is written as PubMed
    writes names (see `_pubmed_names`), else None; the names are not parsed yet, which
    `_parse` need not do again for the authors it has read already."""
    persons, *groups = segment.split("; ")
    pieces = persons.split(", ")
    if _ET_AL_NEXT.fullmatch(pieces[-1]):
        pieces = pieces[:-1]
    if not pieces or not all(_PUBMED_NAME.fullmatch(p) for p in pieces):
        return None
    if any(_BEFORE_A_LETTER.fullmatch(p.split()[0]) for p in pieces):
        return None
    if not all(_pubmed_group(g) for g in groups):
        return None
    return persons, pieces, groups


def _pubmed_group(piece: str) -> bool:
    """A group's name after PubMed's semicolon (`ASPIRE Investigators`, `participants of
    Giens XXXIV Round Table "Clinical research"`): a few words, no sentence's punctuation."""
    words = piece.split()
    return 0 < len(words) <= 30 and piece[0].isalpha() and not re.search(r"[?!:;\[\]]", piece)


def _after_year(
    parsed: tuple[tuple[str, ...], tuple[PersonName, ...], bool], year: int, rest: str
) -> Claim:
    """Authors and year are read; `rest` follows the year. After a comma (or a spaced
    dash, bar, dot or slash) comes the clinic's `Journal Note ...` (`2008, Anesthesia &
    Analgesia Controlled study`, `(2018), British Journal of Pain — review`, `2008 –
    Anesthesia & Analgesia ...`), else `Title. Journal ...`."""
    sep = _AFTER_YEAR_SEPARATOR.match(rest)
    if sep is not None:
        after = rest[sep.end() :]
        run = after.strip(" ,").rstrip(" .") or None
        # `2023, Proc. Natl. Acad. Sci. U.S.A. Review ...`: not `Proc` and a note
        dotted = _DOTTED_JOURNAL.match(after.lstrip(" ,"))
        journal = dotted.group().strip() if dotted else _journal_then_note(after.lstrip(" ,"))
        return _claim(parsed, year, journal, None, journal_run=run)
    if _MONTH_BEFORE_VOLUME.match(rest):
        # `Biochem J. 2021 Jan;478(21):3827-46. Title. Names`: a source line whose journal
        # reads as a name in PubMed's form (see _source_line); the volume is no title
        return _claim(parsed, year, None, None)
    rest = rest.lstrip(" .,:;")
    dotted = _DOTTED_JOURNAL.match(rest)
    if dotted is not None:  # `(2015) N. Engl. J. Med. Review of ...`: no title, a journal
        return _claim(parsed, year, dotted.group().strip(), None, journal_run=rest.rstrip(" ."))
    title, journal, run = _title_journal(rest)
    if journal is None and title and rest[:1] not in _QUOTES and _a_short_name(title):
        # `Conway et al. (1989) Arch Dermatol`: one or two capitalised words after the
        # year are the journal (read as a title they were too short to be checked at all)
        return _claim(parsed, year, title, None)
    return _claim(parsed, year, journal, title, journal_run=run)


def _a_short_name(text: str) -> bool:
    """`Arch Dermatol`, `Carcinogenesis`, `Mutation Research`, `Pharmacology & Toxicology`,
    `Sports (Basel)`: no sentence, one or two capitalised words (joined by a connector, a
    place in brackets after them), and not what kind of paper it is (`Review`, `Case Report`,
    `Clinical Trial`)."""
    words = _PLACE_AFTER.sub("", text.strip()).rstrip(".").split()
    named = [w for w in words if w.lower() not in _CONNECTORS]
    return (
        0 < len(named) <= 2
        and len(words) <= 3
        and words[-1] in named
        and all(w[0].isupper() and "." not in w[:-1] for w in named)
        and named[0].lower() not in _KINDS_OF_PAPER
        and not _NOT_JOURNAL.search(" ".join(words))
    )


def _short_form(text: str) -> Claim | None:
    """`Krystal et al., PNAS 2023`, `Hall & Eldabe, Br J Pain 2018` (link texts, notes).

    Authors, then a journal, then the year ending the text. The journal is only
    split off where the author list has visibly ended: after `et al.`, or at the
    first comma after the `&`/`and` that joins the last author (in an inverted
    list that comma is followed by initials, which a journal never is), or before a
    last piece that no name reads as (`Strekas, Kidney Int Suppl, 1976`, `Hall N, Br J
    Pain, 2018`: see `_last_piece_journal`). A journal may end in its place (`Nurs Manag
    (Harrow)`). Without those two, such notes claimed their year alone, or their journal
    as a second author: any first author and journal passed.
    """
    m = _SHORT_END.search(text, max(0, len(text) - 16))
    if m is None:
        return None
    end = m.start()
    while end and (text[end - 1] == "," or text[end - 1].isspace()):
        end -= 1
    if end in (0, m.start()):
        return None  # nothing before the year, or no separator between
    head = text[:end]
    for cut in _short_cuts(head):
        authors, journal = head[:cut].strip(" ,"), head[cut:].strip(" ,.")
        if not _journal_like(_PLACE_AFTER.sub("", journal) or journal):
            continue
        parsed = _names_ok(authors)
        if parsed:
            return _claim(parsed, int(m.group(1)), journal, None)
    return None


def _short_cuts(head: str) -> list[int]:
    cuts = [m.end() for m in _ET_AL_CUT.finditer(head)]
    amp = _LAST_AUTHOR.search(head)
    if amp is not None:
        cuts.append(amp.end())
    if not cuts and (last := _last_piece_journal(head)) is not None:
        cuts.append(last)
    return cuts


def _last_piece_journal(head: str) -> int | None:
    """Where the last comma piece of `Names, Journal` starts, when it is a journal's name:
    two words or more that are no name (no surname with initials as PubMed writes it, `Eldabe
    S`, no particle that opens a surname, `De Vries`; `_journal_like` refuses initials), two
    of them words only journals' abbreviations have (`Int`, `Toxicol`), so a note
    naming two authors (`Hall N, Eldabe S, 2018`, `Smith, De Vries, 2019`) keeps them."""
    comma = head.rfind(",")
    if comma <= 0:
        return None
    piece = head[comma + 1 :].strip()
    words = _PLACE_AFTER.sub("", piece).split()
    if (
        len(words) < 2
        or words[0].lower() in PARTICLES
        or _pubmed_form(piece) is not None
        # two words ISO 4 abbreviates journals' words to (`Int`, `Suppl`): a name has at
        # most one such by chance (`Robert Hall`, `Hall` abbreviating `Hallmark`)
        or sum(_shortened_word(w) for w in words if w.lower() not in _CONNECTORS) < 2
    ):
        return None
    return comma + 1


def _journal_like(text: str) -> bool:
    """A short capitalised name, no sentence: `PNAS`, `Br J Pain`, `J. Immunol.`."""
    words = text.split()
    if not words or len(words) > 8 or not text[0].isupper() or _NOT_JOURNAL.search(text):
        return False
    if all(_INITIALS_ONLY.match(w) for w in words) and not (len(words) == 1 and len(text) >= 4):
        return False  # "S", "J. A.": initials of an inverted name
    # "Chronic phantom limb pain. Anesth Analg.": a title before the journal
    pieces = text.split(". ")
    if len(pieces) == 1:
        return True
    # `J. Am. Coll. Cardiol.`: every piece but the last one abbreviates a word or two; a
    # title of two words is not one (`A trial. Lancet`, a word in lower case) nor is what
    # comes before a journal's full name (`Methods Refocused. Methods of Information in
    # Medicine`): both were read as the journal, and the title left unchecked
    heads = pieces[:-1]
    if not all(len(p.split()) <= 2 and all(w[0].isupper() for w in p.split()) for p in heads):
        return False
    return _section_named(pieces[-1]) or all(_abbreviated(p) for p in heads)


def _section_named(piece: str) -> bool:
    """A journal's last section names a thing or two (`Processes & Impacts`, `Supplement`),
    connectors aside: `Environmental Science. Processes & Impacts` is one journal."""
    return len([w for w in piece.split() if w.lower() not in _CONNECTORS]) <= 2


def _abbreviated(piece: str) -> bool:
    """An abbreviated word (`Evid`, `J`) or an acronym (`MMWR`): a journal's name may go on
    at length after it (`Evid. Based Spine Care J.`, `MMWR. Morbidity and Mortality Weekly
    Report`), which no title does. Read as no journal, such a short form (`Smith et al.,
    Evid. Based Spine Care J., 2014`) claimed no author, and a wrong one verified. A word
    of five letters may be a title (`Reply. ACR Open Rheumatology`, PMID 35726897)."""
    return piece.isalpha() and (len(piece) <= 4 or piece.isupper())


def _claim(
    parsed: tuple[tuple[str, ...], tuple[PersonName, ...], bool],
    year: int | None,
    journal: str | None,
    title: str | None,
    *,
    journal_run: str | None = None,
) -> Claim:
    written, names, et_al = parsed
    return Claim(
        authors=written,
        author_names=names,
        et_al=et_al,
        year=year,
        journal=journal or None,
        title=title or None,
        journal_run=journal_run if journal else None,
    )


def _year_after(rest: str, title: str | None) -> int | None:
    """The year of `Title. Journal ... year` from what follows the title: a year in the
    title (`Pandemics in 1918 and 2020`, `... Kids Act of 2010`) is not the citation's
    (MLA and Chicago put the year after the journal, where the title's came first)."""
    at = rest.find(title) if title else -1
    if at >= 0:
        year = _year_in(rest[at + len(title or "") :])
        if year is not None:
            return year
    return _year_in(rest)


def _blank(pattern: re.Pattern[str], text: str) -> str:
    """`text` with what `pattern` matches blanked out, every offset kept."""
    return pattern.sub(lambda m: " " * len(m.group()), text)


def _year_in(text: str) -> int | None:
    """The citation's year: the date part (`2016 Jan;40`) before a year in brackets,
    which may belong to the journal's title (`International journal of obesity (2005)`,
    `Nursing management (Harrow, London, England : 1994)`). Such a bracket, a place
    and a year, is the journal's and never the citation's (MLA: `Journal of Magnetic
    Resonance (San Diego, Calif. : 1997), vol. 153, no. 1, 2001`)."""
    text = _blank(_PAGES_AFTER_VOLUME, _blank(_JOURNAL_PLACE_YEAR, text))
    m = _outside_journal_names(_blank(_LABELLED_NUMBER, text), _date_year)
    m = m or _outside_journal_names(text, _date_year)  # `vol. 2019` with no other year
    return int(m.group(1)) if m else None


def _date_year(text: str) -> re.Match[str] | None:
    """The year of a date part (`2016 Jan;40`, `2016:`, `(2016)`) before any other: a
    title's or a note's year comes first more often than the citation's own."""
    return _DATE_YEAR.search(text) or _SIGNATURE_YEAR.search(text) or _ANY_YEAR.search(text)


def _date_in_line(text: str) -> re.Match[str] | None:
    """The date of a `Journal (date)` line (Manubot's `Nature (2015-05-27)`): the
    bracketed date, which ends the journal's name."""
    return _PAREN_YEAR.search(text) or _ANY_YEAR.search(text)


def _outside_journal_names(
    text: str, find: Callable[[str], re.Match[str] | None]
) -> re.Match[str] | None:
    """`find` the date in `text` with the journals' bracketed years (`_JOURNAL_YEAR`)
    blanked out, else in `text` as it is: `Int J Obes (2005)` with no other year."""
    return find(_blank(_JOURNAL_YEAR, text)) or find(text)


def _author_end_candidates(text: str, initials_first: re.Match[str] | None) -> list[int]:
    """Where the author part may end: the likeliest first, then every other `. `.
    `initials_first`: the entry's `_INITIALS_FIRST_LIST` match, if any."""
    best = _names_before_quoted_title(text)
    if best is None:
        best = initials_first.end() if initials_first else _authors_end(text)
        best = _with_given_names(text, best)
    others = [m.start() for i, m in enumerate(re.finditer(r"\.\s+", text)) if i < 8]
    colon = _NAMES_THEN_COLON.match(text)
    first = [e for e in (colon and colon.end(), _group_name_end(text), best) if e]
    return first + [e for e in others if e not in first]


# the end of a group's name closed by its acronym, or of any name, before a title that
# opens with a capital or a quote: `... Prevention (CDC) Multiple outbreaks ...` (ACS),
# `... Prevention (CDC) "Multiple outbreaks ..."` (MLA), `... Prevention (CDC), Multiple
# outbreaks ..., MMWR Morb. Mortal. Wkly. Rep. 55 (2006) 8-11.` (Elsevier)
_GROUP_NAME_END = re.compile(r"\s" + GROUP_ACRONYM + r"(?=,?\s+[\"“]?[A-Z])|(?=\s+[\"“][A-Z])")


def _group_name_end(text: str) -> int | None:
    """End of the author part where it is one group's name that no period closes: ACS and
    MLA write a group author as it is, its title right after it (`Centers for Disease
    Control and Prevention (CDC) Multiple outbreaks ...--Massachusetts, 2003-2004. MMWR
    Morb. Mortal. Wkly. Rep. 2006, 55, 8-11.`). Cut at a period, the names ran into the
    title and read as none; the entry claimed the title's year, 2003 (PubMed's is 2006): a
    false alarm. Tried before the likeliest end, the first period: there `National
    Toxicology Program "NTP Toxicology and Carcinogenesis Studies of ... (CAS No. 78-42-2)
    ..."` (MLA, PMID 12748680) read the title's words as a second group. An acronym ends
    only a group's name with a group word that titles do not use (`Centers`, not `Study`:
    `Global Burden of Disease Study (GBD) Results Tool` may be a title), and where the name
    does not go on past it (see `_acronym_inside_name`)."""
    m = _GROUP_NAME_END.search(text, 0, 300)
    name = text[: m.end()] if m is not None else ""
    if m is None or not _capitalised_name(name):
        return None
    if m.group() and (not is_long_group_name(name) or _acronym_inside_name(text, m.end())):
        return None
    parsed = _names_ok(name)
    if parsed is None or len(parsed[1]) != 1 or not parsed[1][0].collective:
        return None
    return m.end()


def _acronym_inside_name(text: str, end: int) -> bool:
    """The group's name goes on after its acronym, to the sentence's end: `Systolic Blood
    Pressure Intervention Trial (SPRINT) Research Group.`"""
    stop = _SENTENCE_END.search(text, end)
    return ends_in_group_word(text[end : stop.start() if stop else len(text)])


def _capitalised_name(text: str) -> bool:
    """A group's name: capitalised words, connectors and its acronym in brackets, no label
    (`authors: "Xian Y, Chiong W." title: "..."`, a page's data read as a group `authors:`
    before a quoted title)."""
    return ":" not in text and all(
        w.lstrip("(")[:1].isupper() or w in _CONNECTORS for w in text.split()
    )


def _with_given_names(text: str, best: int | None) -> int | None:
    """`best`, or the end of a list of names with their given names in full when that
    reaches further. Read at their first period, `John H. Krystal, Alfred P. Kaye.` gave
    the author `John H` (an error on a right citation) and Chicago's `Krystal, John H.,
    Alfred P. Kaye, and Sarah Jefferson.` the author `Alfred P`. A title in capitals can
    look like such names (`Smith J. Brain Imaging and Human Behaviour. Nature. 2020`,
    `Sunstein, C. R. Nudging Smokers. N. Engl. J. Med.`): the list is kept unless the
    shorter reading leaves more of a title and a journal after it. One name alone
    (`Marc A. Silva. Review of ...`) reads as well as Vancouver's one author and a title
    that opens with a word (`Couzin J. Genetics. DNA test ...`, PMID 18927361): it must
    leave more than the shorter reading."""
    m = _GIVEN_NAMES_LIST.match(text)
    if m is None or (best is not None and m.end() <= best + 1):  # +1: its period
        return best
    if best is None:
        return m.end()
    longer, shorter = _title_journal_after(text, m.end()), _title_journal_after(text, best)
    # the comma after a surname of one word parts no two people (`Flum, D. R. Clinical
    # Practice. Acute appendicitis ...`, Nature's style, is one name and a title; `Ivan
    # Rusyn, J. Christopher Corton` two)
    first, _, rest = m.group().partition(", ")
    alone = _LIST_SEPARATOR.search(rest if " " not in first else m.group()) is None
    return m.end() if longer > shorter or (longer == shorter and not alone) else best


def _title_journal_after(text: str, end: int) -> int:
    """How many of a title and a journal the text after `end` holds."""
    title, journal, _ = _title_journal(text[end:].lstrip(" .,"))
    return (title is not None) + (journal is not None)


def _all_given_names(text: str) -> bool:
    """`text` is one list of names with given names in full (see `_GIVEN_NAMES_LIST`)."""
    m = _GIVEN_NAMES_LIST.match(text)
    return m is not None and not text[m.end() :].strip(" .")


def _names_before_quoted_title(text: str) -> int | None:
    """End of the names in `Names, "Title," Journal ...` (IEEE, Science), where only names
    and their initials come before the comma and the quoted title: a one-word name
    (`M. Z. Abdin and Mahmooduzzafar, "..."`) or given names in full (`Guy Soo Hoo and
    William B. Klaustermeyer, "..."`) end no initials-first list, which stopped before
    them and read the rest as the title."""
    m = _QUOTED_AFTER_NAMES.search(text)
    if m is None or m.start() > 3000:
        return None
    head = text[: m.start()]
    for dot in re.finditer(r"\.\s", head):
        if not _INITIAL.search(head[: dot.start() + 1]):
            return None  # a sentence's end (`Smith J. Title with, "a quotation"`)
    return m.start() if _names_ok(head) else None


def _authors_end(text: str) -> int | None:
    """End of the author part of `Authors. Title. ...` (Vancouver, Nature)."""
    for m in re.finditer(r"\.\s+", text):
        before = text[: m.start()].rsplit(" ", 1)[-1].rsplit(",", 1)[-1]
        after = text[m.end() : m.end() + 60]
        if before.lower() in ("al", "etal"):
            return m.start() + 1
        is_initial = len(before.rstrip(".")) <= 2 and before[:1].isupper()
        if is_initial and (_AUTHOR_NEXT.match(after) or _ET_AL_NEXT.match(after)):
            continue
        if m.start() > 3000:
            return None
        return m.start()
    return None


def _title_journal(
    rest: str, *, after_comma: bool = False
) -> tuple[str | None, str | None, str | None]:
    """`Title. Journal. 2008;...` or `Title. Journal, 106(4)` -> (title, journal, run).

    The title ends at the first sentence end after which a journal stands: a name
    followed by the date, volume, a bracket or nothing. A title may hold sentences
    of its own (`Why ...? A mixed-methods analysis.`, `... derivative. III.
    Comparison of ...`): taken for the journal, the second one was a false alarm.
    Not every `. ` is a sentence end: an abbreviation (`U.S.`, `e.g.`, `vs.`, `Dr.`)
    never is. When no journal stands so, the first sentence end that is not a single
    capital (`vitamin D.`) or a one-word section label (Science's `Genetics. DNA
    test ...`) ends the title, as before.

    `run`, when the title was taken to hold several sentences: the text from its first
    sentence end to the journal's end, which the comparison accepts when it is the
    record's journal (`Environmental science. Processes & impacts`: PubMed's own name,
    whose sections read like sentences).

    `after_comma`: a comma, not a period, ended the names, as in Elsevier's style, whose
    title ends at a comma too (see _elsevier_title_journal).
    """
    rest = rest.strip()
    if not rest:
        return None, None, None
    gost = rest.find(" // ")
    if gost > 0 and _GOST_SOURCE.match(rest, gost + 4):
        # GOST's source after the title, its names left out (`Title. // Journal. – 2008.`)
        journal = _journal_at(rest[gost + 4 :].lstrip())[0]
        return _strip_title(rest[:gost].rstrip(" ./")), journal, None
    elsevier = _elsevier_title_journal(rest) if after_comma else None
    if elsevier is not None:  # `Title, J. Abbr. 120 (2023) e1.`; `GenBank, Nucleic Acids Res`
        return elsevier  # is a title and a journal, not one name
    digit = _FIRST_DIGIT.search(rest)
    journal, end = (None, 0)
    if digit is not None and ". " not in rest[: digit.start()]:  # else a title comes first
        journal, end = _journal_at(rest)
    if (
        journal
        and ". " not in rest[:end]
        and _journal_section(journal)
        and journal.split()[-1].lower() not in _CONNECTORS
        and _VOLUME_ISSUE.match(rest[end:].lstrip(" .,;:"))
    ):
        return None, journal, None  # no title: `(April 2008) Anesthesia & Analgesia, 106(4).`
    quoted = _QUOTED_TITLE.match(rest)
    if quoted:  # Harvard: `'Title', Journal, 12(3), pp. 4-5.`
        journal = _journal_at(rest[quoted.end() :].lstrip(" ,.:;"))[0]
        title = next(t for t in quoted.group("a", "b", "c", "d") if t is not None)
        return _strip_title(title), journal, None
    # a sentence end inside square brackets is not the title's: a corrigendum's title cites
    # the corrected paper (`... [Biochim. Biophys. Acta, Mol. Cell Res. vol. 1868 ...]`)
    ends = _outside_square_brackets(rest, _SENTENCE_END.finditer(rest))
    if not ends:
        return _strip_title(rest), None, None
    first: tuple[re.Match[str], str | None] | None = None
    for m in ends[:40]:
        kind = _abbreviation_kind(rest, m.start())
        if kind == "abbreviation":
            continue
        after_end = rest[m.end() :]
        journal, end = _journal_at(after_end.strip())
        after = after_end.strip()[end:].lstrip(" .,;:")
        if journal and (not after or _DATE_OR_VOLUME.match(after) or _MONTH.match(after)):
            title_end, journal = _with_journal_sections(rest, m, journal, ends)
            run = None
            if first is not None and first[0].start() < title_end.start():
                journal_end = m.end() + len(after_end) - len(after_end.lstrip()) + end
                run = rest[first[0].end() : journal_end].strip(" .") or None
            return _title_upto(rest, title_end), journal, run
        if first is None and kind != "initial" and " " in rest[: m.start()].strip():
            first = (m, journal)
    if first is not None:
        return _title_upto(rest, first[0]), first[1], None
    m = ends[0]
    return _title_upto(rest, m), _journal_at(rest[m.end() :].strip())[0], None


def _elsevier_title_journal(rest: str) -> tuple[str | None, str | None, str | None] | None:
    """`Title, Journal 120 (2023) e1.` (Elsevier) -> (title, journal, run), else None.

    Only a comma parts the title from the journal, and a dotted journal reads as
    sentences (`Ketamine and depression, Proc. Natl. Acad. Sci. U.S.A.` gave the title
    "..., Proc"): the journal is what follows the last comma before the volume (see
    _journal_comma), so a title keeps its own commas. None where no name follows that
    comma (`Ketamine, pain and depression. J. Pain 12 (2011)`: the title ends at its
    period, which the sentence rules find)."""
    end = _ELSEVIER_END.search(rest)
    cut = None if end is None else _journal_comma(head := rest[: end.start()])
    if cut is None:
        return None
    start = _run_start(head, cut)
    run = head[start + 1 :].strip() if start != cut else None
    journal = " ".join(w.rstrip(".") for w in head[cut + 1 :].split())
    return _strip_title(head[:cut]), journal, run


def _journal_comma(head: str) -> int | None:
    """The comma in `head` (`Title, Journal`) after which the journal starts: the last one,
    unless the journal's name holds commas itself: in a subtitle after a spaced colon
    (PubMed's `Europace : European pacing, arrhythmias, ...`), or in a list closed by a
    connector (`Bioscience, Biotechnology, and Biochemistry`, the list's short names
    before it included), or before its section (`Journal of Toxicology and Environmental
    Health, Part A`, `J. Toxicol. Environ. Health, Part A`: `Part A` alone was a journal
    error on a right citation). None where no journal's name follows a comma."""
    commas = _top_level_commas(head)
    colon = head.find(" : ")
    subtitled = [c for c in commas if c < colon]
    if subtitled and _printed_journal(head[subtitled[-1] + 1 :]):
        return subtitled[-1]
    section = bool(commas) and _SECTION_LABEL.match(head[commas[-1] + 1 :].strip()) is not None
    for i, comma in enumerate(reversed(commas[: len(commas) - section])):
        name = head[comma + 1 :].strip()
        if _printed_journal(name) and not (i and ". " in name):
            return _run_start(head, comma) if i else comma
        if name.split(" ", 1)[0] not in _CONNECTORS:
            return None
    return None


def _top_level_commas(text: str) -> list[int]:
    """Where `text` has a comma and a space outside brackets (`Microbiology (Reading,
    Engl.)` is one name; `[Title, translated]` is the title's)."""
    depth, out = 0, list[int]()
    for i, c in enumerate(text):
        depth += (c in "([") - (c in ")]")
        if c == "," and depth <= 0 and text[i + 1 : i + 2] == " ":
            out.append(i)
    return out


def _printed_journal(name: str) -> bool:
    """A journal's name as pages print it: the ISO abbreviation with periods (`Proc. Natl.
    Acad. Sci. U.S.A.`, `Sleep Breath.`), or the name in full (`Journal of Pain`,
    PubMed's `Journal of pain research`, its sections `Environmental science. Processes &
    impacts` and subtitle `Academic medicine : journal of ...`), a place in brackets
    after any of them: each section capitalised, no sentence's punctuation. A period
    before a word in lower case ends a sentence of the title (`..., pain and depression.
    J. Pain`)."""
    main = _PLACE_AT_END.sub("", name.strip())
    if not main or len(main.split()) > 40 or _NOT_IN_A_JOURNAL.search(main.replace(" : ", " ")):
        return False
    # `eLife`, `PLoS ONE`, `U.S.A.`: a capital in each section's first word
    firsts = [part.split()[0] for part in re.split(r"\.\s+", main) if part.strip()]
    return all(any(c.isupper() for c in word) for word in firsts)


def _run_start(head: str, cut: int) -> int:
    """Where the journal after the comma at `cut` may start: at an earlier comma when the
    short capitalised pieces between may be its own (`Adolescent Health, Medicine and
    Therapeutics`, read as the title's end and the journal); the comparison accepts that
    run when it is the record's journal. A piece that opens with a connector (`and
    Happiness`) closes a list of the title's, and one with a colon is a title's; the
    title keeps its first piece."""
    start = cut
    for comma in reversed([c for c in _top_level_commas(head) if c < cut]):
        piece = head[comma + 1 : start]
        words = piece.split() or [""]
        if len(words) > 4 or words[0] in _CONNECTORS or _NOT_IN_A_JOURNAL.search(piece):
            break  # `Ethiopia: Exploratory Study, Adolescent Health, ...`: the title's
        if not _journal_section(piece):
            break
        start = comma
    return start


def _outside_square_brackets(text: str, matches: Iterable[re.Match[str]]) -> list[re.Match[str]]:
    """The matches not inside square brackets (more `[` than `]` before them), counted in
    one pass: counting from the start for each match made a long entry quadratic (100 KB
    of sentences: 3 s)."""
    out: list[re.Match[str]] = []
    opened = closed = last = 0
    for m in matches:
        opened += text.count("[", last, m.start())
        closed += text.count("]", last, m.start())
        last = m.start()
        if opened <= closed:
            out.append(m)
    return out


def _with_journal_sections(
    rest: str, m: re.Match[str], journal: str, ends: list[re.Match[str]]
) -> tuple[re.Match[str], str]:
    """(where the title ends, journal) when the title would end at `m`, unless the
    sentences just before `m` are the first sections of the journal's name: `Journal of
    Toxicology and Environmental Health. Part A`, `Environmental Science. Processes &
    Impacts` (short, every main word capitalised, which a sentence-case title is not, or
    before a section label: `Kidney international. Supplement`). The title keeps its
    first sentence; a question or an exclamation is never a section."""
    if rest[m.start()] != ".":
        return m, journal
    i = ends.index(m)
    while i > 0 and ends[i - 1].start() > 0 and rest[ends[i].start()] == ".":
        prev = ends[i - 1]
        section = rest[prev.end() : ends[i].start()].strip()
        if _abbreviation_kind(rest, prev.start()):
            break
        if section[-1:] in '?!"”':  # `... Runners. Back to the Old Days?. Front Physiol`:
            break  # no journal's section is a question (nor ends a quotation)
        if not (_journal_section(section) or _SECTION_LABEL.match(journal)):
            break
        if len(journal.split()) + len(section.split()) > 14 or not _title_upto(rest, prev):
            break
        journal = f"{section}. {journal}"
        i -= 1
    return ends[i], journal


def _journal_section(text: str) -> bool:
    words = re.findall(r"[^\W\d_][\w'-]*", text)
    main = [w for w in words if w.lower() not in _CONNECTORS]
    return 0 < len(words) <= 8 and bool(main) and all(w[0].isupper() for w in main)


def _title_upto(rest: str, m: re.Match[str]) -> str | None:
    return _strip_title(rest[: m.end()] if rest[m.start()] in "?!" else rest[: m.start()])


def _abbreviation_kind(text: str, dot: int) -> str | None:
    """What the `.` at `dot` ends: "abbreviation" (`U.S.`, `e.g.`, `vs.`), "initial"
    (a single capital: `vitamin D.`, `J.`) or None (a word: a sentence end)."""
    if text[dot] != ".":
        return None
    window = text[max(0, dot - 12) : dot + 1]
    if _ABBREVIATION.search(window):
        return "abbreviation"
    if _INITIAL.search(window):
        return "initial"
    return None


def _unquote(text: str) -> str:
    """`text` without the quotes around it, or without an unpaired quote at an end; a
    quotation that opens it keeps both its quotes (`"I care ... at night": A ...`)."""
    t = text.strip()
    while len(t) > 1:
        opens, closes = t[0] in '"“”', t[-1] in '"“”'
        if opens and closes:
            t = t[1:-1].strip()
        elif (opens or closes) and sum(t.count(q) for q in '"“”') % 2:
            t = (t[1:] if opens else t[:-1]).strip()
        else:
            break
    return t


def _strip_title(title: str) -> str | None:
    t = _unquote(title)
    t = _unquote(t.rstrip(","))  # Science: `"The London Patient," AIDS Res ...`
    t = t[:-1] if t.endswith(".") else t
    t = _TITLE_NOTE.sub("", t).rstrip(" .")
    return t if len(t) >= 3 and any(c.isalpha() for c in t) else None


class _Words:
    """The words of `text` from `pos`, split only as far as they are asked for: a journal's
    name is read from a sentence end at a time, up to 40 of them, and splitting the whole
    rest of the entry each time made a long entry quadratic (34 KB of dotted abbreviations:
    2 s). Offsets are relative to `pos`."""

    def __init__(self, text: str, pos: int) -> None:
        self._pos = pos
        self._matches = _NON_SPACE.finditer(text, pos)
        self._words: list[tuple[str, int, int]] = []

    def at(self, i: int) -> tuple[str, int, int] | None:
        while len(self._words) <= i:
            m = next(self._matches, None)
            if m is None:
                return None
            self._words.append((m.group(), m.start() - self._pos, m.end() - self._pos))
        return self._words[i]

    def word(self, i: int) -> str:
        found = self.at(i)
        return found[0] if found else ""


def _journal_at(text: str) -> tuple[str | None, int]:
    """Journal name at the start of text, up to its year, volume or punctuation.

    Returns the name and where it ends in `text`. A comma or a spaced ` : ` goes on
    when a word follows (`Adolescent Health, Medicine & Therapeutics`, `... and
    oncology : official organ of ...`), not a number (`Journal, 106(4)`); a run of
    dotted abbreviations goes on (`Arch. Biochem. Biophys.`).
    """
    prefix = re.match(r"In:\s*", text)
    pos = prefix.end() if prefix else 0
    toks = _Words(text, pos)
    out: list[str] = []
    end = pos
    dotted = True  # every word so far ended with "." (but perhaps the first)
    bridged = False  # the word before is an undotted one inside a dotted run
    for i in count():
        if (current := toks.at(i)) is None:
            break
        if len(" ".join(out)) > _MAX_JOURNAL:
            return None, end  # longer than any journal's name, and it only grows
        tok, tok_start, tok_end = current
        if out and (place := _PLACE.match(text, pos + tok_start)):
            out.append(place.group())  # `Sports (Basel)`, `Drugs (Abingdon Engl)`
            end = place.end()
            break
        if tok[0].isdigit() or tok[0] in "(;[":
            break
        bracket = tok.find("(")
        if bracket > 0:  # "Sciences(93), 1-25": the issue glued to the name ends it
            if word := tok[:bracket].rstrip(".,;:"):
                out.append(word)
            end = pos + tok_start + bracket
            break
        nxt = toks.word(i + 1)
        word = tok.rstrip(".,;:")
        if word:
            out.append(word)
        end = pos + tok_end
        if tok == ":":
            if not nxt[:1].isalpha() or not out:
                break
            out.append(":")
            continue
        if tok[-1] in ",":
            # "Bioscience, Biotechnology, & Biochemistry" goes on; "Journal, 106(4)" ends
            if (
                (nxt[:1].isalpha() or nxt == "&")
                and nxt.lower().rstrip(".") not in _VOLUME_WORDS
                and nxt not in _ABNT_VOLUME_WORDS
            ):
                out[-1] += ","
                dotted = False
                continue
            break
        if tok[-1] == ":" and word and _section_after_colon(toks, i + 1):
            out[-1] += ":"  # `Circulation: Heart Failure`, `JACC: Cardiovascular Interventions`
            continue
        if tok[-1] in ";:?!":
            break  # no journal's name holds a question ("Back to the Old Days? Front Physiol")
        if tok.endswith("."):
            bridged = False
            if word[:1].islower():
                break  # "Trapped lung. N Engl J Med": a sentence of the title, then the journal
            # "J. Immunol." / "PeerJ. Computer Science": short abbreviations go on
            run_on = (
                dotted
                and word[:1].isupper()
                and nxt[:1].isupper()
                and nxt.rstrip(".").lower() not in _NOT_YET  # `Gerontology. Accepted.`
            )
            # IEEE's comma after the name (`J. Pediatr. Surg., vol. 40`): a dotted word still
            nxt_word = nxt.rstrip(",")
            if run_on and not nxt_word.endswith("."):
                # `Biochim. Biophys. Acta 446, 179`: an undotted last word, then the volume;
                # `Environ. Health Perspect. 60`, `J. Korean Gerontol. Nurs.`: an undotted
                # word inside the dotted run, which goes on dotted after it
                after_next = toks.word(i + 2)
                bridged = _DOTTED_WORD.fullmatch(after_next.rstrip(",")) is not None
                # IEEE's labelled volume after the comma (`Int. J. Cardiovasc. Imaging, vol.
                # 38`) says as much as a number does
                labelled = nxt.endswith(",") and after_next.lower().rstrip(".") in _VOLUME_WORDS
                run_on = nxt_word.isalpha() and (
                    (len(word) <= 9 and after_next[:1].isdigit())
                    or (len(word) <= 12 and labelled)
                    or (len(word) <= 10 and bridged)
                )
            if not run_on and (len(word) > 5 or (len(out) > 1 and len(word) > 4)):
                break
            if not nxt or not nxt[0].isupper():
                break
        else:
            # one undotted word may open a dotted run: `Lancet Infect. Dis.`, `JAMA Intern.
            # Med.`, `MMWR Morb. Mortal. Wkly. Rep.` (Wikipedia's dotted ISO names)
            dotted = len(out) == 1 or bridged
            bridged = False
    journal = " ".join(out).strip()
    if not journal or len(journal) > _MAX_JOURNAL or not journal[0].isupper():
        return None, end
    return journal, end


# a place in brackets after a journal's name, which NLM adds to tell apart journals of one
# name (`Drugs (Abingdon Engl)` is not `Drugs`), before the year, the volume or the end:
# dropped, `Drugs (Auckland)` verified for a paper in "Drugs (Abingdon, England)"
_PLACE = re.compile(r"\([A-Z][^\W\d_]*\.?(?:,?\s[A-Z][^\W\d_]*\.?){0,3}\)(?=[.,;:]?(?:\s+\d|\s*$))")


def _section_after_colon(toks: _Words, start: int) -> bool:
    """The words of `toks` from `start` name a journal's section after its colon, up to
    the period or comma that ends them or the number after them (`Circulation: Heart
    Failure. 2019;12`, `JACC: Cardiovascular Interventions, 12(3)`): a few words, each
    capitalised but the joining ones, and no date (`Lancet: March 2019`). Cut at the colon,
    `Circulation: Heart Failure` was read as `Circulation`, and a paper in Circulation so
    cited verified. The colon ends the name otherwise: before a date or a volume, a
    sentence (`Anesthesia & Analgesia: Randomized trial: ketamine ...`, `...: Meta-analysis
    of 12 trials`) and a page's data labels (`details: "Epilepsy & Behavior. 2024;
    153:109707." year: 2024 image-alt: "a ... man in profile. The man has long, ...`, on
    a real page, whose journal ran on through its labels where any word went on)."""
    words: list[str] = []
    for i in range(start, start + 9):
        tok = toks.word(i)
        if not tok or tok[0].isdigit() or tok[0] in "([":
            break
        if tok[-1] in ";:?!":
            return False
        words.append(tok.rstrip(".,"))
        if tok[-1] in ".,":
            break
    return _section_name(words)


def _section_name(words: list[str]) -> bool:
    """`words` may be a section's name after its journal's colon: a few words, each
    capitalised but the joining ones, not ending on one, not opening with a date."""
    return (
        _journal_section(" ".join(words))
        and words[-1].lower() not in _CONNECTORS
        and _SEASON_OR_MONTH_WORD.match(words[0]) is None
    )


def _colon_before_section(journal: str) -> bool:
    """`Circulation: Heart Failure`: the one colon of `journal` is its section's, as
    `_journal_at` reads one (see _section_after_colon), not a `Label:`."""
    name, colon, section = journal.partition(": ")
    return (
        bool(colon and name and section)
        and ":" not in section + name
        and _section_name(section.split())
    )


_SEASON_OR_MONTH_WORD = re.compile(_SEASON_OR_MONTH + r"$")


def _journal_then_note(rest: str) -> str | None:
    """`Anesthesia & Analgesia Controlled study: ...` -> `Anesthesia & Analgesia`.

    The clinic's pages run the journal straight into a sentence-case note. The
    journal is the run of capitalised words (and connectors); the note starts at
    the last capitalised word before the first lower-case word.
    """
    toks = [t for t in rest.split(" ") if t]
    out: list[str] = []
    stopped_by_sentence = False
    for tok in toks:
        word = tok.rstrip(".,;:")
        if tok in ("—", "–", "-", "|") or tok[0].isdigit() or tok[0] in "([":
            break  # "... of Pain — review", "Anesth Analg 106(4)": the journal has ended
        if tok.endswith(":"):
            stopped_by_sentence = True
            break
        if word and (word[0].isupper() or word.lower() in _CONNECTORS):
            out.append(word)
            if tok[-1] in ".,;":
                break
            continue
        stopped_by_sentence = True
        break

    def drop_connectors() -> None:  # as written in lower case: "of", "the", "&"
        while out and out[-1].lower() in _CONNECTORS and not out[-1][0].isupper():
            out.pop()

    drop_connectors()  # "Review of the ..." -> the note starts before "of"
    if stopped_by_sentence and len(out) > 1 and out[-1][0].isupper():
        out.pop()  # the note's first word ("Controlled", "Review", or an article: "A")
    drop_connectors()
    journal = " ".join(out)
    return journal or None
