"""The verdict's pages: `/-/verdicts/<embed_id>` to read, `.../evidence.json` to hand over,
`.../print` to print (A4)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from datasette.utils import tilde_decode, tilde_encode
from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup

from verifier.http.client import package_version
from verifier.publish.bundle import build_bundle
from verifier.publish.page import VerdictPage, build_page
from verifier.publish.plugin.reading import (
    all_rows,
    article_path,
    one,
    verdict_path,
    viewable_archive,
)

STYLESHEET = Path(__file__).parent / "static" / "verifier.css"
QUOTE_SQL = """
select quotes.*, articles.published as article_published, articles.sha256 as article_sha256,
  articles.payload_sha256 as article_payload_sha256, articles.read_kind as article_read_kind,
  articles.read_location as article_read_location, articles.read_at as article_read_at
from capture_quotes as quotes join articles on articles.id = quotes.article_id
where quotes.embed_id = :embed_id
"""
ORIGINAL_SQL = """
select posts.*, sources.kind as source_kind, sources.location as source_location,
  sources.at as source_at, sources.payload_sha256 as payload_sha256, payloads.body as payload
from posts
left join sources on sources.id = posts.source_id
left join payloads on payloads.sha256 = sources.payload_sha256
where posts.id = :post_key
"""
OTHERS_SQL = """
select embed_id, article, article_title, status, original_outcome from quotes
where post_key = :post_key and embed_id != :embed_id
"""
# A web archive's capture of the post: a source with `archived_at` (verifier.store.evidence), the
# post's own or one of its versions'.
CAPTURE_SQL = """
select location, archived_at from sources
where archived_at is not null and (
  id = (select source_id from posts where id = :post_key)
  or id in (select source_id from post_versions where post_key = :post_key)
)
order by archived_at desc limit 1
"""
# Everything behind the original, for the bundle: every source its text and versions came
# from, every request made for it, every version and every change seen.
SOURCES_SQL = """
select * from sources
where id = (select source_id from posts where id = :post_key)
   or id in (select source_id from post_versions where post_key = :post_key)
   or fetch_id in (select id from fetches where post_key = :post_key)
order by at, id
"""
SCREENSHOT_SQL = """
select screenshots.*, images.mime, images.width, images.height, images.data
from screenshots join images on images.sha256 = screenshots.image_sha256
where screenshots.embed_id = :embed_id
"""
FETCHES_SQL = "select * from fetches where post_key = :post_key order by requested_at, id"
VERSIONS_SQL = "select * from post_versions where post_key = :post_key order by first_seen, id"
HISTORY_SQL = "select * from post_history where post_key = :post_key order by at, id"


class _Verdict:
    """The rows of one verdict, read once for whichever page shows them."""

    def __init__(self, name: str, db: Any, quote: dict[str, Any]) -> None:
        self.name = name
        self.db = db
        self.quote = quote
        self.post_key = quote.get("post_key")
        self.original: dict[str, Any] | None = None

    async def read_original(self) -> None:
        if self.post_key:
            self.original = await one(self.db, ORIGINAL_SQL, {"post_key": self.post_key})

    async def rows(self, sql: str) -> list[dict[str, Any]]:
        return await all_rows(self.db, sql, {"post_key": self.post_key}) if self.post_key else []


async def _verdict(request: Any, datasette: Any) -> _Verdict:
    name, db = await viewable_archive(request, datasette, pages="verdicts")
    embed_id = tilde_decode(request.url_vars["embed_id"])
    quote = await one(db, QUOTE_SQL, {"embed_id": embed_id})
    if quote is None:
        raise NotFound(f"no detected post {embed_id!r} in {name}")
    verdict = _Verdict(name, db, quote)
    await verdict.read_original()
    return verdict


async def _page(datasette: Any, verdict: _Verdict) -> VerdictPage:
    quote = verdict.quote
    embed_id = str(quote["embed_id"])
    others = await all_rows(
        verdict.db, OTHERS_SQL, {"post_key": verdict.post_key, "embed_id": embed_id}
    )
    captures = await verdict.rows(CAPTURE_SQL)
    capture = captures[0] if captures else None
    digest = (verdict.original or {}).get("payload_sha256")
    held = datasette.urls.row(verdict.name, "payloads", tilde_encode(digest)) if digest else None
    return build_page(
        quote,
        verdict.original,
        others,
        capture=capture,
        verdict_href=lambda key: verdict_path(datasette, key),
        row_hrefs=_row_hrefs(datasette, verdict.name, quote),
        held_href=held,
        links=(
            ("The article's page", article_path(datasette, str(quote["article_id"]))),
            ("Evidence (JSON)", verdict_path(datasette, embed_id, "/evidence.json")),
            ("Print view", verdict_path(datasette, embed_id, "/print")),
        ),
        screenshot=await _screenshot(verdict.db, embed_id),
    )


async def _screenshot(db: Any, embed_id: str) -> dict[str, Any] | None:
    # Archives made before screenshots were read have no such table.
    if not await one(db, "select 1 from sqlite_master where name = 'screenshots'", {}):
        return None
    return await one(db, SCREENSHOT_SQL, {"embed_id": embed_id})


async def verdict_page(request: Any, datasette: Any) -> Response:
    verdict = await _verdict(request, datasette)
    page = await _page(datasette, verdict)
    context = {"page": page, "database": verdict.name, "table": "quotes"}
    return Response.html(
        await datasette.render_template("verifier_verdict.html", context, request=request)
    )


async def print_page(request: Any, datasette: Any) -> Response:
    verdict = await _verdict(request, datasette)
    page = await _page(datasette, verdict)
    bundle = await _bundle(request, datasette, verdict)
    context = {"page": page, "bundle": bundle, "database": verdict.name, "inline_css": None}
    if request.args.get("standalone"):
        # One file that prints alone (a PDF, a saved page): the stylesheet inside it.
        context["inline_css"] = Markup(STYLESHEET.read_text(encoding="utf-8"))
    return Response.html(
        await datasette.render_template("verifier_print.html", context, request=request)
    )


async def evidence_json(request: Any, datasette: Any) -> Response:
    verdict = await _verdict(request, datasette)
    bundle = await _bundle(request, datasette, verdict)
    response = Response.json(bundle)
    body = json.dumps(bundle, indent=2, ensure_ascii=False)
    name = f"verdict-{verdict.quote['embed_id']}.json"
    return Response(
        body,
        content_type="application/json; charset=utf-8",
        headers={**response.headers, "content-disposition": f'inline; filename="{name}"'},
    )


async def _bundle(request: Any, datasette: Any, verdict: _Verdict) -> dict[str, Any]:
    embed_id = str(verdict.quote["embed_id"])
    return build_bundle(
        verdict.quote,
        original=verdict.original,
        sources=await verdict.rows(SOURCES_SQL),
        fetches=await verdict.rows(FETCHES_SQL),
        versions=await verdict.rows(VERSIONS_SQL),
        history=await verdict.rows(HISTORY_SQL),
        made_by=f"verifier {package_version()}",
        generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
        page_url=datasette.absolute_url(request, verdict_path(datasette, embed_id)),
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
