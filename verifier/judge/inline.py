"""The verdict on a quote in an article's prose when it is in another language than its post.

A quote in the post's language is judged like any embed (verified, truncated, altered,
mismatch). A quote in another language is never compared word for word: a diff across
languages means nothing, and `verified` on words the two do not share would be the worst
error the tool can make. It is `translated` ("most likely a translation of post N"), with the
evidence that ties them (shared names, numbers, tags, rare words; the speaker; the day) and
its score as the similarity.
"""

from __future__ import annotations

from dataclasses import replace

from verifier.detect.remnants import guess_language
from verifier.models import DATE_SLACK, Embed, EmbedKind, Original, Resolution, Status, Verdict
from verifier.resolve.original import MIN_CANDIDATE_SCORE, match_score
from verifier.text.crosslingual import SAME_WORDS, translation_evidence, word_share


def judge_translation(embed: Embed, resolution: Resolution) -> Verdict | None:
    """The `translated` verdict, or None when the usual comparison applies: not an inline
    quote, no original, or a quote that holds the post's words or is in its language."""
    original = resolution.original
    if embed.kind is not EmbedKind.INLINE or original is None or not embed.displayed_text:
        return None
    if not original.text.strip():
        return None
    shares = word_share(embed.displayed_text, original.text) >= SAME_WORDS
    if shares and match_score(embed, original) >= MIN_CANDIDATE_SCORE:
        return None  # the quote holds the post's own words: compared word for word
    quoted_in = embed.language or guess_language(embed.displayed_text)
    posted_in = original.language or guess_language(original.text)
    if quoted_in is None or posted_in is None or quoted_in == posted_in:
        return None
    evidence = translation_evidence(embed.displayed_text, original.text)
    if not evidence.enough:
        return None  # the usual comparison then says how far apart they are
    date_ok = _in_window(embed, original)
    ties = [
        f"quoted in {quoted_in}, posted in {posted_in}",
        evidence.describe(),
        f"speaker @{original.author_handle} ({embed.handle_from or 'as the article names'})",
    ]
    if date_ok:
        ties.append(
            f"posted {original.created_at:%Y-%m-%d}, in the window ({embed.displayed_date})"
        )
    return Verdict(
        Status.TRANSLATED,
        post_key=original.key,
        author_ok=True,
        date_ok=date_ok,
        similarity=evidence.score,
        displayed_text=embed.displayed_text,
        reason=f"most likely a translation of {original.key}: " + "; ".join(ties),
    )


def _in_window(embed: Embed, original: Original) -> bool | None:
    if original.created_at is None or embed.window_start is None or embed.window_end is None:
        return None
    day = original.created_at.date()
    return embed.window_start - DATE_SLACK <= day <= embed.window_end + DATE_SLACK


def shown_as_posted(embed: Embed, original: Original) -> Embed:
    """An inline quote as the post wrote it where only the article's sentence changed it: a
    fragment's first letter takes the sentence's case ("tweeted that "almost nobody ..."" of a
    post reading "Almost nobody ..."). Nothing else is touched."""
    quote = embed.displayed_text or ""
    if embed.kind is not EmbedKind.INLINE or not quote[:1].isalpha():
        return embed
    opening = " ".join(quote.split()[:3])
    at = " ".join(original.text.split()).casefold().find(opening.casefold())
    posted = " ".join(original.text.split())
    if at < 0 or posted[at] == quote[0] or posted[at].casefold() != quote[0].casefold():
        return embed
    return replace(embed, displayed_text=posted[at] + quote[1:])
