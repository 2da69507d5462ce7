"""Bluesky originals: getPostThread on the public AppView, after resolveHandle when the post is
named by its author's handle rather than by DID.

Records cannot be edited, only deleted: a `#notFoundPost` (or an HTTP 400 `NotFound`) means
the post was deleted or its account deactivated or taken down, which Bluesky does not tell
apart. An author labelled `!no-unauthenticated` asks not to be shown to logged-out readers:
the text is kept, marked PROTECTED, so that the verdict says so.
"""

from __future__ import annotations

import re
from typing import Any

from verifier.http import FetchResult
from verifier.models import Exchange, Fetched, Original, Outcome, PostRef
from verifier.platforms.fetcher import (
    FetchContext,
    NotJson,
    exchange,
    json_body,
    transport_outcome,
    unavailable,
)
from verifier.text.dates import maybe_date
from verifier.text.repair import repair_text

ENDPOINTS = {"bluesky": "https://public.api.bsky.app"}
_POST = re.compile(
    r"(?:at://|/profile/)(?P<actor>did:[a-z]+:[\w.:%-]+|[\w-]+(?:\.[\w-]+)+)"
    r"(?:/app\.bsky\.feed\.post/|/post/)(?P<rkey>[\w~.-]{4,40})"
)
_GONE = "deleted, or its account deactivated or taken down: Bluesky does not say which"
_LOGGED_OUT = "!no-unauthenticated"


def get_did(context: FetchContext, handle: str) -> FetchResult:
    base = context.endpoints.base("bluesky")
    return context.get(f"{base}/xrpc/com.atproto.identity.resolveHandle", params={"handle": handle})


def get_thread(context: FetchContext, uri: str) -> FetchResult:
    base = context.endpoints.base("bluesky")
    params = {"uri": uri, "depth": "0", "parentHeight": "0"}
    return context.get(f"{base}/xrpc/app.bsky.feed.getPostThread", params=params)


def did_from(result: FetchResult, ref: PostRef) -> str | Original:
    """The DID a resolveHandle answer gives, or the Original saying why there is none."""
    provenance = f"bluesky.resolveHandle {result.url}"
    if (failure := transport_outcome(result)) is not None:
        return unavailable(ref, *failure, provenance)
    try:
        data = json_body(result)
    except NotJson as error:
        return unavailable(ref, Outcome.FAILED, str(error), provenance)
    did = data.get("did") if isinstance(data, dict) else None
    if result.status == 200 and isinstance(did, str) and did.startswith("did:"):
        return did
    if result.status == 400:
        message = data.get("message") if isinstance(data, dict) else None
        reason = f"the handle does not resolve ({message or 'HTTP 400'}): renamed or gone"
        return unavailable(ref, Outcome.NOT_FOUND, reason, provenance)
    return unavailable(ref, Outcome.FAILED, f"HTTP {result.status} from resolveHandle", provenance)


def from_thread(result: FetchResult, ref: PostRef) -> Original:
    provenance = f"bluesky.getPostThread {result.url}"
    if (failure := transport_outcome(result)) is not None:
        return unavailable(ref, *failure, provenance)
    try:
        data = json_body(result)
    except NotJson as error:
        return unavailable(ref, Outcome.FAILED, str(error), provenance)
    if not isinstance(data, dict):
        return unavailable(ref, Outcome.FAILED, "getPostThread answered another shape", provenance)
    if result.status == 400 and data.get("error") == "NotFound":
        return unavailable(ref, Outcome.HIDDEN, f"{data.get('message')}: {_GONE}", provenance)
    thread = data.get("thread") or {}
    kind = str(thread.get("$type") or "")
    if kind.endswith("#notFoundPost"):
        return unavailable(ref, Outcome.HIDDEN, f"post not found: {_GONE}", provenance)
    if kind.endswith("#blockedPost"):
        reason = "blocked: the author and the viewer block one another"
        return unavailable(ref, Outcome.HIDDEN, reason, provenance)
    post = thread.get("post")
    if result.status != 200 or not isinstance(post, dict):
        reason = f"HTTP {result.status}: no post in the answer"
        return unavailable(ref, Outcome.FAILED, reason, provenance)
    return _post(post, ref, provenance, raw=result.body.decode("utf-8", "replace"))


def _post(post: dict[str, Any], ref: PostRef, provenance: str, *, raw: str) -> Original:
    record = post.get("record") or {}
    author = post.get("author") or {}
    text = str(record.get("text") or "")
    labels = {
        str(label.get("val")) for label in author.get("labels") or [] if isinstance(label, dict)
    }
    gated = _LOGGED_OUT in labels
    langs = record.get("langs") or []
    parent = ((record.get("reply") or {}).get("parent") or {}).get("uri")
    handle = author.get("handle")
    rkey = str(post.get("uri", "")).rsplit("/", 1)[-1]
    return Original(
        platform=ref.platform,
        post_id=ref.post_id or str(post.get("uri") or ""),
        text=repair_text(text),
        raw_text=text,
        author_handle=handle or ref.author_handle,
        author_name=author.get("displayName") or None,
        created_at=maybe_date(record.get("createdAt")),
        url=f"https://bsky.app/profile/{handle}/post/{rkey}" if handle else ref.url,
        language=langs[0] if langs else None,
        reply_to=parent,
        is_reply="reply" in record,
        provenance=provenance,
        outcome=Outcome.PROTECTED if gated else Outcome.AVAILABLE,
        reason="the author asks not to be shown to logged-out readers (!no-unauthenticated)"
        if gated
        else None,
        raw=raw,
        links=_links(record),
    )


def _links(record: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """Bluesky shortens long links in the text; facets give each one whole. Their offsets
    count UTF-8 bytes."""
    encoded = str(record.get("text") or "").encode("utf-8")
    links = []
    for facet in record.get("facets") or []:
        index = facet.get("index") or {}
        for feature in facet.get("features") or []:
            if str(feature.get("$type", "")).endswith("#link") and feature.get("uri"):
                shown = encoded[index.get("byteStart", 0) : index.get("byteEnd", 0)]
                links.append((shown.decode("utf-8", "replace"), str(feature["uri"])))
    return tuple(links)


def fetch(ref: PostRef, context: FetchContext) -> Fetched | None:
    match = _POST.search(ref.post_id or "") or _POST.search(ref.url or "")
    if match is None:
        return None
    actor, rkey = match["actor"], match["rkey"]
    exchanges: list[Exchange] = []
    if not actor.startswith("did:"):
        result = get_did(context, actor)
        did = did_from(result, ref)
        if isinstance(did, Original):
            return Fetched(did, (exchange("bluesky.resolveHandle", result, did),))
        exchanges.append(
            Exchange("bluesky.resolveHandle", result, Outcome.AVAILABLE, f"{actor} is {did}")
        )
        actor = did
    result = get_thread(context, f"at://{actor}/app.bsky.feed.post/{rkey}")
    original = from_thread(result, ref)
    exchanges.append(exchange("bluesky.getPostThread", result, original))
    return Fetched(original, tuple(exchanges), text_from=len(exchanges) - 1)
