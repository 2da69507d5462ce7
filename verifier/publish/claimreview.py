"""Verdicts as schema.org `ClaimReview` JSON-LD: the form fact-checking sites publish for
search engines and fact-check aggregators (Google's Fact Check Tools read it).

The claim reviewed is the article's: that a post said the words the article shows. Its author
is the article's site, its appearance the article; the review's rating says how the words
compare with the original's. Only the verdicts a fact-checker would publish are written by
default: altered, mismatch (a different post), not found.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from verifier.models import Status
from verifier.publish.labels import STATUS_HELP, STATUS_LABELS

PUBLISHED = (Status.ALTERED, Status.MISMATCH, Status.NOT_FOUND)
# 1 (worst) to 5 (best): how faithfully the article shows the post.
RATINGS = {
    Status.MISMATCH: 1,
    Status.ALTERED: 2,
    Status.NOT_FOUND: 3,
    Status.TRUNCATED: 4,
    Status.VERIFIED: 5,
}
ALTERNATE_NAMES = {
    Status.MISMATCH: "Misattributed: the post says something else",
    Status.ALTERED: "Altered quote",
    Status.NOT_FOUND: "Unverified: the original post was not found",
    Status.TRUNCATED: "Accurate excerpt",
    Status.VERIFIED: "Accurate quote",
}


def claim_reviews(
    rows: Iterable[Mapping[str, Any]],
    *,
    publisher: str,
    publisher_url: str | None = None,
    review_url_base: str | None = None,
    statuses: Iterable[Status] = PUBLISHED,
) -> Iterator[dict[str, Any]]:
    """One ClaimReview per verdict row (as `quote_rows` gives them) whose status is among
    `statuses`. `review_url_base`: where the archive is served (`verifier serve`), so that each
    review's `url` is its verdict page; without it the url is a `urn:` naming the verdict."""
    wanted = {Status(s) for s in statuses}
    for row in rows:
        if (
            row.get("status")
            and Status(row["status"]) in wanted
            and Status(row["status"]) in RATINGS
        ):
            yield claim_review(
                row,
                publisher=publisher,
                publisher_url=publisher_url,
                review_url_base=review_url_base,
            )


def claim_review(
    row: Mapping[str, Any],
    *,
    publisher: str,
    publisher_url: str | None = None,
    review_url_base: str | None = None,
) -> dict[str, Any]:
    status = Status(row["status"])
    who = row.get("author_name") or (
        f"@{row['author_handle']}" if row.get("author_handle") else "a social-media account"
    )
    shown = " ".join(str(row.get("shown_text") or row.get("displayed_text") or "").split())
    author: dict[str, Any] = {"@type": "Organization", "name": publisher}
    if publisher_url:
        author["url"] = publisher_url
    article_url = row.get("article_url") or row.get("article")
    appearance: dict[str, Any] = {"@type": "CreativeWork", "url": article_url}
    if row.get("article_title"):
        appearance["headline"] = row["article_title"]
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": _review_url(row["embed_id"], review_url_base),
        "claimReviewed": f"{who} posted on {row['platform']}: “{shown}”",
        "datePublished": str(row.get("checked_at") or "")[:10] or None,
        "author": author,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": RATINGS[status],
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": ALTERNATE_NAMES[status],
        },
        "reviewBody": f"{STATUS_LABELS[status]}: {STATUS_HELP[status]}."
        + (f" {row['reason']}" if row.get("reason") else ""),
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Organization", "name": row.get("site") or article_url},
            "appearance": [appearance],
            "firstAppearance": appearance,
        },
    }
    if row.get("original_url"):
        review["itemReviewed"]["about"] = {
            "@type": "SocialMediaPosting",
            "url": row["original_url"],
        }
    return {key: value for key, value in review.items() if value is not None}


def _review_url(embed_id: str, base: str | None) -> str:
    if base:
        return f"{base.rstrip('/')}/-/verdicts/{embed_id}"
    return f"urn:verifier:verdict:{embed_id}"
