"""snscrape as a last resort, where it still works (Telegram channel pages), if installed.

snscrape is an optional extra (`pip install verifier[snscrape]`): it is imported here lazily,
never on the path that must work, and it fails to import on Python 3.12 and later. It makes
its own requests (not through the run's HttpClient), so it is used only for the platform's
real host: never when the user pointed that endpoint elsewhere (a mirror, a test server).
What it returns is kept as evidence like any answer, marked as coming from snscrape.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from verifier.http import FetchResult
from verifier.models import Exchange, Original, Outcome, PostRef
from verifier.platforms.fetcher import FetchContext
from verifier.text.repair import repair_text

# A channel's page lists its posts newest first: stop after this many without the one wanted.
MAX_ITEMS = 300


@dataclass(frozen=True)
class FallbackAnswer:
    original: Original
    exchange: Exchange


def telegram_post(
    ref: PostRef, channel: str, post_id: int, context: FetchContext
) -> FallbackAnswer | None:
    """The post as snscrape's Telegram scraper finds it; None if snscrape cannot be used."""
    if "telegram" in context.endpoints.overrides:
        return None
    try:
        from snscrape.modules import telegram  # type: ignore[import-not-found]
    except Exception:  # noqa: BLE001 - ImportError, or its own failures on Python >= 3.12
        return None
    started, at = time.monotonic(), datetime.now(UTC)
    url = f"https://t.me/s/{channel}"
    try:
        item = _find(telegram.TelegramChannelScraper(channel).get_items(), channel, post_id)
    except Exception as error:  # noqa: BLE001 - a scraper failure is an answer, not a crash
        result = _result(url, b"", at, started, error=f"snscrape failed on {url}: {error}")
        original = _without(ref, Outcome.FAILED, result.error or "", url)
        return FallbackAnswer(
            original, Exchange("telegram.snscrape", result, Outcome.FAILED, result.error)
        )
    if item is None:
        result = _result(url, b"", at, started, error=None)
        reason = f"snscrape: not among the channel's latest {MAX_ITEMS} posts"
        original = _without(ref, Outcome.NOT_FOUND, reason, url)
        return FallbackAnswer(
            original, Exchange("telegram.snscrape", result, Outcome.NOT_FOUND, reason)
        )
    record = _as_json(item)
    body = json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8")
    result = _result(url, body, at, started, error=None)
    text = str(record.get("content") or "")
    original = Original(
        platform=ref.platform,
        post_id=ref.post_id or f"{channel}/{post_id}",
        text=repair_text(text),
        raw_text=text,
        author_handle=ref.author_handle or channel,
        created_at=_date(record.get("date")),
        url=ref.url,
        provenance=f"telegram.snscrape {url}",
        raw=body.decode("utf-8"),
    )
    return FallbackAnswer(original, Exchange("telegram.snscrape", result, Outcome.AVAILABLE, None))


def _find(items: Any, channel: str, post_id: int) -> Any:
    for count, item in enumerate(items):
        number = str(getattr(item, "url", "")).rstrip("/").rsplit("/", 1)[-1]
        if number.isdigit() and int(number) == post_id:
            return item
        if (number.isdigit() and int(number) < post_id) or count >= MAX_ITEMS:
            return None
    return None


def _as_json(item: Any) -> dict[str, Any]:
    fields = ("url", "date", "content")
    return {
        name: (value.isoformat() if isinstance(value, datetime) else value)
        for name in fields
        if (value := getattr(item, name, None)) is not None
    }


def _date(value: object) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) and value else None


def _without(ref: PostRef, outcome: Outcome, reason: str, url: str) -> Original:
    return Original(
        platform=ref.platform,
        post_id=ref.post_id or "",
        text="",
        url=ref.url,
        provenance=f"telegram.snscrape {url}",
        outcome=outcome,
        reason=reason,
    )


def _result(
    url: str, body: bytes, at: datetime, started: float, *, error: str | None
) -> FetchResult:
    # Not an HTTP answer we saw: no status, so a WARC export writes no response for it.
    return FetchResult(
        url=url,
        final_url=url,
        status=None,
        headers={"content-type": "application/json"} if body else {},
        body=body,
        sha256=hashlib.sha256(body).hexdigest() if body else "",
        fetched_at=at,
        elapsed=time.monotonic() - started,
        redirects=(),
        error=error,
        attempts=0,
    )
