"""The store's evidence of fetches: every request, every version of a post, its history.

This module is the story of what a fetch or an import changes; `rows` writes each row, and
`held` reads them back; the tables are declared in `schema` (m003). Recording a fetch goes:

    the exchanges (each request, its body once)  ->  the source the text came from
    ->  the version of the text (edits are new versions)  ->  the post's row and state
    ->  the post's history (first seen, edited, gone, reappeared)

    fetches        every request made for a post: URL, time, status, kept headers, the
                   raw body (in `payloads`, once, by SHA-256), error, outcome
    post_versions  every text a post has had: edits are versions, never overwrites
    post_history   what changed between checks: first seen, edited, gone, reappeared
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import sqlite_utils

from verifier.models import Exchange, Fetched, Original, Outcome
from verifier.store import rows
from verifier.store.db import now
from verifier.store.schema import ensure_shape


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
    ensure_shape(db)
    original = fetched.original
    key = original.key
    seen = at or now()
    with db.atomic():
        fetch_ids = _record_exchanges(
            db, fetched.exchanges, post_key=key, platform=original.platform
        )
        previous = rows.post_row(db, key)
        has_text = original.outcome is Outcome.AVAILABLE or bool(original.text.strip())
        if has_text and fetched.text_from is not None:
            events = _record_text(db, fetched, previous, fetch_ids, seen)
        elif original.outcome.is_retryable:
            events = _record_failed_check(db, fetched, previous, fetch_ids, seen)
        else:
            events = _record_gone(db, fetched, previous, fetch_ids, seen)
    return Recorded(key, tuple(fetch_ids), tuple(events))


def record_search(
    db: sqlite_utils.Database,
    exchanges: Sequence[Exchange],
    *,
    post_key: str | None,
    platform: str,
) -> tuple[str, ...]:
    """Write the requests of a search for a post by author and day: under the post it found,
    or under none. The posts it fetched are recorded by `record_fetched`, each on its own."""
    ensure_shape(db)
    with db.atomic():
        return tuple(_record_exchanges(db, exchanges, post_key=post_key, platform=platform))


def save_verdict_version(db: sqlite_utils.Database, embed_key: str, version: str | None) -> None:
    ensure_shape(db)
    db.table("verdicts").update(embed_key, {"post_version": version})


# The steps of the story.


def _record_exchanges(
    db: sqlite_utils.Database, exchanges: Sequence[Exchange], *, post_key: str | None, platform: str
) -> list[str]:
    """Every request, in order, each body stored once: the fetch ids."""
    fetch_ids = []
    for position, exchange in enumerate(exchanges):
        result = exchange.result
        sha = (
            rows.save_body(db, result.body, result.headers.get("content-type", ""))
            if result.body
            else None
        )
        fetch_ids.append(
            rows.insert_fetch(
                db,
                exchange,
                post_key=post_key,
                platform=platform,
                position=position,
                payload_sha256=sha,
            )
        )
    return fetch_ids


def _update_state(
    db: sqlite_utils.Database,
    original: Original,
    previous: dict[str, Any],
    *,
    fetch_id: str | None,
    seen: str,
) -> None:
    """A post already held, checked again: its state moves, its text stays. A check that got
    no answer about the post (failed, rate limited) leaves a known state as it was."""
    updates: dict[str, Any] = {"last_checked": seen, "last_fetch_id": fetch_id}
    if not original.outcome.is_retryable or Outcome(previous["outcome"]).is_retryable:
        updates.update(outcome=original.outcome.value, reason=original.reason)
    rows.update_post(db, previous["id"], updates)


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
    source_id = rows.fetch_source(
        db,
        fetched.exchanges[index],
        fetch_id=fetch_ids[index],
        kind="archive" if archived else "fetch",
        archived_at=original.archived_at,
    )
    rows.keep_unversioned_text(db, previous)
    origin = "archive" if archived else "fetch"
    version_id, new = (
        rows.keep_version(db, original, source_id, origin=origin, seen=seen)
        if original.text.strip()
        else (None, False)  # a source that proves the post but gives no words
    )
    for version, from_index in zip(original.versions, _padded(fetched), strict=True):
        if version.text != original.text:
            history_source = (
                rows.fetch_source(
                    db, fetched.exchanges[from_index], fetch_id=fetch_ids[from_index], kind="fetch"
                )
                if from_index is not None
                else source_id
            )
            rows.keep_version(
                db,
                replace(
                    original,
                    text=version.text,
                    raw_text=None,
                    created_at=version.posted_at,
                    edited_at=None,
                ),
                history_source,
                origin="history",
                seen=seen,
                platform_id=version.platform_id,
            )
    if previous is not None and previous["text"] and (archived or version_id is None):
        # A capture never replaces a text seen live (it is kept as a version beside it), nor
        # does an answer without words replace one.
        _update_state(db, original, previous, fetch_id=fetch_ids[-1], seen=seen)
    else:
        rows.upsert_post(
            db,
            original,
            source_id=source_id,
            version_id=version_id,
            fetch_id=fetch_ids[-1],
            seen=seen,
            previous=previous,
        )
    return _text_events(
        db,
        original,
        previous,
        version_id=version_id,
        new_version=new,
        fetch_id=fetch_ids[index],
        seen=seen,
    )


def _padded(fetched: Fetched) -> list[int | None]:
    versions = fetched.original.versions
    given = list(fetched.version_from)
    return (given + [None] * len(versions))[: len(versions)]


def _text_events(
    db: sqlite_utils.Database,
    original: Original,
    previous: dict[str, Any] | None,
    *,
    version_id: str | None,
    new_version: bool,
    fetch_id: str,
    seen: str,
) -> list[str]:
    key, outcome = original.key, original.outcome.value
    before = previous["outcome"] if previous else None

    def event(name: str, detail: str) -> str:
        return rows.insert_event(
            db,
            key,
            at=seen,
            event=name,
            outcome=outcome,
            previous=before,
            version_id=version_id,
            fetch_id=fetch_id,
            detail=detail,
        )

    events: list[str] = []
    if previous is None or not previous["text"]:
        events.append(
            event("first_seen", "archived copy found" if original.archived_at else "first seen")
        )
    elif version_id is not None and version_id != previous["current_version"]:
        if not original.archived_at:  # a capture is an older copy, not an edit
            what = "the text changed" if new_version else "the text went back to an earlier version"
            events.append(event("edited", what))
    if (
        previous is not None
        and before != outcome
        and _was_gone(before)
        and original.outcome is Outcome.AVAILABLE
    ):
        events.append(event("reappeared", original.reason or ""))
    elif previous is not None and before != outcome and _was_gone(outcome):
        events.append(event("gone", original.reason or ""))
    return events


def _was_gone(outcome: str | None) -> bool:
    return (
        outcome is not None
        and outcome != Outcome.AVAILABLE.value
        and not Outcome(outcome).is_retryable
    )


def _record_failed_check(
    db: sqlite_utils.Database,
    fetched: Fetched,
    previous: dict[str, Any] | None,
    fetch_ids: list[str],
    seen: str,
) -> list[str]:
    """A check that got no answer about the post: what was known stays as it was. A post
    never seen points to the platform's failed answer, so its row says where it went wrong."""
    original = fetched.original
    fetch_id = fetch_ids[-1] if fetch_ids else None
    if previous is None:
        index = _deciding_exchange(fetched)
        source_id = (
            rows.fetch_source(db, fetched.exchanges[index], fetch_id=fetch_ids[index], kind="fetch")
            if fetch_ids
            else None
        )
        rows.upsert_post(
            db,
            original,
            source_id=source_id,
            version_id=None,
            fetch_id=fetch_id,
            seen=seen,
            previous=None,
        )
    else:
        _update_state(db, original, previous, fetch_id=fetch_id, seen=seen)
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
    last_fetch = fetch_ids[-1] if fetch_ids else None
    if previous is None:
        source_id = (
            rows.fetch_source(
                db, fetched.exchanges[deciding], fetch_id=fetch_ids[deciding], kind="fetch"
            )
            if fetch_ids
            else None
        )
        rows.upsert_post(
            db,
            original,
            source_id=source_id,
            version_id=None,
            fetch_id=last_fetch,
            seen=seen,
            previous=None,
        )
    else:
        _update_state(db, original, previous, fetch_id=last_fetch, seen=seen)
    before = previous["outcome"] if previous else None
    if before == original.outcome.value:
        return []
    return [
        rows.insert_event(
            db,
            original.key,
            at=seen,
            event="gone" if before == Outcome.AVAILABLE.value else "unavailable",
            outcome=original.outcome.value,
            previous=before,
            version_id=previous["current_version"] if previous else None,
            fetch_id=fetch_id,
            detail=original.reason or "",
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
