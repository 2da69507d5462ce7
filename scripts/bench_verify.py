"""End-to-end throughput of `verifier verify`, against the naive baseline in the same run.

    python scripts/bench_verify.py [--warc FILE] [--pages N] [--runs N] [--jobs 1 2]
                                   [--before DIR]

Pages: the first N page records of the WARC (default: the news mix), written as a WARC of their
own. Baseline: BeautifulSoup `html.parser` on every one of those pages (decoded beforehand, not
timed), the figure the issue measures against. Ours: `verifier verify --offline` in a fresh
process on a fresh archive, start-up included, once per `--jobs` value. `--before DIR` also
runs the code in DIR (e.g. `git archive main verifier | tar -x -C DIR`) the same way, and
checks that its embeds and verdicts equal ours, row for row.

Every figure is the median of `--runs` runs (the machine is shared: single runs move by
±10 %); min and max are printed beside it. Not a test: docs/performance.md records runs.
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bs4 import BeautifulSoup
from warcio.archiveiterator import ArchiveIterator
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

# The rows a run decides, without the times it ran at: two runs that agree give equal lists.
RESULT_QUERIES = {
    "articles": "select id, source, url, title, published, language, sha256 from articles",
    "embeds": "select * from embeds",
    "verdicts": "select embed_id, article_id, post_key, status, author_ok, date_ok,"
    " similarity, shown_text, diff, searched, reason, post_version from verdicts",
    "problems": "select id, source, stage, message, line, severity from problems",
}


def cut_warc(source: Path, target: Path, *, pages: int, skip: int = 0) -> int:
    """Copy page records `skip` to `skip + pages` of a WARC into a WARC of their own."""
    written = 0
    with source.open("rb") as stream, target.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        seen = 0
        for record in ArchiveIterator(stream):
            if record.rec_type != "response":
                continue
            seen += 1
            if seen <= skip:
                continue
            writer.write_record(record)
            written += 1
            if written >= pages:
                break
    return written


def page_bodies(warc: Path) -> list[str]:
    with warc.open("rb") as stream:
        return [
            record.content_stream().read().decode("utf-8", "replace")
            for record in ArchiveIterator(stream)
            if record.rec_type == "response"
        ]


def timed(function: Callable[[], object], runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds (this process and its children) of each run. On a shared
    machine the CPU time moves less than the wall clock; both are reported."""
    walls, cpus = [], []
    for _ in range(runs):
        before = _cpu()
        start = time.perf_counter()
        function()
        walls.append(time.perf_counter() - start)
        cpus.append(_cpu() - before)
    return walls, cpus


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_verify(code: Path, warc: Path, db: Path, *, jobs: int | None) -> None:
    db.unlink(missing_ok=True)
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    command = [sys.executable, "-c", "from verifier.cli import cli; cli()", "verify"]
    command += ["--offline", "--db", str(db), str(warc)]
    if jobs is not None:
        command += ["--jobs", str(jobs)]
    # Run from the archive's folder: `python -c` puts the working directory first on the
    # path, and from the repository that would import its code instead of `code`.
    env = {**os.environ, "PYTHONPATH": str(code)}
    with subprocess.Popen(
        command,
        env=env,
        cwd=db.parent,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        peak = 0
        while process.poll() is None:
            peak = max(peak, _tree_rss(process.pid))
            time.sleep(0.05)
        stderr = process.stderr.read() if process.stderr else ""
    PEAK_RSS.append(peak)
    if process.returncode not in (0, 1):  # 1: the run met problems, which it records
        raise SystemExit(f"verify failed:\n{stderr[-2000:]}")


PEAK_RSS: list[int] = []


def _tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants (Linux /proc; 0 elsewhere)."""
    total = 0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) * 1024
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                total += _tree_rss(int(child))
    except (OSError, ValueError):
        pass
    return total


def results(db: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(db) as conn:
        return {
            name: sorted(conn.execute(sql).fetchall(), key=repr)
            for name, sql in RESULT_QUERIES.items()
        }


def line(
    label: str, pages: int, times: tuple[list[float], list[float]], baseline: float | None
) -> str:
    walls, cpus = times
    rates = sorted(pages / t for t in walls)
    median = statistics.median(rates)
    ratio = f"  {median / baseline:5.1f}x baseline" if baseline else ""
    if PEAK_RSS and baseline:
        ratio += f"; peak RSS {max(PEAK_RSS) / 2**20:.0f} MiB (all processes)"
        PEAK_RSS.clear()
    return (
        f"{label:<24} {median:7.1f} pages/s (min {rates[0]:.1f}, max {rates[-1]:.1f}),"
        f" {statistics.median(cpus):6.2f} s CPU{ratio}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--warc", type=Path, default=SHARED / "bench" / "news-mix.warc.gz")
    parser.add_argument("--pages", type=int, default=600)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline-runs", type=int, default=1)
    parser.add_argument("--jobs", type=int, nargs="*", default=[1, 2])
    parser.add_argument("--before", type=Path, help="a copy of the code to compare with")
    args = parser.parse_args()
    if not args.warc.exists():
        raise SystemExit(f"{args.warc}: no such WARC")

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        warc = work / "pages.warc.gz"
        pages = cut_warc(args.warc, warc, pages=args.pages)
        bodies = page_bodies(warc)
        print(f"{pages} pages from {args.warc.name}; median of {args.runs} run(s)")

        def parse_all() -> None:
            for body in bodies:
                BeautifulSoup(body, "html.parser")

        base_times = timed(parse_all, args.baseline_runs)
        baseline = statistics.median(pages / t for t in base_times[0])
        print(line("baseline (html.parser)", pages, base_times, None))

        if args.before:
            before_db = work / "before.db"
            times = timed(lambda: run_verify(args.before, warc, before_db, jobs=None), args.runs)
            print(line("verify, before", pages, times, baseline))
        for jobs in args.jobs:
            db = work / f"jobs{jobs}.db"
            times = timed(lambda db=db, jobs=jobs: run_verify(ROOT, warc, db, jobs=jobs), args.runs)
            print(line(f"verify --jobs {jobs}", pages, times, baseline))
            if args.before:
                same = results(db) == results(before_db)
                print(f"  rows equal to before: {'yes' if same else 'NO'}")
        if len(args.jobs) > 1:
            first, *others = args.jobs
            for jobs in others:
                same = results(work / f"jobs{jobs}.db") == results(work / f"jobs{first}.db")
                print(f"  --jobs {jobs} rows equal to --jobs {first}: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
