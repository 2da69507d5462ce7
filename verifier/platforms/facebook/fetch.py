"""Facebook originals: Meta's oEmbed (no token needed since June 2026), `oembed_video` for
videos and reels, `oembed_post` for the rest, as Meta's oEmbed reference divides them. Its
html holds the post's text cut to a preview: marked incomplete."""

from __future__ import annotations

import re

from verifier.models import Fetched, PostRef
from verifier.platforms.facebook import Facebook
from verifier.platforms.fetcher import FetchContext, exchange
from verifier.platforms.meta import GRAPH_VERSION, from_meta_oembed, get_meta_oembed

ENDPOINTS = {"facebook": "https://graph.facebook.com"}
# /PAGE/videos/ID, /PAGE/videos/SLUG/ID, /videos/ID, /reel/ID, /watch/?v=ID, /watch/live/?v=ID,
# video.php?v=ID (the form a video's canonical URL takes without its page), and the plugin's.
_VIDEO = re.compile(
    r"facebook\.com/(?:[\w.-]+/videos/|videos/|reel/|watch\b|video\.php|plugins/video\.php)",
    re.IGNORECASE,
)


def oembed_path(url: str) -> str:
    """The oEmbed endpoint for a Facebook URL: videos and reels have their own."""
    kind = "oembed_video" if _VIDEO.search(url) else "oembed_post"
    return f"/{GRAPH_VERSION}/{kind}"


def fetch(ref: PostRef, context: FetchContext) -> Fetched | None:
    if not ref.url:
        return None
    result = get_meta_oembed(context, "facebook", oembed_path(ref.url), ref.url)
    original = from_meta_oembed(result, ref, fetcher="facebook.oembed", platform=Facebook())
    return Fetched(original, (exchange("facebook.oembed", result, original),), text_from=0)
