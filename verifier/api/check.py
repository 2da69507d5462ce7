"""check(): one quote judged against its original, with no archive file (a notebook's way)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path

from verifier.api.run import network_options
from verifier.judge.verdict import judge
from verifier.models import Embed, EmbedKind, RunSummary, Verdict
from verifier.pipeline.verify import import_posts, record_resolution
from verifier.platforms import get_platform, parse_post_url
from verifier.resolve.original import resolve_original
from verifier.resolve.session import NetworkSession
from verifier.store import open_db
from verifier.store.held import EvidenceArchive
from verifier.text.dates import parse_displayed_date


def check(
    text: str,
    *,
    post_url: str | None = None,
    author: str | None = None,
    date: str | dt.date | None = None,
    platform: str | None = None,
    archives: Iterable[str | Path] = (),
    offline: bool = False,
    allow_private_hosts: bool = False,
    endpoints: Mapping[str, str] | None = None,
    web_archive: bool = True,
) -> Verdict:
    """The verdict on `text` as an article quotes a post: the post named by `post_url`, or
    else the one `author` (a handle) made on `date` (as shown, e.g. "February 17, 2023", or
    a date) on `platform` (default: the URL's, else "twitter").

    The original comes from the `archives` given (files `import_archives` reads), then from
    the platform unless `offline`; nothing is written to disk (an in-memory archive holds the
    evidence). ValueError when the quote names no post, or an archive file cannot be read.
    """
    embed = quote_embed(text, post_url=post_url, author=author, date=date, platform=platform)
    db = open_db(sqlite3.connect(":memory:"))
    summary = import_posts([Path(path) for path in archives], db=db)
    if errors := [problem for problem in summary.problems if problem.is_error]:
        where = "; ".join(f"{problem.source}: {problem.message}" for problem in errors)
        raise ValueError(f"cannot read the archives of originals: {where}")
    network = network_options(
        offline=offline,
        allow_private_hosts=allow_private_hosts,
        endpoints=endpoints,
        web_archive=web_archive,
    )
    archive = EvidenceArchive(db)
    with NetworkSession(network) as session:
        resolution = resolve_original(
            embed,
            archive=archive,
            fetch=session.fetcher,
            search=session.searcher,
            offline=offline,
        )
        resolution = record_resolution(db, archive, resolution, RunSummary())
    return judge(embed, resolution)


def quote_embed(
    text: str,
    *,
    post_url: str | None,
    author: str | None,
    date: str | dt.date | None,
    platform: str | None,
) -> Embed:
    """The quote as an Embed, as if an article had shown it with that post's markup."""
    ref = parse_post_url(post_url) if post_url else None
    if post_url and ref is None:
        raise ValueError(f"no platform recognises a post in {post_url!r}")
    handle = (author or "").strip().lstrip("@") or (ref.author_handle if ref else None)
    if ref is None and not handle:
        raise ValueError("a quote names its post: give post_url, or author (and date)")
    name = platform or (ref.platform if ref else "twitter")
    get_platform(name)  # an unknown name is a ValueError naming the known ones
    shown: str | None
    day: dt.date | None
    if isinstance(date, dt.datetime):
        shown, day = date.isoformat(), date.date()
    elif isinstance(date, dt.date):
        shown, day = date.isoformat(), date
    else:
        shown, day = date, parse_displayed_date(date)
    return Embed(
        platform=name,
        kind=EmbedKind.EMBED,
        position=0,
        post_id=ref.post_id if ref else None,
        post_url=ref.url if ref else None,
        author_handle=handle,
        displayed_text=text,
        displayed_date=shown,
        displayed_day=day,
        markup="verifier.check",
        location="given",
    )
