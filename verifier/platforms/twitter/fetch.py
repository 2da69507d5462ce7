"""X/Twitter originals without logging in: syndication, then oEmbed, then FxTwitter.

None of these is an official, stable API (see PLATFORMS.md, "Fetching originals without
logging in"), so each answer is mapped to one Outcome on its own and the next source is asked
only when the earlier one had no text and no definitive word.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from verifier.http import FetchResult
from verifier.models import Exchange, Fetched, Original, Outcome, PostRef, PostVersion
from verifier.platforms.fetcher import DEFINITIVE, FetchContext, combine, exchange, numeric_prefixes
from verifier.platforms.twitter import PIC, TCO, Twitter, canonical_url
from verifier.platforms.twitter.answers import (
    created_at_from_id,
    first_id_at,
    from_fxtwitter,
    from_oembed,
    from_syndication,
)
from verifier.platforms.twitter.answers import from_capture as from_capture  # for wayback
from verifier.text.normal import normalise

ENDPOINTS = {
    "twitter-syndication": "https://cdn.syndication.twimg.com",
    "twitter-oembed": "https://publish.twitter.com",
    "fxtwitter": "https://api.fxtwitter.com",
}
PLATFORM = "twitter"
# X allows five edits: at most six versions.
MAX_VERSIONS = 6
_RADIX_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


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


# The order: syndication (whole text, ranges, edits), oEmbed, FxTwitter.


def fetch(ref: PostRef, context: FetchContext) -> Fetched | None:
    post_id = _post_id(ref)
    if post_id is None:
        return None
    ref = PostRef(ref.platform, post_id, ref.url or canonical_url(post_id, None), ref.author_handle)
    result = get_syndication(context, post_id)
    first = from_syndication(result, ref)
    exchanges = [exchange("twitter.syndication", result, first)]
    text_from = 0
    if first.outcome is Outcome.AVAILABLE and not first.text_complete:
        first = _whole_long_post(first, exchanges, context, ref)
        text_from = len(exchanges) - 1 if first.text_complete else 0
    if first.outcome is Outcome.AVAILABLE:
        return _with_versions(first, exchanges, context, ref, text_from=text_from)
    if first.outcome in DEFINITIVE:
        return Fetched(first, tuple(exchanges))
    if first.text:  # a copy of a post no one is shown (its account is gone): nothing more to ask
        return Fetched(first, tuple(exchanges), text_from=0)
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
        # As embeds show them: FxTwitter's text keeps a reply's @mentions, oEmbed's does not.
        shown = Twitter().shown_text
        if _comparable(shown(chosen)) == _comparable(shown(other)):
            reason = f"text confirmed by {exchanges[other_index].fetcher}"
            chosen = _confirmed(chosen, other, reason)
        elif _comparable(shown(other)).startswith(_comparable(shown(chosen))):
            index, chosen = other_index, other  # the first was cut shorter
    return Fetched(chosen, tuple(exchanges), text_from=index)


def _whole_long_post(
    preview: Original, exchanges: list[Exchange], context: FetchContext, ref: PostRef
) -> Original:
    """A long post of which syndication gave only a preview: the whole text from FxTwitter,
    which holds it (`raw_text`), where it starts as the preview does. Else the preview, still
    marked incomplete, so that no verdict rests on it."""
    result = get_fxtwitter(context, preview.post_id)
    whole = from_fxtwitter(result, ref)
    exchanges.append(exchange("twitter.fxtwitter", result, whole))
    shown = Twitter().shown_text
    if whole.outcome is not Outcome.AVAILABLE or not _comparable(shown(whole)).startswith(
        _comparable(shown(preview))
    ):
        said = whole.reason or "its text does not start as the preview does"
        return replace(preview, reason=f"{preview.reason}; FxTwitter: {said}")
    return replace(
        preview,
        text=whole.text,
        raw_text=whole.raw_text,
        display_start=whole.display_start if preview.display_start else None,
        links=preview.links + tuple(link for link in whole.links if link not in preview.links),
        text_complete=True,
        reason="the whole text of a long post from FxTwitter; its preview from syndication",
    )


def _confirmed(chosen: Original, other: Original, reason: str) -> Original:
    return replace(
        chosen,
        text_complete=True,
        reason=reason,
        links=chosen.links or other.links,
        reply_to=chosen.reply_to or other.reply_to,
        is_reply=chosen.is_reply if chosen.is_reply is not None else other.is_reply,
        created_at=chosen.created_at or other.created_at,
    )


def _comparable(text: str) -> str:
    """A text as two sources should agree on it: links and spacing aside, and without the
    ellipsis a source adds where it cut."""
    return normalise(text, ignore=(TCO, PIC)).removesuffix("…").removesuffix("...").rstrip()


def _with_versions(
    original: Original,
    exchanges: list[Exchange],
    context: FetchContext,
    ref: PostRef,
    *,
    text_from: int = 0,
) -> Fetched:
    """An edited post: ask for each other version too, so that each is kept as a version.
    A version syndication gives only a preview of (a long post) is not kept: an article
    quoting the preview's words would match it as if they were the whole version."""
    ids = original.edit_ids[:MAX_VERSIONS] if len(original.edit_ids) > 1 else ()
    versions: list[PostVersion] = []
    version_from: list[int | None] = []
    for version_id in ids:
        if version_id == original.post_id:
            text, posted, source = original.text, original.created_at, text_from
        else:
            result = get_syndication(context, version_id)
            other = from_syndication(result, PostRef(PLATFORM, version_id, None, ref.author_handle))
            exchanges.append(exchange("twitter.syndication", result, other))
            if other.outcome is not Outcome.AVAILABLE or not other.text_complete:
                continue
            text, posted, source = other.text, other.created_at, len(exchanges) - 1
        versions.append(PostVersion(text, posted_at=posted, platform_id=version_id))
        version_from.append(source)
    return Fetched(
        replace(original, versions=tuple(versions)),
        tuple(exchanges),
        text_from=text_from,
        version_from=tuple(version_from),
    )


def _post_id(ref: PostRef) -> str | None:
    if ref.post_id and ref.post_id.isdigit():
        return ref.post_id
    parsed = Twitter().parse_post_url(ref.url) if ref.url else None
    return parsed.post_id if parsed else None


# Web archive captures (see verifier.resolve.wayback): the URLs posts are captured under.


def archive_urls(ref: PostRef) -> list[str]:
    post_id = _post_id(ref)
    if post_id is None:
        return []
    if ref.author_handle:
        handle = ref.author_handle.lstrip("@")
        return [
            f"https://twitter.com/{handle}/status/{post_id}",
            f"https://x.com/{handle}/status/{post_id}",
        ]
    return [canonical_url(post_id, None)]


# Searching an author's posts around a day (see verifier.resolve.wayback.find_candidates): a remnant
# shows no id, but X ids carry their creation time, so the day narrows the ids to look for.

# Post URLs were first written with x.com when X took that name (July 2023): no capture of an
# x.com status URL was made before.
X_COM_SINCE = date(2023, 7, 1)


def posted_at(post_id: str) -> datetime | None:
    """When a post was made, from its id alone (None for the counters before snowflakes)."""
    return created_at_from_id(post_id) if post_id.isdigit() else None


def search_prefixes(handle: str, first: date, last: date, *, captured_until: date) -> list[str]:
    """The URL prefixes under which the author's posts of the days `first` to `last` (UTC,
    inclusive) are captured: status URLs, narrowed to the leading digits those days' ids
    share. Empty before snowflake ids, whose day cannot be told."""
    low = first_id_at(datetime.combine(first, time(), tzinfo=UTC))
    high = first_id_at(datetime.combine(last + timedelta(days=1), time(), tzinfo=UTC))
    if low is None or high is None:
        return []
    hosts = ["twitter.com"] + (["x.com"] if captured_until >= X_COM_SINCE else [])
    handle = handle.lstrip("@")
    digits = numeric_prefixes(low, high - 1)
    return [f"{host}/{handle}/status/{prefix}" for host in hosts for prefix in digits]
