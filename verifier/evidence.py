"""The store's evidence of fetches: every request, every version of a post, its history.

Part of the store (the only code besides `verifier.store` that talks to SQLite); its
migration is registered on the store's `migrations`, so `ensure_shape` applies it.

    fetches        every request made for a post: URL, time, status, kept headers, the
                   raw body (in `payloads`, once, by SHA-256), error, outcome
    post_versions  every text a post has had: edits are versions, never overwrites
    post_history   what changed between checks: first seen, edited, gone, reappeared
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlite_utils

from verifier.fetching import Exchange, Fetched
from verifier.models import Original, Outcome, PostRef, PostVersion
from verifier.store import LocalArchive, _id, _iso, _original_from_row, migrations, now

_SHAPED: weakref.WeakSet[sqlite_utils.Database] = weakref.WeakSet()


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


def ensure_evidence_shape(db: sqlite_utils.Database) -> None:
    """Apply pending migrations once per connection: writers may meet a database opened
    before this module registered its migration."""
    if db not in _SHAPED:
        migrations.apply(db)
        _SHAPED.add(db)


@dataclass(frozen=True)
class Recorded:
    """What `record_fetched` wrote: the post's key, each exchange's fetch id, and the
    events it added to the post's history."""

    post_key: str
    fetch_ids: tuple[str, ...]
    events: tuple[str, ...]


def record_fetched(
    db: sqlite_utils.Database, fetched: Fetched, *, at: str | None = None
) -> Recorded:
    """Write a fetch's evidence and what it says of the post, losing nothing known before:
    a failed or refused check changes no known text or state, a deletion keeps the text, an
    edit adds a version."""
    ensure_evidence_shape(db)
    original = fetched.original
    key = original.key
    seen = at or now()
    with db.atomic():
        fetch_ids = [
            record_exchange(db, e, post_key=key, platform=original.platform, position=i)
            for i, e in enumerate(fetched.exchanges)
        ]
        previous = _post_row(db, key)
        last_fetch = fetch_ids[-1] if fetch_ids else None
        has_text = original.outcome is Outcome.AVAILABLE or bool(original.text.strip())
        if has_text and fetched.text_from is not None:
            events = _record_text(db, fetched, previous, fetch_ids, seen)
        elif original.outcome.is_retryable:
            events = _record_failed_check(db, original, previous, last_fetch, seen)
        else:
            events = _record_gone(db, fetched, previous, fetch_ids, seen)
    return Recorded(key, tuple(fetch_ids), tuple(events))


def record_exchange(
    db: sqlite_utils.Database, exchange: Exchange, *, post_key: str, platform: str, position: int
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
    import hashlib

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


def _source(
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


def _record_text(
    db: sqlite_utils.Database,
    fetched: Fetched,
    previous: dict[str, Any] | None,
    fetch_ids: list[str],
    seen: str,
) -> list[str]:
    original = fetched.original
    index = fetched.text_from or 0
    archived = original.archived_at is not None
    source_id = _source(
        db,
        fetched.exchanges[index],
        fetch_ids[index],
        kind="archive" if archived else "fetch",
        archived_at=original.archived_at,
    )
    _keep_unversioned_text(db, previous)
    origin = "archive" if archived else "fetch"
    version_id, new = (
        save_version(db, original, source_id, origin=origin, seen=seen)
        if original.text.strip()
        else (None, False)  # a source that proves the post but gives no words
    )
    for version, from_index in zip(original.versions, _padded(fetched), strict=True):
        if version.text != original.text:
            history_source = (
                _source(db, fetched.exchanges[from_index], fetch_ids[from_index], kind="fetch")
                if from_index is not None
                else source_id
            )
            save_version(
                db,
                replace(original, text=version.text, raw_text=None, created_at=version.posted_at),
                history_source,
                origin="history",
                seen=seen,
                platform_id=version.platform_id,
            )
    if previous is not None and previous["text"] and (archived or version_id is None):
        # A capture never replaces a text seen live (it is kept as a version beside it), nor
        # does an answer without words replace one.
        _update_state(db, original, previous, fetch_ids[-1], seen)
    else:
        _write_post(db, original, source_id, version_id, fetch_ids[-1], seen, previous)
    return _text_events(db, original, previous, version_id, new, fetch_ids[index], seen)


def _padded(fetched: Fetched) -> list[int | None]:
    versions = fetched.original.versions
    given = list(fetched.version_from)
    return (given + [None] * len(versions))[: len(versions)]


def _text_events(
    db: sqlite_utils.Database,
    original: Original,
    previous: dict[str, Any] | None,
    version_id: str | None,
    new_version: bool,
    fetch_id: str,
    seen: str,
) -> list[str]:
    key, outcome = original.key, original.outcome.value
    before = previous["outcome"] if previous else None
    events: list[str] = []
    if previous is None or not previous["text"]:
        what = "archived copy found" if original.archived_at else "first seen"
        events.append(
            _event(db, key, seen, "first_seen", outcome, before, version_id, fetch_id, what)
        )
    elif new_version and not original.archived_at:
        events.append(
            _event(
                db, key, seen, "edited", outcome, before, version_id, fetch_id, "the text changed"
            )
        )
    if (
        previous is not None
        and before != outcome
        and _was_gone(before)
        and original.outcome is Outcome.AVAILABLE
    ):
        events.append(
            _event(
                db,
                key,
                seen,
                "reappeared",
                outcome,
                before,
                version_id,
                fetch_id,
                original.reason or "",
            )
        )
    elif previous is not None and before != outcome and original.outcome is not Outcome.AVAILABLE:
        events.append(
            _event(
                db, key, seen, "gone", outcome, before, version_id, fetch_id, original.reason or ""
            )
        )
    return events


def _was_gone(outcome: str | None) -> bool:
    return (
        outcome is not None
        and outcome != Outcome.AVAILABLE.value
        and not Outcome(outcome).is_retryable
    )


def _record_failed_check(
    db: sqlite_utils.Database,
    original: Original,
    previous: dict[str, Any] | None,
    fetch_id: str | None,
    seen: str,
) -> list[str]:
    """A check that got no answer about the post: what was known stays as it was."""
    if previous is None:
        _write_post(db, original, None, None, fetch_id, seen, None)
    else:
        updates: dict[str, Any] = {"last_checked": seen, "last_fetch_id": fetch_id}
        if Outcome(previous["outcome"]).is_retryable:
            updates.update(outcome=original.outcome.value, reason=original.reason)
        db.table("posts").update(original.key, updates)
    return []


def _record_gone(
    db: sqlite_utils.Database,
    fetched: Fetched,
    previous: dict[str, Any] | None,
    fetch_ids: list[str],
    seen: str,
) -> list[str]:
    """The post is unavailable or unknown: record it, keeping any text held before."""
    original = fetched.original
    deciding = _deciding_exchange(fetched)
    fetch_id = fetch_ids[deciding] if fetch_ids else None
    if previous is None:
        source_id = (
            _source(db, fetched.exchanges[deciding], fetch_ids[deciding], kind="fetch")
            if fetch_ids
            else None
        )
        _write_post(db, original, source_id, None, fetch_ids[-1] if fetch_ids else None, seen, None)
    else:
        _update_state(db, original, previous, fetch_ids[-1] if fetch_ids else None, seen)
    before = previous["outcome"] if previous else None
    if before == original.outcome.value:
        return []
    event = "gone" if before == Outcome.AVAILABLE.value else "unavailable"
    version = previous["current_version"] if previous else None
    detail = original.reason or ""
    return [
        _event(
            db, original.key, seen, event, original.outcome.value, before, version, fetch_id, detail
        )
    ]


def _deciding_exchange(fetched: Fetched) -> int:
    """The exchange whose answer the outcome is: the last of the platform's own that gave it
    (a web archive's "no capture" says nothing of the live post)."""
    for index in range(len(fetched.exchanges) - 1, -1, -1):
        candidate = fetched.exchanges[index]
        if candidate.outcome is fetched.original.outcome and not candidate.fetcher.startswith(
            "wayback."
        ):
            return index
    return max(len(fetched.exchanges) - 1, 0)


def _update_state(
    db: sqlite_utils.Database,
    original: Original,
    previous: dict[str, Any],
    fetch_id: str | None,
    seen: str,
) -> None:
    db.table("posts").update(
        previous["id"],
        {
            "outcome": original.outcome.value,
            "reason": original.reason,
            "last_checked": seen,
            "last_fetch_id": fetch_id,
        },
    )


def _write_post(
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
            "posted_at": _iso(original.created_at),
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


def _keep_unversioned_text(db: sqlite_utils.Database, previous: dict[str, Any] | None) -> None:
    """A text stored before versions were kept (an import, an older run) becomes a version,
    so that a fetch that differs from it adds to it instead of replacing it."""
    if previous is None or not previous["text"] or previous.get("current_version"):
        return
    held = _original_from_row(previous)
    origin = "import" if _source_kind(db, previous["source_id"]) == "import" else "fetch"
    version_id, _new = save_version(
        db, held, previous["source_id"], origin=origin, seen=previous["first_seen"] or now()
    )
    db.table("posts").update(previous["id"], {"current_version": version_id})


def _source_kind(db: sqlite_utils.Database, source_id: str | None) -> str | None:
    rows = list(db.query("select kind from sources where id = ?", [source_id]))
    return rows[0]["kind"] if rows else None


def _event(
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


def _post_row(db: sqlite_utils.Database, key: str) -> dict[str, Any] | None:
    rows = list(db.query("select * from posts where id = ?", [key]))
    return dict(rows[0]) if rows else None


# Reading it back.


class EvidenceArchive(LocalArchive):
    """The local archive, with what the fetch evidence adds to each original: whether its
    text is complete, its archive capture, and every version of its text."""

    def get(self, key: str) -> Original | None:
        ensure_evidence_shape(self.db)
        row = _post_row(self.db, key)
        return original_from_row(self.db, row) if row else None


def original_from_row(db: sqlite_utils.Database, row: dict[str, Any]) -> Original:
    original = _original_from_row(row)
    complete = row.get("text_complete")
    sources = list(db.query("select * from sources where id = ?", [row["source_id"]]))
    provenance = (
        f"{sources[0]['fetcher'] or sources[0]['kind']} {sources[0]['location']}"
        if sources
        else original.provenance
    )
    return replace(
        original,
        provenance=provenance,
        text_complete=True if complete is None else bool(complete),
        archived_at=_when(row.get("archived_at")),
        edited_at=_when(row.get("edited_at")),
        edit_ids=tuple(json.loads(row["edit_ids"])) if row.get("edit_ids") else (),
        links=tuple(tuple(link) for link in json.loads(row["links"])) if row.get("links") else (),  # type: ignore[misc]
        versions=versions_of(db, row["id"]),
    )


def versions_of(db: sqlite_utils.Database, key: str) -> tuple[PostVersion, ...]:
    """Every stored version of a post's text, oldest first (by when the platform says it was
    posted, else when we first saw it)."""
    rows = db.query(
        "select * from post_versions where post_key = ?"
        " order by coalesce(posted_at, first_seen), first_seen",
        [key],
    )
    return tuple(
        PostVersion(
            text=row["text"],
            posted_at=_when(row["posted_at"]),
            seen_at=_when(row["first_seen"]),
            key=row["id"],
            platform_id=row["platform_version_id"],
        )
        for row in rows
    )


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def save_verdict_version(db: sqlite_utils.Database, embed_key: str, version: str | None) -> None:
    ensure_evidence_shape(db)
    db.table("verdicts").update(embed_key, {"post_version": version})


@dataclass(frozen=True)
class Held:
    """A post the archive holds, as a recheck sees it."""

    ref: PostRef
    outcome: Outcome
    last_checked: str | None


def posts_to_recheck(
    db: sqlite_utils.Database,
    *,
    older_than: timedelta | None = None,
    platforms: Sequence[str] = (),
    now_at: datetime | None = None,
) -> Iterator[Held]:
    """Posts whose last check (or first sighting) is older than `older_than`, oldest first."""
    ensure_evidence_shape(db)
    where, params = ["post_id is not null and post_id != ''"], []
    if older_than is not None:
        cutoff = ((now_at or datetime.now(UTC)) - older_than).isoformat(timespec="seconds")
        where.append("coalesce(last_checked, last_seen, first_seen) <= ?")
        params.append(cutoff)
    if platforms:
        where.append(f"platform in ({', '.join('?' for _ in platforms)})")
        params.extend(platforms)
    sql = (
        f"select * from posts where {' and '.join(where)}"
        " order by coalesce(last_checked, last_seen, first_seen), id"
    )
    for row in db.query(sql, params):
        yield Held(
            PostRef(row["platform"], row["post_id"], row["url"], row["author_handle"]),
            Outcome(row["outcome"]),
            row.get("last_checked"),
        )


def embeds_showing(db: sqlite_utils.Database, key: str) -> list[dict[str, Any]]:
    """The embed rows whose verdict rests on a post, to judge them again after a check."""
    return [
        dict(row)
        for row in db.query(
            "select embeds.* from embeds join verdicts on verdicts.embed_id = embeds.id"
            " where verdicts.post_key = ? order by embeds.article_id, embeds.position",
            [key],
        )
    ]
