"""Bluesky, Mastodon, Truth Social and Threads, found in pages shaped as their embed code is."""

from __future__ import annotations

from datetime import date

from pages import embeds_in, links_in

from verifier.detect import find_embeds_in_text
from verifier.models import EmbedKind
from verifier.platforms import parse_post_url


def test_bluesky_blockquote_gives_the_at_uri_author_date_language_and_text() -> None:
    quote, frame = embeds_in("bluesky.html")
    assert quote.platform == "bluesky"
    assert quote.post_id == "at://did:plc:z72i7hdynmk6r22z27h6tvur/app.bsky.feed.post/3laz4b5cvok2s"
    assert quote.post_url == (
        "https://bsky.app/profile/did:plc:z72i7hdynmk6r22z27h6tvur/post/3laz4b5cvok2s"
    )
    assert (quote.author_name, quote.author_handle) == ("Bluesky", "bsky.app")
    assert quote.displayed_text == (
        "We are rolling out new moderation tools today.\n\nRead more on our blog 🦋"
    )
    assert quote.displayed_date == "Nov 19, 2024 at 6:02 PM"
    assert quote.displayed_day == date(2024, 11, 19)
    assert quote.language == "en"


def test_bluesky_rendered_iframe_carries_the_post_and_no_text() -> None:
    _quote, frame = embeds_in("bluesky.html")
    assert frame.post_id == "at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/3l6oveex3ii2l"
    assert frame.displayed_text is None
    assert frame.markup == "iframe[embed.bsky.app]"


def test_a_bluesky_post_link_in_prose_is_a_link_and_a_profile_link_is_nothing() -> None:
    [link] = links_in("bluesky.html")
    assert (link.kind, link.author_handle, link.displayed_text) == (
        EmbedKind.LINK,
        "jay.bsky.team",
        "said so before",
    )


def test_mastodon_iframe_and_blockquote_and_truth_social() -> None:
    frame, quote, truth = embeds_in("mastodon.html")
    assert (frame.platform, frame.post_id, frame.post_url, frame.displayed_text) == (
        "mastodon",
        "109318821117356215",
        "https://mastodon.social/@Gargron/109318821117356215",
        None,
    )
    # 4.3's blockquote shows no words: "" sends it to needs_original.
    assert (quote.post_id, quote.author_handle, quote.displayed_text) == (
        "113214539237215003",
        "ccc@chaos.social",
        "",
    )
    assert (truth.platform, truth.post_id, truth.author_handle) == (
        "truthsocial",
        "113469592580125347",
        "realDonaldTrump@truthsocial.com",
    )


def test_mastodon_urls_on_any_host_but_not_tiktok_or_truth_social() -> None:
    ref = parse_post_url("https://social.example/@alice/109876543210987654")
    assert ref is not None and (ref.platform, ref.author_handle) == (
        "mastodon",
        "alice@social.example",
    )
    statuses = parse_post_url("https://social.example/users/alice/statuses/109876543210987654")
    assert statuses is not None and statuses.key == "mastodon:109876543210987654"
    assert (
        parse_post_url("https://www.tiktok.com/@alice/video/7362946149227056416").platform
        == "tiktok"
    )  # type: ignore[union-attr]
    assert parse_post_url("https://truthsocial.com/@a/113469592580125347").platform == "truthsocial"  # type: ignore[union-attr]
    assert parse_post_url("https://medium.com/@alice/why-i-left-12ab34cd") is None
    assert [e.platform for e in links_in("mastodon.html")] == ["mastodon", "tiktok"]


def test_threads_blockquote_gives_author_and_code_and_no_text() -> None:
    [post] = embeds_in("threads.html")
    assert (post.platform, post.post_id, post.author_handle, post.displayed_text) == (
        "threads",
        "C8iXaBvSt4f",
        "mosseri",
        "",
    )
    assert post.post_url == "https://www.threads.com/@mosseri/post/C8iXaBvSt4f"
    same = parse_post_url("https://threads.net/@mosseri/post/C8iXaBvSt4f?xmt=abc")
    assert same is not None and same.url == post.post_url


def test_remnants_of_bluesky_threads_and_mastodon_in_flat_text() -> None:
    text = (
        "Die Ministerin schrieb dazu.\n\n"
        "We are rolling out new tools today. [image or embed]\n\n"
        "— Bluesky (@bsky.app) Nov 19, 2024 at 6:02 PM\n\n"
        "Post by @mosseri View on Threads\n\n"
        "Post by @ccc@chaos.social View on Mastodon\n"
    )
    sky, threads, mastodon = find_embeds_in_text(text, article_language="de")
    assert (sky.platform, sky.author_handle, sky.displayed_day) == (
        "bluesky",
        "bsky.app",
        date(2024, 11, 19),
    )
    assert sky.displayed_text == "We are rolling out new tools today. [image or embed]"
    assert (threads.platform, threads.author_handle) == ("threads", "mosseri")
    assert (mastodon.platform, mastodon.author_handle) == ("mastodon", "ccc@chaos.social")
