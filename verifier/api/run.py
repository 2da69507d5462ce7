"""verify() and import_archives(): the CLI's `verify` and `import-posts`, as functions."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from pathlib import Path

import sqlite_utils

from verifier.models import RunSummary
from verifier.pipeline.since import parse_since
from verifier.pipeline.verify import VerifyOptions, import_posts
from verifier.pipeline.verify import verify as run_verify
from verifier.platforms.fetcher import Endpoints
from verifier.resolve.fetch import default_endpoints
from verifier.resolve.session import NetworkOptions, NetworkSession, endpoint_overrides
from verifier.sources.listing import Listing, ListingKind
from verifier.store import open_db

# An archive as a path, or one already open (an in-memory one, for a notebook).
Archive = str | Path | sqlite_utils.Database


def verify(
    sources: Iterable[str | Path] = (),
    *,
    db: Archive = "archive.db",
    feeds: Iterable[str] = (),
    sitemaps: Iterable[str] = (),
    since: str | datetime | timedelta | None = None,
    offline: bool = False,
    refresh: bool = False,
    allow_private_hosts: bool = False,
    endpoints: Mapping[str, str] | None = None,
    web_archive: bool = True,
) -> RunSummary:
    """Detect the posts in `sources` (files, folders, WARC crawls, http(s) URLs) and in the
    articles the `feeds` (RSS, Atom) and `sitemaps` (news sitemaps, indexes) list; match each
    to its original (the archive first, then the platforms), judge it, and store it in `db`.

    `since` (`"2h"`, `"1d"`, `"2024-05-01"`, a datetime or a timedelta) keeps, of the feeds'
    and sitemaps' articles, those published or changed since then. An article the archive
    already holds with the same bytes and settled verdicts is skipped (counted in
    `summary.skipped`) unless `refresh`. `offline` never touches the network;
    `allow_private_hosts` lets it reach local addresses (a test server); `endpoints` maps
    endpoint names to base URLs, over `VERIFIER_ENDPOINTS`. Bad input is a Problem in the
    returned summary (and in the archive's `problems`), never an exception.
    """
    cutoff = parse_since(since) if since is not None else None
    listings = [Listing(ListingKind.FEED, url) for url in feeds]
    listings += [Listing(ListingKind.SITEMAP, url) for url in sitemaps]
    network = network_options(
        offline=offline,
        allow_private_hosts=allow_private_hosts,
        endpoints=endpoints,
        web_archive=web_archive,
    )
    archive = open_archive(db)
    with NetworkSession(network) as session:
        options = VerifyOptions(
            offline=offline,
            fetch=session.fetcher,
            search=session.searcher,
            refresh=refresh,
            since=cutoff,
        )
        return run_verify(
            [str(source) for source in sources],
            db=archive,
            options=options,
            http=session.http,
            listings=listings,
        )


def import_archives(
    paths: Iterable[str | Path], *, db: Archive = "archive.db", platform: str | None = None
) -> RunSummary:
    """Load originals from local archive files (snscrape JSONL, CSV/TSV exports, X
    `tweets.js`, Mastodon `outbox.json`; the format is sniffed) into `db`. `platform` names
    the posts' platform where a file does not say it. Unreadable rows are Problems."""
    return import_posts([Path(path) for path in paths], db=open_archive(db), platform=platform)


def open_archive(db: Archive, *, writable: bool = True) -> sqlite_utils.Database:
    """An open archive in the current shape; ArchiveError names a file that cannot be one."""
    return db if isinstance(db, sqlite_utils.Database) else open_db(db, writable=writable)


def network_options(
    *,
    offline: bool,
    allow_private_hosts: bool,
    endpoints: Mapping[str, str] | None,
    web_archive: bool,
) -> NetworkOptions:
    """NetworkOptions as the CLI builds them; ValueError names an endpoint no fetcher uses."""
    overrides = {**endpoint_overrides((), os.environ), **(endpoints or {})}
    unknown = Endpoints(default_endpoints(), overrides).unknown()
    if unknown:
        raise ValueError(
            f"no endpoint named {', '.join(unknown)} (known: see `verifier endpoints`)"
        )
    return NetworkOptions(
        offline=offline,
        allow_private_hosts=allow_private_hosts,
        overrides=overrides,
        web_archive=web_archive,
    )
