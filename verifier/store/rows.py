"""Rows of evidence, one function each: a request, a body, a source, a post, a version, an event.

Each writes or reads one kind of row and decides nothing about what a fetch means: that is
decided by `verifier.store.evidence` (and `imported`), which call these in the order the story
goes.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

import sqlite_utils

from verifier.models import Exchange, Original, Outcome
from verifier.store.db import iso, now, row_id
from verifier.store.upsert import insert_rows, update_row, upsert_rows


def insert_fetch(
    db: sqlite_utils.Database,
    exchange: Exchange,
    *,
    post_key: str | None,
    platform: str,
    position: int,
    payload_sha256: str | None,
) -> str:
    """One request made for a post, with what its answer said. Returns the fetch's id."""
    result = exchange.result
    fetch_id = row_id(
        "fetch", post_key, exchange.fetcher, result.url, result.fetched_at.isoformat(), position
    )
    insert_rows(
        db,
        "fetches",
        [
            {
                "id": fetch_id,
                "post_key": post_key,
                "platform": platform,
                "fetcher": exchange.fetcher,
                "url": result.url,
                "final_url": result.final_url,
                "redirects": json.dumps(list(result.redirects)),
                "requested_at": result.fetched_at.isoformat(),
                "elapsed": round(result.elapsed, 3),
                "attempts": result.attempts,
                "http_status": result.status,
                "headers": json.dumps(result.headers, sort_keys=True),
                "payload_sha256": payload_sha256,
                "size": len(result.body),
                "error": result.error,
                "outcome": exchange.outcome.value,
                "reason": exchange.reason,
            }
        ],
        on_conflict="replace",
    )
    return fetch_id


def save_body(db: sqlite_utils.Database, body: bytes, content_type: str) -> str:
    """A raw response body, stored once under the SHA-256 of its bytes. Text stays readable
    in Datasette; a body that is not UTF-8 is kept as bytes, unchanged."""
    row = body_row(body, content_type)
    insert_rows(db, "payloads", [row], on_conflict="ignore")
    return str(row["sha256"])


def body_row(body: bytes, content_type: str) -> dict[str, Any]:
    sha = hashlib.sha256(body).hexdigest()
    try:
        stored: str | bytes = body.decode("utf-8")
    except UnicodeDecodeError:
        stored = body
    return {"sha256": sha, "body": stored, "size": len(body), "content_type": content_type}


def import_source(db: sqlite_utils.Database, original: Original, *, payload_sha256: str) -> str:
    """The `sources` row of a post read from a local archive: the file and line it came from."""
    row = import_source_row(original, payload_sha256=payload_sha256)
    upsert_rows(db, "sources", [row], pk="id")
    return str(row["id"])


def import_source_row(original: Original, *, payload_sha256: str) -> dict[str, Any]:
    return {
        "id": row_id("import", original.provenance, payload_sha256),
        "kind": "import",
        "location": original.provenance,
        "at": now(),
        "payload_sha256": payload_sha256,
    }


def fetch_source(
    db: sqlite_utils.Database,
    exchange: Exchange,
    *,
    fetch_id: str,
    kind: str,
    archived_at: datetime | None = None,
) -> str:
    """The `sources` row a post's text or state points to: the fetch it came from."""
    result = exchange.result
    source_id = row_id(kind, fetch_id)
    upsert_rows(
        db,
        "sources",
        [
            {
                "id": source_id,
                "kind": kind,
                "location": result.final_url,
                "fetcher": exchange.fetcher,
                "at": result.fetched_at.isoformat(),
                "http_status": result.status,
                "payload_sha256": result.sha256 or None,
                "fetch_id": fetch_id,
                "archived_at": iso(archived_at),
            }
        ],
        pk="id",
    )
    return source_id


def source_kind(db: sqlite_utils.Database, source_id: str | None) -> str | None:
    row = db.conn.execute("select kind from sources where id = ?", [source_id]).fetchone()
    return row[0] if row else None


def upsert_post(
    db: sqlite_utils.Database,
    original: Original,
    *,
    source_id: str | None,
    version_id: str | None,
    fetch_id: str | None,
    seen: str,
    previous: dict[str, Any] | None,
) -> None:
    """The post's row as `original` gives it; first and last seen carried over from `previous`."""
    upsert_rows(
        db,
        "posts",
        [
            post_record(
                original,
                source_id=source_id,
                version_id=version_id,
                fetch_id=fetch_id,
                seen=seen,
                previous=previous,
            )
        ],
        pk="id",
    )


def post_record(
    original: Original,
    *,
    source_id: str | None,
    version_id: str | None,
    fetch_id: str | None,
    seen: str,
    previous: dict[str, Any] | None,
) -> dict[str, Any]:
    return {
        "id": original.key,
        "platform": original.platform,
        "post_id": original.post_id,
        "url": original.url,
        "author_handle": original.author_handle,
        "author_name": original.author_name,
        "text": original.text,
        "raw_text": original.raw_text,
        "created_at": iso(original.created_at),
        "language": original.language,
        "reply_to": original.reply_to,
        "is_reply": None if original.is_reply is None else int(original.is_reply),
        "display_start": original.display_start,
        "outcome": original.outcome.value,
        "reason": original.reason,
        "source_id": source_id,
        "first_seen": previous["first_seen"] if previous else seen,
        "last_seen": seen
        if original.outcome is Outcome.AVAILABLE
        else (previous["last_seen"] if previous else None),
        "text_complete": int(original.text_complete),
        "edited_at": iso(original.edited_at),
        "edit_ids": json.dumps(list(original.edit_ids)) if original.edit_ids else None,
        "links": json.dumps([list(link) for link in original.links]) if original.links else None,
        "archived_at": iso(original.archived_at),
        "current_version": version_id,
        "last_checked": seen,
        "last_fetch_id": fetch_id,
    }


def update_post(db: sqlite_utils.Database, key: str, changes: dict[str, Any]) -> None:
    update_row(db, "posts", key, changes, pk="id")


def keep_version(
    db: sqlite_utils.Database,
    original: Original,
    source_id: str | None,
    *,
    origin: str,
    seen: str,
    platform_id: str | None = None,
) -> tuple[str, bool]:
    """Keep one version of a post's text: the same text seen again only moves `last_seen`.
    Returns the version's id and whether it is new."""
    version_id = row_id("version", original.key, original.text)
    if db.conn.execute("select 1 from post_versions where id = ?", [version_id]).fetchone():
        update_row(db, "post_versions", version_id, {"last_seen": seen}, pk="id")
        return version_id, False
    insert_rows(
        db,
        "post_versions",
        [
            version_row(
                original, version_id, source_id, origin=origin, seen=seen, platform_id=platform_id
            )
        ],
    )
    return version_id, True


def version_row(
    original: Original,
    version_id: str,
    source_id: str | None,
    *,
    origin: str,
    seen: str,
    platform_id: str | None = None,
) -> dict[str, Any]:
    return {
        "id": version_id,
        "post_key": original.key,
        "text": original.text,
        "raw_text": original.raw_text,
        # An edited post's current text was posted when it was edited.
        "posted_at": iso(original.edited_at or original.created_at),
        "platform_version_id": platform_id,
        "origin": origin,
        "archived_at": iso(original.archived_at),
        "source_id": source_id,
        "first_seen": seen,
        "last_seen": seen,
    }


def keep_unversioned_text(db: sqlite_utils.Database, previous: dict[str, Any] | None) -> None:
    """A text stored before versions were kept (an import, an older run) becomes a version,
    so that a fetch that differs from it adds to it instead of replacing it."""
    if previous is None or not previous["text"] or previous.get("current_version"):
        return
    held = original_from_post_row(previous)
    origin = "import" if source_kind(db, previous["source_id"]) == "import" else "fetch"
    version_id, _new = keep_version(
        db, held, previous["source_id"], origin=origin, seen=previous["first_seen"] or now()
    )
    update_post(db, previous["id"], {"current_version": version_id})


def insert_event(
    db: sqlite_utils.Database,
    key: str,
    *,
    at: str,
    event: str,
    outcome: str,
    previous: str | None,
    version_id: str | None,
    fetch_id: str | None,
    detail: str,
) -> str:
    """One line of a post's history (first seen, imported, edited, gone, reappeared)."""
    row = event_row(
        key,
        at=at,
        event=event,
        outcome=outcome,
        previous=previous,
        version_id=version_id,
        fetch_id=fetch_id,
        detail=detail,
    )
    insert_rows(db, "post_history", [row], on_conflict="replace")
    return event


def event_row(
    key: str,
    *,
    at: str,
    event: str,
    outcome: str,
    previous: str | None,
    version_id: str | None,
    fetch_id: str | None,
    detail: str,
) -> dict[str, Any]:
    return {
        "id": row_id("event", key, at, event, fetch_id),
        "post_key": key,
        "at": at,
        "event": event,
        "outcome": outcome,
        "previous_outcome": previous,
        "version_id": version_id,
        "fetch_id": fetch_id,
        "detail": detail,
    }


def post_row(db: sqlite_utils.Database, key: str) -> dict[str, Any] | None:
    rows = list(db.query("select * from posts where id = ?", [key]))
    return dict(rows[0]) if rows else None


def original_from_post_row(row: dict[str, Any]) -> Original:
    """The Original a `posts` row holds, without its evidence (see `held.original_from_row`)."""
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
