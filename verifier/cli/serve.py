"""Publishing commands: `serve` (Datasette) and `metadata` (its configuration)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import click

from verifier.cli.options import db_option, open_archive
from verifier.store.connection import fold_wal


@click.command("metadata")
@click.option(
    "--db",
    "db_path",
    default="archive.db",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The archive: Datasette names its database after the file.",
)
@click.option(
    "--config",
    "as_config",
    is_flag=True,
    help="Print Datasette 1.0's configuration (datasette.json: table options, stored queries,"
    " plugin settings) instead.",
)
def metadata_command(db_path: str, as_config: bool) -> None:
    """Print the Datasette metadata for the archive: `datasette archive.db -m metadata.json`.
    Datasette 1.0 also needs `-c datasette.json`, from --config. `verifier serve` does all this."""
    from verifier.publish.metadata import build_datasette_1, build_metadata
    from verifier.publish.serve import database_name

    name = database_name(Path(db_path))
    document = build_datasette_1(name)[1] if as_config else build_metadata(name)
    click.echo(json.dumps(document, indent=2))


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option(
    "--port",
    default=8001,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="The port to listen on.",
)
@click.option(
    "--live",
    is_flag=True,
    help="For an archive a run is still writing: not opened as immutable (pages still only"
    " read it).",
)
def serve_command(db_path: str, host: str, port: int, live: bool) -> None:
    """Browse the archive in Datasette: every verdict with the article's text beside the
    original, differences marked; facets, full-text search and stored queries. Read-only, and
    closed to search-engine robots. Start at the home page's "Quotes and verdicts"."""
    from datasette.cli import cli as datasette_cli

    from verifier.publish.serve import datasette_arguments

    # An archive from an older verifier gets the views the pages read.
    db = open_archive(db_path, existing=True, writable=False)
    if not live:
        fold_wal(db)
    db.conn.close()
    with tempfile.TemporaryDirectory(prefix="verifier-serve-") as directory:
        arguments = datasette_arguments(
            Path(db_path), Path(directory), host=host, port=port, immutable=not live
        )
        click.echo(f"serving {db_path} at http://{host}:{port}/ (Ctrl-C stops)", err=True)
        datasette_cli.main(arguments, prog_name="datasette", standalone_mode=False)
