"""Reddit: post and comment URLs, `blockquote.reddit-embed-bq` (2024-) and `blockquote.reddit-card`
(older). The embed shows the post's title, author and subreddit."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bs4 import Tag

from verifier.models import PostRef
from verifier.platforms.base import FoundEmbed, Platform, Signature, frame_url

POST_URL = re.compile(
    r"(?:https?:)?(?://)?(?:(?:www|old|new|np|m|embed)\.)?(?:reddit\.com|redditmedia\.com)/"
    r"(?:r/(?P<sub>\w{2,21})/)?comments/(?P<id>[a-z0-9]{4,10})"
    r"(?:/[^/\s\"'<>?#]*/(?P<comment>[a-z0-9]{4,10})?)?",
    re.IGNORECASE,
)
SHORT_URL = re.compile(r"(?:https?://)?redd\.it/(?P<id>[a-z0-9]{4,10})\b", re.IGNORECASE)
# "TITLE by u/USER in SUB" (embed-bq) or "TITLE from r/SUB" (reddit-card), flattened.
_BYLINE = re.compile(r"\bby u/(?P<user>[\w-]{2,20}) in (?:r/)?(?P<sub>\w{2,21})\b")


def canonical_url(post_id: str, comment: str | None = None, sub: str | None = None) -> str:
    base = (
        f"https://www.reddit.com/r/{sub}/comments/{post_id}/"
        if sub
        else (f"https://www.reddit.com/comments/{post_id}/")
    )
    return f"{base}_/{comment}/" if comment else base


class Reddit(Platform):
    """A post's id is its base-36 id; a comment's is the comment's own id."""

    name = "reddit"
    label = "Reddit"
    embed_markers = ("reddit-embed-bq", "reddit-card", "redditmedia.com/r/", "embed.reddit.com/r/")
    url_markers = ("reddit.com/", "redditmedia.com/", "redd.it/")
    post_url_pattern = POST_URL
    max_text_length = 300  # the title, which is what embeds show

    def parse_post_url(self, url: str) -> PostRef | None:
        if match := POST_URL.search(url):
            comment = match["comment"]
            post_id = comment or match["id"]
            return PostRef(self.name, post_id, canonical_url(match["id"], comment, match["sub"]))
        if match := SHORT_URL.search(url):
            return PostRef(self.name, match["id"], canonical_url(match["id"]))
        return None

    def find_embeds(self, root: Tag) -> Iterator[FoundEmbed]:
        for quote in root.find_all("blockquote", class_=["reddit-embed-bq", "reddit-card"]):
            links = quote.find_all("a", href=True)
            posts = [(a, ref) for a in links if (ref := self.parse_post_url(str(a["href"])))]
            if not posts:
                continue
            post, ref = posts[0]
            user = next((a.get_text(strip=True) for a in links if "/user/" in str(a["href"])), None)
            yield self.found(
                quote,
                ref,
                f"blockquote.{quote['class'][0]}",
                author_handle=user.removeprefix("u/") if user else None,
                displayed_text=self.text_from_html(post),
            )
        for frame in root.find_all("iframe"):
            src = frame_url(frame) or ""
            if "reddit" in src and (ref := self.parse_post_url(src)) is not None:
                yield self.found(frame, ref, "iframe[src*=embed.reddit.com]")

    def find_signatures(self, text: str) -> Iterator[Signature]:
        for match in _BYLINE.finditer(text):
            yield Signature(match.start(), match.end(), None, match["user"], None)
