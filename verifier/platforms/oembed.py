"""oEmbed answers, which several platforms give without logging in: one request, one reader.

An oEmbed answer is a JSON object (`title`, `author_name`, `author_url`, `html`); which field
holds the post's words differs by platform, and so does what a 4xx status means. A platform's
fetch module says both; this module does the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from bs4 import BeautifulSoup

from verifier.http import FetchResult
from verifier.models import Original, Outcome, PostRef
from verifier.platforms.fetcher import (
    FetchContext,
    NotJson,
    json_body,
    transport_outcome,
    unavailable,
)
from verifier.text.repair import repair_text

# What a post's text is, read from the oEmbed object: (text, complete).
TextReader = Callable[[dict[str, Any]], tuple[str, bool]]


def get_oembed(
    context: FetchContext, endpoint: str, path: str, url: str, **params: str
) -> FetchResult:
    base = context.endpoints.base(endpoint)
    return context.get(f"{base}{path}", params={"url": url, **params})


def read_oembed(
    result: FetchResult,
    ref: PostRef,
    *,
    fetcher: str,
    text_of: TextReader,
    statuses: Mapping[int, tuple[Outcome, str]],
    handle_of: Callable[[dict[str, Any]], str | None] | None = None,
) -> Original:
    """One oEmbed answer as an Original. `statuses` maps the platform's 4xx codes to an
    outcome and what it means; an unlisted 4xx is a failure (retried later)."""
    provenance = f"{fetcher} {result.url}"
    if (failure := transport_outcome(result)) is not None:
        return unavailable(ref, *failure, provenance)
    if result.status is not None and result.status in statuses:
        outcome, meaning = statuses[result.status]
        return unavailable(ref, outcome, f"HTTP {result.status} from oEmbed: {meaning}", provenance)
    if result.status != 200:
        return unavailable(ref, Outcome.FAILED, f"HTTP {result.status} from oEmbed", provenance)
    try:
        data = json_body(result)
    except NotJson as error:
        return unavailable(ref, Outcome.FAILED, str(error), provenance)
    if not isinstance(data, dict):
        return unavailable(ref, Outcome.FAILED, "oEmbed answered JSON of another shape", provenance)
    text, complete = text_of(data)
    return Original(
        platform=ref.platform,
        post_id=ref.post_id or "",
        text=repair_text(text),
        raw_text=text,
        author_handle=(handle_of(data) if handle_of else None) or ref.author_handle,
        author_name=data.get("author_name"),
        url=ref.url,
        provenance=provenance,
        raw=result.body.decode("utf-8", "replace"),
        text_complete=complete,
    )


def html_paragraphs(markup: str | None) -> str:
    """The words of an oEmbed's html: its paragraphs, as a reader sees them."""
    if not markup or "<" not in markup:
        return ""
    soup = BeautifulSoup(markup, "lxml")
    for br in soup.find_all("br"):
        br.replace_with("\n")
    paragraphs = [p.get_text().strip() for p in soup.find_all("p")]
    return "\n\n".join(p for p in paragraphs if p)


def handle_from_author_url(data: dict[str, Any]) -> str | None:
    """`https://www.tiktok.com/@a3noticias` -> `a3noticias`."""
    url = str(data.get("author_url") or "").rstrip("/")
    last = url.rsplit("/", 1)[-1] if url else ""
    return last.lstrip("@") or None
