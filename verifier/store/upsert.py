"""Rows written with plain SQL and `executemany`: the shape is declared once (schema.py), so a
writer need not ask SQLite for a table's columns before every row as sqlite-utils' `upsert`
does (a fifth of `verify`'s time on a news crawl went to that and to building its queries)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

import sqlite_utils
from sqlite_utils.db import NotFoundError, jsonify_if_needed


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
    _write(
        db,
        _upsert_sql(table, columns, pk),
        [[_value(row[column]) for column in columns] for row in rows],
    )


_PLAIN = (str, int, float, bytes, type(None))


def _value(value: object) -> object:
    # Most values are plain: skip sqlite-utils' chain of isinstance tests for them.
    return value if type(value) in _PLAIN else jsonify_if_needed(value)


def _write(db: sqlite_utils.Database, sql: str, parameters: list[list[object]]) -> int:
    """Run a write for each set of parameters; outside a transaction, committed at once (as
    sqlite-utils' own writes are: the driver would otherwise leave a transaction open, and the
    archive locked, after the first). Returns the number of rows changed."""
    opened = not db.conn.in_transaction
    try:
        changed = db.conn.executemany(sql, parameters).rowcount
    except BaseException:
        if opened and db.conn.in_transaction:
            db.conn.rollback()
        raise
    if opened and db.conn.in_transaction:
        db.conn.commit()
    return changed


@lru_cache(maxsize=64)
def _upsert_sql(table: str, columns: tuple[str, ...], pk: str) -> str:
    names = ", ".join(f"[{c}]" for c in columns)
    marks = ", ".join("?" for _ in columns)
    updates = ", ".join(f"[{c}] = excluded.[{c}]" for c in columns if c != pk)
    return (
        f"insert into [{table}] ({names}) values ({marks})"
        f" on conflict([{pk}]) do update set {updates}"
    )


def insert_rows(
    db: sqlite_utils.Database,
    table: str,
    rows: Sequence[Mapping[str, object]],
    *,
    on_conflict: str = "abort",
) -> None:
    """Insert each row; where its key is taken, `on_conflict` says what happens: abort (an
    error), ignore (the row held stays) or replace (the row held is deleted first), as
    sqlite-utils' `insert_all(..., ignore=, replace=)`."""
    if not rows:
        return
    columns = tuple(rows[0])
    _write(
        db,
        _insert_sql(table, columns, on_conflict),
        [[_value(row[column]) for column in columns] for row in rows],
    )


def update_row(
    db: sqlite_utils.Database, table: str, key: str, changes: Mapping[str, object], *, pk: str
) -> None:
    """Set `changes` on the row whose `pk` is `key`; raises sqlite-utils' NotFoundError, as
    its `update` does, when there is no such row."""
    columns = tuple(changes)
    sets = ", ".join(f"[{c}] = ?" for c in columns)
    updated = _write(
        db,
        f"update [{table}] set {sets} where [{pk}] = ?",
        [[*(_value(changes[c]) for c in columns), key]],
    )
    if updated == 0:
        raise NotFoundError(f"{table}: no row {key}")


@lru_cache(maxsize=64)
def _insert_sql(table: str, columns: tuple[str, ...], on_conflict: str) -> str:
    verb = {"abort": "insert", "ignore": "insert or ignore", "replace": "insert or replace"}
    names = ", ".join(f"[{c}]" for c in columns)
    marks = ", ".join("?" for _ in columns)
    return f"{verb[on_conflict]} into [{table}] ({names}) values ({marks})"
