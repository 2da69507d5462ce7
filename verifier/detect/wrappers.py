"""CMS and site wrappers that carry a post of any platform by its URL alone.

They show no text: WordPress's `figure.wp-block-embed` holding a bare URL (the embed was never
rendered), Iframely's `[data-embedded-url]` and `iframe.ly` frames (vice.com), the BBC's
screenshot fallback `div.social-embed-post`, neues-deutschland's `div.embedInner
[data-resourceurl]`. Each wrapper names the URL; the registry says whose post it is.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

from bs4 import Tag

from verifier.models import Embed, EmbedKind
from verifier.platforms import parse_post_url
from verifier.platforms.base import FoundEmbed, attribute, frame_url, has_class, tags_in

MARKERS = (
    "wp-block-embed",
    "data-embedded-url",
    "iframe.ly/",
    "social-embed-post",
    "data-resourceurl",
)


def find_wrapped(root: Tag) -> Iterator[FoundEmbed]:
    # One walk sorts the elements for every wrapper (a `find_all` each would walk the tree
    # again); the wrappers then run in their order, as the first to claim an element wins.
    figures, iframely, frames, bbc, resources = [], [], [], [], []
    for tag in tags_in(root):
        if tag.name == "figure" and has_class(tag, "wp-block-embed"):
            figures.append(tag)
        if tag.has_attr("data-embedded-url"):
            iframely.append(tag)
        if tag.name == "iframe":
            frames.append(tag)
        if has_class(tag, "social-embed-post"):
            bbc.append(tag)
        if tag.has_attr("data-resourceurl"):
            resources.append(tag)
    for figure in figures:
        # Children, not `find`: bs4 walks to the end of the subtree before each search, which
        # on thousands of unclosed nested figures costs the square of their number.
        wrapper = _child(figure, "wp-block-embed__wrapper") or figure
        if not any(isinstance(child, Tag) for child in wrapper.children):  # a bare URL
            yield from _embed(figure, wrapper.get_text(" ", strip=True), "figure.wp-block-embed")
    for tag in iframely:
        yield from _embed(
            tag, attribute(tag, "data-embedded-url"), "[data-embedded-url] (Iframely)"
        )
    for frame in frames:
        src = frame_url(frame) or ""
        if "iframe.ly/" in src:
            url = parse_qs(urlsplit(src).query).get("url", [""])[0]
            yield from _embed(frame, url, "iframe[src*=iframe.ly]")
    for div in bbc:
        link = div.find("a", href=True)
        yield from _embed(div, str(link["href"]) if link else None, "div.social-embed-post (BBC)")
    for tag in resources:
        yield from _embed(tag, attribute(tag, "data-resourceurl"), "[data-resourceurl]")


def _child(element: Tag, css_class: str) -> Tag | None:
    return next(
        (c for c in element.children if isinstance(c, Tag) and has_class(c, css_class)), None
    )


def _embed(element: Tag, url: str | None, markup: str) -> Iterator[FoundEmbed]:
    ref = parse_post_url(url) if url else None
    if ref is None:
        return
    embed = Embed(
        platform=ref.platform,
        kind=EmbedKind.EMBED,
        position=0,
        post_id=ref.post_id,
        post_url=ref.url,
        author_handle=ref.author_handle,
        markup=markup,
    )
    yield FoundEmbed(element, embed)
