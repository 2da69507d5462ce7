"""`verifier evidence`: one verdict handed over, as its JSON bundle or a PDF, from the command
line. Both come from the pages `verifier serve` publishes, read in process, so that what is
printed is what a reader sees."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import click

from verifier.cli.options import db_option, existing_archive

# Chromium's own background connections stall it on machines without internet.
_CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
)


def _read(db_path: str, path: str) -> Any:
    from verifier.publish.plugin.reading import verdict_path
    from verifier.publish.serve import in_process

    datasette = in_process(Path(db_path))

    async def fetch() -> Any:
        return await datasette.client.get(verdict_path(datasette, "", path))

    return asyncio.run(fetch())


def chromium() -> str | None:
    return os.environ.get("VERIFIER_CHROMIUM") or shutil.which("chromium")


@click.command("evidence")
@click.argument("embed_id")
@db_option
@click.option(
    "--pdf",
    "pdf_file",
    type=click.Path(dir_okay=False),
    help="Write the print view (A4) to this PDF, with Chromium, instead of the JSON.",
)
def evidence_command(embed_id: str, db_path: str, pdf_file: str | None) -> None:
    """Hand over the verdict on EMBED_ID (a quote's `embed_id`): its JSON bundle (the verdict,
    both texts, the diff, every fetch and import behind the original with its SHA-256 and
    time, the versions), or with --pdf its print view as a PDF."""
    from datasette.utils import tilde_encode

    existing_archive(db_path, writable=False)
    key = tilde_encode(embed_id)
    if pdf_file is None:
        response = _read(db_path, f"{key}/evidence.json")
        _check(response, embed_id, db_path)
        click.echo(response.text)
        return
    browser = chromium()
    if browser is None:
        raise click.ClickException(
            "--pdf needs Chromium (apt-get install chromium, or set VERIFIER_CHROMIUM)"
        )
    response = _read(db_path, f"{key}/print?standalone=1")
    _check(response, embed_id, db_path)
    _print_to_pdf(browser, response.text, Path(pdf_file))
    click.echo(f"wrote the verdict on {embed_id} to {pdf_file}", err=True)


def _check(response: Any, embed_id: str, db_path: str) -> None:
    if response.status_code == 404:
        raise click.ClickException(f"no detected post {embed_id!r} in {db_path}")
    if response.status_code != 200:
        raise click.ClickException(f"the verdict page answered {response.status_code}")


def _print_to_pdf(browser: str, html: str, pdf: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="verifier-pdf-") as folder:
        page = Path(folder) / "verdict.html"
        page.write_text(html, encoding="utf-8")
        profile = Path(folder) / "profile"
        command = [
            browser,
            *_CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--print-to-pdf={pdf.resolve()}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise click.ClickException(f"Chromium ({browser}) failed: {error}") from None
        if done.returncode != 0 or not pdf.exists():
            raise click.ClickException(f"Chromium ({browser}) wrote no PDF: {done.stderr[-500:]}")
