"""LinkedIn: `iframe[src*=linkedin.com/embed/feed/update/urn:li:...]` and post URLs."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bs4 import Tag

from verifier.models import PostRef
from verifier.platforms.base import FoundEmbed, Platform, frame_url

_URN = r"urn:li:(?P<kind>share|ugcPost|activity):(?P<id>\d{10,25})"
POST_URL = re.compile(
    rf"(?:https?:)?(?://)?(?:[\w]+\.)?linkedin\.com/(?:embed/)?feed/update/{_URN}"
    r"|(?:https?:)?(?://)?(?:[\w]+\.)?linkedin\.com/posts/[\w%-]+?-(?:activity|share|ugcPost)-"
    r"(?P<slug_id>\d{10,25})",
    re.IGNORECASE,
)


class LinkedIn(Platform):
    """A post's id is its URN (`urn:li:share:ID`, `urn:li:ugcPost:ID` or `urn:li:activity:ID`):
    one post can have an activity URN and a share URN, which only LinkedIn can match."""

    name = "linkedin"
    label = "LinkedIn"
    embed_markers = ("linkedin.com/embed/",)
    url_markers = ("linkedin.com/",)
    post_url_pattern = POST_URL
    max_text_length = 3000

    def parse_post_url(self, url: str) -> PostRef | None:
        lowered = url.casefold()
        if "feed/update/" not in lowered and "linkedin.com/posts/" not in lowered:
            return None  # as sure as the pattern, which needs one, and far cheaper
        match = POST_URL.search(url)
        if match is None:
            return None
        if match["slug_id"]:
            kind = re.search(r"-(activity|share|ugcPost)-\d", match[0])
            urn = f"urn:li:{kind[1] if kind else 'activity'}:{match['slug_id']}"
        else:
            urn = f"urn:li:{match['kind']}:{match['id']}"
        return PostRef(self.name, urn, f"https://www.linkedin.com/feed/update/{urn}/")

    def find_embeds(self, root: Tag) -> Iterator[FoundEmbed]:
        for frame in root.find_all("iframe"):
            src = frame_url(frame) or ""
            if "linkedin.com/embed/" in src and (ref := self.parse_post_url(src)) is not None:
                yield self.found(frame, ref, "iframe[src*=linkedin.com/embed]")
