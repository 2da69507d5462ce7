"""Compare what an article shows of a post with the post's original text.

Pure functions of two texts: no I/O, no platform knowledge (a platform module passes the
patterns of its own noise, such as t.co links, as `ignore`).

    normalise -> tokenize -> compare_texts: VERIFIED | TRUNCATED | ALTERED | MISMATCH
                                 `-> diff_words, for the reader of an ALTERED verdict

Normalisation forgives only what carries no meaning (entities, quote and dash styles, invisible
characters, spacing). Everything else, case and punctuation included, counts as a change.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import replace
from difflib import Match, SequenceMatcher

from rapidfuzz.distance import Indel

from verifier.models import Comparison, Status, WordChange
from verifier.text.normal import normalise

ELLIPSIS = "..."  # the one token every ellipsis becomes: "…", "....", "[…]", "(...)"

# An excerpt of one or two words ("Microsoft.", "at all") is found in almost any longer text, so
# it proves nothing about which post the article shows: below this many words it is not TRUNCATED.
MIN_EXCERPT_WORDS = 3
# ...unless it is at least half of the original's words ("Thank you!" shown as "Thank you").
MIN_SHORT_COVERAGE = 0.5
# "Same post, words changed" needs at least half of the shown words, in order, in the aligned
# part of the original. One changed word in a ten-word quote keeps 90%, an unmarked elision
# keeps 100%; another post by the same author on the same subject shares a few words ("OpenAI",
# "the", "to"), rarely half of them in the same order.
MIN_SHARED_WORD_SHARE = 0.5
# When aligning, an original token skipped between two matched runs costs a tenth of a matched
# token: a run is kept across an unmarked gap up to ten times its length (an article silently
# dropping a sentence is still the same post), while a lone "the" fifty tokens away is not
# pulled into the aligned region. A gap the article marks with an ellipsis costs nothing.
GAP_COST = 0.1
# trim_to_original looks for the original's first tokens in the block; five (words and
# punctuation) rarely occur by chance in the article's own sentences.
HEAD_TOKENS = 5

_URL_END = r"(?=[.,;:!?'\")\]]*(?:\s|$))"  # a link ends before trailing punctuation
# Chinese and Japanese are written without spaces: each character is a token, so that one
# changed character is one changed token (a whole sentence as one token could only mismatch).
_CJK = r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
_TOKEN = re.compile(
    rf"""
      (?:https?://|www\.)\S+?{_URL_END}              # a link
    | (?:[\w-]+\.)+[A-Za-z]{{2,}}/\S*?{_URL_END}      # a link without scheme: pic.twitter.com/x
    | \.(?=\.{{3}})                                  # a full stop before an ellipsis: "end.…"
    | (?P<ellipsis>\.{{3,}}|[\[(]\ ?\.{{3,}}\ ?[\])])    # an ellipsis, also "[...]" or "(...)"
    | [@#]\w+                                        # a mention or hashtag
    | \d+(?:[.,:]\d+)+                               # a number: 1,000 3.5 10:30
    | {_CJK}                                          # one Han character or kana
    | (?:(?!{_CJK})\w)+(?:['-](?:(?!{_CJK})\w)+)*     # a word, with apostrophes and hyphens
    | [^\w\s]                                        # one punctuation mark or symbol
    """,
    re.VERBOSE,
)
_WORD_CHAR = re.compile(r"\w")
# A line's text that introduces the quote after it: "He wrote: ", "Il a écrit : « ".
_INTRODUCTION = re.compile(r"[:：]\s*[\"'“”‘’«»„]?\s*$")


def tokenize(text: str, *, ignore: Sequence[re.Pattern[str]] = ()) -> list[str]:
    """Words (with inner apostrophes and hyphens), @mentions, #hashtags, links and numbers as
    single tokens, and each punctuation mark as its own token, after `normalise`."""
    tokens: list[str] = []
    end = -1
    for match in _TOKEN.finditer(normalise(text, ignore=ignore)):
        token = ELLIPSIS if match.lastgroup == "ellipsis" else match.group()
        if tokens and match.start() == end and _continues(tokens[-1], token):
            tokens[-1] += token
        else:
            tokens.append(token)
        end = match.end()
    return tokens


def _continues(previous: str, token: str) -> bool:
    # Python's \w excludes combining marks (Devanagari vowel signs, Arabic harakat, emoji
    # variation selectors): glue them, and the letters after them, back into one word.
    return _is_mark(token[0]) or (_is_mark(previous[-1]) and _is_word(token))


def _is_mark(char: str) -> bool:
    return unicodedata.category(char).startswith("M")


def _is_word(token: str) -> bool:
    return _WORD_CHAR.search(token) is not None


def _word_count(tokens: Sequence[str]) -> int:
    return sum(1 for token in tokens if _is_word(token))


def diff_words(
    original_tokens: Sequence[str], shown_tokens: Sequence[str]
) -> tuple[WordChange, ...]:
    """The word-level difference from the original to the shown text, as runs of tokens."""
    matcher = SequenceMatcher(None, list(original_tokens), list(shown_tokens), autojunk=False)
    return tuple(
        WordChange(op, " ".join(original_tokens[i1:i2]), " ".join(shown_tokens[j1:j2]))
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
    )


def compare_texts(
    shown: str,
    original: str,
    *,
    ignore: Sequence[re.Pattern[str]] = (),
    leading_mentions_optional: bool = True,
) -> Comparison:
    """Classify the text an article shows against the original post's text.

    `shown_span` is a (start, end) slice of `tokenize(original, ignore=ignore)`. Raises
    ValueError if `shown` has nothing to compare once normalised.
    """
    shown_tokens = tokenize(shown, ignore=ignore)
    if not _strip_cut_marks(shown_tokens):
        raise ValueError("the shown text is empty once normalised: there is nothing to compare")
    original_tokens = tokenize(original, ignore=ignore)
    hidden = _hidden_mentions(original_tokens, shown_tokens) if leading_mentions_optional else 0
    comparison = _classify(shown_tokens, original_tokens[hidden:])
    if hidden == 0:
        return comparison
    span = comparison.shown_span
    note = "; ".join(filter(None, (comparison.note, "compared without the reply's @mentions")))
    return replace(
        comparison, shown_span=(span[0] + hidden, span[1] + hidden) if span else None, note=note
    )


def _hidden_mentions(original: Sequence[str], shown: Sequence[str]) -> int:
    """How many leading @mentions of a reply the shown text hides (embeds hide them all)."""
    count = 0
    while count < len(original) and original[count].startswith("@"):
        count += 1
    shown = _strip_cut_marks(list(shown))
    if count == len(original) or (shown and shown[0].startswith("@")):
        return 0
    return count


def _classify(shown: list[str], original: list[str]) -> Comparison:
    if not original:
        return Comparison(Status.MISMATCH, 0.0, note="the original has no text to compare")
    core = _strip_cut_marks(shown)
    if shown == original or core == original:
        return Comparison(Status.VERIFIED, 1.0, shown_span=(0, len(original)))
    span = _locate_excerpt(core, original)
    if span is None:
        return _classify_changed(core, original)
    words = _word_count(core)
    if _too_short(words, _word_count(original)):
        note = f"a fragment of {words} word(s) of a longer original: too few to tell"
        return Comparison(Status.MISMATCH, _similarity(original, _uncut(core)), note=note)
    return _truncated(core, original, span)


def _strip_cut_marks(tokens: list[str]) -> list[str]:
    """The tokens without the ellipses that mark a cut at either end."""
    start, end = 0, len(tokens)
    while start < end and tokens[start] == ELLIPSIS:
        start += 1
    while end > start and tokens[end - 1] == ELLIPSIS:
        end -= 1
    return tokens[start:end]


def _uncut(tokens: list[str]) -> list[str]:
    return [token for token in tokens if token != ELLIPSIS]


def _too_short(words: int, original_words: int) -> bool:
    return words < MIN_EXCERPT_WORDS and words < MIN_SHORT_COVERAGE * original_words


def _locate_excerpt(core: list[str], original: list[str]) -> tuple[int, int] | None:
    """Where `core` is one run of the original, or runs in order joined by ellipses (each
    marking a real cut), as a token span of the original; None if it is neither."""
    start = _find_run(original, core, 0)
    if start is not None:
        return start, start + len(core)
    segments = _split_at_ellipses(core)
    first = _find_run(original, segments[0], 0)
    if len(segments) == 1 or first is None:
        return None
    end = first + len(segments[0])
    for segment in segments[1:]:
        found = _find_run(original, segment, end + 1)  # + 1: the ellipsis must cut something
        if found is None:
            return None
        end = found + len(segment)
    return first, end


def _split_at_ellipses(tokens: list[str]) -> list[list[str]]:
    segments: list[list[str]] = [[]]
    for token in tokens:
        if token == ELLIPSIS:
            segments.append([])
        else:
            segments[-1].append(token)
    return [segment for segment in segments if segment]


def _find_run(haystack: list[str], needle: list[str], start: int) -> int | None:
    for index in range(start, len(haystack) - len(needle) + 1):
        if haystack[index : index + len(needle)] == needle:
            return index
    return None


def _truncated(core: list[str], original: list[str], span: tuple[int, int]) -> Comparison:
    shown = _uncut(core)
    region = original[span[0] : span[1]]
    elisions = len(_split_at_ellipses(core)) - 1
    share = len(shown) / len(original)
    note = f"shows {len(shown)} of {len(original)} tokens of the original ({share:.0%})"
    if elisions:
        note += f", with {elisions} cut(s) marked by an ellipsis"
    # The diff says which words were left out: a reader must see what the excerpt does not show.
    diff = diff_words(original, core)
    similarity = _similarity(region, shown)
    return Comparison(Status.TRUNCATED, similarity, diff, shown_span=span, note=note)


def _classify_changed(core: list[str], original: list[str]) -> Comparison:
    region = _aligned_region(original, core)
    if region is None:
        return Comparison(
            Status.MISMATCH, 0.0, note="no token of the shown text is in the original"
        )
    aligned = original[region[0] : region[1]]
    diff = diff_words(aligned, core)
    shared = _equal_words(diff)
    words = _word_count(core)
    share = shared / words if words else 0.0
    similarity = _similarity(aligned, core)
    if share < MIN_SHARED_WORD_SHARE or _too_short_anywhere(core, original, shared):
        note = f"{shared} of {words} shown words are in the original, in order: not the same post"
        return Comparison(Status.MISMATCH, similarity, note=note)
    return Comparison(Status.ALTERED, similarity, diff, region, _describe(diff))


def _too_short_anywhere(core: list[str], original: list[str], shared: int) -> bool:
    """Whether even the whole original has too few of the shown words, in order, to tell."""
    if not _too_short(shared, _word_count(original)):
        return False
    # The aligned region may have left out a short run beyond a long unmarked cut.
    return _too_short(_equal_words(diff_words(original, core)), _word_count(original))


def _equal_words(diff: Sequence[WordChange]) -> int:
    return sum(_word_count(change.shown.split()) for change in diff if change.op == "equal")


def _describe(diff: Sequence[WordChange]) -> str:
    counts = Counter(change.op for change in diff)
    runs = f"{counts['replace']} replaced, {counts['insert']} added, {counts['delete']} dropped"
    return f"runs of tokens: {runs}"


def _similarity(original: Sequence[str], shown: Sequence[str]) -> float:
    return round(Indel.normalized_similarity(original, shown), 4)


def _aligned_region(original: list[str], shown: list[str]) -> tuple[int, int] | None:
    """The span of the original that the shown text stands for, or None if nothing matches.

    Unmatched shown tokens at either edge are paired with as many original tokens next to the
    region, so that a changed first or last word reads as replaced, not as added."""
    matcher = SequenceMatcher(None, original, shown, autojunk=False)
    blocks = [block for block in matcher.get_matching_blocks() if block.size]
    if not blocks:
        return None
    first, last = _best_block_run(blocks, shown)
    start = max(0, blocks[first].a - blocks[first].b)
    tail = len(shown) - blocks[last].b - blocks[last].size
    return start, min(len(original), blocks[last].a + blocks[last].size + tail)


def _best_block_run(blocks: list[Match], shown: list[str]) -> tuple[int, int]:
    """The consecutive matching blocks with the most matched tokens less the cost of the
    original tokens skipped between them (a maximum-subarray scan)."""
    best = (float(blocks[0].size), 0, 0)
    score, first = 0.0, 0
    for index, block in enumerate(blocks):
        carried = score - _gap_cost(blocks[index - 1], block, shown) if index else -1.0
        if carried < 0:
            score, first = float(block.size), index
        else:
            score = carried + block.size
        if score > best[0]:
            best = (score, first, index)
    return best[1], best[2]


def _gap_cost(before: Match, after: Match, shown: list[str]) -> float:
    shown_gap = shown[before.b + before.size : after.b]
    if ELLIPSIS in shown_gap:
        return 0.0
    skipped = after.a - before.a - before.size - len(shown_gap)
    return GAP_COST * max(skipped, 0)


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
    bare = target[_hidden_mentions(target, []) :]
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
    shared = _equal_words(diff_words(original, tokens))
    return shared >= MIN_SHARED_WORD_SHARE * max(_word_count(tokens), 1)


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
        for inner in _TOKEN.finditer(text):
            yield position + inner.start(), tokenize(text[inner.start() :], ignore=ignore) + rest
