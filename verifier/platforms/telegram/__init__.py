"""Telegram: public channel posts, embedded by `telegram-widget.js` with `data-telegram-post`.

The same script with `data-telegram-discussion` is a comments widget, not a post."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bs4 import Tag

from verifier.models import PostRef
from verifier.platforms.base import FoundEmbed, Platform, attribute, frame_url

POST_URL = re.compile(
    r"(?:https?:)?(?://)?(?:www\.)?(?:t\.me|telegram\.me|telegram\.dog)/(?:s/)?"
    r"(?P<channel>[a-zA-Z][\w]{3,31})/(?P<id>\d{1,9})(?![\w/])",
    re.IGNORECASE,
)
_WIDGET_POST = re.compile(r"^(?P<channel>[a-zA-Z][\w]{3,31})/(?P<id>\d{1,9})$")


def _ref(channel: str, number: str) -> PostRef:
    # Message numbers count within a channel (every channel has a post 1), so the post's id is
    # `channel/number`: the number alone would make posts of two channels one row. Channel
    # names are case-insensitive; the lower-case form keeps one row per post.
    channel = channel.lower()
    return PostRef("telegram", f"{channel}/{number}", f"https://t.me/{channel}/{number}", channel)


class Telegram(Platform):
    """A post's id is `channel/number`; the channel is the author."""

    name = "telegram"
    label = "Telegram"
    embed_markers = ("data-telegram-post", "telegram-post-")
    url_markers = ("t.me/", "telegram.me/", "telegram.dog/")
    post_url_pattern = POST_URL
    max_text_length = 4096

    def parse_post_url(self, url: str) -> PostRef | None:
        match = POST_URL.search(url)
        return _ref(match["channel"], match["id"]) if match else None

    def find_embeds(self, root: Tag) -> Iterator[FoundEmbed]:
        for script in root.find_all("script", attrs={"data-telegram-post": True}):
            match = _WIDGET_POST.match(attribute(script, "data-telegram-post") or "")
            if match:
                ref = _ref(match["channel"], match["id"])
                yield self.found(
                    script, ref, "script[data-telegram-post]", author_handle=match["channel"]
                )
        for frame in root.find_all("iframe"):
            src = frame_url(frame) or ""
            match = POST_URL.search(src) if "embed=1" in src else None
            if match:
                ref = _ref(match["channel"], match["id"])
                yield self.found(frame, ref, "iframe#telegram-post", author_handle=match["channel"])
