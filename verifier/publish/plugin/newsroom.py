"""The newsroom's pages in Datasette: the front page's figures (Datasette's own index page,
with the archive at a glance above it), `/-/articles/<article_id>`, and `/-/find?q=`, the front
page's search box (an article's URL, a handle, or words)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from datasette.utils import tilde_decode
from datasette.utils.asgi import Forbidden, NotFound, Response

from verifier.models import Outcome, Status
from verifier.publish.newsroom import FrontPage, build_article_page, build_front_page
from verifier.publish.plugin.reading import (
    all_rows,
    archive_database,
    article_path,
    check_can_view,
    one,
    verdict_path,
    viewable_archive,
)

_GONE = ", ".join(f"'{o.value}'" for o in Outcome if o.is_unavailable)
_COMPARED = ", ".join(
    f"'{s.value}'" for s in (Status.VERIFIED, Status.TRUNCATED, Status.ALTERED, Status.MISMATCH)
)
_FAITHFUL = f"'{Status.VERIFIED.value}', '{Status.TRUNCATED.value}'"
TOTALS_SQL = "select count(distinct article_id) as articles, count(*) as posts from findings"
STATUSES_SQL = "select status, count(*) as count from findings group by status"
PLATFORMS_SQL = (
    "select platform, count(*) as count from findings group by platform order by count desc"
)
# When posts were first seen gone: the history a recheck or a fetch records.
GONE_SQL = f"""
select substr(at, 1, 7) as month, count(distinct post_key) as count from post_history
where outcome in ({_GONE}) and (previous_outcome is null or previous_outcome not in ({_GONE}))
group by month order by month
"""
SITES_SQL = f"""
select site, count(*) as posts, sum(status in ({_FAITHFUL})) as faithful,
  sum(status in ({_COMPARED})) as compared
from findings group by site order by posts desc, site limit 10
"""
# Articles with something to read first: anything but a plain faithful or link verdict.
WORST_SQL = f"""
with serious as (
  select article_id, min(severity) as worst from findings
  where status not in ('{Status.VERIFIED.value}', '{Status.LINK.value}')
     or original_outcome in ({_GONE})
  group by article_id order by worst limit 20
)
select findings.article_id, max(findings.article) as article, max(findings.site) as site,
  findings.status, count(*) as count
from findings join serious using (article_id)
group by findings.article_id, findings.status
"""
ARTICLE_SQL = """
select articles.*, article_sites.site from articles
join article_sites on article_sites.article_id = articles.id where articles.id = :id
"""
ARTICLE_QUOTES_SQL = """
select quotes.* from capture_quotes as quotes join embeds on embeds.id = quotes.embed_id
where quotes.article_id = :id order by embeds.position
"""
FIND_ARTICLE_SQL = """
select id from articles
where source = :q or url = :q or final_url = :q or rtrim(url, '/') = rtrim(:q, '/')
   or rtrim(final_url, '/') = rtrim(:q, '/')
order by is_latest desc, captured_at desc
limit 1
"""
FIND_POST_SQL = "select embed_id from quotes where post_url = :q or original_url = :q limit 1"
FIND_HANDLE_SQL = """
select 1 from quotes where lower(author_handle) = lower(:handle)
  or lower(original_author) = lower(:handle) limit 1
"""
_HANDLE = re.compile(r"@?[A-Za-z0-9_.]{1,30}")


async def front_page(datasette: Any, request: Any) -> FrontPage | None:
    """The figures above Datasette's index page, for the archive's own instance."""
    name = archive_database(datasette)
    if name is None:
        return None
    try:
        await check_can_view(datasette, request.actor if request else None, name)
    except Forbidden:
        return None  # Datasette's own index, which lists only what this reader may see
    db = datasette.get_database(name)
    findings = datasette.urls.table(name, "findings")
    return build_front_page(
        totals=await one(db, TOTALS_SQL, {}) or {},
        statuses=await all_rows(db, STATUSES_SQL),
        platforms=await all_rows(db, PLATFORMS_SQL),
        gone=await all_rows(db, GONE_SQL),
        sites=await all_rows(db, SITES_SQL),
        articles=await all_rows(db, WORST_SQL),
        hrefs=lambda column, value: f"{findings}?{urlencode({column: value})}",
        article_href=lambda key: article_path(datasette, key),
    )


async def article_page(request: Any, datasette: Any) -> Response:
    name, db = await viewable_archive(request, datasette, pages="articles")
    article_id = tilde_decode(request.url_vars["article_id"])
    article = await one(db, ARTICLE_SQL, {"id": article_id})
    if article is None:
        raise NotFound(f"no article {article_id!r} in {name}")
    quotes = await all_rows(db, ARTICLE_QUOTES_SQL, {"id": article_id})
    differ = (
        datasette.urls.database(name) + "/quotes_that_differ?" + urlencode({"article": article_id})
    )
    page = build_article_page(
        article,
        quotes,
        verdict_href=lambda key: verdict_path(datasette, key),
        differ_href=differ,
    )
    context = {"page": page, "database": name, "table": "findings"}
    return Response.html(
        await datasette.render_template("verifier_article.html", context, request=request)
    )


async def find(request: Any, datasette: Any) -> Response:
    """The search box: an article's address opens its page, a post's its verdict, a handle
    the stored query about its author; anything else searches the quoted texts."""
    name = archive_database(datasette)
    if name is None:
        raise NotFound("search is served for a verifier archive only")
    await check_can_view(datasette, request.actor, name)
    db = datasette.get_database(name)
    query = " ".join((request.args.get("q") or "").split())
    findings = datasette.urls.table(name, "findings")
    if not query:
        return Response.redirect(findings)
    if article := await one(db, FIND_ARTICLE_SQL, {"q": query}):
        return Response.redirect(article_path(datasette, article["id"]))
    if post := await one(db, FIND_POST_SQL, {"q": query}):
        return Response.redirect(verdict_path(datasette, post["embed_id"]))
    handle = query.removeprefix("@")
    if _HANDLE.fullmatch(query) and await one(db, FIND_HANDLE_SQL, {"handle": handle}):
        author = datasette.urls.database(name) + "/author?" + urlencode({"handle": handle})
        return Response.redirect(author)
    return Response.redirect(f"{findings}?{urlencode({'_search': query})}")
