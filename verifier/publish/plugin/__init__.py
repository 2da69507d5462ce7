"""verifier's Datasette plugin: the newsroom's pages, and readable cells.

- `/`: Datasette's index, with the archive at a glance above it: counts, small charts, the
  articles with the most serious findings first, and a search box (plugin/newsroom.py);
- `/-/articles/<article_id>`: every post an article shows, in reading order, with its verdict;
- `/-/verdicts/<embed_id>`: the article's text beside the original, changed words marked, with
  links to the article, the post, its archived capture and the copy held; `.../evidence.json`
  and `.../print` hand it over (plugin/verdicts.py);
- cells: statuses as labels (a faithful verdict on a gone original says so), diffs as marked
  words, article titles and `embed_id`s as links to their pages, payloads indented;
- robots kept out: `/robots.txt` disallows all, every response says `X-Robots-Tag: noindex`.

The plugin acts only on the archive: the database its settings name (`plugins: verifier:
database: NAME`, written by `verifier serve` and `verifier metadata`), else the one a plain
`datasette archive.db` was given, found by its shape (plugin/setup.py). Installed beside other
Datasette sites, it leaves them alone. It reads through Datasette's own connections, with
parameters, and never writes.
"""

from __future__ import annotations

import json
from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup

from verifier.publish.metadata import PLUGIN
from verifier.publish.newsroom import status_names
from verifier.publish.plugin.newsroom import article_page, find, front_page
from verifier.publish.plugin.reading import archive_database, article_path, verdict_path
from verifier.publish.plugin.setup import find_and_describe, metadata_for_plain_datasette
from verifier.publish.plugin.verdicts import evidence_json, print_page, verdict_page
from verifier.publish.render import (
    check_mark,
    inline_diff,
    is_gone,
    parse_diff,
    pretty_json,
    status_badge,
)

ROBOTS_TXT = "User-agent: *\nDisallow: /\n"
_ID = r"(?P<embed_id>[^/]+)"


@hookimpl
def startup(datasette: Any) -> Any:
    async def inner() -> None:
        await find_and_describe(datasette)

    return inner


@hookimpl
def get_metadata(datasette: Any, key: Any, database: Any, table: Any) -> dict[str, Any] | None:
    """Datasette 0.65 only (1.0 has no such hook): the archive's metadata when none was given.
    (Not through `archive_database`: reading the plugin's settings asks this hook again.)"""
    return metadata_for_plain_datasette(datasette)


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [
        (r"^/robots\.txt$", robots_txt),
        (rf"^/-/verdicts/{_ID}/evidence\.json$", evidence_json),
        (rf"^/-/verdicts/{_ID}/print$", print_page),
        (rf"^/-/verdicts/{_ID}$", verdict_page),
        (r"^/-/articles/(?P<article_id>[^/]+)$", article_page),
        (r"^/-/find$", find),
    ]


async def robots_txt(datasette: Any) -> Response:
    if archive_database(datasette) is None:
        raise NotFound("robots.txt")
    return Response.text(ROBOTS_TXT)


@hookimpl
def extra_template_vars(view_name: str, request: Any, datasette: Any) -> Any:
    async def inner() -> dict[str, Any]:
        if view_name != "index":
            return {}
        return {
            "verifier_front": await front_page(datasette, request),
            "verifier_database": archive_database(datasette),
        }

    return inner


@hookimpl
def render_cell(
    row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any
) -> Any:
    if database != archive_database(datasette):
        return None
    if column == "status":
        return status_badge(value, gone=is_gone(_cell(row, "original_outcome")))
    if column in ("author_ok", "date_ok"):
        return check_mark(value)
    if column == "diff":
        diff = parse_diff(value)
        excerpt = _cell(row, "status") == "truncated"
        return inline_diff(diff, excerpt=excerpt) if diff else None
    if column == "embed_id" and table != "verdicts" and isinstance(value, str):
        # The verdicts table links embed_id to its embeds row already: keep that.
        return Markup('<a href="{}" title="embed {}">verdict&nbsp;›</a>').format(
            verdict_path(datasette, value), value
        )
    if column == "article" and table == "findings" and _cell(row, "article_id"):
        return Markup('<a href="{}">{}</a>').format(
            article_path(datasette, str(_cell(row, "article_id"))), value
        )
    if column == "body" and table == "payloads":
        pretty = pretty_json(value)
        return Markup('<pre class="verifier-json">{}</pre>').format(pretty) if pretty else None
    return None


def _cell(row: Any, column: str) -> Any:
    """A column of the row being rendered, where the row has it (sqlite3.Row or dict)."""
    try:
        return row[column]
    except (KeyError, IndexError, TypeError):
        return None


@hookimpl
def extra_css_urls(datasette: Any) -> list[str]:
    if archive_database(datasette) is None:
        return []
    return [datasette.urls.static_plugins(PLUGIN, "verifier.css")]


@hookimpl
def extra_body_script(database: str | None, datasette: Any) -> str:
    """Facets list statuses by their codes: show each as the label its badges use."""
    if database is None or database != archive_database(datasette):
        return ""
    labels = json.dumps(status_names()).replace("<", "\\u003c")
    return (
        f"const verifierLabels = {labels};\n"
        "document.querySelectorAll('.facet-info[data-column=\"status\"] li').forEach(li => {\n"
        "  const a = li.querySelector('a:not(.cross)');\n"
        "  const node = a ? a.firstChild : li.firstChild;\n"
        "  if (!node || node.nodeType !== 3) return;\n"
        "  const code = node.textContent.trim().split(' ')[0];\n"
        "  if (verifierLabels[code]) node.textContent = node.textContent.replace(code,"
        " verifierLabels[code]);\n"
        "});"
    )


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    def wrap(app: Any) -> Any:
        async def noindex(scope: dict[str, Any], receive: Any, send: Any) -> None:
            if scope.get("type") != "http" or archive_database(datasette) is None:
                await app(scope, receive, send)
                return

            async def send_with_header(event: dict[str, Any]) -> None:
                if event["type"] == "http.response.start":
                    # A new event, not the one passed in: the app may reuse it.
                    headers = [*event.get("headers", []), (b"x-robots-tag", b"noindex, nofollow")]
                    event = {**event, "headers": headers}
                await send(event)

            await app(scope, receive, send_with_header)

        return noindex

    return wrap
