# ruff: noqa: F811 - pytest fixtures imported from fetchkit are redefined as arguments
"""`verifier recheck`: archived originals fetched again, deletions, reappearances and edits
recorded as history, earlier evidence never lost; and the WARC export of it all."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import responses
from conftest import article_page, tweet_blockquote
from fetchkit import (  # noqa: F401 - fixtures
    FakeClock,
    clock,
    context,
    fake_network,
    fixture,
    quotes,
    run,
    server,
    shared_payload,
    verify_file,
)
from warcio.archiveiterator import ArchiveIterator

from verifier.pipeline.recheck import parse_age
from verifier.store import open_db
from verifier.store.held import posts_to_recheck

MASTODON_API = "https://social.example/api/v1/statuses/112000000000000042"
CDX = "https://web.archive.org/cdx/search/cdx"
CAPTURE = "https://web.archive.org/web/20240503091500id_/https://twitter.com/anaruiz_news/status/1786000000000000009"
SYNDICATION = "https://cdn.syndication.twimg.com/tweet-result"
MASTODON_EMBED = (
    '<iframe src="https://social.example/@harbourwatch/112000000000000042/embed" '
    'class="mastodon-embed" width="400"></iframe>'
)


def history(db: Any) -> list[tuple[str, str, str | None]]:
    return [
        (r["event"], r["outcome"], r["previous_outcome"])
        for r in db.query("select * from post_history order by at, rowid")
    ]


def recheck(db_path: Path, *options: str) -> tuple[int, str]:
    code, _out, err = run("recheck", "--db", str(db_path), *options)
    return code, err


def test_recheck_records_an_edit_a_deletion_and_a_reappearance(
    server: responses.RequestsMock, fake_network: FakeClock, tmp_path: Path
) -> None:
    pytest.importorskip("verifier.platforms.mastodon")
    server.get(MASTODON_API, body=fixture("mastodon/status.json"))
    db, code, err = verify_file(tmp_path, article_page(MASTODON_EMBED))
    assert code == 0, err
    db_path = tmp_path / "archive.db"

    server.replace(responses.GET, MASTODON_API, body=fixture("mastodon/status_edited.json"))
    server.get(f"{MASTODON_API}/history", body=fixture("mastodon/history.json"))
    code, err = recheck(db_path)
    assert code == 0, err
    assert "1 post(s) checked: available 1; history: edited 1; 1 verdict(s) judged again" in err

    server.replace(responses.GET, MASTODON_API, status=404, body=b'{"error":"Record not found"}')
    server.get(CDX, body=b"[]")
    code, err = recheck(db_path)
    assert "history: gone 1" in err

    server.replace(responses.GET, MASTODON_API, body=fixture("mastodon/status_edited.json"))
    code, err = recheck(db_path)
    assert "history: reappeared 1" in err

    db = open_db(db_path)
    assert history(db) == [
        ("first_seen", "available", None),
        ("edited", "available", "available"),
        ("gone", "hidden", "available"),
        ("reappeared", "available", "hidden"),
    ]
    versions = [r["text"] for r in db.query("select text from post_versions order by posted_at")]
    assert len(versions) == 2 and "tomorrow at 7:00" in versions[0]
    # Every request of every check is kept, in order.
    assert [
        r["fetcher"] for r in db.query("select fetcher from fetches order by requested_at, rowid")
    ] == [
        "mastodon.status",
        "mastodon.status",
        "mastodon.history",
        "mastodon.status",
        "wayback.cdx",
        "wayback.cdx",
        "mastodon.status",
        "mastodon.history",
    ]


def by_id(post_id: str) -> list[Any]:
    return [responses.matchers.query_param_matcher({"id": post_id}, strict_match=False)]


def test_a_post_that_disappears_between_two_rechecks_keeps_its_text_and_says_so(
    server: responses.RequestsMock, fake_network: FakeClock, tmp_path: Path
) -> None:
    edited, first = "1786000000000000002", "1786000000000000001"
    server.get(
        SYNDICATION, body=fixture("twitter/syndication_reply_edited.json"), match=by_id(edited)
    )
    server.get(
        SYNDICATION,
        body=fixture("twitter/syndication_reply_first_version.json"),
        match=by_id(first),
    )
    shown = json.loads(fixture("twitter/syndication_reply_first_version.json"))["text"]
    embed = tweet_blockquote(
        shown.removeprefix("@citydesk "),
        name="Ana Ruiz",
        handle="anaruiz_news",
        post_id="1786000000000000002",
        shown_date="May 2, 2024",
    )
    db, code, err = verify_file(tmp_path, article_page(embed))
    db_path = tmp_path / "archive.db"
    code, err = recheck(db_path, "--platform", "twitter")
    assert "history: no change" in err

    server.replace(
        responses.GET,
        SYNDICATION,
        body=shared_payload("twitter_syndication_tweet-result_tombstone_deleted.json"),
        match=by_id(edited),
    )
    server.get(CDX, body=b"[]")
    code, err = recheck(db_path)
    assert "deleted 1" in err and "history: gone 1" in err
    db = open_db(db_path)
    [post] = db.query("select * from posts")
    assert post["outcome"] == "deleted" and "14 of the 52 bridges" in post["text"]
    [row] = quotes(db)
    # The article is still judged against the copy kept, and says the post is gone.
    assert row["status"] == "verified"
    assert "the post is now deleted: This Post was deleted by the Post author" in row["reason"]
    assert "compared with the copy kept in the archive" in row["reason"]
    assert db["fetches"].count == 2 + 2 + 1 + 2  # verify, recheck, recheck with two CDX queries


def test_a_gone_post_never_seen_is_found_in_the_web_archive(
    server: responses.RequestsMock, fake_network: FakeClock, tmp_path: Path
) -> None:
    server.get(
        SYNDICATION, body=shared_payload("twitter_syndication_tweet-result_tombstone_deleted.json")
    )
    server.get(CDX, body=fixture("wayback/cdx.json"))
    server.get(CAPTURE, body=fixture("wayback/capture.html"), headers={"Content-Type": "text/html"})
    embed = tweet_blockquote(
        "The harbour authority confirmed the ferry will not run until Thursday.",
        name="Ana Ruiz",
        handle="anaruiz_news",
        post_id="1786000000000000009",
        shown_date="May 3, 2024",
    )
    db, code, err = verify_file(tmp_path, article_page(embed))
    [row] = quotes(db)
    assert row["status"] == "verified"
    assert "the post is now deleted" in row["reason"]
    assert "Wayback Machine capture of 2024-05-03 09:15 UTC" in row["reason"]
    [post] = db.query("select * from posts")
    assert (post["outcome"], post["archived_at"]) == ("deleted", "2024-05-03T09:15:00+00:00")
    [source] = db.query("select * from sources where id = ?", [post["source_id"]])
    assert (source["kind"], source["fetcher"], source["archived_at"]) == (
        "archive",
        "wayback.capture",
        "2024-05-03T09:15:00+00:00",
    )
    [version] = db.query("select origin, archived_at from post_versions")
    assert dict(version) == {"origin": "archive", "archived_at": "2024-05-03T09:15:00+00:00"}
    # A sharing card's text may be cut: a changed quote against it alone is not concluded.
    changed = embed.replace("until Thursday", "until Friday")
    db, code, err = verify_file(tmp_path, article_page(changed), name="b.html")
    statuses = sorted(r["status"] for r in quotes(db))
    assert statuses == ["pending", "verified"]


def test_older_than_and_platform_choose_what_is_rechecked(
    server: responses.RequestsMock, fake_network: FakeClock, tmp_path: Path
) -> None:
    server.get(SYNDICATION, body=fixture("twitter/syndication_reply_edited.json"))
    server.get(SYNDICATION, body=fixture("twitter/syndication_reply_first_version.json"))
    db, _code, _err = verify_file(
        tmp_path, article_page(tweet_blockquote("x", post_id="1786000000000000002"))
    )
    now = datetime.now(UTC)
    assert [h.ref.key for h in posts_to_recheck(db, older_than=timedelta(days=7))] == []
    later = now + timedelta(days=8)
    assert [
        h.ref.key for h in posts_to_recheck(db, older_than=timedelta(days=7), now_at=later)
    ] == ["twitter:1786000000000000002"]
    assert list(posts_to_recheck(db, platforms=["mastodon"])) == []
    code, err = recheck(tmp_path / "archive.db", "--older-than", "7d")
    assert "0 post(s) checked" in err
    code, out, _err = run(
        "recheck", "--db", str(tmp_path / "archive.db"), "--json", "--older-than", "0s"
    )
    summary = json.loads(out)
    assert (summary["checked"], summary["outcomes"], summary["verdicts"]) == (
        1,
        {"available": 1},
        1,
    )
    code, err = recheck(tmp_path / "archive.db", "--older-than", "soon")
    assert code == 2 and "cannot read 'soon' as an age" in err


def test_recheck_refuses_offline_and_a_missing_archive(tmp_path: Path) -> None:
    # recheck must fetch: its help does not offer --offline only to refuse it.
    code, err = recheck(tmp_path / "archive.db", "--offline")
    assert code == 2 and "No such option '--offline'" in err
    assert "--offline" not in run("recheck", "--help")[1]
    code, err = recheck(tmp_path / "none.db")
    assert code == 1 and "no archive at" in err


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("7d", timedelta(days=7)),
        ("12h", timedelta(hours=12)),
        ("1w2d", timedelta(days=9)),
        ("90m", timedelta(minutes=90)),
    ],
)
def test_ages(text: str, age: timedelta) -> None:
    assert parse_age(text) == age


# The WARC export


def test_the_warc_export_holds_every_recorded_response(
    server: responses.RequestsMock, fake_network: FakeClock, tmp_path: Path
) -> None:
    server.get(SYNDICATION, status=404)
    server.get("https://publish.twitter.com/oembed", body=fixture("twitter/oembed_post.json"))
    server.get(
        "https://api.fxtwitter.com/status/1786000000000000003",
        body=ConnectionError("reset"),
    )
    embed = tweet_blockquote("Hello", handle="anaruiz_news", post_id="1786000000000000003")
    db, _code, _err = verify_file(tmp_path, article_page(embed))
    recorded = [dict(r) for r in db.query("select * from fetches where http_status is not null")]
    assert len(recorded) == 2 and db["fetches"].count == 3  # FxTwitter never answered
    for suffix in (".warc", ".warc.gz"):
        target = tmp_path / f"evidence{suffix}"
        code, _out, err = run("export-warc", str(target), "--db", str(tmp_path / "archive.db"))
        assert code == 0 and "wrote 1 article(s), 2 response(s)" in err
        with target.open("rb") as stream:
            records = list(_read(stream))
        # The article itself comes first, as the file it was read from.
        assert [r[0] for r in records[:2]] == ["warcinfo", "resource"]
        assert records[1][1].startswith("file://")
        records = [records[0], *records[2:]]
        assert [r[0] for r in records] == ["warcinfo", "request", "response", "request", "response"]
        responses_ = [r for r in records if r[0] == "response"]
        assert sorted(r[1] for r in responses_) == sorted(r["final_url"] for r in recorded)
        for _kind, _uri, status, digest in responses_:
            match = [
                r
                for r in recorded
                if r["payload_sha256"] == digest or (r["size"] == 0 and digest == "")
            ]
            assert match and str(match[0]["http_status"]) == status


def _read(stream: Any) -> Any:
    for record in ArchiveIterator(stream):
        body = record.content_stream().read()
        status = record.http_headers.get_statuscode() if record.http_headers else None
        digest = hashlib.sha256(body).hexdigest() if body else ""
        yield record.rec_type, record.rec_headers.get_header("WARC-Target-URI"), status, digest


def test_endpoints_lists_every_name_with_its_default() -> None:
    code, out, _err = run("endpoints", "--json")
    names = json.loads(out)
    assert code == 0
    assert names["twitter-syndication"] == "https://cdn.syndication.twimg.com"
    assert names["fxtwitter"] == "https://api.fxtwitter.com"
    assert names["wayback"] == "https://web.archive.org"
    assert {
        "twitter-oembed",
        "mastodon",
        "bluesky",
        "reddit",
        "youtube",
        "tiktok",
        "tumblr",
    } <= set(names)
    assert {"instagram", "facebook", "threads", "telegram"} <= set(names)
    code, out, _err = run("endpoints")
    assert "twitter-syndication" in out and "https://{host}" in out


def test_the_readme_names_every_fetch_command_and_option() -> None:
    import click
    from conftest import ROOT

    from verifier.cli import cli

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("recheck", "export-warc", "endpoints"):
        assert f"`verifier {name}" in readme
        for param in cli.commands[name].params:
            if isinstance(param, click.Option):
                assert any(opt in readme for opt in param.opts), (name, param.opts)
    ours = {"refresh", "offline", "allow_private_hosts", "endpoints", "no_web_archive"}
    for param in cli.commands["verify"].params:
        if isinstance(param, click.Option) and param.name in ours:
            assert any(opt in readme for opt in param.opts), ("verify", param.opts)
