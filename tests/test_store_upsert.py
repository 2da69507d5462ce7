"""The store's plain-SQL writers do what the sqlite-utils calls they replace did."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
import sqlite_utils
from sqlite_utils.db import NotFoundError

from verifier.store.upsert import insert_rows, update_row, upsert_rows


def table(tmp_path: Path) -> sqlite_utils.Database:
    db = sqlite_utils.Database(tmp_path / "a.db")
    db.table("t").create({"id": str, "a": str, "b": str}, pk="id")
    return db


def test_upsert_sets_the_columns_it_names_and_leaves_the_others(tmp_path: Path) -> None:
    db = table(tmp_path)
    upsert_rows(db, "t", [{"id": "1", "a": "x", "b": "kept"}], pk="id")
    upsert_rows(
        db, "t", [{"id": "1", "a": ["as", "json"]}, {"id": "2", "a": date(2023, 3, 1)}], pk="id"
    )
    assert list(db.table("t").rows) == [
        {"id": "1", "a": '["as", "json"]', "b": "kept"},
        {"id": "2", "a": "2023-03-01", "b": None},
    ]


def test_insert_aborts_ignores_or_replaces_on_a_taken_key(tmp_path: Path) -> None:
    db = table(tmp_path)
    insert_rows(db, "t", [{"id": "1", "a": "first", "b": "b"}])
    with pytest.raises(sqlite3.IntegrityError):
        insert_rows(db, "t", [{"id": "1", "a": "again", "b": "b"}])
    insert_rows(db, "t", [{"id": "1", "a": "ignored", "b": "b"}], on_conflict="ignore")
    assert db.table("t").get("1")["a"] == "first"
    insert_rows(db, "t", [{"id": "1", "a": "replaced"}], on_conflict="replace")
    assert db.table("t").get("1") == {"id": "1", "a": "replaced", "b": None}


def test_update_of_a_missing_row_is_not_found(tmp_path: Path) -> None:
    db = table(tmp_path)
    with pytest.raises(NotFoundError):
        update_row(db, "t", "nope", {"a": "x"}, pk="id")


def test_a_write_outside_a_transaction_is_committed_at_once(tmp_path: Path) -> None:
    db = table(tmp_path)
    other = sqlite3.connect(tmp_path / "a.db", timeout=0)
    upsert_rows(db, "t", [{"id": "1", "a": "x"}], pk="id")
    insert_rows(db, "t", [{"id": "2", "a": "y"}])
    update_row(db, "t", "2", {"b": "z"}, pk="id")
    assert not db.conn.in_transaction
    assert other.execute("select id, a, b from t order by id").fetchall() == [
        ("1", "x", None),
        ("2", "y", "z"),
    ]
    with db.atomic():
        insert_rows(db, "t", [{"id": "3", "a": "in a batch"}])
        assert other.execute("select count(*) from t").fetchone()[0] == 2
    assert other.execute("select count(*) from t").fetchone()[0] == 3
