"""Benchmark: screenshots of posts, read and judged.

    python scripts/bench_screenshots.py [--limit N] [--engine rapidocr|tesseract] [--out DIR]

Draws the screenshots (scripts/screenshot_cards.py: real post texts, six platforms, light and
dark, web and phone, faithful and altered/fabricated/wrong-date variants), imports the originals
into a fresh archive, runs `verify` over the pictures offline, and prints in Markdown: how
often each field was read right, the verdicts per variant, the false `verified` count, and the
time per picture. Then the cost of OCR to pages without pictures: the corpus pages verified
with pictures read and with `--ocr off`, in the same run. Run it under `taskset -c 0` for one
core.
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import sqlite_utils

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screenshot_cards import SHARED, render  # noqa: E402

from verifier.detect.screenshots import read_screenshot  # noqa: E402
from verifier.detect.screenshots.cards import read_day  # noqa: E402
from verifier.detect.screenshots.ocr import get_engine  # noqa: E402
from verifier.judge.screenshot import fold  # noqa: E402
from verifier.pipeline.verify import VerifyOptions, import_posts, verify  # noqa: E402
from verifier.sources.images import image_from_bytes  # noqa: E402
from verifier.store.schema import ensure_shape  # noqa: E402


def _same(a: str | None, b: str | None) -> bool:
    squash = "".join(fold(c) for c in (a or "") if fold(c).isalnum())
    return squash == "".join(fold(c) for c in (b or "") if fold(c).isalnum())


def _cpu() -> float:
    own, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main(argv: list[str]) -> None:
    limit = int(argv[argv.index("--limit") + 1]) if "--limit" in argv else 10_000
    engine_name = argv[argv.index("--engine") + 1] if "--engine" in argv else "rapidocr"
    out = Path(argv[argv.index("--out") + 1]) if "--out" in argv else Path(tempfile.mkdtemp())
    cases = render(out / "shots", limit=limit)
    originals = out / "shots" / "originals.jsonl"
    (out / "archive").mkdir(exist_ok=True)
    originals.rename(out / "archive" / "originals.jsonl")
    (out / "shots" / "cases.jsonl").rename(out / "cases.jsonl")
    engine = get_engine(engine_name)
    # CPU time of this process and its children (Tesseract runs as one): the cost on one core
    # however loaded the machine is.
    sample = cases[:: max(1, len(cases) // 20)]
    engine.read((out / "shots" / sample[0].image).read_bytes())  # warm: models loaded
    seconds = []
    for case in sample:
        data = (out / "shots" / case.image).read_bytes()
        started = _cpu()
        read_screenshot(image_from_bytes(case.image, data), engine=engine)
        seconds.append(_cpu() - started)

    db = sqlite_utils.Database(out / "bench.db", recreate=True)
    import_posts([out / "archive" / "originals.jsonl"], db=db)
    started = _cpu()
    verify([str(out / "shots")], db=db, options=VerifyOptions(offline=True, ocr=engine_name))
    verify_seconds = _cpu() - started
    status_of = {
        Path(row["source"]).name: row["status"]
        for row in db.query(
            "select a.source, v.status from verdicts v join embeds e on e.id = v.embed_id"
            " join articles a on a.id = e.article_id"
        )
    }
    read = {Path(row["source"]).name: row for row in db.query("select * from screenshots")}
    fields: Counter[str] = Counter()
    for case in cases:
        card = read.get(case.image, {})
        fields["platform"] += card.get("platform") == case.platform
        shows_handle = case.platform != "facebook"
        fields["handle"] += (card.get("handle") == case.shown_handle) if shows_handle else 0
        fields["handle shown"] += shows_handle
        fields["date"] += card.get("day") == str(read_day(case.shown_date))
        fields["text"] += _same(card.get("text"), case.shown_text)
    by_variant: dict[str, Counter[str]] = defaultdict(Counter)
    false_verified = []
    for case in cases:
        status = status_of.get(case.image, "no embed")
        by_variant[case.variant][status] += 1
        if case.expect == "not verified" and status == "verified":
            false_verified.append(case.image)

    n = len(cases)
    print(f"## {n} screenshots, engine {engine_name}\n")
    print("| field | read right |\n| --- | --- |")
    print(f"| platform | {fields['platform']}/{n} |")
    shown = fields["handle shown"]
    print(f"| handle (shown on {shown}) | {fields['handle']}/{shown} |")
    print(f"| date (the day shown) | {fields['date']}/{n} |")
    print(f"| text (every letter and digit, OCR confusions folded) | {fields['text']}/{n} |")
    statuses = sorted({s for c in by_variant.values() for s in c})
    print("\n| variant | " + " | ".join(statuses) + " |")
    print("| --- |" + " --- |" * len(statuses))
    for variant, counts in sorted(by_variant.items()):
        print(f"| {variant} | " + " | ".join(str(counts.get(s, 0)) for s in statuses) + " |")
    print(f"\nfalse verified: {len(false_verified)} {false_verified}")
    print(
        f"\nOCR and parsing per picture (CPU time, {len(seconds)} pictures): median"
        f" {statistics.median(seconds) * 1000:.0f} ms, slowest {max(seconds) * 1000:.0f} ms;"
        f" the whole verify run {verify_seconds:.1f} s CPU for {n} pictures"
    )
    _pages_without_pictures(engine_name)


def _pages_without_pictures(engine_name: str) -> None:
    pages = SHARED / "corpus" / "pages"
    if not pages.exists():
        return
    timings = {}
    for ocr in ("off", engine_name, "off", engine_name):
        db = sqlite_utils.Database(memory=True)
        ensure_shape(db)
        started = _cpu()
        verify([str(pages)], db=db, options=VerifyOptions(offline=True, ocr=ocr))
        timings.setdefault(ocr, []).append(_cpu() - started)
    shots = db.execute("select count(*) from screenshots").fetchone()[0]
    print(
        f"\ncorpus pages ({len(list(pages.iterdir()))} files, offline): CPU, best of two"
        f" {min(timings['off']):.2f} s with --ocr off, {min(timings[engine_name]):.2f} s with"
        f" {engine_name} ({shots} screenshots found in their pictures)"
    )
    print(json.dumps({k: [round(t, 3) for t in v] for k, v in timings.items()}))


if __name__ == "__main__":
    main(sys.argv[1:])
