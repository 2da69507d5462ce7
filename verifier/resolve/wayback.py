"""Archived originals: when a post is gone or cannot be reached, the Wayback Machine's capture.

A CDX query lists the captures of the post's URL; the raw capture (`TIMESTAMPid_`, without the
Wayback banner or rewritten links) is the evidence. The original that comes back says the live
outcome and carries the capture's text, marked by `archived_at` and provenance `wayback`.

A platform's fetch module may refine this with `archive_urls(ref) -> list[str]` (the URLs its
posts are captured under) and `from_capture(result, ref) -> Original | None` (its page or JSON
shapes); by default the post's URL is looked up and the page's `og:description` read.

A post quoted without its id (a remnant: author and day only) is searched for among the
captures of its author's post URLs around that day, where the platform's fetch module gives
`search_prefixes(handle, first, last, *, captured_until) -> list[str]` (the URL prefixes to
list) and `posted_at(post_id) -> datetime | None` (the time an id carries).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from bs4 import BeautifulSoup

from verifier.http import FetchResult
from verifier.models import Candidates, Exchange, Fetched, Original, Outcome, PostRef
from verifier.platforms import get_platform
from verifier.platforms.fetcher import (
    FetchContext,
    NotJson,
    fetch_module,
    json_body,
    transport_outcome,
)
from verifier.text.repair import repair_text

ENDPOINTS = {"wayback": "https://web.archive.org"}
# The latest few captures are enough: the newest that reads wins.
CDX_LIMIT = "-3"
# An author search lists at most this many post URLs per prefix.
SEARCH_LIMIT = 500
# Captures come after posting: an author search lists those made from the day before the
# shown day to this long after it.
CAPTURED_WITHIN = timedelta(weeks=8)
# Embeds show the reader's local date: the post was made a day either side, in UTC.
DAY_SLACK = timedelta(days=1)


# A 403 "AdministrativeAccessControlException: Blocked Site Error" (recorded by EDGI's wayback
# client, src/wayback/tests/cassettes/test_search_raises_for_blocked_urls.yaml): the site is
# excluded from the Wayback Machine. No capture of it will be shown; asking again is no use.
BLOCKED_SITE_MARK = b"Blocked Site Error"
BLOCKED_SITE = "the Wayback Machine shows no captures of this site (403 Blocked Site Error)"


@dataclass(frozen=True)
class Capture:
    timestamp: str  # 14 digits, UTC
    original: str  # the URL as captured
    mimetype: str

    @property
    def captured_at(self) -> datetime:
        return datetime.strptime(self.timestamp[:14].ljust(14, "0"), "%Y%m%d%H%M%S").replace(
            tzinfo=UTC
        )


# The network.


def get_cdx(context: FetchContext, url: str) -> FetchResult:
    params = {"url": url, "output": "json", "filter": "statuscode:200", "limit": CDX_LIMIT}
    return context.get(f"{context.endpoints.base('wayback')}/cdx/search/cdx", params=params)


def get_cdx_prefix(context: FetchContext, prefix: str, first: date, last: date) -> FetchResult:
    """Every URL under `prefix` captured from day `first` to day `last`, once each."""
    params = {
        "url": prefix,
        "matchType": "prefix",
        "output": "json",
        "collapse": "urlkey",
        "from": f"{first:%Y%m%d}",
        "to": f"{last:%Y%m%d}",
        "limit": str(SEARCH_LIMIT),
    }
    return context.get(f"{context.endpoints.base('wayback')}/cdx/search/cdx", params=params)


def get_capture(context: FetchContext, capture: Capture) -> FetchResult:
    base = context.endpoints.base("wayback")
    return context.get(f"{base}/web/{capture.timestamp}id_/{capture.original}")


# The transforms.


def captures_from_cdx(result: FetchResult) -> tuple[list[Capture], Outcome, str | None]:
    """The captures a CDX answer lists, newest first, and the outcome of the query."""
    if (failure := transport_outcome(result)) is not None:
        return [], *failure
    if result.status == 403 and BLOCKED_SITE_MARK in result.body:
        return [], Outcome.NOT_FOUND, BLOCKED_SITE
    if result.status != 200:
        return [], Outcome.FAILED, f"HTTP {result.status} from the Wayback CDX"
    try:
        rows = json_body(result)
    except NotJson as error:
        if not result.body.strip():
            return [], Outcome.NOT_FOUND, "no capture"
        return [], Outcome.FAILED, str(error)
    if not isinstance(rows, list) or len(rows) < 2 or not isinstance(rows[0], list):
        return [], Outcome.NOT_FOUND, "no capture"
    header = [str(name) for name in rows[0]]
    captures = []
    for row in rows[1:]:
        fields = dict(zip(header, row, strict=False))
        timestamp, original = str(fields.get("timestamp", "")), fields.get("original")
        if timestamp.isdigit() and original:
            captures.append(Capture(timestamp, str(original), str(fields.get("mimetype", ""))))
    captures.sort(key=lambda c: c.timestamp, reverse=True)
    if not captures:
        return [], Outcome.NOT_FOUND, "no capture"
    return captures, Outcome.AVAILABLE, f"{len(captures)} capture(s)"


def text_from_page(result: FetchResult) -> tuple[str, str | None] | None:
    """A captured page's post text as sharing cards carry it (og:description), and the
    author's name if the card names one. Such descriptions may be cut: incomplete."""
    soup = BeautifulSoup(result.body.decode("utf-8", "replace"), "lxml")
    description = soup.find("meta", attrs={"property": "og:description"}) or soup.find(
        "meta", attrs={"name": "description"}
    )
    content = description.get("content") if description else None
    if not content or not str(content).strip():
        return None
    title = soup.find("meta", attrs={"property": "og:title"})
    name = str(title.get("content")) if title and title.get("content") else None
    return str(content).strip(), name


def from_capture(result: FetchResult, ref: PostRef, capture: Capture) -> Original | None:
    """The post as a raw capture shows it, by the platform's own reader if it has one."""
    if not result.ok:
        return None
    module = fetch_module(ref.platform)
    reader = getattr(module, "from_capture", None)
    original: Original | None = reader(result, ref) if reader is not None else None
    if original is None:
        found = text_from_page(result)
        if found is None:
            return None
        text, name = found
        original = Original(
            platform=ref.platform,
            post_id=ref.post_id or "",
            text=repair_text(text),
            raw_text=text,
            author_handle=ref.author_handle,
            author_name=name,
            url=ref.url,
            text_complete=False,
        )
    return replace(
        original,
        archived_at=capture.captured_at,
        provenance=f"wayback {result.url}",
        raw=result.body.decode("utf-8", "replace"),
    )


def archive_urls(ref: PostRef) -> list[str]:
    module = fetch_module(ref.platform)
    urls = getattr(module, "archive_urls", None)
    found: list[str] = list(urls(ref)) if urls is not None else []
    return found or ([ref.url] if ref.url else [])


# The fallback a fetch ends in when the live post gave no text.


def fall_back(ref: PostRef, fetched: Fetched, context: FetchContext) -> Fetched:
    live = fetched.original
    exchanges = list(fetched.exchanges)
    for url in archive_urls(ref):
        result = get_cdx(context, url)
        captures, outcome, reason = captures_from_cdx(result)
        exchanges.append(Exchange("wayback.cdx", result, outcome, reason))
        for capture in captures:
            raw = get_capture(context, capture)
            archived = from_capture(raw, ref, capture)
            if archived is None:
                failure = transport_outcome(raw) or (Outcome.FAILED, "no post text in the capture")
                exchanges.append(Exchange("wayback.capture", raw, *failure))
                continue
            exchanges.append(Exchange("wayback.capture", raw, Outcome.AVAILABLE, None))
            note = (
                f"text from the Wayback Machine capture of {capture.captured_at:%Y-%m-%d %H:%M} UTC"
            )
            original = replace(
                archived,
                post_id=live.post_id or archived.post_id,
                outcome=live.outcome,
                reason=f"{live.reason or live.outcome.value}; {note}",
            )
            return Fetched(original, tuple(exchanges), text_from=len(exchanges) - 1)
        if outcome.is_retryable or reason == BLOCKED_SITE:
            break  # the archive is failing, or will show nothing of this site
    return replace(fetched, exchanges=tuple(exchanges))


# The search for a post quoted by author and day, without its id.


def find_candidates(
    platform: str, handle: str, day: date, context: FetchContext
) -> Candidates | None:
    """The posts `handle` made within a day of `day`, as the captures of their URLs show,
    nearest that day first. None when the platform's posts cannot be searched by day."""
    module = fetch_module(platform)
    prefixes_of = getattr(module, "search_prefixes", None)
    posted_at = getattr(module, "posted_at", None)
    if prefixes_of is None or posted_at is None:
        return None
    first, last = day - DAY_SLACK, day + DAY_SLACK
    captured = (first, day + CAPTURED_WITHIN)
    prefixes: list[str] = prefixes_of(handle, first, last, captured_until=captured[1])
    if not prefixes:
        return None
    exchanges: list[Exchange] = []
    found: dict[str, tuple[datetime, PostRef]] = {}
    for prefix in prefixes:
        result = get_cdx_prefix(context, prefix, *captured)
        captures, outcome, reason = captures_from_cdx(result)
        if len(captures) >= SEARCH_LIMIT:
            reason = f"{reason}: the limit, some may be missing"
        exchanges.append(Exchange("wayback.search", result, outcome, reason))
        if outcome.is_retryable or reason == BLOCKED_SITE:
            break  # the archive is failing, or will show nothing of this site
        for capture in captures:
            ref = get_platform(platform).parse_post_url(capture.original)
            when = posted_at(ref.post_id) if ref is not None and ref.post_id else None
            if ref is not None and ref.post_id and when and first <= when.date() <= last:
                found.setdefault(ref.post_id, (when, ref))
    asked = prefixes[: len(exchanges)]
    noon = datetime.combine(day, time(12), tzinfo=UTC)
    nearest = sorted(found.values(), key=lambda pair: (abs(pair[0] - noon), pair[0]))
    failed = exchanges[-1] if exchanges[-1].outcome.is_retryable else None
    blocked = f"; {BLOCKED_SITE}" if exchanges[-1].reason == BLOCKED_SITE else ""
    return Candidates(
        platform=platform,
        refs=tuple(ref for _when, ref in nearest),
        exchanges=tuple(exchanges),
        searched=(
            f"web archive: captures made {captured[0]} to {captured[1]} of "
            + ", ".join(f"{prefix}*" for prefix in asked)
            + f" ({len(found)} post(s) of @{handle.lstrip('@')} from {first} to {last})"
            + blocked
        ),
        outcome=failed.outcome if failed else Outcome.AVAILABLE,
        reason=failed.reason if failed else None,
    )
