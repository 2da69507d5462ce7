"""Reddit, Telegram, LinkedIn and Tumblr, found in pages shaped as their embed code is."""

from __future__ import annotations

from pages import embeds_in, links_in

from verifier.detect import find_embeds_in_text
from verifier.platforms import parse_post_url

TITLE = (
    "Buffett on cyrptocurrencies: 'I can say almost with certainty that they will come to a bad"
    " ending'"
)


def test_reddit_both_embed_forms_give_the_post_and_its_title() -> None:
    new, old = embeds_in("reddit.html")
    assert (new.platform, new.post_id, new.post_url) == (
        "reddit",
        "7pfpeq",
        "https://www.reddit.com/r/investing/comments/7pfpeq/",
    )
    assert (new.displayed_text, new.author_handle, new.markup) == (
        TITLE,
        "dennisrieves",
        "blockquote.reddit-embed-bq",
    )
    # The same post embedded twice, with prose between, is two embeds.
    assert (old.post_id, old.displayed_text, old.markup) == (
        "7pfpeq",
        TITLE,
        "blockquote.reddit-card",
    )


def test_a_reddit_comment_link_names_the_comment() -> None:
    [link] = links_in("reddit.html")
    assert (link.post_id, link.displayed_text) == ("dsh1k2x", "one reader replied")
    assert parse_post_url("https://redd.it/7pfpeq").key == "reddit:7pfpeq"  # type: ignore[union-attr]


def test_telegram_widget_and_its_rendered_frame_but_not_the_comments_widget() -> None:
    widget, frame = embeds_in("telegram.html")
    # Message numbers count within a channel: the id names both.
    assert (widget.post_id, widget.post_url, widget.author_handle) == (
        "durov/43",
        "https://t.me/durov/43",
        "durov",
    )
    assert (frame.post_id, frame.post_url) == ("meduzalive/91234", "https://t.me/meduzalive/91234")


def test_linkedin_frames_carry_their_urns() -> None:
    share, ugc = embeds_in("linkedin.html")
    assert share.post_id == "urn:li:share:7197587563014619136"
    assert (
        share.post_url == "https://www.linkedin.com/feed/update/urn:li:share:7197587563014619136/"
    )
    assert ugc.post_id == "urn:li:ugcPost:7200012345678901234"
    [link] = links_in("linkedin.html")
    assert link.post_id == "urn:li:activity:7197587563014619136"


def test_tumblr_post_gives_the_blog_and_post_id() -> None:
    [post] = embeds_in("tumblr.html")
    assert (post.post_id, post.author_handle, post.post_url) == (
        "165326273724",
        "he-who-photographs-rather-ok",
        "https://www.tumblr.com/he-who-photographs-rather-ok/165326273724",
    )
    same = parse_post_url(
        "https://he-who-photographs-rather-ok.tumblr.com/post/165326273724/sunset"
    )
    assert same is not None and same.url == post.post_url


def test_reddit_remnant() -> None:
    text = f"Investors laughed.\n\n{TITLE} by u/dennisrieves in investing\n"
    [remnant] = find_embeds_in_text(text, article_language="en")
    assert (remnant.platform, remnant.author_handle) == ("reddit", "dennisrieves")
    assert remnant.displayed_text == TITLE
