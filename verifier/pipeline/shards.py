"""Many WARC shards: each one verified on its own into a part file, then the parts merged.

The map step, `scan_shard`, takes plain paths and returns a small record: any engine can call
it (Dask in `cluster.py`; a Spark job, a batch queue, a shell loop: docs/distributed.md). It
runs offline against a read-only snapshot of the archive and writes only its own part file,
named by the shard, written under a temporary name and renamed when whole: a part that exists
is complete, so a re-run skips it. The reduce step, `merge_parts`, copies the parts into the
archive in shard order, as `verify` would have stored them. Originals the shards could not find
are fetched after the merge, once per post, in one process (`resolve_pending`): the
politeness rules hold for one client, never for many tasks at once.
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from verifier.models import RunSummary
from verifier.pipeline.verify import VerifyOptions, verify, verify_stored_embed
from verifier.store import open_db
from verifier.store.batch import in_transactions
from verifier.store.held import EvidenceArchive

# The tables a shard writes, in the order their foreign keys need.
PART_TABLES = ("articles", "embeds", "verdicts", "problems")
SNAPSHOT_NAME = "archive-snapshot.db"


@dataclass(frozen=True)
class ShardResult:
    """What one shard gave: its part file and counts (small, to travel back from a worker)."""

    shard: str
    part: str
    articles: int
    embeds: int
    problems: int
    seconds: float
    skipped: bool = False  # its part was already there, from an earlier run


def part_path(shard: str | Path, parts: str | Path) -> Path:
    """The part file of a shard: its name, and a hash of its full path (two crawls may both
    have a `CC-NEWS-00001.warc.gz`)."""
    path = Path(shard)
    digest = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:12]
    stem = path.name.removesuffix(".gz").removesuffix(".warc")
    return Path(parts) / f"{stem}-{digest}.db"


def snapshot_archive(db: sqlite_utils.Database, parts: str | Path) -> Path:
    """A copy of the archive for the shards to read (the archive itself stays writable by the
    merge, and no task reads a file being written)."""
    target = Path(parts) / SNAPSHOT_NAME
    Path(parts).mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    with sqlite3.connect(target) as copy:
        db.conn.backup(copy)
    copy.close()
    return target


def scan_shard(shard: str, *, archive: str, parts: str) -> ShardResult:
    """Verify every page of one shard, offline, against the archive snapshot `archive`, into
    the shard's own part file under `parts`. Skips a shard whose part file is there."""
    started = time.monotonic()
    part = part_path(shard, parts)
    if part.exists():
        return ShardResult(shard, str(part), 0, 0, 0, 0.0, skipped=True)
    partial = part.with_name(part.name + ".partial")
    partial.unlink(missing_ok=True)
    db = open_db(partial)
    lookup = sqlite_utils.Database(sqlite3.connect(f"file:{archive}?mode=ro", uri=True))
    try:
        summary = verify(
            [shard],
            db=db,
            options=VerifyOptions(offline=True),
            archive=EvidenceArchive(lookup),
        )
    finally:
        lookup.close()
        db.close()
    partial.rename(part)
    return ShardResult(
        shard,
        str(part),
        summary.articles,
        summary.embeds,
        len(summary.problems),
        time.monotonic() - started,
    )


def merge_parts(db: sqlite_utils.Database, parts: Sequence[str | Path]) -> None:
    """Copy each part into the archive, in order, as `verify` stores rows: an article's rows
    replace its earlier ones (embeds it no longer shows go, with their verdicts), and a
    problem met again keeps when it was first seen."""
    for part in parts:
        db.attach("part", Path(part))
        try:
            with db.atomic():
                _merge_one(db)
        finally:
            db.execute("detach database part")


def _merge_one(db: sqlite_utils.Database) -> None:
    stale = (
        "article_id in (select id from part.articles) and {key} not in (select id from part.embeds)"
    )
    db.execute(f"delete from main.verdicts where {stale.format(key='embed_id')}")
    db.execute(f"delete from main.embeds where {stale.format(key='id')}")
    # Upserts, not `insert or replace`: a replaced row's delete triggers do not fire, and the
    # full-text index would keep the old row's words.
    for table, pk in (("articles", "id"), ("embeds", "id"), ("verdicts", "embed_id")):
        names = list(db.table(table).columns_dict)
        columns = ", ".join(f"[{c}]" for c in names)
        updates = ", ".join(f"[{c}] = excluded.[{c}]" for c in names if c != pk)
        db.execute(
            f"insert into main.[{table}] ({columns}) select {columns} from part.[{table}]"
            f" where true on conflict([{pk}]) do update set {updates}"
        )
    columns = ", ".join(f"[{c}]" for c in db.table("problems").columns_dict)
    db.execute(
        f"insert into main.problems ({columns}) select {columns} from part.problems where true"
        " on conflict(id) do update set last_seen = excluded.last_seen"
    )


def resolve_pending(
    db: sqlite_utils.Database, *, options: VerifyOptions, summary: RunSummary
) -> int:
    """Resolve and judge again, online, every embed the shards left pending: one fetch per
    post, as the first embed of a post records it in the archive for the others."""
    rows = [
        dict(row)
        for row in db.query(
            "select embeds.* from embeds join verdicts on verdicts.embed_id = embeds.id"
            " where verdicts.status = 'pending' order by embeds.post_key, embeds.id"
        )
    ]
    archive = EvidenceArchive(db)
    for row in in_transactions(db, rows):
        verify_stored_embed(db, row, archive=archive, options=options, summary=summary)
    return len(rows)
