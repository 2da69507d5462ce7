"""How `verifier.judge.compare` judges what an article shows against a post's original text."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from verifier.judge.compare import compare_texts, diff_words, tokenize
from verifier.judge.quote_start import trim_to_original
from verifier.models import Comparison, Status, WordChange
from verifier.text.normal import normalise

# The project's seed: X post 1626516035863212034, a reply, so it starts with the @mention that
# embeds hide.
SEED_ORIGINAL = (
    "@GRDecter OpenAI was created as an open source (which is why I named it “Open” AI), "
    "non-profit company to serve as a counterweight to Google, but now it has become a closed "
    "source, maximum-profit company effectively controlled by Microsoft.\n\n"
    "Not what I intended at all."
)
SEED_SHOWN = SEED_ORIGINAL.removeprefix("@GRDecter ")
SEED_TOKENS = 54  # tokenize(SEED_ORIGINAL): the @mention is token 0
TWITTER_NOISE = (re.compile(r"https?://t\.co/\w+"), re.compile(r"pic\.twitter\.com/\w+"))


# normalise: only what carries no meaning is forgiven


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fish &amp; chips", "Fish & chips"),
        ("Fish &amp;amp; chips", "Fish & chips"),  # escaped twice by a CMS
        ("it&#39;s &quot;open&quot;", 'it\'s "open"'),
        ("R&D &notes", "R&D &notes"),  # not an entity without its semicolon
        ("“Open” ‘AI’ «libre» „so“", '"Open" \'AI\' "libre" "so"'),
        ("non‑profit – closed — max − 1", "non-profit - closed - max - 1"),
        ("wait…", "wait..."),
        ("open\u00a0source\u200b!", "open source!"),
        ("  two\n\nparagraphs \t here ", "two paragraphs here"),
        ("الحرب انتهت&rlm; اليوم", "الحرب انتهت اليوم"),  # a CMS's right-to-left mark
        ("הדוח\u200e 2023", "הדוח 2023"),  # a left-to-right mark
        ("abc\u202edef", "abc\u202edef"),  # an override reorders what is read: kept
        ("ＯｐｅｎＡＩ", "OpenAI"),  # NFKC: full-width letters
        ("Not What I Intended", "Not What I Intended"),  # case may be meaning: kept
    ],
)
def test_normalise_forgives_only_what_carries_no_meaning(text: str, expected: str) -> None:
    assert normalise(text) == expected


def test_normalise_removes_what_the_caller_says_to_ignore() -> None:
    text = "Not what I intended. https://t.co/AbC123 pic.twitter.com/xyz"
    assert normalise(text, ignore=TWITTER_NOISE) == "Not what I intended."


# tokenize: words and marks, each its own token


def test_tokenize_keeps_words_mentions_hashtags_links_and_numbers_whole() -> None:
    text = "@GRDecter l’aspect non-profit #AI costs 1,000.50 (see https://example.com/a)."
    assert tokenize(text) == [
        "@GRDecter",
        "l'aspect",
        "non-profit",
        "#AI",
        "costs",
        "1,000.50",
        "(",
        "see",
        "https://example.com/a",
        ")",
        ".",
    ]


def test_tokenize_reads_every_ellipsis_as_one_token() -> None:
    assert tokenize("A… B... C [...] D (…)") == ["A", "...", "B", "...", "C", "...", "D", "..."]


def test_tokenize_reads_four_dots_as_a_full_stop_and_an_ellipsis() -> None:
    assert tokenize("at all.…") == tokenize("at all....") == ["at", "all", ".", "..."]


def test_tokenize_keeps_combining_marks_inside_their_word() -> None:
    # Python's \w has no combining marks: Hindi vowel signs must not split a word.
    assert tokenize("हिन्दी में #भारत") == ["हिन्दी", "में", "#भारत"]


# diff_words: what a reader of an ALTERED verdict sees


def test_diff_words_gives_runs_of_tokens_joined_by_spaces() -> None:
    original = ["Not", "what", "I", "intended", "at", "all", "."]
    shown = ["Exactly", "what", "I", "intended", "."]
    assert diff_words(original, shown) == (
        WordChange("replace", "Not", "Exactly"),
        WordChange("equal", "what I intended", "what I intended"),
        WordChange("delete", "at all", ""),
        WordChange("equal", ".", "."),
    )


# compare_texts on the seed


def test_the_seed_embed_shows_the_post_verbatim() -> None:
    assert compare_texts(SEED_SHOWN, SEED_ORIGINAL) == Comparison(
        Status.VERIFIED,
        1.0,
        shown_span=(1, SEED_TOKENS),
        note="compared without the reply's @mentions",
    )


@pytest.mark.parametrize(
    "shown",
    [
        SEED_SHOWN.replace("“", '"').replace("”", '"'),
        SEED_SHOWN.replace("“", "&amp;quot;").replace("”", "&quot;"),
        SEED_SHOWN.replace("\n\n", " ").replace("non-profit", "non‑profit"),
        SEED_SHOWN + "…",  # a cut mark that cuts nothing
    ],
    ids=["straight quotes", "escaped quotes", "spacing and hyphen", "trailing ellipsis"],
)
def test_typographic_differences_are_verified(shown: str) -> None:
    assert compare_texts(shown, SEED_ORIGINAL).status is Status.VERIFIED


def test_platform_link_noise_is_ignored_only_when_the_caller_says_so() -> None:
    shown = SEED_SHOWN + " https://t.co/AbC123 pic.twitter.com/xyz"
    assert compare_texts(shown, SEED_ORIGINAL, ignore=TWITTER_NOISE).status is Status.VERIFIED
    assert compare_texts(shown, SEED_ORIGINAL).status is Status.ALTERED


def test_an_excerpt_cut_at_the_start_is_truncated() -> None:
    shown = "…" + SEED_SHOWN.removeprefix("OpenAI was created as an open source")
    comparison = compare_texts(shown, SEED_ORIGINAL)
    assert comparison.status is Status.TRUNCATED
    assert comparison.similarity == 1.0
    assert comparison.shown_span == (8, SEED_TOKENS)
    assert comparison.note.startswith("shows 46 of 53 tokens of the original (87%)")


def test_the_first_paragraph_alone_is_truncated() -> None:
    shown = "OpenAI was created as an open source (which is why I named it “Open” AI), non-profit"
    comparison = compare_texts(shown + " company…", SEED_ORIGINAL)
    assert (comparison.status, comparison.shown_span) == (Status.TRUNCATED, (1, 23))


def test_one_changed_word_is_altered_and_the_diff_shows_it() -> None:
    shown = SEED_SHOWN.replace("maximum-profit", "non-profit")
    comparison = compare_texts(shown, SEED_ORIGINAL)
    assert comparison.status is Status.ALTERED
    assert [change for change in comparison.diff if change.op != "equal"] == [
        WordChange("replace", "maximum-profit", "non-profit")
    ]
    assert comparison.shown_span == (1, SEED_TOKENS)
    assert 0.95 < comparison.similarity < 1.0


@pytest.mark.parametrize(
    ("original_words", "shown_words"),
    [
        ("Not what I intended", "Exactly what I intended"),  # negation
        ("Microsoft.", "microsoft."),  # case
        ("at all.", "at all!"),  # punctuation
        ("open source", "open-source"),  # a hyphen joins two words into one
    ],
)
def test_any_changed_word_or_mark_is_altered(original_words: str, shown_words: str) -> None:
    shown = SEED_SHOWN.replace(original_words, shown_words)
    assert compare_texts(shown, SEED_ORIGINAL).status is Status.ALTERED


@pytest.mark.parametrize(
    ("original", "shown"),
    [
        ("The virus killed 10⁶ people this year.", "The virus killed 106 people this year."),
        ("The flat measures 10 m² in all.", "The flat measures 10 m2 in all."),
    ],
)
def test_a_superscript_or_subscript_made_plain_is_altered(original: str, shown: str) -> None:
    # NFKC would read "10⁶" as "106": an exponent is not a digit.
    assert compare_texts(shown, original).status is Status.ALTERED
    assert compare_texts(original, original).status is Status.VERIFIED


def test_a_changed_number_is_altered() -> None:
    original = "We hired 1,000 engineers in 2023 and will hire more."
    shown = "We hired 10,000 engineers in 2023 and will hire more."
    comparison = compare_texts(shown, original)
    assert comparison.status is Status.ALTERED
    assert WordChange("replace", "1,000", "10,000") in comparison.diff


def test_an_altered_excerpt_is_diffed_against_the_part_it_quotes() -> None:
    shown = "a closed source, maximum-profit company effectively controlled by Apple."
    comparison = compare_texts(shown, SEED_ORIGINAL)
    assert comparison.status is Status.ALTERED
    assert comparison.diff == (
        WordChange(
            "equal",
            "a closed source , maximum-profit company effectively controlled by",
            "a closed source , maximum-profit company effectively controlled by",
        ),
        WordChange("replace", "Microsoft", "Apple"),
        WordChange("equal", ".", "."),
    )
    assert comparison.shown_span == (36, 47)


def test_a_cut_marked_by_an_ellipsis_is_truncated() -> None:
    shown = "OpenAI was created as an open source […] controlled by Microsoft."
    comparison = compare_texts(shown, SEED_ORIGINAL)
    assert comparison.status is Status.TRUNCATED
    assert comparison.shown_span == (1, 47)
    assert "1 cut(s) marked by an ellipsis" in comparison.note
    # The diff names the words cut: those the ellipsis stands for, and those after the end.
    cut, after = [change for change in comparison.diff if change.op != "equal"]
    assert (cut.op, cut.shown, after) == ("replace", "...", WordChange("delete", SEED_END, ""))
    assert cut.original.startswith("( which is why I named it")
    assert cut.original.endswith("maximum-profit company effectively")


def test_an_excerpt_s_diff_names_the_words_it_leaves_out() -> None:
    shown = "OpenAI was created as an open source (which is why I named it “Open” AI), non-profit"
    comparison = compare_texts(shown + " company…", SEED_ORIGINAL)
    assert comparison.status is Status.TRUNCATED
    [cut] = [change for change in comparison.diff if change.op != "equal"]
    assert cut.op == "delete" and cut.original.startswith("to serve as a counterweight")
    assert cut.original.endswith("controlled by Microsoft . " + SEED_END)


SEED_END = "Not what I intended at all ."


def test_a_cut_without_an_ellipsis_is_altered() -> None:
    shown = "OpenAI was created as an open source controlled by Microsoft."
    comparison = compare_texts(shown, SEED_ORIGINAL)
    assert comparison.status is Status.ALTERED
    assert [change.op for change in comparison.diff] == ["equal", "delete", "equal"]


def test_an_ellipsis_where_nothing_is_cut_is_altered() -> None:
    comparison = compare_texts("Not what I … intended at all.", "Not what I intended at all.")
    assert comparison.status is Status.ALTERED
    assert WordChange("insert", "", "...") in comparison.diff


def test_a_different_post_is_a_mismatch() -> None:
    shown = "Tesla's new factory in Berlin will open next month, the company said on Tuesday."
    comparison = compare_texts(shown, SEED_ORIGINAL)
    assert comparison.status is Status.MISMATCH
    assert comparison.similarity < 0.2
    assert comparison.diff == ()


def test_a_fragment_of_one_or_two_words_proves_nothing() -> None:
    assert compare_texts("Microsoft.", SEED_ORIGINAL).status is Status.MISMATCH
    assert compare_texts("…at all.", SEED_ORIGINAL).status is Status.MISMATCH


def test_two_words_that_are_most_of_a_short_post_are_truncated() -> None:
    assert compare_texts("Thank you", "Thank you!").status is Status.TRUNCATED


def test_shown_reply_mentions_are_compared() -> None:
    assert compare_texts(SEED_ORIGINAL, SEED_ORIGINAL).shown_span == (0, SEED_TOKENS)
    other = "@elonmusk " + SEED_SHOWN
    assert compare_texts(other, SEED_ORIGINAL).status is Status.ALTERED


def test_hidden_reply_mentions_can_be_required() -> None:
    comparison = compare_texts(SEED_SHOWN, SEED_ORIGINAL, leading_mentions_optional=False)
    assert (comparison.status, comparison.shown_span) == (Status.TRUNCATED, (1, SEED_TOKENS))


@pytest.mark.parametrize("shown", ["", "  \n ", "…", "&nbsp;"])
def test_an_empty_shown_text_cannot_be_compared(shown: str) -> None:
    with pytest.raises(ValueError, match="nothing to compare"):
        compare_texts(shown, SEED_ORIGINAL)


def test_an_original_without_text_matches_nothing() -> None:
    comparison = compare_texts("Look at this", "https://t.co/AbC123", ignore=TWITTER_NOISE)
    assert comparison.status is Status.MISMATCH


# The most important rule, for any text: a changed quote is never VERIFIED, and an unmarked
# elision is never TRUNCATED. Words are distinct so that no change can recreate the original.

words = st.lists(st.from_regex(r"[a-z]{2,8}", fullmatch=True), min_size=6, max_size=30, unique=True)
new_word = st.from_regex(r"[A-Z][a-z]{1,8}", fullmatch=True)  # never one of `words`


def _text(tokens: list[str]) -> str:
    return " ".join(tokens) + "."


@given(words, new_word, st.data())
def test_any_one_replaced_word_is_altered(
    original: list[str], word: str, data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(original) - 1))
    shown = original[:index] + [word] + original[index + 1 :]
    comparison = compare_texts(_text(shown), _text(original))
    assert comparison.status is Status.ALTERED
    assert WordChange("replace", original[index], word) in comparison.diff


@given(words, new_word, st.data())
def test_any_one_added_word_is_altered(original: list[str], word: str, data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(original)))
    shown = original[:index] + [word] + original[index:]
    assert compare_texts(_text(shown), _text(original)).status is Status.ALTERED


@given(words, st.data())
def test_any_one_word_dropped_inside_is_altered(original: list[str], data: st.DataObject) -> None:
    index = data.draw(st.integers(1, len(original) - 1))  # the final "." stays: it is inside
    shown = original[:index] + original[index + 1 :]
    comparison = compare_texts(_text(shown), _text(original))
    assert comparison.status is Status.ALTERED
    assert WordChange("delete", original[index], "") in comparison.diff


@given(words, st.data(), st.booleans())
def test_any_excerpt_of_three_words_or_more_is_truncated(
    original: list[str], data: st.DataObject, marked: bool
) -> None:
    tokens = [*original, "."]
    start = data.draw(st.integers(0, len(original) - 3))
    whole = (0, len(tokens))
    end = data.draw(st.integers(start + 3, len(tokens)).filter(lambda e: (start, e) != whole))
    shown = " ".join(tokens[start:end])
    if marked:
        shown = ("… " if start else "") + shown + (" …" if end < len(tokens) else "")
    comparison = compare_texts(shown, _text(original))
    assert (comparison.status, comparison.shown_span) == (Status.TRUNCATED, (start, end))
    assert comparison.similarity == 1.0


def _two_runs(
    original: list[str], data: st.DataObject, words: int = 3
) -> tuple[list[str], list[str], int, int]:
    """Two runs of `original` with at least one word between them, `words` words in all."""
    cuts = st.lists(st.integers(0, len(original)), min_size=4, max_size=4, unique=True)
    start, middle, restart, end = data.draw(cuts.map(sorted))
    assume(middle - start + end - restart >= words)
    return original[start:middle], original[restart:end], start, end


@given(words, st.data())
def test_any_cut_marked_by_an_ellipsis_is_truncated(
    original: list[str], data: st.DataObject
) -> None:
    before, after, start, end = _two_runs(original, data)
    shown = " ".join(before) + " … " + " ".join(after)
    comparison = compare_texts(shown, _text(original))
    assert (comparison.status, comparison.shown_span) == (Status.TRUNCATED, (start, end))


@given(words, new_word, st.data())
def test_a_marked_cut_with_a_changed_word_is_altered(
    original: list[str], word: str, data: st.DataObject
) -> None:
    before, after, _, _ = _two_runs(original, data, words=4)  # three left once one is changed
    after = [word, *after[1:]]
    shown = " ".join(before) + " … " + " ".join(after)
    assert compare_texts(shown, _text(original)).status is Status.ALTERED


@given(words, st.data())
def test_any_unmarked_cut_is_altered(original: list[str], data: st.DataObject) -> None:
    before, after, _, _ = _two_runs(original, data)
    assert compare_texts(" ".join(before + after), _text(original)).status is Status.ALTERED


@settings(max_examples=300)
@given(st.text(max_size=80), st.text(max_size=80))
def test_only_the_same_tokens_are_ever_verified(shown: str, original: str) -> None:
    try:
        comparison = compare_texts(shown, original, leading_mentions_optional=False)
    except ValueError:
        return
    assert 0.0 <= comparison.similarity <= 1.0
    stripped = [token for token in tokenize(shown) if token != "..."]
    if comparison.status is Status.VERIFIED:
        assert stripped == [token for token in tokenize(original) if token != "..."]


# trim_to_original: a remnant's block may start with the article's own sentences

ARTICLE_LEAD = "L’un de ses reproches porte sur l’aspect « opensource ».\n\n"


def test_trim_drops_the_article_sentences_before_the_quote() -> None:
    assert trim_to_original(ARTICLE_LEAD + SEED_SHOWN, SEED_ORIGINAL) == SEED_SHOWN


def test_trim_keeps_a_shown_reply_mention_and_the_block_own_characters() -> None:
    quote = SEED_ORIGINAL.replace("“", "&quot;")
    assert trim_to_original(ARTICLE_LEAD + quote, SEED_ORIGINAL) == quote


def test_trim_prefers_the_quote_to_a_paraphrase_of_its_start() -> None:
    lead = "Il écrit que « OpenAI was created as an open source » projet.\n"
    assert trim_to_original(lead + SEED_SHOWN, SEED_ORIGINAL) == SEED_SHOWN


def test_trim_finds_an_excerpt_at_the_start_of_a_line() -> None:
    excerpt = "…controlled by Microsoft.\nNot what I intended at all."
    assert trim_to_original(ARTICLE_LEAD + excerpt, SEED_ORIGINAL) == excerpt


def test_trim_never_cuts_inside_a_line_when_the_quote_starts_differently() -> None:
    # Cutting "OpenAI was founded" down to a suffix would hide the changed word.
    quote = SEED_SHOWN.replace("was created", "was founded")
    assert trim_to_original(ARTICLE_LEAD + quote, SEED_ORIGINAL) == quote
    assert compare_texts(quote, SEED_ORIGINAL).status is Status.ALTERED


def test_trim_returns_the_block_when_nothing_aligns() -> None:
    block = "Aucun rapport avec le message.\n\nVraiment aucun."
    assert trim_to_original(block, SEED_ORIGINAL) == block
    assert trim_to_original(SEED_SHOWN, SEED_ORIGINAL) == SEED_SHOWN


@pytest.mark.parametrize(
    "added", ["No, ", "Not true that ", "Never ", "@bob No ", "https://t.co/zzz NOT "]
)
def test_trim_never_cuts_words_added_before_the_quote_on_its_line(added: str) -> None:
    original = "we will raise taxes on the rich next year."
    shown = added + original
    assert trim_to_original(ARTICLE_LEAD + shown, original, ignore=TWITTER_NOISE) == shown
    assert compare_texts(shown, original, ignore=TWITTER_NOISE).status is Status.ALTERED


@pytest.mark.parametrize("introduction", ["He wrote: ", "Il a écrit : « "])
def test_trim_starts_the_quote_after_a_colon_that_introduces_it(introduction: str) -> None:
    assert trim_to_original(introduction + SEED_SHOWN, SEED_ORIGINAL) == SEED_SHOWN


JAPANESE = "イーロン・マスク氏は「OpenAIはオープンソースとして作られた」と述べた。"


def test_japanese_without_spaces_is_compared_character_by_character() -> None:
    assert compare_texts(JAPANESE, JAPANESE).status is Status.VERIFIED
    changed = compare_texts(JAPANESE.replace("作られた", "作られなかった"), JAPANESE)
    assert changed.status is Status.ALTERED
    assert [(c.original, c.shown) for c in changed.diff if c.op != "equal"] == [("", "な か っ")]
    excerpt = compare_texts("OpenAIはオープンソースとして作られた", JAPANESE)
    assert excerpt.status is Status.TRUNCATED


def test_chinese_with_one_character_changed_is_altered() -> None:
    original = "我们从未打算让这家公司变成封闭的营利机构。"
    shown = original.replace("从未", "一直")
    assert compare_texts(shown, original).status is Status.ALTERED
