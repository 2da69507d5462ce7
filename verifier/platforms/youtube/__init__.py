"""YouTube: watch, short and embed URLs; iframes (also youtube-nocookie and lazy-loaded),
`lite-youtube` and `amp-youtube`. Videos carry no text in their embed."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bs4 import Tag

from verifier.models import PostRef
from verifier.platforms.base import FoundEmbed, Platform, attribute, frame_url

# `embed/videoseries?list=` is a playlist and `embed/live_stream?channel=` a channel's live
# player (industriemagazin.at's live-TV modal): both words are eleven characters, like an id.
_VIDEO_ID = r"(?!videoseries|live_stream)(?P<id>[\w-]{11})(?![\w-])"
POST_URL = re.compile(
    r"(?:https?:)?(?://)?(?:www\.|m\.|music\.)?(?:"
    rf"youtube(?:-nocookie)?\.com/(?:watch\?(?:[^\s\"'<>#]*?&(?:amp;)?)?v=|embed/|v/|shorts/|live/)"
    rf"|youtu\.be/){_VIDEO_ID}",
    re.IGNORECASE,
)
_PLAYLIST = re.compile(
    r"youtube(?:-nocookie)?\.com/embed/videoseries\?(?:[^\s\"'<>]*?&(?:amp;)?)?list=(?P<id>[\w-]{10,})",
    re.IGNORECASE,
)


def canonical_url(video_id: str) -> str:
    return f"https://www.youtube.com/watch?v={video_id}"


class YouTube(Platform):
    name = "youtube"
    label = "YouTube"
    embed_markers: tuple[str, ...] = (
        "youtube.com/embed",
        "youtube-nocookie.com/embed",
        "youtube.com/v/",
        "lite-youtube",
        "amp-youtube",
    )
    url_markers = ("youtube.com/", "youtube-nocookie.com/", "youtu.be/")
    post_url_pattern = POST_URL
    max_text_length = 5000

    def parse_post_url(self, url: str) -> PostRef | None:
        match = POST_URL.search(url)
        if match is None:
            return None
        return PostRef(self.name, match["id"], canonical_url(match["id"]))

    def find_embeds(self, root: Tag) -> Iterator[FoundEmbed]:
        for frame in root.find_all(["iframe", "embed", "object"]):
            src = frame_url(frame) or attribute(frame, "data") or ""
            if "youtube" not in src:
                continue
            if (ref := self.parse_post_url(src)) is not None:
                yield self.found(frame, ref, f"{frame.name}[src*=youtube.com/embed]")
            elif match := _PLAYLIST.search(src):
                playlist = PostRef(
                    self.name,
                    f"list:{match['id']}",
                    f"https://www.youtube.com/playlist?list={match['id']}",
                )
                yield self.found(frame, playlist, "iframe[src*=embed/videoseries]")
        for tag in root.find_all(["lite-youtube", "amp-youtube"]):
            video_id = attribute(tag, "videoid", "data-videoid")
            if video_id and re.fullmatch(r"[\w-]{11}", video_id):
                yield self.found(
                    tag, PostRef(self.name, video_id, canonical_url(video_id)), tag.name
                )
