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


def capture_id(db: sqlite_utils.Database, page: str, sha256: str) -> str | None:
    """The capture of `page` with these bytes, if the archive holds one."""
    if not sha256:
        return None
    rows = db.execute(
        "select id from articles where page_id = ? and sha256 = ? order by rowid limit 1",
        [page, sha256],
    ).fetchall()
    return str(rows[0][0]) if rows else None


def _new_capture_id(db: sqlite_utils.Database, page: str, sha256: str) -> str:
    # A page's first capture takes the page's own id, as every article had before captures
    # were kept apart: the ids of archives and their embeds stay as they were.
    taken = db.execute("select 1 from articles where id = ?", [page]).fetchall()
    return row_id(page, "capture", sha256) if taken and sha256 else page


def save_article(db: sqlite_utils.Database, article: Article) -> str:
    """Store a capture of an article (its bytes at a time), its raw bytes (once, by SHA-256, in
    payloads) and how they were read. Other bytes of the same URL (a WARC record, a fetch) are
    another capture, kept beside the earlier ones; the same bytes again update their capture.
    Returns its id."""
    page = article_id(article.source)
    # One write transaction: the capture looked up, stored and marked latest together (and
    # the lock let go at once, not held open by the last update).
    with db.atomic():
        if article.read is not None and article.read.kind == "file":
            # A local file is a working copy, not a publication: an edited file replaces its
            # earlier read (and its embeds), as it always did. A crawl or a fetch is a capture.
            key = page
        else:
            key = capture_id(db, page, article.sha256) or _new_capture_id(db, page, article.sha256)
        read_at = article.read.at if article.read else None
        _table(db, "articles").upsert(
            {
                **_read_columns(db, article),
                "id": key,
                "page_id": page,
                "captured_at": iso(read_at or article.fetched_at) or now(),
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
            },
            pk="id",
        )
        _mark_latest(db, page)
    return key


def _mark_latest(db: sqlite_utils.Database, page: str) -> None:
    """The latest capture is the one captured last; of two at one time, the one stored last
    (as a WARC's later record of a URL overwrote the earlier before captures were kept)."""
    db.execute(
        "update articles set is_latest = (id = (select id from articles where page_id = :page"
        " order by captured_at desc, rowid desc limit 1)) where page_id = :page",
        {"page": page},
    )


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
