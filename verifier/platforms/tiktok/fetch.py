"""TikTok originals: the oEmbed answer, whose title is the video's caption."""

from __future__ import annotations

from typing import Any

from verifier.http import FetchResult
from verifier.models import Fetched, Original, Outcome, PostRef
from verifier.platforms.fetcher import FetchContext, exchange
from verifier.platforms.oembed import get_oembed, read_oembed

ENDPOINTS = {"tiktok": "https://www.tiktok.com"}
# TikTok's oEmbed answers 400 or 404 alike for a removed, a private and an unknown video.
_GONE = "removed, made private, or never published: TikTok does not say which"
STATUSES = {400: (Outcome.HIDDEN, _GONE), 404: (Outcome.HIDDEN, _GONE)}


def get_video(context: FetchContext, url: str) -> FetchResult:
    return get_oembed(context, "tiktok", "/oembed", url)


def from_oembed(result: FetchResult, ref: PostRef) -> Original:
    return read_oembed(
        result,
        ref,
        fetcher="tiktok.oembed",
        text_of=_caption,
        statuses=STATUSES,
        handle_of=lambda data: data.get("author_unique_id"),
    )


def _caption(data: dict[str, Any]) -> tuple[str, bool]:
    return str(data.get("title") or ""), True


def fetch(ref: PostRef, context: FetchContext) -> Fetched | None:
    if not ref.post_id or not ref.post_id.isdigit():
        return None
    url = ref.url or f"https://www.tiktok.com/@_/video/{ref.post_id}"
    result = get_video(context, url)
    original = from_oembed(result, ref)
    return Fetched(original, (exchange("tiktok.oembed", result, original),), text_from=0)
