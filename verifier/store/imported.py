"""The story of an import: an original read from a local archive file, kept as a version.

The counterpart of `evidence.record_fetched` for posts that come from files, not requests.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlite_utils

from verifier.models import Original
from verifier.store import rows
from verifier.store.db import now, row_id
from verifier.store.schema import ensure_shape
from verifier.store.upsert import insert_rows, upsert_rows


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
        body_sha = rows.save_body(db, raw, "application/json")
        source_id = rows.import_source(db, original, payload_sha256=body_sha)
        previous = rows.post_row(db, key)
        rows.keep_unversioned_text(db, previous)
        version_id, new = rows.keep_version(db, original, source_id, origin="import", seen=seen)
        held_from_platform = (
            previous is not None
            and bool(previous["text"])
            and rows.source_kind(db, previous["source_id"]) != "import"
        )
        if not held_from_platform:
            rows.upsert_post(
                db,
                original,
                source_id=source_id,
                version_id=version_id,
                fetch_id=None,
                seen=seen,
                previous=previous,
            )
        if previous is None:
            rows.insert_event(
                db,
                key,
                at=seen,
                event="first_seen",
                outcome=original.outcome.value,
                previous=None,
                version_id=version_id,
                fetch_id=None,
                detail=f"imported from {original.provenance}",
            )
        elif new:
            rows.insert_event(
                db,
                key,
                at=seen,
                event="imported",
                outcome=previous["outcome"],
                previous=previous["outcome"],
                version_id=version_id,
                fetch_id=None,
                detail=f"another text imported from {original.provenance}",
            )
    return key


def record_imported_many(
    db: sqlite_utils.Database, originals: Sequence[Original], *, at: str | None = None
) -> list[str]:
    """`record_imported` for many originals, in order, with one statement per table for the
    posts new to the archive (most of a first import: 74 statements a post before). A post
    the archive already holds, or one met twice here, takes `record_imported`'s own path after
    them, so each post's story is what one-by-one imports would have written."""
    ensure_shape(db)
    seen = at or now()
    keys = [original.key for original in originals]
    held = _existing(db, "posts", keys)
    # A version already there (its post row deleted by hand) takes the one-by-one path too.
    version_ids = [row_id("version", o.key, o.text) for o in originals]
    kept = _existing(db, "post_versions", version_ids)
    first: dict[str, Original] = {}
    later: list[Original] = []
    for original, version_id in zip(originals, version_ids, strict=True):
        if original.key in held or original.key in first or version_id in kept:
            later.append(original)
        else:
            first[original.key] = original
    payloads, sources, versions, posts, events = [], [], [], [], []
    for key, original in first.items():
        raw = (original.raw or original.text).encode("utf-8", "surrogatepass")
        body = rows.body_row(raw, "application/json")
        source = rows.import_source_row(original, payload_sha256=body["sha256"])
        version_id = row_id("version", key, original.text)
        payloads.append(body)
        sources.append(source)
        versions.append(
            rows.version_row(original, version_id, source["id"], origin="import", seen=seen)
        )
        posts.append(
            rows.post_record(
                original,
                source_id=source["id"],
                version_id=version_id,
                fetch_id=None,
                seen=seen,
                previous=None,
            )
        )
        events.append(
            rows.event_row(
                key,
                at=seen,
                event="first_seen",
                outcome=original.outcome.value,
                previous=None,
                version_id=version_id,
                fetch_id=None,
                detail=f"imported from {original.provenance}",
            )
        )
    with db.atomic():
        insert_rows(db, "payloads", payloads, on_conflict="ignore")
        upsert_rows(db, "sources", sources, pk="id")
        insert_rows(db, "post_versions", versions)
        upsert_rows(db, "posts", posts, pk="id")
        insert_rows(db, "post_history", events, on_conflict="replace")
        for original in later:
            record_imported(db, original, at=seen)
    return keys


def _existing(db: sqlite_utils.Database, table: str, keys: Sequence[str]) -> set[str]:
    """Which of `keys` are ids of rows of `table` (asked 500 at a time: SQLite's limit on
    parameters is 999 in older builds)."""
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        sql = f"select id from {table} where id in ({marks})"
        found.update(row[0] for row in db.conn.execute(sql, chunk))
    return found
