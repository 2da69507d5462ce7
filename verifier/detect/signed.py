"""Embeds whose markers a CMS stripped: a blockquote that ends in a link to a post.

Some CMSs rewrite the official embed code with their own classes, dropping `twitter-tweet`, but
keep its words, its `— Name (@handle) Date` line and its status link. The scan finds no marker
there, only the link: the blockquote around such a link is cut out as a region, and the
platforms' rules decide whether it is an embed (it is only when it is signed as one).
"""

from __future__ import annotations

from verifier.detect.scan import RawLink, Region
from verifier.platforms import parse_post_url

_OPEN = b"<blockquote"
_CLOSE = b"</blockquote"
# A post's words and signature fit in this many bytes of markup before its status link.
_LOOK_BACK = 8192


def blockquote_regions(page: bytes, links: list[RawLink]) -> tuple[list[Region], set[str]]:
    """Regions of the blockquotes that end with a link to a post, and those posts' platforms."""
    lowered = page.lower()
    regions: list[Region] = []
    platforms: set[str] = set()
    for link in links:
        ref = parse_post_url(link.href)
        if ref is None or (regions and link.start < regions[-1].end):
            continue
        start = lowered.rfind(_OPEN, max(0, link.start - _LOOK_BACK), link.start)
        if start < 0 or lowered.find(_CLOSE, start, link.start) >= 0:
            continue  # not inside a blockquote
        close = lowered.find(_CLOSE, link.start, link.start + _LOOK_BACK)
        end = lowered.find(b">", close) + 1 if close >= 0 else 0
        if end <= 0:
            continue
        regions.append(Region(page[start:end], start, end))
        platforms.add(ref.platform)
    return regions, platforms


def outside(links: list[RawLink], regions: list[Region]) -> list[RawLink]:
    """The links that stand in none of the regions."""
    return [k for k in links if not any(r.start <= k.start < r.end for r in regions)]
