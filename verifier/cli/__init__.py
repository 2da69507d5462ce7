"""The command line: parse options, call the library, print. Nothing else lives here.

run.py        verify, import-posts
scan.py       scan: many WARC shards on Dask distributed
report.py     report
evidence.py   recheck, endpoints
export.py     export-warc, export-wacz
handover.py   evidence: one verdict as JSON or PDF
serve.py      serve, metadata
audit.py      audit, sign
options.py    what the commands share: options, opening the archive, progress bars
"""

from __future__ import annotations

import click

from verifier.cli import audit, evidence, export, handover, report, run, scan, serve
from verifier.cli.options import CONTEXT_SETTINGS
from verifier.http.client import package_version


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(package_version(), prog_name="verifier")
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
    export.export_warc_command,
    export.export_wacz_command,
    handover.evidence_command,
    audit.audit_command,
    audit.sign_command,
):
    cli.add_command(command)
