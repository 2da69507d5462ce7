"""The commands that run the path: `verify` and `import-posts`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from verifier.cli.options import (
    db_option,
    network_from_options,
    network_options,
    open_archive,
    progress,
    stepping,
)
from verifier.models import RunSummary
from verifier.pipeline.verify import VerifyOptions, import_posts, verify
from verifier.resolve.session import NetworkSession


@click.command("import-posts")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@click.option("--platform", help="Platform of the posts, where the file does not say.")
def import_posts_command(files: tuple[Path, ...], db_path: str, platform: str | None) -> None:
    """Load originals from local archives: snscrape JSONL, CSV/TSV exports, X tweets.js,
    Mastodon outbox.json. The format is sniffed from the content."""
    db = open_archive(db_path)
    with progress("importing", length=len(files)) as step:
        summary = import_posts(stepping(files, step), db=db, platform=platform)
    click.echo(f"imported {summary.posts_imported} posts from {len(files)} file(s)", err=True)
    _finish(summary)


@click.command("verify")
@click.argument("sources", nargs=-1, required=True)
@db_option
@network_options
@click.option("--refresh", is_flag=True, help="Fetch again posts already fetched and recorded.")
@click.option(
    "--ocr",
    type=click.Choice(["auto", "rapidocr", "tesseract", "off"]),
    default="auto",
    show_default=True,
    help="The engine that reads pictures of posts (auto: RapidOCR where installed, else"
    " Tesseract); off: pictures are not read.",
)
def verify_command(
    sources: tuple[str, ...], db_path: str, refresh: bool, ocr: str, **network: Any
) -> None:
    """Detect the posts in SOURCES (files, folders, http(s) URLs, screenshots: PNG, JPEG,
    WebP), match each to its original (the local archive first, then the platforms), compare,
    and store the verdicts. The pictures in saved pages and in WARC files are read too."""
    options = network_from_options(**network)
    db = open_archive(db_path)
    with NetworkSession(options) as session, progress("verifying") as step:
        verify_options = VerifyOptions(
            offline=options.offline,
            fetch=session.fetcher,
            search=session.searcher,
            refresh=refresh,
            ocr=ocr,
        )
        summary = verify(sources, db=db, options=verify_options, http=session.http, progress=step)
    click.echo(_summary_line(summary), err=True)
    _finish(summary)


def _summary_line(summary: RunSummary) -> str:
    statuses = ", ".join(f"{k} {v}" for k, v in sorted(summary.by_status.items())) or "none"
    return (
        f"{summary.articles} article(s), {summary.embeds} post(s) detected; "
        f"verdicts: {statuses}; {len(summary.problems)} problem(s)"
    )


def _finish(summary: RunSummary) -> None:
    """Report every problem, naming the input; a run that met any exits non-zero."""
    for problem in summary.problems:
        where = f"{problem.source}:{problem.line}" if problem.line else problem.source
        click.echo(f"{problem.severity}: {where}: {problem.message}", err=True)
    if any(problem.is_error for problem in summary.problems):
        sys.exit(1)
