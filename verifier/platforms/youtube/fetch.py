"""YouTube originals: the oEmbed answer, whose title is what embeds and articles show."""

from __future__ import annotations

import re
from typing import Any

from verifier.http import FetchResult
from verifier.models import Fetched, Original, Outcome, PostRef
from verifier.platforms.fetcher import FetchContext, exchange
from verifier.platforms.oembed import get_oembed, handle_from_author_url, read_oembed

ENDPOINTS = {"youtube": "https://www.youtube.com"}
_VIDEO_ID = re.compile(r"^[\w-]{11}$")
# YouTube's oEmbed: 401 when the video is private or its embedding disabled, 404 when missing.
STATUSES = {
    400: (Outcome.NOT_FOUND, "no such video"),
    401: (Outcome.PROTECTED, "private video, or embedding disabled"),
    403: (Outcome.PROTECTED, "private video, or embedding disabled"),
    404: (Outcome.NOT_FOUND, "no such video (removed or never published)"),
}


def get_video(context: FetchContext, video_id: str) -> FetchResult:
    watch = f"https://www.youtube.com/watch?v={video_id}"
    return get_oembed(context, "youtube", "/oembed", watch, format="json")


def from_oembed(result: FetchResult, ref: PostRef) -> Original:
    return read_oembed(
        result,
        ref,
        fetcher="youtube.oembed",
        text_of=_title,
        statuses=STATUSES,
        handle_of=handle_from_author_url,
    )


def _title(data: dict[str, Any]) -> tuple[str, bool]:
    return str(data.get("title") or ""), True


def fetch(ref: PostRef, context: FetchContext) -> Fetched | None:
    if not ref.post_id or not _VIDEO_ID.match(ref.post_id):
        return None
    result = get_video(context, ref.post_id)
    original = from_oembed(result, ref)
    return Fetched(original, (exchange("youtube.oembed", result, original),), text_from=0)
