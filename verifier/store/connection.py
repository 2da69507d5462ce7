"""One connection to an archive that two runs can share: WAL, a busy timeout, and write
transactions that take the write lock when they begin.

Two `verify` runs on one archive (a newsroom's cron job and a person) must both finish. SQLite
lets one writer at a time; the other waits for the busy timeout. A transaction that begins
deferred (sqlite-utils' plain `BEGIN`) reads first and asks for the write lock later: if the
other run wrote in between, SQLite answers "database is locked" at once, without waiting,
because its snapshot is stale (SQLITE_BUSY_SNAPSHOT). `BEGIN IMMEDIATE` takes the lock up front,
so the busy timeout is the only wait, and the runs take turns article by article.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Generator, Sequence
from pathlib import Path
from typing import Any

import sqlite_utils

# How long a write waits for another run's transaction before it gives up. Transactions here
# are one article or one batch of imported posts: a second or so at most.
DEFAULT_WAIT = 60.0


class ArchiveError(Exception):
    "The archive cannot be opened, or cannot be written"


class ArchiveBusy(ArchiveError):
    "Another run held the archive's write lock for longer than this run would wait"


class SharedDatabase(sqlite_utils.Database):
    """A sqlite-utils Database whose write transactions begin IMMEDIATE, and whose lock
    timeouts are ArchiveBusy errors naming the file and the wait."""

    def __init__(self, path: str | Path, *, wait: float = DEFAULT_WAIT) -> None:
        self.path = str(path)
        self.wait = wait
        # isolation_level: the transactions Python's sqlite3 opens by itself (a write through
        # execute() outside atomic()) begin IMMEDIATE too.
        connection = sqlite3.connect(self.path, timeout=wait, isolation_level="IMMEDIATE")
        super().__init__(connection)

    @contextlib.contextmanager
    def atomic(self) -> Generator[sqlite_utils.Database, None, None]:
        if self.conn.in_transaction:
            with super().atomic() as db:  # a savepoint inside the open transaction
                yield db
            return
        with self._busy_named():
            self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        try:
            with self._busy_named():
                self.conn.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise

    def execute(
        self, sql: str, parameters: Sequence[Any] | dict[str, Any] | None = None
    ) -> sqlite3.Cursor:
        with self._busy_named():
            return super().execute(sql, parameters)

    @contextlib.contextmanager
    def _busy_named(self) -> Generator[None, None, None]:
        try:
            yield
        except sqlite3.OperationalError as error:
            if getattr(error, "sqlite_errorname", "").startswith("SQLITE_BUSY") or (
                "locked" in str(error)
            ):
                raise ArchiveBusy(busy_message(self.path, self.wait)) from error
            raise


def busy_message(path: str, wait: float) -> str:
    return (
        f"{path}: another run is writing to this archive and kept it locked for more than"
        f" {wait:g} s; wait for it to finish and run again (what this run stored is kept)"
    )


def use_wal(db: sqlite_utils.Database) -> None:
    """Readers never block the writer, nor the writer readers (Datasette serving while a run
    writes). The mode is kept in the file: set once, it holds for every later connection."""
    if db.execute("pragma journal_mode").fetchone()[0] != "wal":
        db.execute("pragma journal_mode = wal")


def fold_wal(db: sqlite_utils.Database) -> None:
    """Write what the WAL holds into the database file itself. A reader that opens the file
    as immutable (`datasette serve -i`) reads only that file: without this it would miss
    what the last run wrote. Best effort: a run still writing keeps its part in the WAL."""
    try:
        db.execute("pragma wal_checkpoint(TRUNCATE)")
    except sqlite3.DatabaseError:
        pass  # read-only, or another run mid-write: `serve --live` reads the WAL too
