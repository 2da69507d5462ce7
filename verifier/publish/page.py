"""One verdict as a page: what the template shows, built from the archive's rows.

A pure function of rows, so that what a fact-checker reads can be tested without a server.
Every string from an article or a platform stays a plain `str` (the template escapes it) or is
turned into HTML by `verifier.publish.render`, which escapes it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from markupsafe import Markup

from verifier.models import EmbedKind, Status
from verifier.publish.labels import GONE_HELP, GONE_LABELS, STATUS_HELP, STATUS_LABELS
from verifier.publish.render import (
    check_mark,
    is_gone,
    link,
    parse_diff,
    pretty_json,
    side_by_side,
    status_badge,
)

Row = Mapping[str, Any]


@dataclass(frozen=True)
class Side:
    """One column of the side-by-side view."""

    heading: str
    by: str  # "Name (@handle)", as this side gives it
    date: str
    text: Markup  # escaped, with the words the other side lacks marked
    hidden: str = ""  # the start of the original its platform does not show (a reply's @mentions)


@dataclass(frozen=True)
class Picture:
    """A screenshot the verdict is about, shown beside the original, with its evidence."""

    src: str  # a data: URI of the picture's own bytes
    sha256: str
    size: str  # "31 KB, 600 x 261 px"
    found: str  # the path or URL, and the page or WARC it came with
    read: str  # "rapidocr, least confident line 0.96"


_PICTURE_TYPES = ("image/png", "image/jpeg", "image/webp")


def picture(row: Row | None) -> Picture | None:
    """The screenshot row (joined with its image) as the page shows it."""
    if not row or row.get("mime") not in _PICTURE_TYPES or not row.get("data"):
        return None
    import base64

    data = bytes(row["data"])
    found = str(row.get("source") or "")
    if row.get("found_in"):
        found += f" (in {row['found_in']})"
    confidence = row.get("text_confidence")
    read = str(row.get("engine") or "")
    if confidence is not None:
        read += f", least confident line {confidence:.2f}"
    return Picture(
        src=f"data:{row['mime']};base64,{base64.b64encode(data).decode()}",
        sha256=str(row.get("image_sha256") or ""),
        size=f"{len(data) / 1000:.0f} KB, {row.get('width')} x {row.get('height')} px",
        found=found,
        read=read,
    )


@dataclass(frozen=True)
class OtherQuote:
    article: str
    status: Markup | str
    href: str


@dataclass(frozen=True)
class VerdictPage:
    embed_id: str
    title: str
    status: Markup | str
    status_help: str
    article: Markup  # a link where the article has a web address
    article_source: str
    site: str
    published: str
    platform: str
    kind: str
    shown: Side
    original: Side
    marked: bool  # whether the texts carry the stored word-level difference
    author_ok: Markup | None
    date_ok: Markup | None
    similarity: str
    reason: str
    searched: str
    checked_at: str
    checked_label: str  # "Checked", or "Last tried" for a verdict still waiting
    post: Markup | None  # the post's address, a link if it is http(s)
    original_outcome: str
    provenance: Markup | None
    capture: Markup | None  # a web archive's capture of the post, where one was found
    payload: str | None  # the raw record or response, indented if it is JSON
    others: tuple[OtherQuote, ...]
    rows: tuple[tuple[str, str], ...]  # (label, href) of the archive's rows behind the page
    held: Markup | None = None  # the copy of the original the archive holds, as a link
    links: tuple[tuple[str, str], ...] = ()  # (label, href): the article's page, evidence, print
    screenshot: Picture | None = None  # the picture, where the post was shown as one


def _by(name: object, handle: object) -> str:
    name = name or ""
    handle = f"@{handle}" if handle else ""
    return f"{name} ({handle})" if name and handle else str(name or handle)


def _texts(quote: Row, original: Row | None) -> tuple[Markup, Markup, str, bool]:
    """Both texts, marked from the stored diff where there is one, else as they are."""
    diff = parse_diff(quote.get("diff"))
    if diff:
        excerpt = quote.get("status") == Status.TRUNCATED.value
        shown, marked = side_by_side(diff, excerpt=excerpt)
        return shown, marked, "", True
    shown_text = quote.get("shown_text") or quote.get("displayed_text") or ""
    if quote.get("kind") == EmbedKind.INLINE.value and quote.get("context_text"):
        # A quote in the prose (a translation, or one not found) reads in its sentence, which
        # names the speaker, the platform and the day.
        shown_text = str(quote["context_text"])
    text = quote.get("original_text") or ""
    start = (original or {}).get("display_start") or 0
    return Markup.escape(shown_text), Markup.escape(text[start:]), text[:start], False


def build_page(
    quote: Row,
    original: Row | None,
    others: Sequence[Row],
    *,
    capture: Row | None = None,
    verdict_href: Callable[[str], str],
    row_hrefs: tuple[tuple[str, str], ...] = (),
    held_href: str | None = None,
    links: tuple[tuple[str, str], ...] = (),
    screenshot: Row | None = None,
) -> VerdictPage:
    """The page for one detected post, from its `quotes` row, its original's `posts` row joined
    with its source and payload, the other quotes of the same post, and the newest web-archive
    capture of the post (its `location` and `archived_at`), if any."""
    status = quote.get("status")
    known = status in {s.value for s in Status}
    shown, original_text, hidden, marked = _texts(quote, original)
    article_text = quote.get("article_title") or quote.get("article") or ""
    article_address = quote.get("article_url") or quote.get("article")
    source = original or {}
    similarity = quote.get("similarity")
    gone = known and is_gone(quote.get("original_outcome")) and Status(status) in GONE_LABELS
    waiting = status in (Status.PENDING.value, Status.NOT_FOUND.value)
    return VerdictPage(
        embed_id=str(quote["embed_id"]),
        title=_title(status, gone=gone),
        status=status_badge(status, gone=gone) or "No verdict yet",
        status_help=GONE_HELP if gone else STATUS_HELP[Status(status)] if known else "",
        article=link(article_address, article_text),
        article_source=str(quote.get("article") or ""),
        site=str(quote.get("site") or "").strip("()"),
        published=str(quote.get("article_published") or ""),
        platform=str(quote.get("platform") or ""),
        kind=str(quote.get("kind") or ""),
        shown=Side(
            heading="As the article shows it",
            by=_by(quote.get("author_name"), quote.get("author_handle")),
            date=str(quote.get("displayed_date") or ""),
            text=shown,
        ),
        original=Side(
            heading="As posted",
            by=_by(source.get("author_name"), quote.get("original_author")),
            date=_readable_time(quote.get("original_created_at")),
            text=original_text,
            hidden=hidden,
        ),
        marked=marked,
        author_ok=check_mark(quote.get("author_ok")),
        date_ok=check_mark(quote.get("date_ok")),
        similarity="" if similarity is None else f"{similarity:.0%}",
        reason=str(quote.get("reason") or ""),
        searched=str(quote.get("searched") or ""),
        checked_at=_readable_time(quote.get("checked_at")),
        checked_label="Last tried" if waiting else "Checked",
        post=_post_link(quote),
        original_outcome=str(source.get("outcome") or ""),
        provenance=_provenance(source),
        capture=_capture(capture),
        payload=pretty_json(source.get("payload")) or source.get("payload"),
        others=tuple(
            OtherQuote(
                article=str(other.get("article_title") or other.get("article") or ""),
                status=status_badge(
                    other.get("status"), gone=is_gone(other.get("original_outcome"))
                )
                or "No verdict yet",
                href=verdict_href(str(other["embed_id"])),
            )
            for other in others
        ),
        rows=row_hrefs,
        held=_held(source, held_href),
        links=links,
        screenshot=picture(screenshot),
    )


def _title(status: object, *, gone: bool) -> str:
    try:
        known = Status(status)
    except ValueError:
        return "No verdict yet"
    return GONE_LABELS[known] if gone else STATUS_LABELS[known]


def _held(source: Row, href: str | None) -> Markup | None:
    """The copy of the original the archive holds: its raw record, by SHA-256."""
    digest = source.get("payload_sha256")
    if not digest or not href:
        return None
    return Markup(
        '<a href="{}">the copy held here</a> <span class="verifier-muted">(SHA-256 {}…)</span>'
    ).format(href, str(digest)[:12])


def _post_link(quote: Row) -> Markup | None:
    """The post's address: the platform's, else the one the article gives."""
    address = quote.get("original_url") or quote.get("post_url")
    return link(address) if address else None


def _readable_time(value: object) -> str:
    """An ISO 8601 time as people read it ("2023-02-17 09:36 UTC"); anything else as it is."""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value or "")
    if moment.tzinfo is not None and moment.utcoffset() == timedelta(0):
        return moment.strftime("%Y-%m-%d %H:%M UTC")
    return moment.isoformat(sep=" ", timespec="minutes")


def _provenance(source: Row) -> Markup | None:
    """Where the original came from: an import's file and line, or the address fetched."""
    if not source.get("source_location"):
        return None
    kind = Markup.escape(source.get("source_kind") or "source")
    where = link(source["source_location"])
    when = source.get("source_at")
    fetched = Markup(", {}").format(_readable_time(when)) if when else Markup("")
    return Markup("{}: {}{}").format(kind, where, fetched)


def _capture(capture: Row | None) -> Markup | None:
    if not capture or not capture.get("location"):
        return None
    when = capture.get("archived_at")
    text = f"archived copy of {_readable_time(when)}" if when else "archived copy"
    return link(capture["location"], text)
