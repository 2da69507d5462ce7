"""`verifier report`: every detected post and its verdict, as a table, Markdown, CSV or JSON.

The output options are sqlite-utils' own: `--json` a JSON array, `--nl` one object a line,
`--csv` with a header row.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
from pathlib import Path
from typing import Any

import click
from tabulate import tabulate

from verifier.cli.options import db_option, open_archive, short
from verifier.models import EmbedKind, Status
from verifier.store import quote_rows

REPORT_FORMATS = ("table", "csv", "json", "nl", "markdown", "claimreview")


@click.command("report")
@db_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(REPORT_FORMATS),
    default="table",
    show_default=True,
    help="table or markdown to read; csv (every column), json (an array) or nl (one JSON object"
    " a line) for scripts; claimreview: schema.org ClaimReview JSON-LD of the verdicts a"
    " fact-checker publishes (altered, mismatch, not found).",
)
@click.option("--json", "as_json", is_flag=True, help="A JSON array: --format json.")
@click.option("--nl", "as_nl", is_flag=True, help="One JSON object a line: --format nl.")
@click.option("--csv", "as_csv", is_flag=True, help="CSV with a header row: --format csv.")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice([status.value for status in Status]),
    help="Only this verdict (repeatable).",
)
@click.option("--article", help="Only articles whose path, URL or title contains this (any case).")
@click.option("--site", "sites", multiple=True, help="Only this site, e.g. example.com.")
@click.option("--platform", "platforms", multiple=True, help="Only this platform (repeatable).")
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice([kind.value for kind in EmbedKind]),
    help="Only this kind of detection (repeatable).",
)
@click.option(
    "--publisher",
    default="verifier",
    show_default=True,
    help="claimreview: the organisation that publishes the reviews.",
)
@click.option("--publisher-url", help="claimreview: the publishing organisation's URL.")
@click.option(
    "--review-url-base",
    metavar="URL",
    help="claimreview: where the archive is served; each review links its verdict page there.",
)
def report_command(
    db_path: str,
    output_format: str,
    as_json: bool,
    as_nl: bool,
    as_csv: bool,
    statuses: tuple[str, ...],
    article: str | None,
    sites: tuple[str, ...],
    platforms: tuple[str, ...],
    kinds: tuple[str, ...],
    publisher: str,
    publisher_url: str | None,
    review_url_base: str | None,
) -> None:
    """Show every detected post with its verdict, or those the filters keep."""
    chosen = [name for name, flag in (("json", as_json), ("nl", as_nl), ("csv", as_csv)) if flag]
    if len(chosen) > 1:
        raise click.UsageError("choose one of --json, --nl and --csv")
    output_format = chosen[0] if chosen else output_format
    rows = [
        row
        for row in quote_rows(open_archive(db_path, existing=True, writable=False))
        if _kept(row, statuses=statuses, article=article, sites=sites, platforms=platforms)
        and (not kinds or row["kind"] in kinds)
    ]
    if output_format == "claimreview":
        from verifier.publish.claimreview import claim_reviews

        reviews = claim_reviews(
            rows,
            publisher=publisher,
            publisher_url=publisher_url,
            review_url_base=review_url_base,
        )
        click.echo(json.dumps(list(reviews), ensure_ascii=False, indent=2))
    elif output_format == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif output_format == "nl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    elif output_format == "csv":
        _echo_csv(rows)
    else:
        tablefmt = "github" if output_format == "markdown" else "simple"
        cells = [_report_cells(r, markdown=output_format == "markdown") for r in rows]
        click.echo(tabulate(cells, headers=REPORT_HEADERS, tablefmt=tablefmt))


def _kept(
    row: dict[str, Any],
    *,
    statuses: tuple[str, ...],
    article: str | None,
    sites: tuple[str, ...],
    platforms: tuple[str, ...],
) -> bool:
    if statuses and row["status"] not in statuses:
        return False
    if sites and row["site"] not in {site.lower().removeprefix("www.") for site in sites}:
        return False
    if platforms and row["platform"] not in {platform.lower() for platform in platforms}:
        return False
    if article:
        named = (row["article"], row["article_url"], row["article_title"], row["article_id"])
        return any(article.lower() in (value or "").lower() for value in named)
    return True


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


def shown_path(source: str, *, width: int = 40) -> str:
    """An article's source as a reader tells it from the others: a path relative to the
    working folder where it is under it, and cut from the left (the file's name is what
    differs, not the folders every article shares)."""
    path = Path(source)
    if not source.startswith(("http://", "https://")) and path.is_absolute():
        with contextlib.suppress(ValueError):  # not under the working folder
            source = str(path.relative_to(Path.cwd()))
    source = " ".join(source.split())
    return source if len(source) <= width else "…" + source[-(width - 1) :]


def _report_cells(r: dict[str, Any], *, markdown: bool) -> list[str]:
    cells = [
        shown_path(r["article"]),
        r["platform"],
        r["kind"],
        r["author_handle"] or "",
        r["post_id"] or "",
        r["status"] or "",
        _flag(r["author_ok"]),
        _flag(r["date_ok"]),
        "" if r["similarity"] is None else f"{r['similarity']:.2f}",
        short(r["displayed_text"] or "", 50),
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


def _flag(value: bool | None) -> str:
    return {True: "yes", False: "NO", None: "?"}[value]
