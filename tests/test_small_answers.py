# ruff: noqa: F811 - pytest fixtures imported from fetchkit are redefined as arguments
"""Smaller readings of real answers, each to the verdict through `verify`: Facebook videos go
to Meta's oembed_video; Meta's answers no longer name the author (it comes from their html);
a Wayback "Blocked Site Error" means no capture will ever be shown, so it is not retried.
Provenance of the fixtures: tests/fixtures/fetch/PROVENANCE.md."""

from __future__ import annotations

import json
from pathlib import Path

import responses
from conftest import ROOT, article_page, tweet_blockquote
from fetchkit import (  # noqa: F401 - fixtures
    clock,
    fake_network,
    fired,
    fixture,
    quotes,
    run,
    server,
    verify_file,
)

from verifier.platforms.facebook.fetch import oembed_path
from verifier.store import open_db

GRAPH = "https://graph.facebook.com/v26.0"
CDX = "https://web.archive.org/cdx/search/cdx"
SYNDICATION = "https://cdn.syndication.twimg.com/tweet-result"
SEED = str(ROOT / "seeds" / "000_02392556c8f407f7.txt")


def test_videos_and_reels_go_to_oembed_video() -> None:
    for url in (
        "https://www.facebook.com/harbourwatch/videos/1661762744185332/",
        "https://www.facebook.com/harbourwatch/videos/storm-at-the-harbour/1661762744185332/",
        "https://www.facebook.com/reel/1661762744185332",
        "https://www.facebook.com/watch/?v=1661762744185332",
    ):
        assert oembed_path(url) == "/v26.0/oembed_video", url
    assert oembed_path("https://www.facebook.com/harbourwatch/posts/pfbid02Ab") == (
        "/v26.0/oembed_post"
    )


def test_verify_a_facebook_video_through_oembed_video_with_its_author_from_the_html(
    server: responses.RequestsMock, fake_network: object, tmp_path: Path
) -> None:
    server.get(f"{GRAPH}/oembed_video", body=fixture("oembed/facebook_video.json"))
    html = json.loads(fixture("oembed/facebook_video.json"))["html"]
    db, code, err = verify_file(tmp_path, article_page(html))
    assert code == 0, err
    [row] = quotes(db)
    assert (row["status"], row["author_ok"]) == ("verified", 1), row["reason"]
    assert [url.split("?")[0] for url in fired(server)] == [f"{GRAPH}/oembed_video"]
    [post] = db.query("select author_handle, author_name from posts")
    assert (post["author_handle"], post["author_name"]) == ("harbourwatch", "Harbour Watch")


def test_meta_answers_without_author_name_still_name_the_author(
    server: responses.RequestsMock, fake_network: object, tmp_path: Path
) -> None:
    body = fixture("oembed/instagram.json")
    assert "author_name" not in json.loads(body)  # Meta no longer sends it
    server.get(f"{GRAPH}/instagram_oembed", body=body)
    html = json.loads(body)["html"]
    db, code, err = verify_file(tmp_path, article_page(html))
    assert code == 0, err
    [post] = db.query("select author_handle, author_name from posts")
    assert (post["author_handle"], post["author_name"]) == ("harbourwatch", "Harbour Watch")


def test_a_blocked_site_in_the_web_archive_is_recorded_once_not_retried(
    server: responses.RequestsMock, fake_network: object, tmp_path: Path
) -> None:
    blocked = fixture("wayback/cdx_403_blocked_site.txt")
    assert b"Blocked Site Error" in blocked
    server.get(CDX, status=403, body=blocked)
    db_path = str(tmp_path / "archive.db")
    code, _out, err = run("verify", SEED, "--db", db_path)
    assert code == 0, err
    [row] = [r for r in quotes(open_db(db_path)) if r["kind"] == "remnant"]
    # Before, a failed search: pending, and asked again by every run.
    assert row["status"] == "not_found", row["reason"]
    assert "403 Blocked Site Error" in row["searched"]
    assert len([url for url in fired(server) if url.startswith(CDX)]) == 1


def test_a_blocked_site_ends_a_deleted_posts_search_for_a_capture(
    server: responses.RequestsMock, fake_network: object, tmp_path: Path
) -> None:
    server.get(
        SYNDICATION,
        body=b'{"__typename":"TweetTombstone","tombstone":{"text":{"text":"This Post was'
        b' deleted by the Post author. Learn more"}}}',
    )
    server.get(CDX, status=403, body=fixture("wayback/cdx_403_blocked_site.txt"))
    embed = tweet_blockquote("Something they said", handle="someone", post_id="1700000000000000000")
    db, code, err = verify_file(tmp_path, article_page(embed))
    [row] = quotes(db)
    assert row["status"] == "unavailable"
    rows = db.query("select fetcher, outcome, reason from fetches where fetcher = 'wayback.cdx'")
    # twitter.com's URL was asked; x.com's, on the same blocked archive, was not.
    assert [(r["outcome"], r["reason"]) for r in rows] == [
        (
            "not_found",
            "the Wayback Machine shows no captures of this site (403 Blocked Site Error)",
        )
    ]
