"""`verifier import-posts` throughput and archive size, against an earlier copy of the code.

    python scripts/bench_import.py [--posts N] [--baseline-posts N] [--before DIR] [--runs N]

Writes N posts as snscrape JSONL (the shape `snscrape --jsonl twitter-search` gives: one
object a line with `rawContent`, `renderedContent`, `user`, `date`, ...; texts of 12-30 words,
100 posts an author), then imports them in a fresh process into a fresh archive, start-up
included. `--before DIR` (e.g. `git archive main verifier | tar -x -C DIR`) runs the earlier
code the same way on `--baseline-posts` posts (it is slow). Prints posts/s, the extrapolated
time for 10^6 posts, the archive's bytes a post, and whether a second import of the same file
leaves the row counts as they were (resumable: nothing duplicated).

Not a test: figures depend on the machine. docs/performance.md records runs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORDS = (
    "the a minister said today that we will not accept new plan for city council vote "
    "tomorrow people must know truth about budget health school police climate energy"
).split()
TABLES = ("posts", "post_versions", "sources", "payloads", "post_history")


def write_posts(path: Path, count: int) -> int:
    """The JSONL file; returns the bytes of post text in it (what the archive must hold)."""
    rng = random.Random(6)
    text_bytes = 0
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            author = f"user{n // 100}"
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(12, 30)))
            text_bytes += len(text.encode())
            post_id = 10**17 + n
            record = {
                "_type": "snscrape.modules.twitter.Tweet",
                "url": f"https://twitter.com/{author}/status/{post_id}",
                "date": f"2022-{1 + n % 12:02d}-{1 + n % 28:02d}T10:00:00+00:00",
                "rawContent": text,
                "renderedContent": text,
                "id": post_id,
                "user": {"_type": "snscrape.modules.twitter.User", "username": author},
                "replyCount": 0,
                "retweetCount": 0,
                "likeCount": 0,
                "lang": "en",
            }
            out.write(json.dumps(record) + "\n")
    return text_bytes


def run_import(code: Path, posts: Path, db: Path) -> float:
    command = [sys.executable, "-c", "from verifier.cli import cli; cli()", "import-posts"]
    command += ["--db", str(db), str(posts)]
    started = time.perf_counter()
    # From the archive's folder: `python -c` puts the working directory first on the path,
    # and from the repository that would import its code instead of `code`.
    done = subprocess.run(
        command,
        env={**os.environ, "PYTHONPATH": str(code)},
        cwd=db.parent,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"import-posts failed:\n{done.stderr[-2000:]}")
    return time.perf_counter() - started


def counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {t: conn.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES}


def measure(label: str, code: Path, work: Path, count: int, runs: int) -> float:
    posts = work / f"posts-{count}.jsonl"
    text_bytes = write_posts(posts, count)
    times = []
    db = work / f"{label}.db"
    for _ in range(runs):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        times.append(run_import(code, posts, db))
    rate = count / statistics.median(times)
    size = db.stat().st_size
    before = counts(db)
    run_import(code, posts, db)
    same = counts(db) == before
    print(
        f"{label:<8} {count:>9,} posts: {rate:7.0f} posts/s (min {count / max(times):.0f},"
        f" max {count / min(times):.0f}); 10^6 in {10**6 / rate / 60:5.1f} min;"
        f" {size / count:6.0f} B a post ({(size - text_bytes) / count:5.0f} B beside the text);"
        f" re-import adds no rows: {'yes' if same else 'NO'}"
    )
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--baseline-posts", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--before", type=Path, help="a copy of the code to compare with")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        base = None
        if args.before:
            base = measure("before", args.before, work, args.baseline_posts, 1)
        ours = measure("ours", ROOT, work, args.posts, args.runs)
        if base:
            print(f"ours / before: {ours / base:.1f}x")


if __name__ == "__main__":
    main()
