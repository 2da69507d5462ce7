"""Instagram originals: Meta's instagram_oembed (no token needed since June 2026)."""

from __future__ import annotations

import re

from verifier.models import Fetched, PostRef
from verifier.platforms.fetcher import FetchContext, exchange
from verifier.platforms.instagram import Instagram
from verifier.platforms.meta import GRAPH_VERSION, from_meta_oembed, get_meta_oembed

ENDPOINTS = {"instagram": "https://graph.facebook.com"}
_SHORTCODE = re.compile(r"^[\w-]{5,40}$")


def fetch(ref: PostRef, context: FetchContext) -> Fetched | None:
    if not ref.post_id or not _SHORTCODE.match(ref.post_id):
        return None
    url = ref.url or f"https://www.instagram.com/p/{ref.post_id}/"
    result = get_meta_oembed(context, "instagram", f"/{GRAPH_VERSION}/instagram_oembed", url)
    original = from_meta_oembed(result, ref, fetcher="instagram.oembed", platform=Instagram())
    return Fetched(original, (exchange("instagram.oembed", result, original),), text_from=0)
