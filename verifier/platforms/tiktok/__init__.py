"""TikTok: video URLs, `blockquote.tiktok-embed` (caption, author, sound) and player iframes."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bs4 import Tag

from verifier.models import PostRef
from verifier.platforms.base import FoundEmbed, Platform, Signature, attribute, frame_url, tidy_text

POST_URL = re.compile(
    r"(?:https?:)?(?://)?(?:www\.|m\.)?tiktok\.com/"
    r"(?:@(?P<handle>[\w.-]{1,40})/(?:video|photo)/|embed/(?:v2/)?|player/v1/|v/)(?P<id>\d{8,25})",
    re.IGNORECASE,
)
# `@user caption ♬ sound`: the flattened embed, its caption between the handle and the sound.
_REMNANT = re.compile(r"(?m)^@(?P<handle>[\w.]{2,24})\s+(?P<text>[^\n♬]{1,2200}?)\s*♬[^\n]*$")


def canonical_url(video_id: str, handle: str | None) -> str:
    # TikTok redirects any handle to the video's own; without one, the id alone still resolves.
    return f"https://www.tiktok.com/@{handle or '_'}/video/{video_id}"


class TikTok(Platform):
    name = "tiktok"
    label = "TikTok"
    embed_markers = ("tiktok-embed", "tiktok.com/embed", "tiktok.com/player")
    url_markers = ("tiktok.com/",)
    post_url_pattern = POST_URL
    max_text_length = 2200

    def parse_post_url(self, url: str) -> PostRef | None:
        match = POST_URL.search(url)
        if match is None:
            return None
        handle = match["handle"]
        return PostRef(self.name, match["id"], canonical_url(match["id"], handle), handle)

    def find_embeds(self, root: Tag) -> Iterator[FoundEmbed]:
        for quote in root.find_all("blockquote", class_="tiktok-embed"):
            ref = self.parse_post_url(attribute(quote, "cite") or "")
            video_id = attribute(quote, "data-video-id")
            if ref is None and video_id:
                ref = PostRef(self.name, video_id, canonical_url(video_id, None))
            if ref is not None:
                yield self._from_blockquote(quote, ref)
        for frame in root.find_all("iframe"):
            src = frame_url(frame) or ""
            if "tiktok.com/" in src and (ref := self.parse_post_url(src)) is not None:
                yield self.found(frame, ref, "iframe[src*=tiktok.com/embed]")

    def _from_blockquote(self, quote: Tag, ref: PostRef) -> FoundEmbed:
        section = quote.find("section") or quote
        author = section.find("a", title=re.compile(r"^@"))
        sound = section.find("a", title=re.compile("^♬"))
        caption = section.find("p")
        if caption is not None:
            text = self.text_from_html(caption)
        else:  # older embeds: the caption is loose text between the author and the sound
            parts = [str(s) for s in section.strings]
            skip = {author.get_text() if author else None, sound.get_text() if sound else None}
            text = tidy_text("".join(p for p in parts if p not in skip))
        handle = author.get_text(strip=True).lstrip("@") if author else ref.author_handle
        return self.found(
            quote,
            ref,
            "blockquote.tiktok-embed",
            author_handle=handle or None,
            displayed_text=text,
        )

    def find_signatures(self, text: str) -> Iterator[Signature]:
        for match in _REMNANT.finditer(text):
            yield Signature(
                start=match.start(),
                end=match.end(),
                author_name=None,
                author_handle=match["handle"],
                displayed_date=None,
                shown_text=match["text"].strip(),
            )
