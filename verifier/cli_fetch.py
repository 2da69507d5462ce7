"""The command line of fetching: the network options, recheck, endpoints, export-warc.

Kept beside cli.py (which registers these commands on its group) so that each stays short.
Like cli.py, it only parses options, calls the library and prints.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any, TypeVar

import click
from tabulate import tabulate

from verifier.fetching import Endpoints, default_endpoints
from verifier.session import NetworkOptions, NetworkSession, endpoint_overrides
from verifier.store import ArchiveError, open_db

F = TypeVar("F", bound=Callable[..., Any])


def network_options(function: F) -> F:
    """The options of every command that may fetch: offline, private hosts, endpoints, web
    archives. The command receives them as `network: NetworkOptions`."""
    options = [
        click.option("--offline", is_flag=True, help="Never touch the network."),
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
    ]
    for option in reversed(options):
        function = option(function)
    return function


def network_from_options(
    *, offline: bool, allow_private_hosts: bool, endpoints: tuple[str, ...], no_web_archive: bool
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


def _existing_db(db_path: str, *, writable: bool = True) -> Any:
    return open_archive(db_path, existing=True, writable=writable)


@click.command("recheck")
@db_option
@network_options
@click.option(
    "--older-than",
    metavar="AGE",
    help="Only posts last checked longer ago than AGE (e.g. 7d, 12h, 1w2d). Default: all.",
)
@click.option("--platform", "platforms", multiple=True, help="Only this platform (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
def recheck_command(
    db_path: str,
    offline: bool,
    allow_private_hosts: bool,
    endpoints: tuple[str, ...],
    no_web_archive: bool,
    older_than: str | None,
    platforms: tuple[str, ...],
    as_json: bool,
) -> None:
    """Fetch archived originals again: record deletions, reappearances and edits as history
    (earlier evidence is never lost), and judge again the articles that show them."""
    from verifier.recheck import parse_age, recheck

    if offline:
        raise click.UsageError("recheck fetches from the network: it cannot run --offline")
    try:
        age = parse_age(older_than) if older_than else None
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--older-than") from None
    network = network_from_options(
        offline=False,
        allow_private_hosts=allow_private_hosts,
        endpoints=endpoints,
        no_web_archive=no_web_archive,
    )
    db = _existing_db(db_path)
    with NetworkSession(network) as session, _progress("rechecking") as step:
        if session.context is None:  # only when offline, refused above
            raise click.UsageError("recheck needs the network")
        summary = recheck(
            db,
            session.context,
            older_than=age,
            platforms=platforms,
            web_archive=network.web_archive,
            progress=step,
        )
    if as_json:
        click.echo(json.dumps(asdict(summary), default=str))
    outcomes = ", ".join(f"{k} {v}" for k, v in sorted(summary.outcomes.items())) or "none"
    events = ", ".join(f"{k} {v}" for k, v in sorted(summary.events.items())) or "no change"
    click.echo(
        f"{summary.checked} post(s) checked: {outcomes}; history: {events}; "
        f"{summary.verdicts} verdict(s) judged again",
        err=True,
    )
    for problem in summary.problems:
        click.echo(f"{problem.severity}: {problem.source}: {problem.message}", err=True)
    if any(problem.is_error for problem in summary.problems):
        sys.exit(1)


@click.command("endpoints")
@click.option("--json", "as_json", is_flag=True, help="A JSON object: NAME -> default URL.")
def endpoints_command(as_json: bool) -> None:
    """The endpoints fetchers call, with their default base URLs. Override one with
    `--endpoint NAME=URL` or VERIFIER_ENDPOINTS="NAME=URL,..."; in a default, {host} is the
    post's own server."""
    defaults = default_endpoints()
    if as_json:
        click.echo(json.dumps(defaults, indent=2))
        return
    click.echo(tabulate(sorted(defaults.items()), headers=["name", "default URL"]))


@click.command("export-warc")
@click.argument("file", type=click.Path(dir_okay=False))
@db_option
def export_warc_command(file: str, db_path: str) -> None:
    """Write every recorded response, with its request, to FILE as a WARC (name it .warc.gz
    to compress each record)."""
    from verifier.warc import export_warc

    count = export_warc(_existing_db(db_path, writable=False), file)
    click.echo(f"wrote {count} response(s) to {file}", err=True)


@contextlib.contextmanager
def _progress(label: str) -> Iterator[Callable[[str], None] | None]:
    """A progress bar on stderr, stepped once per post; nothing when stderr is not a terminal
    (a pipe, a log file, CI)."""
    if not sys.stderr.isatty():
        yield None
        return
    # Without a length (posts are counted as they come) the bar counts instead.
    bar: Any = click.progressbar(iter(()), length=None, label=label, file=sys.stderr, show_pos=True)
    with bar:
        yield lambda _item: bar.update(1)


COMMANDS = (recheck_command, endpoints_command, export_warc_command)


def register(group: click.Group) -> None:
    for command in COMMANDS:
        group.add_command(command)
