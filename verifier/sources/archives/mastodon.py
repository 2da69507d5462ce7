"""The Mastodon account export: `outbox.json`, an ActivityPub OrderedCollection of activities.

The posts are the `Create` activities whose `object` is a Note; `Announce` activities are
boosts of other people's posts, carrying only their URL, and are passed over.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from verifier.models import Original, Problem
from verifier.sources.archives._records import Fields, UnreadableRecord, read_items, string
from verifier.sources.local import storable_name

# Polls are Questions; other servers' exports may hold Articles and Pages.
_POST_TYPES = frozenset({"Note", "Question", "Article", "Page"})


def read_outbox(path: Path, text: str, *, platform: str | None) -> Iterator[Original | Problem]:
    """One Original or Problem per post in the outbox; boosts are skipped."""
    source = storable_name(path)
    try:
        document = json.loads(text)
    except (ValueError, RecursionError) as error:
        yield Problem(source, "import", f"not valid JSON ({error}): is the file cut short?")
        return
    items = document.get("orderedItems") if isinstance(document, dict) else None
    if not isinstance(items, list):
        message = "an ActivityPub document without orderedItems: import a Mastodon outbox.json"
        yield Problem(source, "import", message)
        return
    posts = ((index, item) for index, item in enumerate(items) if not _is_boost(item))
    yield from read_items(source, posts, note_fields, platform=platform)


def note_fields(activity: Any) -> Fields:
    """The post fields of one `Create` activity. The post id is the last segment of the Note's
    id (`https://HOST/users/USER/statuses/ID`); `reply_to` is the URL of the post replied to,
    since an id alone does not say which server it is on."""
    note = activity.get("object") if isinstance(activity, dict) else None
    if not isinstance(note, dict) or note.get("type") not in _POST_TYPES:
        raise UnreadableRecord("not a post: an activity without a Note")
    note_id = string(note.get("id")) or ""
    return Fields(
        text=string(note.get("content")),
        html=True,
        post_id=note_id.rstrip("/").rsplit("/", 1)[-1] or None,
        url=string(note.get("url")) or note_id or None,
        date=string(note.get("published")),
        author_handle=account_handle(string(note.get("attributedTo"))),
        language=_language(note.get("contentMap")),
        reply_to=string(note.get("inReplyTo")),
        is_reply=bool(note.get("inReplyTo")) if "inReplyTo" in note else None,
        platform="mastodon",
    )


def account_handle(actor: str | None) -> str | None:
    """`user@host` from an actor URL: `https://HOST/users/USER` or `https://HOST/@USER`."""
    if not actor:
        return None
    try:
        parts = urlsplit(actor.strip())
    except ValueError:
        return None
    user = parts.path.rstrip("/").rsplit("/", 1)[-1].removeprefix("@")
    return f"{user}@{parts.hostname}" if user and parts.hostname else None


def _is_boost(activity: Any) -> bool:
    return isinstance(activity, dict) and activity.get("type") == "Announce"


def _language(content_map: Any) -> str | None:
    # contentMap is {"en": "<p>...</p>"}: one language for the one text Mastodon writes.
    if isinstance(content_map, dict) and len(content_map) == 1:
        return string(next(iter(content_map)))
    return None
