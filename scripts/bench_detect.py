"""Throughput of detection against the naive baseline, on the same pages in the same run.

    python scripts/bench_detect.py [--corpus FOLDER] [--pages N] [--warc FILE] [--warc-pages N]

Ours: `verifier.detect.find_embeds_in_html` (raw-byte scan, then only the regions around
markers parsed). Baseline: BeautifulSoup's `html.parser` on the whole of every page, then the
same platform rules over the whole tree (the DOM only: no textarea, attribute or script data).
Both get pages already decoded to `str`, as the pipeline hands them over; reading and decoding
are not timed. "Same embeds" compares the (platform, post id) of live-DOM embeds each found.

Not a test: figures depend on the machine. docs/performance.md records a run.
"""

from __future__ import annotations

import argparse
import itertools
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from bs4 import BeautifulSoup

from verifier.detect import find_embeds_in_html
from verifier.detect.wrappers import find_wrapped
from verifier.models import EmbedKind
from verifier.platforms import PLATFORMS

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

Found = set[tuple[str, str | None]]


def ours(html: str) -> Found:
    return {
        (e.platform, e.post_id)
        for e in find_embeds_in_html(html)
        if e.kind is EmbedKind.EMBED and e.location in ("dom", "noscript")
    }


def baseline(html: str) -> Found:
    soup = BeautifulSoup(html, "html.parser")
    found = [f for p in PLATFORMS.values() for f in p.find_embeds(soup)]
    found += list(find_wrapped(soup))
    return {(f.embed.platform, f.embed.post_id) for f in found}


def corpus_pages(folder: Path) -> list[str]:
    return [path.read_bytes().decode("utf-8", "replace") for path in sorted(folder.glob("*.html"))]


def warc_pages(path: Path, limit: int) -> list[str]:
    from warcio.archiveiterator import ArchiveIterator

    pages: list[str] = []
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response":
                continue
            pages.append(record.content_stream().read().decode("utf-8", "replace"))
            if len(pages) >= limit:
                break
    return pages


def repeat(pages: list[str], count: int) -> list[str]:
    return list(itertools.islice(itertools.cycle(pages), count))


def timed(detect: Callable[[str], Found], pages: list[str]) -> tuple[float, list[Found]]:
    start = time.perf_counter()
    results = [detect(page) for page in pages]
    return time.perf_counter() - start, results


def compare(name: str, pages: list[str], baseline_pages: int) -> Iterator[str]:
    megabytes = sum(len(p.encode("utf-8", "replace")) for p in pages) / 1e6
    ours_seconds, ours_found = timed(ours, pages)
    # The baseline is slow: time it on a prefix of the same pages, scaled per page.
    sample = pages[:baseline_pages]
    sample_mb = sum(len(p.encode("utf-8", "replace")) for p in sample) / 1e6
    base_seconds, base_found = timed(baseline, sample)
    ours_rate, base_rate = len(pages) / ours_seconds, len(sample) / base_seconds
    same = all(a == b for a, b in zip(ours_found, base_found, strict=False))
    differing = sum(a != b for a, b in zip(ours_found, base_found, strict=False))
    yield f"{name}: {len(pages)} pages, {megabytes:.1f} MB"
    yield f"  ours      {ours_rate:9.1f} pages/s {megabytes / ours_seconds:8.1f} MB/s"
    yield (
        f"  baseline  {base_rate:9.1f} pages/s {sample_mb / base_seconds:8.1f} MB/s"
        f"  ({len(sample)} pages)"
    )
    yield f"  ratio     {ours_rate / base_rate:9.1f}x"
    yield f"  same embeds: {'yes' if same else f'no, {differing} page(s) differ'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "pages")
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--baseline-pages", type=int, default=140)
    parser.add_argument("--warc", type=Path, help="also run over a WARC (news-mix.warc.gz)")
    parser.add_argument("--warc-pages", type=int, default=2269)
    options = parser.parse_args()
    pages = repeat(corpus_pages(options.corpus), options.pages)
    ours(pages[0])  # load the automaton and the language model before timing
    for line in compare("corpus, repeated", pages, options.baseline_pages):
        print(line)
    if options.warc:
        mix = warc_pages(options.warc, options.warc_pages)
        for line in compare("news mix (WARC)", mix, options.baseline_pages * 2):
            print(line)


if __name__ == "__main__":
    main()
