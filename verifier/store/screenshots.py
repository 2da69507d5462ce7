"""Screenshots kept as evidence: the picture itself (once by SHA-256, with its size and where
it was found) and everything read in it, beside the embed it became."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date

import sqlite_utils

from verifier.detect.screenshots import Screenshot
from verifier.store.schema import ensure_shape


def save_screenshot(
    db: sqlite_utils.Database, *, embed_key: str, article_key: str, shot: Screenshot
) -> None:
    """Store the picture and its reading for one embed; a re-run replaces the reading."""
    ensure_shape(db)
    image, card = shot.image, shot.card
    with db.atomic():
        db.table("images").upsert(
            {
                "sha256": image.sha256,
                "mime": image.mime,
                "width": image.width,
                "height": image.height,
                "size": len(image.data),
                "data": image.data,
            },
            pk="sha256",
        )
        db.table("screenshots").upsert(
            {
                "embed_id": embed_key,
                "article_id": article_key,
                "source": image.source,
                "found_in": image.found_in,
                "image_sha256": image.sha256,
                "engine": shot.reading.engine,
                "ocr_lines": json.dumps([asdict(line) for line in shot.reading.lines]),
                "text_confidence": card.text_confidence,
                "platform": card.platform,
                "display_name": card.display_name,
                "handle": card.handle,
                "date_text": card.date_text,
                "day": card.day.isoformat() if card.day else None,
                "text": card.text,
                "counts": json.dumps(dict(card.counts)),
            },
            pk="embed_id",
        )


def forget_screenshots(db: sqlite_utils.Database, article_key: str, keep: list[str]) -> None:
    """Drop the readings of an article's embeds that a re-run no longer finds."""
    ensure_shape(db)
    marks = ", ".join("?" for _ in keep) or "''"
    db.execute(
        f"delete from screenshots where article_id = ? and embed_id not in ({marks})",
        [article_key, *keep],
    )


def authors_around(
    db: sqlite_utils.Database, platform: str, start: date, end: date
) -> list[tuple[str, str]]:
    """(display name, handle) of every author with a post between two days (inclusive)."""
    ensure_shape(db)
    rows = db.query(
        "select distinct author_name, author_handle from posts where platform = ?"
        " and author_name is not null and author_handle is not null"
        " and substr(created_at, 1, 10) between ? and ?",
        [platform, start.isoformat(), end.isoformat()],
    )
    return [(row["author_name"], row["author_handle"]) for row in rows]


def handles_among(db: sqlite_utils.Database, platform: str, spellings: list[str]) -> list[str]:
    """The handles the archive knows of a platform among some spellings, case aside."""
    ensure_shape(db)
    marks = ", ".join("?" for _ in spellings)
    rows = db.query(
        "select distinct author_handle from posts where platform = ?"
        f" and lower(author_handle) in ({marks})",
        [platform, *[spelling.lower() for spelling in spellings]],
    )
    return [row["author_handle"] for row in rows]
