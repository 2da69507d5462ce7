"""Feeds, sitemaps and article pages in the shapes real sites serve, for the tests of listings,
the library and the example scripts. Written here (not recorded): the RSS is WordPress's
shape (RSS 2.0 with dc:creator, guid isPermaLink="false", content:encoded), the Atom is RFC
4287's with several links per entry, the sitemaps are sitemaps.org 0.9 with Google News'
`news:` extension, and the pages embed the seed post as publish.twitter.com hands it out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from conftest import SEED_TEXT, article_page, tweet_blockquote
from localsite import Site

ROOT = Path(__file__).resolve().parent
SYNDICATION = ROOT / "fixtures" / "fetch" / "twitter" / "syndication_seed_reply.json"
ALTERED_TEXT = SEED_TEXT.replace("Not what I intended at all.", "Exactly what I intended.")


def rss(items: list[tuple[str, str, datetime]]) -> str:
    """(title, link, published) as WordPress writes them."""
    entries = "".join(
        f"""
    <item>
      <title>{title}</title>
      <link>{link}</link>
      <dc:creator><![CDATA[Desk]]></dc:creator>
      <pubDate>{format_datetime(when)}</pubDate>
      <category><![CDATA[Tech]]></category>
      <guid isPermaLink="false">{link}?p=1</guid>
      <description><![CDATA[<p>{title}&#8230;</p>]]></description>
    </item>"""
        for title, link, when in items
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>News Example</title>
    <atom:link href="https://news.example/feed/" rel="self" type="application/rss+xml" />
    <link>https://news.example</link>
    <description>News</description>
    <lastBuildDate>Mon, 01 Jan 2024 00:00:00 +0000</lastBuildDate>
    <language>en-US</language>{entries}
  </channel>
</rss>
"""


def atom(items: list[tuple[str, str, datetime]]) -> str:
    entries = "".join(
        f"""
  <entry>
    <title type="html">{title}</title>
    <link rel="replies" type="text/html" href="{link}#comments"/>
    <link rel="alternate" type="text/html" href="{link}"/>
    <id>tag:news.example,2024:{i}</id>
    <updated>{(when + timedelta(minutes=5)).isoformat()}</updated>
    <published>{when.isoformat()}</published>
    <author><name>Desk</name></author>
    <summary type="html">{title}</summary>
  </entry>"""
        for i, (title, link, when) in enumerate(items)
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>News Example</title>
  <link rel="self" href="/atom.xml"/>
  <id>tag:news.example,2024:feed</id>
  <updated>2024-01-01T00:00:00Z</updated>{entries}
</feed>
"""


def news_sitemap(items: list[tuple[str, str, datetime]]) -> str:
    entries = "".join(
        f"""
  <url>
    <loc>{link}</loc>
    <lastmod>{(when + timedelta(hours=3)).isoformat()}</lastmod>
    <news:news>
      <news:publication><news:name>News Example</news:name><news:language>en</news:language>
      </news:publication>
      <news:publication_date>{when.isoformat()}</news:publication_date>
      <news:title>{title}</news:title>
    </news:news>
  </url>"""
        for title, link, when in items
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{entries}
</urlset>
"""


def sitemap_index(children: list[tuple[str, datetime]]) -> str:
    entries = "".join(
        f"\n  <sitemap><loc>{loc}</loc><lastmod>{when.isoformat()}</lastmod></sitemap>"
        for loc, when in children
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}
</sitemapindex>
"""


def faithful_page(title: str = "Musk and OpenAI") -> str:
    return article_page(tweet_blockquote(SEED_TEXT), title=title)


def altered_page(title: str = "Musk changes his mind") -> str:
    return article_page(tweet_blockquote(ALTERED_TEXT), title=title)


def hours_ago(hours: float) -> datetime:
    return (datetime.now(UTC) - timedelta(hours=hours)).replace(microsecond=0)


def serve_newsroom(site: Site) -> str:
    """A site with a feed of three articles (one altered quote, one faithful, one three days
    old) and the seed post's syndication answer; the feed's URL."""
    site.serve("/2024/faithful", faithful_page())
    site.serve("/2024/altered", altered_page())
    site.serve("/2021/old", faithful_page("An old story"))
    serve_post(site)
    return site.serve(
        "/feed/",
        rss(
            [
                ("Musk changes his mind", site.url("/2024/altered"), hours_ago(0.5)),
                ("Musk and OpenAI", site.url("/2024/faithful"), hours_ago(1)),
                ("An old story", site.url("/2021/old"), hours_ago(72)),
            ]
        ),
        "application/rss+xml; charset=UTF-8",
    )


def serve_post(site: Site) -> None:
    """The seed post, as X's syndication endpoint answers for it."""
    site.serve(
        "/endpoints/twitter-syndication/tweet-result",
        SYNDICATION.read_bytes(),
        "application/json;charset=utf-8",
    )
