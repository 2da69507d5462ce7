# ruff: noqa: F811 - pytest fixtures imported from fetchkit are redefined as arguments
"""X/Twitter answers as the sources really give them, read to the verdict through `verify`.

Long posts (syndication's `note_tweet` is only an id; its `text` a preview), accounts that are
gone (syndication answers without `user`; FxTwitter calls a suspended account private),
answers that say nothing about the post (`{}`, HTTP 400), and FxTwitter's reply text with its
@mentions. The fixtures' provenance: tests/fixtures/fetch/PROVENANCE.md.
"""

from __future__ import annotations

import json
from pathlib import Path

import responses
from conftest import article_page, tweet_blockquote
from fetchkit import (  # noqa: F401 - fixtures  # noqa: F401 - fixture
    answer,
    clock,
    context,
    fake_network,
    fixture,
    quotes,
    server,
    verify_file,
)

from verifier.models import Outcome, PostRef
from verifier.platforms.fetcher import FetchContext
from verifier.platforms.twitter.answers import from_fxtwitter, from_syndication
from verifier.platforms.twitter.fetch import syndication_token
from verifier.resolve.fetch import fetch_post

SYNDICATION = "https://cdn.syndication.twimg.com/tweet-result"
OEMBED = "https://publish.twitter.com/oembed"
FX = "https://api.fxtwitter.com/status"
CDX = "https://web.archive.org/cdx/search/cdx"
LONG = "1786000000000000004"
GONE = "1716120243775402095"
REPLY = "1786000000000000005"


def fetchers(db: object) -> list[tuple[str, str]]:
    rows = db.query("select fetcher, outcome from fetches order by rowid")  # type: ignore[attr-defined]
    return [(r["fetcher"], r["outcome"]) for r in rows]


# 1. Long posts


def test_a_long_posts_preview_is_not_taken_for_its_text() -> None:
    original = from_syndication(
        answer(fixture("twitter/syndication_long_post_preview.json"), url=SYNDICATION),
        PostRef("twitter", LONG, None),
    )
    assert original.outcome is Outcome.AVAILABLE
    assert original.text_complete is False
    assert original.reason == "a long post: syndication gives only a preview of its text"


def test_verify_reads_a_long_post_whole_from_fxtwitter_and_verifies_a_full_quote(
    server: responses.RequestsMock, fake_network: object, tmp_path: Path
) -> None:
    server.get(SYNDICATION, body=fixture("twitter/syndication_long_post_preview.json"))
    server.get(f"{FX}/{LONG}", body=fixture("twitter/fxtwitter_long_post_whole.json"))
    whole = json.loads(fixture("twitter/fxtwitter_long_post_whole.json"))["tweet"]["text"]
    embed = tweet_blockquote(
        whole, name="Ana Ruiz", handle="anaruiz_news", post_id=LONG, shown_date="May 3, 2024"
    )
    db, code, err = verify_file(tmp_path, article_page(embed))
    assert code == 0, err
    [row] = quotes(db)
    assert (row["status"], row["author_ok"]) == ("verified", 1), row["reason"]
    [post] = db.query("select text, text_complete, author_handle from posts")
    assert (post["text"], post["text_complete"], post["author_handle"]) == (
        whole,
        1,
        "anaruiz_news",
    )
    assert fetchers(db) == [
        ("twitter.syndication", "available"),
        ("twitter.fxtwitter", "available"),
    ]
    # The text's evidence is FxTwitter's answer, which holds it.
    [source] = db.query("select fetcher from sources where kind = 'fetch'")
    assert source["fetcher"] == "twitter.fxtwitter"


def test_verify_leaves_a_long_post_pending_when_no_source_has_its_whole_text(
    server: responses.RequestsMock, fake_network: object, tmp_path: Path
) -> None:
    server.get(SYNDICATION, body=fixture("twitter/syndication_long_post_preview.json"))
    server.get(f"{FX}/{LONG}", status=500, body=b'{"code":500,"message":"API_FAIL"}')
    whole = json.loads(fixture("twitter/fxtwitter_long_post_whole.json"))["tweet"]["text"]
    embed = tweet_blockquote(whole, handle="anaruiz_news", post_id=LONG)
    db, code, err = verify_file(tmp_path, article_page(embed))
    [row] = quotes(db)
    # The preview alone would make the full quote look altered: it proves nothing either way.
    assert row["status"] == "pending", row["reason"]
    assert "would be altered" in row["reason"]
    [post] = db.query("select text_complete from posts")
    assert post["text_complete"] == 0


# 4. Gone accounts


def test_a_post_without_its_account_is_never_available() -> None:
    original = from_syndication(
        answer(fixture("twitter/syndication_account_gone.json"), url=SYNDICATION),
        PostRef("twitter", GONE, None),
    )
    assert original.outcome is Outcome.HIDDEN
    assert original.author_handle is None
    assert original.reason and "account no longer exists" in original.reason
    assert original.text == "We will publish the full list of the bridges on Friday."


def test_verify_says_a_gone_accounts_post_is_hidden_and_asks_no_further_source(
    server: responses.RequestsMock, fake_network: object, tmp_path: Path
) -> None:
    server.get(SYNDICATION, body=fixture("twitter/syndication_account_gone.json"))
    server.get(CDX, body=b"[]")
    embed = tweet_blockquote(
        "We will publish the full list of the bridges on Friday.",
        handle="citycouncil",
        post_id=GONE,
        shown_date="October 22, 2023",
    )
    db, code, err = verify_file(tmp_path, article_page(embed))
    [row] = quotes(db)
    # The words match the copy syndication still gives; the verdict says the post is gone and
    # the author cannot be confirmed.
    assert row["status"] == "verified"
    assert row["author_ok"] is None
    assert "the post is now hidden" in row["reason"] and "no longer exists" in row["reason"]
    [post] = db.query("select outcome, author_handle from posts")
    assert (post["outcome"], post["author_handle"]) == ("hidden", None)
    assert [f for f, _ in fetchers(db)] == ["twitter.syndication", "wayback.cdx", "wayback.cdx"]


def test_verify_does_not_call_a_private_answer_protected(
    server: responses.RequestsMock, fake_network: object, tmp_path: Path
) -> None:
    server.get(SYNDICATION, status=404)
    server.get(OEMBED, status=404)
    server.get(f"{FX}/5", status=401, body=fixture("twitter/fxtwitter_private.json"))
    server.get(CDX, body=b"[]")
    db, code, err = verify_file(tmp_path, article_page(tweet_blockquote("Hi", post_id="5")))
    [row] = quotes(db)
    assert row["status"] == "unavailable"
    assert row["reason"].startswith("hidden: ")
    assert "a protected account, or a suspended one" in row["reason"]


# 5. Errors are not facts


def test_verify_leaves_a_post_pending_when_syndication_refuses_the_request(
    server: responses.RequestsMock, fake_network: object, tmp_path: Path
) -> None:
    server.get(SYNDICATION, status=400, json={"error": "Bad request."})
    server.get(OEMBED, status=503)
    server.get(f"{FX}/7", status=500, body=b'{"code":500,"message":"API_FAIL"}')
    server.get(CDX, status=503)
    db, code, err = verify_file(tmp_path, article_page(tweet_blockquote("Hi", post_id="7")))
    [row] = quotes(db)
    assert row["status"] == "pending", row["reason"]
    assert "HTTP 400 from syndication (Bad request.)" in row["reason"]


def test_an_empty_syndication_answer_is_a_failed_fetch_not_a_missing_post(
    server: responses.RequestsMock, context: FetchContext
) -> None:
    server.get(SYNDICATION, body=b"{}")
    server.get(OEMBED, status=503)
    server.get(f"{FX}/7", status=500, body=b'{"code":500,"message":"API_FAIL"}')
    fetched = fetch_post(PostRef("twitter", "7", None), context, archives=False)
    assert fetched is not None
    assert [e.outcome for e in fetched.exchanges] == [Outcome.FAILED] * 3
    assert fetched.original.outcome is Outcome.FAILED
    assert syndication_token("7") in str(fetched.exchanges[0].result.url)


# 6. FxTwitter's reply text keeps the @mentions that embeds hide


def test_fxtwitters_reply_text_is_shown_from_after_its_mentions() -> None:
    original = from_fxtwitter(
        answer(fixture("twitter/fxtwitter_reply.json"), url=f"{FX}/{REPLY}"),
        PostRef("twitter", REPLY, None),
    )
    assert original.is_reply is True
    assert original.text[: original.display_start] == "@citydesk @transportoffice "


def test_verify_confirms_a_reply_by_oembed_and_fxtwitter_despite_the_mentions(
    server: responses.RequestsMock, fake_network: object, tmp_path: Path
) -> None:
    server.get(SYNDICATION, status=404)
    server.get(OEMBED, body=fixture("twitter/oembed_reply.json"))
    server.get(f"{FX}/{REPLY}", body=fixture("twitter/fxtwitter_reply.json"))
    shown = "The list of the 52 bridges will be published on Friday, the office says."
    embed = tweet_blockquote(shown, handle="anaruiz_news", post_id=REPLY, shown_date="May 2, 2024")
    db, code, err = verify_file(tmp_path, article_page(embed))
    [row] = quotes(db)
    assert row["status"] == "verified", row["reason"]
    [post] = db.query("select text_complete, reason from posts")
    assert post["text_complete"] == 1
    assert post["reason"] == "text confirmed by twitter.fxtwitter"
