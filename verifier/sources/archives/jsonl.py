"""snscrape's JSONL (`snscrape --jsonl ...`): one post per line, new and old field names."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from verifier.models import Original, Problem
from verifier.sources.archives._lines import Lines
from verifier.sources.archives._records import (
    Fields,
    UnreadableRecord,
    first_string,
    id_string,
    line_record,
    string,
)
from verifier.sources.local import storable_name

# Newest first: snscrape 0.5+ writes `rawContent` (t.co links as posted) and `renderedContent`
# (links expanded); older files have `content`; Mastodon toots `text`; Reddit `selftext`, `body`
# or, for a link submission, only its `title`.
_TEXT_KEYS = ("rawContent", "content", "text", "renderedContent", "selftext", "body", "title")
# Items that snscrape scrapes besides posts: profiles, channels, boosts, trends.
_NOT_POSTS = frozenset(
    {"User", "UserRef", "Channel", "TelegramChannel", "Boost", "Tombstone", "Community", "Trend"}
)
_TYPE_PREFIX = "snscrape.modules."


def read_jsonl(path: Path, encoding: str, *, platform: str | None) -> Iterator[Original | Problem]:
    """One Original or Problem per non-blank line, streamed: files hold millions of lines."""
    source = storable_name(path)
    lines = Lines(path, encoding)
    for number, line in enumerate(lines, 1):
        yield from lines.problems(source)
        if line.strip():
            yield _read_line(source, number, line, platform)


def snscrape_fields(record: Any) -> Fields:
    """The post fields of one snscrape item (Tweet, Toot, TelegramPost, Submission, ...)."""
    if not isinstance(record, dict):
        raise UnreadableRecord("not a JSON object")
    kind = string(record.get("_type")) or ""
    if kind.rsplit(".", 1)[-1] in _NOT_POSTS:
        raise UnreadableRecord(f"not a post: a {kind} item")
    user = record.get("user")
    user = user if isinstance(user, dict) else {}
    date = record.get("date", record.get("created"))  # Reddit items before snscrape 0.5
    return Fields(
        text=first_string(record, _TEXT_KEYS),
        post_id=id_string(record.get("id")),
        url=string(record.get("url")),
        date=date if isinstance(date, str | int | float) else None,
        # Mastodon's `account` is "@user@host"; old tweets and Telegram posts have a top-level
        # `username` or `user`; Reddit items an `author`.
        author_handle=first_string(user, ("username", "account"))
        or first_string(record, ("username", "user", "author")),
        author_name=first_string(user, ("displayname", "displayName")),
        language=string(record.get("lang")),
        reply_to=id_string(record.get("inReplyToTweetId")),
        is_reply=_is_reply(record),
        platform=kind.removeprefix(_TYPE_PREFIX).split(".")[0]
        if kind.startswith(_TYPE_PREFIX)
        else None,
        links=_links(record),
    )


def _links(record: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """(t.co link, expanded URL) pairs: snscrape 0.5+ writes `links`, a list of TextLink
    objects (`tcourl`, `url`); older versions two parallel lists, `tcooutlinks` and `outlinks`."""
    links = record.get("links")
    if isinstance(links, list):
        pairs = [(link.get("tcourl"), link.get("url")) for link in links if isinstance(link, dict)]
    else:
        short, expanded = record.get("tcooutlinks"), record.get("outlinks")
        both = isinstance(short, list) and isinstance(expanded, list)
        pairs = list(zip(short, expanded, strict=False)) if both else []  # type: ignore[arg-type]
    return tuple(
        (short, expanded)
        for short, expanded in pairs
        if isinstance(short, str) and isinstance(expanded, str) and short and expanded
    )


def _read_line(source: str, number: int, line: str, platform: str | None) -> Original | Problem:
    try:
        record = json.loads(line)
    except (ValueError, RecursionError) as error:
        return Problem(source, "import", _why_not_json(line, error), line=number)
    raw = line.rstrip("\r\n")
    return line_record(source, number, snscrape_fields, record, raw=raw, platform=platform)


def _why_not_json(line: str, error: Exception) -> str:
    if not line.endswith(("\n", "\r")):
        # Only the last line can lack its line end: the writer stopped mid-record.
        return f"truncated: the last line is not complete JSON ({error}); the file was cut short"
    return f"not JSON: {error}"


def _is_reply(record: dict[str, object]) -> bool | None:
    """snscrape writes `inReplyToTweetId` (null when not a reply) and `inReplyToUser`; an item
    without them (other platforms, old files) does not say."""
    if record.get("inReplyToTweetId") or record.get("inReplyToUser"):
        return True
    return False if "inReplyToTweetId" in record else None
