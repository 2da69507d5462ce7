"""Comment forms that end where browsers end them, and markup written into an attribute.

Both were found by comparing detection with a full parse on every page of a crawl
(`scripts/bench_detect.py`): IE conditional comments hid the rest of the page, and a link in a
footnote plugin's attribute was read as a link of the page.
"""

from __future__ import annotations

from conftest import SEED_TEXT, article_page, tweet_blockquote

from verifier.detect import find_embeds_in_html
from verifier.models import EmbedKind

SEED = "1626516035863212034"
QUOTE = tweet_blockquote(SEED_TEXT)
STATUS = "https://twitter.com/elonmusk/status/716343274730991616"


def found(page: str) -> list[tuple[str, str | None, str]]:
    return [(e.kind.value, e.post_id, e.location) for e in find_embeds_in_html(page)]


def test_a_downlevel_revealed_conditional_comment_ends_at_its_own_close() -> None:
    # `<!--[if !IE]><!-->`: the `-->` overlaps the inner `<!--`; what follows is live markup.
    page = article_page(QUOTE).replace("<html", "<!--[if !IE]><!--><html", 1)
    assert found(page) == [("embed", SEED, "dom")]


def test_an_empty_comment_closes_itself() -> None:
    for empty in ("<!-->", "<!--->"):
        page = article_page(f"<p>Before</p>{empty}<p>After</p>{QUOTE}")
        assert found(page) == [("embed", SEED, "dom")], empty


def test_a_comment_still_hides_what_it_holds() -> None:
    page = article_page(f"<!--[if IE]><p>old</p><![endif]--><!-- {QUOTE} --><p>text</p>")
    assert found(page) == []


def test_a_marker_that_ends_in_a_dash_does_not_hide_the_comment_end() -> None:
    page = article_page(f"<!-- end telegram-post-->{QUOTE}")
    assert found(page) == [("embed", SEED, "dom")]


def test_a_link_written_into_an_attribute_is_not_a_link_of_the_page() -> None:
    # As footnote plugins write it: only the quotes escaped, so its `<a` stands in the raw page.
    note = f'<p>Musk <a href="{STATUS}">has promised</a> an update</p>'
    in_attribute = note.replace('"', "&quot;")
    page = article_page(
        f'<button data-footnote="{in_attribute}">1</button>'
        f'<sup><a href="#fn1" title="{in_attribute}">1</a></sup>'
        f'<ol><li id="fn1">{note}</li></ol>'
    )
    [link] = find_embeds_in_html(page)
    assert (link.kind, link.post_id, link.displayed_text) == (
        EmbedKind.LINK,
        "716343274730991616",
        "has promised",
    )


def test_a_quote_escaped_attribute_is_followed_as_attribute_markup() -> None:
    # Only the quotes escaped: `<` stays, so the attribute's own tags stand in the raw page.
    quote = QUOTE.replace('"', "&quot;")
    page = article_page(f'<div class="lazy" data-embed="<p>See</p>{quote}"></div>')
    assert found(page) == [("embed", SEED, "attribute:data-embed")]
