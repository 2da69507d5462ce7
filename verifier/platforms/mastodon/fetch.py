"""Mastodon originals: the public status API of the post's own server, and its edit history.

`GET /api/v1/statuses/ID` needs no token for a public post; an edited one (`edited_at`) has
every version at `/history`, each kept as a version. A server answers 404 alike for a deleted
post and for one not shown to logged-out readers, so that is HIDDEN, not DELETED.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from verifier.http import FetchResult
from verifier.models import Exchange, Fetched, Original, Outcome, PostRef, PostVersion
from verifier.platforms.fetcher import (
    FetchContext,
    NotJson,
    exchange,
    json_body,
    transport_outcome,
    unavailable,
)
from verifier.text.dates import maybe_date
from verifier.text.repair import html_to_text, repair_text

# {host} is the post's own server: an override (`--endpoint mastodon=URL`) replaces it.
ENDPOINTS = {"mastodon": "https://{host}"}
ENDPOINT = "mastodon"
_ID_IN_URL = re.compile(r"/(\d{6,20})(?:/embed)?/?$")
STATUSES = {
    401: (Outcome.PROTECTED, "the server shows posts only to signed-in readers"),
    403: (Outcome.PROTECTED, "the server refuses logged-out readers"),
    404: (Outcome.HIDDEN, "deleted, or not public: Mastodon answers both alike"),
    410: (Outcome.DELETED, "gone"),
}


def get_status(context: FetchContext, host: str, status_id: str, endpoint: str) -> FetchResult:
    return context.get(f"{context.endpoints.base(endpoint, host=host)}/api/v1/statuses/{status_id}")


def get_history(context: FetchContext, host: str, status_id: str, endpoint: str) -> FetchResult:
    base = context.endpoints.base(endpoint, host=host)
    return context.get(f"{base}/api/v1/statuses/{status_id}/history")


def from_status(result: FetchResult, ref: PostRef, *, fetcher: str = "mastodon.status") -> Original:
    provenance = f"{fetcher} {result.url}"
    if (failure := transport_outcome(result)) is not None:
        return unavailable(ref, *failure, provenance)
    if result.status in STATUSES:
        outcome, meaning = STATUSES[result.status]
        said = _error_text(result)
        return unavailable(ref, outcome, f"HTTP {result.status}{said}: {meaning}", provenance)
    try:
        data = json_body(result)
    except NotJson as error:
        return unavailable(ref, Outcome.FAILED, str(error), provenance)
    if result.status != 200 or not isinstance(data, dict) or "content" not in data:
        reason = f"HTTP {result.status}: not a status{_error_text(result)}"
        return unavailable(ref, Outcome.FAILED, reason, provenance)
    account = data.get("account") or {}
    host = urlsplit(ref.url or "").hostname or urlsplit(str(data.get("url") or "")).hostname
    content = str(data.get("content") or "")
    words, quoted = without_quote_fallback(content)
    quoted_url = ((data.get("quote") or {}).get("quoted_status") or {}).get("url")
    quoted += [quoted_url] if quoted_url and quoted_url not in quoted else []
    return Original(
        platform=ref.platform,
        post_id=ref.post_id or str(data.get("id") or ""),
        text=repair_text(html_to_text(words)),
        raw_text=content,
        author_handle=_handle(account, host) or ref.author_handle,
        author_name=account.get("display_name") or None,
        created_at=maybe_date(data.get("created_at")),
        url=data.get("url") or ref.url,
        language=data.get("language"),
        reply_to=data.get("in_reply_to_id"),
        is_reply=data.get("in_reply_to_id") is not None if "in_reply_to_id" in data else None,
        provenance=provenance,
        raw=result.body.decode("utf-8", "replace"),
        edited_at=maybe_date(data.get("edited_at")),
        links=tuple((url, url) for url in quoted),
    )


def without_quote_fallback(content: str) -> tuple[str, list[str]]:
    """A status's HTML without the quote fallback, and the URLs that fallback links to.

    Mastodon 4.5 puts `<p class="quote-inline">RE: <a href=URL>` before a quote post's words
    for older clients, and clients hide it (mastodon/documentation content/en/client/
    quotes.md: "remove/hide from its contents any element with the quote-inline CSS class");
    Fedibird, Misskey and others end the post with a `span.quote-inline`. Not the post's words.
    """
    if "quote-inline" not in content:
        return content, []
    soup = BeautifulSoup(content, "lxml")
    urls: list[str] = []
    for element in soup.select(".quote-inline"):
        urls += [str(a["href"]) for a in element.find_all("a", href=True)]
        element.decompose()
    body = soup.body
    return (body.decode_contents() if body is not None else ""), urls


def versions_from_history(result: FetchResult) -> tuple[PostVersion, ...] | None:
    """Every version in a /history answer, oldest first; None if the answer is unusable."""
    if not result.ok:
        return None
    try:
        data = json_body(result)
    except NotJson:
        return None
    if not isinstance(data, list):
        return None
    versions = [
        PostVersion(
            text=repair_text(
                html_to_text(without_quote_fallback(str(item.get("content") or ""))[0])
            ),
            posted_at=maybe_date(item.get("created_at")),
        )
        for item in data
        if isinstance(item, dict)
    ]
    return tuple(sorted(versions, key=lambda v: v.posted_at or datetime.min.astimezone()))


def fetch_with(ref: PostRef, context: FetchContext, *, endpoint: str, name: str) -> Fetched | None:
    """A post from a server that speaks Mastodon's API, by endpoint name (Truth Social too)."""
    host = urlsplit(ref.url or "").hostname
    status_id = _status_id(ref)
    if not host or not status_id:
        return None
    result = get_status(context, host, status_id, endpoint)
    original = from_status(result, ref, fetcher=f"{name}.status")
    exchanges = [exchange(f"{name}.status", result, original)]
    if original.outcome is not Outcome.AVAILABLE or original.edited_at is None:
        return Fetched(original, tuple(exchanges), text_from=0)
    result = get_history(context, host, status_id, endpoint)
    versions = versions_from_history(result)
    if versions is None:  # the post itself was read: only its earlier versions are missing
        outcome, reason = transport_outcome(result) or (Outcome.FAILED, "edit history unreadable")
        exchanges.append(Exchange(f"{name}.history", result, outcome, reason))
    else:
        exchanges.append(Exchange(f"{name}.history", result, Outcome.AVAILABLE, None))
    if not versions:
        return Fetched(original, tuple(exchanges), text_from=0)
    return Fetched(
        replace(original, versions=versions),
        tuple(exchanges),
        text_from=0,
        version_from=tuple(1 for _ in versions),
    )


def fetch(ref: PostRef, context: FetchContext) -> Fetched | None:
    return fetch_with(ref, context, endpoint=ENDPOINT, name="mastodon")


def _status_id(ref: PostRef) -> str | None:
    if ref.post_id and ref.post_id.isdigit():
        return ref.post_id
    match = _ID_IN_URL.search(urlsplit(ref.url or "").path)
    return match[1] if match else None


def _handle(account: dict[str, Any], host: str | None) -> str | None:
    acct = account.get("acct")
    if not acct:
        return None
    return str(acct) if "@" in str(acct) or not host else f"{acct}@{host}"


def _error_text(result: FetchResult) -> str:
    try:
        data = json_body(result)
    except NotJson:
        return ""
    error = data.get("error") if isinstance(data, dict) else None
    return f" ({error})" if error else ""


def from_capture(result: FetchResult, ref: PostRef) -> Original | None:
    """A web archive's capture of the status API's JSON; pages are read by the default
    (their og:description)."""
    if not result.body.lstrip().startswith(b"{"):
        return None
    original = from_status(result, ref, fetcher="wayback")
    return original if original.outcome is Outcome.AVAILABLE else None


def archive_urls(ref: PostRef) -> list[str]:
    host, status_id = urlsplit(ref.url or "").hostname, _status_id(ref)
    urls = [ref.url] if ref.url else []
    if host and status_id:
        urls.append(f"https://{host}/api/v1/statuses/{status_id}")
    return urls
