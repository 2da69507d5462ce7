"""A record no one can rewrite quietly: every run is logged in a hash chain, and `verifier
audit` names the row when a body, a verdict or a log entry is changed or removed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner
from conftest import ROOT

from verifier.cli import cli
from verifier.store import open_db
from verifier.store.audit import audit, sign_head
from verifier.store.ledger import head

SEEDS = ROOT / "seeds"


def verified_seed(tmp_path: Path) -> str:
    db_path = str(tmp_path / "archive.db")
    result = CliRunner().invoke(cli, ["verify", str(SEEDS), "--db", db_path, "--offline"])
    assert result.exit_code == 0, result.output
    return db_path


def kinds(db: sqlite_utils.Database, **options: bytes) -> list[tuple[str, str, str]]:
    return [(f.kind, f.table, f.row) for f in audit(db, **options).findings]


def test_a_run_is_logged_and_an_untouched_archive_passes(tmp_path: Path) -> None:
    db = open_db(verified_seed(tmp_path))
    entries = list(db.query("select seq, command, previous_hash from ledger"))
    assert entries == [{"seq": 1, "command": "verify", "previous_hash": "0" * 64}]
    report = audit(db)
    assert report.ok, report.findings
    assert report.bodies_checked == db.table("payloads").count > 0
    assert report.verdicts_checked == 1
    assert report.head == head(db)[1]  # type: ignore[index]


def test_a_rerun_adds_an_entry_chained_to_the_last(tmp_path: Path) -> None:
    db_path = verified_seed(tmp_path)
    verified_seed(tmp_path)
    db = open_db(db_path)
    first, second = db.query("select * from ledger order by seq")
    assert second["previous_hash"] == first["entry_hash"]
    # Nothing changed: the second run logs no body and no verdict again.
    assert db.execute("select count(*) from ledger_bodies where seq = 2").fetchone()[0] == 0
    assert db.execute("select count(*) from ledger_verdicts where seq = 2").fetchone()[0] == 0
    assert audit(db).ok


def test_an_edited_payload_is_named(tmp_path: Path) -> None:
    db = open_db(verified_seed(tmp_path))
    sha = db.execute("select sha256 from payloads limit 1").fetchone()[0]
    db.execute("update payloads set body = 'forged' where sha256 = ?", [sha])
    assert kinds(db) == [("body_changed", "payloads", sha)]


def test_a_removed_payload_is_named(tmp_path: Path) -> None:
    db = open_db(verified_seed(tmp_path))
    sha = db.execute("select sha256 from payloads limit 1").fetchone()[0]
    db.execute("update sources set payload_sha256 = null where payload_sha256 = ?", [sha])
    db.execute("delete from payloads where sha256 = ?", [sha])
    assert kinds(db) == [("body_removed", "payloads", sha)]


def test_a_verdict_changed_by_hand_is_named(tmp_path: Path) -> None:
    db = open_db(verified_seed(tmp_path))
    key = db.execute("select embed_id from verdicts").fetchone()[0]
    db.execute("update verdicts set status = 'altered' where embed_id = ?", [key])
    assert kinds(db) == [("verdict_changed", "verdicts", key)]


def test_a_removed_log_entry_breaks_the_chain(tmp_path: Path) -> None:
    db_path = verified_seed(tmp_path)
    verified_seed(tmp_path)
    verified_seed(tmp_path)
    db = open_db(db_path)
    db.execute("delete from ledger where seq = 2")
    assert kinds(db) == [("entry_removed", "ledger", "2"), ("chain_broken", "ledger", "3")]


def test_removing_the_last_entry_is_seen_too(tmp_path: Path) -> None:
    db = open_db(verified_seed(tmp_path))
    db.execute("delete from ledger where seq = 1")
    assert ("entry_removed", "ledger", "1") in kinds(db)


def test_an_edited_log_entry_is_named(tmp_path: Path) -> None:
    db = open_db(verified_seed(tmp_path))
    db.execute("update ledger set inputs = '[\"elsewhere\"]' where seq = 1")
    assert kinds(db) == [("entry_changed", "ledger", "1")]


def test_the_cli_exits_1_and_names_the_row(tmp_path: Path) -> None:
    db_path = verified_seed(tmp_path)
    ok = CliRunner().invoke(cli, ["audit", "--db", db_path])
    assert ok.exit_code == 0 and "all agree" in ok.output
    db = open_db(db_path)
    sha = db.execute("select sha256 from payloads limit 1").fetchone()[0]
    db.execute("update payloads set body = 'forged' where sha256 = ?", [sha])
    bad = CliRunner().invoke(cli, ["audit", "--db", db_path])
    assert bad.exit_code == 1
    assert f"body_changed: payloads {sha}" in bad.output


@pytest.fixture
def key_pair(tmp_path: Path) -> tuple[Path, Path]:
    """An Ed25519 key made the way the docs say: with openssl where it is installed."""
    serialization = pytest.importorskip("cryptography.hazmat.primitives.serialization")
    ed25519 = pytest.importorskip("cryptography.hazmat.primitives.asymmetric.ed25519")
    private, public = tmp_path / "key.pem", tmp_path / "key.pub.pem"
    if shutil.which("openssl"):
        subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519", "-out", private], check=True)
        key = serialization.load_pem_private_key(private.read_bytes(), password=None)
    else:
        key = ed25519.Ed25519PrivateKey.generate()
        private.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
    public.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return private, public


def test_a_signed_head_checks_against_its_public_key(
    tmp_path: Path, key_pair: tuple[Path, Path]
) -> None:
    private, public = key_pair
    db_path = verified_seed(tmp_path)
    signed = CliRunner().invoke(cli, ["sign", "--db", db_path, "--key", str(private)])
    assert signed.exit_code == 0, signed.output
    checked = CliRunner().invoke(cli, ["audit", "--db", db_path, "--public-key", str(public)])
    assert checked.exit_code == 0, checked.output
    # A later run moves the head past the signature: the head is no longer signed.
    verified_seed(tmp_path)
    db = open_db(db_path)
    assert kinds(db, public_key=public.read_bytes()) == [("head_unsigned", "ledger", head(db)[1])]  # type: ignore[index]


def test_a_forged_signature_is_named(tmp_path: Path, key_pair: tuple[Path, Path]) -> None:
    private, _public = key_pair
    db = open_db(verified_seed(tmp_path))
    sign_head(db, private.read_bytes())
    db.execute("update ledger_signatures set signature = ?", ["00" * 64])
    assert [kind for kind, _t, _r in kinds(db)] == ["signature_invalid"]
