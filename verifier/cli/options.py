"""What every command shares: the archive and network options, opening the archive with a
clear error, progress, and the short forms of cells."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from verifier.cli.progress import Progress
from verifier.http import DEFAULT_DEADLINE
from verifier.platforms.fetcher import DEFAULT_POST_DEADLINE, Endpoints
from verifier.resolve.fetch import default_endpoints
from verifier.resolve.session import NetworkOptions, endpoint_overrides
from verifier.store import ArchiveError, open_db

F = TypeVar("F", bound=Callable[..., Any])


# As sqlite-utils and Datasette take them: `-h` as well as `--help`, on every command.
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}


def network_options(function: F) -> F:
    """The options of every command that may fetch: offline, private hosts, endpoints, web
    archives."""
    function = online_options(function)
    return click.option("--offline", is_flag=True, help="Never touch the network.")(function)


def online_options(function: F) -> F:
    """The network options of a command that must fetch (no --offline to offer and refuse)."""
    options = [
        click.option(
            "--allow-private-hosts",
            is_flag=True,
            help="Allow hosts on private, local or loopback addresses (e.g. a test server).",
        ),
        click.option(
            "--endpoint",
            "endpoints",
            multiple=True,
            metavar="NAME=URL",
            help="Use URL as the base of endpoint NAME (repeatable; names: `verifier "
            "endpoints`). Also read from VERIFIER_ENDPOINTS=NAME=URL,...",
        ),
        click.option(
            "--no-web-archive",
            is_flag=True,
            help="Do not look in web archives: for captures of posts that are gone or"
            " unreachable, nor for the post a remnant quotes without its id.",
        ),
        click.option(
            "--fetch-deadline",
            type=click.FloatRange(min=0, min_open=True),
            default=DEFAULT_DEADLINE,
            show_default=True,
            metavar="SECONDS",
            help="Give up one request after this long in all, however slowly the server"
            " sends (retries and redirects included); a later run retries it.",
        ),
        click.option(
            "--post-deadline",
            type=click.FloatRange(min=0, min_open=True),
            default=DEFAULT_POST_DEADLINE,
            show_default=True,
            metavar="SECONDS",
            help="Give up one post after this long in all: its platform's sources one"
            " after another, then the web archive.",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def network_from_options(
    *,
    offline: bool,
    allow_private_hosts: bool,
    endpoints: tuple[str, ...],
    no_web_archive: bool,
    fetch_deadline: float = DEFAULT_DEADLINE,
    post_deadline: float = DEFAULT_POST_DEADLINE,
) -> NetworkOptions:
    """The network options, with endpoint overrides checked: a malformed item or a name no
    fetcher uses (a typo) stops the command before anything is fetched."""
    try:
        overrides = endpoint_overrides(endpoints, os.environ)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--endpoint") from None
    unknown = Endpoints(default_endpoints(), overrides).unknown()
    if unknown:
        known = ", ".join(default_endpoints())
        raise click.BadParameter(
            f"no endpoint named {', '.join(unknown)} (known: {known})", param_hint="--endpoint"
        )
    return NetworkOptions(
        offline=offline,
        allow_private_hosts=allow_private_hosts,
        overrides=overrides,
        web_archive=not no_web_archive,
        fetch_deadline=fetch_deadline,
        post_deadline=post_deadline,
    )


def db_option(function: F) -> F:
    """The archive option every command shares."""
    return click.option(
        "--db",
        "db_path",
        default="archive.db",
        show_default=True,
        type=click.Path(dir_okay=False),
        help="The SQLite archive.",
    )(function)


def open_archive(db_path: str, *, existing: bool = False, writable: bool = True) -> Any:
    """The archive at `db_path`, or a ClickException that names it and says why not."""
    if existing and not Path(db_path).exists():
        raise click.ClickException(f"no archive at {db_path}: run `verifier verify` first")
    try:
        return open_db(db_path, writable=writable)
    except ArchiveError as error:
        raise click.ClickException(str(error)) from None


@contextlib.contextmanager
def archive_errors() -> Iterator[None]:
    """An archive that fails mid-run (locked by another run for too long, a full disk) ends
    the command with one line naming it, not a traceback."""
    try:
        yield
    except ArchiveError as error:
        raise click.ClickException(str(error)) from None


def existing_archive(db_path: str, *, writable: bool = True) -> Any:
    return open_archive(db_path, existing=True, writable=writable)


@contextlib.contextmanager
def progress(
    label: str, *, length: int | None = None, show_items: bool = True, every: int = 10
) -> Iterator[Callable[[str], None]]:
    """Progress on stderr while a long run works, stepped once per item: a live line with the
    total, rate and time left on a terminal; a line every `every` items anywhere else."""
    bar = Progress(
        label,
        stream=sys.stderr,
        total=length,
        terminal=sys.stderr.isatty(),
        every=every,
        show_items=show_items,
    )
    try:
        yield bar.step
    finally:
        bar.close()


def stepping(items: Iterable[Path], step: Callable[[str], None] | None) -> Iterator[Path]:
    for item in items:
        if step:
            step(str(item))
        yield item


def short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
