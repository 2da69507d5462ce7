"""Threads: `blockquote.text-post-media`, which shows the author and no text (the original
gives it), and threads.net / threads.com post URLs."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bs4 import Tag

from verifier.models import PostRef
from verifier.platforms.base import FoundEmbed, Platform, Signature, attribute

POST_URL = re.compile(
    r"(?:https?:)?(?://)?(?:www\.)?threads\.(?:net|com)/@(?P<handle>[\w.]{1,30})/post/"
    r"(?P<code>[\w-]{6,40})",
    re.IGNORECASE,
)
_POST_BY = re.compile(r"Post by @(?P<handle>[\w.]{1,30})\s*(?:[^\n]{0,40}?)?\s*View on Threads")


def canonical_url(handle: str, code: str) -> str:
    return f"https://www.threads.com/@{handle}/post/{code}"


class Threads(Platform):
    name = "threads"
    label = "Threads"
    embed_markers = ("text-post-media",)
    url_markers = ("threads.net/", "threads.com/")
    post_url_pattern = POST_URL
    max_text_length = 500

    def parse_post_url(self, url: str) -> PostRef | None:
        match = POST_URL.search(url)
        if match is None:
            return None
        handle = match["handle"]
        return PostRef(self.name, match["code"], canonical_url(handle, match["code"]), handle)

    def find_embeds(self, root: Tag) -> Iterator[FoundEmbed]:
        for quote in root.find_all("blockquote", class_="text-post-media"):
            url = attribute(quote, "data-text-post-permalink") or ""
            links = [str(a["href"]) for a in quote.find_all("a", href=True)]
            ref = next(filter(None, map(self.parse_post_url, [url, *links])), None)
            if ref is not None:
                yield self.found(quote, ref, "blockquote.text-post-media", displayed_text="")

    def find_signatures(self, text: str) -> Iterator[Signature]:
        for match in _POST_BY.finditer(text):
            yield Signature(match.start(), match.end(), None, match["handle"], None)
