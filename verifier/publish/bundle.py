"""A verdict as evidence to hand over: one JSON document that stands on its own.

The verdict, both texts, the diff, and every fetch, import and version behind the original
(each with its SHA-256 and time), with the versions of verifier that made and wrote it: what
an editor, a lawyer or another fact-checker needs to check the verdict without the archive.
A pure function of the archive's rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from verifier.judge.compare import compare_texts
from verifier.models import Status
from verifier.platforms import get_platform
from verifier.publish.labels import STATUS_LABELS
from verifier.publish.render import is_gone, parse_diff

Row = Mapping[str, Any]
BUNDLE_FORMAT = 1  # raised when a field changes meaning


def _pick(row: Row | None, *names: str) -> dict[str, Any]:
    return {name: (row or {}).get(name) for name in names}


def build_bundle(
    quote: Row,
    *,
    original: Row | None,
    sources: Sequence[Row],
    fetches: Sequence[Row],
    versions: Sequence[Row],
    history: Sequence[Row],
    made_by: str,
    generated_at: str,
    page_url: str,
) -> dict[str, Any]:
    """The bundle for one detected post: its `quotes` row, its original's `posts` row, and the
    `sources`, `fetches`, `post_versions` and `post_history` rows of that post."""
    status = quote.get("status")
    known = status in {s.value for s in Status}
    diff = parse_diff(quote.get("diff")) or ()
    return {
        "format": BUNDLE_FORMAT,
        "made_by": made_by,
        "generated_at": generated_at,
        "page": page_url,
        "verdict": {
            **_pick(quote, "embed_id", "status"),
            "label": STATUS_LABELS[Status(status)] if known else None,
            "original_gone": is_gone(quote.get("original_outcome")),
            **_pick(
                quote,
                "reason",
                "similarity",
                "author_ok",
                "date_ok",
                "searched",
                "checked_at",
                "platform",
                "kind",
            ),
        },
        "article": {
            **_pick(quote, "article", "article_url", "article_title", "site", "article_id"),
            "published": quote.get("article_published"),
            "sha256": quote.get("article_sha256"),
            # The bytes the archive keeps of the article, and how and when they were read.
            "capture": {
                "payload_sha256": quote.get("article_payload_sha256"),
                "read_kind": quote.get("article_read_kind"),
                "read_location": quote.get("article_read_location"),
                "read_at": quote.get("article_read_at"),
            },
        },
        "shown": {
            "text": quote.get("shown_text") or quote.get("displayed_text"),
            **_pick(quote, "displayed_text", "author_handle", "author_name", "displayed_date"),
            "post_url": quote.get("post_url"),
        },
        "original": {
            "post_key": quote.get("post_key"),
            **_pick(
                original,
                "url",
                "text",
                "raw_text",
                "author_handle",
                "author_name",
                "created_at",
                "outcome",
                "reason",
                "edited_at",
                "archived_at",
                "current_version",
            ),
            "held_copy_sha256": (original or {}).get("payload_sha256"),
        },
        "diff": [{"op": c.op, "original": c.original, "shown": c.shown} for c in diff],
        "witnesses": witnesses(quote, versions=versions, sources=sources),
        "evidence": {
            "sources": [
                _pick(
                    s,
                    "id",
                    "kind",
                    "location",
                    "fetcher",
                    "at",
                    "http_status",
                    "payload_sha256",
                    "fetch_id",
                    "archived_at",
                )
                for s in sources
            ],
            "fetches": [
                _pick(
                    f,
                    "id",
                    "fetcher",
                    "url",
                    "final_url",
                    "requested_at",
                    "http_status",
                    "payload_sha256",
                    "size",
                    "error",
                    "outcome",
                    "reason",
                )
                for f in fetches
            ],
            "versions": [
                _pick(
                    v,
                    "id",
                    "text",
                    "posted_at",
                    "platform_version_id",
                    "origin",
                    "archived_at",
                    "source_id",
                    "first_seen",
                    "last_seen",
                )
                for v in versions
            ],
            "history": [
                _pick(h, "at", "event", "outcome", "previous_outcome", "version_id", "detail")
                for h in history
            ],
        },
    }


def witnesses(
    quote: Row, *, versions: Sequence[Row], sources: Sequence[Row]
) -> list[dict[str, Any]]:
    """Each text of the original the archive holds (a fetch, an import, a web archive
    capture, an edit's earlier version), with where and when it was read, its bytes' hash, and
    how the article's words compare with it: the witnesses of the verdict, and whether they
    agree."""
    shown = str(quote.get("shown_text") or quote.get("displayed_text") or "")
    platform = quote.get("platform")
    ignore = get_platform(str(platform)).compare_ignore if platform else ()
    by_id = {source.get("id"): source for source in sources}
    found = []
    for version in versions:
        source = by_id.get(version.get("source_id")) or {}
        try:
            agrees = compare_texts(
                shown, str(version.get("text") or ""), ignore=ignore
            ).status.value
        except ValueError:
            agrees = None  # the article shows no words of its own to compare
        found.append(
            {
                "version_id": version.get("id"),
                "origin": version.get("origin"),
                "source_kind": source.get("kind"),
                "location": source.get("location"),
                "read_at": source.get("at") or version.get("first_seen"),
                "payload_sha256": source.get("payload_sha256"),
                "archived_at": version.get("archived_at"),
                "article_shows_it": agrees,
            }
        )
    return found
