"""Reddit originals: `/api/info.json` (a post's title and body, a comment's body, and whether
they were removed), then oEmbed (the title alone) when Reddit refuses the first. Reddit
refuses anonymous API requests without a session cookie ("Blocked"): the cookie is taken from
old.reddit.com, as yt-dlp does, and the API asked once more, before oEmbed.

A post's text is its title, which is what embeds and their remnants show. A removed post keeps
its title: it is held as the text, with the removal as the outcome, so the verdict says both.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from verifier.http import FetchResult
from verifier.models import Exchange, Fetched, Original, Outcome, PostRef
from verifier.platforms.fetcher import (
    FetchContext,
    NotJson,
    combine,
    exchange,
    json_body,
    transport_outcome,
    unavailable,
)
from verifier.platforms.oembed import get_oembed, read_oembed
from verifier.text.repair import repair_text

ENDPOINTS = {"reddit": "https://www.reddit.com", "reddit-session": "https://old.reddit.com"}
_ID = re.compile(r"^[a-z0-9]{4,10}$")
_REMOVED = {"[removed]", "[deleted]"}
# removed_by_category: who took the post down.
_BY_AUTHOR = {"deleted", "author"}
OEMBED_STATUSES = {404: (Outcome.NOT_FOUND, "no such post")}


def get_info(context: FetchContext, fullname: str) -> FetchResult:
    base = context.endpoints.base("reddit")
    return context.get(f"{base}/api/info.json", params={"id": fullname, "raw_json": "1"})


def from_info(result: FetchResult, ref: PostRef) -> Original:
    provenance = f"reddit.info {result.url}"
    if (failure := transport_outcome(result)) is not None:
        return unavailable(ref, *failure, provenance)
    if result.status == 403 and (gated := _gated(result)) is not None:
        return unavailable(ref, Outcome.PROTECTED, gated, provenance)
    if result.status == 403:
        return unavailable(ref, Outcome.FAILED, REFUSED, provenance)
    if result.status != 200:
        return unavailable(ref, Outcome.FAILED, f"HTTP {result.status} from the API", provenance)
    try:
        data = json_body(result)
    except NotJson as error:
        return unavailable(ref, Outcome.FAILED, str(error), provenance)
    children = ((data.get("data") or {}).get("children") or []) if isinstance(data, dict) else []
    if not children or not isinstance(children[0], dict):
        return unavailable(ref, Outcome.NOT_FOUND, "Reddit knows no such post", provenance)
    kind, item = children[0].get("kind"), children[0].get("data") or {}
    text = str((item.get("title") if kind == "t3" else item.get("body")) or "")
    outcome, reason = _removal(kind, item)
    author = item.get("author")
    return Original(
        platform=ref.platform,
        post_id=ref.post_id or str(item.get("id") or ""),
        text="" if text in _REMOVED else repair_text(text),
        raw_text=text,
        author_handle=None if author in _REMOVED else author,
        created_at=_epoch(item.get("created_utc")),
        url=f"https://www.reddit.com{item['permalink']}" if item.get("permalink") else ref.url,
        reply_to=item.get("parent_id") if kind == "t1" else None,
        is_reply=kind == "t1",
        provenance=provenance,
        outcome=outcome,
        reason=reason,
        raw=result.body.decode("utf-8", "replace"),
    )


# Since mid-2026 Reddit answers anonymous API requests without a session cookie 403 "Blocked"
# (yt-dlp 72ac620, PR 16839, takes a `loid` cookie from old.reddit.com first).
REFUSED = (
    'HTTP 403 from the API: Reddit refused an anonymous request ("Blocked"), which says'
    " nothing about the post"
)
# The JSON 403s that do say something: a private or quarantined subreddit (yt-dlp's reddit.py).
_GATED = {
    "private": "a private subreddit: only approved members see its posts",
    "quarantined": "a quarantined subreddit: only signed-in readers who opted in see its posts",
}


def _gated(result: FetchResult) -> str | None:
    try:
        data = json_body(result)
    except NotJson:
        return None
    reason = data.get("reason") if isinstance(data, dict) else None
    return f"HTTP 403 from the API: {_GATED[reason]}" if reason in _GATED else None


def get_session(context: FetchContext) -> FetchResult:
    """old.reddit.com's front page, for the session cookie (`loid`) the API then wants: the
    run's one HTTP session keeps it for every later request."""
    return context.get(f"{context.endpoints.base('reddit-session')}/")


def _removal(kind: object, item: dict[str, Any]) -> tuple[Outcome, str | None]:
    category = item.get("removed_by_category")
    body = item.get("selftext") if kind == "t3" else item.get("body")
    if category in _BY_AUTHOR or (body == "[deleted]" and item.get("author") == "[deleted]"):
        return Outcome.DELETED, f"deleted by its author ({category or body})"
    if category or body == "[removed]":
        return Outcome.HIDDEN, f"removed ({category or 'by moderators'}): not shown to readers"
    return Outcome.AVAILABLE, None


def _epoch(value: object) -> datetime | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, tz=UTC)
    return None


def from_oembed(result: FetchResult, ref: PostRef) -> Original:
    return read_oembed(
        result,
        ref,
        fetcher="reddit.oembed",
        text_of=lambda data: (str(data.get("title") or ""), True),
        statuses=OEMBED_STATUSES,
        handle_of=lambda data: data.get("author_name"),
    )


def fetch(ref: PostRef, context: FetchContext) -> Fetched | None:
    if not ref.post_id or not _ID.match(ref.post_id.lower()):
        return None
    is_comment = bool(ref.url and re.search(rf"/comments/\w+/[^/]*/{ref.post_id}/?$", ref.url))
    fullname = f"{'t1' if is_comment else 't3'}_{ref.post_id.lower()}"
    result = get_info(context, fullname)
    first = from_info(result, ref)
    exchanges: list[Exchange] = [exchange("reddit.info", result, first)]
    if first.reason == REFUSED:  # refused for want of a session: get one, ask once more
        session = get_session(context)
        outcome, said = transport_outcome(session) or (
            (Outcome.AVAILABLE, "a session cookie")
            if session.ok
            else (Outcome.FAILED, f"HTTP {session.status} from {session.url}")
        )
        exchanges.append(Exchange("reddit.session", session, outcome, said))
        result = get_info(context, fullname)
        first = from_info(result, ref)
        exchanges.append(exchange("reddit.info", result, first))
    if first.outcome is not Outcome.FAILED and first.outcome is not Outcome.RATE_LIMITED:
        return Fetched(first, tuple(exchanges), text_from=len(exchanges) - 1)
    if not ref.url:
        return Fetched(first, tuple(exchanges))
    result = get_oembed(context, "reddit", "/oembed", ref.url)
    second = from_oembed(result, ref)
    exchanges.append(exchange("reddit.oembed", result, second))
    if second.outcome is Outcome.AVAILABLE:
        return Fetched(second, tuple(exchanges), text_from=len(exchanges) - 1)
    return Fetched(combine(ref, exchanges, "reddit"), tuple(exchanges))
