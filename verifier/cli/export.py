"""Handing the archive over: `export-warc` and `export-wacz`."""

from __future__ import annotations

import click

from verifier.cli.options import db_option, existing_archive


@click.command("export-warc")
@click.argument("file", type=click.Path(dir_okay=False))
@db_option
def export_warc_command(file: str, db_path: str) -> None:
    """Write the archive to FILE as a WARC (name it .warc.gz to compress each record): every
    article as it was read (a fetch's request and response, a crawl's response, a file as a
    resource), every platform answer with its request, and the records imported from local
    archive files."""
    from verifier.publish.warc import export_warc

    written = export_warc(existing_archive(db_path, writable=False), file)
    click.echo(
        f"wrote {written.articles} article(s), {written.responses} response(s) and "
        f"{written.imports} imported record(s) to {file}",
        err=True,
    )


@click.command("export-wacz")
@click.argument("file", type=click.Path(dir_okay=False))
@db_option
def export_wacz_command(file: str, db_path: str) -> None:
    """Pack the archive into FILE as a WACZ (the WARC of `export-warc`, its index, and
    pages.jsonl listing the articles) that ReplayWeb.page opens. Needs the `wacz` package:
    pip install 'verifier[wacz]'."""
    from verifier.publish.wacz import WaczUnavailable, export_wacz

    try:
        written = export_wacz(existing_archive(db_path, writable=False), file)
    except WaczUnavailable as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        f"wrote {written.articles} article(s), {written.responses} response(s) and "
        f"{written.imports} imported record(s) to {file}",
        err=True,
    )
