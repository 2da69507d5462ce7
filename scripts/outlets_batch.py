#!/usr/bin/env python3
"""A researcher's morning batch: every outlet's new articles, checked, tallied per outlet.

    python scripts/outlets_batch.py outlets.csv --since 1d --db study.db > tally.csv

OUTLETS is a CSV with a header: `outlet` (a name) and `feed` (an RSS or Atom URL) and/or
`sitemap` (a news sitemap or index URL). Each outlet is verified into one archive; the tally
(CSV on stdout) has, per outlet, the articles listed, read and skipped as unchanged, the
quotes judged by status, and the problems met. A row without a name or a URL is named on
stderr with its line, and the batch goes on; the exit status is 1 if any row or outlet met an
error (a feed that failed), else 0.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import verifier

STATUSES = [status.value for status in verifier.Status]


@dataclass(frozen=True)
class Outlet:
    name: str
    feeds: tuple[str, ...]
    sitemaps: tuple[str, ...]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outlets", type=Path, metavar="OUTLETS.csv")
    parser.add_argument("--since", default="1d", help="age or date (default: 1d)")
    parser.add_argument("--db", default="study.db", help="the archive (default: study.db)")
    parser.add_argument("--allow-private-hosts", action="store_true", help="(tests)")
    args = parser.parse_args(argv)

    failed = False
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["outlet", "listed", "read", "skipped", *STATUSES, "problems"])
    for item in read_outlets(args.outlets):
        if isinstance(item, str):
            print(item, file=sys.stderr)
            failed = True
            continue
        summary = verifier.verify(
            feeds=item.feeds,
            sitemaps=item.sitemaps,
            since=args.since,
            db=args.db,
            allow_private_hosts=args.allow_private_hosts,
        )
        for problem in summary.problems:
            print(f"{item.name}: {problem.source}: {problem.message}", file=sys.stderr)
        failed |= any(problem.is_error for problem in summary.problems)
        counts = [summary.by_status.get(status, 0) for status in STATUSES]
        row = [summary.listed, summary.articles, summary.skipped, *counts, len(summary.problems)]
        writer.writerow([item.name, *row])
    return 1 if failed else 0


def read_outlets(path: Path) -> Iterator[Outlet | str]:
    """Each outlet of the CSV, or a message naming the line that is not one."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        yield f"{path}: cannot read: {error}"
        return
    rows = csv.DictReader(text.splitlines())
    if not rows.fieldnames or "outlet" not in rows.fieldnames:
        yield f"{path}: no `outlet` column in the header (it has: {rows.fieldnames})"
        return
    for line, row in enumerate(rows, start=2):
        name = (row.get("outlet") or "").strip()
        feeds = tuple(url for url in [(row.get("feed") or "").strip()] if url)
        sitemaps = tuple(url for url in [(row.get("sitemap") or "").strip()] if url)
        if not name or not (feeds or sitemaps):
            yield f"{path}:{line}: an outlet needs a name and a feed or sitemap URL"
            continue
        yield Outlet(name, feeds, sitemaps)


if __name__ == "__main__":
    sys.exit(main())
