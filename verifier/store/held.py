"""Reading fetch evidence back: originals with their versions, posts due a recheck, and the
embeds whose verdicts rest on a post."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlite_utils

from verifier.models import Original, Outcome, PostRef, PostVersion
from verifier.store.rows import original_from_post_row, post_row
from verifier.store.schema import ensure_shape
from verifier.text.crosslingual import name_words

# Served by the index m006 declares on these same expressions (schema.py).
BY_AUTHOR_SQL = (
    "select * from posts where platform = ? and lower(author_handle) = lower(?)"
    " and substr(created_at, 1, 10) between ? and ?"
)


class LocalArchive:
    """The originals already in the archive, as the resolver asks for them."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def get(self, key: str) -> Original | None:
        rows = list(self.db.query("select * from posts where id = ?", [key]))
        return original_from_post_row(rows[0]) if rows else None

    def by_author(self, platform: str, handle: str, start: date, end: date) -> list[Original]:
        """An author's posts created between two days (inclusive); handles ignore case."""
        rows = self.db.query(BY_AUTHOR_SQL, [platform, handle, start.isoformat(), end.isoformat()])
        return [original_from_post_row(row) for row in rows]

    def handles_named(self, platform: str, name: str) -> list[str]:
        """The handles whose posts show `name` in their author's display name, case and accents
        aside ("Musk" and "elon musk" are in "Elon Musk"), for a quote whose speaker the
        article names without a handle."""
        wanted = name_words(name)
        rows = self.db.query(
            "select distinct author_handle, author_name from posts where platform = ?"
            " and author_handle is not null and author_name is not null",
            [platform],
        )
        return sorted(
            {
                row["author_handle"]
                for row in rows
                if wanted and wanted <= name_words(row["author_name"])
            }
        )


class EvidenceArchive(LocalArchive):
    """The local archive, with what the fetch evidence adds to each original: whether its
    text is complete, its archive capture, and every version of its text."""

    def get(self, key: str) -> Original | None:
        ensure_shape(self.db)
        row = post_row(self.db, key)
        return original_from_row(self.db, row) if row else None

    def by_author(self, platform: str, handle: str, start: date, end: date) -> list[Original]:
        # The same originals, each with its evidence: a text known to be cut must stay marked
        # as such when a remnant is matched to it by author and date.
        ensure_shape(self.db)
        rows = self.db.query(BY_AUTHOR_SQL, [platform, handle, start.isoformat(), end.isoformat()])
        return [original_from_row(self.db, dict(row)) for row in rows]


def original_from_row(db: sqlite_utils.Database, row: dict[str, Any]) -> Original:
    original = original_from_post_row(row)
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
    ensure_shape(db)
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


_RESPONSES = """
select fetches.*, payloads.body, payloads.content_type as payload_type
from fetches left join payloads on payloads.sha256 = fetches.payload_sha256
where fetches.http_status is not null
order by fetches.requested_at, fetches.id
"""


def recorded_responses(db: sqlite_utils.Database) -> Iterator[dict[str, Any]]:
    """Every fetch that got an answer, with its body, oldest first (for the WARC export)."""
    ensure_shape(db)
    for row in db.query(_RESPONSES):
        yield dict(row)


_ARTICLES = """
select articles.id, articles.title, articles.source, articles.url, articles.final_url,
  articles.read_kind, articles.read_location, articles.read_at, articles.content_type,
  articles.http_status, articles.http_headers, articles.warc_headers, articles.payload_sha256,
  payloads.body
from articles join payloads on payloads.sha256 = articles.payload_sha256
order by articles.read_at, articles.id
"""

_IMPORTS = """
select sources.id, sources.location, sources.at, sources.payload_sha256, payloads.body
from sources join payloads on payloads.sha256 = sources.payload_sha256
where sources.kind = 'import'
order by sources.at, sources.id
"""


def recorded_articles(db: sqlite_utils.Database) -> Iterator[dict[str, Any]]:
    """Every article whose bytes are kept, with them, oldest read first (for the WARC export)."""
    ensure_shape(db)
    for row in db.query(_ARTICLES):
        yield dict(row)


def recorded_imports(db: sqlite_utils.Database) -> Iterator[dict[str, Any]]:
    """Every record read from a local archive file, with its raw bytes (for the WARC export)."""
    ensure_shape(db)
    for row in db.query(_IMPORTS):
        yield dict(row)
