"""Find the posts an article embeds, quotes or links to.

Most news pages embed nothing, so a page is first scanned as raw text for any platform's embed
markers or post URLs; only a page that has one pays for a full parse.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from bs4 import BeautifulSoup, Tag

from verifier.models import Article, Embed, EmbedKind
from verifier.platforms import PLATFORMS, parse_post_url
from verifier.platforms.base import FoundEmbed
from verifier.remnants import find_remnants, guess_language


@lru_cache(maxsize=1)
def _prefilter() -> tuple[tuple[str, ...], re.Pattern[str]]:
    markers = tuple(m for p in PLATFORMS.values() for m in p.embed_markers)
    patterns = [p.post_url_pattern.pattern for p in PLATFORMS.values() if p.post_url_pattern]
    return markers, re.compile("|".join(f"(?:{p})" for p in patterns) or "(?!)", re.IGNORECASE)


def may_hold_posts(html: str) -> bool:
    """Cheap test on raw HTML: does any platform's marker or post URL appear at all?"""
    markers, post_urls = _prefilter()
    lowered = html.lower()
    return any(marker in lowered for marker in markers) or post_urls.search(html) is not None


def find_embeds(article: Article) -> list[Embed]:
    """Every post the article shows: embeds and links for HTML, remnants and links for text."""
    if article.is_html:
        return find_embeds_in_html(article.content)
    language = article.language or guess_language(article.content[:5000])
    return find_embeds_in_text(article.content, article_language=language)


def find_embeds_in_html(html: str) -> list[Embed]:
    if not may_hold_posts(html):
        return []
    soup = BeautifulSoup(html, "lxml")
    order = {id(tag): index for index, tag in enumerate(soup.find_all(True))}
    found = _outermost([f for p in PLATFORMS.values() for f in p.find_embeds(soup)])
    embeds = [replace(f.embed, position=order.get(id(f.element), 0)) for f in found]
    roots = {id(f.element) for f in found}
    embeds += _links(soup, roots, order)
    return sorted(embeds, key=lambda e: e.position)


def _outermost(found: list[FoundEmbed]) -> list[FoundEmbed]:
    """Drop embeds inside another embed's element: a quote-tweet's inner post, or the iframe
    a script rendered inside the blockquote it replaced, belongs to the outer embed."""
    elements = {id(f.element) for f in found}
    return [f for f in found if not any(id(parent) in elements for parent in f.element.parents)]


def _links(soup: BeautifulSoup, roots: set[int], order: dict[int, int]) -> list[Embed]:
    links: list[Embed] = []
    for anchor in soup.find_all("a", href=True):
        ref = parse_post_url(str(anchor["href"]))
        if ref is None or _inside(anchor, roots):
            continue
        links.append(
            Embed(
                platform=ref.platform,
                kind=EmbedKind.LINK,
                position=order.get(id(anchor), 0),
                post_id=ref.post_id,
                post_url=ref.url,
                author_handle=ref.author_handle,
                displayed_text=anchor.get_text(" ", strip=True) or None,
                markup="a[href]",
            )
        )
    return links


def _inside(tag: Tag, roots: set[int]) -> bool:
    return any(id(parent) in roots for parent in tag.parents)


def find_embeds_in_text(text: str, *, article_language: str | None = None) -> list[Embed]:
    """Remnants of embeds in flattened text, and post URLs written out in it."""
    embeds = find_remnants(text, article_language=article_language)
    claimed = {e.post_url for e in embeds if e.post_url}
    _markers, post_urls = _prefilter()
    for match in post_urls.finditer(text):
        ref = parse_post_url(match.group(0))
        if ref is None or ref.url in claimed:
            continue
        embeds.append(
            Embed(
                platform=ref.platform,
                kind=EmbedKind.LINK,
                position=match.start(),
                post_id=ref.post_id,
                post_url=ref.url,
                author_handle=ref.author_handle,
                markup="url in text",
                location="plain text",
            )
        )
    return sorted(embeds, key=lambda e: e.position)
