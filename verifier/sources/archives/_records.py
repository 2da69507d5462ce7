"""From the fields a reader found in one record to a checked, repaired `Original`.

Every format reader turns its records into `Fields` (strings as stored, nothing repaired) and
hands them to `build_original`, which owns the rules all formats share: where the platform,
the post id and the author come from, what a bad record is, how text is repaired.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from verifier.models import Original, Outcome, PostRef, Problem
from verifier.platforms import parse_post_url
from verifier.platforms.twitter import canonical_url
from verifier.text.dates import parse_date
from verifier.text.repair import html_to_text, repair_text

_DIGITS = re.compile(r"[0-9]+")
# JSON may escape half of a UTF-16 pair alone ("\ud800", valid JSON): no character, and
# nothing SQLite can store as text.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# A `user` column sometimes holds a display name or a whole serialised user object.
_HANDLE = re.compile(r"[^\s{}\[\]'\"]+")


class UnreadableRecord(Exception):
    "A record that cannot become an Original; the message tells the user why"


@dataclass(frozen=True)
class Fields:
    """One record's post fields as the reader found them, before any checking or repair."""

    text: str | None
    post_id: str | None = None
    url: str | None = None
    date: str | int | float | None = None
    author_handle: str | None = None
    author_name: str | None = None
    language: str | None = None
    reply_to: str | None = None
    is_reply: bool | None = None  # None: the record does not say
    display_start: int | None = None
    platform: str | None = None  # what the record itself says (snscrape `_type`, export kind)
    html: bool = False  # the text is HTML (Mastodon): made plain before it is repaired
    links: tuple[tuple[str, str], ...] = ()  # (link as written in the text, expanded URL)


def build_original(fields: Fields, *, platform: str | None, provenance: str, raw: str) -> Original:
    """The Original a record describes. `platform` (the user's --platform) wins over what the
    record says, which wins over the URL's host. Raises UnreadableRecord."""
    fields = _whole_characters(fields)
    ref = parse_post_url(fields.url) if fields.url else None
    name = platform or fields.platform or (ref.platform if ref else None)
    if name is None:
        raise UnreadableRecord("cannot tell the platform; pass --platform")
    raw_text = fields.text or ""
    text = repair_text(html_to_text(raw_text) if fields.html else raw_text)
    if not text.strip():
        raise UnreadableRecord("no text")
    post_id = _post_id(fields, ref, name)
    handle = _handle(fields.author_handle) or (ref.author_handle if ref else None)
    return Original(
        platform=name,
        post_id=post_id,
        text=text,
        raw_text=raw_text,
        author_handle=handle,
        author_name=_optional(repair_text(fields.author_name or "")),
        created_at=_created_at(fields.date),
        url=_url(name, post_id, handle, fields.url, ref),
        language=_optional(fields.language),
        reply_to=_optional(fields.reply_to),
        is_reply=True if _optional(fields.reply_to) else fields.is_reply,
        display_start=fields.display_start,
        provenance=provenance,
        outcome=Outcome.AVAILABLE,
        raw=raw,
        links=fields.links,
    )


def line_record(
    source: str,
    number: int,
    to_fields: Callable[[Any], Fields],
    record: Any,
    *,
    raw: str,
    platform: str | None,
) -> Original | Problem:
    """One record of a line format (JSONL, CSV): an Original, or a Problem naming its line."""
    try:
        fields = to_fields(record)
        return build_original(fields, platform=platform, provenance=f"{source}:{number}", raw=raw)
    except UnreadableRecord as error:
        return Problem(source, "import", str(error), line=number)


def read_items(
    source: str,
    items: Iterator[tuple[int, Any]],
    to_fields: Callable[[Any], Fields],
    *,
    platform: str | None,
) -> Iterator[Original | Problem]:
    """The numbered items of a JSON document: provenance `FILE#N`, with N the item's index.
    Where the items stop parsing (a file cut short), one Problem says so and reading stops."""
    index = -1
    while True:
        try:
            index, item = next(items)
        except StopIteration:
            return
        except (ValueError, RecursionError) as error:
            message = f"item #{index + 1} is not valid JSON ({error}): reading stopped there"
            yield Problem(source, "import", message + " (is the file cut short?)")
            return
        yield _document_item(source, index, to_fields, item, platform=platform)


def array_items(text: str, start: int = 0) -> Iterator[tuple[int, Any]]:
    """The items of the JSON array at `text[start:]`, one at a time, so that a file cut short
    still gives every item before the cut. Raises ValueError where the array breaks."""
    decoder = json.JSONDecoder()
    position = _skip_space(text, start)
    if not text.startswith("[", position):
        raise ValueError("no JSON array")
    position = _skip_space(text, position + 1)
    index = 0
    while not text.startswith("]", position):
        if index:
            if not text.startswith(",", position):
                raise ValueError(f"',' or ']' expected at character {position}")
            position = _skip_space(text, position + 1)
        item, position = decoder.raw_decode(text, position)
        yield index, item
        index += 1
        position = _skip_space(text, position)


def string(value: object) -> str | None:
    """A JSON value as a non-blank string, exactly as stored; None otherwise."""
    return value if isinstance(value, str) and value.strip() else None


def first_string(record: Mapping[str, Any], keys: tuple[str, ...]) -> str | None:
    return next((found for key in keys if (found := string(record.get(key)))), None)


def id_string(value: object) -> str | None:
    """A post id from JSON, where snscrape writes numbers and X writes strings."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    found = string(value)
    return found.strip() if found else None


def _document_item(
    source: str, index: int, to_fields: Callable[[Any], Fields], item: Any, *, platform: str | None
) -> Original | Problem:
    raw = json.dumps(item, ensure_ascii=False)
    try:
        fields = to_fields(item)
        return build_original(fields, platform=platform, provenance=f"{source}#{index}", raw=raw)
    except UnreadableRecord as error:
        return Problem(source, "import", f"item #{index}: {error}")


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def _whole_characters(fields: Fields) -> Fields:
    """The fields with each lone surrogate shown as U+FFFD, the replacement character."""
    changed = {
        name: _LONE_SURROGATE.sub("\ufffd", value)
        for name, value in vars(fields).items()
        if isinstance(value, str) and _LONE_SURROGATE.search(value)
    }
    return replace(fields, **changed) if changed else fields  # type: ignore[arg-type]


def _post_id(fields: Fields, ref: PostRef | None, platform: str) -> str:
    given = (fields.post_id or "").strip()
    from_url = (ref.post_id if ref else None) or _last_number(fields.url)
    if given and from_url and given != from_url:
        # A spreadsheet that held the id as a number rounded it: 1626516035863212000.
        raise UnreadableRecord(f"the id {given} and the URL's id {from_url} differ")
    post_id = given or from_url
    if not post_id:
        raise UnreadableRecord("no post id: neither an id nor a post URL")
    if platform == "twitter" and not _DIGITS.fullmatch(post_id):
        raise UnreadableRecord(f"the post id {post_id!r} is not a number")
    return post_id


def _last_number(url: str | None) -> str | None:
    """The id of a post URL no platform module knows yet (t.me/CHANNEL/ID, HOST/@user/ID)."""
    if not url:
        return None
    try:
        last = urlsplit(url.strip()).path.rstrip("/").rsplit("/", 1)[-1]
    except ValueError:
        return None
    return last if _DIGITS.fullmatch(last) else None


def _handle(value: str | None) -> str | None:
    handle = (value or "").strip().removeprefix("@")
    return handle if _HANDLE.fullmatch(handle) else None


def _created_at(value: str | int | float | None) -> datetime | None:
    if value is None:
        return None
    try:
        return parse_date(value)
    except (ValueError, OverflowError, OSError):
        raise UnreadableRecord(f"bad date {value!r}") from None


def _url(
    platform: str, post_id: str, handle: str | None, given: str | None, ref: PostRef | None
) -> str | None:
    if platform == "twitter":
        return canonical_url(post_id, handle)
    if ref and ref.url:
        return ref.url
    return _optional(given)


def _optional(value: str | None) -> str | None:
    stripped = (value or "").strip()
    return stripped or None
