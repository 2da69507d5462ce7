"""The archive: the only package that talks to SQLite.

schema.py         the shape, declared once as migrations; views.py, the views' SQL
__init__.py       articles, embeds, verdicts and problems; the local archive
evidence.py       what a fetch or an import changes: posts, versions, history
evidence_rows.py  one writer per row of evidence
held.py           the evidence read back: originals with their versions, posts to recheck
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import sqlite_utils
from sqlite_utils.db import Table

from verifier.models import Article, Embed, Original, Outcome, Problem, Verdict
from verifier.store.schema import ensure_shape


class ArchiveError(Exception):
    "The archive cannot be opened, or cannot be written"


def open_db(
    path: str | Path | sqlite3.Connection, *, writable: bool = True
) -> sqlite_utils.Database:
    """Open (or create) an archive and bring it to the current shape. Raises ArchiveError,
    naming the file, if it is not an SQLite database, or cannot be written when `writable`
    (checked now, before a run has done any work it could not keep)."""
    try:
        db = sqlite_utils.Database(path)
        ensure_shape(db)
        if writable:
            # Writing the header's user_version as it is: the cheapest write SQLite refuses
            # on a read-only file.
            version = int(db.execute("pragma user_version").fetchone()[0])
            db.execute(f"pragma user_version = {version}")
    except sqlite3.DatabaseError as error:
        raise ArchiveError(f"{path}: {_archive_problem(error)}") from error
    return db


def _archive_problem(error: sqlite3.DatabaseError) -> str:
    name = getattr(error, "sqlite_errorname", "")
    if name == "SQLITE_NOTADB":
        return "not an SQLite database"
    if name == "SQLITE_READONLY":
        return "the archive cannot be written (read-only); check its permissions"
    return f"cannot use the archive: {error}"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _id(*parts: object) -> str:
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:20]


def _table(db: sqlite_utils.Database, name: str) -> Table:
    return db.table(name)


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None


def article_id(source: str) -> str:
    """Articles are known by where they came from: the URL, or the file's absolute path."""
    if source.startswith(("http://", "https://")):
        return _id("url", source)
    return _id("file", Path(source).resolve())


def save_article(db: sqlite_utils.Database, article: Article) -> str:
    key = article_id(article.source)
    _table(db, "articles").upsert(
        {
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
            "fetched_at": _iso(article.fetched_at),
            "http_status": article.http_status,
            "checked_at": now(),
        },
        pk="id",
    )
    return key


def embed_id(article_key: str, embed: Embed) -> str:
    return _id(article_key, embed.position, embed.platform, embed.kind.value, embed.post_id)


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
            displayed_day=_iso(embed.displayed_day),
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
            _table(db, "embeds").upsert_all(rows, pk="id")
    return keys


def _original_from_row(row: dict[str, Any]) -> Original:
    created = datetime.fromisoformat(row["created_at"]) if row["created_at"] else None
    return Original(
        platform=row["platform"],
        post_id=row["post_id"],
        text=row["text"] or "",
        author_handle=row["author_handle"],
        author_name=row["author_name"],
        created_at=created,
        url=row["url"],
        language=row["language"],
        raw_text=row["raw_text"],
        reply_to=row["reply_to"],
        is_reply=None if row.get("is_reply") is None else bool(row["is_reply"]),
        display_start=row["display_start"],
        provenance=row["source_id"] or "",
        outcome=Outcome(row["outcome"]),
        reason=row["reason"],
    )


class LocalArchive:
    """The originals already in the archive, as the resolver asks for them."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def get(self, key: str) -> Original | None:
        rows = list(self.db.query("select * from posts where id = ?", [key]))
        return _original_from_row(rows[0]) if rows else None

    def by_author(self, platform: str, handle: str, start: date, end: date) -> list[Original]:
        """An author's posts created between two days (inclusive); handles ignore case."""
        rows = self.db.query(
            "select * from posts where platform = ? and lower(author_handle) = lower(?)"
            " and substr(created_at, 1, 10) between ? and ?",
            [platform, handle, start.isoformat(), end.isoformat()],
        )
        return [_original_from_row(row) for row in rows]


def save_verdict(
    db: sqlite_utils.Database, embed_key: str, article_key: str, verdict: Verdict
) -> None:
    _table(db, "verdicts").upsert(
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
        },
        pk="embed_id",
    )


def save_problem(db: sqlite_utils.Database, problem: Problem) -> None:
    """Problems are kept, one row each however often a re-run meets them again."""
    key = _id(problem.source, problem.stage, problem.message, problem.line)
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
