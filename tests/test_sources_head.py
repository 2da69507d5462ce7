"""Head metadata from lxml's tree gives what BeautifulSoup on lxml gave, page for page.

`bs4_metadata` is the reader `verify` used before (kept here as the reference): the corpus's
real pages and the edge cases below must get the same title, URL, day and language from both.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

from verifier.sources.articles import decode
from verifier.sources.head import HeadMetadata, read_head

PAGES = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "pages"
_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)
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


def bs4_metadata(html: str) -> HeadMetadata:
    end = _HEAD_END.search(html)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        head = BeautifulSoup(html[: end.end()] if end else html[:65536], "lxml")
    title = head.find("meta", property="og:title") or head.find("title")
    title_text = (
        (title.get("content") if title.name == "meta" else title.get_text()) if title else None
    )
    canonical = head.find("link", rel="canonical") or head.find("meta", property="og:url")
    url = (canonical.get("href") or canonical.get("content")) if canonical else None
    html_tag = head.find("html")
    language = html_tag.get("lang") if html_tag else None
    published = None
    for attribute, name in _PUBLISHED_META:
        tag = head.find("meta", attrs={attribute: name})
        if tag and tag.get("content"):
            published = _day(str(tag["content"]))
            break
    else:
        for script in head.find_all("script", type="application/ld+json"):
            if match := re.search(r'"datePublished"\s*:\s*"([^"]+)"', script.get_text()):
                published = _day(match[1])
                break
    return HeadMetadata(
        title=str(title_text).strip() if title_text else None,
        url=str(url) if url else None,
        published=published,
        language=str(language).split("-")[0].lower() if language else None,
    )


def _day(value: str) -> str | None:
    match = re.match(r"\s*(\d{4}-\d{2}(?:-\d{2})?)", value)
    return match[1] if match else None


EDGE_CASES = [
    "",
    "   ",
    "<p>no head at all</p>",
    '<?xml version="1.0" encoding="iso-8859-1"?><html lang="de-AT"><head><title>XHTML'
    "</title></head></html>",
    '<html><head><meta property="og:title" content=""><title>Fallback</title></head></html>',
    '<html><head><meta property="og:title"><title>Kept?</title></head></html>',
    "<html><head><title>  a <!-- hidden --> b &amp; c  </title></head></html>",
    "<html><head><title>   </title></head></html>",
    '<html><head><link rel="Canonical" href="/no"><link rel="alternate canonical" href="/yes">'
    "</head></html>",
    '<html><head><link rel="canonical"><meta property="og:url" content="/og"></head></html>',
    '<html><head><meta name="date" content="  2021-05-06T10:00"><meta name="pubdate" '
    'content="2020-01-01"></head></html>',
    '<html><head><meta name="date" content=""><meta name="pubdate" content="2020-01"></head>',
    '<html><head><script type="application/ld+json">{"datePublished" : "2019-02-03"}</script>'
    "</head></html>",
    '<html><head><META NAME="DC.date.issued" CONTENT="2018-07-08"></head></html>',
    '<html><head><meta charset="iso-8859-1"><title>Zürich é</title></head></html>',
    "<html><head><title>x</title></head><body><title>second</title></body></html>",
    '<!doctype html><html lang=""><head><title>\x00nul</title></head></html>',
    "<html><body><head><title>late head</title></head>",
]


@pytest.mark.parametrize("html", EDGE_CASES)
def test_edge_cases_read_as_beautifulsoup_read_them(html: str) -> None:
    assert read_head(html) == bs4_metadata(html)


def test_a_head_gives_its_title_url_day_and_language() -> None:
    page = (
        '<html lang="fr-FR"><head><title>Quotes</title><link rel="canonical" '
        'href="https://news.example/q"><meta property="article:published_time" '
        'content="2023-03-01T08:00:00Z"></head><body></body></html>'
    )
    assert read_head(page) == HeadMetadata(
        title="Quotes", url="https://news.example/q", published="2023-03-01", language="fr"
    )


def test_every_corpus_page_reads_as_beautifulsoup_read_it() -> None:
    if not PAGES.is_dir():
        pytest.skip("the shared corpus is not here (only on the team's machines and CI)")
    differ = []
    for page in sorted(PAGES.glob("*.htm*")):
        html, _ = decode(page.read_bytes())
        if read_head(html) != bs4_metadata(html):
            differ.append(page.name)
    assert differ == []
