# ruff: noqa: F811 - pytest fixtures imported from fetchkit are redefined as arguments
"""Web archive captures and the optional snscrape fallback, each answer one outcome."""

from __future__ import annotations

import sys
import types
from datetime import UTC, datetime
from typing import Any

import fetchkit
import pytest
import responses
from fetchkit import clock, context, fixture, server  # noqa: F401 - fixtures

from verifier.http import FetchResult
from verifier.models import Outcome, PostRef
from verifier.platforms.fetcher import FetchContext
from verifier.resolve.fetch import fetch_post
from verifier.resolve.wayback import Capture, captures_from_cdx

CDX = "https://web.archive.org/cdx/search/cdx"


def answer(body: bytes, status: int = 200) -> FetchResult:
    return fetchkit.answer(body, status, CDX)


def test_a_cdx_answer_lists_captures_newest_first() -> None:
    body = (
        b'[["urlkey","timestamp","original","mimetype","statuscode","digest","length"],'
        b'["k","20230101000000","https://x.example/a","text/html","200","D1","10"],'
        b'["k","20240301120000","https://x.example/a","text/html","200","D2","10"]]'
    )
    captures, outcome, _reason = captures_from_cdx(answer(body))
    assert outcome is Outcome.AVAILABLE
    assert [c.timestamp for c in captures] == ["20240301120000", "20230101000000"]
    assert captures[0].captured_at == datetime(2024, 3, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("body", "status", "outcome"),
    [
        (b"[]", 200, Outcome.NOT_FOUND),
        (b"", 200, Outcome.NOT_FOUND),
        (b'[["urlkey","timestamp"', 200, Outcome.FAILED),
        (b"<html>Wayback Machine is down</html>", 200, Outcome.FAILED),
        (b"", 503, Outcome.FAILED),
        (b"", 429, Outcome.RATE_LIMITED),
    ],
)
def test_cdx_faults_map_to_outcomes(body: bytes, status: int, outcome: Outcome) -> None:
    assert captures_from_cdx(answer(body, status))[1] is outcome


def test_a_capture_without_post_text_is_skipped_and_recorded(
    server: responses.RequestsMock, context: FetchContext
) -> None:
    server.get("https://cdn.syndication.twimg.com/tweet-result", body=b"{}")
    server.get("https://publish.twitter.com/oembed", status=404)
    server.get(
        "https://api.fxtwitter.com/status/1786000000000000009",
        status=404,
        body=b'{"code":404,"message":"NOT_FOUND"}',
    )
    server.get(CDX, body=fixture("wayback/cdx.json"))
    capture = Capture(
        "20240503091500", "https://twitter.com/anaruiz_news/status/1786000000000000009", "text/html"
    )
    server.get(
        f"https://web.archive.org/web/{capture.timestamp}id_/{capture.original}",
        body=b"<html><noscript>JavaScript is not available.</noscript></html>",
    )
    ref = PostRef(
        "twitter",
        "1786000000000000009",
        "https://twitter.com/anaruiz_news/status/1786000000000000009",
        "anaruiz_news",
    )
    fetched = fetch_post(ref, context)
    assert fetched is not None
    assert fetched.original.outcome is Outcome.NOT_FOUND and fetched.text_from is None
    kinds = [(e.fetcher, e.outcome) for e in fetched.exchanges]
    assert kinds[3:] == [
        ("wayback.cdx", Outcome.AVAILABLE),
        ("wayback.capture", Outcome.FAILED),
        ("wayback.cdx", Outcome.AVAILABLE),
        ("wayback.capture", Outcome.FAILED),
    ]


class _Post:
    def __init__(self, number: int, content: str) -> None:
        self.url = f"https://t.me/harbourwatch/{number}"
        self.date = datetime(2023, 2, 19, 12, 30, tzinfo=UTC)
        self.content = content


def _fake_snscrape(monkeypatch: pytest.MonkeyPatch, posts: list[Any]) -> None:
    telegram = types.ModuleType("snscrape.modules.telegram")

    class TelegramChannelScraper:
        def __init__(self, name: str) -> None:
            self.name = name

        def get_items(self) -> Any:
            return iter(posts)

    telegram.TelegramChannelScraper = TelegramChannelScraper  # type: ignore[attr-defined]
    modules = types.ModuleType("snscrape.modules")
    modules.telegram = telegram  # type: ignore[attr-defined]
    package = types.ModuleType("snscrape")
    package.modules = modules  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "snscrape", package)
    monkeypatch.setitem(sys.modules, "snscrape.modules", modules)
    monkeypatch.setitem(sys.modules, "snscrape.modules.telegram", telegram)


def test_snscrape_is_a_fallback_for_telegram_when_installed(
    server: responses.RequestsMock, context: FetchContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_snscrape(
        monkeypatch, [_Post(1043, "Later news"), _Post(1042, "The bridge is open again")]
    )
    server.get("https://t.me/harbourwatch/1042", status=502)
    ref = PostRef("telegram", "harbourwatch/1042", "https://t.me/harbourwatch/1042", "harbourwatch")
    fetched = fetch_post(ref, context, archives=False)
    assert fetched is not None
    assert fetched.original.text == "The bridge is open again"
    assert [e.fetcher for e in fetched.exchanges] == ["telegram.embed", "telegram.snscrape"]
    kept = fetched.exchanges[1].result
    assert kept.status is None and b"The bridge is open again" in kept.body


def test_without_snscrape_telegram_failures_stay_failures(
    server: responses.RequestsMock, context: FetchContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "snscrape", None)  # importing it raises ImportError
    server.get("https://t.me/harbourwatch/1042", status=502)
    ref = PostRef("telegram", "harbourwatch/1042", "https://t.me/harbourwatch/1042", "harbourwatch")
    fetched = fetch_post(ref, context, archives=False)
    assert fetched is not None and fetched.original.outcome is Outcome.FAILED
    assert [e.fetcher for e in fetched.exchanges] == ["telegram.embed"]
