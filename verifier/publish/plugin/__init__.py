"""verifier's Datasette plugin: each verdict on a page of its own, and readable cells.

- `/-/verdicts/<embed_id>`: the article's text beside the original, changed words marked, with
  links to the article, the post and its archived capture, and the raw payload;
- cells: statuses as labels, diffs as marked words, `embed_id` as a link to its verdict page,
  payloads indented;
- robots kept out: `/robots.txt` disallows all, every response says `X-Robots-Tag: noindex`.

The plugin acts only on the database its settings name (`plugins: verifier: database: NAME`,
written by `verifier serve` and `verifier metadata`): installed beside other Datasette sites,
it leaves them alone. It reads through Datasette's own connections, with parameters, and never
writes.
"""

from __future__ import annotations

from typing import Any

from datasette import hookimpl
from datasette.utils import tilde_decode, tilde_encode
from datasette.utils.asgi import Forbidden, NotFound, Response
from markupsafe import Markup

from verifier.publish.metadata import PLUGIN
from verifier.publish.page import build_page
from verifier.publish.render import check_mark, inline_diff, parse_diff, pretty_json, status_badge

ROBOTS_TXT = "User-agent: *\nDisallow: /\n"

QUOTE_SQL = """
select quotes.*, articles.published as article_published
from quotes join articles on articles.id = quotes.article_id
where quotes.embed_id = :embed_id
"""
ORIGINAL_SQL = """
select posts.*, sources.kind as source_kind, sources.location as source_location,
  sources.at as source_at, payloads.body as payload
from posts
left join sources on sources.id = posts.source_id
left join payloads on payloads.sha256 = sources.payload_sha256
where posts.id = :post_key
"""
OTHERS_SQL = """
select embed_id, article, article_title, status from quotes
where post_key = :post_key and embed_id != :embed_id
"""
# A web archive's capture of the post: a source with `archived_at` (verifier.store.evidence), the
# post's own or one of its versions'. Only asked where the archive has that shape.
CAPTURE_SQL = """
select location, archived_at from sources
where archived_at is not null and (
  id = (select source_id from posts where id = :post_key)
  or id in (select source_id from post_versions where post_key = :post_key)
)
order by archived_at desc limit 1
"""
SCREENSHOT_SQL = """
select screenshots.*, images.mime, images.width, images.height, images.data
from screenshots join images on images.sha256 = screenshots.image_sha256
where screenshots.embed_id = :embed_id
"""


def _database(datasette: Any) -> str | None:
    settings = datasette.plugin_config(PLUGIN) or {}
    name = settings.get("database")
    return name if isinstance(name, str) and name in datasette.databases else None


def verdict_path(datasette: Any, embed_id: str) -> str:
    # Datasette's own escaping of names in paths (it redirects %-escapes to it).
    return datasette.urls.path(f"/-/verdicts/{tilde_encode(embed_id)}")


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [
        (r"^/robots\.txt$", robots_txt),
        (r"^/-/verdicts/(?P<embed_id>[^/]+)$", verdict_page),
    ]


async def robots_txt(datasette: Any) -> Response:
    if _database(datasette) is None:
        raise NotFound("robots.txt")
    return Response.text(ROBOTS_TXT)


async def verdict_page(request: Any, datasette: Any) -> Response:
    name = _database(datasette)
    if name is None:
        raise NotFound("verdicts are served for a verifier archive only")
    await _check_can_view(datasette, request.actor, name)
    db = datasette.get_database(name)
    embed_id = tilde_decode(request.url_vars["embed_id"])
    quote_row = await _one(db, QUOTE_SQL, {"embed_id": embed_id})
    if quote_row is None:
        raise NotFound(f"no detected post {embed_id!r} in {name}")
    post_key = quote_row.get("post_key")
    original = await _one(db, ORIGINAL_SQL, {"post_key": post_key}) if post_key else None
    others = await _all(db, OTHERS_SQL, {"post_key": post_key, "embed_id": embed_id})
    capture = None
    if post_key and await _has_captures(db):
        capture = await _one(db, CAPTURE_SQL, {"post_key": post_key})
    page = build_page(
        quote_row,
        original,
        others,
        capture=capture,
        verdict_href=lambda key: verdict_path(datasette, key),
        row_hrefs=_row_hrefs(datasette, name, quote_row),
        screenshot=await _screenshot(db, embed_id),
    )
    context = {"page": page, "database": name, "table": "quotes"}
    return Response.html(
        await datasette.render_template("verifier_verdict.html", context, request=request)
    )


async def _screenshot(db: Any, embed_id: str) -> dict[str, Any] | None:
    # Archives made before screenshots were read have no such table (m005).
    if not await _one(db, "select 1 from sqlite_master where name = 'screenshots'", {}):
        return None
    return await _one(db, SCREENSHOT_SQL, {"embed_id": embed_id})


async def _check_can_view(datasette: Any, actor: dict[str, Any] | None, name: str) -> None:
    """Whoever may see the `quotes` view may see its verdicts, and no one else."""
    if hasattr(datasette, "allowed"):  # Datasette 1.0 asks about resources
        from datasette.resources import TableResource  # type: ignore[import-not-found]

        resource = TableResource(database=name, table="quotes")
        if not await datasette.allowed(action="view-table", resource=resource, actor=actor):
            raise Forbidden("view-table")
        return
    await datasette.ensure_permissions(
        actor, [("view-table", (name, "quotes")), ("view-database", name), "view-instance"]
    )


async def _one(db: Any, sql: str, params: dict[str, Any]) -> dict[str, Any] | None:
    rows = await _all(db, sql, params)
    return rows[0] if rows else None


async def _all(db: Any, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    results = await db.execute(sql, params)
    return [dict(row) for row in results.rows]


async def _has_captures(db: Any) -> bool:
    return await db.table_exists("post_versions") and "archived_at" in await db.table_columns(
        "sources"
    )


def _row_hrefs(datasette: Any, name: str, row: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    rows = [("embeds", row["embed_id"]), ("verdicts", row["embed_id"])]
    if row.get("post_key") and row.get("original_text") is not None:
        rows.append(("posts", row["post_key"]))
    rows.append(("articles", row["article_id"]))
    return tuple(
        (f"{table} row", datasette.urls.row(name, table, tilde_encode(str(key))))
        for table, key in rows
    )


@hookimpl
def render_cell(value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    if database != _database(datasette):
        return None
    if column == "status":
        return status_badge(value)
    if column in ("author_ok", "date_ok"):
        return check_mark(value)
    if column == "diff":
        diff = parse_diff(value)
        return inline_diff(diff) if diff else None
    if column == "embed_id" and table != "verdicts" and isinstance(value, str):
        # The verdicts table links embed_id to its embeds row already: keep that.
        return Markup('<a href="{}" title="embed {}">verdict&nbsp;›</a>').format(
            verdict_path(datasette, value), value
        )
    if column == "body" and table == "payloads":
        pretty = pretty_json(value)
        return Markup('<pre class="verifier-json">{}</pre>').format(pretty) if pretty else None
    return None


@hookimpl
def extra_css_urls(datasette: Any) -> list[str]:
    if _database(datasette) is None:
        return []
    return [datasette.urls.static_plugins(PLUGIN, "verifier.css")]


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    def wrap(app: Any) -> Any:
        async def noindex(scope: dict[str, Any], receive: Any, send: Any) -> None:
            if scope.get("type") != "http" or _database(datasette) is None:
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
