"""Every article a run's listings name: feeds and sitemaps read in turn, each URL once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING

from verifier.models import Problem
from verifier.sources.feeds import read_feed
from verifier.sources.listing import Listed, Listing, ListingKind, is_new
from verifier.sources.sitemaps import read_sitemap

if TYPE_CHECKING:
    from verifier.http import HttpClient


def iter_listed(
    listings: Iterable[Listing], *, http: HttpClient | None, since: datetime | None = None
) -> Iterator[Listed | Problem]:
    """Every article the listings name, each URL once (the first listing to name it wins),
    cut to those published or changed at or after `since`. An entry that gives no date is
    kept: missing an article is worse than reading one again, and an unchanged one is skipped
    later by its content hash."""
    seen: set[str] = set()
    for listing in listings:
        reader = read_feed if listing.kind is ListingKind.FEED else read_sitemap
        for item in reader(listing.url, http=http, since=since):
            if isinstance(item, Problem):
                yield item
            elif item.url not in seen and is_new(item.published, since):
                seen.add(item.url)
                yield item
