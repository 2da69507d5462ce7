"""Datasette metadata for the archive, generated from one place: titles, descriptions, facets,
full-text search and stored queries."""

from __future__ import annotations

from typing import Any

from verifier.models import Status

STATUS_HELP = {
    Status.VERIFIED: "the article shows the original's words",
    Status.TRUNCATED: "a faithful excerpt or prefix of the original",
    Status.ALTERED: "the same post with words changed, added or dropped",
    Status.MISMATCH: "the post found is not what the article shows",
    Status.UNAVAILABLE: "the original is deleted, protected or suspended",
    Status.NOT_FOUND: "no original could be found",
    Status.PENDING: "not resolved yet; a later run retries",
    Status.NEEDS_ORIGINAL: "the embed shows no text; the original supplies it",
    Status.LINK: "a link in the text, not a quote",
}

QUERIES: dict[str, dict[str, str]] = {
    "quotes_that_differ": {
        "title": "Quotes that differ from their original",
        "description": "Altered or mismatched quotes, with the word-level difference.",
        "sql": (
            "select article, platform, author_handle, post_url, status, similarity,"
            " shown_text, original_text, diff from quotes"
            " where status in ('altered', 'mismatch') order by article"
        ),
    },
    "not_verified_yet": {
        "title": "Embeds not verified yet",
        "description": "Posts still pending or whose original was not found.",
        "sql": (
            "select article, platform, kind, author_handle, post_url, status, reason, searched"
            " from quotes where status in ('pending', 'not_found') order by article"
        ),
    },
}


def _status_description() -> str:
    return "; ".join(f"{status.value}: {text}" for status, text in STATUS_HELP.items())


def build_metadata() -> dict[str, Any]:
    """The metadata Datasette reads with `-m`: valid for Datasette 0.65."""
    return {
        "title": "verifier archive",
        "description": (
            "Social-media posts that articles embed or quote, matched to their originals,"
            " with a verdict on each."
        ),
        "databases": {
            "archive": {
                "tables": {
                    "articles": {
                        "title": "Articles",
                        "description": "Each article read: file or URL, when and how it was read.",
                        "label_column": "source",
                    },
                    "embeds": {
                        "title": "Detected posts",
                        "description": "Posts found in articles: embeds, text remnants and links.",
                        "facets": ["platform", "kind"],
                        "fts_table": "embeds_fts",
                        "searchmode": "raw",
                    },
                    "posts": {
                        "title": "Originals",
                        "description": "Posts as their platforms published them, with provenance.",
                        "facets": ["platform", "outcome"],
                        "label_column": "url",
                    },
                    "verdicts": {
                        "title": "Verdicts",
                        "description": "The judgement on each detected post. "
                        + _status_description(),
                        "facets": ["status"],
                    },
                    "sources": {
                        "title": "Provenance",
                        "description": "Where each original came from: file and line, or fetch.",
                    },
                    "payloads": {
                        "title": "Raw payloads",
                        "description": "Raw records and responses, stored once by SHA-256.",
                    },
                    "problems": {
                        "title": "Problems",
                        "description": "Bad input met by a run: the input, the stage and why.",
                        "facets": ["stage"],
                    },
                    "quotes": {
                        "title": "Quotes and verdicts",
                        "description": "Every detected post beside its original and its verdict.",
                        "facets": ["status", "platform", "kind"],
                    },
                },
                "queries": QUERIES,
            }
        },
    }
