"""Feeds: RSS (0.9x, 1.0, 2.0) and Atom, read with feedparser, as the articles they list.

feedparser is only ever given the bytes our HttpClient fetched (a stream, never a URL or a
path): given a string it would fetch or open it itself, past the address guard.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import feedparser

from verifier.models import Problem
from verifier.sources.listing import Listed, fetch_listing, is_html_page

if TYPE_CHECKING:
    from verifier.http import HttpClient

# feedparser's complaints that cost nothing: the feed was read whole all the same.
_HARMLESS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


def read_feed(
    url: str, *, http: HttpClient | None, since: datetime | None = None
) -> Iterator[Listed | Problem]:
    """The articles the feed at `url` lists (`since` is applied by the caller: a feed has no
    index to cut short)."""
    result = fetch_listing(url, http, what="feed")
    if isinstance(result, Problem):
        yield result
        return
    yield from feed_entries(url, result.body, base=result.final_url)


def feed_entries(url: str, body: bytes, *, base: str | None = None) -> Iterator[Listed | Problem]:
    """Pure: the entries of one feed's bytes, then a Problem if it is no feed or breaks off.

    A feed cut short (a truncated answer, a stray `&`) keeps the entries read before the break:
    the rest were not read, so that is an error, not a warning."""
    if is_html_page(body):
        yield Problem(url, "read", "not an RSS or Atom feed: the answer is an HTML page")
        return
    parsed = feedparser.parse(io.BytesIO(body), response_headers={"content-location": base or url})
    entries = list(parsed.get("entries", []))
    if not parsed.get("version") and not entries:
        why = _why(parsed)
        yield Problem(url, "read", f"not an RSS or Atom feed{': ' + why if why else ''}")
        return
    missing = 0
    for entry in entries:
        link = _link(entry)
        if link is None:
            missing += 1
            continue
        yield Listed(
            url=urljoin(base or url, link),
            listing=url,
            published=_when(entry),
            title=str(entry.get("title") or "").strip() or None,
        )
    broken = parsed.get("bozo") and not isinstance(parsed.get("bozo_exception"), _HARMLESS)
    if broken:
        message = f"feed is malformed ({_why(parsed)}): {len(entries) - missing} entries read"
        yield Problem(url, "read", message)
    elif missing:  # in a broken feed, the entry cut at the break is the one without a link
        yield Problem(url, "read", f"{missing} feed entries give no link", severity="warning")


def _link(entry: Any) -> str | None:
    # FeedBurner rewrites links to its own redirector and keeps the article's in origLink.
    for key in ("feedburner_origlink", "link"):
        value = str(entry.get(key) or "").strip()
        if value.startswith(("http://", "https://", "/")):
            return value
    return None


def _when(entry: Any) -> datetime | None:
    """Publication time, else last update; feedparser gives both as UTC struct_times."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            return datetime(*value[:6], tzinfo=UTC)
    return None


def _why(parsed: Any) -> str:
    error = parsed.get("bozo_exception")
    if error is None:
        return ""
    message = getattr(error, "getMessage", lambda: str(error))()
    line = getattr(error, "getLineNumber", lambda: None)()
    return f"{message} at line {line}" if line else str(message)
