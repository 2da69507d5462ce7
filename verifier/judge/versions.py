"""Judging against a post's versions, and against texts that are not yet confirmed.

Pure functions used by `verdicts.judge`: a post edited since the article quoted it is compared
with each version, so that a faithful quote of an earlier version is said to be one; and a
text from a source known to cut text never makes a quote altered or truncated on its own.
"""

from __future__ import annotations

from dataclasses import replace

from verifier.judge.compare import compare_texts
from verifier.models import Comparison, Original, Status, Verdict
from verifier.platforms.base import Platform

# Better agreement first; a version wins over the current text only by ranking higher.
_RANK = {Status.VERIFIED: 4, Status.TRUNCATED: 3, Status.ALTERED: 2, Status.MISMATCH: 1}
# Statuses that say the article changed or cut the words: never concluded from a text that
# may itself be cut.
_NEEDS_COMPLETE_TEXT = frozenset({Status.ALTERED, Status.TRUNCATED, Status.MISMATCH})


def best_version(
    shown: str, original: Original, current: Comparison, platform: Platform
) -> tuple[str | None, Comparison, str]:
    """The version the article shows: the id of the stored version, its comparison, and a
    note when it is not the current text."""
    current_key = next((v.key for v in original.versions if v.text == original.text), None)
    best, best_key, note = current, current_key or None, ""
    for index, version in enumerate(original.versions):
        if version.text == original.text:
            continue
        text = platform.shown_text(_as_version(original, version.text))
        comparison = compare_texts(
            shown,
            text,
            ignore=platform.compare_ignore,
            leading_mentions_optional=original.is_reply is not False,
        )
        if _score(comparison) > _score(best):
            best, best_key = comparison, version.key or None
            when = version.posted_at or version.seen_at
            note = (
                f"the article shows an earlier version (version {index + 1} of "
                f"{len(original.versions)}"
                + (f", from {when:%Y-%m-%d %H:%M} UTC" if when else "")
                + "); the post was edited since"
            )
    return best_key, best, note


def _as_version(original: Original, text: str) -> Original:
    """The original with an earlier text. The shown range is the current text's: it holds
    for an earlier version only if that starts the same way (a reply's hidden prefix)."""
    start = original.display_start
    if start and text[:start] != original.text[:start]:
        start = None
    return replace(original, text=text, display_start=start)


def _score(comparison: Comparison) -> tuple[int, float]:
    return _RANK.get(comparison.status, 0), comparison.similarity


def unless_unconfirmed(verdict: Verdict, original: Original) -> Verdict:
    """A verdict that the article altered or cut the words, resting only on a text from a
    source known to cut text, is held as pending until another source confirms the text."""
    if original.text_complete or verdict.status not in _NEEDS_COMPLETE_TEXT:
        return verdict
    source = (original.provenance or "the source").split(" ", 1)[0]
    note = (
        f"would be {verdict.status.value}, but the only text found comes from {source}, "
        "known to cut or drop text: not concluded until another source confirms it"
    )
    return replace(
        verdict,
        status=Status.PENDING,
        reason="; ".join(part for part in (verdict.reason, note) if part),
    )
