"""Throughput of detection against the naive baseline, on the same pages in the same run.

    python scripts/bench_detect.py [--corpus FOLDER] [--pages N] [--runs N] [--warc FILE]

Ours: `verifier.detect.find_embeds`, exactly what `verifier verify` runs on an HTML article
(raw-byte scan, then only the regions around markers parsed). Baseline: BeautifulSoup's
`html.parser` on the whole of every page, then the same platform rules over the whole tree,
and every `<a href>` to a post outside the embeds found (the DOM only: no textarea, attribute
or script data). Both get pages already decoded to `str` and wrapped as articles, as the
pipeline hands them over; reading and decoding are not timed.

The baseline is slow, so it is timed on whole rounds of the distinct pages (the same mix as
ours) or, for a WARC, on a prefix. "Same results" compares, on every distinct page (the pages
outside the timed sample get an untimed baseline run), the live-DOM embeds and links each
found, as sets of (kind, platform, post id); differing pages are named, with what differs.

Not a test: figures depend on the machine. docs/performance.md records runs.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

from verifier.detect import find_embeds
from verifier.detect.wrappers import find_wrapped
from verifier.models import Article
from verifier.platforms import PLATFORMS, parse_post_url

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

Found = frozenset[tuple[str, str, str | None]]  # (kind, platform, post id)


@dataclass(frozen=True)
class Page:
    name: str
    article: Article

    @property
    def megabytes(self) -> float:
        return len(self.article.content.encode("utf-8", "replace")) / 1e6


def ours(page: Page) -> Found:
    return frozenset(
        (e.kind.value, e.platform, e.post_id)
        for e in find_embeds(page.article)
        if e.location in ("dom", "noscript")
    )


def baseline(page: Page) -> Found:
    soup = BeautifulSoup(page.article.content, "html.parser")
    found = [f for p in PLATFORMS.values() for f in p.find_embeds(soup)]
    found += list(find_wrapped(soup))
    roots = {id(f.element) for f in found}
    links = [
        ref
        for anchor in soup.find_all("a", href=True)
        if (ref := parse_post_url(str(anchor["href"])))
        and not any(id(parent) in roots for parent in anchor.parents)
    ]
    return frozenset(
        [("embed", f.embed.platform, f.embed.post_id) for f in found]
        + [("link", ref.platform, ref.post_id) for ref in links]
    )


def _page(name: str, html: str) -> Page:
    return Page(name, Article(source=name, content=html, is_html=True))


def corpus_pages(folder: Path) -> list[Page]:
    return [
        _page(path.name, path.read_bytes().decode("utf-8", "replace"))
        for path in sorted(folder.glob("*.html"))
    ]


def warc_pages(path: Path, limit: int) -> list[Page]:
    from warcio.archiveiterator import ArchiveIterator

    pages: list[Page] = []
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response":
                continue
            name = f"#{len(pages)} {record.rec_headers.get_header('WARC-Target-URI')}"
            pages.append(_page(name, record.content_stream().read().decode("utf-8", "replace")))
            if len(pages) >= limit:
                break
    return pages


def repeat(pages: list[Page], count: int) -> list[Page]:
    return list(itertools.islice(itertools.cycle(pages), count))


def timed(detect: Callable[[Page], Found], pages: list[Page]) -> tuple[float, dict[str, Found]]:
    start = time.perf_counter()
    results = [detect(page) for page in pages]
    seconds = time.perf_counter() - start
    return seconds, {page.name: found for page, found in zip(pages, results, strict=True)}


def baseline_sample(distinct: list[Page], mixed: list[Page], at_least: int) -> list[Page]:
    """Whole rounds of the distinct pages where the mix repeats them (a prefix of a repeated
    list over-weights the pages at its start), else a prefix of the mix."""
    if len(mixed) > len(distinct):
        rounds = max(1, -(-at_least // len(distinct)))
        return distinct * rounds
    return mixed[:at_least]


@dataclass(frozen=True)
class Run:
    ours_rate: float
    ours_mb_rate: float
    base_rate: float
    base_mb_rate: float

    @property
    def ratio(self) -> float:
        return self.ours_rate / self.base_rate


def compare(
    name: str, distinct: list[Page], mixed: list[Page], sample_size: int, runs: int
) -> Iterator[str]:
    sample = baseline_sample(distinct, mixed, sample_size)
    megabytes = sum(p.megabytes for p in mixed)
    sample_mb = sum(p.megabytes for p in sample)
    results: list[Run] = []
    for _ in range(runs):
        ours_seconds, ours_found = timed(ours, mixed)
        base_seconds, base_found = timed(baseline, sample)
        results.append(
            Run(
                len(mixed) / ours_seconds,
                megabytes / ours_seconds,
                len(sample) / base_seconds,
                sample_mb / base_seconds,
            )
        )
    rest = [p for p in distinct if p.name not in base_found]
    base_found |= {p.name: baseline(p) for p in rest}  # untimed: for the comparison only
    yield f"{name}: {len(mixed)} pages ({len(distinct)} distinct), {megabytes:.1f} MB"
    yield from _figures(results, len(sample))
    yield from _differences(distinct, ours_found, base_found)


def _figures(results: list[Run], sample: int) -> Iterator[str]:
    def spread(values: list[float], unit: str) -> str:
        if len(values) == 1:
            return f"{values[0]:9.1f} {unit}"
        return f"{statistics.median(values):9.1f} {unit} (min {min(values):.1f})"

    yield f"  ours      {spread([r.ours_rate for r in results], 'pages/s')}"
    yield f"            {spread([r.ours_mb_rate for r in results], 'MB/s')}"
    yield f"  baseline  {spread([r.base_rate for r in results], 'pages/s')}  ({sample} pages)"
    yield f"            {spread([r.base_mb_rate for r in results], 'MB/s')}"
    yield f"  ratio     {spread([r.ratio for r in results], 'x')}  over {len(results)} run(s)"


def _differences(
    distinct: list[Page], ours_found: dict[str, Found], base_found: dict[str, Found]
) -> Iterator[str]:
    differing = [p.name for p in distinct if ours_found[p.name] != base_found[p.name]]
    if not differing:
        yield f"  same results: yes, on all {len(distinct)} distinct pages"
        return
    yield f"  same results: no, {len(differing)} of {len(distinct)} distinct pages differ"
    for name in differing:
        yield f"    {name}"
        for label, found in (
            ("ours only", ours_found[name] - base_found[name]),
            ("baseline only", base_found[name] - ours_found[name]),
        ):
            for kind, platform, post_id in sorted(found, key=str):
                yield f"      {label:13s} {kind} {platform} {post_id}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "pages")
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--baseline-pages", type=int, default=140)
    parser.add_argument("--runs", type=int, default=1, help="timed runs; figures give the median")
    parser.add_argument("--warc", type=Path, help="also run over a WARC (news-mix.warc.gz)")
    parser.add_argument("--warc-pages", type=int, default=2269)
    options = parser.parse_args()
    distinct = corpus_pages(options.corpus)
    mixed = repeat(distinct, options.pages)
    ours(mixed[0])  # load the automaton and the language model before timing
    for line in compare("corpus, repeated", distinct, mixed, options.baseline_pages, options.runs):
        print(line, flush=True)
    if options.warc:
        mix = warc_pages(options.warc, options.warc_pages)
        sample = options.baseline_pages * 2
        for line in compare("news mix (WARC)", mix, mix, sample, options.runs):
            print(line, flush=True)


if __name__ == "__main__":
    main()
