"""Mastodon (and the fediverse servers that copy its URLs): `iframe.mastodon-embed` (up to 4.2)
and `blockquote.mastodon-embed` (4.3 and later, which shows no text: the original gives it)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bs4 import Tag

from verifier.models import PostRef
from verifier.platforms.base import FoundEmbed, Platform, Signature, attribute, frame_url, has_class

# https://HOST/@user/ID, https://HOST/@user@remote/ID and https://HOST/users/user/statuses/ID.
# Ids are numbers; a TikTok or Medium URL (`/@user/video/...`, `/@user/slug`) is no match.
POST_URL = re.compile(
    r"https?://(?P<host>[\w-]+(?:\.[\w-]+)+)/(?:@(?P<user>[\w.]{1,30}(?:@[\w.-]+)?)|users/"
    r"(?P<user2>[\w.]{1,30})/statuses)/(?P<id>\d{6,20})(?![\w-])",
    re.IGNORECASE,
)
# "Post by @user@domain" ... "View on Mastodon": what 4.3's blockquote says, and its remnant.
_POST_BY = re.compile(
    r"Post by @(?P<handle>[\w.]{1,30}(?:@[\w.-]+)?)\s*(?:[^\n]{0,40}?)?\s*"
    r"View on (?P<site>Mastodon|Threads)"
)
# Hosts of other platforms whose paths look like Mastodon's: never a Mastodon post. Truth Social
# runs Mastodon's software but is a platform of its own (verifier.platforms.truthsocial).
_NOT_MASTODON = (
    "tiktok.com",
    "medium.com",
    "youtube.com",
    "threads.net",
    "threads.com",
    "truthsocial.com",
    "newsbreak.com",  # `/@c/ID` is a publisher's channel, linked from US local news footers
)


def canonical_url(host: str, user: str, post_id: str) -> str:
    return f"https://{host.lower()}/@{user}/{post_id}"


class Mastodon(Platform):
    """Post ids are the server's own numbers (as in account exports); the canonical URL keeps
    the host that knows them."""

    name = "mastodon"
    label = "Mastodon"
    embed_markers: tuple[str, ...] = ("mastodon-embed",)
    url_markers: tuple[str, ...] = ("/@", "/users/")
    post_url_pattern = POST_URL
    max_text_length = 500
    # Empty: any host but `excluded_hosts`; a platform built on Mastodon names its own.
    hosts: tuple[str, ...] = ()
    excluded_hosts: tuple[str, ...] = _NOT_MASTODON

    def parse_post_url(self, url: str) -> PostRef | None:
        match = POST_URL.search(url)
        if match is None:
            return None
        host = match["host"].lower()
        if _on(host, self.excluded_hosts) or (self.hosts and not _on(host, self.hosts)):
            return None
        user = match["user"] or match["user2"]
        handle = user if "@" in user else f"{user}@{host}"
        return PostRef(self.name, match["id"], canonical_url(host, user, match["id"]), handle)

    def find_embeds(self, root: Tag) -> Iterator[FoundEmbed]:
        css = f"{self.name}-embed"
        for frame in root.find_all("iframe"):
            src = frame_url(frame) or ""
            if (has_class(frame, css) or src.rstrip("/").endswith("/embed")) and (
                ref := self.parse_post_url(src)
            ):
                yield self.found(frame, ref, f"iframe.{css}")
        for quote in root.find_all("blockquote", class_=css):
            url = attribute(quote, "data-embed-url") or ""
            links = [str(a["href"]) for a in quote.find_all("a", href=True)]
            ref = next(filter(None, map(self.parse_post_url, [url, *links])), None)
            if ref is not None:
                yield self._from_blockquote(quote, ref)

    def _from_blockquote(self, quote: Tag, ref: PostRef) -> FoundEmbed:
        said = _POST_BY.search(" ".join(quote.get_text(" ").split()))
        handle = said["handle"] if said else ref.author_handle
        if handle and "@" not in handle and ref.author_handle:
            handle = ref.author_handle
        return self.found(
            quote, ref, f"blockquote.{self.name}-embed", author_handle=handle, displayed_text=""
        )

    def find_signatures(self, text: str) -> Iterator[Signature]:
        for match in _POST_BY.finditer(text):
            if match["site"] == "Mastodon":
                yield Signature(match.start(), match.end(), None, match["handle"], None)


def _on(host: str, hosts: tuple[str, ...]) -> bool:
    return any(host == h or host.endswith("." + h) for h in hosts)
