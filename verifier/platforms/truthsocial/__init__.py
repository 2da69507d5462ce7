"""Truth Social: Mastodon's software on truthsocial.com, embedded as `iframe.truthsocial-embed`.

A platform of its own (not `mastodon`) because its posts are fetched from one host with its
own rules, and readers ask for it by name; its URL forms and markup are Mastodon's."""

from __future__ import annotations

from collections.abc import Iterator

from verifier.platforms.base import Signature
from verifier.platforms.mastodon import Mastodon


class TruthSocial(Mastodon):
    name = "truthsocial"
    label = "Truth Social"
    embed_markers = ("truthsocial-embed", "truthsocial.com/@")
    url_markers = ("truthsocial.com/",)
    hosts = ("truthsocial.com",)
    excluded_hosts = ()

    def find_signatures(self, text: str) -> Iterator[Signature]:
        return iter(())  # its embeds are iframes, which leave nothing in flattened text
