"""Tumblr: `div.tumblr-post[data-href=embed.tumblr.com/embed/post/t:KEY/ID/v2]` and post URLs
(`www.tumblr.com/BLOG/ID`, `BLOG.tumblr.com/post/ID`)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bs4 import Tag

from verifier.models import PostRef
from verifier.platforms.base import FoundEmbed, Platform, attribute

POST_URL = re.compile(
    r"(?:https?:)?(?://)?(?:(?:www\.)?tumblr\.com/(?:blog/view/)?(?P<blog>[\w-]{1,32})/"
    r"|(?P<sub>[\w-]{1,32})\.tumblr\.com/post/)(?P<id>\d{8,20})",
    re.IGNORECASE,
)
EMBED_URL = re.compile(r"embed\.tumblr\.com/embed/post/(?:t:)?[\w-]+/(?P<id>\d{8,20})", re.I)


def _ref(post_id: str, blog: str | None) -> PostRef:
    url = f"https://www.tumblr.com/{blog}/{post_id}" if blog else None
    return PostRef("tumblr", post_id, url, blog)


class Tumblr(Platform):
    name = "tumblr"
    label = "Tumblr"
    embed_markers = ("tumblr-post", "embed.tumblr.com/embed")
    url_markers = ("tumblr.com/",)
    post_url_pattern = POST_URL
    max_text_length = 4096

    def parse_post_url(self, url: str) -> PostRef | None:
        if match := POST_URL.search(url):
            blog = match["blog"] or match["sub"]
            if blog.lower() in ("www", "embed", "api", "assets"):
                return None
            return _ref(match["id"], blog.lower())
        if match := EMBED_URL.search(url):
            return _ref(match["id"], None)
        return None

    def find_embeds(self, root: Tag) -> Iterator[FoundEmbed]:
        for div in root.find_all("div", class_="tumblr-post"):
            links = [str(a["href"]) for a in div.find_all("a", href=True)]
            urls = [*links, attribute(div, "data-href") or ""]
            ref = next(filter(None, map(self.parse_post_url, urls)), None)
            if ref is not None:
                yield self.found(div, ref, "div.tumblr-post")
