"""Finding X/Twitter posts in pages: official embeds, their CMS forms, links, and remnants."""

from __future__ import annotations

from datetime import date

from conftest import SEED_TEXT, article_page, tweet_blockquote

from verifier.detect import find_embeds_in_html, find_embeds_in_text, may_hold_posts
from verifier.models import EmbedKind
from verifier.platforms import parse_post_url


def test_official_blockquote_gives_id_author_date_and_text_with_line_breaks() -> None:
    page = article_page(tweet_blockquote(SEED_TEXT))
    [embed] = find_embeds_in_html(page)
    assert embed.kind is EmbedKind.EMBED
    assert embed.post_id == "1626516035863212034"
    assert embed.post_url == "https://twitter.com/elonmusk/status/1626516035863212034"
    assert (embed.author_name, embed.author_handle) == ("Elon Musk", "elonmusk")
    assert embed.displayed_text == SEED_TEXT
    assert embed.displayed_date == "February 17, 2023"
    assert embed.displayed_day == date(2023, 2, 17)
    assert embed.language == "en"
    assert embed.markup == "blockquote.twitter-tweet"


def test_url_forms_all_name_the_same_post() -> None:
    forms = [
        "https://twitter.com/elonmusk/status/1626516035863212034",
        "https://x.com/elonmusk/status/1626516035863212034?s=20",
        "https://mobile.twitter.com/elonmusk/statuses/1626516035863212034/photo/1",
        "http://www.twitter.com/elonmusk/status/1626516035863212034#m",
        "https://fxtwitter.com/elonmusk/status/1626516035863212034",
        "https://twitter.com/i/web/status/1626516035863212034",
    ]
    keys = {parse_post_url(url).key for url in forms}  # type: ignore[union-attr]
    assert keys == {"twitter:1626516035863212034"}
    assert parse_post_url("https://twitter.com/intent/tweet?text=hi") is None
    assert parse_post_url("https://twitter.com/elonmusk") is None


def test_a_link_in_prose_is_a_link_not_an_embed() -> None:
    page = article_page(
        '<p>Musk <a href="https://x.com/elonmusk/status/1626516035863212034">said so</a>.</p>'
    )
    [link] = find_embeds_in_html(page)
    assert link.kind is EmbedKind.LINK
    assert link.post_id == "1626516035863212034"
    assert link.displayed_text == "said so"


def test_links_inside_an_embed_belong_to_it() -> None:
    text = "Look at this https://t.co/abc"
    quote = tweet_blockquote(text).replace(
        "https://t.co/abc", '<a href="https://t.co/abc">https://t.co/abc</a>'
    )
    embeds = find_embeds_in_html(article_page(quote))
    assert [e.kind for e in embeds] == [EmbedKind.EMBED]


def test_a_quote_tweet_is_one_embed_that_names_the_quoted_post() -> None:
    quote = (
        '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">Exactly this '
        '<a href="https://twitter.com/someone/status/111">https://t.co/q</a></p>&mdash; A (@a) '
        '<a href="https://twitter.com/a/status/222?ref_src=twsrc%5Etfw">May 1, 2023</a>'
        "</blockquote>"
    )
    [embed] = find_embeds_in_html(article_page(quote))
    assert embed.post_id == "222"
    assert embed.quoted_post_url == "https://twitter.com/someone/status/111"


def test_amp_rendered_and_wordpress_forms_carry_the_id() -> None:
    page = article_page(
        '<amp-twitter width="375" height="472" layout="responsive" data-tweetid="111">'
        "</amp-twitter>"
        '<div class="twitter-tweet twitter-tweet-rendered"><iframe data-tweet-id="222" '
        'src="https://platform.twitter.com/embed/Tweet.html?id=222"></iframe></div>'
        '<figure class="wp-block-embed is-type-rich wp-block-embed-twitter">'
        '<div class="wp-block-embed__wrapper">\nhttps://twitter.com/jack/status/333\n</div>'
        "</figure>"
    )
    embeds = find_embeds_in_html(page)
    assert [(e.post_id, e.displayed_text, e.kind) for e in embeds] == [
        ("111", None, EmbedKind.EMBED),
        ("222", None, EmbedKind.EMBED),
        ("333", None, EmbedKind.EMBED),
    ]
    assert embeds[2].author_handle == "jack"


def test_an_amp_tweet_given_a_status_url_for_its_id() -> None:
    page = article_page(
        '<amp-twitter data-tweetid="https://twitter.com/JuanMa_Moreno/status/2075543942469238989"'
        ' layout="responsive" width="375" height="472"></amp-twitter>'
    )
    [embed] = find_embeds_in_html(page)
    assert (embed.post_id, embed.author_handle) == ("2075543942469238989", "JuanMa_Moreno")


def test_a_share_button_is_not_an_embed() -> None:
    page = article_page(
        '<a class="twitter-tweet" href="https://twitter.com/intent/tweet?url=x">Tweet</a>'
    )
    assert find_embeds_in_html(page) == []


def test_a_page_without_markers_is_not_parsed() -> None:
    assert not may_hold_posts(article_page("<p>Nothing to see.</p>"))
    assert find_embeds_in_html(article_page("<p>Nothing to see.</p>")) == []


def test_broken_html_still_yields_its_embed() -> None:
    broken = "<html><body><div><p>Unclosed " + tweet_blockquote(SEED_TEXT)[:-90] + "<td></span>"
    [embed] = find_embeds_in_html(broken)
    assert embed.post_id == "1626516035863212034"


def test_remnant_in_the_seed_article_takes_the_english_paragraphs_above_it() -> None:
    text = (
        "L’un de ses reproches porte sur l’aspect « opensource » qu’il aurait aimé voir "
        "appliquer à ChatGPT.\n\n" + SEED_TEXT + "\n\n— Elon Musk (@elonmusk) February 17, 2023"
    )
    [embed] = find_embeds_in_text(text, article_language="fr")
    assert embed.kind is EmbedKind.REMNANT
    assert (embed.author_name, embed.author_handle) == ("Elon Musk", "elonmusk")
    assert embed.displayed_day == date(2023, 2, 17)
    assert embed.displayed_text == SEED_TEXT
    assert embed.context_text is not None and embed.context_text.endswith(SEED_TEXT)


def test_remnant_glued_to_its_text_and_to_the_next_sentence() -> None:
    text = (
        "The airport said little.\n\nA power failure is affecting the terminal— Stansted Airport "
        "(@STN_Airport) December 22, 2014The outage lasted two hours."
    )
    [embed] = find_embeds_in_text(text, article_language="en")
    assert embed.displayed_text == "A power failure is affecting the terminal"
    assert embed.author_handle == "STN_Airport"
    assert embed.displayed_date == "December 22, 2014"


def test_remnants_in_a_row_each_take_their_own_text() -> None:
    text = "First post text -- Ann (@ann) May 1, 2023\n\nSecond post text – Bob (@bob) 2 mai 2023\n"
    first, second = find_embeds_in_text(text, article_language="en")
    assert (first.displayed_text, first.author_handle) == ("First post text", "ann")
    assert (second.displayed_text, second.author_handle) == ("Second post text", "bob")
    assert second.displayed_day == date(2023, 5, 2)


def test_markdown_remnant_keeps_the_post_url() -> None:
    text = (
        "> Debugging is fun\n>\n> — x64dbg (@x64dbg) "
        "[January 10, 2017](https://twitter.com/x64dbg/status/818895458428674048)\n"
    )
    [embed] = find_embeds_in_text(text, article_language="en")
    assert embed.kind is EmbedKind.REMNANT
    assert embed.post_id == "818895458428674048"
    assert embed.displayed_text == "Debugging is fun"


def test_a_url_in_plain_text_is_a_link() -> None:
    [link] = find_embeds_in_text("See https://x.com/jack/status/20 for more.")
    assert (link.kind, link.post_id, link.author_handle) == (EmbedKind.LINK, "20", "jack")
