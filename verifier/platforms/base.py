"""The interface every platform implements: one place for all that a platform's posts look like.

A platform module knows its URL forms, its embed markup, the signature its embeds leave in
flattened text, and which tokens of its texts carry no meaning. Adding a platform is one module
that subclasses `Platform`, plus one line in `verifier/platforms/__init__.py`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from bs4 import BeautifulSoup, Tag

from verifier.models import Embed, Original, PostRef


@dataclass(frozen=True)
class Signature:
    """A remnant signature line found in flat text: who and when, and where it sits."""

    start: int  # offset of the signature (its dash) in the text
    end: int
    author_name: str | None
    author_handle: str | None
    displayed_date: str | None
    post_url: str | None = None  # Markdown forms keep the link


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
    # there. Pages with none of any platform's markers skip the full parse (see detect.py).
    embed_markers: tuple[str, ...] = ()
    # A regex over raw text that finds this platform's post URLs (links in prose, Markdown).
    post_url_pattern: re.Pattern[str] | None = None
    # Soft limit of a post's length, used to guess where a quoted block starts in flat text.
    max_text_length: int = 500
    # Tokens that carry no meaning when comparing texts (shortened links, media links).
    compare_ignore: tuple[re.Pattern[str], ...] = ()

    def parse_post_url(self, url: str) -> PostRef | None:
        """The post a URL points to, in canonical form; None when it is not a post URL."""
        return None

    def find_embeds(self, soup: BeautifulSoup) -> Iterator[FoundEmbed]:
        """Embeds in a parsed page, with the elements that carry them."""
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


_BLOCKS = {"p", "div", "li", "blockquote", "section", "h1", "h2", "h3", "h4", "h5", "h6"}


def element_text(element: Tag) -> str:
    """Render an element's text: `<br>` is a newline, block elements are separated by a blank
    line, inline text nodes are joined as they are (a browser adds nothing between them)."""
    parts: list[str] = []
    for node in element.descendants:
        if isinstance(node, Tag):
            if node.name == "br":
                parts.append("\n")
            elif node.name in _BLOCKS and parts:
                parts.append("\n\n")
        elif node.__class__.__name__ == "NavigableString":
            parts.append(str(node))
    text = "".join(parts)
    text = re.sub(r"[ \t\r\f\v\u00a0]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()
