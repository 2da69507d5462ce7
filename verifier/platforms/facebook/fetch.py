"""Facebook originals: Meta's oembed_post (no token needed since June 2026). Its html holds
the post's text cut to a preview: marked incomplete."""

from __future__ import annotations

from verifier.models import Fetched, PostRef
from verifier.platforms.fetcher import FetchContext, exchange
from verifier.platforms.meta import GRAPH_VERSION, from_meta_oembed, get_meta_oembed

ENDPOINTS = {"facebook": "https://graph.facebook.com"}


def fetch(ref: PostRef, context: FetchContext) -> Fetched | None:
    if not ref.url:
        return None
    result = get_meta_oembed(context, "facebook", f"/{GRAPH_VERSION}/oembed_post", ref.url)
    original = from_meta_oembed(result, ref, fetcher="facebook.oembed")
    return Fetched(original, (exchange("facebook.oembed", result, original),), text_from=0)
