"""The archive's shape, declared once: every table, key, index, full-text index and view, as
sqlite-utils migrations applied in order. `ensure_shape(db)` brings any archive, new or old, to
the current shape and is cheap to call on every run.

    payloads       raw records and responses, stored once by SHA-256
    sources        where a post's text came from: an import (file:line) or a fetch
    articles       each capture of an article: file or URL, when and how; its raw bytes (m008);
                   the page it is a capture of, when captured, whether the latest (m009)
    posts          originals as their platforms published them (current state)
    embeds         posts found in articles: embeds, remnants, links
    verdicts       the judgement on each embed
    problems       bad input met by a run
    fetches        every request made for a post (m003)
    post_versions  every text a post has had: edits are versions, never overwrites (m003)
    post_history   what changed between checks: first seen, edited, gone, reappeared (m003)
    posts_platform_author_day   posts by platform, handle ignoring case, and day (m006)
    article_sites, quotes   the read-only views `report` and Datasette read (m002)
    capture_quotes every capture's posts; `quotes` keeps each page's latest capture (m009)
    quotes_fts     the quotes' full-text search: the article's text and the original's (m010)
    findings       the few columns a reader needs first, worst first (m005)
    ledger, ledger_bodies, ledger_verdicts, ledger_signatures   the hash-chained run log (m007)
    images, screenshots     pictures of posts, and what OCR read in each (m009)
"""

from __future__ import annotations

import weakref

import sqlite_utils

from verifier.store import tables
from verifier.store.views import (
    CAPTURE_VIEWS,
    FINDINGS_VIEW,
    PUBLISH_VIEWS_M002,
    quote_search_sql,
)

migrations = sqlite_utils.Migrations("verifier")
_SHAPED: weakref.WeakSet[sqlite_utils.Database] = weakref.WeakSet()


def ensure_shape(db: sqlite_utils.Database) -> None:
    """Apply pending migrations, once per connection. Two runs may open a new archive at
    once: the migrations are applied in one write transaction, and the list of those pending
    is read again once it holds the lock, so the second run finds them done."""
    if db not in _SHAPED:
        if migrations.pending(db):
            with db.atomic():
                migrations.apply(db)
        _SHAPED.add(db)


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    db.table("payloads").create(
        {"sha256": str, "body": str, "size": int, "content_type": str}, pk="sha256"
    )
    db.table("sources").create(
        {
            "id": str,
            "kind": str,
            "location": str,
            "fetcher": str,
            "at": str,
            "http_status": int,
            "payload_sha256": str,
        },
        pk="id",
        foreign_keys=[("payload_sha256", "payloads", "sha256")],
    )
    db.table("articles").create(
        {
            "id": str,
            "source": str,
            "url": str,
            "final_url": str,
            "title": str,
            "published": str,
            "language": str,
            "is_html": int,
            "sha256": str,
            "encoding": str,
            "fetched_at": str,
            "http_status": int,
            "checked_at": str,
        },
        pk="id",
    )
    db.table("posts").create(
        {
            "id": str,
            "platform": str,
            "post_id": str,
            "url": str,
            "author_handle": str,
            "author_name": str,
            "text": str,
            "raw_text": str,
            "created_at": str,
            "language": str,
            "reply_to": str,
            "display_start": int,
            "outcome": str,
            "reason": str,
            "source_id": str,
            "first_seen": str,
            "last_seen": str,
        },
        pk="id",
        foreign_keys=[("source_id", "sources", "id")],
    )
    db.table("embeds").create(
        {
            "id": str,
            "article_id": str,
            "position": int,
            "platform": str,
            "kind": str,
            "post_key": str,
            "post_id": str,
            "post_url": str,
            "author_handle": str,
            "author_name": str,
            "displayed_text": str,
            "displayed_date": str,
            "displayed_day": str,
            "language": str,
            "markup": str,
            "location": str,
            "quoted_post_url": str,
            "context_text": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id"), ("post_key", "posts", "id")],
    )
    db.table("verdicts").create(
        {
            "embed_id": str,
            "article_id": str,
            "post_key": str,
            "status": str,
            "author_ok": int,
            "date_ok": int,
            "similarity": float,
            "shown_text": str,
            "diff": str,
            "searched": str,
            "reason": str,
            "checked_at": str,
        },
        pk="embed_id",
        foreign_keys=[
            ("embed_id", "embeds", "id"),
            ("article_id", "articles", "id"),
            ("post_key", "posts", "id"),
        ],
    )
    db.table("problems").create(
        {
            "id": str,
            "source": str,
            "stage": str,
            "message": str,
            "line": int,
            "severity": str,
            "first_seen": str,
            "last_seen": str,
        },
        pk="id",
    )
    for table, columns in {
        "embeds": ["article_id"],
        "verdicts": ["status"],
        "posts": ["platform", "author_handle"],
    }.items():
        for column in columns:
            db.table(table).create_index([column], if_not_exists=True)
    db.table("posts").enable_fts(["text", "author_handle", "author_name"], create_triggers=True)
    db.table("embeds").enable_fts(
        ["displayed_text", "author_handle", "author_name"], create_triggers=True
    )


@migrations()
def m002_publish_views(db: sqlite_utils.Database) -> None:
    """The views Datasette and `report` read: each article's site, and `quotes` with the
    columns that links, facets and full-text search need (see views.py)."""
    for name, sql in PUBLISH_VIEWS_M002:
        db.create_view(name, sql, replace=True)


@migrations()
def m003_fetch_evidence(db: sqlite_utils.Database) -> None:
    db.table("fetches").create(
        {
            "id": str,
            "post_key": str,
            "platform": str,
            "fetcher": str,
            "url": str,
            "final_url": str,
            "redirects": str,  # JSON list of each Location followed
            "requested_at": str,
            "elapsed": float,
            "attempts": int,
            "http_status": int,
            "headers": str,  # JSON object of the headers kept
            "payload_sha256": str,
            "size": int,
            "error": str,
            "outcome": str,
            "reason": str,
        },
        pk="id",
        foreign_keys=[("payload_sha256", "payloads", "sha256")],
    )
    db.table("post_versions").create(
        {
            "id": str,
            "post_key": str,
            "text": str,
            "raw_text": str,
            "posted_at": str,  # when the platform says this version was published
            "platform_version_id": str,
            "origin": str,  # fetch, history, archive, import
            "archived_at": str,
            "source_id": str,
            "first_seen": str,
            "last_seen": str,
        },
        pk="id",
        foreign_keys=[("post_key", "posts", "id"), ("source_id", "sources", "id")],
    )
    db.table("post_history").create(
        {
            "id": str,
            "post_key": str,
            "at": str,
            "event": str,
            "outcome": str,
            "previous_outcome": str,
            "version_id": str,
            "fetch_id": str,
            "detail": str,
        },
        pk="id",
        foreign_keys=[
            ("post_key", "posts", "id"),
            ("version_id", "post_versions", "id"),
            ("fetch_id", "fetches", "id"),
        ],
    )
    posts = db.table("posts")
    for column, kind in [
        ("text_complete", int),
        ("edited_at", str),
        ("edit_ids", str),
        ("links", str),
        ("archived_at", str),
        ("current_version", str),
        ("last_checked", str),
        ("last_fetch_id", str),
    ]:
        posts.add_column(column, kind)
    db.table("sources").add_column("fetch_id", str)
    db.table("sources").add_column("archived_at", str)
    db.table("verdicts").add_column("post_version", str)
    for table, column in [
        ("fetches", "post_key"),
        ("fetches", "requested_at"),
        ("post_versions", "post_key"),
        ("post_history", "post_key"),
    ]:
        db.table(table).create_index([column], if_not_exists=True)


@migrations()
def m004_post_is_reply(db: sqlite_utils.Database) -> None:
    """Whether a post replies to another (null: its source did not say): only a reply's
    leading @mentions may be missing from a quote."""
    db.table("posts").add_column("is_reply", int)


@migrations()
def m005_findings_view(db: sqlite_utils.Database) -> None:
    """`findings`: the slim, worst-first table the newsroom opens (see views.py)."""
    db.create_view("findings", FINDINGS_VIEW, replace=True)


@migrations()
def m007_ledger(db: sqlite_utils.Database) -> None:
    """The hash-chained log of runs (see ledger.py)."""
    tables.create_ledger(db)


@migrations()
def m008_article_bytes(db: sqlite_utils.Database) -> None:
    """The article kept too: its raw bytes (in payloads, by SHA-256) and how they were read."""
    articles = db.table("articles")
    for column in (
        "payload_sha256",
        "read_kind",
        "read_location",
        "read_at",
        "file_mtime",
        "content_type",
        "http_headers",
        "warc_headers",
    ):
        articles.add_column(column, str)
    articles.create_index(["payload_sha256"], if_not_exists=True)


@migrations()
def m006_inline_quotes(db: sqlite_utils.Database) -> None:
    """Quotes in an article's prose: the days their post was most likely made, and how the
    speaker's handle was found."""
    embeds = db.table("embeds")
    embeds.add_column("window_start", str)
    embeds.add_column("window_end", str)
    embeds.add_column("handle_from", str)
    # `quotes` shows the sentence around an inline quote (context_text) beside the post: the
    # views are made again with it by m009, once the captures' columns exist too.


@migrations()
def m009_article_captures(db: sqlite_utils.Database) -> None:
    """An article read twice with different bytes (a WARC's two captures of one URL, a page
    that changed) is two captures, each with its embeds and verdicts: `page_id` names the page
    (the id every capture of it had before), `captured_at` when it was captured, `is_latest` the
    capture views show. Rows already stored are each their page's one, latest capture."""
    articles = db.table("articles")
    articles.add_column("page_id", str)
    articles.add_column("captured_at", str)
    articles.add_column("is_latest", int)
    db.execute(
        "update articles set page_id = id, is_latest = 1,"
        " captured_at = coalesce(read_at, fetched_at, checked_at)"
    )
    articles.create_index(["page_id", "sha256"], if_not_exists=True)
    for name, sql in CAPTURE_VIEWS:
        db.create_view(name, sql, replace=True)


@migrations()
def m006_posts_by_author_and_day(db: sqlite_utils.Database) -> None:
    """Matching a quote without a post id asks for an author's posts around a day, handles
    ignoring case (`LocalArchive.by_author`). No index on `author_handle` serves
    `lower(author_handle)`, so every quote read all of its platform's posts (377 ms a quote at
    10^6 posts); an index on the expressions the query uses serves it directly."""
    db.execute(
        "create index if not exists posts_platform_author_day on posts"
        " (platform, lower(author_handle), substr(created_at, 1, 10))"
    )


@migrations()
def m009_screenshots(db: sqlite_utils.Database) -> None:
    """Screenshots of posts: each picture once by SHA-256, and what was read in it, per embed."""
    tables.create_screenshots(db)


@migrations()
def m010_quote_search(db: sqlite_utils.Database) -> None:
    """Full-text search on quotes reaches the original's text too, not only the article's
    (`quotes_fts`, see views.py); indexes on the post an embed or a verdict names keep its
    triggers cheap when a post is imported or edited."""
    db.table("embeds").create_index(["post_key"], if_not_exists=True)
    db.table("verdicts").create_index(["post_key"], if_not_exists=True)
    for statement in quote_search_sql():
        db.execute(statement)
