"""Where real pages keep embeds, and the traps that look like embeds but are not."""

from __future__ import annotations

import html
import json

from conftest import SEED_TEXT, article_page, tweet_blockquote

from verifier import detect
from verifier.detect import find_embeds_in_html
from verifier.models import EmbedKind

QUOTE = tweet_blockquote(SEED_TEXT)
SEED = "1626516035863212034"


def embeds(page: str) -> list[tuple[str | None, str]]:
    return [(e.post_id, e.location) for e in find_embeds_in_html(page) if e.kind is EmbedKind.EMBED]


def test_a_consent_textarea_holds_a_real_embed() -> None:
    page = article_page(f'<textarea class="consent-placeholder">{html.escape(QUOTE)}</textarea>')
    [embed] = find_embeds_in_html(page)
    assert (embed.post_id, embed.location, embed.displayed_text) == (SEED, "textarea", SEED_TEXT)


def test_markup_escaped_in_an_attribute_is_found_and_located() -> None:
    page = article_page(f'<div class="lazy-embed" data-content="{html.escape(QUOTE)}"></div>')
    assert embeds(page) == [(SEED, "attribute:data-content")]


def test_json_in_an_attribute_is_other_articles_data_not_this_page() -> None:
    rail = json.dumps([{"title": "Another story", "body": QUOTE}])
    page = article_page(f'<div class="rail" data-pageraillist="{html.escape(rail)}"></div>')
    assert embeds(page) == []


def test_markup_in_script_json_is_found_unless_the_page_shows_it_live() -> None:
    state = json.dumps({"article": {"body": f"<p>Intro</p>{QUOTE}"}})
    only_json = article_page(f'<script id="__NEXT_DATA__" type="application/json">{state}</script>')
    assert embeds(only_json) == [(SEED, "script")]
    both = article_page(QUOTE + f'<script type="application/json">{state}</script>')
    assert embeds(both) == [(SEED, "dom")]


def test_templates_styles_comments_and_selectors_are_not_embeds() -> None:
    traps = (
        "<style>.twitter-tweet, .instagram-media, .fb-post { margin: auto }</style>"
        '<script>document.querySelectorAll("blockquote.twitter-tweet").forEach(render);</script>'
        '<script type="text/template"><div class="fb-post" data-href="https://www.facebook.com/'
        'soychilecl/posts/123456789012345"></div></script>'
        f"<!-- {QUOTE} -->"
        f"<template>{QUOTE}</template>"
        '<a class="twitter-tweet" href="https://twitter.com/intent/tweet?url=x">Tweet</a>'
        '<iframe class="twitter-share-button twitter-tweet-button" '
        'src="https://platform.twitter.com/widgets/tweet_button.html"></iframe>'
        '<div class="ts-fab-twitter-tweet">latest tweet</div>'
    )
    assert find_embeds_in_html(article_page(traps)) == []


def test_a_blockquote_and_the_frame_rendered_beside_it_are_one_embed() -> None:
    rendered = (
        '<div class="twitter-tweet twitter-tweet-rendered"><iframe data-tweet-id="'
        f'{SEED}" src="https://platform.twitter.com/embed/Tweet.html?id={SEED}"></iframe></div>\n  '
    )
    [embed] = find_embeds_in_html(article_page(rendered + QUOTE))
    assert (embed.post_id, embed.displayed_text) == (SEED, SEED_TEXT)


def test_the_same_post_twice_with_prose_between_is_two_embeds() -> None:
    page = article_page(QUOTE + "<p>As he said again later:</p>" + QUOTE)
    assert embeds(page) == [(SEED, "dom"), (SEED, "dom")]


def test_embeds_come_in_page_order_across_platforms() -> None:
    youtube = '<iframe src="https://www.youtube.com/embed/eiHXASgRTcA"></iframe>'
    page = article_page(youtube + "<p>Then:</p>" + QUOTE)
    assert [e.platform for e in find_embeds_in_html(page)] == ["youtube", "twitter"]


def test_a_large_page_costs_one_scan(monkeypatch) -> None:
    filler = "<p>" + "Lorem ipsum dolor sit amet, twitter.com/share. " * 40 + "</p>\n"
    page = article_page(filler * 5300 + QUOTE + filler * 100)  # about 10 MB
    assert len(page) > 10_000_000
    # Counted, not timed: only the embed's few kilobytes reach the parser, not the page.
    parsed: list[int] = []
    parse = detect.parse_pieces
    monkeypatch.setattr(
        detect, "parse_pieces", lambda markup: parsed.append(len(markup)) or parse(markup)
    )
    assert embeds(page) == [(SEED, "dom")]
    assert sum(parsed) < 20_000


def test_non_ascii_pages_keep_their_text() -> None:
    quote = tweet_blockquote(
        "総務省がＩｏＴ機器を無差別調査", name="東京新聞", handle="tokyo_shimbun", lang="ja"
    )
    [embed] = find_embeds_in_html(article_page(quote, lang="ja"))
    assert (embed.displayed_text, embed.author_name, embed.language) == (
        "総務省がＩｏＴ機器を無差別調査",
        "東京新聞",
        "ja",
    )
