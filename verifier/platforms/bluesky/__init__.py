"""Bluesky: bsky.app post URLs and at:// URIs, `blockquote.bluesky-embed` and its iframe."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bs4 import Tag

from verifier.models import PostRef
from verifier.platforms.base import FoundEmbed, Platform, Signature, attribute, frame_url

_ACTOR = r"(?P<actor>did:[a-z]+:[\w.:%-]+|[\w-]+(?:\.[\w-]+)+)"
POST_URL = re.compile(
    rf"(?:https?://)?(?:bsky\.app|[\w.-]*bsky\.[\w.]+)/profile/{_ACTOR}/post/(?P<rkey>[\w~.-]{{4,40}})",
    re.IGNORECASE,
)
AT_URI = re.compile(rf"at://{_ACTOR}/app\.bsky\.feed\.post/(?P<rkey>[\w~.-]{{4,40}})", re.I)
_EMBED_FRAME = re.compile(
    rf"embed\.bsky\.app/embed/{_ACTOR}/app\.bsky\.feed\.post/(?P<rkey>[\w~.-]{{4,40}})", re.I
)
# "— Name (@handle.bsky.social) Jan 5, 2025 at 3:04 PM": handles are domains, dates carry a time.
# A display name may hold words in parentheses ("Jane (she/her)"), never "(@".
_NAME = r"[^\n()—]{0,80}?(?:\([^\n()@—]{1,40}\)[^\n()—]{0,40}?){0,2}"
SIGNATURE = re.compile(
    rf"(?:—|–|--|&mdash;)\s?(?P<name>{_NAME})\s*\(\s*@(?P<handle>[\w-]+(?:\.[\w-]+)+)\s*\)"
    r"\s*(?P<date>[^\W\d_]{3,9}\.? \d{1,2}, \d{4}(?: at \d{1,2}:\d{2}\s?[AP]M)?)"
)


def _ref(actor: str, rkey: str, handle: str | None = None) -> PostRef:
    uri = f"at://{actor}/app.bsky.feed.post/{rkey}"
    url = f"https://bsky.app/profile/{actor}/post/{rkey}"
    if handle is None and not actor.startswith("did:"):
        handle = actor
    return PostRef("bluesky", uri, url, handle)


class Bluesky(Platform):
    """Post ids are at:// URIs; one that names its author by handle rather than by DID is the
    same post as the DID form, which only a lookup can tell (`resolveHandle`)."""

    name = "bluesky"
    label = "Bluesky"
    embed_markers = ("bluesky-embed", "embed.bsky.app", "data-bluesky-uri")
    url_markers = ("bsky.app/", "at://")
    post_url_pattern = POST_URL
    max_text_length = 300

    def parse_post_url(self, url: str) -> PostRef | None:
        match = POST_URL.search(url) or AT_URI.search(url) or _EMBED_FRAME.search(url)
        return _ref(match["actor"], match["rkey"]) if match else None

    def find_embeds(self, root: Tag) -> Iterator[FoundEmbed]:
        for quote in root.find_all("blockquote", class_="bluesky-embed"):
            if found := self._from_blockquote(quote):
                yield found
        for frame in root.find_all("iframe"):
            match = _EMBED_FRAME.search(frame_url(frame) or "")
            if match:
                yield self.found(
                    frame, _ref(match["actor"], match["rkey"]), "iframe[embed.bsky.app]"
                )

    def _from_blockquote(self, quote: Tag) -> FoundEmbed | None:
        links = [str(a["href"]) for a in quote.find_all("a", href=True)]
        ref = self.parse_post_url(attribute(quote, "data-bluesky-uri") or "")
        post_links = [link for link in links if POST_URL.search(link)]
        if ref is None and post_links:
            ref = self.parse_post_url(post_links[-1])
        if ref is None:
            return None
        paragraph = quote.find("p")
        handle_link = quote.find("a", string=re.compile(r"^\s*@"))
        handle = handle_link.get_text(strip=True).lstrip("@") if handle_link else None
        date_link = quote.find_all("a", href=POST_URL)
        attribution = quote.get_text(" ")
        if paragraph is not None:
            attribution = attribution.replace(paragraph.get_text(" "), " ", 1)
        name = re.search(rf"(?:—|–)\s*({_NAME})\s*\(\s*@", attribution)
        lang = paragraph.get("lang") if paragraph else None
        return self.found(
            quote,
            ref,
            "blockquote.bluesky-embed",
            author_handle=handle,
            author_name=(name[1].strip() or None) if name else None,
            displayed_text=self.text_from_html(paragraph) if paragraph else "",
            displayed_date=date_link[-1].get_text(" ", strip=True) if date_link else None,
            language=str(lang) if lang else None,
        )

    def find_signatures(self, text: str) -> Iterator[Signature]:
        for match in SIGNATURE.finditer(text):
            yield Signature(
                start=match.start(),
                end=match.end(),
                author_name=match["name"].strip() or None,
                author_handle=match["handle"],
                displayed_date=match["date"],
            )
