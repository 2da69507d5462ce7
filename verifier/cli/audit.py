"""`verifier audit` and `verifier sign`: check the archive against its hash-chained ledger,
and sign the chain's head with a local Ed25519 key."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict

import click

from verifier.cli.options import db_option, existing_archive
from verifier.store.audit import SigningUnavailable, audit, read_key, sign_head


@click.command("audit")
@db_option
@click.option(
    "--public-key",
    type=click.Path(exists=True, dir_okay=False),
    help="A PEM Ed25519 public key: the chain's head must carry a valid signature by it.",
)
@click.option("--json", "as_json", is_flag=True, help="The report as one JSON object.")
def audit_command(db_path: str, public_key: str | None, as_json: bool) -> None:
    """Re-hash every stored body, walk the ledger's hash chain, check every verdict against its
    logged digest and every signature against its key; name each row that differs. Exits 1 if
    anything does."""
    db = existing_archive(db_path, writable=False)
    try:
        report = audit(db, public_key=read_key(public_key) if public_key else None)
    except SigningUnavailable as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        click.echo(json.dumps({**asdict(report), "ok": report.ok}, indent=2))
    else:
        for finding in report.findings:
            click.echo(f"{finding.kind}: {finding.table} {finding.row}: {finding.detail}")
    click.echo(
        f"{report.bodies_checked} bodies, {report.entries_checked} ledger entries, "
        f"{report.verdicts_checked} verdicts, {report.signatures_checked} signatures checked; "
        f"head {report.head or 'none'}; "
        + ("all agree" if report.ok else f"{len(report.findings)} finding(s)"),
        err=True,
    )
    if not report.ok:
        sys.exit(1)


@click.command("sign")
@db_option
@click.option(
    "--key",
    "key_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="An unencrypted PEM Ed25519 private key (e.g. `openssl genpkey -algorithm ed25519`).",
)
def sign_command(db_path: str, key_path: str) -> None:
    """Sign the ledger's head (the hash that covers every run so far) with an Ed25519 key;
    `verifier audit --public-key` then checks it."""
    db = existing_archive(db_path)
    try:
        row = sign_head(db, read_key(key_path))
    except (SigningUnavailable, ValueError) as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"signed ledger entry {row['seq']} ({row['entry_hash']})", err=True)
