"""Judge one embed against its original: the status, author and date checks, the diff."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

from verifier.judge import versions
from verifier.judge.compare import ELLIPSIS, compare_texts, tokenize
from verifier.judge.inline import judge_translation, shown_as_posted
from verifier.judge.links import with_short_links
from verifier.judge.partial import compare_with_held_part, held_in_part
from verifier.judge.quote_start import quote_start
from verifier.models import (
    DATE_SLACK,
    Embed,
    EmbedKind,
    Original,
    Outcome,
    Resolution,
    Status,
    Verdict,
)
from verifier.platforms import get_platform


def judge(embed: Embed, resolution: Resolution) -> Verdict:
    """The verdict on what the article shows, given what the resolver found."""
    original = resolution.original
    if embed.kind is EmbedKind.LINK:
        # A link is archived like any post (its original is fetched when it can be) but is
        # never judged as a quote, found or not.
        return Verdict(
            Status.LINK,
            post_key=original.key if original else None,
            searched=resolution.unresolved.searched if resolution.unresolved else "",
            reason="a link in the text, not a quote",
            displayed_text=embed.displayed_text,
        )
    if (translated := judge_translation(embed, resolution)) is not None:
        return translated  # an inline quote in another language: never compared word for word
    if original is None:
        unresolved = resolution.unresolved
        if unresolved is None:
            raise ValueError("a Resolution holds an original or says why it has none")
        return Verdict(
            unresolved.status,
            searched=unresolved.searched,
            reason=unresolved.reason,
            displayed_text=embed.displayed_text,
        )
    author_ok = _author_ok(embed, original)
    date_ok = _date_ok(embed, original)
    base = Verdict(
        Status.PENDING,
        post_key=original.key,
        author_ok=author_ok,
        date_ok=date_ok,
        displayed_text=embed.displayed_text,
        reason=f"matched by {resolution.matched_by}" if resolution.matched_by else "",
    )
    if original.outcome is not Outcome.AVAILABLE:
        if not original.text.strip():
            return _without_text(original, base)
        # The post is gone or unreachable now, but a copy of it is held (an earlier fetch, a
        # web archive capture): the article is judged against that copy, saying so.
        base = _with(base, reason=_join(base.reason, _held_copy_note(original)))
    embed = shown_as_posted(embed, original)  # an inline quote's case, as its sentence set it
    if not embed.displayed_text:
        return _with(
            base,
            status=Status.NEEDS_ORIGINAL,
            reason="the embed shows no text: the original supplies it",
        )
    return _compared(embed, original, base)


def _compared(embed: Embed, original: Original, base: Verdict) -> Verdict:
    platform = get_platform(embed.platform)
    original_text = platform.shown_text(original)
    shown = shown_text(embed, original_text, platform.compare_ignore)
    if not [t for t in tokenize(shown, ignore=platform.compare_ignore) if t != ELLIPSIS]:
        # Only media links (a photo post's pic.twitter.com) or a cut mark ("…"): no words of
        # the post are shown.
        return _with(
            base,
            status=Status.NEEDS_ORIGINAL,
            displayed_text=shown,
            reason="the embed shows no words, only media links or cut marks: "
            "the original supplies the text",
        )
    # A reply's leading @mentions are hidden by embeds; a post known not to be a reply has
    # none to hide, so dropping them changes the quote.
    compared = with_short_links(shown, original.links)
    comparison = compare_texts(
        compared,
        original_text,
        ignore=platform.compare_ignore,
        leading_mentions_optional=original.is_reply is not False,
    )
    if comparison.status is not Status.VERIFIED and held_in_part(
        original_text, ignore=platform.compare_ignore
    ):
        comparison = (
            compare_with_held_part(
                compared,
                original_text,
                ignore=platform.compare_ignore,
                leading_mentions_optional=original.is_reply is not False,
            )
            or comparison
        )
    if original_text != original.text and comparison.status is not Status.VERIFIED:
        # The article may show what the embed hides (a reply's leading @mentions): the
        # whole text then is what it quotes.
        whole = compare_texts(compared, original.text, ignore=platform.compare_ignore)
        if whole.status is Status.VERIFIED:
            comparison = whole
    version, comparison, version_note = versions.best_version(
        compared, original, comparison, platform
    )
    reason = "; ".join(
        filter(
            None,
            [
                base.reason,
                comparison.note,
                version_note,
                _author_note(embed, original, base.author_ok),
            ],
        )
    )
    verdict = _with(
        base,
        status=comparison.status,
        similarity=round(comparison.similarity, 4),
        diff=comparison.diff,
        displayed_text=shown,
        reason=reason,
        post_version=version,
    )
    return versions.unless_unconfirmed(_misattributed(embed, original, verdict), original)


def _misattributed(embed: Embed, original: Original, verdict: Verdict) -> Verdict:
    """The right words under another author or another day are not the post the article
    shows: a faithful quote shown as someone else's, or as said a year earlier, is a mismatch."""
    if verdict.status not in (Status.VERIFIED, Status.TRUNCATED):
        return verdict
    wrong = []
    if verdict.author_ok is False:
        wrong.append("author")
    if verdict.date_ok is False and original.created_at is not None:
        wrong.append(
            f"date (shown {embed.displayed_date!r}, posted {original.created_at:%Y-%m-%d})"
        )
    if not wrong:
        return verdict
    note = f"the words are the post's ({verdict.status.value}), but not its " + " or ".join(wrong)
    return _with(verdict, status=Status.MISMATCH, reason=_join(verdict.reason, note))


def _without_text(original: Original, base: Verdict) -> Verdict:
    """No text of the post is held: the fetch's outcome is the verdict."""
    said = f"{original.outcome.value}: {original.reason or 'no reason given'}"
    if original.outcome.is_unavailable:
        return _with(base, status=Status.UNAVAILABLE, reason=said)
    if original.outcome is Outcome.NOT_FOUND:
        return _with(base, status=Status.NOT_FOUND, reason=said)
    return _with(base, status=Status.PENDING, reason=f"last fetch: {said}")


def _held_copy_note(original: Original) -> str:
    live = f"the post is now {original.outcome.value}: {original.reason or 'no reason given'}"
    if original.archived_at is not None and "capture" not in (original.reason or ""):
        return f"{live}; compared with the web archive capture of {original.archived_at:%Y-%m-%d}"
    if original.archived_at is not None:
        return live
    return f"{live}; compared with the copy kept in the archive"


def _join(*parts: str) -> str:
    return "; ".join(part for part in parts if part)


def shown_text(embed: Embed, original_text: str, ignore: tuple[re.Pattern[str], ...]) -> str:
    """What the article shows. For a remnant, where the quote starts was a guess: once the
    original is known, align the generous block above the signature against it."""
    guess = embed.displayed_text or ""
    context = embed.context_text
    if embed.kind is not EmbedKind.REMNANT or not context:
        return guess
    start = quote_start(context, original_text, ignore=ignore)
    # Nothing aligned: keep the guess rather than the article's prose. A quote that starts the
    # block (right under the embed before it) is all shown, even where the guess took less.
    return guess if start is None else context[start:]


def _author_ok(embed: Embed, original: Original) -> bool | None:
    if not embed.author_handle or not original.author_handle:
        return None
    return (
        embed.author_handle.lstrip("@").casefold() == original.author_handle.lstrip("@").casefold()
    )


def _author_note(embed: Embed, original: Original, author_ok: bool | None) -> str:
    if author_ok is False:
        return f"shown as @{embed.author_handle}, posted by @{original.author_handle}"
    return ""


def _date_ok(embed: Embed, original: Original) -> bool | None:
    if embed.displayed_day is None or original.created_at is None:
        return None
    delta = abs(original.created_at.date() - embed.displayed_day)
    return delta <= DATE_SLACK if isinstance(delta, timedelta) else None


def _with(verdict: Verdict, **changes: object) -> Verdict:
    return replace(verdict, **changes)  # type: ignore[arg-type]
