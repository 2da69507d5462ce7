"""An original held only in part: an export that cut a long post with "…" (X's legacy API cut
at 140 characters and added "… https://t.co/..."), a preview.

The words held are compared; the words an article shows beyond them are unknown: never
evidence of alteration, and never confirmed either.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from difflib import SequenceMatcher

from verifier.judge.compare import (
    ELLIPSIS,
    compare_texts,
    tokenize,
    unless_links_differ,
    word_count,
)
from verifier.models import Comparison, Status


def held_in_part(original: str, *, ignore: Sequence[re.Pattern[str]] = ()) -> bool:
    """Whether the original's text ends in a cut mark: the post goes on beyond it."""
    tokens = tokenize(original, ignore=ignore)
    return len(tokens) > 1 and tokens[-1] == ELLIPSIS


def compare_with_held_part(
    shown: str,
    held: str,
    *,
    ignore: Sequence[re.Pattern[str]] = (),
    leading_mentions_optional: bool = True,
) -> Comparison | None:
    """Compare the part of `shown` that the held text covers. None where the shown text does
    not reach beyond the held part (or shares nothing with it): the whole comparison stands.

    A faithful held part is PENDING (not concluded: the rest needs the whole post); a change
    within it is ALTERED, its diff over the held words only."""
    held_tokens = tokenize(held, ignore=ignore)
    while held_tokens and held_tokens[-1] == ELLIPSIS:
        held_tokens.pop()
    shown_tokens = tokenize(shown, ignore=ignore)
    split = _end_of_held(held_tokens, shown_tokens)
    if split is None or split >= len(shown_tokens):
        return None
    within, beyond = shown_tokens[:split], shown_tokens[split:]
    if _cut_inside_a_word(held_tokens, within):
        # "...the lazy do…": the rest of the word is beyond what is held, as is the word.
        held_tokens, within, beyond = held_tokens[:-1], within[:-1], within[-1:] + beyond
    if not held_tokens or not within:
        return None
    comparison = compare_texts(
        " ".join(within),
        " ".join(held_tokens),
        leading_mentions_optional=leading_mentions_optional,
    )
    note = (
        f"the original is held only in part (cut after {word_count(held_tokens)} words): the "
        f"{word_count(beyond)} word(s) the article shows beyond it are unknown, not compared"
    )
    if ignore and comparison.status in (Status.VERIFIED, Status.TRUNCATED):
        # The held words agree; a forgiven link (t.co, media) may still point elsewhere.
        comparison = unless_links_differ(comparison, shown, held, ignore)
    if comparison.status in (Status.VERIFIED, Status.TRUNCATED):
        note = f"{note}; the words held agree, the rest needs the whole post"
        return Comparison(Status.PENDING, comparison.similarity, (), comparison.shown_span, note)
    if comparison.status is Status.ALTERED:
        return replace(comparison, note=f"{comparison.note}; {note}")
    return None


def _end_of_held(held: list[str], shown: list[str]) -> int | None:
    """Where in `shown` the held part ends: after its last matched run, plus as many shown
    tokens as held tokens follow that run (a changed last word is within, not beyond)."""
    matcher = SequenceMatcher(None, held, shown, autojunk=False)
    blocks = [block for block in matcher.get_matching_blocks() if block.size]
    if not blocks:
        return None
    last = blocks[-1]
    return last.b + last.size + len(held) - (last.a + last.size)


def _cut_inside_a_word(held: list[str], within: list[str]) -> bool:
    if not held or not within or held[-1] == within[-1]:
        return False
    return within[-1].startswith(held[-1]) and word_count(held[-1:]) == 1
