"""The X/Twitter account archive: `data/tweets.js`, with the handle from `data/account.js`.

Each file is a JavaScript assignment, `window.YTD.tweets.part0 = [ ... ]`; the tweets in it do
not name their author, who is the account in the sibling `account.js`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from verifier.models import Original, Problem
from verifier.sources.archives._records import (
    Fields,
    UnreadableRecord,
    array_items,
    id_string,
    read_items,
    string,
)
from verifier.sources.local import storable_name

PREFIX = re.compile(r"\s*window\.YTD\.(?P<name>\w+)\.part\d+\s*=\s*")
# `tweet` in archives made before 2020, `tweets` since; large archives add tweets-part1.js...
_TWEET_FILES = frozenset({"tweets", "tweet"})


@dataclass(frozen=True)
class Account:
    """Who the archive belongs to, where account.js says."""

    handle: str | None = None
    name: str | None = None


def read_tweets_js(path: Path, text: str, *, platform: str | None) -> Iterator[Original | Problem]:
    """One Original or Problem per tweet; the whole file is parsed, item by item."""
    source = storable_name(path)
    prefix = PREFIX.match(text)
    if prefix is None or prefix["name"] not in _TWEET_FILES:
        found = prefix["name"] if prefix else "something else"
        message = f"an X archive file holding {found}, not tweets: import data/tweets.js"
        yield Problem(source, "import", message)
        return
    account = read_account(path.parent / "account.js")
    if isinstance(account, str):
        yield Problem(source, "import", account)
        account = Account()
    to_fields = partial(tweet_fields, account=account)
    yield from read_items(source, array_items(text, prefix.end()), to_fields, platform=platform)


def read_account(path: Path) -> Account | str:
    """The account that account.js names; an empty Account where there is no account.js, and
    the reason, as a string, where it cannot be read."""
    if not path.is_file():
        return Account()
    try:
        text = path.read_text(encoding="utf-8-sig")
        prefix = PREFIX.match(text)
        entries = json.loads(text[prefix.end() :] if prefix else text)
        account = entries[0]["account"]
        return Account(string(account.get("username")), string(account.get("accountDisplayName")))
    except (OSError, ValueError, LookupError, TypeError, AttributeError) as error:
        return f"{path} cannot be read ({error!r}): tweets imported without their author"


def tweet_fields(item: Any, account: Account) -> Fields:
    """The post fields of one archive item: `{"tweet": {...}}`, or the bare tweet in older
    archives."""
    tweet = item.get("tweet", item) if isinstance(item, dict) else None
    if not isinstance(tweet, dict):
        raise UnreadableRecord("not a tweet object")
    return Fields(
        text=string(tweet.get("full_text")) or string(tweet.get("text")),
        post_id=id_string(tweet.get("id_str")) or id_string(tweet.get("id")),
        date=string(tweet.get("created_at")),
        author_handle=account.handle,
        author_name=account.name,
        language=string(tweet.get("lang")),
        reply_to=id_string(tweet.get("in_reply_to_status_id_str")),
        # The archive writes the reply fields only on replies.
        is_reply=bool(tweet.get("in_reply_to_status_id_str") or tweet.get("in_reply_to_user_id")),
        display_start=_display_start(tweet.get("display_text_range")),
        platform="twitter",
    )


def _display_start(value: object) -> int | None:
    # The archive writes the range as strings: ["0", "140"]; the API as numbers.
    if not isinstance(value, list) or not value or isinstance(value[0], bool):
        return None
    try:
        return int(value[0])
    except (TypeError, ValueError):
        return None
