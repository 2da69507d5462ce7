"""The command line: parse options, call the library, print. Nothing else lives here."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from tabulate import tabulate

from verifier import __version__
from verifier.cli_fetch import network_from_options, network_options, register
from verifier.models import RunSummary
from verifier.pipeline import VerifyOptions, import_posts, verify
from verifier.session import NetworkSession
from verifier.store import open_db, quote_rows

F = TypeVar("F", bound=Callable[..., Any])


def db_option(function: F) -> F:
    return click.option(
        "--db",
        "db_path",
        default="archive.db",
        show_default=True,
        type=click.Path(dir_okay=False),
        help="The SQLite archive.",
    )(function)


@click.group()
@click.version_option(__version__, prog_name="verifier")
def cli() -> None:
    """Find the social-media posts that articles embed or quote, and check them against the
    originals."""


@cli.command("import-posts")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@click.option("--platform", help="Platform of the posts, where the file does not say.")
def import_posts_command(files: tuple[Path, ...], db_path: str, platform: str | None) -> None:
    """Load originals from local archives: snscrape JSONL, CSV/TSV exports, X tweets.js,
    Mastodon outbox.json. The format is sniffed from the content."""
    summary = import_posts(files, db=open_db(db_path), platform=platform)
    click.echo(f"imported {summary.posts_imported} posts from {len(files)} file(s)", err=True)
    _finish(summary)


@cli.command("verify")
@click.argument("sources", nargs=-1, required=True)
@db_option
@network_options
@click.option("--refresh", is_flag=True, help="Fetch again posts already fetched and recorded.")
def verify_command(sources: tuple[str, ...], db_path: str, refresh: bool, **network: Any) -> None:
    """Detect the posts in SOURCES (files, folders, http(s) URLs), match each to its original
    (the local archive first, then the platforms), compare, and store the verdicts."""
    options = network_from_options(**network)
    db = open_db(db_path)
    with NetworkSession(options) as session:
        verify_options = VerifyOptions(
            offline=options.offline, fetch=session.fetcher, refresh=refresh
        )
        summary = verify(sources, db=db, options=verify_options, http=session.http)
    click.echo(_summary_line(summary), err=True)
    _finish(summary)


@cli.command("report")
@db_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object per detected post.")
def report_command(db_path: str, as_json: bool) -> None:
    """Show every detected post with its verdict."""
    if not Path(db_path).exists():
        raise click.ClickException(f"no archive at {db_path}: run `verifier verify` first")
    rows = list(quote_rows(open_db(db_path)))
    if as_json:
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    table = [
        [
            _short(r["article"], 30),
            r["platform"],
            r["kind"],
            r["author_handle"] or "",
            r["post_id"] or "",
            r["status"] or "",
            _flag(r["author_ok"]),
            _flag(r["date_ok"]),
            "" if r["similarity"] is None else f"{r['similarity']:.2f}",
            _short(r["displayed_text"] or "", 50),
        ]
        for r in rows
    ]
    headers = [
        "article",
        "platform",
        "kind",
        "author",
        "post",
        "status",
        "author",
        "date",
        "sim",
        "shown text",
    ]
    click.echo(tabulate(table, headers=headers))


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


def _flag(value: bool | None) -> str:
    return {True: "yes", False: "NO", None: "?"}[value]


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


@cli.command("metadata")
def metadata_command() -> None:
    """Print the Datasette metadata for the archive (use with `datasette archive.db -m`)."""
    from verifier.publish.metadata import build_metadata

    click.echo(json.dumps(build_metadata(), indent=2))


register(cli)  # recheck, endpoints, export-warc (verifier/cli_fetch.py)
