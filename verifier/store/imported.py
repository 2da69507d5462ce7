"""The story of an import: an original read from a local archive file, kept as a version.

The counterpart of `evidence.record_fetched` for posts that come from files, not requests.
"""

from __future__ import annotations

import sqlite_utils

from verifier.models import Original
from verifier.store import rows
from verifier.store.db import now
from verifier.store.schema import ensure_shape


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
