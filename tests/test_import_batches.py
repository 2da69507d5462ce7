"""Importing in batches writes the rows that importing post by post wrote, row for row."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import sqlite_utils

from verifier.models import Original, Problem
from verifier.pipeline.verify import import_posts
from verifier.sources.archives import read_archive
from verifier.store import open_db
from verifier.store.imported import record_imported, record_imported_many

ARCHIVES = Path(__file__).resolve().parent / "fixtures" / "archives"
TABLES = ("payloads", "sources", "posts", "post_versions", "post_history")
AT = "2024-05-01T00:00:00+00:00"


def originals() -> list[Original]:
    found = [
        item
        for path in sorted(ARCHIVES.rglob("*"))
        if path.is_file()
        for item in read_archive(path)
        if not isinstance(item, Problem)
    ]
    assert len(found) > 10
    # The same post twice, and once more with another text: the later ones meet the first.
    edited = replace(found[0], text=found[0].text + " (edited)")
    return [*found, found[1], edited]


def dump(db: sqlite_utils.Database) -> dict[str, list[dict[str, object]]]:
    # `sources.at` is when the row was written, not part of what was imported.
    return {
        table: sorted(
            ({k: v for k, v in row.items() if k != "at"} for row in db.table(table).rows),
            key=repr,
        )
        for table in TABLES
    }


def test_batches_write_what_post_by_post_wrote(tmp_path: Path) -> None:
    posts = originals()
    one_by_one, batched = open_db(tmp_path / "one.db"), open_db(tmp_path / "many.db")
    for db in (one_by_one, batched):
        record_imported(db, posts[3], at=AT)  # held before the import
    for original in posts:
        record_imported(one_by_one, original, at=AT)
    keys = record_imported_many(batched, posts, at=AT)
    assert keys == [original.key for original in posts]
    assert dump(batched) == dump(one_by_one)
    assert len(dump(batched)["post_versions"]) > len(dump(batched)["posts"])


def test_a_second_import_of_a_file_adds_no_rows(tmp_path: Path) -> None:
    db = open_db(tmp_path / "a.db")
    files = [ARCHIVES / "snscrape-new.jsonl", ARCHIVES / "export.tsv"]
    first = import_posts(files, db=db)
    counts = {table: db.table(table).count for table in TABLES}
    second = import_posts(files, db=db)
    assert first.posts_imported == second.posts_imported > 0
    assert {table: db.table(table).count for table in TABLES} == counts
