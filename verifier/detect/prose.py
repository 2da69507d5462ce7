"""An article's prose as plain text: quotes, sentences and the links in them, with where each
piece of text stands in the page.

Pages are read with one pass of a tag tokenizer, not a parser: scripts, styles, the page's
head and the platforms' own embed markup are left out (their words are not the article's
prose), block elements end a paragraph, and every stretch of text keeps the character offset
it came from, so that a quote found in the text can be placed in the page.
"""

from __future__ import annotations

import html as html_lib
import re
from bisect import bisect_right
from dataclasses import dataclass

_TAG = re.compile(r"<!--.*?-->|<[!?][^>]*>|<(/?)([a-zA-Z][\w:-]*)([^>]*)>", re.S)
# Elements whose content is never prose.
_SKIPPED = {"script", "style", "noscript", "template", "svg", "head", "iframe", "textarea"}
# Elements that end a paragraph (a sentence never runs across them).
_BLOCKS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "section", "article", "header", "footer", "aside", "figure", "figcaption", "table", "tr",
    "td", "th", "dd", "dt", "nav", "hr", "main", "form", "button", "label", "select", "option",
}  # fmt: skip
# The platforms' embed markup (its text is the post's, found by detect's embed rules).
_EMBED_CLASS = re.compile(
    r"""class\s*=\s*["'][^"']*(?:twitter-tweet|instagram-media|bluesky-embed|text-post-media"""
    r"""|tiktok-embed|reddit-embed|reddit-card|mastodon-embed|fb-post|fb-xfbml|truthsocial"""
    r"""|tumblr-post|telegram-post)""",
    re.I,
)
_RAW_TEXT = {"script", "style", "textarea"}
_RAW_END = {name: re.compile(rf"</{name}\s*>", re.I) for name in _RAW_TEXT}
_SPACES = re.compile(r"\s+")
_HREF = re.compile(r"""href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


@dataclass(frozen=True)
class Anchor:
    """A link in the prose: its target and the text it shows."""

    href: str
    text: str
    start: int  # offset of its text in the prose


@dataclass(frozen=True)
class Prose:
    """The text of an article with, for each stretch, the offset in the page it came from."""

    text: str
    starts: tuple[int, ...]  # offsets in `text` where a stretch begins
    sources: tuple[int, ...]  # the page offset of each stretch
    anchors: tuple[Anchor, ...] = ()

    def page_offset(self, at: int) -> int:
        """The offset in the page (characters) of the text at `at`."""
        index = bisect_right(self.starts, at) - 1
        if index < 0:
            return 0
        return self.sources[index] + (at - self.starts[index])


def plain(text: str) -> Prose:
    """A text article is its own prose."""
    return Prose(text, (0,), (0,))


def prose_of(page: str) -> Prose:
    """The readable text of an HTML page (see the module's docstring)."""
    parts: list[str] = []
    starts: list[int] = []
    sources: list[int] = []
    anchors: list[Anchor] = []
    length = 0
    skip: list[str] = []  # the open elements whose content is left out
    link: tuple[str, int, int] | None = None  # href, index in `parts`, offset in the text
    position = 0
    while (match := _TAG.search(page, position)) is not None:
        if not skip and match.start() > position:
            piece = page[position : match.start()]
            if "&" in piece:
                piece = html_lib.unescape(piece)
            piece = _SPACES.sub(" ", piece)
            starts.append(length)
            sources.append(position)
            parts.append(piece)
            length += len(piece)
        position = match.end()
        closing, name = match.group(1), (match.group(2) or "").lower()
        if not name:
            continue  # a comment, a doctype, a processing instruction
        if not closing and name in _RAW_TEXT:
            # Their content is text, not markup: "<" in a script opens no tag. Jump to the end.
            end = _RAW_END[name].search(page, position)
            position = len(page) if end is None else end.start()
            continue
        if skip == ["head"] and name == "body" and not closing:
            skip.pop()  # a head never closed ends where the body starts
        elif skip:
            if name == skip[-1]:
                if closing:
                    skip.pop()
                elif not match.group(3).rstrip().endswith("/"):
                    skip.append(name)  # the same element nested: its end is not ours yet
            continue
        if not closing and (name in _SKIPPED or _is_embed(name, match.group(3))):
            if not match.group(3).rstrip().endswith("/") and name not in ("br", "hr"):
                skip.append(name)
            continue
        if name == "a":
            if closing and link is not None:
                text = "".join(parts[link[1] :]).strip()
                anchors.append(Anchor(link[0], text, link[2]))
                link = None
            elif not closing:
                href = _HREF.search(match.group(3))
                if href:
                    target = next(g for g in href.groups() if g is not None)
                    link = (html_lib.unescape(target), len(parts), length)
        if name in _BLOCKS:
            starts.append(length)
            sources.append(match.start())
            parts.append("\n")
            length += 1
    if not skip and position < len(page):
        starts.append(length)
        sources.append(position)
        parts.append(re.sub(r"\s+", " ", html_lib.unescape(page[position:])))
    return Prose("".join(parts), tuple(starts), tuple(sources), tuple(anchors))


def _is_embed(name: str, attributes: str) -> bool:
    return name in ("blockquote", "div", "iframe") and bool(_EMBED_CLASS.search(attributes))
