"""Articles, the embeds found in them, their verdicts, and the problems a run met."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import sqlite_utils
from sqlite_utils.db import Table

from verifier.models import Article, Embed, Problem, Verdict
from verifier.store.db import iso, now, row_id
from verifier.store.rows import save_body
from verifier.store.upsert import upsert_rows


def _table(db: sqlite_utils.Database, name: str) -> Table:
    return db.table(name)


def article_id(source: str) -> str:
    """Articles are known by where they came from: the URL, or the file's absolute path."""
    if source.startswith(("http://", "https://")):
        return row_id("url", source)
    return row_id("file", Path(source).resolve())


def save_article(db: sqlite_utils.Database, article: Article) -> str:
    """Store an article, its raw bytes (once, by SHA-256, in payloads) and how they were read."""
    key = article_id(article.source)
    upsert_rows(
        db,
        "articles",
        [
            {
                **_read_columns(db, article),
                "id": key,
                "source": article.source,
                "url": article.url,
                "final_url": article.final_url,
                "title": article.title,
                "published": article.published,
                "language": article.language,
                "is_html": int(article.is_html),
                "sha256": article.sha256,
                "encoding": article.encoding,
                "fetched_at": iso(article.fetched_at),
                "http_status": article.http_status,
                "checked_at": now(),
            }
        ],
        pk="id",
    )
    return key


def _read_columns(db: sqlite_utils.Database, article: Article) -> dict[str, Any]:
    read = article.read
    if read is None or not article.raw:
        return {}
    return {
        "payload_sha256": save_body(db, article.raw, read.content_type),
        "read_kind": read.kind,
        "read_location": read.location,
        "read_at": iso(read.at),
        "file_mtime": iso(read.file_mtime),
        "content_type": read.content_type,
        "http_headers": json.dumps(read.http_headers) if read.http_headers else None,
        "warc_headers": json.dumps(read.warc_headers) if read.warc_headers else None,
    }


def embed_id(article_key: str, embed: Embed) -> str:
    return row_id(article_key, embed.position, embed.platform, embed.kind.value, embed.post_id)


def replace_embeds(
    db: sqlite_utils.Database, article_key: str, embeds: Iterable[Embed]
) -> list[str]:
    """Store an article's embeds; rows from an earlier run that no longer appear are removed
    with their verdicts, so that a re-run leaves exactly one row per embed."""
    keys: list[str] = []
    rows = []
    for embed in embeds:
        key = embed_id(article_key, embed)
        keys.append(key)
        row = asdict(embed)
        row.update(
            id=key,
            article_id=article_key,
            kind=embed.kind.value,
            post_key=embed.ref.key,
            displayed_day=iso(embed.displayed_day),
            window_start=iso(embed.window_start),
            window_end=iso(embed.window_end),
        )
        rows.append(row)
    with db.atomic():
        stale = [
            r["id"]
            for r in db.query("select id from embeds where article_id = ?", [article_key])
            if r["id"] not in keys
        ]
        for key in stale:
            db.execute("delete from verdicts where embed_id = ?", [key])
            db.execute("delete from embeds where id = ?", [key])
        if rows:
            upsert_rows(db, "embeds", rows, pk="id")
    return keys


def save_verdict(
    db: sqlite_utils.Database, embed_key: str, article_key: str, verdict: Verdict
) -> None:
    upsert_rows(
        db,
        "verdicts",
        [
            {
                "embed_id": embed_key,
                "article_id": article_key,
                "post_key": verdict.post_key,
                "status": verdict.status.value,
                "author_ok": None if verdict.author_ok is None else int(verdict.author_ok),
                "date_ok": None if verdict.date_ok is None else int(verdict.date_ok),
                "similarity": verdict.similarity,
                "shown_text": verdict.displayed_text,
                "diff": json.dumps([asdict(c) for c in verdict.diff], ensure_ascii=False)
                if verdict.diff
                else None,
                "searched": verdict.searched,
                "reason": verdict.reason,
                "checked_at": now(),
            }
        ],
        pk="embed_id",
    )


def save_problem(db: sqlite_utils.Database, problem: Problem) -> None:
    """Problems are kept, one row each however often a re-run meets them again."""
    key = row_id(problem.source, problem.stage, problem.message, problem.line)
    seen = now()
    table = _table(db, "problems")
    if list(db.query("select 1 from problems where id = ?", [key])):
        table.update(key, {"last_seen": seen})
    else:
        table.insert({**asdict(problem), "id": key, "first_seen": seen, "last_seen": seen}, pk="id")


def quote_rows(db: sqlite_utils.Database) -> Iterator[dict[str, Any]]:
    """Every detected post with its verdict and original, as the report shows them."""
    for row in db.query("select * from quotes"):
        row = dict(row)
        row["diff"] = json.loads(row["diff"]) if row["diff"] else None
        for flag in ("author_ok", "date_ok"):
            row[flag] = None if row[flag] is None else bool(row[flag])
        yield row
