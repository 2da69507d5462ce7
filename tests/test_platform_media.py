"""Instagram, Facebook, TikTok and YouTube, found in pages shaped as their embed code is."""

from __future__ import annotations

from datetime import date

from conftest import article_page
from pages import embeds_in, links_in

from verifier.detect import find_embeds_in_html, find_embeds_in_text
from verifier.platforms import parse_post_url

CAPTIONED_INSTAGRAM = (
    '<blockquote class="instagram-media" data-instgrm-captioned '
    'data-instgrm-permalink="https://www.instagram.com/p/BNpLF8LD0GD/" data-instgrm-version="7">'
    '<div style="padding:8px;"><p style="margin:8px 0 0 0;"><a href="https://www.instagram.com/p/'
    'BNpLF8LD0GD/" target="_blank">At 30 Rockefeller center my charity #ShareKindness</a></p>'
    '<p style="margin-bottom:0;">A post shared by xoxo, Gaga (@ladygaga) on <time '
    'datetime="2016-12-05T17:10:10+00:00">Dec 5, 2016 at 9:10am PST</time></p></div></blockquote>'
)
CURRENT_INSTAGRAM = (
    '<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/reel/'
    'C7xYzAbCdEf/?utm_source=ig_embed&amp;utm_campaign=loading" data-instgrm-version="14">'
    '<div><a href="https://www.instagram.com/reel/C7xYzAbCdEf/?utm_source=ig_embed"><div>View this '
    'post on Instagram</div></a><p><a href="https://www.instagram.com/reel/C7xYzAbCdEf/">A post '
    "shared by NASA (@nasa)</a></p></div></blockquote>"
)
FACEBOOK_POST = (
    '<div class="fb-post" data-href="https://www.facebook.com/Sozialdemokratie/posts/928812574504508/"'
    ' data-width="600"><blockquote cite="https://www.facebook.com/Sozialdemokratie/posts/'
    '928812574504508/" class="fb-xfbml-parse-ignore"><p>Familien dürfen nicht belastet&#8230;</p>'
    'Posted by <a href="https://www.facebook.com/Sozialdemokratie">SPÖ</a> on&nbsp;<a href="https:'
    '//www.facebook.com/Sozialdemokratie/posts/928812574504508/">Monday, February 7, 2022</a>'
    "</blockquote></div>"
)
FACEBOOK_VIDEO_FRAME = (
    '<iframe src="https://www.facebook.com/plugins/video.php?height=314&amp;href=https%3A%2F%2F'
    'www.facebook.com%2Fjusticiatv%2Fvideos%2F1661762744185332%2F&amp;show_text=false&amp;width=560"'
    ' width="560" height="314" frameborder="0" allowfullscreen="true"></iframe>'
)


def test_captioned_instagram_gives_caption_author_and_date() -> None:
    [post] = find_embeds_in_html(article_page(CAPTIONED_INSTAGRAM))
    assert (post.platform, post.post_id, post.post_url) == (
        "instagram",
        "BNpLF8LD0GD",
        "https://www.instagram.com/p/BNpLF8LD0GD/",
    )
    assert post.displayed_text == "At 30 Rockefeller center my charity #ShareKindness"
    assert (post.author_name, post.author_handle) == ("xoxo, Gaga", "ladygaga")
    assert (post.displayed_date, post.displayed_day) == (
        "Dec 5, 2016 at 9:10am PST",
        date(2016, 12, 5),
    )


def test_current_instagram_shows_no_caption_so_the_text_is_empty() -> None:
    [post] = find_embeds_in_html(article_page(CURRENT_INSTAGRAM))
    assert (post.post_id, post.post_url, post.author_handle, post.displayed_text) == (
        "C7xYzAbCdEf",
        "https://www.instagram.com/reel/C7xYzAbCdEf/",
        "nasa",
        "",
    )


def test_instagram_url_forms_name_one_post() -> None:
    forms = [
        "https://instagram.com/p/BIIivW-DEWO/",
        "https://www.instagram.com/p/BIIivW-DEWO/?utm_source=ig_embed&utm_medium=loading",
        "https://www.instagram.com/someone/p/BIIivW-DEWO/",
        "https://www.instagram.com/p/BIIivW-DEWO/embed/captioned/",
    ]
    assert {parse_post_url(url).url for url in forms} == {
        "https://www.instagram.com/p/BIIivW-DEWO/"
    }  # type: ignore[union-attr]
    assert parse_post_url("https://www.instagram.com/ladygaga/") is None


def test_facebook_post_gives_cut_text_author_and_localised_date() -> None:
    [post] = find_embeds_in_html(article_page(FACEBOOK_POST))
    assert (post.platform, post.post_id, post.post_url) == (
        "facebook",
        "928812574504508",
        "https://www.facebook.com/928812574504508",
    )
    assert post.displayed_text == "Familien dürfen nicht belastet…"
    assert (post.author_name, post.displayed_date) == ("SPÖ", "Monday, February 7, 2022")
    assert post.displayed_day == date(2022, 2, 7)


def test_facebook_plugin_iframe_names_the_video() -> None:
    [video] = find_embeds_in_html(article_page(FACEBOOK_VIDEO_FRAME))
    assert (video.post_id, video.author_handle, video.displayed_text) == (
        "1661762744185332",
        "justiciatv",
        None,
    )


def test_facebook_url_forms() -> None:
    photo = "https://www.facebook.com/CHCoteBasque/photos/a.182970021827953/1920722881385983/"
    ids = {
        "https://www.facebook.com/photo.php?fbid=10207393772231779&type=3": "10207393772231779",
        photo + "?type=3": "1920722881385983",
        "https://m.facebook.com/story.php?story_fbid=123456789012&id=4": "123456789012",
        "https://www.facebook.com/watch/?v=1661762744185332": "1661762744185332",
    }
    assert {url: parse_post_url(url).post_id for url in ids} == ids  # type: ignore[union-attr]
    assert parse_post_url("https://www.facebook.com/plugins/like.php?href=x") is None
    assert parse_post_url("https://www.facebook.com/sharer/sharer.php?u=x") is None


def test_tiktok_blockquote_gives_caption_without_author_and_sound() -> None:
    quote, frame = embeds_in("tiktok.html")
    assert (quote.post_id, quote.author_handle) == ("6806030056956251397", "a3noticias")
    assert quote.displayed_text == (
        "Nuestro #AplausoSanitario más sincero. Para todos. Y recuerda, #QuédateEnCasa"
    )
    assert (frame.post_id, frame.displayed_text) == ("7362946149227056416", None)


def test_youtube_frames_lazy_copies_playlists_and_custom_elements() -> None:
    frame, lazy, playlist, lite = embeds_in("youtube.html")
    assert (frame.post_id, frame.post_url) == (
        "eiHXASgRTcA",
        "https://www.youtube.com/watch?v=eiHXASgRTcA",
    )
    assert lazy.post_id == "dQw4w9WgXcQ"  # its <noscript> twin is the same embed
    assert playlist.post_id == "list:PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG"
    assert (lite.post_id, lite.markup) == ("eiHXASgRTcA", "lite-youtube")
    # The JS template string building an iframe from a variable is no embed.
    [link] = links_in("youtube.html")
    assert (link.post_id, link.displayed_text) == ("eiHXASgRTcA", "the kittens again")


def test_instagram_facebook_and_tiktok_remnants() -> None:
    text = (
        "Sie zeigte sich auf Instagram.\n\nView this post on Instagram\n\n"
        "Ein Beitrag geteilt von Vreni Frost (@vrenifrost) am Mär 12, 2018 um 12:30 PDT\n\n"
        "Preise explodieren…\n\nPosted by SPÖ on Monday, February 7, 2022\n\n"
        "@a3noticias Nuestro #AplausoSanitario más sincero. ♬ Resistiré - Duo Dinamico\n"
    )
    instagram, facebook, tiktok = find_embeds_in_text(text, article_language="de")
    assert (instagram.platform, instagram.author_handle) == ("instagram", "vrenifrost")
    assert (facebook.platform, facebook.author_name, facebook.displayed_day) == (
        "facebook",
        "SPÖ",
        date(2022, 2, 7),
    )
    assert facebook.displayed_text == "Preise explodieren…"
    assert (tiktok.platform, tiktok.author_handle, tiktok.displayed_text) == (
        "tiktok",
        "a3noticias",
        "Nuestro #AplausoSanitario más sincero.",
    )
