"""Tags and escapes read straight from a page's bytes, for the scanner: a start tag and its
attributes, a tag's pattern, and the escapes markup carries inside attributes and scripts."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_START_TAG = re.compile(rb"""<([a-zA-Z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>""")
_ATTRIBUTE = re.compile(rb"""([^\s=/>"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>"']+))?""")
_JS_ESCAPE = re.compile(r"""\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[\\/"'nrtbf])""")
_JS_SIMPLE = {"n": "\n", "r": "\r", "t": "\t", "b": "", "f": ""}
# A start tag longer than this is not one (an unclosed quote would otherwise run to the end).
MAX_TAG = 1 << 18


@dataclass(frozen=True)
class RawTag:
    name: bytes
    start: int
    end: int
    attributes: tuple[tuple[bytes, int, int], ...]  # name, value start, value end (quotes off)
    self_closing: bool


_ESCAPED_QUOTES = (b"&quot;", b"&#34;", b"&#x22;", b"&apos;", b"&#39;", b"&#x27;")


def quotes_escaped(page: bytes, tag: RawTag) -> bool:
    """Are the tag's attribute values quoted with escaped quotes (`href=&quot;...&quot;`)?"""
    return any(page.startswith(_ESCAPED_QUOTES, start) for _, start, _ in tag.attributes)


def ends_comment(lowered: bytes, end: int) -> bool:
    """Does a `-->` overlap the end of the token that ends at `end`? The automaton reports no
    overlapping matches, so the `-->` of `<!-->`, of `<!--[if !IE]><!-->` (on many real pages:
    the rest of the page is live markup) or of `telegram-post-->` is hidden by the token it
    overlaps, and would leave the rest of the page inside the comment."""
    return lowered[end - 2 : end + 1] == b"-->" or lowered[end - 1 : end + 2] == b"-->"


def start_tag(page: bytes, lt: int, at: int) -> RawTag | None:
    match = _START_TAG.match(page, lt, min(len(page), lt + MAX_TAG))
    if match is None or match.end() <= at:
        return None
    attributes = []
    base = match.start(2)
    for attribute in _ATTRIBUTE.finditer(match[2]):
        value = attribute[2]
        if value is None:
            attributes.append((attribute[1], base + attribute.end(), base + attribute.end()))
            continue
        start, end = base + attribute.start(2), base + attribute.end(2)
        if value[:1] in (b'"', b"'"):
            start, end = start + 1, end - 1
        attributes.append((attribute[1], start, end))
    self_closing = match[0].endswith(b"/>")
    return RawTag(match[1].lower(), lt, match.end(), tuple(attributes), self_closing)


_TAG_PATTERNS: dict[bytes, re.Pattern[bytes]] = {}


def tag_pattern(name: bytes) -> re.Pattern[bytes]:
    pattern = _TAG_PATTERNS.get(name)
    if pattern is None:
        pattern = _TAG_PATTERNS[name] = re.compile(rb"<(/?)" + name + rb"(?=[\s/>])")
    return pattern


def html_unescape(markup: bytes) -> bytes:
    return html.unescape(markup.decode("utf-8", "replace")).encode("utf-8", "replace")


def js_unescape(markup: bytes) -> bytes:
    """Markup as it stands inside JSON or JS string literals, with their escapes undone (twice
    where a JSON string holds JSON: `\\\\\\"` is a quote two levels down)."""
    text = markup.decode("utf-8", "replace")
    for _ in range(2):
        if "\\" not in text:
            break
        text = _JS_ESCAPE.sub(_js_char, text)
    return text.encode("utf-8", "replace")


def _js_char(match: re.Match[str]) -> str:
    escape = match[1]
    if escape[0] in "ux" and len(escape) > 1:
        return chr(int(escape[1:], 16))
    return _JS_SIMPLE.get(escape, escape)
