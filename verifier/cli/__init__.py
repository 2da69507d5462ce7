"""The command line: parse options, call the library, print. Nothing else lives here.

run.py        verify, import-posts
scan.py       scan: many WARC shards on Dask distributed
report.py     report
evidence.py   recheck, endpoints, export-warc
serve.py      serve, metadata
options.py    what the commands share: options, opening the archive, progress bars
"""

from __future__ import annotations

import click

from verifier import __version__
from verifier.cli import evidence, report, run, scan, serve


@click.group()
@click.version_option(__version__, prog_name="verifier")
def cli() -> None:
    """Find the social-media posts that articles embed or quote, and check them against the
    originals."""


for command in (
    run.import_posts_command,
    run.verify_command,
    scan.scan_command,
    report.report_command,
    serve.metadata_command,
    serve.serve_command,
    evidence.recheck_command,
    evidence.endpoints_command,
    evidence.export_warc_command,
):
    cli.add_command(command)
