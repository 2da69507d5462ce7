"""Telegram originals: a public channel post's embed page (`t.me/CHANNEL/ID?embed=1&mode=tme`),
read from `.tgme_widget_message_text`; snscrape, if installed, only as a fallback.

The page answers 200 even for a post that is not there, saying so in
`.tgme_widget_message_error` ("Post not found"), which covers a deleted post and one that
never existed alike.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from verifier.http import FetchResult
from verifier.models import Exchange, Fetched, Original, Outcome, PostRef
from verifier.platforms.base import element_text
from verifier.platforms.fetcher import FetchContext, exchange, transport_outcome, unavailable
from verifier.text.dates import maybe_date
from verifier.text.repair import repair_text

ENDPOINTS = {"telegram": "https://t.me"}
_POST = re.compile(r"(?:t\.me/(?:s/)?)?(?P<channel>[A-Za-z]\w{3,31})/(?P<id>\d{1,12})")


def get_embed(context: FetchContext, channel: str, post_id: str) -> FetchResult:
    base = context.endpoints.base("telegram")
    return context.get(f"{base}/{channel}/{post_id}", params={"embed": "1", "mode": "tme"})


def from_embed(result: FetchResult, ref: PostRef) -> Original:
    provenance = f"telegram.embed {result.url}"
    if (failure := transport_outcome(result)) is not None:
        return unavailable(ref, *failure, provenance)
    if result.status != 200:
        return unavailable(ref, Outcome.FAILED, f"HTTP {result.status} from t.me", provenance)
    soup = BeautifulSoup(result.body.decode("utf-8", "replace"), "lxml")
    error = soup.select_one(".tgme_widget_message_error")
    if error is not None:
        said = error.get_text(" ", strip=True) or "post not found"
        reason = f"Telegram: {said} (deleted, or never posted: Telegram does not say which)"
        return unavailable(ref, Outcome.NOT_FOUND, reason, provenance)
    message = soup.select_one(".tgme_widget_message")
    if message is None:
        return unavailable(ref, Outcome.FAILED, "t.me answered without a post", provenance)
    body = message.select_one(".tgme_widget_message_text")
    text = _text(body) if body is not None else ""
    owner = message.select_one(".tgme_widget_message_owner_name")
    when = message.select_one(".tgme_widget_message_date time[datetime]")
    return Original(
        platform=ref.platform,
        post_id=ref.post_id or str(message.get("data-post") or ""),
        text=repair_text(text),
        raw_text=str(body) if body is not None else None,
        author_handle=ref.author_handle,
        author_name=owner.get_text(" ", strip=True) if owner is not None else None,
        created_at=maybe_date(when.get("datetime") if when is not None else None),
        url=ref.url,
        provenance=provenance,
        raw=result.body.decode("utf-8", "replace"),
    )


def _text(body: Tag) -> str:
    # Emoji come as <i class="emoji"><b>😀</b></i>: their text is the character itself.
    return element_text(body)


def fetch(ref: PostRef, context: FetchContext) -> Fetched | None:
    match = _POST.search(ref.post_id or "") or _POST.search(ref.url or "")
    if match is None:
        return None
    channel, post_id = match["channel"], match["id"]
    result = get_embed(context, channel, post_id)
    original = from_embed(result, ref)
    exchanges: list[Exchange] = [exchange("telegram.embed", result, original)]
    if original.outcome.is_retryable:
        from verifier.platforms.telegram import via_snscrape as snscrape_fallback

        fallback = snscrape_fallback.telegram_post(ref, channel, int(post_id), context)
        if fallback is not None:
            exchanges.append(fallback.exchange)
            if fallback.original.outcome is Outcome.AVAILABLE:
                return Fetched(fallback.original, tuple(exchanges), text_from=len(exchanges) - 1)
    return Fetched(original, tuple(exchanges), text_from=0)
