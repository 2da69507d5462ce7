"""Feeds and sitemaps as sources: read through the one HttpClient from a real socket on
127.0.0.1, cut by --since, and articles done before skipped on a re-run."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import sqlite_utils
from click.testing import CliRunner
from conftest import SEED_ORIGINAL
from listings_kit import (
    atom,
    faithful_page,
    hours_ago,
    news_sitemap,
    rss,
    serve_newsroom,
    serve_post,
    sitemap_index,
)
from localsite import Site, local_site

from verifier.cli import cli
from verifier.http import HttpClient
from verifier.models import Problem
from verifier.pipeline.since import parse_since
from verifier.pipeline.verify import VerifyOptions, verify
from verifier.platforms.fetcher import Endpoints, FetchContext
from verifier.resolve import session
from verifier.resolve.fetch import default_endpoints, make_fetcher
from verifier.sources.feeds import feed_entries
from verifier.sources.listing import Listed, Listing, ListingKind
from verifier.sources.sitemaps import NotASitemap, parse_sitemap
from verifier.store import quote_rows
from verifier.store.imported import record_imported


@pytest.fixture
def site() -> Iterator[Site]:
    with local_site() as served:
        yield served


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    # One host serves everything here: the politeness interval would only make tests wait.
    monkeypatch.setattr(session, "client_defaults", lambda: {"per_host_interval": 0.0})


def run(site: Site, db, *listings: Listing, since: datetime | None = None, refresh=False):
    http = HttpClient(allow_private_hosts=True, per_host_interval=0.0)
    context = FetchContext(http, Endpoints(default_endpoints(), site.endpoints()))
    options = VerifyOptions(fetch=make_fetcher(context), since=since, refresh=refresh)
    return verify([], db=db, options=options, http=http, listings=listings)


def feed(url: str) -> Listing:
    return Listing(ListingKind.FEED, url)


def sitemap(url: str) -> Listing:
    return Listing(ListingKind.SITEMAP, url)


def statuses(db: sqlite_utils.Database) -> dict[str, str]:
    return {row["article"].rsplit("/", 1)[1]: row["status"] for row in quote_rows(db)}


def test_an_rss_feed_lists_its_articles_and_each_is_verified(site, db) -> None:
    summary = run(site, db, feed(serve_newsroom(site)))
    assert summary.problems == []
    assert summary.listed == 3
    assert statuses(db) == {"altered": "altered", "faithful": "verified", "old": "verified"}
    # The feed, each page once, and the post once: its answer is kept, not asked for again.
    assert sorted(site.requests) == sorted(
        ["/feed/", "/2024/altered", "/2024/faithful", "/2021/old"]
        + ["/endpoints/twitter-syndication/tweet-result"]
    )


def test_since_keeps_only_what_is_new(site, db) -> None:
    summary = run(site, db, feed(serve_newsroom(site)), since=hours_ago(2))
    assert summary.listed == 2
    assert "/2021/old" not in site.requests
    assert set(statuses(db)) == {"altered", "faithful"}


def test_a_rerun_skips_what_is_done_and_unchanged(site, db) -> None:
    url = serve_newsroom(site)
    run(site, db, feed(url))
    checked = {row["embed_id"]: row["checked_at"] for row in quote_rows(db)}
    site.requests.clear()
    site.serve("/2024/faithful", faithful_page("Musk and OpenAI, updated"))  # new bytes

    summary = run(site, db, feed(url))

    assert (summary.skipped, summary.articles) == (2, 1)
    # Pages are read again (their hash is the test), originals are not fetched again.
    assert "/endpoints/twitter-syndication/tweet-result" not in site.requests
    [changed] = [row for row in quote_rows(db) if row["article"].endswith("/faithful")]
    assert changed["article_title"] == "Musk and OpenAI, updated"
    unchanged = [row for row in quote_rows(db) if not row["article"].endswith("/faithful")]
    assert all(row["checked_at"] == checked[row["embed_id"]] for row in unchanged)
    assert run(site, db, feed(url), refresh=True).skipped == 0


def test_a_verdict_not_settled_is_judged_again_on_a_rerun(site, db) -> None:
    site.serve("/2024/faithful", faithful_page())
    url = site.serve("/feed/", rss([("A", site.url("/2024/faithful"), hours_ago(1))]))
    run(site, db, feed(url))  # every endpoint says 404: not found, for now
    assert statuses(db) == {"faithful": "not_found"}
    record_imported(db, SEED_ORIGINAL)  # then someone imports the post from an archive
    summary = run(site, db, feed(url))
    assert (summary.skipped, statuses(db)) == (0, {"faithful": "verified"})


def test_an_atom_feed_gives_each_entry_s_alternate_link_and_its_published_time() -> None:
    when = datetime(2024, 5, 1, 6, 30, tzinfo=UTC)
    body = atom([("Musk", "/2024/musk", when)]).encode()
    [entry] = feed_entries("https://news.example/atom.xml", body)
    assert entry == Listed(
        url="https://news.example/2024/musk",  # relative links read against the feed's URL
        listing="https://news.example/atom.xml",
        published=when,
        title="Musk",
    )


def test_a_news_sitemap_and_an_index_are_read_and_old_children_never_fetched(site, db) -> None:
    site.serve("/2024/faithful", faithful_page())
    site.serve("/2021/old", faithful_page())
    serve_post(site)
    site.serve(
        "/sitemap-news.xml",
        news_sitemap(
            [
                ("New", site.url("/2024/faithful"), hours_ago(1)),
                ("Old", site.url("/2021/old"), hours_ago(48)),
            ]
        ),
        "application/xml",
    )
    site.serve(
        "/sitemap-2021.xml.gz",
        gzip.compress(news_sitemap([("Old", site.url("/2021/old"), hours_ago(1))]).encode()),
        "application/x-gzip",
    )
    index = site.serve(
        "/sitemap.xml",
        sitemap_index(
            [(site.url("/sitemap-news.xml"), hours_ago(1)), ("/sitemap-2021.xml.gz", hours_ago(99))]
        ),
        "application/xml",
    )
    summary = run(site, db, sitemap(index), since=hours_ago(6))
    assert summary.problems == []
    assert "/sitemap-2021.xml.gz" not in site.requests  # its lastmod says it is older
    assert statuses(db) == {"faithful": "verified"}
    everything = run(site, db, sitemap(index))
    assert everything.listed == 2 and "/sitemap-2021.xml.gz" in site.requests


def test_a_gzipped_sitemap_is_read() -> None:
    root = parse_sitemap(
        gzip.compress(news_sitemap([("A", "https://x.example/a", hours_ago(1))]).encode())
    )
    assert root.tag.endswith("urlset")


def test_a_sitemap_that_defines_entities_is_not_expanded() -> None:
    # A billion laughs: lxml must neither expand nor fetch what the document declares.
    body = b"""<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY a "aaaaaaaaaa">
    <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
    <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&b;</loc></url></urlset>"""
    root = parse_sitemap(body)
    assert "aaaa" not in (root[0][0].text or "")


def test_a_broken_feed_is_a_problem_naming_it_and_the_entries_before_the_break_are_read(
    site, db
) -> None:
    site.serve("/2024/faithful", faithful_page())
    serve_post(site)
    whole = rss(
        [("A", site.url("/2024/faithful"), hours_ago(1)), ("B", site.url("/b"), hours_ago(1))]
    )
    broken = site.serve("/feed/", whole[: whole.rindex("<item>") + 30], "application/rss+xml")
    page = site.serve("/not-a-feed", "<!doctype html><html><body><p>Home</p></body></html>")
    gone = site.url("/missing.xml")

    summary = run(site, db, feed(broken), feed(page), sitemap(gone), sitemap(page))

    assert [(p.source, p.message) for p in summary.problems] == [
        (broken, "feed is malformed (no element found at line 23): 1 entries read"),
        (page, "not an RSS or Atom feed: the answer is an HTML page"),
        (gone, "sitemap fetch failed: HTTP 404"),
        (page, "not a sitemap: the answer is an HTML page"),
    ]
    assert statuses(db) == {"faithful": "verified"}  # the run went on
    assert db["problems"].count == 4


def test_not_a_sitemap_says_what_it_is() -> None:
    with pytest.raises(NotASitemap, match="malformed XML"):
        parse_sitemap(b"<urlset><url><loc>x</url>")


def test_an_offline_run_names_the_feed_it_cannot_read(db) -> None:
    summary = verify(
        [], db=db, options=VerifyOptions(offline=True), listings=[feed("https://n.example/rss")]
    )
    assert summary.problems == [
        Problem("https://n.example/rss", "read", "cannot fetch a feed in an offline run")
    ]


def test_since_reads_ages_and_dates() -> None:
    now = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    assert parse_since("2h", now=now) == now - timedelta(hours=2)
    assert parse_since("1w2d", now=now) == now - timedelta(days=9)
    assert parse_since("2024-04-30", now=now) == datetime(2024, 4, 30, tzinfo=UTC)
    assert parse_since("2024-05-01T08:00:00+02:00") == datetime(2024, 5, 1, 6, tzinfo=UTC)
    with pytest.raises(ValueError, match="cannot read 'yesterday' as a moment"):
        parse_since("yesterday")


def test_verify_feed_since_from_the_command_line(site, tmp_path) -> None:
    url = serve_newsroom(site)
    endpoints = [f"--endpoint={name}={base}" for name, base in site.endpoints().items()]
    args = ["verify", "--feed", url, "--since", "2h", "--allow-private-hosts", *endpoints]
    args += ["--db", str(tmp_path / "a.db")]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output  # an altered quote is a finding, not an error
    assert "2 article(s), 2 post(s) detected; verdicts: altered 1, verified 1" in first.output
    again = CliRunner().invoke(cli, args)
    assert "0 article(s), 2 unchanged skipped, 0 post(s)" in again.output


def test_verify_says_what_it_needs_and_which_since_it_cannot_read(tmp_path) -> None:
    nothing = CliRunner().invoke(cli, ["verify", "--db", str(tmp_path / "a.db")])
    assert (
        nothing.exit_code == 2
        and "give at least one SOURCE, --from FILE, --feed URL or --sitemap URL" in nothing.output
    )
    bad = CliRunner().invoke(cli, ["verify", "--feed", "https://x.example/", "--since", "soon"])
    assert bad.exit_code == 2 and "--since" in bad.output and "'soon'" in bad.output
