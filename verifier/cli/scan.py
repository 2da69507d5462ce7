"""The command that runs many WARC shards on a Dask cluster: `scan`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from verifier.cli.options import db_option, network_from_options, network_options, open_archive
from verifier.pipeline.cluster import ScanError, scan
from verifier.pipeline.shards import ShardResult
from verifier.pipeline.verify import VerifyOptions
from verifier.resolve.session import NetworkSession


@click.command("scan")
@click.argument("shards", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@db_option
@click.option(
    "--parts",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder of the shards' part files (default: beside the archive, DB.parts).",
)
@click.option("--scheduler", help="Address of a Dask scheduler; none: a local cluster.")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=2,
    show_default=True,
    help="Worker processes of the local cluster.",
)
@network_options
def scan_command(
    shards: tuple[str, ...],
    db_path: str,
    parts: Path | None,
    scheduler: str | None,
    workers: int,
    **network: Any,
) -> None:
    """Verify many WARC SHARDS on Dask distributed (pip install -e '.[dask]'): each shard is
    one task writing its own part file (a re-run skips the shards done), the parts are merged
    into the archive, then the originals the shards lacked are fetched, once per post."""
    options = network_from_options(**network)
    db = open_archive(db_path)
    parts = parts or Path(f"{db_path}.parts")

    def done(result: ShardResult) -> None:
        state = "already done" if result.skipped else f"{result.seconds:.1f} s"
        click.echo(f"{result.shard}: {result.articles} article(s), {state}", err=True)

    with NetworkSession(options) as session:
        verify_options = VerifyOptions(
            offline=options.offline, fetch=session.fetcher, search=session.searcher
        )
        try:
            summary = scan(
                shards,
                db=db,
                parts=parts,
                scheduler=scheduler,
                workers=workers,
                options=verify_options,
                progress=done,
            )
        except ScanError as error:
            raise click.ClickException(str(error)) from error
    articles = sum(result.articles for result in summary.shards)
    click.echo(
        f"{len(shards)} shard(s), {articles} new article(s) merged;"
        f" {summary.pending_resolved} pending post(s) looked up again",
        err=True,
    )
