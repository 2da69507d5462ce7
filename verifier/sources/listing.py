"""Listings: feeds and sitemaps, the lists of articles a site publishes; their records.

A listing is fetched through the run's one HttpClient (so its address guard and politeness hold),
read into `Listed` entries (an article's URL, and when it was published or last changed), and
cut to what is new since a moment. A listing that cannot be fetched or read is a Problem naming
it; the run goes on with the others.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from verifier.models import Problem

if TYPE_CHECKING:
    from verifier.http import FetchResult, HttpClient


class ListingKind(str, enum.Enum):
    FEED = "feed"  # RSS 0.9x-2.0, RSS 1.0 (RDF) or Atom
    SITEMAP = "sitemap"  # a sitemap (news or not) or a sitemap index


@dataclass(frozen=True)
class Listing:
    """A feed or sitemap to read the articles of."""

    kind: ListingKind
    url: str


@dataclass(frozen=True)
class Listed:
    """One article a listing names."""

    url: str
    listing: str  # the feed or sitemap that named it
    # When it was published (a feed's pubDate, a news sitemap's publication_date) or else last
    # changed (Atom's updated, a sitemap's lastmod); None where the listing says neither.
    published: datetime | None = None
    title: str | None = None


def fetch_listing(url: str, http: HttpClient | None, *, what: str) -> FetchResult | Problem:
    """The listing's answer, or a Problem naming it. Only http(s) URLs: a listing names
    pages to fetch, so it is itself on the web."""
    if not url.startswith(("http://", "https://")):
        return Problem(url, "read", f"a {what} is given by its http(s) URL")
    if http is None:
        return Problem(url, "read", f"cannot fetch a {what} in an offline run")
    result = http.get(url)
    if result.error or result.status is None:
        return Problem(url, "read", f"{what} fetch failed: {result.error or 'no response'}")
    if not 200 <= result.status < 300:
        return Problem(url, "read", f"{what} fetch failed: HTTP {result.status}")
    return result


def is_html_page(body: bytes) -> bool:
    """A listing's address that answers with a page (a soft 404, the home page): no feed or
    sitemap, and no XML whose syntax errors would say anything useful."""
    return body[:512].lstrip().lower().startswith((b"<!doctype html", b"<html"))


def is_new(moment: datetime | None, since: datetime | None) -> bool:
    return since is None or moment is None or moment >= since
