"""Threads originals: the Threads oEmbed endpoint (graph.threads.net, no token needed since
June 2026)."""

from __future__ import annotations

from verifier.models import Fetched, PostRef
from verifier.platforms.fetcher import FetchContext, exchange
from verifier.platforms.meta import from_meta_oembed, get_meta_oembed
from verifier.platforms.threads import Threads

ENDPOINTS = {"threads": "https://graph.threads.net"}


def fetch(ref: PostRef, context: FetchContext) -> Fetched | None:
    if not ref.post_id:
        return None
    url = ref.url or f"https://www.threads.com/t/{ref.post_id}"
    result = get_meta_oembed(context, "threads", "/oembed", url)
    original = from_meta_oembed(result, ref, fetcher="threads.oembed", platform=Threads())
    return Fetched(original, (exchange("threads.oembed", result, original),), text_from=0)
