# ruff: noqa: F811 - pytest fixtures imported from fetchkit are redefined as arguments
"""X/Twitter originals: syndication, then oEmbed, then FxTwitter, each answer one outcome;
and `verifier verify` on articles embedding posts, through recorded answers."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
import requests
import responses
from conftest import article_page, tweet_blockquote
from fetchkit import (  # noqa: F401 - fixtures
    clock,
    context,
    fake_network,
    fired,
    fixture,
    quotes,
    server,
    shared_payload,
    verify_file,
)

from verifier.http import FetchResult
from verifier.models import Outcome, PostRef
from verifier.platforms.fetcher import FetchContext
from verifier.platforms.twitter.answers import (
    created_at_from_id,
    from_fxtwitter,
    from_oembed,
    from_syndication,
)
from verifier.platforms.twitter.fetch import syndication_token
from verifier.resolve.fetch import fetch_post

SYNDICATION = "https://cdn.syndication.twimg.com/tweet-result"
OEMBED = "https://publish.twitter.com/oembed"
FX = "https://api.fxtwitter.com/status"
CDX = "https://web.archive.org/cdx/search/cdx"
REAL_ID = "1703436713362870723"


def answer(body: bytes, status: int = 200, url: str = SYNDICATION) -> FetchResult:
    import hashlib

    return FetchResult(
        url=url,
        final_url=url,
        status=status,
        headers={"content-type": "application/json"},
        body=body,
        sha256=hashlib.sha256(body).hexdigest(),
        fetched_at=datetime(2024, 6, 1, tzinfo=UTC),
        elapsed=0.1,
        redirects=(),
        error=None,
        attempts=1,
    )


def ref(post_id: str, handle: str | None = None) -> PostRef:
    return PostRef(
        "twitter", post_id, f"https://twitter.com/{handle or 'i/web'}/status/{post_id}", handle
    )


# The token and the id


@pytest.mark.parametrize(
    ("post_id", "token"), [("20", "6dq1a2xwd93"), ("1703436713362870723", "44ni5iyte19")]
)
def test_the_syndication_token_matches_the_published_vectors(post_id: str, token: str) -> None:
    assert syndication_token(post_id) == token


def test_the_creation_time_is_inside_a_snowflake_id() -> None:
    assert created_at_from_id("1626516035863212034") == datetime(
        2023, 2, 17, 9, 36, 56, 813000, tzinfo=UTC
    )
    assert created_at_from_id("20") is None  # before snowflakes: a counter, not a time


# One answer, one outcome


def test_a_real_syndication_answer_becomes_an_original() -> None:
    body = shared_payload(f"twitter_syndication_tweet-result_real_{REAL_ID}.json")
    original = from_syndication(answer(body), ref(REAL_ID))
    assert original.outcome is Outcome.AVAILABLE
    assert (original.author_handle, original.created_at, original.language) == (
        json.loads(body)["user"]["screen_name"],
        datetime(2023, 9, 17, 15, 52, 15, tzinfo=UTC),
        "en",
    )
    assert original.text.startswith("Senator @RonWyden is doing an AMA on r/technology")
    assert original.links == (
        (
            "https://t.co/JLoLiR5BcW",
            "https://reddit.com/r/technology/comments/16jlhj7/we_are_senator_ron_wyden_fight_for_the_future/",
        ),
    )
    assert original.edit_ids == (REAL_ID,) and original.edited_at is None
    assert original.text_complete and original.raw == body.decode()


def test_a_long_reply_gets_its_whole_text_shown_range_and_edits() -> None:
    body = fixture("twitter/syndication_reply_edited.json")
    original = from_syndication(answer(body), ref("1786000000000000002"))
    assert original.text.endswith("Update: the office says the list will be published on Friday.")
    assert original.display_start == len("@citydesk ")
    assert original.reply_to == "1785990000000000000"
    assert original.edit_ids == ("1786000000000000001", "1786000000000000002")
    assert original.edited_at == datetime(2024, 5, 2, 10, 15, tzinfo=UTC)
    assert dict(original.links) == {
        "https://t.co/Br1dGe5aaa": "https://example.org/report/2024/bridges"
    }


@pytest.mark.parametrize(
    ("payload", "outcome", "says"),
    [
        (
            "twitter_syndication_tweet-result_tombstone_deleted.json",
            Outcome.DELETED,
            "This Post was deleted by the Post author",
        ),
    ],
)
def test_a_real_tombstone_says_what_it_knows(payload: str, outcome: Outcome, says: str) -> None:
    original = from_syndication(answer(shared_payload(payload)), ref("1"))
    assert (original.outcome, original.text) == (outcome, "")
    assert original.reason and says in original.reason


@pytest.mark.parametrize(
    ("body", "status", "outcome", "says"),
    [
        (
            fixture("twitter/syndication_tombstone_suspended.json"),
            200,
            Outcome.SUSPENDED,
            "suspended",
        ),
        # `{}` is also what a wrong token gets: a failed fetch, retried, not "no such post".
        (b"{}", 200, Outcome.FAILED, "answered {}"),
        (b'{"error":"Bad request."}', 400, Outcome.FAILED, "HTTP 400 from syndication"),
        (b"", 404, Outcome.NOT_FOUND, "404"),
        (b"<!doctype html><title>Blocked</title>", 200, Outcome.FAILED, "HTML where JSON"),
        (b'{"__typename": "Tweet", "id_str": "1", "te', 200, Outcome.FAILED, "malformed JSON"),
        (b"", 200, Outcome.FAILED, "empty answer"),
        (b"Service Unavailable", 503, Outcome.FAILED, "HTTP 503"),
        (b"", 429, Outcome.RATE_LIMITED, "HTTP 429"),
    ],
)
def test_each_syndication_answer_maps_to_one_outcome(
    body: bytes, status: int, outcome: Outcome, says: str
) -> None:
    original = from_syndication(answer(body, status), ref("1"))
    assert original.outcome is outcome
    assert original.reason and says in original.reason


def test_an_oembed_answer_is_the_embed_text_marked_incomplete() -> None:
    body = shared_payload("twitter_oembed_publish.twitter.com_pepephone_436461658601713664.json")
    original = from_oembed(answer(body, url=OEMBED), ref("436461658601713664", "pepephone"))
    assert original.outcome is Outcome.AVAILABLE
    assert original.text == "RT @PabloHerreros Pepephone rompe la baraja - http://t.co/mFn7mcB1vy"
    assert (original.author_handle, original.author_name, original.language) == (
        "pepephone",
        "Pepephone",
        "es",
    )
    assert original.text_complete is False


def test_an_fxtwitter_answer_is_marked_incomplete() -> None:
    body = shared_payload("fxtwitter_api_status_1972284213232861204.json")
    original = from_fxtwitter(answer(body, url=FX), ref("1972284213232861204"))
    assert original.outcome is Outcome.AVAILABLE and original.text_complete is False
    assert original.text.startswith("Grok Code leads with 57.6% of coding traffic")
    assert original.author_handle == "amXFreeze"
    assert original.created_at == datetime(2025, 9, 28, 12, 56, 14, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "status", "outcome"),
    [
        # A suspended account's post is "private" too (FxEmbed issue 43): not known protected.
        ("twitter/fxtwitter_private.json", 401, Outcome.HIDDEN),
        ("twitter/fxtwitter_not_found.json", 404, Outcome.NOT_FOUND),
    ],
)
def test_fxtwitter_messages_map_to_outcomes(name: str, status: int, outcome: Outcome) -> None:
    assert from_fxtwitter(answer(fixture(name), status, FX), ref("1")).outcome is outcome


# The order of sources


def test_syndication_answers_first_and_alone(
    server: responses.RequestsMock, context: FetchContext
) -> None:
    body = shared_payload(f"twitter_syndication_tweet-result_real_{REAL_ID}.json")
    server.get(SYNDICATION, body=body)
    fetched = fetch_post(ref(REAL_ID), context)
    assert fetched is not None and fetched.original.outcome is Outcome.AVAILABLE
    assert fired(server) == [f"{SYNDICATION}?id={REAL_ID}&lang=en&token=44ni5iyte19"]
    assert [e.fetcher for e in fetched.exchanges] == ["twitter.syndication"]


def test_a_cut_text_confirmed_by_a_second_source_is_complete(
    server: responses.RequestsMock, context: FetchContext
) -> None:
    server.get(SYNDICATION, status=404)
    server.get(OEMBED, body=fixture("twitter/oembed_post.json"))
    server.get(f"{FX}/1786000000000000003", body=fixture("twitter/fxtwitter_post.json"))
    fetched = fetch_post(ref("1786000000000000003"), context, archives=False)
    assert fetched is not None
    assert [(e.fetcher, e.outcome) for e in fetched.exchanges] == [
        ("twitter.syndication", Outcome.NOT_FOUND),
        ("twitter.oembed", Outcome.AVAILABLE),
        ("twitter.fxtwitter", Outcome.AVAILABLE),
    ]
    assert fetched.original.text_complete is True and fetched.text_from == 1
    assert fetched.original.reason == "text confirmed by twitter.fxtwitter"


def test_of_two_cut_texts_that_differ_the_fuller_is_kept_incomplete(
    server: responses.RequestsMock, context: FetchContext
) -> None:
    server.get(SYNDICATION, status=404)
    server.get(OEMBED, body=fixture("twitter/oembed_long_post.json"))  # cut, with "…"
    server.get(f"{FX}/1786000000000000003", body=fixture("twitter/fxtwitter_long_post.json"))
    fetched = fetch_post(ref("1786000000000000003"), context, archives=False)
    assert fetched is not None and fetched.text_from == 2
    assert fetched.original.text.endswith("once the council has chosen a firm.")
    assert fetched.original.text_complete is False


def test_a_cut_text_alone_stays_incomplete(
    server: responses.RequestsMock, context: FetchContext
) -> None:
    server.get(SYNDICATION, body=b"<html>blocked</html>")
    server.get(OEMBED, body=fixture("twitter/oembed_long_post.json"))
    server.get(
        f"{FX}/1786000000000000003", status=404, body=fixture("twitter/fxtwitter_not_found.json")
    )
    fetched = fetch_post(ref("1786000000000000003"), context, archives=False)
    assert fetched is not None and fetched.original.outcome is Outcome.AVAILABLE
    assert fetched.original.text_complete is False


def test_a_definitive_answer_stops_the_chain(
    server: responses.RequestsMock, context: FetchContext
) -> None:
    server.get(SYNDICATION, body=fixture("twitter/syndication_tombstone_suspended.json"))
    fetched = fetch_post(ref("5"), context, archives=False)
    assert fetched is not None and fetched.original.outcome is Outcome.SUSPENDED
    assert len(server.calls) == 1


def test_when_every_source_fails_each_answer_is_in_the_reason(
    server: responses.RequestsMock, context: FetchContext
) -> None:
    server.get(SYNDICATION, body=requests.exceptions.ConnectionError("Connection reset by peer"))
    server.get(OEMBED, status=404)
    server.get(f"{FX}/7", status=500, body=b'{"code": 500, "message": "API_FAIL"}')
    fetched = fetch_post(ref("7"), context, archives=False)
    assert fetched is not None
    original = fetched.original
    assert original.outcome is Outcome.NOT_FOUND  # the most telling of the three
    assert original.reason is not None
    assert "twitter.syndication: failed (connection error" in original.reason
    assert "twitter.oembed: not_found (HTTP 404 from oEmbed)" in original.reason
    assert "twitter.fxtwitter: failed" in original.reason


def test_an_edited_post_brings_its_other_version(
    server: responses.RequestsMock, context: FetchContext
) -> None:
    server.get(
        SYNDICATION,
        body=fixture("twitter/syndication_reply_edited.json"),
        match=[
            responses.matchers.query_param_matcher(
                {"id": "1786000000000000002"}, strict_match=False
            )
        ],
    )
    server.get(
        SYNDICATION,
        body=fixture("twitter/syndication_reply_first_version.json"),
        match=[
            responses.matchers.query_param_matcher(
                {"id": "1786000000000000001"}, strict_match=False
            )
        ],
    )
    fetched = fetch_post(ref("1786000000000000002"), context)
    assert fetched is not None
    versions = fetched.original.versions
    assert [v.platform_id for v in versions] == ["1786000000000000001", "1786000000000000002"]
    assert "12 of the 52 bridges" in versions[0].text and "14 of the 52" in versions[1].text
    assert fetched.version_from == (1, 0)


# verifier verify, through recorded answers


def test_verify_fetches_a_real_post_and_verifies_the_embed(
    server: responses.RequestsMock, fake_network: object, tmp_path
) -> None:
    body = shared_payload(f"twitter_syndication_tweet-result_real_{REAL_ID}.json")
    data = json.loads(body)
    server.get(SYNDICATION, body=body, headers={"Content-Type": "application/json"})
    embed = tweet_blockquote(
        data["text"],
        name=data["user"]["name"],
        handle=data["user"]["screen_name"],
        post_id=REAL_ID,
        shown_date="September 17, 2023",
    )
    db, code, err = verify_file(tmp_path, article_page(embed))
    assert code == 0, err
    [row] = quotes(db)
    assert (row["status"], row["author_ok"], row["date_ok"]) == ("verified", 1, 1)
    [post] = db.query("select * from posts")
    assert post["source_id"] and post["outcome"] == "available"
    [source] = db.query("select * from sources where id = ?", [post["source_id"]])
    assert (source["kind"], source["fetcher"], source["http_status"]) == (
        "fetch",
        "twitter.syndication",
        200,
    )
    [fetch] = db.query("select * from fetches")
    assert fetch["url"] == f"{SYNDICATION}?id={REAL_ID}&lang=en&token=44ni5iyte19"
    assert json.loads(fetch["headers"]) == {"content-type": "application/json"}
    [payload] = db.query("select * from payloads where sha256 = ?", [fetch["payload_sha256"]])
    assert payload["body"].encode() == body


def test_verify_says_altered_when_the_article_changed_words(
    server: responses.RequestsMock, fake_network: object, tmp_path
) -> None:
    server.get(SYNDICATION, body=fixture("twitter/syndication_reply_edited.json"))
    server.get(SYNDICATION, body=fixture("twitter/syndication_reply_first_version.json"))
    shown = (
        "The inspection found that 40 of the 52 bridges in the county need urgent repairs, and "
        "the council has known since March."
    )
    embed = tweet_blockquote(
        shown,
        name="Ana Ruiz",
        handle="anaruiz_news",
        post_id="1786000000000000002",
        shown_date="May 2, 2024",
    )
    db, code, err = verify_file(tmp_path, article_page(embed))
    [row] = quotes(db)
    assert row["status"] == "altered", row["reason"]


def test_verify_finds_the_earlier_version_an_article_quoted(
    server: responses.RequestsMock, fake_network: object, tmp_path
) -> None:
    server.get(
        SYNDICATION,
        body=fixture("twitter/syndication_reply_edited.json"),
        match=[
            responses.matchers.query_param_matcher(
                {"id": "1786000000000000002"}, strict_match=False
            )
        ],
    )
    server.get(
        SYNDICATION,
        body=fixture("twitter/syndication_reply_first_version.json"),
        match=[
            responses.matchers.query_param_matcher(
                {"id": "1786000000000000001"}, strict_match=False
            )
        ],
    )
    first = json.loads(fixture("twitter/syndication_reply_first_version.json"))["text"]
    embed = tweet_blockquote(
        first.removeprefix("@citydesk "),
        name="Ana Ruiz",
        handle="anaruiz_news",
        post_id="1786000000000000002",
        shown_date="May 2, 2024",
    )
    db, code, err = verify_file(tmp_path, article_page(embed))
    [row] = quotes(db)
    assert row["status"] == "verified"
    assert "earlier version (version 1 of 2" in row["reason"]
    [verdict] = db.query("select post_version from verdicts")
    [version] = db.query("select * from post_versions where id = ?", [verdict["post_version"]])
    assert (version["platform_version_id"], version["origin"]) == ("1786000000000000001", "history")
    assert db["post_versions"].count == 2


def test_verify_says_unavailable_for_a_deleted_post(
    server: responses.RequestsMock, fake_network: object, tmp_path
) -> None:
    server.get(
        SYNDICATION, body=shared_payload("twitter_syndication_tweet-result_tombstone_deleted.json")
    )
    server.get(CDX, body=b"[]")
    embed = tweet_blockquote("Something they said", post_id="1700000000000000000")
    db, code, err = verify_file(tmp_path, article_page(embed))
    assert code == 0, err
    [row] = quotes(db)
    assert row["status"] == "unavailable"
    assert row["reason"].startswith("deleted: This Post was deleted by the Post author")
    assert [r["fetcher"] for r in db.query("select fetcher from fetches order by rowid")] == [
        "twitter.syndication",
        "wayback.cdx",  # twitter.com/elonmusk/status/...
        "wayback.cdx",  # x.com/elonmusk/status/...
    ]


def test_a_changed_quote_against_a_cut_text_alone_is_pending_not_altered(
    server: responses.RequestsMock, fake_network: object, tmp_path
) -> None:
    server.get(SYNDICATION, status=404)
    server.get(OEMBED, body=fixture("twitter/oembed_long_post.json"))
    server.get(f"{FX}/1786000000000000003", status=500, body=b'{"code":500,"message":"API_FAIL"}')
    shown = "The council voted 9 to 0 to close the old bridge on Monday."
    embed = tweet_blockquote(
        shown,
        name="Ana Ruiz",
        handle="anaruiz_news",
        post_id="1786000000000000003",
        shown_date="May 3, 2024",
    )
    db, code, err = verify_file(tmp_path, article_page(embed))
    [row] = quotes(db)
    assert row["status"] == "pending"
    assert "would be altered" in row["reason"] and "twitter.oembed" in row["reason"]
    [post] = db.query("select text_complete from posts")
    assert post["text_complete"] == 0


def test_what_was_fetched_once_is_not_fetched_again_unless_refresh(
    server: responses.RequestsMock, fake_network: object, tmp_path
) -> None:
    body = shared_payload(f"twitter_syndication_tweet-result_real_{REAL_ID}.json")
    data = json.loads(body)
    server.get(SYNDICATION, body=body)
    page = article_page(
        tweet_blockquote(data["text"], handle=data["user"]["screen_name"], post_id=REAL_ID)
    )
    verify_file(tmp_path, page)
    verify_file(tmp_path, page)
    assert len(server.calls) == 1
    db, code, _err = verify_file(tmp_path, page, "--refresh")
    assert len(server.calls) == 2 and db["fetches"].count == 2
    assert db["post_versions"].count == 1  # the same text seen again is the same version


def test_offline_never_touches_the_network(
    server: responses.RequestsMock, fake_network: object, tmp_path
) -> None:
    db, code, _err = verify_file(
        tmp_path, article_page(tweet_blockquote("Hi", post_id="42")), "--offline"
    )
    assert len(server.calls) == 0
    [row] = quotes(db)
    assert row["status"] == "pending"


def test_a_remnant_matched_by_author_and_date_to_a_cut_text_is_not_concluded(
    server: responses.RequestsMock, fake_network: object, tmp_path
) -> None:
    server.get(SYNDICATION, status=404)
    server.get(OEMBED, body=fixture("twitter/oembed_long_post.json"))
    server.get(
        f"{FX}/1786000000000000003", status=404, body=fixture("twitter/fxtwitter_not_found.json")
    )
    shown = "The council voted 7 to 2 to close the old bridge on Monday."
    embed = tweet_blockquote(
        shown,
        name="Ana Ruiz",
        handle="anaruiz_news",
        post_id="1786000000000000003",
        shown_date="May 3, 2024",
    )
    verify_file(tmp_path, article_page(embed))
    flat = (
        "The mayor spoke after the vote.\n\n"
        "The council voted 9 to 0 to close the old bridge on Monday.— Ana Ruiz (@anaruiz_news) "
        "May 3, 2024\n\nMore reporting follows.\n"
    )
    db, code, err = verify_file(tmp_path, flat, "--offline", name="flat.txt")
    remnant = [r for r in quotes(db) if r["kind"] == "remnant"]
    assert [r["status"] for r in remnant] == ["pending"], remnant
    assert "would be altered" in remnant[0]["reason"]
