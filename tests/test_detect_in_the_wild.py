"""Shapes met on real news pages (the shared WARC) that detection once got wrong."""

from __future__ import annotations

from datetime import date

from conftest import SEED_TEXT, article_page, tweet_blockquote

from verifier import detect
from verifier.detect import find_embeds_in_html, find_embeds_in_text, scan
from verifier.models import Embed, EmbedKind
from verifier.platforms import parse_post_url


def embeds(page: str) -> list[tuple[str, str | None]]:
    return [(e.platform, e.post_id) for e in find_embeds_in_html(page) if e.kind is EmbedKind.EMBED]


def test_a_lazy_frame_whose_src_is_a_placeholder_loads_its_data_address() -> None:
    # WP Rocket parks `about:blank` in src until the frame scrolls into view.
    rocket = (
        '<iframe src="about:blank" data-rocket-lazyload="fitvidscompatible" '
        'data-lazy-src="https://www.youtube.com/embed/pNUwfgeFZBQ?feature=oembed"></iframe>'
    )
    # panamaamerica.com.pa's own loader: no src at all, the address in `data-artsrc`.
    own_loader = (
        '<iframe allowfullscreen="" height="315" width="560" title="YouTube video player" '
        'data-artsrc="https://www.youtube.com/embed/RWayJ6g4ZdM"></iframe>'
    )
    page = article_page(f"{rocket}<p>Between the two.</p>{own_loader}")
    assert embeds(page) == [("youtube", "pNUwfgeFZBQ"), ("youtube", "RWayJ6g4ZdM")]


def only_embed(page: str) -> Embed:
    [embed] = [e for e in find_embeds_in_html(page) if e.kind is EmbedKind.EMBED]
    return embed


def test_a_display_name_with_words_in_parentheses_keeps_them() -> None:
    # buzzap.jp quotes `透析テツ(脱被曝) (@tohsekitetsu)`; pronouns are as common.
    quote = tweet_blockquote(
        "総務省がＩｏＴ機器を無差別調査", name="透析テツ(脱被曝)", handle="tohsekitetsu", lang="ja"
    )
    embed = only_embed(article_page(quote))
    assert (embed.author_name, embed.author_handle) == ("透析テツ(脱被曝)", "tohsekitetsu")
    pronouns = only_embed(article_page(tweet_blockquote(SEED_TEXT, name="Jane Doe (she/her)")))
    assert pronouns.author_name == "Jane Doe (she/her)"


def test_a_remnant_whose_display_name_holds_parentheses_is_found() -> None:
    glued = (
        "Das Ministerium prüft Geräte.\n\n総務省がＩｏＴ機器を無差別調査 https://t.co/425CHR4v18"
        "— 透析テツ(脱被曝) (@tohsekitetsu) February 2, 2019\n\nDer Artikel geht weiter."
    )
    markdown = (
        "Intro.\n\n> Hello from the field.\n>\n> — Jane Doe (she/her) (@janedoe) "
        "[May 1, 2020](https://twitter.com/janedoe/status/1256078505437286403?ref_src=twsrc)\n"
    )
    [first] = find_embeds_in_text(glued, article_language="de")
    assert (first.author_name, first.author_handle, first.displayed_day) == (
        "透析テツ(脱被曝)",
        "tohsekitetsu",
        date(2019, 2, 2),
    )
    [second] = find_embeds_in_text(markdown, article_language="en")
    assert (second.author_name, second.author_handle, second.post_id) == (
        "Jane Doe (she/her)",
        "janedoe",
        "1256078505437286403",
    )


def test_an_instagram_name_with_pronouns_still_gives_the_handle_not_a_caption() -> None:
    # mannschaft.com: the current embed, whose only words are the attribution.
    quote = (
        '<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/'
        'p/CU-W6L2IdxU/?utm_source=ig_embed" data-instgrm-version="14"><div><a href="https://'
        'www.instagram.com/p/CU-W6L2IdxU/?utm_source=ig_embed">View this post on Instagram</a>'
        '<p><a href="https://www.instagram.com/p/CU-W6L2IdxU/?utm_source=ig_embed">Ein Beitrag '
        "geteilt von Benjamin Näßler (he/him) (@3ensta)</a></p></div></blockquote>"
    )
    embed = only_embed(article_page(quote))
    assert (embed.author_name, embed.author_handle, embed.displayed_text) == (
        "Benjamin Näßler (he/him)",
        "3ensta",
        "",
    )


def test_russian_embed_dates_are_read_in_markup_and_in_markdown() -> None:
    # ichip.ru embeds tweets with `lang=ru`: "16 мая 2018 г.".
    quote = tweet_blockquote(
        "Súper HAPPY to be developing for #Hololens",
        name="Javier Campos",
        handle="x_campos",
        post_id="996650856568295425",
        shown_date="16 мая 2018 г.",
    )
    assert only_embed(article_page(quote)).displayed_day == date(2018, 5, 16)
    markdown = (
        "Вступление.\n\n> Súper HAPPY to be developing for #Hololens\n>\n"
        "> — Javier Campos (@x_campos) [7 января 2018 г.]"
        "(https://twitter.com/x_campos/status/996650856568295425?ref_src=twsrc%5Etfw)\n"
    )
    [remnant] = find_embeds_in_text(markdown, article_language="ru")
    assert (remnant.post_id, remnant.displayed_day) == ("996650856568295425", date(2018, 1, 7))


def test_a_buzzfeed_tweet_date_broken_over_lines_is_still_a_day() -> None:
    card = (
        '<blockquote class="subbuzz-tweet__container"><p class="subbuzz-tweet__text">Here</p>'
        '<span class="subbuzz-tweet__display-name">J. Trump</span><time><a class="subbuzz-'
        'tweet__created-at" href="https://twitter.com/liquoronurlips/status/781874683289411588">'
        "Fri Sep 30\n                  15:13:45 UTC+0000 2016</a></time></blockquote>"
    )
    embed = only_embed(article_page(card))
    assert (embed.displayed_date, embed.displayed_day) == (
        "Fri Sep 30 15:13:45 UTC+0000 2016",
        date(2016, 9, 30),
    )


def test_a_bluesky_name_with_pronouns_in_markup_and_in_flat_text() -> None:
    uri = "at://did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/3l6oveex3ii2l"
    quote = (
        f'<blockquote class="bluesky-embed" data-bluesky-uri="{uri}" data-bluesky-cid="bafyrei">'
        '<p lang="en">Hello from the new place.</p>&mdash; Jane Doe (she/her) '
        '(<a href="https://bsky.app/profile/did:plc:z72i7hdynmk6r22z27h6tvur?ref_src=embed">'
        '@jane.bsky.social</a>) <a href="https://bsky.app/profile/did:plc:z72i7hdynmk6r22z27h6tvur'
        '/post/3l6oveex3ii2l?ref_src=embed">Jan 5, 2025 at 3:04 PM</a></blockquote>'
    )
    embed = only_embed(article_page(quote))
    assert (embed.author_name, embed.author_handle) == ("Jane Doe (she/her)", "jane.bsky.social")
    text = (
        "Intro.\n\nHello from the new place.— Jane Doe (she/her) (@jane.bsky.social) "
        "Jan 5, 2025 at 3:04 PM\n\nMore."
    )
    [remnant] = find_embeds_in_text(text, article_language="en")
    assert (remnant.platform, remnant.author_name, remnant.displayed_day) == (
        "bluesky",
        "Jane Doe (she/her)",
        date(2025, 1, 5),
    )


def test_a_consent_managed_channel_live_player_is_no_video() -> None:
    # industriemagazin.at: consentmanager parks `about:blank` in src; the address is a channel's
    # live stream, whose `live_stream` has the eleven characters of a video id.
    frame = (
        '<iframe id="modal-livetv__player" data-cmp-vendor="s30" class="cmplazyload" '
        'data-cmp-src="https://www.youtube.com/embed/live_stream?channel=UCO7kohVnA8VzILzsnagXDHw'
        '&enablejsapi=1" src="about:blank"></iframe>'
    )
    assert embeds(article_page(frame)) == []
    assert parse_post_url("https://www.youtube.com/embed/live_stream?channel=UCO7kohVnA8V") is None


def test_a_newsbreak_channel_in_a_footer_is_no_mastodon_post() -> None:
    # riverfronttimes.com's footer: "Google News | NewsBreak | Reddit | Instagram".
    footer = '<p><a href="https://www.newsbreak.com/@c/1599769?s=01">NewsBreak</a></p>'
    assert find_embeds_in_html(article_page(footer)) == []
    toot = "https://digitalcourage.social/@reticuleena/111045542523669432"
    assert parse_post_url(toot) is not None  # a server's own post still is one


def test_pathological_nesting_and_stray_brackets_stay_cheap(monkeypatch) -> None:
    # Cost is counted, not timed (a loaded machine makes any time limit flaky): the pieces
    # handed to the parser add up to about the page once, and each start tag is read once.
    work = {"parsed": 0, "tags": 0}
    parse, read_tag = detect.parse_pieces, scan.start_tag

    def counted_parse(markup: str):  # type: ignore[no-untyped-def]
        work["parsed"] += len(markup)
        return parse(markup)

    def counted_tag(page: bytes, lt: int, at: int):  # type: ignore[no-untyped-def]
        work["tags"] += 1
        return read_tag(page, lt, at)

    monkeypatch.setattr(detect, "parse_pieces", counted_parse)
    monkeypatch.setattr(scan, "start_tag", counted_tag)
    quote = tweet_blockquote("The one real post.", post_id="1234567890123456789")
    cases = {
        # A CMS that drops `</blockquote>` nests every later embed in the one before.
        "nested quotes": '<blockquote class="twitter-tweet">' * 10_000 + quote,
        "nested divs": '<div class="fb-post" data-href="https://www.facebook.com/a/posts/1234567">'
        * 10_000,
        "nested figures": '<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">'
        * 10_000,
        # One stray `<` with no `>`, then markers: each used to re-read the same 256 KB.
        "stray bracket": "<p>a <" + "twitter-tweet " * 3_000,
    }
    for name, body in cases.items():
        work.update(parsed=0, tags=0)
        page = article_page(body)
        found = find_embeds_in_html(page)
        assert work["parsed"] <= 2 * len(page), name
        assert work["tags"] <= page.count("<"), name
        if name == "nested quotes":
            assert [e.post_id for e in found] == ["1234567890123456789"]
