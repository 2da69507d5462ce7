"""The archive's shape, declared once: every table, key, index, full-text index and view, as
sqlite-utils migrations applied in order. `ensure_shape(db)` brings any archive, new or old, to
the current shape and is cheap to call on every run.

    payloads       raw records and responses, stored once by SHA-256
    sources        where a post's text came from: an import (file:line) or a fetch
    articles       each article read: file or URL, when and how
    posts          originals as their platforms published them (current state)
    embeds         posts found in articles: embeds, remnants, links
    verdicts       the judgement on each embed
    problems       bad input met by a run
    fetches        every request made for a post (m003)
    post_versions  every text a post has had: edits are versions, never overwrites (m003)
    post_history   what changed between checks: first seen, edited, gone, reappeared (m003)
    article_sites, quotes   the read-only views `report` and Datasette read (m002)
    images, screenshots     pictures of posts, and what OCR read in each (m005)
"""

from __future__ import annotations

import weakref

import sqlite_utils

from verifier.store.views import PUBLISH_VIEWS

migrations = sqlite_utils.Migrations("verifier")
_SHAPED: weakref.WeakSet[sqlite_utils.Database] = weakref.WeakSet()


def ensure_shape(db: sqlite_utils.Database) -> None:
    """Apply pending migrations, once per connection."""
    if db not in _SHAPED:
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
    for name, sql in PUBLISH_VIEWS:
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
def m005_screenshots(db: sqlite_utils.Database) -> None:
    """Screenshots of posts: each picture once by SHA-256, and what was read in it, per embed."""
    db.table("images").create(
        {"sha256": str, "mime": str, "width": int, "height": int, "size": int, "data": bytes},
        pk="sha256",
    )
    db.table("screenshots").create(
        {
            "embed_id": str,
            "article_id": str,
            "source": str,
            "found_in": str,
            "image_sha256": str,
            "engine": str,
            "ocr_lines": str,  # JSON: [{"text", "confidence", "left", "top", "height"}]
            "text_confidence": float,
            "platform": str,
            "display_name": str,
            "handle": str,
            "date_text": str,
            "day": str,
            "text": str,
            "counts": str,  # JSON: {"likes": "1.2K", ...}
        },
        pk="embed_id",
        foreign_keys=[
            ("embed_id", "embeds", "id"),
            ("article_id", "articles", "id"),
            ("image_sha256", "images", "sha256"),
        ],
    )
    db.table("screenshots").create_index(["article_id"], if_not_exists=True)
