"""X/Twitter answers, read: one syndication, oEmbed or FxTwitter answer (or a web archive's
capture) becomes one Original in one Outcome. Pure functions; the requests are in `fetch`."""

from __future__ import annotations

import math
import re
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from bs4 import BeautifulSoup

from verifier.http import FetchResult
from verifier.models import Original, Outcome, PostRef
from verifier.platforms.fetcher import NotJson, json_body, transport_outcome, unavailable
from verifier.platforms.twitter import _LEADING_MENTIONS, Twitter, canonical_url
from verifier.text.dates import maybe_date
from verifier.text.repair import repair_text

PLATFORM = "twitter"
# Snowflake ids (from November 2010) carry their creation time; older ids are small counters.
_FIRST_SNOWFLAKE = 10**15
_TWITTER_EPOCH_MS = 1288834974657


def created_at_from_id(post_id: str) -> datetime | None:
    """The creation time inside a snowflake id: ((id >> 22) + 1288834974657) ms, UTC."""
    number = int(post_id)
    if number < _FIRST_SNOWFLAKE:
        return None
    return datetime.fromtimestamp(((number >> 22) + _TWITTER_EPOCH_MS) / 1000, tz=UTC)


def first_id_at(moment: datetime) -> int | None:
    """The smallest snowflake id made at `moment` or later (None before snowflakes)."""
    milliseconds = math.ceil(moment.timestamp() * 1000) - _TWITTER_EPOCH_MS
    return milliseconds << 22 if milliseconds >= 0 else None


# The transforms: one answer -> one Original in one Outcome. Pure.


def from_syndication(result: FetchResult, ref: PostRef) -> Original:
    provenance = f"twitter.syndication {result.url}"
    if (failure := transport_outcome(result)) is not None:
        return unavailable(ref, *failure, provenance)
    if result.status == 404:
        return unavailable(ref, Outcome.NOT_FOUND, "HTTP 404 from syndication", provenance)
    try:
        data = json_body(result)
    except NotJson as error:
        return unavailable(ref, Outcome.FAILED, str(error), provenance)
    if not isinstance(data, dict):
        return unavailable(
            ref, Outcome.FAILED, "syndication answered JSON of another shape", provenance
        )
    kind = data.get("__typename")
    if kind == "TweetTombstone":
        text = _tombstone_text(data)
        return unavailable(ref, tombstone_outcome(text), text, provenance)
    if result.status != 200:
        # 400 {"error": "Bad request."} is what a malformed request gets: ours, not the post's.
        said = f" ({data['error']})" if isinstance(data.get("error"), str) else ""
        reason = f"HTTP {result.status} from syndication{said}: a failed request, not a fact"
        return unavailable(ref, Outcome.FAILED, reason, provenance)
    if not data:
        # `{}` is also what a wrong token gets (react-tweet reads it as "not found"): it cannot
        # be told from a broken request, so it is retried, never taken for "no such post".
        reason = "syndication answered {}: no such post, or a request it did not accept"
        return unavailable(ref, Outcome.FAILED, reason, provenance)
    if not data.get("id_str"):
        return unavailable(ref, Outcome.FAILED, "syndication answered without a post", provenance)
    user = data.get("user")
    if user is None or (isinstance(user, dict) and not user.get("screen_name")):
        return _account_gone(data, ref, provenance, raw=result.body.decode("utf-8", "replace"))
    return _tweet(data, ref, provenance, raw=result.body.decode("utf-8", "replace"))


def _account_gone(data: dict[str, Any], ref: PostRef, provenance: str, *, raw: str) -> Original:
    """A post whose account no longer exists comes without `user` (vercel/react-tweet issue
    144: "This Post is from an account that no longer exists"): deactivated or suspended, X
    does not say which. Its text is kept as a copy, never as an available post."""
    tweet = _tweet({**data, "user": {}}, ref, provenance, raw=raw)
    reason = "the post's account no longer exists (deactivated or suspended): X shows it to no one"
    # No author either: the article's claim of one must not be read back as confirmed.
    return replace(tweet, outcome=Outcome.HIDDEN, reason=reason, author_handle=None)


def tombstone_outcome(text: str) -> Outcome:
    """What a tombstone's words say; HIDDEN where they do not say which."""
    lowered = text.casefold()
    if "deleted by the" in lowered and "author" in lowered:
        return Outcome.DELETED
    if "suspended" in lowered:
        return Outcome.SUSPENDED
    if "protected" in lowered or "limited who can view" in lowered or "authorized" in lowered:
        return Outcome.PROTECTED
    return Outcome.HIDDEN


def _tombstone_text(data: dict[str, Any]) -> str:
    text = ((data.get("tombstone") or {}).get("text") or {}).get("text")
    return str(text) if text else "tombstone without text"


def _tweet(data: dict[str, Any], ref: PostRef, provenance: str, *, raw: str) -> Original:
    short_text = str(data.get("text") or "")
    full = _note_text(data)
    raw_text = full or short_text
    start = _display_start(data, short_text)
    # A long post's `text` is cut; `note_tweet` holds it whole. Keep the shown range only if
    # the full text starts as the short one does (the hidden reply prefix).
    if full and start and full[:start] != short_text[:start]:
        start = 0
    user = data.get("user") or {}
    # `note_tweet` holds a long post's whole text in X's GraphQL answers; syndication gives
    # only its id (`{"id": "..."}`, vercel/react-tweet src/api/types), and `text` is a preview.
    preview_only = bool(data.get("note_tweet")) and full is None
    edit_ids = tuple(str(i) for i in (data.get("edit_control") or {}).get("edit_tweet_ids") or ())
    post_id = str(data.get("id_str"))
    created = maybe_date(data.get("created_at"))
    edited = len(edit_ids) > 1 and post_id != edit_ids[0]
    return Original(
        platform=PLATFORM,
        post_id=post_id,
        text=repair_text(raw_text),
        raw_text=raw_text,
        author_handle=user.get("screen_name") or ref.author_handle,
        author_name=user.get("name"),
        created_at=created,
        url=canonical_url(post_id, user.get("screen_name")),
        language=data.get("lang"),
        reply_to=data.get("in_reply_to_status_id_str"),
        # The syndication answer carries the reply fields only on replies.
        is_reply=bool(data.get("in_reply_to_status_id_str")),
        display_start=start or None,
        provenance=provenance,
        outcome=Outcome.AVAILABLE,
        raw=raw,
        edited_at=created if edited else None,
        edit_ids=edit_ids,
        links=_links(data),
        text_complete=not preview_only,
        reason=LONG_POST_PREVIEW if preview_only else None,
    )


LONG_POST_PREVIEW = "a long post: syndication gives only a preview of its text"


def _note_text(data: dict[str, Any]) -> str | None:
    note = data.get("note_tweet") or {}
    result = ((note.get("note_tweet_results") or {}).get("result")) or note
    text = result.get("text") if isinstance(result, dict) else None
    return str(text) if text else None


def _display_start(data: dict[str, Any], text: str) -> int:
    """Where the shown range starts, in characters. X counts UTF-16 code units."""
    shown = data.get("display_text_range") or [0]
    try:
        units = int(shown[0])
    except (TypeError, ValueError, IndexError):
        return 0
    encoded = text.encode("utf-16-le")[: units * 2]
    return len(encoded.decode("utf-16-le", "ignore"))


def _links(data: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    entity_sets = [data.get("entities") or {}]
    note = ((data.get("note_tweet") or {}).get("note_tweet_results") or {}).get("result") or {}
    entity_sets.append(note.get("entity_set") or {})
    links: dict[str, str] = {}
    for entities in entity_sets:
        for kind in ("urls", "media"):
            items = entities.get(kind) if isinstance(entities, dict) else None
            for item in items if isinstance(items, list) else ():
                if item.get("url") and item.get("expanded_url"):
                    links[str(item["url"])] = str(item["expanded_url"])
    return tuple(links.items())


def from_oembed(result: FetchResult, ref: PostRef) -> Original:
    """The blockquote publish.twitter.com hands out. Its text is what embeds show, which may be
    cut (long posts), so it is marked incomplete."""
    provenance = f"twitter.oembed {result.url}"
    if (failure := transport_outcome(result)) is not None:
        return unavailable(ref, *failure, provenance)
    if result.status == 404:
        return unavailable(ref, Outcome.NOT_FOUND, "HTTP 404 from oEmbed", provenance)
    if result.status == 403:
        reason = "HTTP 403 from oEmbed: not authorised to see this post (protected account)"
        return unavailable(ref, Outcome.PROTECTED, reason, provenance)
    if result.status != 200:
        return unavailable(ref, Outcome.FAILED, f"HTTP {result.status} from oEmbed", provenance)
    try:
        data = json_body(result)
    except NotJson as error:
        return unavailable(ref, Outcome.FAILED, str(error), provenance)
    markup = data.get("html") if isinstance(data, dict) else None
    found = list(Twitter().find_embeds(BeautifulSoup(markup or "", "lxml")))
    if not found or found[0].embed.displayed_text is None:
        return unavailable(ref, Outcome.FAILED, "oEmbed answered without a post", provenance)
    embed = found[0].embed
    post_id = embed.post_id or ref.post_id or ""
    return Original(
        platform=PLATFORM,
        post_id=post_id,
        text=repair_text(embed.displayed_text or ""),
        raw_text=embed.displayed_text,
        author_handle=embed.author_handle or ref.author_handle,
        author_name=embed.author_name or data.get("author_name"),
        created_at=created_at_from_id(post_id) if post_id.isdigit() else None,
        url=data.get("url") or ref.url,
        language=embed.language,
        provenance=provenance,
        raw=result.body.decode("utf-8", "replace"),
        text_complete=False,
    )


# FxTwitter answers a post of a suspended account as private (FxEmbed issues 43, 202): hidden,
# since it cannot tell a protected account from a suspended one.
FX_OUTCOMES = {
    "PRIVATE_TWEET": Outcome.HIDDEN,
    "NOT_FOUND": Outcome.NOT_FOUND,
    "API_FAIL": Outcome.FAILED,
}
FX_MEANINGS = {
    "PRIVATE_TWEET": "a protected account, or a suspended one: FxTwitter says both alike"
}


def from_fxtwitter(result: FetchResult, ref: PostRef) -> Original:
    """FxTwitter's answer. It is known to drop the text of some posts: marked incomplete."""
    provenance = f"fxtwitter {result.url}"
    if result.status is None or result.status == 429 or result.error:
        return unavailable(ref, *(transport_outcome(result) or (Outcome.FAILED, "")), provenance)
    try:
        data = json_body(result)
    except NotJson as error:
        outcome, reason = transport_outcome(result) or (Outcome.FAILED, str(error))
        return unavailable(ref, outcome, reason, provenance)
    message = str(data.get("message", "")) if isinstance(data, dict) else ""
    tweet = data.get("tweet") if isinstance(data, dict) else None
    if message != "OK" or not isinstance(tweet, dict):
        outcome = FX_OUTCOMES.get(message, Outcome.FAILED)
        reason = f"FxTwitter: {message or 'no message'} (HTTP {result.status})"
        if message in FX_MEANINGS:
            reason += f": {FX_MEANINGS[message]}"
        return unavailable(ref, outcome, reason, provenance)
    raw: dict[str, Any] = tweet["raw_text"] if isinstance(tweet.get("raw_text"), dict) else {}
    raw_text = str(raw.get("text") or tweet.get("text") or "")
    author = tweet.get("author") or {}
    if not author.get("screen_name"):
        reason = "FxTwitter answered a post without its author: not taken as available"
        return unavailable(ref, Outcome.FAILED, reason, provenance)
    is_reply = bool(tweet.get("replying_to_status") or tweet.get("replying_to"))
    post_id = str(tweet.get("id") or ref.post_id or "")
    created = maybe_date(tweet.get("created_timestamp")) or maybe_date(tweet.get("created_at"))
    facets = (tweet.get("raw_text") or {}).get("facets") or []
    links = tuple(
        (str(f["original"]), str(f["replacement"]))
        for f in facets
        if isinstance(f, dict) and f.get("original") and f.get("replacement")
    )
    return Original(
        platform=PLATFORM,
        post_id=post_id,
        text=repair_text(raw_text),
        raw_text=raw_text,
        author_handle=author.get("screen_name") or ref.author_handle,
        author_name=author.get("name"),
        created_at=created,
        url=tweet.get("url") or ref.url,
        language=tweet.get("lang"),
        reply_to=tweet.get("replying_to_status"),
        is_reply=is_reply,
        display_start=_fx_display_start(raw, raw_text, is_reply=is_reply),
        provenance=provenance,
        raw=result.body.decode("utf-8", "replace"),
        text_complete=False,
        links=links,
    )


def _fx_display_start(raw: dict[str, Any], text: str, *, is_reply: bool) -> int | None:
    """Where the shown text starts: FxTwitter's text keeps a reply's leading @mentions, which
    X's `display_text_range` hides from embeds. Its own range where it gives one."""
    if raw.get("display_text_range"):
        return _display_start(raw, text) or None
    if is_reply and (match := _LEADING_MENTIONS.match(text)):
        return match.end() or None
    return None


# Web archive captures (see verifier.resolve.wayback): syndication JSON, the old page's
# `p.tweet-text`, or a page's og:description.

_CURLY_QUOTED = re.compile(r"^[“\"](?P<text>.*)[”\"]$", re.DOTALL)


def from_capture(result: FetchResult, ref: PostRef) -> Original | None:
    body = result.body.decode("utf-8", "replace")
    if body.lstrip().startswith("{"):
        original = from_syndication(result, ref)
        return original if original.outcome is Outcome.AVAILABLE else None
    soup = BeautifulSoup(body, "lxml")
    old_page = soup.select_one("p.tweet-text")
    if old_page is not None:  # pages before 2020 carried the whole text
        text = Twitter().text_from_html(old_page)
        complete = True
    else:
        meta = soup.find("meta", attrs={"property": "og:description"})
        content = str(meta.get("content") or "") if meta is not None else ""
        match = _CURLY_QUOTED.match(content.strip())
        if match is None:
            return None
        text, complete = match["text"], False  # a sharing card may cut a long post
    return Original(
        platform=PLATFORM,
        post_id=ref.post_id or "",
        text=repair_text(text),
        raw_text=text,
        author_handle=ref.author_handle,
        created_at=created_at_from_id(ref.post_id)
        if ref.post_id and ref.post_id.isdigit()
        else None,
        url=ref.url,
        text_complete=complete,
    )
