# ruff: noqa: F811 - pytest fixtures imported from fetchkit are redefined as arguments
"""Faults on the way to an original: each ends in one outcome, the verdict says so, and the
archive keeps every earlier row and a clear record of what went wrong."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import responses
from conftest import article_page, tweet_blockquote
from fetchkit import (  # noqa: F401 - fixtures
    FakeClock,
    clock,
    fake_network,
    fixture,
    quotes,
    run,
    server,
    verify_file,
)

SYNDICATION = "https://cdn.syndication.twimg.com/tweet-result"
OEMBED = "https://publish.twitter.com/oembed"
FX = "https://api.fxtwitter.com/status/1786000000000000002"
CDX = "https://web.archive.org/cdx/search/cdx"
POST_ID = "1786000000000000002"
SHOWN = (
    "The inspection found that 14 of the 52 bridges in the county need urgent repairs, and the "
    "council has known since March."
)


def page(shown: str = SHOWN) -> str:
    return article_page(
        tweet_blockquote(
            shown, name="Ana Ruiz", handle="anaruiz_news", post_id=POST_ID, shown_date="May 2, 2024"
        )
    )


def fetch_rows(db: Any) -> list[dict[str, Any]]:
    return [dict(r) for r in db.query("select * from fetches order by requested_at, rowid")]


def all_sources_fail(server: responses.RequestsMock, body: Any = None, status: int = 200) -> None:
    for url in (SYNDICATION, OEMBED, FX):
        server.get(url, body=body, status=status)
    server.get(CDX, body=b"[]")


@pytest.mark.parametrize(
    ("fault", "says"),
    [
        (requests.exceptions.ReadTimeout("read timed out"), "timeout: "),
        (requests.exceptions.ConnectionError("Connection reset by peer"), "connection error"),
    ],
)
def test_network_faults_leave_the_verdict_pending_and_say_why(
    server: responses.RequestsMock,
    fake_network: FakeClock,
    tmp_path: Path,
    fault: Exception,
    says: str,
) -> None:
    all_sources_fail(server, body=fault)
    db, code, err = verify_file(tmp_path, page())
    assert code == 0, err  # a fetch that failed is a warning: the verdict waits for a retry
    [row] = quotes(db)
    assert row["status"] == "pending"
    assert says in row["reason"]
    rows = fetch_rows(db)
    assert [r["fetcher"] for r in rows] == [
        "twitter.syndication",
        "twitter.oembed",
        "twitter.fxtwitter",
        "wayback.cdx",
        "wayback.cdx",
    ]
    assert all(r["error"].startswith(says) for r in rows[:3])
    assert all(r["http_status"] is None and r["attempts"] == 2 for r in rows[:3])  # retried once
    [problem] = db.query("select * from problems")
    assert (problem["stage"], problem["severity"]) == ("fetch", "warning")
    [post] = db.query("select outcome, text, source_id from posts")
    assert post["outcome"] == "failed" and post["text"] == ""
    [source] = db.query("select * from sources where id = ?", [post["source_id"]])
    assert source["fetch_id"] == rows[2]["id"]  # the platform's last failed answer


def test_429_with_retry_after_is_waited_for_then_fetched(
    server: responses.RequestsMock, fake_network: FakeClock, tmp_path: Path
) -> None:
    server.get(SYNDICATION, status=429, headers={"Retry-After": "3"})
    server.get(SYNDICATION, body=fixture("twitter/syndication_reply_edited.json"))
    server.get(SYNDICATION, body=fixture("twitter/syndication_reply_first_version.json"))
    db, code, err = verify_file(tmp_path, page())
    assert fake_network.sleeps[0] == 3.0
    [row] = quotes(db)
    assert row["status"] == "truncated"  # the article quotes the post's first sentence
    first = fetch_rows(db)[0]
    assert (first["http_status"], first["attempts"]) == (200, 2)


def test_429_asking_too_long_a_wait_is_rate_limited_and_pending(
    server: responses.RequestsMock, fake_network: FakeClock, tmp_path: Path
) -> None:
    all_sources_fail(server, status=429)
    server.replace(responses.GET, SYNDICATION, status=429, headers={"Retry-After": "3600"})
    db, code, err = verify_file(tmp_path, page())
    assert max(fake_network.sleeps, default=0) <= 5.0  # never slept the hour
    [row] = quotes(db)
    assert row["status"] == "pending"
    assert "rate_limited" in row["reason"] and "Retry-After: 3600" in row["reason"]
    first = fetch_rows(db)[0]
    assert (first["http_status"], first["outcome"]) == (429, "rate_limited")
    assert json.loads(first["headers"])["retry-after"] == "3600"


def test_server_errors_are_retried_then_recorded(
    server: responses.RequestsMock, fake_network: FakeClock, tmp_path: Path
) -> None:
    all_sources_fail(server, body=b"<h1>Internal Server Error</h1>", status=500)
    db, code, err = verify_file(tmp_path, page())
    [row] = quotes(db)
    assert row["status"] == "pending"
    first = fetch_rows(db)[0]
    assert (first["http_status"], first["attempts"], first["outcome"]) == (500, 2, "failed")
    # The error page is kept as evidence like any body.
    [body] = db.query("select body from payloads where sha256 = ?", [first["payload_sha256"]])
    assert body["body"] == "<h1>Internal Server Error</h1>"


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b'{"__typename": "Tweet", "id_str": "17860000', "malformed JSON"),
        (b"<!DOCTYPE html><html><body>Something went wrong</body></html>", "HTML where JSON"),
        (b"", "empty answer"),
    ],
)
def test_answers_that_are_not_json_are_failures_that_name_the_fault(
    server: responses.RequestsMock, fake_network: FakeClock, tmp_path: Path, body: bytes, says: str
) -> None:
    all_sources_fail(server, body=body)
    db, code, err = verify_file(tmp_path, page())
    [row] = quotes(db)
    assert row["status"] == "pending"
    assert says in fetch_rows(db)[0]["reason"]


def test_a_redirect_to_a_private_address_is_refused_and_recorded(
    server: responses.RequestsMock, fake_network: FakeClock, tmp_path: Path
) -> None:
    all_sources_fail(server, status=404)
    server.replace(
        responses.GET,
        SYNDICATION,
        status=302,
        headers={"Location": "http://intranet.example/admin"},
    )
    db, code, err = verify_file(tmp_path, page())
    first = fetch_rows(db)[0]
    assert first["error"] == (
        "refused: intranet.example resolves to private address 10.0.0.7"
        " (pass --allow-private-hosts to allow)"
    )
    assert json.loads(first["redirects"]) == ["http://intranet.example/admin"]
    assert not any("intranet" in str(call.request.url) for call in server.calls)


def test_a_failure_after_success_loses_nothing(
    server: responses.RequestsMock, fake_network: FakeClock, tmp_path: Path
) -> None:
    server.get(SYNDICATION, body=fixture("twitter/syndication_reply_edited.json"))
    server.get(SYNDICATION, body=fixture("twitter/syndication_reply_first_version.json"))
    db, _code, _err = verify_file(tmp_path, page())
    before = {t: db[t].count for t in ("fetches", "payloads", "post_versions", "sources")}
    [post_before] = db.query("select * from posts")
    server.replace(responses.GET, SYNDICATION, body=requests.exceptions.ConnectionError("reset"))
    server.get(OEMBED, body=requests.exceptions.ConnectionError("reset"))
    server.get(FX, body=requests.exceptions.ConnectionError("reset"))
    server.get(CDX, body=b"[]")
    db, _code, _err = verify_file(tmp_path, page(), "--refresh")
    [post_after] = db.query("select * from posts")
    # The known text, its source and state stay; only the last check moved.
    for column in ("text", "source_id", "outcome", "current_version", "first_seen"):
        assert post_after[column] == post_before[column]
    assert post_after["last_fetch_id"] != post_before["last_fetch_id"]
    assert db["fetches"].count == before["fetches"] + 5
    assert db["payloads"].count == before["payloads"] + 1  # the archive's empty CDX answer
    assert {t: db[t].count for t in ("post_versions", "sources")} == {
        t: before[t] for t in ("post_versions", "sources")
    }
    [row] = quotes(db)
    assert row["status"] == "truncated"  # judged against the text already held


def test_an_edit_between_two_fetches_keeps_both_versions(
    server: responses.RequestsMock, fake_network: FakeClock, tmp_path: Path
) -> None:
    first = json.loads(fixture("twitter/syndication_reply_first_version.json"))
    first["edit_control"]["edit_tweet_ids"] = [first["id_str"]]  # not edited yet, then
    first["id_str"] = POST_ID
    server.get(SYNDICATION, json=first)
    db, _code, _err = verify_file(tmp_path, page(first["text"].removeprefix("@citydesk ")))
    [row] = quotes(db)
    assert row["status"] == "verified"
    edited = json.loads(fixture("twitter/syndication_reply_edited.json"))
    edited["edit_control"]["edit_tweet_ids"] = [POST_ID]  # X kept the id, the text changed
    server.replace(responses.GET, SYNDICATION, json=edited)
    db, _code, _err = verify_file(
        tmp_path, page(first["text"].removeprefix("@citydesk ")), "--refresh"
    )
    versions = [dict(r) for r in db.query("select * from post_versions order by first_seen, rowid")]
    assert len(versions) == 2 and "12 of the 52" in versions[0]["text"]
    assert [r["event"] for r in db.query("select event from post_history order by rowid")] == [
        "first_seen",
        "edited",
    ]
    [row] = quotes(db)
    assert row["status"] == "verified" and "earlier version (version 1 of 2" in row["reason"]
    [verdict] = db.query("select post_version from verdicts")
    assert verdict["post_version"] == versions[0]["id"]


# A real server on 127.0.0.1: the live code path, allowed only with --allow-private-hosts


class _MastodonHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        if self.path == "/api/v1/statuses/112000000000000042":
            body = fixture("mastodon/status.json")
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("X-RateLimit-Remaining", "299")
        else:
            body = b'{"error":"Record not found"}'
            self.send_response(404)
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def local_mastodon() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _MastodonHandler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


MASTODON_EMBED = (
    '<iframe src="https://social.example/@harbourwatch/112000000000000042/embed" '
    'class="mastodon-embed" width="400"></iframe>'
)


def test_a_local_server_is_refused_unless_private_hosts_are_allowed(
    local_mastodon: str, fake_network: FakeClock, tmp_path: Path
) -> None:
    pytest.importorskip("verifier.platforms.mastodon")
    override = f"mastodon={local_mastodon}"
    db, code, err = verify_file(
        tmp_path, article_page(MASTODON_EMBED), "--endpoint", override, "--no-web-archive"
    )
    [row] = quotes(db)
    assert row["status"] == "pending"
    assert "resolves to private address 127.0.0.1" in row["reason"]
    db, code, err = verify_file(
        tmp_path,
        article_page(MASTODON_EMBED),
        "--endpoint",
        override,
        "--allow-private-hosts",
        "--no-web-archive",
    )
    [row] = quotes(db)
    assert row["status"] == "needs_original"
    assert row["original_text"].startswith("The ferry to the island is cancelled today")
    last = fetch_rows(db)[-1]
    assert last["url"] == f"{local_mastodon}/api/v1/statuses/112000000000000042"
    assert json.loads(last["headers"])["x-ratelimit-remaining"] == "299"


def test_endpoint_overrides_come_from_the_environment_too(
    local_mastodon: str, fake_network: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("verifier.platforms.mastodon")
    monkeypatch.setenv("VERIFIER_ENDPOINTS", f"mastodon={local_mastodon}")
    db, code, err = verify_file(
        tmp_path, article_page(MASTODON_EMBED), "--allow-private-hosts", "--no-web-archive"
    )
    [row] = quotes(db)
    assert row["original_text"].startswith("The ferry to the island")


def test_a_malformed_or_unknown_endpoint_stops_the_run_before_any_fetch(tmp_path: Path) -> None:
    page_path = tmp_path / "a.html"
    page_path.write_text(article_page(""), encoding="utf-8")
    code, _out, err = run("verify", str(page_path), "--endpoint", "mastodon")
    assert code == 2 and "has no '='" in err
    code, _out, err = run("verify", str(page_path), "--endpoint", "mastodn=https://m.example")
    assert code == 2 and "no endpoint named mastodn" in err


def test_a_fetcher_that_breaks_on_an_odd_answer_loses_nothing_and_the_run_goes_on(
    server: responses.RequestsMock, fake_network: FakeClock, tmp_path: Path
) -> None:
    odd = json.loads(fixture("twitter/syndication_reply_edited.json"))
    odd["user"] = "anaruiz_news"  # a shape the reader does not expect
    server.get(SYNDICATION, json=odd)
    server.get(CDX, body=b"[]")
    db, code, err = verify_file(tmp_path, page())
    assert code == 0, err
    [row] = quotes(db)
    assert row["status"] == "pending"
    assert "fetcher error (AttributeError" in row["reason"]
    [first, *_archive] = fetch_rows(db)
    assert (first["fetcher"], first["http_status"], first["outcome"]) == (
        "twitter.fetch",
        200,
        "failed",
    )
    [body] = db.query("select body from payloads where sha256 = ?", [first["payload_sha256"]])
    assert json.loads(body["body"])["user"] == "anaruiz_news"  # the odd answer is kept


def test_an_archive_capture_found_while_the_platform_fails_changes_nothing_known(
    server: responses.RequestsMock, fake_network: FakeClock, tmp_path: Path
) -> None:
    server.get(SYNDICATION, body=fixture("twitter/syndication_reply_edited.json"))
    server.get(SYNDICATION, body=fixture("twitter/syndication_reply_first_version.json"))
    db, _code, _err = verify_file(tmp_path, page())
    [before] = db.query("select * from posts")
    server.replace(responses.GET, SYNDICATION, status=503)
    server.get(OEMBED, status=503)
    server.get(FX, status=503)
    capture = "https://twitter.com/anaruiz_news/status/1786000000000000002"
    server.get(
        CDX,
        json=[
            ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"],
            ["k", "20240502120000", capture, "text/html", "200", "D", "1"],
        ],
    )
    server.get(
        f"https://web.archive.org/web/20240502120000id_/{capture}",
        body=fixture("wayback/capture.html"),
    )
    db, _code, _err = verify_file(tmp_path, page(), "--refresh")
    [after] = db.query("select * from posts")
    for column in ("text", "outcome", "source_id", "current_version", "archived_at"):
        assert after[column] == before[column], column
    assert [r["event"] for r in db.query("select event from post_history")] == ["first_seen"]
    origins = sorted(r["origin"] for r in db.query("select origin from post_versions"))
    assert origins == ["archive", "fetch", "history"]  # the capture is kept beside the rest
