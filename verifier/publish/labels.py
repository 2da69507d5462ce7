"""Verdict statuses as a reader meets them: a short label and what it means."""

from __future__ import annotations

from verifier.models import Status

STATUS_LABELS: dict[Status, str] = {
    Status.VERIFIED: "Verified",
    Status.TRUNCATED: "Faithful excerpt",
    Status.ALTERED: "Altered",
    Status.MISMATCH: "Different post",
    Status.UNAVAILABLE: "Original gone",
    Status.NOT_FOUND: "Original not found",
    # Not "Not checked yet": a pending verdict has been tried, and its page says when.
    Status.PENDING: "Awaiting the original",
    Status.NEEDS_ORIGINAL: "Text from the original",
    Status.LINK: "Link only",
    Status.TRANSLATED: "Translation of a post",
}

STATUS_HELP: dict[Status, str] = {
    Status.VERIFIED: "the article shows the original's words",
    Status.TRUNCATED: "a faithful excerpt or prefix of the original",
    Status.ALTERED: "the same post with words changed, added or dropped",
    Status.MISMATCH: "the post found is not what the article shows",
    Status.UNAVAILABLE: "the original is deleted, protected or hidden, and no copy is held",
    Status.NOT_FOUND: "no original could be found",
    Status.PENDING: "not resolved yet; a later run retries",
    Status.NEEDS_ORIGINAL: "the embed shows no text; the original supplies it",
    Status.LINK: "a link in the text, not a quote",
    Status.TRANSLATED: "the article quotes, in another language, most likely this post: tied by"
    " shared names, numbers, tags and rare words, the speaker and the day; never verified word"
    " for word",
}


# A faithful verdict whose original is gone rests on a copy: its badge says so, not green alone.
GONE_LABELS: dict[Status, str] = {
    Status.VERIFIED: "Verified against a kept copy: original gone",
    Status.TRUNCATED: "Faithful excerpt of a kept copy: original gone",
}
GONE_HELP = "the original is no longer online; the archive's copy of it was compared"


def status_description() -> str:
    return "; ".join(
        f"{status.value} ({STATUS_LABELS[status]}): {STATUS_HELP[status]}" for status in Status
    )
