"""Post URLs in plain text are found run by run (verifier.detect.urls) with exactly the matches
the one pattern gives over the whole text: on the seed, the shared corpus's pages read as text,
and texts built from URL shapes, punctuation and every kind of whitespace Python knows."""

from __future__ import annotations

import random

import pytest
from conftest import ROOT, SHARED

from verifier.detect.urls import find_post_urls, post_url_pattern

PIECES = [
    "https://twitter.com/elonmusk/status/1626516035863212034",
    "twitter.com/i/web/status/1626516035863212034",
    "//x.com/Jack/statuses/20",
    "nitter.net/jack/status/20",
    "https://bsky.app/profile/jay.bsky.team/post/3k2jxyxyxyx2a",
    "threads.net/@zuck/post/CuP48kJ4qxY",
    "https://www.instagram.com/p/CuP48kJ4qxY/",
    "https://www.facebook.com/nasa/posts/1234567890",
    "https://m.tiktok.com/@user.name/video/7212345678901234567",
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;t=1",
    "youtu.be/dQw4w9WgXcQ",
    "https://old.reddit.com/r/news/comments/abc123/title_here/def456",
    "t.me/durov/123",
    "https://www.linkedin.com/posts/some-one-activity-7012345678901234567-abcd",
    "https://staff.tumblr.com/post/123456789",
    "https://truthsocial.com/@realDonaldTrump/112345678901234567",
    "https://mastodon.social/@Gargron/109348576474836767",
    "https://mastodon.social/users/Gargron/statuses/109348576474836767",
    "/",
    "//",
    "status/",
    "@",
    "-",
    "word",
    "Élysée",
    "東京",
]
GLUE = ["", " ", "\n", "\t", "\u00a0", "\u2028", "\u3000", "\x1c", "(", ")", "<", ">", '"', "'"]
GLUE += [".", ",", ":", "[", "]", "?", "#", "&", "-", "_", "/", "x", "9", "\r\n"]


def matches(text: str) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    whole = [(m.start(), m.group(0)) for m in post_url_pattern().finditer(text)]
    runs = [(m.start(), m.group(0)) for m in find_post_urls(text)]
    return whole, runs


def test_built_texts_give_the_same_matches() -> None:
    rng = random.Random(11)
    found = 0
    for _ in range(400):
        text = "".join(rng.choice(GLUE) + rng.choice(PIECES) for _ in range(rng.randint(1, 12)))
        whole, runs = matches(text)
        assert runs == whole, text
        found += len(whole)
    assert found > 500  # the texts do hold URLs: the comparison is not of empty lists


def test_the_seed_and_the_corpus_as_text_give_the_same_matches() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    pages = SHARED / "corpus" / "pages"
    if not pages.exists():
        pytest.skip("the shared corpus is not here (only on the team's machines and CI)")
    # The first 20 kB of each page: the whole-text search it is compared with is the slow one.
    texts += [
        p.read_text(encoding="utf-8", errors="replace")[:20_000] for p in sorted(pages.iterdir())
    ]
    total = 0
    for text in texts:
        whole, runs = matches(text)
        assert runs == whole
        total += len(whole)
    assert total > 0


def test_a_long_run_without_a_slash_is_searched_in_one_pass() -> None:
    # Quadratic backtracking here would take minutes; linear takes milliseconds.
    text = "a" * 2_000_000 + " twitter.com/jack/status/20"
    assert [m.group(0) for m in find_post_urls(text)] == ["twitter.com/jack/status/20"]
