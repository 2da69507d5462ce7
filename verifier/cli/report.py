"""`verifier report`: every detected post and its verdict, as a table, Markdown, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import click
from tabulate import tabulate

from verifier.cli.options import db_option, open_archive, short
from verifier.store import quote_rows

REPORT_FORMATS = ("table", "csv", "json", "markdown", "claimreview")


@click.command("report")
@db_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(REPORT_FORMATS),
    default="table",
    show_default=True,
    help="table or markdown to read; csv (one row per post, every column) or json (one JSON"
    " object per line and post) for scripts; claimreview: schema.org ClaimReview JSON-LD of"
    " the verdicts a fact-checker publishes (altered, mismatch, not found).",
)
@click.option("--json", "as_json", is_flag=True, help="The same as --format json.")
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
    publisher: str,
    publisher_url: str | None,
    review_url_base: str | None,
) -> None:
    """Show every detected post with its verdict."""
    rows = list(quote_rows(open_archive(db_path, existing=True, writable=False)))
    output_format = "json" if as_json else output_format
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
        short(r["article"], 30),
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
