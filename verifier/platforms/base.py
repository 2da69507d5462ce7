"""The interface every platform implements: one place for all that a platform's posts look like.

A platform module knows its URL forms, its embed markup, the signature its embeds leave in
flattened text, and which tokens of its texts carry no meaning. Adding a platform is one module
that subclasses `Platform`, plus one line in `verifier/platforms/__init__.py`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from bs4 import Tag

from verifier.models import Embed, EmbedKind, Original, PostRef
from verifier.text.dates import parse_displayed_date


@dataclass(frozen=True)
class Signature:
    """A remnant signature line found in flat text: who and when, and where it sits."""

    start: int  # offset of the signature (its dash) in the text
    end: int
    author_name: str | None
    author_handle: str | None
    displayed_date: str | None
    post_url: str | None = None  # Markdown forms keep the link
    # Where the signature itself holds the quoted words (TikTok's `@user caption ♬ sound`,
    # Telegraph's `Twitter: Name - text`), they are here and the text above is not the quote.
    shown_text: str | None = None


@dataclass(frozen=True)
class FoundEmbed:
    """An embed found in a page's DOM, with the element that carries it."""

    element: Tag
    embed: Embed


class Platform:
    """Base class: override what the platform has; the defaults find nothing."""

    name: str = ""
    label: str = ""
    # Lower-case substrings whose presence in raw HTML means this platform may have an embed
    # there: class names and embed URLs, as they stand inside the tag that carries the embed.
    # Pages with none of any platform's markers skip parsing altogether (see verifier/detect).
    embed_markers: tuple[str, ...] = ()
    # Lower-case substrings of which every post URL of the platform holds one (its hosts): links
    # to posts are found by a scan of the raw page rather than a parse, and a URL holding none
    # is not offered to `parse_post_url` (see the registry).
    url_markers: tuple[str, ...] = ()
    # A regex over raw text that finds this platform's post URLs (links in prose, Markdown).
    post_url_pattern: re.Pattern[str] | None = None
    # Soft limit of a post's length, used to guess where a quoted block starts in flat text.
    max_text_length: int = 500
    # Tokens that carry no meaning when comparing texts (shortened links, media links).
    compare_ignore: tuple[re.Pattern[str], ...] = ()

    def parse_post_url(self, url: str) -> PostRef | None:
        """The post a URL points to, in canonical form; None when it is not a post URL."""
        return None

    def find_embeds(self, root: Tag) -> Iterator[FoundEmbed]:
        """Embeds in a parsed page or piece of a page, with the elements that carry them."""
        return iter(())

    def find_signatures(self, text: str) -> Iterator[Signature]:
        """Remnant signature lines in flattened text."""
        return iter(())

    def shown_text(self, original: Original) -> str:
        """The part of an original's text that an embed shows (e.g. without a reply's prefix)."""
        return original.text

    def text_from_html(self, element: Tag) -> str:
        """Text of post markup as a reader sees it: `<br>` and paragraphs become newlines."""
        return element_text(element)

    def found(self, element: Tag, ref: PostRef, markup: str, **shown: Any) -> FoundEmbed:
        """An embed of `ref` carried by `element`; `shown` holds what the markup displays
        (displayed_text, author_name, displayed_date, language, ...)."""
        handle = shown.pop("author_handle", None) or ref.author_handle
        shown_date = shown.get("displayed_date")
        embed = Embed(
            platform=self.name,
            kind=EmbedKind.EMBED,
            position=0,
            post_id=ref.post_id,
            post_url=ref.url,
            author_handle=handle,
            displayed_day=parse_displayed_date(shown_date),
            markup=markup,
            **shown,
        )
        return FoundEmbed(element, embed)


_BLOCKS = {"p", "div", "li", "blockquote", "section", "h1", "h2", "h3", "h4", "h5", "h6"}
# Attributes that lazy loaders and consent tools move an iframe's address into.
URL_ATTRIBUTES = (
    "src",
    "data-src",
    "data-lazy-src",
    "data-original",
    "data-url",
    "data-iframe-src",
    "data-litespeed-src",
    "data-rocket-src",
    "data-cmp-src",
    "data-consent-src",
)


def element_text(element: Tag, *, leaving_out: Tag | None = None) -> str:
    """Render an element's text: `<br>` is a newline, an image its `alt`, block elements are
    separated by a blank line, inline text nodes are joined as they are (a browser adds
    nothing between them). `leaving_out`, a descendant, is rendered as if it were not there."""
    parts: list[str] = []
    left_out = _subtree(leaving_out) if leaving_out is not None else set()
    for node in element.descendants:
        if left_out and id(node) in left_out:
            continue
        if isinstance(node, Tag):
            if node.name == "br":
                parts.append("\n")
            elif node.name == "img" and (alt := node.get("alt")):
                # CMSs write emoji as images (WordPress's `img.emoji`): their alt is the text
                # a reader sees, and words can be slipped in through it.
                parts.append(str(alt))
            elif node.name in _BLOCKS and parts:
                parts.append("\n\n")
        elif node.__class__.__name__ == "NavigableString":
            parts.append(str(node))
    return tidy_text("".join(parts))


def _subtree(element: Tag) -> set[int]:
    return {id(element), *(id(node) for node in element.descendants)}


def tags_in(root: Tag) -> Iterator[Tag]:
    """Every element under `root`, in document order. A platform that looks for several kinds
    of element sorts them in one walk of this: each `find_all` walks the tree again, and its
    filters cost more than the walk."""
    return (node for node in root.descendants if isinstance(node, Tag))


def tidy_text(text: str) -> str:
    """Collapse spaces as a browser does, keeping line breaks and paragraph breaks."""
    text = re.sub(r"[ \t\r\f\v\u00a0]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def attribute(tag: Tag, *names: str) -> str | None:
    """The first non-empty value among the attributes `names`, as a string."""
    for name in names:
        value = tag.get(name)
        if isinstance(value, list):
            value = " ".join(value)
        if value and str(value).strip():
            return str(value).strip()
    return None


# What lazy loaders put in `src` until they load the real address (WP Rocket: `about:blank`).
_PLACEHOLDER_SRC = ("about:", "data:", "javascript:")


def frame_url(tag: Tag) -> str | None:
    """The address an iframe loads or will load once a lazy loader or consent tool lets it:
    the first real address among `URL_ATTRIBUTES`, else among other `data-*src` attributes
    (sites' own loaders: panamaamerica.com.pa's `data-artsrc`)."""
    for name in URL_ATTRIBUTES:
        value = attribute(tag, name)
        if value and not value.lower().startswith(_PLACEHOLDER_SRC):
            return value
    for name in tag.attrs:
        if name.startswith("data-") and name.endswith("src"):
            value = attribute(tag, name)
            if value and not value.lower().startswith(_PLACEHOLDER_SRC):
                return value
    return None


def has_class(tag: Tag, *names: str) -> bool:
    classes = tag.get("class") or ()
    return any(name in classes for name in names)


def find_tags(root: Tag, names: str | list[str], **attrs: Any) -> list[Tag]:
    """`root.find_all`, with `root` itself included when it matches (a piece of a page may be
    the embed's own element)."""
    found = [t for t in root.find_all(names, **attrs) if isinstance(t, Tag)]
    return found
