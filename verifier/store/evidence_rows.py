"""Rows of fetch evidence, one writer each: requests, bodies, sources, posts, versions, events.

Called by `verifier.store.evidence.record_fetched`, which decides what a fetch changes.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

import sqlite_utils

from verifier.fetching import Exchange
from verifier.models import Original, Outcome
from verifier.store import _id, _iso, _original_from_row, now


def record_exchange(
    db: sqlite_utils.Database,
    exchange: Exchange,
    *,
    post_key: str | None,
    platform: str,
    position: int,
) -> str:
    result = exchange.result
    fetch_id = _id(
        "fetch", post_key, exchange.fetcher, result.url, result.fetched_at.isoformat(), position
    )
    sha = (
        save_body(db, result.body, result.headers.get("content-type", "")) if result.body else None
    )
    db.table("fetches").insert(
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
            "payload_sha256": sha,
            "size": len(result.body),
            "error": result.error,
            "outcome": exchange.outcome.value,
            "reason": exchange.reason,
        },
        pk="id",
        replace=True,
    )
    return fetch_id


def save_body(db: sqlite_utils.Database, body: bytes, content_type: str) -> str:
    """A raw response body, stored once under the SHA-256 of its bytes. Text stays readable
    in Datasette; a body that is not UTF-8 is kept as bytes, unchanged."""

    sha = hashlib.sha256(body).hexdigest()
    try:
        stored: str | bytes = body.decode("utf-8")
    except UnicodeDecodeError:
        stored = body
    db.table("payloads").insert(
        {"sha256": sha, "body": stored, "size": len(body), "content_type": content_type},
        pk="sha256",
        ignore=True,
    )
    return sha


def import_source_row(db: sqlite_utils.Database, original: Original, payload_sha256: str) -> str:
    """The `sources` row of a post read from a local archive: the file and line it came from."""
    source_id = _id("import", original.provenance, payload_sha256)
    db.table("sources").upsert(
        {
            "id": source_id,
            "kind": "import",
            "location": original.provenance,
            "at": now(),
            "payload_sha256": payload_sha256,
        },
        pk="id",
    )
    return source_id


def source_row(
    db: sqlite_utils.Database,
    exchange: Exchange,
    fetch_id: str,
    *,
    kind: str,
    archived_at: datetime | None = None,
) -> str:
    """The `sources` row a post's text or state points to: the fetch it came from."""
    result = exchange.result
    source_id = _id(kind, fetch_id)
    db.table("sources").upsert(
        {
            "id": source_id,
            "kind": kind,
            "location": result.final_url,
            "fetcher": exchange.fetcher,
            "at": result.fetched_at.isoformat(),
            "http_status": result.status,
            "payload_sha256": result.sha256 or None,
            "fetch_id": fetch_id,
            "archived_at": _iso(archived_at),
        },
        pk="id",
    )
    return source_id


def write_post(
    db: sqlite_utils.Database,
    original: Original,
    source_id: str | None,
    version_id: str | None,
    fetch_id: str | None,
    seen: str,
    previous: dict[str, Any] | None,
) -> None:
    db.table("posts").upsert(
        {
            "id": original.key,
            "platform": original.platform,
            "post_id": original.post_id,
            "url": original.url,
            "author_handle": original.author_handle,
            "author_name": original.author_name,
            "text": original.text,
            "raw_text": original.raw_text,
            "created_at": _iso(original.created_at),
            "language": original.language,
            "reply_to": original.reply_to,
            "is_reply": None if original.is_reply is None else int(original.is_reply),
            "display_start": original.display_start,
            "outcome": original.outcome.value,
            "reason": original.reason,
            "source_id": source_id,
            "first_seen": previous["first_seen"] if previous else seen,
            "last_seen": seen if original.outcome is Outcome.AVAILABLE else _last_seen(previous),
            "text_complete": int(original.text_complete),
            "edited_at": _iso(original.edited_at),
            "edit_ids": json.dumps(list(original.edit_ids)) if original.edit_ids else None,
            "links": json.dumps([list(link) for link in original.links])
            if original.links
            else None,
            "archived_at": _iso(original.archived_at),
            "current_version": version_id,
            "last_checked": seen,
            "last_fetch_id": fetch_id,
        },
        pk="id",
    )


def update_state(
    db: sqlite_utils.Database,
    original: Original,
    previous: dict[str, Any],
    fetch_id: str | None,
    seen: str,
) -> None:
    """A post already held, checked again: its state moves, its text stays. A check that got
    no answer about the post (failed, rate limited) leaves a known state as it was."""
    updates: dict[str, Any] = {"last_checked": seen, "last_fetch_id": fetch_id}
    if not original.outcome.is_retryable or Outcome(previous["outcome"]).is_retryable:
        updates.update(outcome=original.outcome.value, reason=original.reason)
    db.table("posts").update(previous["id"], updates)


def _last_seen(previous: dict[str, Any] | None) -> str | None:
    return previous["last_seen"] if previous else None


def save_version(
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
    version_id = _id("version", original.key, original.text)
    table = db.table("post_versions")
    existing = list(db.query("select first_seen from post_versions where id = ?", [version_id]))
    if existing:
        table.update(version_id, {"last_seen": seen})
        return version_id, False
    table.insert(
        {
            "id": version_id,
            "post_key": original.key,
            "text": original.text,
            "raw_text": original.raw_text,
            # An edited post's current text was posted when it was edited.
            "posted_at": _iso(original.edited_at or original.created_at),
            "platform_version_id": platform_id,
            "origin": origin,
            "archived_at": _iso(original.archived_at),
            "source_id": source_id,
            "first_seen": seen,
            "last_seen": seen,
        },
        pk="id",
    )
    return version_id, True


def keep_unversioned_text(db: sqlite_utils.Database, previous: dict[str, Any] | None) -> None:
    """A text stored before versions were kept (an import, an older run) becomes a version,
    so that a fetch that differs from it adds to it instead of replacing it."""
    if previous is None or not previous["text"] or previous.get("current_version"):
        return
    held = _original_from_row(previous)
    origin = "import" if source_kind(db, previous["source_id"]) == "import" else "fetch"
    version_id, _new = save_version(
        db, held, previous["source_id"], origin=origin, seen=previous["first_seen"] or now()
    )
    db.table("posts").update(previous["id"], {"current_version": version_id})


def source_kind(db: sqlite_utils.Database, source_id: str | None) -> str | None:
    rows = list(db.query("select kind from sources where id = ?", [source_id]))
    return rows[0]["kind"] if rows else None


def event(
    db: sqlite_utils.Database,
    key: str,
    at: str,
    event: str,
    outcome: str,
    previous: str | None,
    version_id: str | None,
    fetch_id: str | None,
    detail: str,
) -> str:
    db.table("post_history").insert(
        {
            "id": _id("event", key, at, event, fetch_id),
            "post_key": key,
            "at": at,
            "event": event,
            "outcome": outcome,
            "previous_outcome": previous,
            "version_id": version_id,
            "fetch_id": fetch_id,
            "detail": detail,
        },
        pk="id",
        replace=True,
    )
    return event


def post_row(db: sqlite_utils.Database, key: str) -> dict[str, Any] | None:
    rows = list(db.query("select * from posts where id = ?", [key]))
    return dict(rows[0]) if rows else None
