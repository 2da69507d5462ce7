"""The store's evidence of fetches: every request, every version of a post, its history.

Part of the store (with `evidence_rows`, which writes the rows, and `held`, which reads them
back); the tables are declared in `schema` (m003).

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

from verifier.fetching import Exchange, Fetched
from verifier.models import Original, Outcome
from verifier.store import now
from verifier.store.evidence_rows import (
    event,
    import_source_row,
    keep_unversioned_text,
    post_row,
    record_exchange,
    save_body,
    save_version,
    source_kind,
    source_row,
    update_state,
    write_post,
)
from verifier.store.schema import ensure_shape


@dataclass(frozen=True)
class Recorded:
    """What `record_fetched` wrote: the post's key, each exchange's fetch id, and the
    events it added to the post's history."""

    post_key: str
    fetch_ids: tuple[str, ...]
    events: tuple[str, ...]


def record_imported(db: sqlite_utils.Database, original: Original, *, at: str | None = None) -> str:
    """Store an original read from a local archive, with the file and line it came from.

    Its text is kept as a version. It becomes the post's current text unless the text held
    came from the platform itself (a fetch or a capture): an archive file is an older copy, so
    it is added beside that text, never over it."""
    ensure_shape(db)
    seen = at or now()
    key = original.key
    with db.atomic():
        raw = (original.raw or original.text).encode("utf-8", "surrogatepass")
        source_id = import_source_row(db, original, save_body(db, raw, "application/json"))
        previous = post_row(db, key)
        keep_unversioned_text(db, previous)
        version_id, new = save_version(db, original, source_id, origin="import", seen=seen)
        held_from_platform = (
            previous is not None
            and bool(previous["text"])
            and source_kind(db, previous["source_id"]) != "import"
        )
        if not held_from_platform:
            write_post(db, original, source_id, version_id, None, seen, previous)
        if previous is None:
            event(
                db,
                key,
                seen,
                "first_seen",
                original.outcome.value,
                None,
                version_id,
                None,
                f"imported from {original.provenance}",
            )
        elif new:
            event(
                db,
                key,
                seen,
                "imported",
                previous["outcome"],
                previous["outcome"],
                version_id,
                None,
                f"another text imported from {original.provenance}",
            )
    return key


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
        fetch_ids = [
            record_exchange(db, e, post_key=key, platform=original.platform, position=i)
            for i, e in enumerate(fetched.exchanges)
        ]
        previous = post_row(db, key)
        has_text = original.outcome is Outcome.AVAILABLE or bool(original.text.strip())
        if has_text and fetched.text_from is not None:
            events = _record_text(db, fetched, previous, fetch_ids, seen)
        elif original.outcome.is_retryable:
            events = _record_failed_check(db, fetched, previous, fetch_ids, seen)
        else:
            events = _record_gone(db, fetched, previous, fetch_ids, seen)
    return Recorded(key, tuple(fetch_ids), tuple(events))


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
    source_id = source_row(
        db,
        fetched.exchanges[index],
        fetch_ids[index],
        kind="archive" if archived else "fetch",
        archived_at=original.archived_at,
    )
    keep_unversioned_text(db, previous)
    origin = "archive" if archived else "fetch"
    version_id, new = (
        save_version(db, original, source_id, origin=origin, seen=seen)
        if original.text.strip()
        else (None, False)  # a source that proves the post but gives no words
    )
    for version, from_index in zip(original.versions, _padded(fetched), strict=True):
        if version.text != original.text:
            history_source = (
                source_row(db, fetched.exchanges[from_index], fetch_ids[from_index], kind="fetch")
                if from_index is not None
                else source_id
            )
            save_version(
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
        update_state(db, original, previous, fetch_ids[-1], seen)
    else:
        write_post(db, original, source_id, version_id, fetch_ids[-1], seen, previous)
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
            event(db, key, seen, "first_seen", outcome, before, version_id, fetch_id, what)
        )
    elif version_id is not None and version_id != previous["current_version"]:
        if not original.archived_at:  # a capture is an older copy, not an edit
            what = "the text changed" if new_version else "the text went back to an earlier version"
            events.append(
                event(db, key, seen, "edited", outcome, before, version_id, fetch_id, what)
            )
    if (
        previous is not None
        and before != outcome
        and _was_gone(before)
        and original.outcome is Outcome.AVAILABLE
    ):
        events.append(
            event(
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
    elif previous is not None and before != outcome and _was_gone(outcome):
        events.append(
            event(
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
            source_row(db, fetched.exchanges[index], fetch_ids[index], kind="fetch")
            if fetch_ids
            else None
        )
        write_post(db, original, source_id, None, fetch_id, seen, None)
    else:
        update_state(db, original, previous, fetch_id, seen)
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
            source_row(db, fetched.exchanges[deciding], fetch_ids[deciding], kind="fetch")
            if fetch_ids
            else None
        )
        write_post(db, original, source_id, None, fetch_ids[-1] if fetch_ids else None, seen, None)
    else:
        update_state(db, original, previous, fetch_ids[-1] if fetch_ids else None, seen)
    before = previous["outcome"] if previous else None
    if before == original.outcome.value:
        return []
    what = "gone" if before == Outcome.AVAILABLE.value else "unavailable"
    version = previous["current_version"] if previous else None
    detail = original.reason or ""
    return [
        event(
            db, original.key, seen, what, original.outcome.value, before, version, fetch_id, detail
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
        return tuple(
            record_exchange(db, e, post_key=post_key, platform=platform, position=i)
            for i, e in enumerate(exchanges)
        )


def save_verdict_version(db: sqlite_utils.Database, embed_key: str, version: str | None) -> None:
    ensure_shape(db)
    db.table("verdicts").update(embed_key, {"post_version": version})
