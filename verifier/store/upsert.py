"""Rows written with plain SQL and `executemany`: the shape is declared once (schema.py), so a
writer need not ask SQLite for a table's columns before every row as sqlite-utils' `upsert`
does (a fifth of `verify`'s time on a news crawl went to that and to building its queries)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

import sqlite_utils
from sqlite_utils.db import jsonify_if_needed


def upsert_rows(
    db: sqlite_utils.Database, table: str, rows: Sequence[Mapping[str, object]], *, pk: str
) -> None:
    """Insert each row, or update the columns it names where its key is already there (what
    sqlite-utils' `upsert_all` does, columns it does not name left as they were). Every row
    names the same columns; values are converted as sqlite-utils converts them (JSON for lists
    and dicts, ISO 8601 for dates)."""
    if not rows:
        return
    columns = tuple(rows[0])
    db.conn.executemany(
        _upsert_sql(table, columns, pk),
        [[jsonify_if_needed(row[column]) for column in columns] for row in rows],
    )


@lru_cache(maxsize=64)
def _upsert_sql(table: str, columns: tuple[str, ...], pk: str) -> str:
    names = ", ".join(f"[{c}]" for c in columns)
    marks = ", ".join("?" for _ in columns)
    updates = ", ".join(f"[{c}] = excluded.[{c}]" for c in columns if c != pk)
    return (
        f"insert into [{table}] ({names}) values ({marks})"
        f" on conflict([{pk}]) do update set {updates}"
    )
