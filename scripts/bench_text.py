"""Detection in a large plain-text article: post URLs found run by run against the whole-text
search they replaced, on the same text in the same run, and the same results checked.

    python scripts/bench_text.py [--mb N] [--seed FILE]

The text is the seed article (prose, a remnant signature, post URLs) repeated to N MB, as a
long `.txt` reaches `verify`. Timed: `find_embeds` on it as plain text and as HTML (the path a
`.html` takes), and the post URL search alone, old and new. Not a test: figures depend on the
machine.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from verifier.detect import find_embeds
from verifier.detect.urls import find_post_urls, post_url_pattern
from verifier.models import Article

ROOT = Path(__file__).resolve().parents[1]
# Post URLs as prose writes them, once per repetition of the seed: bare, in parentheses, after
# a colon, with a query, in Markdown.
URLS = (
    "\n\nSee https://twitter.com/elonmusk/status/1626516035863212034 (and "
    "x.com/i/web/status/1626516035863212035), also: https://bsky.app/profile/jay.bsky.team/post/"
    "3k2jxyxyxyx2a; [the video](https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1) or "
    "<https://mastodon.social/@Gargron/109348576474836767>.\n\n"
)


def timed(label: str, run: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    result = run()
    elapsed = time.perf_counter() - start
    print(f"{label:<44} {elapsed:8.2f} s")
    return elapsed, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=5.0)
    parser.add_argument("--seed", type=Path, default=ROOT / "seeds" / "000_02392556c8f407f7.txt")
    args = parser.parse_args()
    seed = args.seed.read_text(encoding="utf-8") + URLS
    text = seed * max(1, int(args.mb * 1e6 / len(seed.encode("utf-8"))))
    megabytes = len(text.encode("utf-8")) / 1e6
    print(f"{megabytes:.1f} MB of text from {args.seed.name}")
    find_embeds(Article(source="warm-up", content=seed, is_html=False))  # loads the models
    as_text = Article(source="big.txt", content=text, is_html=False, language="fr")
    as_html = Article(source="big.html", content=text, is_html=True, language="fr")
    total, embeds = timed("find_embeds, plain text", lambda: find_embeds(as_text))
    timed("find_embeds, the same as HTML", lambda: find_embeds(as_html))
    old, old_urls = timed(
        "post URLs: whole-text finditer (before)",
        lambda: [(m.start(), m.group(0)) for m in post_url_pattern().finditer(text)],
    )
    new, new_urls = timed(
        "post URLs: runs holding a / (after)",
        lambda: [(m.start(), m.group(0)) for m in find_post_urls(text)],
    )
    print(f"plain text: {total / megabytes:.3f} s/MB, {len(embeds)} embeds")  # type: ignore[arg-type]
    print(f"post URL search: {old / megabytes:.3f} -> {new / megabytes:.3f} s/MB")
    print("same post URLs:", old_urls == new_urls, f"({len(new_urls)})")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
