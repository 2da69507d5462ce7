# ruff: noqa: F811 - pytest fixtures imported from fetchkit are redefined as arguments
"""Reddit's 403 "Blocked" to anonymous API requests: a refusal of our request, answered by
taking a session cookie from old.reddit.com (as yt-dlp does since 72ac620) and asking again;
never a fact about the post. The post's own answer (PRAW's recorded one) keeps its meaning."""

from __future__ import annotations

from pathlib import Path

import responses
from conftest import article_page
from fetchkit import (  # noqa: F401 - fixtures
    answer,
    clock,
    fake_network,
    fixture,
    quotes,
    server,
    verify_file,
)
from responses import matchers

from verifier.models import Outcome, PostRef
from verifier.platforms.reddit.fetch import from_info

INFO = "https://www.reddit.com/api/info.json"
SESSION = "https://old.reddit.com/"
OEMBED = "https://www.reddit.com/oembed"
CDX = "https://web.archive.org/cdx/search/cdx"
URL = "https://www.reddit.com/r/investing/comments/7pfpeq/x/"
EMBED = (
    '<blockquote class="reddit-embed-bq"><a href="https://www.reddit.com/r/investing/comments/'
    "7pfpeq/x/\">Buffett on cyrptocurrencies: 'I can say almost with certainty that they will "
    'come to a bad ending\'</a><br> by <a href="https://www.reddit.com/user/dennisrieves/">'
    'u/dennisrieves</a> in <a href="https://www.reddit.com/r/investing/">investing</a></blockquote>'
)
COOKIE = "loid=000000000abcdef.2.1750000000000.Z0FBQUFB; Domain=.reddit.com; Path=/; Secure"
WITH_COOKIE = [matchers.header_matcher({"Cookie": "loid=000000000abcdef.2.1750000000000.Z0FBQUFB"})]


def blocked(server: responses.RequestsMock) -> None:
    server.get(INFO, status=403, body=fixture("reddit/info_403_blocked.html"))


def test_blocked_is_a_refusal_not_a_fact_about_the_post() -> None:
    original = from_info(
        answer(fixture("reddit/info_403_blocked.html"), 403, INFO), PostRef("reddit", "7pfpeq", URL)
    )
    assert original.outcome is Outcome.FAILED
    assert original.reason and "refused an anonymous request" in original.reason


def test_a_private_subreddits_403_says_so() -> None:
    body = b'{"reason": "private", "message": "Forbidden", "error": 403}'
    original = from_info(answer(body, 403, INFO), PostRef("reddit", "7pfpeq", URL))
    assert original.outcome is Outcome.PROTECTED
    assert original.reason and "private subreddit" in original.reason


def test_verify_takes_a_session_cookie_and_asks_again(
    server: responses.RequestsMock, fake_network: object, tmp_path: Path
) -> None:
    server.get(INFO, body=fixture("reddit/info_post_removed.json"), match=WITH_COOKIE)
    blocked(server)
    server.get(SESSION, body=b"<html>old reddit</html>", headers={"Set-Cookie": COOKIE})
    server.get(CDX, body=b"[]")
    db, code, err = verify_file(tmp_path, EMBED_PAGE)
    assert code == 0, err
    [row] = quotes(db)
    # The JSON answer, once had, keeps the title and the removal signal.
    assert row["status"] == "verified"
    assert "the post is now hidden: removed (moderator)" in row["reason"]
    rows = db.query("select fetcher, http_status, outcome from fetches order by rowid")
    assert [(r["fetcher"], r["http_status"], r["outcome"]) for r in rows][:3] == [
        ("reddit.info", 403, "failed"),
        ("reddit.session", 200, "available"),
        ("reddit.info", 200, "hidden"),
    ]
    [post] = db.query("select source_id from posts")
    [source] = db.query("select fetcher from sources where id = ?", [post["source_id"]])
    assert source["fetcher"] == "reddit.info"


def test_verify_leaves_a_post_pending_when_reddit_refuses_even_with_a_session(
    server: responses.RequestsMock, fake_network: object, tmp_path: Path
) -> None:
    blocked(server)
    server.get(SESSION, status=403, body=fixture("reddit/info_403_blocked.html"))
    server.get(OEMBED, status=403, body=fixture("reddit/info_403_blocked.html"))
    server.get(CDX, body=b"[]")
    db, code, err = verify_file(tmp_path, EMBED_PAGE)
    [row] = quotes(db)
    assert row["status"] == "pending", row["reason"]
    assert "refused an anonymous request" in row["reason"]
    assert "reddit.session: failed (HTTP 403 from https://old.reddit.com/)" in row["reason"]


EMBED_PAGE = article_page(EMBED)
