"""The commands of fetch evidence: `recheck`, `endpoints`."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict

import click
from tabulate import tabulate

from verifier.cli.options import (
    db_option,
    existing_archive,
    network_from_options,
    online_options,
    progress,
)
from verifier.resolve.fetch import default_endpoints
from verifier.resolve.session import NetworkSession


@click.command("recheck")
@db_option
@online_options
@click.option(
    "--older-than",
    metavar="AGE",
    help="Only posts last checked longer ago than AGE (e.g. 7d, 12h, 1w2d). Default: all.",
)
@click.option("--platform", "platforms", multiple=True, help="Only this platform (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
def recheck_command(
    db_path: str,
    allow_private_hosts: bool,
    endpoints: tuple[str, ...],
    no_web_archive: bool,
    fetch_deadline: float,
    post_deadline: float,
    older_than: str | None,
    platforms: tuple[str, ...],
    as_json: bool,
) -> None:
    """Fetch archived originals again: record deletions, reappearances and edits as history
    (earlier evidence is never lost), and judge again the articles that show them."""
    from verifier.pipeline.recheck import parse_age, recheck

    try:
        age = parse_age(older_than) if older_than else None
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--older-than") from None
    network = network_from_options(
        offline=False,
        allow_private_hosts=allow_private_hosts,
        endpoints=endpoints,
        no_web_archive=no_web_archive,
        fetch_deadline=fetch_deadline,
        post_deadline=post_deadline,
    )
    db = existing_archive(db_path)
    with NetworkSession(network) as session, progress("rechecking", show_items=False) as step:
        if session.context is None:  # only when offline, which recheck never is
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
