"""A record no one can rewrite quietly: a hash-chained log of every run, and its audit.

Each run appends one entry: what it was asked (command, inputs, options), the tool's version,
the SHA-256 of every body it stored (payloads not in any earlier entry), and the digest of
every verdict it changed or removed, with the previous entry's hash. The entry's own hash
covers all of that, so changing a stored body, a verdict, or an entry (or removing one) breaks
either a body's hash, a verdict's digest or the chain, and `audit` names where.

    ledger             one row per run: seq, what it was asked, previous_hash, entry_hash
    ledger_bodies      each payload's SHA-256, once, with the entry that first logged it
    ledger_verdicts    a verdict's digest each time a run changed it (null: removed)
    ledger_signatures  an Ed25519 signature of a chain head, where a user signs one

What needs a network is left for later: an RFC 3161 or OpenTimestamps stamp of a chain head
would prove the head existed by a date; a signature proves only who holds the key.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from verifier.http.client import package_version
from verifier.store.db import now
from verifier.store.schema import ensure_shape

GENESIS = "0" * 64  # the previous hash of the first entry


@dataclass(frozen=True)
class LedgerEntry:
    seq: int
    entry_hash: str
    bodies: int  # bodies first logged by this entry
    verdicts: int  # verdicts this entry logged as changed or removed


@dataclass(frozen=True)
class Finding:
    """One thing the audit found wrong, naming the row."""

    kind: str  # body_changed, body_removed, body_unlogged, entry_changed, entry_removed,
    # chain_broken, verdict_changed, verdict_removed, signature_invalid, head_unsigned
    table: str
    row: str
    detail: str


@dataclass
class AuditReport:
    bodies_checked: int = 0
    entries_checked: int = 0
    verdicts_checked: int = 0
    signatures_checked: int = 0
    head: str | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings


def canonical(value: object) -> bytes:
    """The one byte form hashed: sorted keys, no spaces, UTF-8 (lone surrogates kept)."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8", "surrogatepass")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def body_bytes(body: str | bytes | None) -> bytes:
    """A payload's bytes as they were received: `save_body` keeps UTF-8 bodies as text."""
    if body is None:
        return b""
    return body if isinstance(body, bytes) else body.encode("utf-8", "surrogatepass")


def verdict_digest(row: Mapping[str, Any]) -> str:
    """A verdict row's digest, leaving out when it was last checked: a re-run that judges the
    same thing again changes nothing worth logging."""
    return sha256(canonical({k: v for k, v in row.items() if k != "checked_at"}))


def append_entry(
    db: sqlite_utils.Database,
    *,
    command: str,
    inputs: Sequence[str] = (),
    options: Mapping[str, object] | None = None,
) -> LedgerEntry:
    """Log the run that just ended. Bodies and verdict changes of a run that was killed before
    its entry are logged by the next one: nothing stored is ever left out of the chain."""
    ensure_shape(db)
    with db.atomic():
        last = db.execute("select seq, entry_hash from ledger order by seq desc limit 1").fetchone()
        seq, previous = (last[0] + 1, last[1]) if last else (1, GENESIS)
        bodies = [
            row[0]
            for row in db.execute(
                "select sha256 from payloads where sha256 not in (select sha256 from ledger_bodies)"
                " order by sha256"
            )
        ]
        changed = _changed_verdicts(db)
        entry = {
            "seq": seq,
            "at": now(),
            "tool_version": package_version(),
            "command": command,
            "inputs": list(inputs),
            "options": dict(options or {}),
            "previous_hash": previous,
        }
        entry_hash = entry_hash_of(entry, bodies, changed)
        db.table("ledger").insert(
            {
                **entry,
                "inputs": json.dumps(entry["inputs"], ensure_ascii=False),
                "options": json.dumps(entry["options"], sort_keys=True, default=str),
                "entry_hash": entry_hash,
            },
            pk="seq",
        )
        db.table("ledger_bodies").insert_all(
            ({"sha256": sha, "seq": seq} for sha in bodies), pk="sha256"
        )
        db.table("ledger_verdicts").insert_all(
            ({"embed_id": key, "seq": seq, "digest": digest} for key, digest in changed),
            pk=("embed_id", "seq"),
        )
    return LedgerEntry(seq, entry_hash, len(bodies), len(changed))


def entry_hash_of(
    entry: Mapping[str, object], bodies: Iterable[str], verdicts: Iterable[tuple[str, str | None]]
) -> str:
    return sha256(
        canonical({**entry, "bodies": sorted(bodies), "verdicts": sorted(map(list, verdicts))})
    )


def current_digests(db: sqlite_utils.Database) -> dict[str, str]:
    columns = [c.name for c in db.table("verdicts").columns]
    return {
        row[0]: verdict_digest(dict(zip(columns, row, strict=True)))
        for row in db.execute(f"select {', '.join(columns)} from verdicts")
    }


def logged_digests(db: sqlite_utils.Database) -> dict[str, str | None]:
    """The latest logged digest of each verdict (None: logged as removed)."""
    return {
        row[0]: row[1]
        for row in db.execute(
            "select embed_id, digest from ledger_verdicts v where seq = "
            "(select max(seq) from ledger_verdicts w where w.embed_id = v.embed_id)"
        )
    }


def _changed_verdicts(db: sqlite_utils.Database) -> list[tuple[str, str | None]]:
    current, logged = current_digests(db), logged_digests(db)
    changed: list[tuple[str, str | None]] = [
        (key, digest) for key, digest in current.items() if logged.get(key) != digest
    ]
    changed += [(key, None) for key, digest in logged.items() if digest and key not in current]
    return sorted(changed)


def head(db: sqlite_utils.Database) -> tuple[int, str] | None:
    """The last entry's sequence number and hash: what a signature or a stamp covers."""
    ensure_shape(db)
    row = db.execute("select seq, entry_hash from ledger order by seq desc limit 1").fetchone()
    return (int(row[0]), str(row[1])) if row else None
