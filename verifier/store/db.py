"""Opening the archive, and the few helpers every writer of rows shares."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import sqlite_utils

from verifier.store.connection import (
    DEFAULT_WAIT,
    ArchiveBusy,
    ArchiveError,
    SharedDatabase,
    use_wal,
)
from verifier.store.schema import ensure_shape

__all__ = ["ArchiveBusy", "ArchiveError", "open_db"]


def open_db(
    path: str | Path | sqlite3.Connection, *, writable: bool = True, wait: float = DEFAULT_WAIT
) -> sqlite_utils.Database:
    """Open (or create) an archive and bring it to the current shape. Raises ArchiveError,
    naming the file, if it is not an SQLite database, or cannot be written when `writable`
    (checked now, before a run has done any work it could not keep); ArchiveBusy if another
    run keeps it locked for longer than `wait` seconds."""
    try:
        db = (
            sqlite_utils.Database(path)
            if isinstance(path, sqlite3.Connection)
            else SharedDatabase(path, wait=wait)
        )
        if writable:
            # Writing the header's user_version as it is: the cheapest write SQLite refuses
            # on a read-only file.
            version = int(db.execute("pragma user_version").fetchone()[0])
            db.execute(f"pragma user_version = {version}")
            use_wal(db)
        ensure_shape(db)
    except sqlite3.DatabaseError as error:
        raise ArchiveError(f"{path}: {_archive_problem(error)}") from error
    return db


def _archive_problem(error: sqlite3.DatabaseError) -> str:
    name = getattr(error, "sqlite_errorname", "")
    if name == "SQLITE_NOTADB":
        return "not an SQLite database"
    if name == "SQLITE_READONLY":
        return "the archive cannot be written (read-only); check its permissions"
    return f"cannot use the archive: {error}"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def row_id(*parts: object) -> str:
    """A stable key for a row, from the values that make it that row."""
    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:20]


def iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value else None
