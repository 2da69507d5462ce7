"""Articles given as URLs: fetched once, recorded with status, final URL, time and SHA-256."""

from __future__ import annotations

import hashlib

import responses
import sqlite_utils
from conftest import SEED_TEXT, article_page, tweet_blockquote

from verifier.http import HttpClient
from verifier.pipeline.verify import VerifyOptions, verify
from verifier.store import quote_rows


def public_resolver(host: str, port: int) -> list[str]:
    return ["93.184.215.14"]  # a public address, so the guard lets the test host through


def client() -> HttpClient:
    return HttpClient(resolver=public_resolver, sleep=lambda _s: None, per_host_interval=0)


@responses.activate
def test_an_article_url_is_fetched_recorded_and_verified(
    seeded_db: sqlite_utils.Database,
) -> None:
    page = article_page(tweet_blockquote(SEED_TEXT), title="Musk and OpenAI")
    responses.get(
        "https://news.example/a",
        status=301,
        headers={"Location": "https://news.example/articles/a"},
    )
    responses.get(
        "https://news.example/articles/a",
        body=page.encode(),
        content_type="text/html; charset=utf-8",
    )
    summary = verify(
        ["https://news.example/a"], db=seeded_db, options=VerifyOptions(), http=client()
    )
    assert summary.problems == []
    [article] = seeded_db["articles"].rows
    assert article["source"] == "https://news.example/a"
    assert article["final_url"] == "https://news.example/articles/a"
    assert article["http_status"] == 200
    assert article["title"] == "Musk and OpenAI"
    assert article["sha256"] == hashlib.sha256(page.encode()).hexdigest()
    assert article["fetched_at"]
    [row] = quote_rows(seeded_db)
    assert row["status"] == "verified"


@responses.activate
def test_a_dead_url_is_a_problem_and_the_rest_goes_on(seeded_db, tmp_path) -> None:
    responses.get("https://news.example/gone", status=404)
    good = tmp_path / "good.html"
    good.write_text(article_page(tweet_blockquote(SEED_TEXT)), encoding="utf-8")
    summary = verify(
        ["https://news.example/gone", str(good)],
        db=seeded_db,
        options=VerifyOptions(),
        http=client(),
    )
    [problem] = summary.problems
    assert problem.source == "https://news.example/gone"
    assert problem.message == "fetch failed: HTTP 404 from https://news.example/gone"
    assert [r["status"] for r in quote_rows(seeded_db)] == ["verified"]


def test_an_article_url_on_a_private_address_is_refused(seeded_db) -> None:
    loopback = HttpClient(resolver=lambda host, port: ["127.0.0.1"], sleep=lambda _s: None)
    summary = verify(
        ["http://intranet.example/secret"], db=seeded_db, options=VerifyOptions(), http=loopback
    )
    [problem] = summary.problems
    assert "refused" in problem.message and "private address 127.0.0.1" in problem.message


@responses.activate
def test_an_article_url_that_times_out_is_a_problem_naming_it(seeded_db) -> None:
    import requests

    responses.get("https://slow.example/a", body=requests.exceptions.ReadTimeout("read timed out"))
    summary = verify(
        ["https://slow.example/a"], db=seeded_db, options=VerifyOptions(), http=client()
    )
    [problem] = summary.problems
    assert problem.source == "https://slow.example/a"
    assert problem.message == (
        "fetch failed: timeout: https://slow.example/a did not answer within 20s"
    )
    assert seeded_db["articles"].count == 0
