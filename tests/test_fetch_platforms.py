# ruff: noqa: F811 - pytest fixtures imported from fetchkit are redefined as arguments
"""The other platforms' originals: each answer mapped to one outcome, and `verifier verify` on
an article embedding a post of each platform, through recorded answers, to the right verdict."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
import responses
from conftest import article_page
from fetchkit import (  # noqa: F401 - fixtures
    answer,
    clock,
    context,
    fake_network,
    fixture,
    need_platform,
    quotes,
    server,
    shared_payload,
    verify_file,
)

from verifier.models import Outcome, PostRef
from verifier.platforms.bluesky.fetch import from_thread
from verifier.platforms.fetcher import FetchContext
from verifier.platforms.mastodon.fetch import from_status, versions_from_history
from verifier.platforms.reddit.fetch import from_info
from verifier.platforms.telegram.fetch import from_embed
from verifier.platforms.tiktok.fetch import from_oembed as tiktok_oembed
from verifier.platforms.youtube.fetch import from_oembed as youtube_oembed
from verifier.resolve.fetch import fetch_post

CDX = "https://web.archive.org/cdx/search/cdx"
MASTODON_URL = "https://social.example/@harbourwatch/112000000000000042"
MASTODON_API = "https://social.example/api/v1/statuses/112000000000000042"
DID = "did:plc:z72i7hdynmk6r22z27h6tvur"
BSKY_URI = f"at://{DID}/app.bsky.feed.post/3kgcqwxyz2b2a"
THREAD = "https://public.api.bsky.app/xrpc/app.bsky.feed.getPostThread"
RESOLVE = "https://public.api.bsky.app/xrpc/com.atproto.identity.resolveHandle"
REDDIT_URL = "https://www.reddit.com/r/investing/comments/7pfpeq/"


MASTODON_REF = PostRef(
    "mastodon", "112000000000000042", MASTODON_URL, "harbourwatch@social.example"
)
BSKY_REF = PostRef("bluesky", BSKY_URI, f"https://bsky.app/profile/{DID}/post/3kgcqwxyz2b2a", None)


# Mastodon


def test_a_real_mastodon_status_and_its_history() -> None:
    status = shared_payload("mastodon_api_v1_statuses_id_after_edit_real_MastodonPy_cassette.json")
    original = from_status(answer(status), MASTODON_REF)
    assert original.outcome is Outcome.AVAILABLE
    assert (
        original.text == "the best editor? why, of course it is the KDE Advanced Text Editor, Kate"
    )
    assert original.edited_at == datetime(2026, 8, 1, 13, 54, 0, 695000, tzinfo=UTC)
    history = shared_payload("mastodon_api_v1_statuses_id_history_real_MastodonPy_cassette.json")
    versions = versions_from_history(answer(history))
    assert versions is not None
    assert [v.text for v in versions] == [
        "the best editor? why, of course it is VS Code",
        "the best editor? why, of course it is the KDE Advanced Text Editor, Kate",
    ]


def test_a_real_mastodon_404_is_hidden_not_deleted() -> None:
    body = shared_payload("mastodon_api_v1_statuses_id_404_real_MastodonPy_cassette.json")
    original = from_status(answer(body, 404), MASTODON_REF)
    assert original.outcome is Outcome.HIDDEN
    assert original.reason == (
        "HTTP 404 (Not Found): deleted, or not public: Mastodon answers both alike"
    )


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        (401, Outcome.PROTECTED),
        (410, Outcome.DELETED),
        (429, Outcome.RATE_LIMITED),
        (502, Outcome.FAILED),
    ],
)
def test_mastodon_statuses_map_to_outcomes(status: int, outcome: Outcome) -> None:
    assert from_status(answer(b'{"error": "x"}', status), MASTODON_REF).outcome is outcome


def test_an_edited_mastodon_post_is_fetched_with_every_version(
    server: responses.RequestsMock, context: FetchContext
) -> None:
    server.get(MASTODON_API, body=fixture("mastodon/status_edited.json"))
    server.get(f"{MASTODON_API}/history", body=fixture("mastodon/history.json"))
    fetched = fetch_post(MASTODON_REF, context)
    assert fetched is not None
    original = fetched.original
    assert original.author_handle == "harbourwatch@social.example"
    assert original.text.startswith("The ferry to the island is cancelled today and tomorrow")
    assert [v.posted_at for v in original.versions] == [
        datetime(2024, 3, 4, 8, 30, tzinfo=UTC),
        datetime(2024, 3, 4, 11, 5, tzinfo=UTC),
    ]
    assert [e.fetcher for e in fetched.exchanges] == ["mastodon.status", "mastodon.history"]


def test_an_endpoint_override_replaces_the_posts_own_server(
    server: responses.RequestsMock, context: FetchContext
) -> None:
    context.endpoints.overrides["mastodon"] = "http://127.0.0.1:9/mirror/"
    server.get(
        "http://127.0.0.1:9/mirror/api/v1/statuses/112000000000000042",
        body=fixture("mastodon/status.json"),
    )
    fetched = fetch_post(MASTODON_REF, context)
    assert fetched is not None
    # The guard refuses the loopback mirror: this context does not allow private hosts.
    assert fetched.original.outcome is Outcome.FAILED
    assert "private address 127.0.0.1" in (fetched.original.reason or "")


# Bluesky


def test_a_real_bluesky_thread_answer() -> None:
    body = shared_payload("bluesky_getPostThread_real_threadResponseMidThreadJson.json")
    original = from_thread(answer(body), BSKY_REF)
    assert original.outcome is Outcome.AVAILABLE
    assert original.author_handle == "chadmichael.bsky.social"
    assert original.text.startswith("If Bluesky is invite only")
    assert (
        original.reply_to
        == "at://did:plc:mndtiksvxikpsy3zl6ebd2kr/app.bsky.feed.post/3k7rlrukr4w2v"
    )


def test_a_bluesky_author_who_asks_to_stay_hidden_from_logged_out_readers() -> None:
    original = from_thread(answer(fixture("bluesky/thread_logged_out_gated.json")), BSKY_REF)
    assert original.outcome is Outcome.PROTECTED and original.text  # kept, marked
    assert "!no-unauthenticated" in (original.reason or "")


@pytest.mark.parametrize(
    ("name", "status"),
    [("bluesky/thread_not_found.json", 200), ("bluesky/post_not_found_400.json", 400)],
)
def test_a_missing_bluesky_post_is_hidden(name: str, status: int) -> None:
    original = from_thread(answer(fixture(name), status), BSKY_REF)
    assert original.outcome is Outcome.HIDDEN
    assert "deleted, or its account deactivated" in (original.reason or "")


def test_a_post_named_by_handle_is_resolved_to_its_did_first(
    server: responses.RequestsMock, context: FetchContext
) -> None:
    server.get(RESOLVE, body=fixture("bluesky/resolve_handle.json"))
    server.get(THREAD, body=fixture("bluesky/thread.json"))
    ref = PostRef(
        "bluesky",
        "at://riverkeeper.bsky.social/app.bsky.feed.post/3kgcqwxyz2b2a",
        "https://bsky.app/profile/riverkeeper.bsky.social/post/3kgcqwxyz2b2a",
        "riverkeeper.bsky.social",
    )
    fetched = fetch_post(ref, context)
    assert fetched is not None and fetched.original.outcome is Outcome.AVAILABLE
    assert [call.request.params for call in server.calls] == [
        {"handle": "riverkeeper.bsky.social"},
        {"uri": BSKY_URI, "depth": "0", "parentHeight": "0"},
    ]
    assert fetched.original.links == (
        ("gauges.example/mill…", "https://gauges.example/mill/readings/2024-01-05"),
    )


# Reddit, YouTube, TikTok, Telegram


@pytest.mark.parametrize(
    ("name", "outcome", "text"),
    [
        ("reddit/info_post.json", Outcome.AVAILABLE, "Buffett on cyrptocurrencies"),
        ("reddit/info_post_removed.json", Outcome.HIDDEN, "Buffett on cyrptocurrencies"),
        ("reddit/info_post_deleted.json", Outcome.DELETED, "Buffett on cyrptocurrencies"),
        ("reddit/info_empty.json", Outcome.NOT_FOUND, ""),
    ],
)
def test_reddit_posts_and_their_removals(name: str, outcome: Outcome, text: str) -> None:
    original = from_info(answer(fixture(name)), PostRef("reddit", "7pfpeq", REDDIT_URL))
    assert original.outcome is outcome and original.text.startswith(text)


def test_real_youtube_and_tiktok_oembed_answers() -> None:
    video = youtube_oembed(
        answer(shared_payload("youtube_oembed_1.json")),
        PostRef("youtube", "eiHXASgRTcA", "https://www.youtube.com/watch?v=eiHXASgRTcA"),
    )
    assert (video.text, video.author_handle) == ("Noisy kittens waiting for dinner!", "smshdchrb")
    clip = tiktok_oembed(
        answer(shared_payload("tiktok_oembed_a3noticias_6806030056956251397.json")),
        PostRef("tiktok", "6806030056956251397", None),
    )
    assert clip.author_handle == "a3noticias" and clip.text.startswith("Nuestro #AplausoSanitario")
    gone = tiktok_oembed(
        answer(fixture("oembed/tiktok_gone_400.json"), 400), PostRef("tiktok", "1", None)
    )
    assert gone.outcome is Outcome.HIDDEN


def test_a_telegram_embed_page_and_its_not_found_page() -> None:
    ref = PostRef("telegram", "harbourwatch/1042", "https://t.me/harbourwatch/1042", "harbourwatch")
    post = from_embed(answer(fixture("telegram/embed.html")), ref)
    assert post.text == "The bridge is open again ✅\n\nTraffic is back to two lanes from 6:00."
    assert (post.author_name, post.created_at) == (
        "Harbour Watch",
        datetime(2023, 2, 19, 12, 30, tzinfo=UTC),
    )
    gone = from_embed(answer(fixture("telegram/embed_not_found.html")), ref)
    assert gone.outcome is Outcome.NOT_FOUND and "Post not found" in (gone.reason or "")


# verifier verify on an article per platform


def test_verify_a_mastodon_embed_takes_its_text_and_every_version(
    server: responses.RequestsMock, fake_network: object, tmp_path
) -> None:
    need_platform("mastodon")
    server.get(MASTODON_API, body=fixture("mastodon/status_edited.json"))
    server.get(f"{MASTODON_API}/history", body=fixture("mastodon/history.json"))
    embed = (
        f'<iframe src="{MASTODON_URL}/embed" class="mastodon-embed" width="400"></iframe>'
        '<script src="https://social.example/embed.js" async="async"></script>'
    )
    db, code, err = verify_file(tmp_path, article_page(embed))
    assert code == 0, err
    [row] = quotes(db)
    assert row["status"] == "needs_original"
    assert row["original_text"].startswith(
        "The ferry to the island is cancelled today and tomorrow"
    )
    assert [
        r["origin"] for r in db.query("select origin from post_versions order by posted_at")
    ] == [
        "history",
        "fetch",
    ]


def test_verify_a_bluesky_embed_is_verified(
    server: responses.RequestsMock, fake_network: object, tmp_path
) -> None:
    need_platform("bluesky")
    server.get(THREAD, body=fixture("bluesky/thread.json"))
    embed = (
        f'<blockquote class="bluesky-embed" data-bluesky-uri="{BSKY_URI}" data-bluesky-cid="bafy">'
        '<p lang="en">The water level at the old mill passed 4.2 m this morning, the highest since '
        "1998. Full readings: gauges.example/mill…</p>&mdash; River Keeper (<a href="
        f'"https://bsky.app/profile/{DID}?ref_src=embed">@riverkeeper.bsky.social</a>) <a href='
        f'"https://bsky.app/profile/{DID}/post/3kgcqwxyz2b2a?ref_src=embed">Jan 5, 2024 at 3:04 PM'
        '</a></blockquote><script async src="https://embed.bsky.app/static/embed.js"></script>'
    )
    db, code, err = verify_file(tmp_path, article_page(embed))
    assert code == 0, err
    [row] = quotes(db)
    assert (row["status"], row["author_ok"], row["date_ok"]) == ("verified", 1, 1)


def test_verify_a_reddit_embed_is_verified_against_the_title(
    server: responses.RequestsMock, fake_network: object, tmp_path
) -> None:
    need_platform("reddit")
    server.get("https://www.reddit.com/api/info.json", body=fixture("reddit/info_post.json"))
    embed = (
        '<blockquote class="reddit-embed-bq" style="height:316px"><a href="https://www.reddit.com/r/'
        'investing/comments/7pfpeq/buffett_on_cyrptocurrencies_i_can_say_almost_with/">Buffett on '
        "cyrptocurrencies: 'I can say almost with certainty that they will come to a bad ending'"
        "</a>"
        '<br> by <a href="https://www.reddit.com/user/dennisrieves/">u/dennisrieves</a> in <a href='
        '"https://www.reddit.com/r/investing/">investing</a></blockquote>'
    )
    db, code, err = verify_file(tmp_path, article_page(embed))
    [row] = quotes(db)
    assert (row["status"], row["author_ok"]) == ("verified", 1)
    assert server.calls[0].request.params == {"id": "t3_7pfpeq", "raw_json": "1"}


def test_verify_a_removed_reddit_post_says_so_and_still_compares_the_title(
    server: responses.RequestsMock, fake_network: object, tmp_path
) -> None:
    need_platform("reddit")
    server.get(
        "https://www.reddit.com/api/info.json", body=fixture("reddit/info_post_removed.json")
    )
    server.get(CDX, body=b"[]")
    embed = (
        '<blockquote class="reddit-embed-bq"><a href="https://www.reddit.com/r/investing/comments/'
        "7pfpeq/x/\">Buffett on cyrptocurrencies: 'I can say almost with certainty that they will "
        'come to a bad ending\'</a><br> by <a href="https://www.reddit.com/user/dennisrieves/">'
        'u/dennisrieves</a> in <a href="https://www.reddit.com/r/investing/">investing</a></blockquote>'
    )
    db, code, err = verify_file(tmp_path, article_page(embed))
    [row] = quotes(db)
    assert row["status"] == "verified"
    assert "the post is now hidden: removed (moderator)" in row["reason"]


def test_verify_a_youtube_frame_takes_the_title_from_oembed(
    server: responses.RequestsMock, fake_network: object, tmp_path
) -> None:
    need_platform("youtube")
    server.get("https://www.youtube.com/oembed", body=fixture("oembed/youtube.json"))
    embed = '<iframe width="200" height="113" src="https://www.youtube.com/embed/dQw4w9WgXcQ?feature=oembed"></iframe>'
    db, code, err = verify_file(tmp_path, article_page(embed))
    [row] = quotes(db)
    assert row["status"] == "needs_original"
    assert row["original_text"] == "Flood barrier test at the old mill, January 2024"
    assert server.calls[0].request.params == {
        "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "format": "json",
    }


def test_verify_a_tiktok_embed_is_verified(
    server: responses.RequestsMock, fake_network: object, tmp_path
) -> None:
    need_platform("tiktok")
    server.get("https://www.tiktok.com/oembed", body=fixture("oembed/tiktok.json"))
    html = json.loads(fixture("oembed/tiktok.json"))["html"]
    db, code, err = verify_file(tmp_path, article_page(html))
    [row] = quotes(db)
    assert (row["status"], row["author_ok"]) == ("verified", 1)


def test_verify_a_tiktok_video_gone_is_unavailable(
    server: responses.RequestsMock, fake_network: object, tmp_path
) -> None:
    need_platform("tiktok")
    server.get(
        "https://www.tiktok.com/oembed", status=400, body=fixture("oembed/tiktok_gone_400.json")
    )
    server.get(CDX, body=b"[]")
    html = json.loads(fixture("oembed/tiktok.json"))["html"]
    db, code, err = verify_file(tmp_path, article_page(html))
    [row] = quotes(db)
    assert row["status"] == "unavailable"
    assert "TikTok does not say which" in row["reason"]


def test_verify_a_tumblr_embed_proves_the_post_but_no_words(
    server: responses.RequestsMock, fake_network: object, tmp_path
) -> None:
    need_platform("tumblr")
    server.get("https://www.tumblr.com/oembed/1.0", body=fixture("oembed/tumblr.json"))
    embed = (
        '<div class="tumblr-post" data-href="https://embed.tumblr.com/embed/post/t:BO6uqE2CY7O6bfroQfSY6Q/'
        '165326273724/v2"><a href="https://www.tumblr.com/he-who-photographs-rather-ok/165326273724">'
        "https://www.tumblr.com/he-who-photographs-rather-ok/165326273724</a></div>"
    )
    db, code, err = verify_file(tmp_path, article_page(embed))
    [row] = quotes(db)
    assert row["status"] == "needs_original"
    [post] = db.query("select outcome, author_name, text_complete from posts")
    assert dict(post) == {
        "outcome": "available",
        "author_name": "He-who-photographs-rather-OK",
        "text_complete": 0,
    }


def test_verify_an_instagram_embed_and_a_post_meta_will_not_show(
    server: responses.RequestsMock, fake_network: object, tmp_path
) -> None:
    need_platform("instagram")
    server.get(
        "https://graph.facebook.com/v26.0/instagram_oembed", body=fixture("oembed/instagram.json")
    )
    html = json.loads(fixture("oembed/instagram.json"))["html"]
    db, code, err = verify_file(tmp_path, article_page(html))
    [row] = quotes(db)
    assert row["status"] == "needs_original"
    [post] = db.query("select text, outcome from posts")
    assert dict(post) == {"text": "", "outcome": "available"}  # the attribution is not the text

    server.replace(
        responses.GET,
        "https://graph.facebook.com/v26.0/instagram_oembed",
        status=400,
        body=fixture("oembed/meta_error_100.json"),
    )
    server.get(CDX, body=b"[]")
    db, code, err = verify_file(tmp_path, article_page(html), "--refresh")
    [row] = quotes(db)
    assert row["status"] == "unavailable" and "not public" in row["reason"]


def test_verify_a_facebook_embed_against_its_cut_text(
    server: responses.RequestsMock, fake_network: object, tmp_path
) -> None:
    need_platform("facebook")
    server.get("https://graph.facebook.com/v26.0/oembed_post", body=fixture("oembed/facebook.json"))
    html = json.loads(fixture("oembed/facebook.json"))["html"]
    db, code, err = verify_file(tmp_path, article_page(html))
    [row] = quotes(db)
    assert row["status"] == "verified"
    changed = html.replace("tomorrow at 7:00", "on Friday at 9:00")
    db, code, err = verify_file(tmp_path, article_page(changed), name="changed.html")
    statuses = {r["article"].rsplit("/", 1)[-1]: (r["status"], r["reason"]) for r in quotes(db)}
    status, reason = statuses["changed.html"]
    assert status == "pending" and "would be altered" in reason  # Meta's text may be cut


def test_verify_a_threads_embed(
    server: responses.RequestsMock, fake_network: object, tmp_path
) -> None:
    need_platform("threads")
    server.get("https://graph.threads.net/oembed", body=fixture("oembed/threads.json"))
    html = json.loads(fixture("oembed/threads.json"))["html"]
    db, code, err = verify_file(tmp_path, article_page(html))
    [row] = quotes(db)
    assert row["status"] == "needs_original"
    assert fired_urls(server) == [
        "https://graph.threads.net/oembed?url=https%3A%2F%2Fwww.threads.com%2F%40harbourwatch%2Fpost%2FC3xYzAbCdEf&omitscript=true"
    ]


def test_verify_a_telegram_widget_takes_the_text_from_the_embed_page(
    server: responses.RequestsMock, fake_network: object, tmp_path
) -> None:
    need_platform("telegram")
    server.get("https://t.me/harbourwatch/1042", body=fixture("telegram/embed.html"))
    embed = (
        '<script async src="https://telegram.org/js/telegram-widget.js?22" '
        'data-telegram-post="harbourwatch/1042" data-width="100%"></script>'
    )
    db, code, err = verify_file(tmp_path, article_page(embed))
    [row] = quotes(db)
    assert row["status"] == "needs_original"
    assert row["original_text"].startswith("The bridge is open again ✅")
    assert server.calls[0].request.params == {"embed": "1", "mode": "tme"}


def fired_urls(server: responses.RequestsMock) -> list[str]:
    return [str(call.request.url) for call in server.calls]


def test_an_unreadable_edit_history_keeps_the_post_and_records_the_failure(
    server: responses.RequestsMock, context: FetchContext
) -> None:
    server.get(MASTODON_API, body=fixture("mastodon/status_edited.json"))
    server.get(f"{MASTODON_API}/history", body=b"<html>Too many requests</html>")
    fetched = fetch_post(MASTODON_REF, context)
    assert fetched is not None and fetched.original.outcome is Outcome.AVAILABLE
    assert fetched.original.versions == ()
    history = fetched.exchanges[1]
    assert (history.fetcher, history.outcome, history.reason) == (
        "mastodon.history",
        Outcome.FAILED,
        "edit history unreadable",
    )


def test_verify_a_truth_social_embed_through_its_mastodon_api(
    server: responses.RequestsMock, fake_network: object, tmp_path
) -> None:
    need_platform("truthsocial")
    status = json.loads(fixture("mastodon/status.json"))
    status["url"] = "https://truthsocial.com/@harbourwatch/113469592580125347"
    server.get("https://truthsocial.com/api/v1/statuses/113469592580125347", json=status)
    embed = (
        '<iframe src="https://truthsocial.com/@harbourwatch/113469592580125347/embed" '
        'class="truthsocial-embed" width="600"></iframe>'
    )
    db, code, err = verify_file(tmp_path, article_page(embed))
    [row] = quotes(db)
    assert (row["platform"], row["status"]) == ("truthsocial", "needs_original")
    assert row["original_text"].startswith("The ferry to the island")
    [post] = db.query("select author_handle from posts")
    assert post["author_handle"] == "harbourwatch@truthsocial.com"


def test_verify_a_linkedin_embed_says_no_source_can_be_asked(
    server: responses.RequestsMock, fake_network: object, tmp_path
) -> None:
    need_platform("linkedin")
    embed = (
        '<iframe src="https://www.linkedin.com/embed/feed/update/urn:li:share:7197587563014619136"'
        ' height="670" width="504" frameborder="0" title="Embedded post"></iframe>'
    )
    db, code, err = verify_file(tmp_path, article_page(embed))
    [row] = quotes(db)
    assert row["status"] == "not_found"
    assert "no linkedin source can be asked" in row["searched"]
    assert len(server.calls) == 0
