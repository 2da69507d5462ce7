"""Where a remnant's quote starts in the block of text above its signature.

Flattened text keeps no markup: the article's own sentences run into the quote. Once the
original is known, the block is aligned against it (see `verifier.judge.verdict.shown_text`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from rapidfuzz.distance import Indel

from verifier.judge.compare import (
    MIN_SHARED_WORD_SHARE,
    TOKEN,
    diff_words,
    equal_words,
    hidden_mentions,
    tokenize,
    word_count,
)

# trim_to_original looks for the original's first tokens in the block; five (words and
# punctuation) rarely occur by chance in the article's own sentences.
HEAD_TOKENS = 5
# A line's text that introduces the quote after it: "He wrote: ", "Il a écrit : « ".
_INTRODUCTION = re.compile(r"[:：]\s*[\"'“”‘’«»„]?\s*$")


def trim_to_original(block: str, original: str, *, ignore: Sequence[re.Pattern[str]] = ()) -> str:
    """The end of `block`, from a token boundary and in its own characters, that best aligns
    with `original`: drops the article's own sentences that a guessed quote start took in.
    Returns `block` unchanged if no start aligns (see `quote_start`)."""
    start = quote_start(block, original, ignore=ignore)
    return block if start is None else block[start:]


def quote_start(block: str, original: str, *, ignore: Sequence[re.Pattern[str]] = ()) -> int | None:
    """Where in `block` the quote of `original` starts, or None if no start aligns.

    The quote starts where the original's first tokens are, at the start of a line or after
    the colon of a line that introduces it ("He wrote: ..."); failing that (the article changed
    them, or shows an excerpt), at the start of a line. Never elsewhere inside a line, where
    cutting could hide a changed or added first word ("No, we will ..." shown for "we will ...")."""
    target = tokenize(original, ignore=ignore)
    if not target:
        return None
    bare = target[hidden_mentions(target, []) :]
    heads = (target[:HEAD_TOKENS], bare[:HEAD_TOKENS])
    headed: list[tuple[int, int]] = []
    lines: list[tuple[int, int]] = []
    for position, tokens in _token_starts(block, ignore):
        at_line_start = _at_line_start(block, position)
        if _has_head(tokens, heads) and (at_line_start or _introduced(block, position)):
            headed.append((_trim_distance(tokens, target, bare), position))
        elif at_line_start and _mostly_from(tokens, bare):
            lines.append((_trim_distance(tokens, target, bare), position))
    if not headed and not lines:
        return None
    # Of equal distances, min() keeps the earliest start: it keeps more of what the article shows.
    _, position = min(headed or lines, key=lambda start: start[0])
    return position if block[:position].strip() else 0


def _has_head(tokens: list[str], heads: Sequence[list[str]]) -> bool:
    return any(tokens[: len(head)] == head for head in heads)


def _at_line_start(block: str, position: int) -> bool:
    return block[:position].rstrip(" \t").endswith("\n") or not block[:position].strip()


def _introduced(block: str, position: int) -> bool:
    """Whether the line's text before `position` ends with a colon that introduces a quote."""
    return _INTRODUCTION.search(block[:position].rsplit("\n", 1)[-1]) is not None


def _mostly_from(tokens: list[str], original: list[str]) -> bool:
    """Whether most of the words of `tokens` are in `original`, in order."""
    shared = equal_words(diff_words(original, tokens))
    return shared >= MIN_SHARED_WORD_SHARE * max(word_count(tokens), 1)


def _trim_distance(tokens: list[str], target: list[str], bare: list[str]) -> int:
    # Indel distance, not similarity: each article token kept before the quote adds one, each
    # token of the original cut off by starting too late adds one. (Similarity to a long
    # original rises with any article text that happens to share a few marks with it.)
    return min(Indel.distance(target, tokens), Indel.distance(bare, tokens))


def _token_starts(block: str, ignore: Sequence[re.Pattern[str]]) -> Iterator[tuple[int, list[str]]]:
    """Each position in `block` where a token starts, with the tokens from there to the end.

    Whitespace always separates tokens, so each chunk between spaces is tokenized alone and
    the tokens of a suffix are those of its first (partial) chunk and of every later chunk."""
    chunks = [(chunk.start(), chunk.group()) for chunk in re.finditer(r"\S+", block)]
    chunk_tokens = [tokenize(text, ignore=ignore) for _, text in chunks]
    for index, (position, text) in enumerate(chunks):
        rest = [token for tokens in chunk_tokens[index + 1 :] for token in tokens]
        for inner in TOKEN.finditer(text):
            yield position + inner.start(), tokenize(text[inner.start() :], ignore=ignore) + rest
