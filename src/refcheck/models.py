"""Frozen values passed between the pipeline's stages.

Every stage (extract, lookup, compare, report) speaks only these types, so a
stage can be tested alone and replaced without touching the others. Standard
library only: no stage's dependency leaks into another through the models.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    """The verdict on one citation (JSON contract, DESIGN.md section 4)."""

    VERIFIED = "verified"  # record obtained, compared, nothing at warning or above
    MISMATCH = "mismatch"  # record obtained, at least one warning or error finding
    NOT_FOUND = "not_found"  # NCBI answered properly and has no such PMID
    UNVERIFIED = "unverified"  # could not be checked; `reason` says why


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is worse; lets callers compare severities with `>=`."""
        return {"info": 0, "warning": 1, "error": 2}[self.value]


class Field(StrEnum):
    AUTHOR = "author"
    YEAR = "year"
    JOURNAL = "journal"
    TITLE = "title"
    PMID = "pmid"
    NOTICE = "notice"
    REFERENCE = "reference"


class PageKind(StrEnum):
    HTML = "html"
    MARKDOWN = "markdown"
    TEXT = "text"
    JATS = "jats"


# --------------------------------------------------------------------------- pages


@dataclass(frozen=True)
class Page:
    """A decoded document, ready for extraction. `source` is what the user named."""

    source: str
    text: str
    kind: PageKind
    url: str | None = None  # where the page lives on the web, if known (for report links)
    # a digest of the bytes `text` was decoded from and of the charset it was told
    # ("" when unknown): same digest, same text, so a re-check recognises the page
    # without encoding its text again
    digest: str = ""


@dataclass(frozen=True)
class PageError:
    """An input that could not be read; the run goes on without it."""

    source: str
    message: str  # one line, for people


# --------------------------------------------------------------------------- claims


@dataclass(frozen=True)
class PersonName:
    """A name as a page writes it or as PubMed holds it.

    `last_name` holds the whole surname with particles (`van der Berg`) or, for a
    group, the collective name. `initials` are capital letters without dots.
    """

    last_name: str
    initials: str = ""
    fore_name: str = ""
    suffix: str = ""
    collective: bool = False

    def display(self) -> str:
        if self.collective:
            return self.last_name
        parts = [self.last_name, self.initials, self.suffix]
        return " ".join(p for p in parts if p)


@dataclass(frozen=True)
class Claim:
    """What the page says about the cited work. Every part is optional."""

    authors: tuple[str, ...] = ()  # as written on the page, in order, e.g. ("Hall N", "Eldabe S")
    author_names: tuple[PersonName, ...] = ()  # the same, parsed where possible
    et_al: bool = False
    year: int | None = None
    journal: str | None = None
    title: str | None = None
    # Where a style runs the journal into a note with no punctuation between
    # (the clinic pages: "2008, Anesthesia & Analgesia Controlled study: ..."),
    # the whole run, so comparison can find PubMed's journal name at its start
    # when the split in `journal` guessed wrong.
    journal_run: str | None = None

    @property
    def first_author(self) -> PersonName | None:
        return self.author_names[0] if self.author_names else None


@dataclass(frozen=True)
class Citation:
    """One cited PMID with the reference entry it came from.

    A PMID cited twice on a page yields two Citations.
    """

    pmid: str
    claim: Claim
    label: str | None = None  # the entry's number or label in the reference list ("1", "12a")
    text: str = ""  # the reference entry's text, whitespace-normalised
    line: int | None = None  # 1-based line of the PMID in the page source, if known
    notation: str = ""  # how the PMID was written: "PMID 123", a URL, ...


@dataclass(frozen=True)
class Marker:
    """An in-text citation marker in the page body (`¹`, `[2]`, `[2-4]`)."""

    labels: tuple[str, ...]  # expanded: "[2-4]" -> ("2", "3", "4")
    text: str  # as written
    line: int | None = None


@dataclass(frozen=True)
class Extraction:
    """Everything extraction learns from one page."""

    citations: tuple[Citation, ...]
    markers: tuple[Marker, ...] = ()
    numbered: bool = False  # the reference list is numbered (so markers are expected)


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class CommentCorrection:
    """A CommentsCorrections link (RetractionIn, ErratumIn, UpdateIn, ...)."""

    ref_type: str
    pmid: str | None
    source: str = ""


@dataclass(frozen=True)
class PubMedRecord:
    """The facts refcheck compares against, parsed from efetch XML."""

    pmid: str
    title: str
    authors: tuple[PersonName, ...]
    journal_title: str = ""  # NLM catalog title ("Anesthesia and analgesia")
    iso_abbreviation: str = ""  # "Anesth Analg" (older records dotted)
    medline_ta: str = ""  # "Anesth Analg"
    pub_year: int | None = None  # print year (first year of a MedlineDate range)
    pub_year_end: int | None = None  # last year of a MedlineDate range, if a range
    epub_year: int | None = None  # ArticleDate[@DateType="Electronic"]
    pub_date: str = ""  # as PubMed writes it: "2008 Apr", "1998 Dec-1999 Jan"
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    publication_types: tuple[str, ...] = ()
    comments_corrections: tuple[CommentCorrection, ...] = ()
    vernacular_title: str = ""
    is_book: bool = False
    author_list_complete: bool = True

    @property
    def first_author(self) -> PersonName | None:
        return self.authors[0] if self.authors else None

    @property
    def journal_names(self) -> tuple[str, ...]:
        names = (self.journal_title, self.iso_abbreviation, self.medline_ta)
        return tuple(dict.fromkeys(n for n in names if n))

    def links(self, ref_type: str) -> tuple[CommentCorrection, ...]:
        return tuple(c for c in self.comments_corrections if c.ref_type == ref_type)


@dataclass(frozen=True)
class NotFound:
    """NCBI answered properly and holds no record for this PMID."""

    pmid: str


@dataclass(frozen=True)
class Unavailable:
    """The record could not be obtained; never cached."""

    pmid: str
    reason: str


LookupOutcome = PubMedRecord | NotFound | Unavailable


# --------------------------------------------------------------------------- verdicts


@dataclass(frozen=True)
class Finding:
    field: Field
    severity: Severity
    message: str
    claimed: object = None
    actual: object = None
    suggestion: str | None = None  # e.g. the PMID the page most likely meant
    waived: bool = False  # an editor reviewed it and waived it (waivers file)
    waiver_reason: str | None = None
    new: bool | None = None  # new since the previous run (None: no history to compare)


@dataclass(frozen=True)
class CitationResult:
    citation: Citation
    status: Status
    findings: tuple[Finding, ...] = ()
    record: PubMedRecord | None = None
    reason: str | None = None  # why it is unverified / not found


@dataclass(frozen=True)
class PageResult:
    source: str
    citations: tuple[CitationResult, ...] = ()
    findings: tuple[Finding, ...] = ()  # page-level (markers without references, ...)
    error: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Summary:
    pages: int
    citations: int
    verified: int
    mismatch: int
    not_found: int
    unverified: int
    page_errors: int
    errors: int  # findings of severity error (not waived)
    warnings: int
    infos: int


@dataclass(frozen=True)
class RunResult:
    pages: tuple[PageResult, ...]
    stats: dict[str, int] = field(default_factory=dict)  # requests sent, cache hits, ...

    def summary(self) -> Summary:
        cits = [c for p in self.pages for c in p.citations]
        findings = [f for p in self.pages for f in p.findings] + [
            f for c in cits for f in c.findings
        ]
        live = [f for f in findings if not f.waived]

        def count(status: Status) -> int:
            return sum(1 for c in cits if c.status is status)

        def sev(s: Severity) -> int:
            return sum(1 for f in live if f.severity is s)

        return Summary(
            pages=len(self.pages),
            citations=len(cits),
            verified=count(Status.VERIFIED),
            mismatch=count(Status.MISMATCH),
            not_found=count(Status.NOT_FOUND),
            unverified=count(Status.UNVERIFIED),
            page_errors=sum(1 for p in self.pages if p.error),
            errors=sev(Severity.ERROR),
            warnings=sev(Severity.WARNING),
            infos=sev(Severity.INFO),
        )
