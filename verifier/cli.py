"""The command line: parse options, call the library, print. Nothing else lives here."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import click
from tabulate import tabulate

from verifier import __version__
from verifier.cli_fetch import (
    db_option,
    network_from_options,
    network_options,
    open_archive,
    register,
)
from verifier.models import RunSummary
from verifier.pipeline import VerifyOptions, import_posts, verify
from verifier.session import NetworkSession
from verifier.store import quote_rows


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
    db = open_archive(db_path)
    with _progress("importing", length=len(files)) as step:
        summary = import_posts(_stepping(files, step), db=db, platform=platform)
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
    db = open_archive(db_path)
    with NetworkSession(options) as session, _progress("verifying") as step:
        verify_options = VerifyOptions(
            offline=options.offline,
            fetch=session.fetcher,
            search=session.searcher,
            refresh=refresh,
        )
        summary = verify(sources, db=db, options=verify_options, http=session.http, progress=step)
    click.echo(_summary_line(summary), err=True)
    _finish(summary)


REPORT_FORMATS = ("table", "csv", "json", "markdown")


@cli.command("report")
@db_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(REPORT_FORMATS),
    default="table",
    show_default=True,
    help="table or markdown to read; csv (one row per post, every column) or json (one JSON"
    " object per line and post) for scripts.",
)
@click.option("--json", "as_json", is_flag=True, help="The same as --format json.")
def report_command(db_path: str, output_format: str, as_json: bool) -> None:
    """Show every detected post with its verdict."""
    rows = list(quote_rows(open_archive(db_path, existing=True, writable=False)))
    output_format = "json" if as_json else output_format
    if output_format == "json":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    elif output_format == "csv":
        _echo_csv(rows)
    else:
        tablefmt = "github" if output_format == "markdown" else "simple"
        cells = [_report_cells(r, markdown=output_format == "markdown") for r in rows]
        click.echo(tabulate(cells, headers=REPORT_HEADERS, tablefmt=tablefmt))


REPORT_HEADERS = [
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


def _report_cells(r: dict[str, Any], *, markdown: bool) -> list[str]:
    cells = [
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
    # A pipe in a cell would end it early in a Markdown table.
    return [c.replace("|", "\\|") for c in cells] if markdown else cells


def _echo_csv(rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        diff = row["diff"]
        writer.writerow({**row, "diff": json.dumps(diff, ensure_ascii=False) if diff else ""})
    click.echo(out.getvalue(), nl=False)


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


@contextlib.contextmanager
def _progress(label: str, *, length: int | None = None) -> Iterator[Callable[[str], None] | None]:
    """A progress bar on stderr while a long run works, stepped once per item with the item's
    name; nothing at all when stderr is not a terminal (a pipe, a log file, CI)."""
    if not sys.stderr.isatty():
        yield None
        return
    # Without a length (articles are found as folders are walked) the bar counts instead.
    # The run steps the bar: it iterates nothing itself. A generator, not iter(()): that one
    # says its length is 0.
    nothing: Iterator[str] = (item for item in list[str]())
    with click.progressbar(
        nothing,
        length=length,
        label=label,
        file=sys.stderr,
        show_pos=True,
        item_show_func=lambda item: _short(item, 40) if item else None,
    ) as bar:
        yield lambda item: bar.update(1, item)


def _stepping(items: Iterable[Path], step: Callable[[str], None] | None) -> Iterator[Path]:
    for item in items:
        if step:
            step(str(item))
        yield item


@cli.command("metadata")
@click.option(
    "--db",
    "db_path",
    default="archive.db",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The archive: Datasette names its database after the file.",
)
@click.option(
    "--config",
    "as_config",
    is_flag=True,
    help="Print Datasette 1.0's configuration (datasette.json: table options, stored queries,"
    " plugin settings) instead.",
)
def metadata_command(db_path: str, as_config: bool) -> None:
    """Print the Datasette metadata for the archive: `datasette archive.db -m metadata.json`.
    Datasette 1.0 also needs `-c datasette.json`, from --config. `verifier serve` does all this."""
    from verifier.publish.metadata import build_datasette_1, build_metadata
    from verifier.publish.serve import database_name

    name = database_name(Path(db_path))
    document = build_datasette_1(name)[1] if as_config else build_metadata(name)
    click.echo(json.dumps(document, indent=2))


@cli.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option(
    "--port",
    default=8001,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="The port to listen on.",
)
@click.option(
    "--live",
    is_flag=True,
    help="For an archive a run is still writing: not opened as immutable (pages still only"
    " read it).",
)
def serve_command(db_path: str, host: str, port: int, live: bool) -> None:
    """Browse the archive in Datasette: every verdict with the article's text beside the
    original, differences marked; facets, full-text search and stored queries. Read-only, and
    closed to search-engine robots. Start at the home page's "Quotes and verdicts"."""
    from datasette.cli import cli as datasette_cli

    from verifier.publish.serve import datasette_arguments

    # An archive from an older verifier gets the views the pages read.
    open_archive(db_path, existing=True, writable=False)
    with tempfile.TemporaryDirectory(prefix="verifier-serve-") as directory:
        arguments = datasette_arguments(
            Path(db_path), Path(directory), host=host, port=port, immutable=not live
        )
        click.echo(f"serving {db_path} at http://{host}:{port}/ (Ctrl-C stops)", err=True)
        datasette_cli.main(arguments, prog_name="datasette", standalone_mode=False)


register(cli)  # recheck, endpoints, export-warc (verifier/cli_fetch.py)
