"""Matching quotes without a post id (author + day + text) against archives of growing size.

    python scripts/bench_match.py [--sizes 10000 100000 1000000] [--quotes N]

The archive is a real one (`open_db`, every migration), filled with posts in the shape imports
leave them (one author has about 100 posts over three years; texts of 12-30 words). Each quote
is a remnant as detection gives it: an author's handle in another case, a displayed day, and
the text of one of their posts; it is resolved with `resolve_original` against the
`EvidenceArchive`, offline, as `verify` does. At each size, quotes/s with the index of m006
(ours) and without it (the baseline: the same query, the index dropped), in the same run.

Not a test: figures depend on the machine. docs/performance.md records runs.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from verifier.models import Embed, EmbedKind
from verifier.resolve.original import resolve_original
from verifier.store import open_db
from verifier.store.held import EvidenceArchive

POSTS_PER_AUTHOR = 100
FIRST_DAY = date(2021, 1, 1)
DAYS = 1100
WORDS = (
    "the a minister said today that we will not accept new plan for city council vote "
    "tomorrow people must know truth about budget health school police climate energy "
    "prices rise fall again never always report shows data public record court ruling"
).split()


def fill(db_path: Path, start: int, stop: int, rng: random.Random) -> None:
    """Posts `start` to `stop`, written with plain SQL (building the archive is not timed)."""
    db = open_db(db_path)
    rows = []
    for n in range(start, stop):
        author = n // POSTS_PER_AUTHOR
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(12, 30)))
        rows.append(
            (f"twitter:{n}", "twitter", str(n), f"User{author}", text, f"{day}T12:00:00+00:00")
        )
    with db.atomic():
        db.conn.executemany(
            "insert into posts (id, platform, post_id, author_handle, text, created_at, outcome)"
            " values (?, ?, ?, ?, ?, ?, 'available')",
            rows,
        )


def quotes(db_path: Path, count: int, rng: random.Random) -> list[Embed]:
    db = open_db(db_path)
    total = db.execute("select count(*) from posts").fetchone()[0]
    embeds = []
    for _ in range(count):
        key = f"twitter:{rng.randrange(total)}"
        handle, text, created = db.execute(
            "select author_handle, text, created_at from posts where id = ?", [key]
        ).fetchone()
        embeds.append(
            Embed(
                platform="twitter",
                kind=EmbedKind.REMNANT,
                position=0,
                author_handle=handle.lower(),
                displayed_text=text,
                displayed_day=date.fromisoformat(created[:10]),
            )
        )
    return embeds


def rate(db_path: Path, embeds: list[Embed], *, runs: int) -> tuple[float, int]:
    archive = EvidenceArchive(open_db(db_path))
    rates, matched = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        matched = sum(
            resolve_original(e, archive=archive, offline=True).original is not None for e in embeds
        )
        rates.append(len(embeds) / (time.perf_counter() - started))
    return statistics.median(rates), matched


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--quotes", type=int, default=500)
    parser.add_argument("--baseline-quotes", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(12)
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "archive.db"
        filled = 0
        for size in sorted(args.sizes):
            fill(db_path, filled, size, rng)
            filled = size
            embeds = quotes(db_path, args.quotes, rng)
            ours, matched = rate(db_path, embeds, runs=args.runs)
            db = open_db(db_path)
            db.execute("drop index posts_platform_author_day")
            base, _ = rate(db_path, embeds[: args.baseline_quotes], runs=1)
            db.execute(
                "create index posts_platform_author_day on posts"
                " (platform, lower(author_handle), substr(created_at, 1, 10))"
            )
            print(
                f"{size:>9,} posts: {ours:8.1f} quotes/s ({matched}/{len(embeds)} matched);"
                f" baseline {base:7.2f} quotes/s; {ours / base:7.0f}x"
            )


if __name__ == "__main__":
    main()
