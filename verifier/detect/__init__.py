"""Detect: the posts an article embeds, quotes or links to.

Takes an `Article` (from `sources`); gives `Embed` records (platform, post reference, the text
and author and date the article shows, where in the page), in page order.

Most news pages embed nothing, and those that do hold their embeds in a few kilobytes: a page is
scanned once as raw bytes (`scan.py`) for every platform's markers, only the elements around
them are parsed, and links to posts elsewhere are read from the raw tags. A page without any
marker costs one pass of an Aho-Corasick automaton and nothing more.

One post shown once is one embed: a blockquote and the iframe a script rendered beside it, or
a lazy-loaded frame and its `<noscript>` copy, merge when nothing a reader sees stands between
them; a copy in the page's script data merges with the live one. The same post embedded twice
in the body, with prose between, is two embeds.
"""

from __future__ import annotations

import html as html_lib
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from bs4 import BeautifulSoup, NavigableString, Tag

from verifier.detect import signed, wrappers
from verifier.detect.inline import find_inline_quotes
from verifier.detect.remnants import find_remnants, guess_language
from verifier.detect.scan import RawLink, Region, Scanner
from verifier.detect.soup import free_tree
from verifier.detect.soup import parse as parse_pieces
from verifier.detect.urls import find_post_urls
from verifier.models import Article, Embed, EmbedKind
from verifier.platforms import PLATFORMS, parse_post_url
from verifier.platforms.base import FoundEmbed, tags_in

_REGION = "data-verifier-region"
_LIVE = ("dom", "noscript")
_INVISIBLE = re.compile(
    rb"<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->|<[^>]*>", re.S | re.I
)
# Beyond this, two copies of a post are not one embed shown twice, whatever lies between.
_MAX_GAP = 20_000


@lru_cache(maxsize=1)
def _scanner() -> Scanner:
    markers = tuple(m for p in PLATFORMS.values() for m in p.embed_markers) + wrappers.MARKERS
    url_markers = tuple(m for p in PLATFORMS.values() for m in p.url_markers)
    return Scanner(markers, url_markers, _holds_post_url)


@lru_cache(maxsize=64)
def _platforms_for(url_marker: bytes) -> tuple[str, ...]:
    marker = url_marker.decode()
    return tuple(name for name, p in PLATFORMS.items() if marker in p.url_markers)


@lru_cache(maxsize=256)
def _marked_by(embed_marker: bytes) -> tuple[str, ...]:
    """Names of the platforms (and "wrappers") an embed marker belongs to."""
    marker = embed_marker.decode()
    names = tuple(name for name, p in PLATFORMS.items() if marker in p.embed_markers)
    return names + (("wrappers",) if marker in wrappers.MARKERS else ())


def _holds_post_url(url_marker: bytes, text: str) -> bool:
    return any(PLATFORMS[name].parse_post_url(text) for name in _platforms_for(url_marker))


def may_hold_posts(html: str) -> bool:
    """Cheap test on raw HTML: does any platform's marker or post URL appear at all?"""
    return _scanner().may_hold_posts(html.encode("utf-8", "replace"))


def find_embeds(article: Article) -> list[Embed]:
    """Every post the article shows: embeds and links for HTML, remnants and links for text,
    and the posts its prose quotes (`inline.py`)."""
    if article.is_html:
        embeds = find_embeds_in_html(article.content)
    else:
        language = article.language or guess_language(article.content[:5000])
        embeds = find_embeds_in_text(article.content, article_language=language)
    inline = find_inline_quotes(article, embeds)
    return sorted(embeds + inline, key=lambda e: e.position) if inline else embeds


def find_embeds_in_html(html: str) -> list[Embed]:
    """Embeds and links to posts in a page; `position` is the byte offset (in UTF-8) of the
    markup that carries each, so that sorting by it gives the page's order."""
    page = html.encode("utf-8", "replace")
    scan = _scanner().scan(page)
    quotes, platforms = signed.blockquote_regions(page, scan.links)
    regions = sorted(scan.regions + quotes, key=lambda r: r.start)
    embeds = [e.embed for e in _from_regions(page, regions, scan.markers, platforms)]
    embeds += [link for raw in signed.outside(scan.links, quotes) if (link := _raw_link(raw))]
    return sorted(embeds, key=lambda e: e.position)


@dataclass(frozen=True)
class _Placed:
    """A found embed with the region it came from, to tell copies from repeats."""

    embed: Embed
    element: Tag
    region: Region


def _from_regions(
    page: bytes, regions: list[Region], markers: set[bytes], platforms: Iterable[str] = ()
) -> list[_Placed]:
    """Parse the regions as one document and let the platforms whose markers were seen (the
    others cannot have an embed there), and `platforms`, find their embeds in it."""
    if not regions:
        return []
    wanted = {name for marker in markers for name in _marked_by(marker)} | set(platforms)
    markup = "".join(
        f'<div {_REGION}="{i}">{r.html.decode("utf-8", "replace")}</div>'
        for i, r in enumerate(regions)
    )
    soup = parse_pieces(markup)
    try:
        order = {id(tag): index for index, tag in enumerate(tags_in(soup))}
        found = [f for name, p in PLATFORMS.items() if name in wanted for f in p.find_embeds(soup)]
        if "wrappers" in wanted:
            found += wrappers.find_wrapped(soup)
        found = _outermost(_distinct(found))
        placed = [_place(f.embed, f.element, regions, order) for f in found]
        roots = {id(f.element) for f in found}
        placed += _region_links(soup, regions, roots, order)
        return _merge_copies(page, sorted(placed, key=lambda p: p.embed.position))
    finally:
        free_tree(soup)  # callers read only the embeds and regions of what is returned


def _place(embed: Embed, element: Tag, regions: list[Region], order: dict[int, int]) -> _Placed:
    wrapper = next((p for p in element.parents if p.name == "div" and p.has_attr(_REGION)), None)
    if wrapper is None:  # the region's own markup broke out of its wrapper: use the first
        index, offset = 0, order.get(id(element), 0)
    else:
        index = int(str(wrapper[_REGION]))
        offset = order.get(id(element), 0) - order.get(id(wrapper), 0)
    region = regions[index]
    return _Placed(
        replace(embed, position=region.start + offset, location=region.location), element, region
    )


def _distinct(found: list[FoundEmbed]) -> list[FoundEmbed]:
    """One embed per element: where two rules match the same element, the first wins."""
    seen: set[int] = set()
    kept = []
    for f in found:
        if id(f.element) not in seen:
            seen.add(id(f.element))
            kept.append(f)
    return kept


def _outermost(found: list[FoundEmbed]) -> list[FoundEmbed]:
    """Drop embeds inside another embed's element: a quote-tweet's inner post, or the iframe
    a script rendered inside the blockquote it replaced, belongs to the outer embed."""
    elements = {id(f.element) for f in found}
    return [f for f in found if not any(id(parent) in elements for parent in f.element.parents)]


def _region_links(
    soup: BeautifulSoup, regions: list[Region], roots: set[int], order: dict[int, int]
) -> list[_Placed]:
    """Links to posts inside cut-out regions (a wrapper that is no embed may hold prose)."""
    links = []
    for anchor in tags_in(soup):
        if anchor.name != "a" or not anchor.has_attr("href"):
            continue
        if any(id(parent) in roots for parent in anchor.parents):
            continue  # an embed's own links (most of them): cheaper to tell than to parse
        ref = parse_post_url(str(anchor["href"]))
        if ref is None:
            continue
        link = _link(
            ref.platform, ref.post_id, ref.url, ref.author_handle, anchor.get_text(" ", strip=True)
        )
        placed = _place(link, anchor, regions, order)
        if placed.region.location in _LIVE:
            links.append(placed)
    return links


def _raw_link(raw: RawLink) -> Embed | None:
    ref = parse_post_url(raw.href)
    if ref is None:
        return None
    link = _link(ref.platform, ref.post_id, ref.url, ref.author_handle, raw.text)
    return replace(link, position=raw.start)


def _link(
    platform: str, post_id: str | None, url: str | None, handle: str | None, text: str
) -> Embed:
    return Embed(
        platform=platform,
        kind=EmbedKind.LINK,
        position=0,
        post_id=post_id,
        post_url=url,
        author_handle=handle,
        displayed_text=text or None,
        markup="a[href]",
    )


def _merge_copies(page: bytes, placed: list[_Placed]) -> list[_Placed]:
    """One post shown once is one embed (see the module's docstring)."""
    live_keys = {p.embed.ref.key for p in placed if p.region.location != "script"}
    kept: list[_Placed] = []
    script_keys: set[str | None] = set()
    for current in placed:
        key = current.embed.ref.key
        if current.embed.kind is EmbedKind.EMBED and current.region.location == "script":
            if key in live_keys or key in script_keys:
                continue  # page state repeating the live embed, or repeating itself
            script_keys.add(key)
        previous = _last_embed(kept)
        if previous is not None and _same_showing(page, previous, current):
            if previous.embed.displayed_text is None and current.embed.displayed_text is not None:
                kept[kept.index(previous)] = current
            continue
        kept.append(current)
    return kept


def _last_embed(kept: list[_Placed]) -> _Placed | None:
    return next((p for p in reversed(kept) if p.embed.kind is EmbedKind.EMBED), None)


def _same_showing(page: bytes, first: _Placed, second: _Placed) -> bool:
    if second.embed.kind is not EmbedKind.EMBED or first.embed.ref.key != second.embed.ref.key:
        return False
    if first.embed.ref.key is None or "script" in (first.region.location, second.region.location):
        return False
    if first.region is second.region:
        return not _text_between(first.element, second.element)
    if second.region.start - first.region.end > _MAX_GAP:
        return False
    gap = _INVISIBLE.sub(b"", page[first.region.end : second.region.start])
    return not html_lib.unescape(gap.decode("utf-8", "replace")).strip()


def _text_between(first: Tag, second: Tag) -> bool:
    for node in first.next_elements:
        if node is second:
            return False
        if isinstance(node, NavigableString) and node.strip() and not _inside(node, first):
            if node.parent is None or node.parent.name not in ("script", "style"):
                return True
    return True


def _inside(node: NavigableString, element: Tag) -> bool:
    return any(parent is element for parent in node.parents)


def find_embeds_in_text(text: str, *, article_language: str | None = None) -> list[Embed]:
    """Remnants of embeds in flattened text, raw embed markup pasted into it (Markdown
    sources), and post URLs written out in it. Positions are character offsets."""
    page = text.encode("utf-8", "replace")
    scan = _scanner().scan(page)
    placed = _from_regions(page, scan.regions, scan.markers)
    spans = _char_spans(page, [p.region for p in placed])
    embeds = [replace(p.embed, position=_char_offset(page, p.embed.position)) for p in placed]
    embeds += [
        r
        for r in find_remnants(text, article_language=article_language)
        if not _in_spans(r.position, spans)
    ]
    claimed: set[str | None] = {e.post_url for e in embeds if e.post_url}
    for match in find_post_urls(text):
        ref = parse_post_url(match.group(0))
        if ref is None or ref.url in claimed or _in_spans(match.start(), spans):
            continue
        claimed.add(ref.url)
        embeds.append(
            replace(
                _link(ref.platform, ref.post_id, ref.url, ref.author_handle, ""),
                position=match.start(),
                markup="url in text",
                location="plain text",
            )
        )
    return sorted(embeds, key=lambda e: e.position)


def _char_offset(page: bytes, offset: int) -> int:
    return len(page[:offset].decode("utf-8", "replace"))


def _char_spans(page: bytes, regions: list[Region]) -> list[tuple[int, int]]:
    return sorted({(_char_offset(page, r.start), _char_offset(page, r.end)) for r in regions})


def _in_spans(at: int, spans: list[tuple[int, int]]) -> bool:
    index = bisect_right(spans, (at, float("inf"))) - 1
    return index >= 0 and spans[index][0] <= at < spans[index][1]
