"""X/Twitter originals without logging in: syndication, then oEmbed, then FxTwitter.

None of these is an official, stable API (see PLATFORMS.md, "Fetching originals without
logging in"), so each answer is mapped to one Outcome on its own and the next source is asked
only when the earlier one had no text and no definitive word.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from bs4 import BeautifulSoup

from verifier.archives.text import parse_date, repair_text
from verifier.compare import normalise
from verifier.fetching import (
    DEFINITIVE,
    Exchange,
    FetchContext,
    Fetched,
    NotJson,
    combine,
    exchange,
    json_body,
    transport_outcome,
    unavailable,
)
from verifier.http import FetchResult
from verifier.models import Original, Outcome, PostRef, PostVersion
from verifier.platforms.twitter import PIC, TCO, Twitter, canonical_url

ENDPOINTS = {
    "twitter-syndication": "https://cdn.syndication.twimg.com",
    "twitter-oembed": "https://publish.twitter.com",
    "fxtwitter": "https://api.fxtwitter.com",
}
PLATFORM = "twitter"
# X allows five edits: at most six versions.
MAX_VERSIONS = 6
_RADIX_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
# Snowflake ids (from November 2010) carry their creation time; older ids are small counters.
_FIRST_SNOWFLAKE = 10**15
_TWITTER_EPOCH_MS = 1288834974657


def syndication_token(post_id: str) -> str:
    """The token cdn.syndication.twimg.com wants, as public clients compute it: (id / 1e15) * pi
    written in base 36 as JavaScript writes it, every `0` and the point deleted."""
    return _js_radix(int(post_id) / 1e15 * math.pi, 36).replace("0", "").replace(".", "")


def _js_radix(value: float, radix: int) -> str:
    """`Number.prototype.toString(radix)` of a non-negative double, as V8 computes it
    (DoubleToRadixCString): fraction digits only up to the double's own precision."""
    integer = math.floor(value)
    fraction = value - integer
    delta = max(0.5 * (math.nextafter(value, math.inf) - value), math.nextafter(0.0, 1.0))
    digits: list[int] = []
    while fraction >= delta:
        fraction *= radix
        delta *= radix
        digit = int(fraction)
        digits.append(digit)
        fraction -= digit
        if (fraction > 0.5 or (fraction == 0.5 and digit & 1)) and fraction + delta > 1:
            # Round up, carrying into earlier digits and, past the point, the integer part.
            while digits and digits[-1] + 1 == radix:
                digits.pop()
            if digits:
                digits[-1] += 1
            else:
                integer += 1
            break
    whole = ""
    number = int(integer)
    while True:
        number, remainder = divmod(number, radix)
        whole = _RADIX_DIGITS[remainder] + whole
        if number == 0:
            break
    return whole + ("." + "".join(_RADIX_DIGITS[d] for d in digits) if digits else "")


def created_at_from_id(post_id: str) -> datetime | None:
    """The creation time inside a snowflake id: ((id >> 22) + 1288834974657) ms, UTC."""
    number = int(post_id)
    if number < _FIRST_SNOWFLAKE:
        return None
    return datetime.fromtimestamp(((number >> 22) + _TWITTER_EPOCH_MS) / 1000, tz=UTC)


# The network: each returns the raw answer.


def get_syndication(context: FetchContext, post_id: str) -> FetchResult:
    base = context.endpoints.base("twitter-syndication")
    params = {"id": post_id, "lang": "en", "token": syndication_token(post_id)}
    return context.get(f"{base}/tweet-result", params=params)


def get_oembed(context: FetchContext, post_id: str, handle: str | None) -> FetchResult:
    base = context.endpoints.base("twitter-oembed")
    params = {"url": canonical_url(post_id, handle), "omit_script": "1", "dnt": "true"}
    return context.get(f"{base}/oembed", params=params)


def get_fxtwitter(context: FetchContext, post_id: str) -> FetchResult:
    # FxTwitter answers 401 without a User-Agent; the HttpClient always sends ours.
    return context.get(f"{context.endpoints.base('fxtwitter')}/status/{post_id}")


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
    if not data or not data.get("id_str"):
        return unavailable(ref, Outcome.NOT_FOUND, "syndication knows no such post", provenance)
    if result.status != 200:
        return unavailable(
            ref, Outcome.FAILED, f"HTTP {result.status} from syndication", provenance
        )
    return _tweet(data, ref, provenance, raw=result.body.decode("utf-8", "replace"))


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
    edit_ids = tuple(str(i) for i in (data.get("edit_control") or {}).get("edit_tweet_ids") or ())
    post_id = str(data.get("id_str"))
    created = _date(data.get("created_at"))
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
        display_start=start or None,
        provenance=provenance,
        outcome=Outcome.AVAILABLE,
        raw=raw,
        edited_at=created if edited else None,
        edit_ids=edit_ids,
        links=_links(data),
    )


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


def _date(value: object) -> datetime | None:
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return None
    try:
        return parse_date(value)
    except (ValueError, OverflowError):
        return None


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


FX_OUTCOMES = {
    "PRIVATE_TWEET": Outcome.PROTECTED,
    "NOT_FOUND": Outcome.NOT_FOUND,
    "API_FAIL": Outcome.FAILED,
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
        return unavailable(ref, outcome, reason, provenance)
    raw_text = str((tweet.get("raw_text") or {}).get("text") or tweet.get("text") or "")
    author = tweet.get("author") or {}
    post_id = str(tweet.get("id") or ref.post_id or "")
    created = _date(tweet.get("created_timestamp")) or _date(tweet.get("created_at"))
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
        provenance=provenance,
        raw=result.body.decode("utf-8", "replace"),
        text_complete=False,
        links=links,
    )


# The order: syndication (whole text, ranges, edits), oEmbed, FxTwitter.


def fetch(ref: PostRef, context: FetchContext) -> Fetched | None:
    post_id = _post_id(ref)
    if post_id is None:
        return None
    ref = PostRef(ref.platform, post_id, ref.url or canonical_url(post_id, None), ref.author_handle)
    result = get_syndication(context, post_id)
    first = from_syndication(result, ref)
    exchanges = [exchange("twitter.syndication", result, first)]
    if first.outcome is Outcome.AVAILABLE:
        return _with_versions(first, exchanges, context, ref)
    if first.outcome in DEFINITIVE:
        return Fetched(first, tuple(exchanges))
    result = get_oembed(context, post_id, ref.author_handle)
    second = from_oembed(result, ref)
    exchanges.append(exchange("twitter.oembed", result, second))
    if second.outcome in DEFINITIVE:
        return Fetched(second, tuple(exchanges))
    result = get_fxtwitter(context, post_id)
    third = from_fxtwitter(result, ref)
    exchanges.append(exchange("twitter.fxtwitter", result, third))
    return _from_cutting_sources(ref, exchanges, [(1, second), (2, third)])


def _from_cutting_sources(
    ref: PostRef, exchanges: list[Exchange], answers: list[tuple[int, Original]]
) -> Fetched:
    """Texts from sources known to cut text: two that say the same confirm each other; else
    the fuller one is kept, marked incomplete, so that no verdict rests on it alone."""
    texts = [(i, o) for i, o in answers if o.outcome is Outcome.AVAILABLE and o.text.strip()]
    if not texts:
        return Fetched(combine(ref, exchanges, "twitter"), tuple(exchanges))
    index, chosen = texts[0]
    if len(texts) > 1:
        other_index, other = texts[1]
        if _comparable(chosen.text) == _comparable(other.text):
            reason = f"text confirmed by {exchanges[other_index].fetcher}"
            chosen = _confirmed(chosen, other, reason)
        elif _comparable(other.text).startswith(_comparable(chosen.text)):
            index, chosen = other_index, other  # the first was cut shorter
    return Fetched(chosen, tuple(exchanges), text_from=index)


def _confirmed(chosen: Original, other: Original, reason: str) -> Original:
    return replace(
        chosen,
        text_complete=True,
        reason=reason,
        links=chosen.links or other.links,
        reply_to=chosen.reply_to or other.reply_to,
        created_at=chosen.created_at or other.created_at,
    )


def _comparable(text: str) -> str:
    """A text as two sources should agree on it: links and spacing aside, and without the
    ellipsis a source adds where it cut."""
    return normalise(text, ignore=(TCO, PIC)).removesuffix("…").removesuffix("...").rstrip()


def _with_versions(
    original: Original, exchanges: list[Exchange], context: FetchContext, ref: PostRef
) -> Fetched:
    """An edited post: ask for each other version too, so that each is kept as a version."""
    ids = original.edit_ids[:MAX_VERSIONS] if len(original.edit_ids) > 1 else ()
    versions: list[PostVersion] = []
    version_from: list[int | None] = []
    for version_id in ids:
        if version_id == original.post_id:
            text, posted, source = original.text, original.created_at, 0
        else:
            result = get_syndication(context, version_id)
            other = from_syndication(result, PostRef(PLATFORM, version_id, None, ref.author_handle))
            exchanges.append(exchange("twitter.syndication", result, other))
            if other.outcome is not Outcome.AVAILABLE:
                continue
            text, posted, source = other.text, other.created_at, len(exchanges) - 1
        versions.append(PostVersion(text, posted_at=posted, platform_id=version_id))
        version_from.append(source)
    return Fetched(
        replace(original, versions=tuple(versions)),
        tuple(exchanges),
        text_from=0,
        version_from=tuple(version_from),
    )


def _post_id(ref: PostRef) -> str | None:
    if ref.post_id and ref.post_id.isdigit():
        return ref.post_id
    parsed = Twitter().parse_post_url(ref.url) if ref.url else None
    return parsed.post_id if parsed else None
