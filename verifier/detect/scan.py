"""Find the pieces of a raw page that may hold embeds, without parsing the page.

A full parse costs milliseconds per page, and most pages embed nothing; even a page that does
holds its embeds in a few kilobytes of its hundreds. So a page is scanned once, as bytes, by one
Aho-Corasick automaton for every platform's markers, the hosts of post URLs, and the tags that
change what markup means (script, style, textarea, template, noscript, comments). Only the
elements around markers are cut out (`Region`) to be parsed; links to posts outside them are
read from the raw tags (`RawLink`).

Where markup is not live DOM, the scan says so in `Region.location`:
- inside `<noscript>`: `noscript` (parsed as it stands);
- HTML-escaped in an attribute (consent tools, lazy loaders): `attribute:NAME` (an attribute
  holding JSON is a component's data, often other articles', and is not followed);
- in a `<textarea>` (consent placeholders): `textarea`;
- in a script's JSON or JS strings (page state of JS frameworks): `script`.
Comments, styles, `<template>` and template-typed scripts (`text/template`, Handlebars, ...)
are never instantiated as they stand, so markers there are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import ahocorasick_rs

from verifier.detect.raw_tags import (
    MAX_TAG,
    RawTag,
    ends_comment,
    html_unescape,
    js_unescape,
    quotes_escaped,
    start_tag,
    tag_pattern,
)

# Elements whose content is not markup a reader sees, or not markup at all.
_COMMENT = b"<!--"
_ZONES = {
    b"<script": b"</script",
    b"<style": b"</style",
    b"<textarea": b"</textarea",
    b"<template": b"</template",
    _COMMENT: b"-->",
}
_NOSCRIPT = (b"<noscript", b"</noscript")
_TEMPLATE_TYPES = re.compile(rb"""type\s*=\s*["']?\s*text/(?!javascript|ecmascript|babel)""", re.I)
_VOID = {b"img", b"input", b"br", b"hr", b"meta", b"link", b"source", b"embed", b"param", b"wbr"}
_TAGS = re.compile(rb"<[^>]*>")
_URL_END = re.compile(rb"""[\s"'<>]""")
_LINK_OPENERS = (b"a ", b"a\t", b"a\n", b"a\r", b"a\f")
_URL_DELIMITERS = (b'"', b"'", b" ", b"<", b">", b"=", b"\n")
# Bounds that keep a broken page (an unclosed quote, an unclosed element) from costing more
# than a bounded scan (MAX_TAG, in raw_tags, bounds a start tag).
_MAX_ELEMENT = 1 << 21
_UNCLOSED_ELEMENT = 1 << 16
_MAX_DEPTH = 2
# No embed nests its own tag this deep; markup that does (thousands of unclosed blockquotes) is
# cut here, or every platform's walk of each nested element would cost the square of the depth.
_MAX_NESTING = 64
_MAX_HOLDER_TRIES = 32
_BEFORE_MARKER = 4096
_AFTER_MARKER = 1 << 16


@dataclass(frozen=True)
class Region:
    """An element that holds an embed marker, cut out of the page to be parsed alone."""

    html: bytes
    start: int  # byte offset in the page (for markup nested in a script or attribute: theirs)
    end: int
    location: str = "dom"


@dataclass(frozen=True)
class RawLink:
    """An `<a href>` to a post, outside every region."""

    start: int
    href: str
    text: str


@dataclass
class PageScan:
    regions: list[Region] = field(default_factory=list)
    links: list[RawLink] = field(default_factory=list)
    markers: set[bytes] = field(default_factory=set)  # every embed marker seen, in any region


@dataclass(slots=True)
class _Zone:
    opener: bytes
    start: int
    content_start: int
    markers: list[int] = field(default_factory=list)  # offsets of embed markers inside


class Scanner:
    """Scans pages for the given vocabulary: embed markers and post-URL markers (lower case).

    `is_post_url(marker, text)` says whether the URL around a URL marker is a post's."""

    def __init__(
        self,
        embed_markers: tuple[str, ...],
        url_markers: tuple[str, ...],
        is_post_url: Callable[[bytes, str], bool],
    ) -> None:
        self._is_post_url = is_post_url
        tokens: list[bytes] = []
        kinds: list[str] = []
        for opener, closer in [*_ZONES.items(), _NOSCRIPT]:
            tokens += [opener, closer]
            kinds += ["open", "close"]
        # Longer markers first: leftmost-first matching then prefers the most specific one.
        for marker in sorted(set(embed_markers), key=len, reverse=True):
            tokens.append(marker.lower().encode())
            kinds.append("marker")
        for marker in sorted(set(url_markers) - set(embed_markers), key=len, reverse=True):
            tokens.append(marker.lower().encode())
            kinds.append("url")
        self._tokens = tokens
        self._kinds = kinds
        self._automaton = ahocorasick_rs.BytesAhoCorasick(
            tokens, matchkind=ahocorasick_rs.MatchKind.LeftmostFirst
        )
        markers = [t for t, k in zip(tokens, kinds, strict=True) if k in ("marker", "url")]
        self._any_marker = ahocorasick_rs.BytesAhoCorasick(markers)

    def may_hold_posts(self, page: bytes) -> bool:
        """Does any embed marker or post-URL marker appear at all?"""
        return bool(self._any_marker.find_matches_as_indexes(page.lower()))

    def scan(self, page: bytes, *, location: str = "dom", depth: int = 0) -> PageScan:
        return _PageScanner(self, page, location, depth).run()


class _PageScanner:
    """One page's scan: the state of walking the automaton's matches in order."""

    def __init__(self, scanner: Scanner, page: bytes, location: str, depth: int) -> None:
        self.scanner = scanner
        self.page = page
        self.lowered = page.lower()
        self.location = location
        self.depth = depth
        self.result = PageScan()
        self.noscript = 0
        self.done_attributes: set[tuple[int, bytes]] = set()
        # Start tags read so far, by the offset of their `<`: many markers after one stray `<`
        # with no `>` would otherwise each re-read the same quarter megabyte.
        self.start_tags: dict[int, RawTag | None] = {}

    def run(self) -> PageScan:
        tokens, kinds = self.scanner._tokens, self.scanner._kinds
        zone: _Zone | None = None
        for index, start, end in self.scanner._automaton.find_matches_as_indexes(self.lowered):
            token, kind = tokens[index], kinds[index]
            if zone is not None and start >= zone.content_start:
                if token == _ZONES[zone.opener] or (
                    zone.opener == _COMMENT and ends_comment(self.lowered, end)
                ):
                    if zone.markers:  # most zones hold none: nothing to follow
                        self._close_zone(zone, start)
                    zone = None
                elif kind == "marker":
                    zone.markers.append(start)
                    self.result.markers.add(token)
                continue
            if kind == "open":
                zone = self._open(token, start, end)
            elif kind == "close" and token == _NOSCRIPT[1]:
                self.noscript = max(0, self.noscript - 1)
            elif kind == "marker":
                self.result.markers.add(token)
                self._marker(start)
            elif kind == "url" and self.depth == 0:
                self._url(token, start)
        if zone is not None:
            self._close_zone(zone, len(self.page))
        regions = self.result.regions
        self.result.links = [k for k in self.result.links if not _within(k.start, regions)]
        return self.result

    def _open(self, token: bytes, start: int, end: int) -> _Zone | None:
        if token != _COMMENT and self.lowered[end : end + 1] not in (
            b" ",
            b">",
            b"\t",
            b"\n",
            b"\r",
            b"/",
        ):
            return None  # <scripts>, <styled-thing>: another tag
        if token == _NOSCRIPT[0]:
            self.noscript += 1
            return None
        if token == _COMMENT:
            # `<!-->` and `<!--->` are whole (empty) comments, as browsers read them.
            return None if ends_comment(self.lowered, end) else _Zone(token, start, end)
        tag_end = self.page.find(b">", end)
        return _Zone(token, start, len(self.page) if tag_end < 0 else tag_end + 1)

    def _close_zone(self, zone: _Zone, end: int) -> None:
        if not zone.markers or self.depth >= _MAX_DEPTH:
            return
        content = self.page[zone.content_start : end]
        if zone.opener == b"<script":
            if _TEMPLATE_TYPES.search(self.page, zone.start, zone.content_start):
                return  # a template: never instantiated as it stands
            # Page state can run to megabytes: only the stretches around markers are undone.
            for start, stop in _windows(zone.markers, zone.content_start, end):
                self._nested(js_unescape(self.page[start:stop]), zone.start, end, "script")
        elif zone.opener == b"<textarea":
            self._nested(html_unescape(content), zone.start, end, "textarea")

    def _nested(self, markup: bytes, start: int, end: int, location: str) -> None:
        inner = self.scanner.scan(markup, location=location, depth=self.depth + 1)
        for region in inner.regions:
            self.result.regions.append(Region(region.html, start, end, region.location))
        self.result.markers |= inner.markers

    def _marker(self, at: int) -> None:
        regions = self.result.regions
        if (
            regions
            and regions[-1].start <= at < regions[-1].end
            and regions[-1].location == self._here()
        ):
            return  # inside an element already cut out
        tag = self._tag_around(at)
        if tag is None:
            return  # in text, or in a closing tag: a mention, not markup
        for name, value_start, value_end in tag.attributes:
            if value_start <= at < value_end:
                value = self.page[value_start:value_end]
                if b"<" in value or b"&lt;" in value.lower():
                    self._attribute_markup(tag, name, value)
                    return
                break
        self._region(tag)

    def _here(self) -> str:
        return "noscript" if self.noscript and self.location == "dom" else self.location

    def _attribute_markup(self, tag: RawTag, name: bytes, value: bytes) -> None:
        key = (tag.start, name)
        if key in self.done_attributes or self.depth >= _MAX_DEPTH:
            return
        self.done_attributes.add(key)
        markup = html_unescape(value)
        if markup.lstrip()[:1] in (b"{", b"["):
            # JSON in an attribute is a component's data, which on real pages holds other
            # articles' bodies (thedailybeast's `data-pageraillist` for infinite scroll), not
            # markup this page shows: only an attribute holding markup itself is followed.
            return
        label = f"attribute:{name.decode('ascii', 'replace').lower()}"
        self._nested(markup, tag.start, tag.end, label)

    def _region(self, tag: RawTag) -> None:
        end, still_open = (
            (tag.end, 0) if tag.self_closing or tag.name in _VOID else self._element_end(tag)
        )
        # A region cut inside its nesting is closed, lest the next region nest in it when parsed.
        markup = self.page[tag.start : end] + (b"</" + tag.name + b">") * still_open
        self.result.regions.append(Region(markup, tag.start, end, self._here()))

    def _element_end(self, tag: RawTag) -> tuple[int, int]:
        """Where the element ends, and how many of its tags are still open there (when its
        nesting was too deep to follow)."""
        name = re.escape(tag.name.lower())
        pattern = tag_pattern(name)
        depth = 1
        limit = min(len(self.page), tag.end + _MAX_ELEMENT)
        for match in pattern.finditer(self.lowered, tag.end, limit):
            depth += -1 if match[1] else 1
            if depth == 0:
                close = self.lowered.find(b">", match.end())
                return (len(self.page) if close < 0 else close + 1), 0
            if depth > _MAX_NESTING:
                return match.start(), depth - 1
        return min(len(self.page), tag.end + _UNCLOSED_ELEMENT), 0

    def _tag_around(self, at: int) -> RawTag | None:
        """The start tag that `at` falls inside, or None when `at` is in text."""
        lt = self.page.rfind(b"<", max(0, at - MAX_TAG), at)
        if lt < 0 or self.page.rfind(b">", lt, at) >= 0:
            return None
        if lt not in self.start_tags:
            self.start_tags[lt] = start_tag(self.page, lt, lt)
        tag = self.start_tags[lt]
        if tag is not None and tag.end <= at:
            return None
        if tag is not None and quotes_escaped(self.page, tag):
            # Markup written into an attribute (`title="<a href=&quot;...&quot;>"`, footnote
            # and tooltip plugins) is that attribute's text: the tag that holds it is the tag.
            return self._tag_holding(tag.start)
        return tag

    def _tag_holding(self, lt: int) -> RawTag | None:
        """The start tag in one of whose attribute values the `<` at `lt` stands, if any: the
        nearest `<` before it may open a tag of the same attribute's markup, so try a few."""
        low = max(0, lt - MAX_TAG)
        before = lt
        for _ in range(_MAX_HOLDER_TRIES):
            before = self.page.rfind(b"<", low, before)
            if before < 0:
                return None
            outer = start_tag(self.page, before, lt)
            if outer is not None and any(a <= lt < b for _, a, b in outer.attributes):
                return outer
        return None

    def _url(self, token: bytes, at: int) -> None:
        if not self._in_link_tag(at):
            return  # most hosts stand in scripts' strings, `<link>`s and `<meta>`s
        url_end = _URL_END.search(self.page, at, at + 2048)
        end = url_end.start() if url_end else at + 2048
        before = self.page[max(0, at - 256) : at]
        start = at - len(before) + max(map(before.rfind, _URL_DELIMITERS)) + 1
        window = self.page[start:end].decode("utf-8", "replace")
        if not self.scanner._is_post_url(token, window):
            return
        tag = self._tag_around(at)
        if tag is None or tag.name.lower() != b"a":
            return
        for name, value_start, value_end in tag.attributes:
            if name.lower() == b"href" and value_start <= at < value_end:
                href = html_unescape(self.page[value_start:value_end]).decode("utf-8", "replace")
                self.result.links.append(RawLink(tag.start, href.strip(), self._anchor_text(tag)))
                return

    def _in_link_tag(self, at: int) -> bool:
        """Cheap first test: does `at` stand inside an `<a ...>` start tag?"""
        lt = self.page.rfind(b"<", max(0, at - MAX_TAG), at)
        return (
            lt >= 0
            and self.lowered[lt + 1 : lt + 3] in _LINK_OPENERS
            and self.page.find(b">", lt, at) < 0
        )

    def _anchor_text(self, tag: RawTag) -> str:
        close = self.lowered.find(b"</a", tag.end, tag.end + 8192)
        inner = self.page[tag.end : close if close >= 0 else tag.end]
        text = html_unescape(_TAGS.sub(b"", inner)).decode("utf-8", "replace")
        return " ".join(text.split())


def _windows(markers: list[int], start: int, end: int) -> list[tuple[int, int]]:
    """Stretches of a script around its markers, wide enough for an embed's whole markup
    (which starts a little before its marker), merged where they overlap."""
    windows: list[tuple[int, int]] = []
    for at in markers:
        low, high = max(start, at - _BEFORE_MARKER), min(end, at + _AFTER_MARKER)
        if windows and low <= windows[-1][1]:
            windows[-1] = (windows[-1][0], high)
        else:
            windows.append((low, high))
    return windows


def _within(at: int, regions: list[Region]) -> bool:
    return any(r.start <= at < r.end for r in regions if r.location in ("dom", "noscript"))
