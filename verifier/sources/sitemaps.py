"""Sitemaps: `<urlset>` (with Google News' `<news:news>` or not) and `<sitemapindex>`, read
with lxml, as the articles they list. Gzipped sitemaps (`.xml.gz`) are read too.

Only the elements' local names are matched: sites write the sitemap namespace with and
without `www.`, over http and https, or leave it out.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from lxml import etree

from verifier.models import Problem
from verifier.sources.listing import Listed, fetch_listing, is_html_page, is_new
from verifier.text.dates import maybe_date

if TYPE_CHECKING:
    from verifier.http import HttpClient

# The protocol caps a sitemap at 50 MB uncompressed; a gzip bomb stops there.
MAX_SITEMAP_BYTES = 50 * 1024 * 1024
# The protocol forbids an index of indexes; some sites nest anyway. Deeper is a loop or a trap.
MAX_DEPTH = 3
# Never fetch a DTD or an entity, nor expand one: a sitemap is data from a stranger.
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
)


class NotASitemap(ValueError):
    "The document is not a sitemap or a sitemap index"


def read_sitemap(
    url: str, *, http: HttpClient | None, since: datetime | None = None, depth: int = 0
) -> Iterator[Listed | Problem]:
    """The articles the sitemap at `url` lists; an index's sitemaps are read in turn, except
    those whose `lastmod` says they have not changed since `since`."""
    result = fetch_listing(url, http, what="sitemap")
    if isinstance(result, Problem):
        yield result
        return
    try:
        root = parse_sitemap(result.body)
    except NotASitemap as error:
        yield Problem(url, "read", str(error))
        return
    base = result.final_url
    if _local(root.tag) == "urlset":
        yield from urlset_entries(url, root, base=base)
        return
    for child, lastmod in index_entries(root, base=base):
        if depth + 1 >= MAX_DEPTH:
            yield Problem(url, "read", f"sitemap indexes nested deeper than {MAX_DEPTH}: {child}")
        elif is_new(lastmod, since):
            yield from read_sitemap(child, http=http, since=since, depth=depth + 1)


def parse_sitemap(body: bytes) -> etree._Element:
    """Pure: the root of a sitemap or an index, gunzipped if need be; NotASitemap otherwise."""
    if body[:2] == b"\x1f\x8b":
        body = _gunzip(body)
    if is_html_page(body):
        raise NotASitemap("not a sitemap: the answer is an HTML page")
    try:
        root = etree.fromstring(body, parser=_PARSER)
    except etree.XMLSyntaxError as error:
        raise NotASitemap(f"not a sitemap: malformed XML ({error})") from None
    if root is None or _local(root.tag) not in ("urlset", "sitemapindex"):
        found = _local(root.tag) if root is not None else "nothing"
        raise NotASitemap(
            f"not a sitemap: the document is <{found}>, not <urlset> or <sitemapindex>"
        )
    return root


def urlset_entries(url: str, root: etree._Element, *, base: str) -> Iterator[Listed]:
    for entry in _children(root, "url"):
        loc = _text(entry, "loc")
        if not loc:
            continue
        news = next(_children(entry, "news"), None)
        published = maybe_date(_text(news, "publication_date")) if news is not None else None
        yield Listed(
            url=urljoin(base, loc),
            listing=url,
            # A news sitemap's publication date is the article's; lastmod may be any edit.
            published=published or maybe_date(_text(entry, "lastmod")),
            title=_text(news, "title") if news is not None else None,
        )


def index_entries(root: etree._Element, *, base: str) -> Iterator[tuple[str, datetime | None]]:
    for entry in _children(root, "sitemap"):
        if loc := _text(entry, "loc"):
            yield urljoin(base, loc), maybe_date(_text(entry, "lastmod"))


def _gunzip(body: bytes) -> bytes:
    inflater = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
    try:
        data = inflater.decompress(body, MAX_SITEMAP_BYTES)
    except zlib.error as error:
        raise NotASitemap(f"not a sitemap: broken gzip ({error})") from None
    if inflater.unconsumed_tail:
        raise NotASitemap(f"not a sitemap: over {MAX_SITEMAP_BYTES} bytes uncompressed")
    return data


def _local(tag: object) -> str:
    # Comments and processing instructions have a function for a tag, not a string.
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _children(parent: etree._Element, name: str) -> Iterator[etree._Element]:
    return (child for child in parent if _local(child.tag) == name)


def _text(parent: etree._Element, name: str) -> str | None:
    child = next(_children(parent, name), None)
    text = (child.text or "").strip() if child is not None else ""
    return text or None
