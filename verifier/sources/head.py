"""An HTML page's metadata from its `<head>`: title, canonical URL, publication day, language.

lxml's own tree, not BeautifulSoup's: the same libxml2 parser builds the same elements, but
BeautifulSoup made a Python object of every tag and string of every head (a third of `verify`'s
time on a news crawl, where most pages embed nothing). The rules are BeautifulSoup's `find`
rules as the metadata used them (first match in document order; `rel` is a list of words);
tests/test_sources_head.py checks the answers against BeautifulSoup on every corpus page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)
# Where a page has no </head>, its metadata is looked for in this much of its start.
_HEAD_LIMIT = 65536
_PUBLISHED_META = (
    ("property", "article:published_time"),
    ("name", "article:published_time"),
    ("itemprop", "datePublished"),
    ("name", "date"),
    ("name", "pubdate"),
    ("name", "publish-date"),
    ("name", "dc.date"),
    ("name", "DC.date.issued"),
    ("property", "og:published_time"),
)
_DATE_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')
_ISO_DAY = re.compile(r"\s*(\d{4}-\d{2}(?:-\d{2})?)")


@dataclass(frozen=True)
class HeadMetadata:
    title: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = None


def read_head(html: str) -> HeadMetadata:
    """The metadata of a page, from its head only: it is small, and the body is parsed once,
    later, and only where it may hold embeds."""
    end = _HEAD_END.search(html)
    head = html[: end.end()] if end else html[:_HEAD_LIMIT]
    found = _Head()
    # Bytes with their encoding named: lxml refuses a str that carries an XML declaration, and
    # a <meta charset> must not re-decode text that is already decoded.
    parser = etree.HTMLParser(encoding="utf-8", target=found)
    try:
        parser.feed(head.encode("utf-8", "replace"))
        parser.close()
    except (etree.ParserError, ValueError):
        pass
    return found.metadata()


class _Head:
    """lxml's parser events, kept where the metadata needs them. Events, not the tree: after a
    page's `<html ... />` libxml2 builds no more of its tree but goes on reporting what it
    reads (as BeautifulSoup, fed the same events, saw it)."""

    def __init__(self) -> None:
        self.metas: list[dict[str, str]] = []
        self.canonical: dict[str, str] | None = None
        self.lang: str | None = None
        self.html_seen = False
        self.title: list[str] | None = None
        self.title_depth = 0
        self.scripts: list[list[str]] = []
        self.in_script: list[str] | None = None

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        if tag == "meta":
            self.metas.append(dict(attrib))
        elif tag == "link":
            if self.canonical is None and "canonical" in (attrib.get("rel") or "").split():
                self.canonical = dict(attrib)
        elif tag == "html" and not self.html_seen:
            self.html_seen = True
            self.lang = attrib.get("lang")
        elif tag == "title" and self.title is None:
            self.title = []
            self.title_depth = 1
            return
        elif tag == "script" and attrib.get("type") == "application/ld+json":
            self.in_script = []
            self.scripts.append(self.in_script)
        if self.title_depth:
            self.title_depth += 1

    def end(self, tag: str) -> None:
        if self.title_depth:
            self.title_depth -= 1
        if tag == "script":
            self.in_script = None

    def data(self, text: str) -> None:
        if self.title_depth and self.title is not None:
            self.title.append(text)
        if self.in_script is not None:
            self.in_script.append(text)

    def comment(self, text: str) -> None:
        """Comments are no part of a title's text."""

    def close(self) -> None:
        """Nothing to finish: `metadata()` reads what was kept."""

    def metadata(self) -> HeadMetadata:
        og_title = _first(self.metas, "property", "og:title")
        if og_title is not None:
            title_text = og_title.get("content")
        else:
            title_text = "".join(self.title) if self.title is not None else None
        canonical = self.canonical or _first(self.metas, "property", "og:url")
        url = (canonical.get("href") or canonical.get("content")) if canonical else None
        language = self.lang
        return HeadMetadata(
            title=title_text.strip() if title_text else None,
            url=url or None,
            published=self._published(),
            language=language.split("-")[0].lower() if language else None,
        )

    def _published(self) -> str | None:
        for attribute, name in _PUBLISHED_META:
            tag = _first(self.metas, attribute, name)
            if tag is not None and tag.get("content"):
                return _iso_day(tag["content"])
        for script in self.scripts:
            if match := _DATE_PUBLISHED.search("".join(script)):
                return _iso_day(match[1])
        return None


def _first(metas: list[dict[str, str]], attribute: str, value: str) -> dict[str, str] | None:
    return next((m for m in metas if m.get(attribute) == value), None)


def _iso_day(value: str) -> str | None:
    match = _ISO_DAY.match(value)
    return match[1] if match else None
