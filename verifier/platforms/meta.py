"""Meta's oEmbed endpoints (Instagram, Facebook, Threads), shared by their fetch modules.

Since June 2026 they need no access token (1,000 requests an hour per endpoint, Meta says).
Their html carries the post's words only in some forms (Facebook's cut text, Instagram's older
captions), so a text from them is marked incomplete. Errors come as HTTP 400 with a Graph API
error object: access and rate problems are ours (retried later); anything else means Meta will
not show the post to a logged-out reader, for a reason it does not give.
"""

from __future__ import annotations

import re
from typing import Any

from bs4 import BeautifulSoup

from verifier.http import FetchResult
from verifier.models import Original, Outcome, PostRef
from verifier.platforms.base import Platform
from verifier.platforms.fetcher import (
    FetchContext,
    NotJson,
    json_body,
    transport_outcome,
    unavailable,
)
from verifier.platforms.oembed import html_paragraphs
from verifier.text.repair import repair_text

GRAPH_VERSION = "v26.0"
# Instagram's html names the author in a paragraph of its own: not the post's words.
_ATTRIBUTION = re.compile(r"^A post shared by .{0,120}\(@[\w.]+\)", re.DOTALL)
# Graph API error codes: 4, 17, 32, 613 are rate limits; 10, 190, 200 are permissions/tokens.
_RATE_CODES = frozenset({4, 17, 32, 613})
_ACCESS_CODES = frozenset({10, 102, 190, 200})


def get_meta_oembed(context: FetchContext, endpoint: str, path: str, url: str) -> FetchResult:
    base = context.endpoints.base(endpoint)
    return context.get(f"{base}{path}", params={"url": url, "omitscript": "true"})


def from_meta_oembed(
    result: FetchResult, ref: PostRef, *, fetcher: str, platform: Platform
) -> Original:
    provenance = f"{fetcher} {result.url}"
    if result.status is not None and 400 <= result.status < 500 and result.status != 429:
        return unavailable(ref, *_graph_error(result), provenance)
    if (failure := transport_outcome(result)) is not None:
        return unavailable(ref, *failure, provenance)
    try:
        data = json_body(result)
    except NotJson as error:
        return unavailable(ref, Outcome.FAILED, str(error), provenance)
    if not isinstance(data, dict) or result.status != 200:
        return unavailable(ref, Outcome.FAILED, f"HTTP {result.status} from {fetcher}", provenance)
    paragraphs = html_paragraphs(data.get("html")).split("\n\n")
    text = "\n\n".join(p for p in paragraphs if not _ATTRIBUTION.match(p.strip()))
    handle, name = _author(data, ref, platform)
    return Original(
        platform=ref.platform,
        post_id=ref.post_id or "",
        text=repair_text(text),
        raw_text=text,
        author_handle=handle,
        author_name=data.get("author_name") or name,
        url=ref.url,
        provenance=provenance,
        raw=result.body.decode("utf-8", "replace"),
        text_complete=False,
    )


def _author(
    data: dict[str, Any], ref: PostRef, platform: Platform
) -> tuple[str | None, str | None]:
    """Who posted it, by handle and name. Meta's answers no longer carry `author_name`; their
    html names the author as an embed does ("Posted by <a href=/PAGE>", "A post shared by
    NAME (@handle)"), else the post's URL may (/PAGE/posts/..., /@handle/post/...)."""
    markup = data.get("html")
    found = list(platform.find_embeds(BeautifulSoup(markup, "lxml"))) if markup else []
    shown = found[0].embed if found else None
    parsed = platform.parse_post_url(ref.url) if ref.url else None
    handle = (shown.author_handle if shown else None) or (parsed.author_handle if parsed else None)
    return handle, shown.author_name if shown else None


def _graph_error(result: FetchResult) -> tuple[Outcome, str]:
    try:
        data = json_body(result)
    except NotJson:
        data = {}
    error: dict[str, Any] = data.get("error") or {} if isinstance(data, dict) else {}
    code, message = error.get("code"), str(error.get("message") or f"HTTP {result.status}")
    said = f"Meta oEmbed (HTTP {result.status}, code {code}): {message}"
    if code in _RATE_CODES:
        return Outcome.RATE_LIMITED, said
    if code in _ACCESS_CODES or "access token" in message.lower():
        return Outcome.FAILED, said
    if result.status == 404:
        return Outcome.NOT_FOUND, said
    # Deleted, private, age-restricted or geo-gated posts all answer alike.
    return Outcome.HIDDEN, f"{said} (deleted or not shown to logged-out readers)"
