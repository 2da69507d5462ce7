"""Quotes in an article's prose, tied to a post by a platform cue: found, attributed, dated.

The labelled set (tests/fixtures/inline_quotes, described in its README) holds 77 small
articles in six languages; docs/inline-quotes.md records what it measures.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from datetime import date
from pathlib import Path

import pytest

from verifier.detect import find_embeds
from verifier.detect.cues import find_cues
from verifier.detect.inline import find_inline_quotes
from verifier.detect.quotes import find_quotes
from verifier.detect.when import window_for
from verifier.models import Article, Embed, EmbedKind

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "inline_eval.py"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "inline_quotes"


def inline(text: str, *, published: str | None = "2023-02-18", html: bool = False) -> list[Embed]:
    article = Article("article", text, html, published=published)
    return [e for e in find_embeds(article) if e.kind is EmbedKind.INLINE]


def test_the_french_sentence_of_the_issue() -> None:
    [embed] = inline(
        "Elon Musk avait pourtant cofondé OpenAI. « Ce dont nous avons besoin, c'est de "
        "TruthGPT », a-t-il écrit vendredi sur Twitter."
    )
    assert embed.platform == "twitter"
    assert embed.displayed_text == "Ce dont nous avons besoin, c'est de TruthGPT"
    assert embed.author_name == "Elon Musk"
    assert embed.author_handle is None  # the article gives none: the archive is asked later
    assert embed.language == "fr"
    # 2023-02-18 was a Saturday: "vendredi" is the day before.
    assert (embed.window_start, embed.window_end) == (date(2023, 2, 17), date(2023, 2, 17))
    assert embed.displayed_day == date(2023, 2, 17)
    assert embed.displayed_date == "vendredi"
    assert embed.markup == "inline: sur Twitter"
    assert embed.context_text is not None and embed.context_text.startswith("« Ce dont")
    assert embed.handle_from is not None and "pronoun" in embed.handle_from


@pytest.mark.parametrize(
    ("sentence", "platform"),
    [
        ("Musk tweeted that it was over.", "twitter"),
        ("He wrote on X on Friday.", "twitter"),
        ("In a post on Truth Social, he said so.", "truthsocial"),
        ("She posted on Instagram.", "instagram"),
        ("Il a écrit sur son compte Twitter.", "twitter"),
        ("Sur Bluesky, elle a répondu.", "bluesky"),
        ("Escribió en su cuenta de X.", "twitter"),
        ("Tuiteó el lunes.", "twitter"),
        ("Er schrieb auf dem Kurznachrichtendienst X.", "twitter"),
        ("Sie twitterte am Montag.", "twitter"),
        ("Ha scritto sul suo profilo Facebook.", "facebook"),
        ("Escreveu na rede social X.", "twitter"),
        ("From his Threads account, he answered.", "threads"),
    ],
)
def test_platform_cues_in_six_languages(sentence: str, platform: str) -> None:
    assert [c.platform for c in find_cues(sentence)] == [platform]


@pytest.mark.parametrize(
    "sentence",
    [
        "In an interview with CNN, he said so.",
        "On Twitter Spaces, he said so.",
        "In a video posted on Instagram, she said so.",
        "He has 100 million followers on X.",
        "Il l'a dit sur le plateau de TF1.",
        "Dijo en una entrevista en X.",
        "He bought Twitter in October.",  # no preposition: a company, not a post
        "Sign up on x.com today.",
        "Malcolm X said so.",
    ],
)
def test_no_cue_where_the_words_were_spoken_or_no_post_is_meant(sentence: str) -> None:
    assert find_cues(sentence) == []


@pytest.mark.parametrize(
    ("text", "inside"),
    [
        ('He said "one two".', "one two"),
        ("He said “one two”.", "one two"),
        ("Il a dit « un deux ».", "un deux"),
        ("Er sagte „eins zwei“.", "eins zwei"),
        ("Er sagte »eins zwei«.", "eins zwei"),
        ("He said ‘one two’.", "one two"),
        ("彼は「一 二」と言った。", "一 二"),
        ("He said ‘I don’t know’ twice.", "I don’t know"),
        ("« Il a dit “non” hier », dit-elle.", "Il a dit “non” hier"),
    ],
)
def test_every_quotation_style(text: str, inside: str) -> None:
    assert [q.text for q in find_quotes(text)] == [inside]


def test_relative_days_narrow_the_window() -> None:
    saturday = "2023-02-18"
    assert window_for(saturday, "yesterday") is not None
    assert window_for(saturday, "he wrote yesterday").start == date(2023, 2, 17)  # type: ignore[union-attr]
    monday = window_for(saturday, "le lundi")
    assert monday is not None and (monday.start, monday.end) == (date(2023, 2, 13),) * 2
    last_week = window_for(saturday, "la semana pasada")
    assert last_week is not None
    assert (last_week.start, last_week.end) == (date(2023, 2, 5), date(2023, 2, 17))
    plain = window_for(saturday, "he wrote")
    assert plain is not None and (plain.start, plain.end) == (date(2023, 2, 11), date(2023, 2, 18))
    month = window_for("2023-03", "vendredi")  # a month's date: no weekday can be placed
    assert month is not None and (month.start, month.end) == (date(2023, 2, 22), date(2023, 3, 31))
    assert window_for(None, "yesterday") is None


def test_the_speaker_is_the_writer_not_an_object_or_a_relative_clause() -> None:
    [object_] = inline('Elon Musk replied to Joe Biden on X: "This is not what we agreed on."')
    assert object_.author_name == "Elon Musk"
    [relative] = inline(
        'Robert Hawkins (@rhaksw), who runs Reveddit, posted on X: "I hope someone asks."'
    )
    assert (relative.author_name, relative.author_handle) == ("Robert Hawkins", "rhaksw")
    assert relative.handle_from is not None and "written beside the name" in relative.handle_from


def test_a_user_who_wrote_is_nobody_the_article_names() -> None:
    [embed] = inline('Elon Musk replied to a user who wrote on X: "This platform is unusable now."')
    assert (embed.author_name, embed.author_handle) == (None, None)


def test_a_surname_is_the_full_name_met_before() -> None:
    [embed] = inline('Elon Musk runs Tesla. Later, Musk tweeted: "We are working on it."')
    assert embed.author_name == "Elon Musk"


def test_handle_from_a_profile_link_and_from_an_embed_in_the_same_page() -> None:
    [linked] = inline(
        '<p><a href="https://twitter.com/elonmusk">Elon Musk</a> tweeted: “What we need is'
        " TruthGPT”</p>",
        html=True,
    )
    assert linked.author_handle == "elonmusk"
    assert linked.handle_from is not None and "link to the profile" in linked.handle_from
    page = (
        '<blockquote class="twitter-tweet"><p>Not what I intended at all.</p>&mdash; Elon Musk'
        ' (@elonmusk) <a href="https://twitter.com/elonmusk/status/1626516035863212034">'
        "February 17, 2023</a></blockquote><p>Then Elon Musk tweeted: “What we need is"
        " TruthGPT”</p>"
    )
    embeds = find_embeds(Article("page", page, True, published="2023-02-18"))
    assert [e.kind for e in embeds] == [EmbedKind.EMBED, EmbedKind.INLINE]
    assert embeds[1].author_handle == "elonmusk"
    assert embeds[1].handle_from is not None and "embed in the article" in embeds[1].handle_from
    # Its position is the quote's byte offset in the page, after the embed.
    assert embeds[1].position == page.encode().index("“What".encode())


def test_a_quote_split_around_its_cue_is_one_quote() -> None:
    [embed] = inline('"What we need," Musk tweeted on Friday, "is TruthGPT."')
    assert embed.displayed_text == "What we need is TruthGPT"


def test_the_platform_named_in_the_sentence_before() -> None:
    [embed] = inline("Elon Musk a réagi sur Twitter vendredi. « C'est une honte », a-t-il écrit.")
    assert embed.displayed_text == "C'est une honte"
    assert embed.window_start == date(2023, 2, 17)  # "vendredi" is in the sentence before


@pytest.mark.parametrize(
    "text",
    [
        'In an interview with CNN, Musk said: "We need a new AI."',
        '"It was a difficult decision," the spokesperson told reporters.',
        'The documentary "Return to Space" was discussed on Twitter.',
        'The hashtag "#TwitterDown" trended on Twitter.',
        'Musk said "what we need is TruthGPT" on Friday.',
        '<p><a href="https://twitter.com/share">Tweet</a> "<?php echo $permalink; ?>"</p>',
    ],
)
def test_not_ours(text: str) -> None:
    assert inline(text, html=text.startswith("<")) == []


def test_a_quote_an_embed_already_shows_is_not_found_twice() -> None:
    text = (
        '"May the odds be ever in your favor!" wrote Jennifer Lawrence on Twitter\n'
        "— Sporting News (@sportingnews) December 27, 2013\n"
    )
    embeds = find_embeds(Article("flat.txt", text, False, published="2013-12-28"))
    assert [e.kind for e in embeds] == [EmbedKind.REMNANT]


def test_a_page_without_a_platform_costs_one_search() -> None:
    article = Article("p", "<p>“Nothing here,” she said.</p>" * 100, True)
    assert find_inline_quotes(article) == []


def _evaluation():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("inline_eval", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module.evaluate(FIXTURES / "labelled.jsonl", FIXTURES / "posts.jsonl")


def test_the_labelled_set_keeps_its_figures() -> None:
    result = _evaluation()
    overall = result.overall
    assert overall.expected >= 50 and overall.found >= 50
    assert overall.precision >= 0.95, result.extras
    assert overall.recall >= 0.95, result.misses
    assert overall.attribution >= 0.95, result.wrong
    assert overall.verdicts >= 0.85, result.wrong
    # The worst error: a verified quote that the post does not hold word for word.
    assert result.false_verified == [], result.false_verified


CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "pages"


def test_on_real_pages_every_quote_found_quotes_a_post() -> None:
    """The shared corpus's real pages, read for inline quotes: each one found is labelled by
    hand (corpus-labels.jsonl) as a quote of a post, with its speaker."""
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus is not here (only on the team's machines and CI)")
    from verifier.sources.articles import article_from_bytes

    labels = [
        json.loads(line)
        for line in (FIXTURES / "corpus-labels.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    found = []
    for path in sorted(CORPUS.iterdir()):
        article = article_from_bytes(str(path), path.read_bytes(), is_html=path.suffix == ".html")
        found += [(path.name, e) for e in find_embeds(article) if e.kind is EmbedKind.INLINE]
    right = [
        (name, e)
        for name, e in found
        if any(
            label["file"] == name
            and label["post_quote"]
            and label["quote"] in (e.displayed_text or "")
            for label in labels
        )
    ]
    assert len(found) >= 14
    assert len(right) / len(found) >= 0.95, [e.displayed_text for _, e in found]
