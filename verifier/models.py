"""The typed records that pass between the stages.

sources -> detect -> resolve -> compare -> store -> publish

Every stage takes and returns these; none of them knows about SQLite, HTTP or the terminal.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from verifier.http import FetchResult


class Status(str, enum.Enum):
    """The verdict on one detected post, stored as its value."""

    VERIFIED = "verified"  # the article shows the original's words
    TRUNCATED = "truncated"  # a faithful excerpt or prefix of the original
    ALTERED = "altered"  # the same post, with words changed, added or dropped
    MISMATCH = "mismatch"  # the post found is not what the article shows
    UNAVAILABLE = "unavailable"  # the original is known to be deleted, protected or suspended
    NOT_FOUND = "not_found"  # no original could be found
    PENDING = "pending"  # not resolved yet (offline, network error): a later run retries
    NEEDS_ORIGINAL = "needs_original"  # the embed shows no text; it must come from the original
    LINK = "link"  # a plain link to a post in prose: recorded, never verified as a quote
    # A quote in another language than the post's: most likely a translation of it, on shared
    # names, numbers, tags and rare words. Never `verified`: a word diff across languages
    # means nothing.
    TRANSLATED = "translated"


class EmbedKind(str, enum.Enum):
    EMBED = "embed"  # official or CMS embed markup
    REMNANT = "remnant"  # the signature an embed leaves in flattened text
    LINK = "link"  # a link to a post in prose
    INLINE = "inline"  # words quoted in the article's prose, tied to a platform by a cue
    SCREENSHOT = "screenshot"  # a picture of a post, read by OCR


class Outcome(str, enum.Enum):
    """What one attempt to get an original ended in."""

    AVAILABLE = "available"
    DELETED = "deleted"
    SUSPENDED = "suspended"
    PROTECTED = "protected"  # protected or login-gated: exists, not shown to us
    HIDDEN = "hidden"  # deleted or hidden from logged-out readers: we cannot tell which
    NOT_FOUND = "not_found"
    RATE_LIMITED = "rate_limited"
    FAILED = "failed"  # retryable: network error, 5xx, malformed answer
    OFFLINE = "offline"  # not attempted: the run was offline or has no fetcher

    @property
    def is_unavailable(self) -> bool:
        return self in (Outcome.DELETED, Outcome.SUSPENDED, Outcome.PROTECTED, Outcome.HIDDEN)

    @property
    def is_retryable(self) -> bool:
        return self in (Outcome.RATE_LIMITED, Outcome.FAILED, Outcome.OFFLINE)


@dataclass(frozen=True)
class ArticleRead:
    """Where, when and how an article's bytes were read: the evidence kept beside them."""

    kind: str  # "file", "fetch" or "warc"
    location: str  # the file's absolute path, the URL fetched, or "WARC-FILE#offset"
    at: datetime | None = None  # when read: now for a file or a fetch, the crawl for a WARC
    http_status: int | None = None
    http_headers: tuple[tuple[str, str], ...] = ()  # as kept by the client, or the WARC's
    warc_headers: tuple[tuple[str, str], ...] = ()  # the WARC record's own headers
    file_mtime: datetime | None = None
    content_type: str = ""


@dataclass(frozen=True)
class Article:
    """One article as read from a file, a folder entry or a URL."""

    source: str  # as the user gave it (path or URL)
    content: str  # decoded text: HTML or plain text
    is_html: bool
    url: str | None = None  # canonical or final URL, where known
    title: str | None = None
    published: str | None = None  # ISO 8601 day, or a partial one ("2023-03")
    language: str | None = None
    sha256: str = ""  # of the raw bytes
    encoding: str | None = None
    fetched_at: datetime | None = None
    http_status: int | None = None
    final_url: str | None = None
    # The raw bytes and how they were read, for the store to keep (by SHA-256) as evidence.
    raw: bytes = field(default=b"", repr=False, compare=False)
    read: ArticleRead | None = None


@dataclass(frozen=True)
class PostRef:
    """A post as a platform knows it: enough to find and name the original."""

    platform: str
    post_id: str | None
    url: str | None  # canonical form, one per post
    author_handle: str | None = None

    @property
    def key(self) -> str | None:
        """The identity of the post across articles: `platform:post_id`."""
        return f"{self.platform}:{self.post_id}" if self.post_id else None


@dataclass(frozen=True)
class Embed:
    """One post that an article embeds, quotes or links to, as the article shows it."""

    platform: str
    kind: EmbedKind
    position: int  # order in the article (character offset of the markup or remnant)
    post_id: str | None = None
    post_url: str | None = None
    author_handle: str | None = None
    author_name: str | None = None
    displayed_text: str | None = None  # None: no text-bearing markup; "": markup without text
    displayed_date: str | None = None  # exactly as shown
    displayed_day: date | None = None  # parsed from displayed_date, where it can be
    language: str | None = None
    markup: str = ""  # the pattern that carried it, e.g. "blockquote.twitter-tweet"
    location: str = "dom"  # dom, noscript, attribute:NAME, plain text, ...
    quoted_post_url: str | None = None  # a post quoted inside this embed (quote-tweet)
    # Remnants only: the generous block of text above the signature. The start of the quote in
    # it is a guess (`displayed_text`), refined by aligning against the original once found.
    context_text: str | None = None
    # Inline quotes only (`context_text` is then the sentence around the quote): the days the
    # post was most likely made (the article's date narrowed by "Friday", "hier", ...), and how
    # the speaker's handle was found ("@handle in the text", "embed in the article", ...).
    window_start: date | None = None
    window_end: date | None = None
    handle_from: str | None = None

    @property
    def ref(self) -> PostRef:
        return PostRef(self.platform, self.post_id, self.post_url, self.author_handle)


@dataclass(frozen=True)
class Original:
    """A post as its platform published it, from an import or a fetch."""

    platform: str
    post_id: str
    text: str  # repaired text (mojibake, entities)
    author_handle: str | None = None
    author_name: str | None = None
    created_at: datetime | None = None
    url: str | None = None
    language: str | None = None
    raw_text: str | None = None  # exactly as stored by the source, before any repair
    reply_to: str | None = None
    # Whether the post replies to another: None where the source does not say. Only a reply's
    # leading @mentions may be missing from what an embed shows.
    is_reply: bool | None = None
    display_start: int | None = None  # start of the shown range (a reply hides its @mentions)
    provenance: str = ""  # import file:line, or fetcher and URL
    outcome: Outcome = Outcome.AVAILABLE
    reason: str | None = None  # why unavailable, in the platform's words
    raw: str | None = None  # the raw record (JSON line, CSV row, response body)
    # False when the text comes only from a source known to cut or drop text (FxTwitter, an
    # oEmbed's html): the verdict then never says altered or truncated on its word alone.
    text_complete: bool = True
    edited_at: datetime | None = None  # when the text shown was last edited, if ever
    edit_ids: tuple[str, ...] = ()  # the platform's id of every version (X edit_tweet_ids)
    links: tuple[tuple[str, str], ...] = ()  # (link as written in the text, expanded URL)
    archived_at: datetime | None = None  # the text is a web archive's capture of that time
    # Every version of the text known, oldest first (edit history, earlier fetches).
    versions: tuple[PostVersion, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.platform}:{self.post_id}"


@dataclass(frozen=True)
class PostVersion:
    """One version of a post's text: edits are versions, never overwrites."""

    text: str
    posted_at: datetime | None = None  # when the platform says this version was published
    seen_at: datetime | None = None  # when we first saw it
    key: str = ""  # the archive's id of the version, once stored
    platform_id: str | None = None  # the platform's own id for it (an X edit id)


@dataclass(frozen=True)
class WordChange:
    """One step of a word-level difference: equal, delete (only in the original), insert."""

    op: str  # "equal" | "delete" | "insert" | "replace"
    original: str
    shown: str


@dataclass(frozen=True)
class Comparison:
    """What `compare_texts` says of a displayed text against an original text."""

    status: Status
    similarity: float  # in [0, 1]
    diff: tuple[WordChange, ...] = ()
    shown_span: tuple[int, int] | None = None  # where in the original the shown text sits
    note: str = ""


@dataclass(frozen=True)
class Verdict:
    """The recorded judgement on one embed."""

    status: Status
    post_key: str | None = None
    author_ok: bool | None = None
    date_ok: bool | None = None
    similarity: float | None = None
    diff: tuple[WordChange, ...] = ()
    searched: str = ""  # what was searched, for not_found and pending
    reason: str = ""
    displayed_text: str | None = None  # the text as compared (a remnant may be refined)
    post_version: str | None = None  # the archive's id of the version the article shows


@dataclass(frozen=True)
class Problem:
    """Bad input met on the way: reported, recorded, and the run goes on."""

    source: str  # the file, line or URL
    stage: str  # read, detect, import, fetch, judge, store
    message: str
    line: int | None = None
    # "error": the input (or part of it) was not read; "warning": read, but worth knowing
    # (e.g. a legacy encoding was guessed). Only errors make a run exit non-zero.
    severity: str = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


@dataclass
class RunSummary:
    articles: int = 0
    embeds: int = 0
    posts_imported: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    listed: int = 0  # articles the feeds and sitemaps named (new since `since`)
    skipped: int = 0  # articles read, but unchanged since a run that settled every verdict
    judged: list[str] = field(default_factory=list)  # the archive's ids of the embeds judged


# Fetching: what one attempt to get a post produced, for the resolver and the store.


@dataclass(frozen=True)
class Exchange:
    """One request made for a post, and the outcome its answer maps to."""

    fetcher: str  # e.g. "twitter.syndication", "wayback.cdx"
    result: FetchResult
    outcome: Outcome
    reason: str | None = None


@dataclass(frozen=True)
class Fetched:
    """Everything one attempt to get a post produced: the original in one explicit Outcome,
    and every exchange it took, in order, as evidence."""

    original: Original
    exchanges: tuple[Exchange, ...]
    text_from: int | None = None  # index of the exchange whose body holds the text
    # For each of original.versions, the exchange that reported it (None: not one alone).
    version_from: tuple[int | None, ...] = ()


@dataclass(frozen=True)
class Candidates:
    """Posts an author may have made around a day, found without their ids (a remnant shows
    none): nearest that day first, with every request the search made."""

    platform: str
    refs: tuple[PostRef, ...]
    exchanges: tuple[Exchange, ...]
    searched: str  # what was asked, in words, for a verdict that finds nothing
    outcome: Outcome = Outcome.AVAILABLE  # a retryable outcome: the search was cut short
    reason: str | None = None


# Resolving: the original the resolver found for an embed, or why there is none.

# Embeds show the date in the reader's local time zone: a post can show as a day either side.
DATE_SLACK = timedelta(days=1)


@dataclass(frozen=True)
class Unresolved:
    """No original: `status` is NOT_FOUND (searched and absent) or PENDING (a later run retries)."""

    status: Status
    searched: str
    reason: str


@dataclass(frozen=True)
class Resolution:
    original: Original | None
    unresolved: Unresolved | None = None
    fetched: bool = False  # came from the network in this run: the caller stores it
    matched_by: str = ""  # "id", "author and date", "author and date (web archive search)"
    evidence: Fetched | None = None  # every request of this run's fetch, for the store
    # A search by author and day: its requests, and the other posts it fetched (real posts of
    # that author, stored like any fetched original).
    search: Candidates | None = None
    others: tuple[Fetched, ...] = ()
