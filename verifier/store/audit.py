"""`verifier audit`: re-hash every stored body, walk the ledger's chain, check each verdict
against its logged digest and each signature against its key; name every row that differs.

Signing needs the optional `cryptography` package (`pip install -e '.[sign]'`); reading and
checking the chain does not, except for the signatures themselves.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import sqlite_utils

from verifier.store.db import now
from verifier.store.ledger import (
    GENESIS,
    AuditReport,
    Finding,
    body_bytes,
    current_digests,
    entry_hash_of,
    head,
    logged_digests,
    sha256,
)
from verifier.store.schema import ensure_shape


class SigningUnavailable(Exception):
    "Signing needs the cryptography package: pip install 'verifier[sign]'"


def audit(db: sqlite_utils.Database, *, public_key: bytes | None = None) -> AuditReport:
    """Check the whole archive against its ledger. `public_key` (PEM): the chain's head must
    carry a valid signature by that key."""
    ensure_shape(db)
    report = AuditReport()
    _check_bodies(db, report)
    _check_chain(db, report)
    _check_verdicts(db, report)
    _check_signatures(db, report, public_key)
    return report


def _check_bodies(db: sqlite_utils.Database, report: AuditReport) -> None:
    logged = {row[0]: row[1] for row in db.execute("select sha256, seq from ledger_bodies")}
    held: set[str] = set()
    for sha, body in db.execute("select sha256, body from payloads"):
        report.bodies_checked += 1
        held.add(sha)
        actual = sha256(body_bytes(body))
        if actual != sha:
            report.findings.append(
                Finding("body_changed", "payloads", sha, f"its bytes now hash to {actual}")
            )
        elif sha not in logged:
            report.findings.append(
                Finding(
                    "body_unlogged",
                    "payloads",
                    sha,
                    "stored after the last logged run (a run that did not finish, or by hand)",
                )
            )
    for sha, seq in sorted(logged.items()):
        if sha not in held:
            report.findings.append(
                Finding("body_removed", "payloads", sha, f"logged by ledger entry {seq}, now gone")
            )


def _check_chain(db: sqlite_utils.Database, report: AuditReport) -> None:
    bodies: dict[int, list[str]] = {}
    for sha, seq in db.execute("select sha256, seq from ledger_bodies"):
        bodies.setdefault(seq, []).append(sha)
    verdicts: dict[int, list[tuple[str, str | None]]] = {}
    for key, seq, digest in db.execute("select embed_id, seq, digest from ledger_verdicts"):
        verdicts.setdefault(seq, []).append((key, digest))
    previous, expected = GENESIS, 1
    seen: set[int] = set()
    for row in db.query("select * from ledger order by seq"):
        report.entries_checked += 1
        seq = row["seq"]
        seen.add(seq)
        if seq != expected:
            missing = ", ".join(map(str, range(expected, seq)))
            report.findings.append(Finding("entry_removed", "ledger", missing, "entries missing"))
        if row["previous_hash"] != previous:
            report.findings.append(
                Finding(
                    "chain_broken",
                    "ledger",
                    str(seq),
                    "its previous_hash is not the hash of the entry before it",
                )
            )
        entry = _entry_fields(row)
        if entry_hash_of(entry, bodies.get(seq, []), verdicts.get(seq, [])) != row["entry_hash"]:
            report.findings.append(
                Finding(
                    "entry_changed",
                    "ledger",
                    str(seq),
                    "its content no longer hashes to "
                    "its entry_hash (the entry, its bodies or its verdicts were changed)",
                )
            )
        previous, expected = row["entry_hash"], seq + 1
    report.head = previous if report.entries_checked else None
    for seq in sorted((set(bodies) | set(verdicts)) - seen):
        report.findings.append(
            Finding("entry_removed", "ledger", str(seq), "bodies or verdicts name this entry")
        )


def _entry_fields(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "seq": row["seq"],
        "at": row["at"],
        "tool_version": row["tool_version"],
        "command": row["command"],
        "inputs": json.loads(row["inputs"]),
        "options": json.loads(row["options"]),
        "previous_hash": row["previous_hash"],
    }


def _check_verdicts(db: sqlite_utils.Database, report: AuditReport) -> None:
    current, logged = current_digests(db), logged_digests(db)
    report.verdicts_checked = len(current)
    for key, digest in sorted(current.items()):
        if logged.get(key) != digest:
            report.findings.append(
                Finding(
                    "verdict_changed",
                    "verdicts",
                    key,
                    "differs from its last logged digest (changed since the last logged run: "
                    "by a run that did not finish, or by hand); a new run logs it",
                )
            )
    for key, logged_digest in sorted(logged.items()):
        if logged_digest is not None and key not in current:
            report.findings.append(
                Finding("verdict_removed", "verdicts", key, "logged, and no longer in the archive")
            )


# Signatures of the chain head: optional, with a local Ed25519 key.


def sign_head(db: sqlite_utils.Database, private_key_pem: bytes) -> dict[str, Any]:
    """Sign the chain's head with an Ed25519 private key (PEM, unencrypted) and keep the
    signature beside it. Raises ValueError on an empty ledger or a key that is not Ed25519."""
    serialization, ed25519 = _crypto()
    current = head(db)
    if current is None:
        raise ValueError("the ledger is empty: run `verifier verify` first")
    key = serialization.load_pem_private_key(private_key_pem, password=None)
    if not isinstance(key, ed25519.Ed25519PrivateKey):
        raise ValueError("the key is not an Ed25519 private key")
    seq, entry_hash = current
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    row = {
        "seq": seq,
        "entry_hash": entry_hash,
        "public_key": public.decode("ascii"),
        "signature": key.sign(entry_hash.encode("ascii")).hex(),
        "at": now(),
    }
    db.table("ledger_signatures").insert(row, pk=("seq", "public_key"), replace=True)
    return row


def _check_signatures(
    db: sqlite_utils.Database, report: AuditReport, public_key: bytes | None
) -> None:
    rows = list(db.query("select * from ledger_signatures order by seq"))
    if not rows and public_key is None:
        return
    serialization, ed25519 = _crypto()
    hashes = {row[0]: row[1] for row in db.execute("select seq, entry_hash from ledger")}
    wanted = _public_pem(serialization, public_key) if public_key else None
    head_signed = False
    for row in rows:
        report.signatures_checked += 1
        where = f"{row['seq']} ({row['public_key'].splitlines()[1][:16]}...)"
        key = serialization.load_pem_public_key(row["public_key"].encode("ascii"))
        valid = isinstance(key, ed25519.Ed25519PublicKey) and _verifies(key, row)
        if not valid or hashes.get(row["seq"]) != row["entry_hash"]:
            report.findings.append(
                Finding(
                    "signature_invalid",
                    "ledger_signatures",
                    where,
                    "the signature does not match the entry it names",
                )
            )
        elif wanted and row["public_key"] == wanted and row["entry_hash"] == report.head:
            head_signed = True
    if wanted and not head_signed:
        report.findings.append(
            Finding(
                "head_unsigned",
                "ledger",
                str(report.head),
                "the chain's head carries no valid signature by the given key",
            )
        )


def _verifies(key: Any, row: dict[str, Any]) -> bool:
    from cryptography.exceptions import InvalidSignature

    try:
        key.verify(bytes.fromhex(row["signature"]), row["entry_hash"].encode("ascii"))
    except (InvalidSignature, ValueError):
        return False
    return True


def _public_pem(serialization: Any, pem: bytes) -> str:
    key = serialization.load_pem_public_key(pem)
    return str(
        key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode("ascii")
    )


def _crypto() -> tuple[Any, Any]:
    try:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ed25519
    except ImportError:
        raise SigningUnavailable(SigningUnavailable.__doc__) from None
    return serialization, ed25519


def read_key(path: str | Path) -> bytes:
    return Path(path).read_bytes()
