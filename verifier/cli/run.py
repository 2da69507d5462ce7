"""The commands that run the path: `verify` and `import-posts`."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from verifier.cli.options import (
    archive_errors,
    db_option,
    network_from_options,
    network_options,
    open_archive,
    progress,
    stepping,
)
from verifier.models import RunSummary
from verifier.pipeline.parallel import available_cores
from verifier.pipeline.since import parse_since
from verifier.pipeline.verify import VerifyOptions, import_posts, verify
from verifier.resolve.session import NetworkSession
from verifier.sources.articles import count_articles
from verifier.sources.listing import Listing, ListingKind
from verifier.sources.lists import SourceList, read_source_list
from verifier.sources.local import DEFAULT_MAX_ARTICLE_BYTES
from verifier.store import save_problem


@click.command("import-posts")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@click.option("--platform", help="Platform of the posts, where the file does not say.")
def import_posts_command(files: tuple[Path, ...], db_path: str, platform: str | None) -> None:
    """Load originals from local archives: snscrape JSONL, CSV/TSV exports, X tweets.js,
    Mastodon outbox.json. The format is sniffed from the content."""
    db = open_archive(db_path)
    with progress("importing", length=len(files)) as step, archive_errors():
        summary = import_posts(stepping(files, step), db=db, platform=platform)
    click.echo(
        f"imported {summary.posts_imported} posts from {len(files)} file(s); verdicts already"
        " made change only when `verifier verify` runs again",
        err=True,
    )
    _finish(summary)


@click.command("verify")
@click.argument("sources", nargs=-1)
@click.option(
    "--from",
    "source_list",
    type=click.File("r", encoding="utf-8-sig"),
    help="Read the sources from FILE too: one URL or path a line, or a CSV/TSV with a URL"
    " column; - reads standard input.",
)
@db_option
@network_options
@click.option(
    "--refresh",
    is_flag=True,
    help="Fetch again posts already fetched and recorded, and judge again unchanged articles.",
)
@click.option(
    "--feed", "feeds", multiple=True, metavar="URL", help="An RSS or Atom feed's articles."
)
@click.option(
    "--sitemap", "sitemaps", multiple=True, metavar="URL", help="A sitemap's or index's articles."
)
@click.option(
    "--since",
    metavar="AGE|DATE",
    help="Of the feeds' and sitemaps' articles, only those new since then (2h, 1d, 2024-05-01).",
)
@click.option(
    "--max-article-mb",
    type=click.FloatRange(min=0, min_open=True),
    default=DEFAULT_MAX_ARTICLE_BYTES / 1e6,
    show_default=True,
    help="A local file or crawled page larger than this is a problem, not read.",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=available_cores,
    show_default="all cores",
    help="Processes reading pages and finding their embeds; results do not depend on it.",
)
@click.option(
    "--ocr",
    type=click.Choice(["auto", "rapidocr", "tesseract", "off"]),
    default="auto",
    show_default=True,
    help="The engine that reads pictures of posts (auto: RapidOCR where installed, else"
    " Tesseract); off: pictures are not read.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the run's summary as JSON.")
def verify_command(
    sources: tuple[str, ...],
    source_list: Any,
    db_path: str,
    refresh: bool,
    feeds: tuple[str, ...],
    sitemaps: tuple[str, ...],
    since: str | None,
    max_article_mb: float,
    jobs: int,
    ocr: str,
    as_json: bool,
    **network: Any,
) -> None:
    """Detect the posts in SOURCES (files, folders, WARC crawls, http(s) URLs, screenshots:
    PNG, JPEG, WebP) and in the articles of the feeds and sitemaps, match each to its original
    (the local archive first, then the platforms), compare, and store the verdicts. An article
    unchanged since a run that settled its verdicts is skipped. The pictures in saved pages and
    in WARC files are read too."""
    listed = SourceList()
    if source_list is not None:
        name = getattr(source_list, "name", None) or "<stdin>"
        listed = read_source_list(source_list.read(), name=str(name))
    every = [*sources, *listed.sources]
    if not (every or feeds or sitemaps) and not listed.problems:
        raise click.UsageError("give at least one SOURCE, --from FILE, --feed URL or --sitemap URL")
    try:
        cutoff = parse_since(since) if since else None
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--since") from None
    listings = [Listing(ListingKind.FEED, url) for url in feeds]
    listings += [Listing(ListingKind.SITEMAP, url) for url in sitemaps]

    options = network_from_options(**network)
    db = open_archive(db_path)
    with (
        NetworkSession(options) as session,
        progress("verifying", length=count_articles(every) if not listings else None) as step,
        archive_errors(),
    ):
        verify_options = VerifyOptions(
            offline=options.offline,
            fetch=session.fetcher,
            search=session.searcher,
            refresh=refresh,
            since=cutoff,
            max_article_bytes=int(max_article_mb * 1e6),
            jobs=jobs,
            ocr=ocr,
        )
        summary = verify(
            every,
            db=db,
            options=verify_options,
            http=session.http,
            progress=step,
            listings=listings,
        )
    for problem in listed.problems:  # recorded like any bad input the run met
        save_problem(db, problem)
    summary.problems[:0] = listed.problems
    if as_json:
        click.echo(json.dumps(asdict(summary), ensure_ascii=False, indent=2))
    click.echo(_summary_line(summary), err=True)
    _finish(summary)


def _summary_line(summary: RunSummary) -> str:
    statuses = ", ".join(f"{k} {v}" for k, v in sorted(summary.by_status.items())) or "none"
    skipped = f", {summary.skipped} unchanged skipped" if summary.skipped else ""
    return (
        f"{summary.articles} article(s){skipped}, {summary.embeds} post(s) detected; "
        f"verdicts: {statuses}; {len(summary.problems)} problem(s)"
    )


def _finish(summary: RunSummary) -> None:
    """Report every problem, naming the input; a run that met any exits non-zero."""
    for problem in summary.problems:
        where = f"{problem.source}:{problem.line}" if problem.line else problem.source
        click.echo(f"{problem.severity}: {where}: {problem.message}", err=True)
    if any(problem.is_error for problem in summary.problems):
        sys.exit(1)
