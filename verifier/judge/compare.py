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
from collections.abc import Sequence
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

_URL_END = r"(?=[.,;:!?'\")\]]*(?:\s|$))"  # a link ends before trailing punctuation
# Chinese and Japanese are written without spaces: each character is a token, so that one
# changed character is one changed token (a whole sentence as one token could only mismatch).
_CJK = r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
# Public for quote_start, which finds where tokens start in the article's own text.
TOKEN = re.compile(
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


def tokenize(text: str, *, ignore: Sequence[re.Pattern[str]] = ()) -> list[str]:
    """Words (with inner apostrophes and hyphens), @mentions, #hashtags, links and numbers as
    single tokens, and each punctuation mark as its own token, after `normalise`."""
    tokens: list[str] = []
    end = -1
    for match in TOKEN.finditer(normalise(text, ignore=ignore)):
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


def word_count(tokens: Sequence[str]) -> int:
    """How many of the tokens are words (not punctuation or symbols)."""
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
    shown_tokens = _unquoted(shown_tokens, original_tokens)
    hidden = hidden_mentions(original_tokens, shown_tokens) if leading_mentions_optional else 0
    comparison = _classify(shown_tokens, original_tokens[hidden:])
    if ignore and comparison.status in (Status.VERIFIED, Status.TRUNCATED):
        comparison = unless_links_differ(comparison, shown, original, ignore)
    if hidden == 0:
        return comparison
    span = comparison.shown_span
    note = "; ".join(filter(None, (comparison.note, "compared without the reply's @mentions")))
    return replace(
        comparison, shown_span=(span[0] + hidden, span[1] + hidden) if span else None, note=note
    )


_QUOTE_MARKS = ('"', "'")


def unless_links_differ(
    comparison: Comparison, shown: str, original: str, ignore: Sequence[re.Pattern[str]]
) -> Comparison:
    """Links matched by `ignore` (t.co, media links) are forgiven where one side lacks them or
    both show the same; a link the article shows in place of another the original carries
    points elsewhere, and that is a change."""
    shown_links = _ignored_links(shown, ignore)
    original_links = _ignored_links(original, ignore)
    added = [link for link in shown_links if link not in original_links]
    missing = [link for link in original_links if link not in shown_links]
    if not added or not missing:
        return comparison
    diff = tuple(WordChange("replace", old, new) for old, new in zip(missing, added, strict=False))
    note = f"a link points elsewhere: {missing[0]} in the original, {added[0]} in the article"
    return Comparison(Status.ALTERED, comparison.similarity, diff, comparison.shown_span, note)


def _ignored_links(text: str, ignore: Sequence[re.Pattern[str]]) -> list[str]:
    # Found by the patterns themselves, not among tokens: X glues a link to the word before
    # it ("administrationhttps://t.co/x"), which tokenizes as a word and a run of symbols.
    normal = normalise(text)
    found = sorted(
        (match.start(), match.group()) for pattern in ignore for match in pattern.finditer(normal)
    )
    return [link for _, link in found]


def _unquoted(shown: list[str], original: list[str]) -> list[str]:
    """The shown tokens without the article's own quotation marks around the whole quote
    (“...”, « ... »: one normal form after `normalise`): a pair that encloses everything and
    that the original does not hold. A quote mark inside the text stays a change."""
    core = _strip_cut_marks(shown)
    if core and core[-1] in _QUOTE_MARKS and core.count(core[-1]) == 1:
        # `He wrote: “...”`: a remnant's quote starts after the colon's opening mark, and
        # only the closing one is left, where the original has none.
        if original.count(core[-1]) == 0:
            end = len(shown) - 1 - shown[::-1].index(core[-1])
            return shown[:end] + shown[end + 1 :]
    if len(core) < 3 or core[0] != core[-1] or core[0] not in _QUOTE_MARKS:
        return shown
    if core.count(core[0]) - original.count(core[0]) < 2:
        return shown  # the marks are the original's own
    start = shown.index(core[0])
    end = len(shown) - 1 - shown[::-1].index(core[-1])
    return shown[:start] + shown[start + 1 : end] + shown[end + 1 :]


def hidden_mentions(original: Sequence[str], shown: Sequence[str]) -> int:
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
    words = word_count(core)
    if _too_short(words, word_count(original)):
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
    shared = equal_words(diff)
    words = word_count(core)
    share = shared / words if words else 0.0
    similarity = _similarity(aligned, core)
    if share < MIN_SHARED_WORD_SHARE or _too_short_anywhere(core, original, shared):
        if whole := _whole_original_within(core, original):
            return whole
        note = f"{shared} of {words} shown words are in the original, in order: not the same post"
        return Comparison(Status.MISMATCH, similarity, note=note)
    return Comparison(Status.ALTERED, similarity, diff, region, _describe(diff))


# The original's words, all in order, in at most this many runs of the shown text: its
# sentences with words added around or between them. More pieces than this could be a long
# text's common words happening to line up.
MAX_WHOLE_ORIGINAL_RUNS = 3


def _whole_original_within(core: list[str], original: list[str]) -> Comparison | None:
    """A quote holding every token of the original, in order, in few runs, plus added words
    (however many more than the post has) is the post with words added: ALTERED, not a
    mismatch. None if it is not."""
    if word_count(original) < MIN_EXCERPT_WORDS:
        return None  # "Thank you" is in many a long quote: it tells nothing
    diff = diff_words(original, core)
    if any(change.op in ("replace", "delete") for change in diff):
        return None
    if sum(change.op == "equal" for change in diff) > MAX_WHOLE_ORIGINAL_RUNS:
        return None
    note = f"the whole original with words added; {_describe(diff)}"
    similarity = _similarity(original, core)
    return Comparison(Status.ALTERED, similarity, diff, (0, len(original)), note)


def _too_short_anywhere(core: list[str], original: list[str], shared: int) -> bool:
    """Whether even the whole original has too few of the shown words, in order, to tell."""
    if not _too_short(shared, word_count(original)):
        return False
    # The aligned region may have left out a short run beyond a long unmarked cut.
    return _too_short(equal_words(diff_words(original, core)), word_count(original))


def equal_words(diff: Sequence[WordChange]) -> int:
    """How many shown words the diff keeps unchanged."""
    return sum(word_count(change.shown.split()) for change in diff if change.op == "equal")


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
