"""The shapes of the tables later migrations add (see `schema`), kept apart so that the
schema module stays one readable list of migrations."""

from __future__ import annotations

import sqlite_utils


def create_ledger(db: sqlite_utils.Database) -> None:
    """The hash-chained log of runs (see ledger.py). Numbered after the migrations other work
    adds (m005, m006) so that archives of every branch migrate in one order."""
    db.table("ledger").create(
        {
            "seq": int,
            "at": str,
            "tool_version": str,
            "command": str,
            "inputs": str,  # JSON list, as the run was given them
            "options": str,  # JSON object
            "previous_hash": str,
            "entry_hash": str,
        },
        pk="seq",
    )
    db.table("ledger_bodies").create({"sha256": str, "seq": int}, pk="sha256")
    db.table("ledger_bodies").create_index(["seq"])
    db.table("ledger_verdicts").create(
        {"embed_id": str, "seq": int, "digest": str}, pk=("embed_id", "seq")
    )
    db.table("ledger_signatures").create(
        {"seq": int, "entry_hash": str, "public_key": str, "signature": str, "at": str},
        pk=("seq", "public_key"),
    )


def create_screenshots(db: sqlite_utils.Database) -> None:
    """Screenshots of posts: each picture once by SHA-256, and what was read in it, per embed."""
    db.table("images").create(
        {"sha256": str, "mime": str, "width": int, "height": int, "size": int, "data": bytes},
        pk="sha256",
    )
    db.table("screenshots").create(
        {
            "embed_id": str,
            "article_id": str,
            "source": str,
            "found_in": str,
            "image_sha256": str,
            "engine": str,
            "ocr_lines": str,  # JSON: [{"text", "confidence", "left", "top", "height"}]
            "text_confidence": float,
            "platform": str,
            "display_name": str,
            "handle": str,
            "date_text": str,
            "day": str,
            "text": str,
            "counts": str,  # JSON: {"likes": "1.2K", ...}
        },
        pk="embed_id",
        foreign_keys=[
            ("embed_id", "embeds", "id"),
            ("article_id", "articles", "id"),
            ("image_sha256", "images", "sha256"),
        ],
    )
    db.table("screenshots").create_index(["article_id"], if_not_exists=True)
