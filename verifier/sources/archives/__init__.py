"""Read posts from local archives, for `verifier import-posts FILE...`.

`read_archive` tells the format from the content, never from the extension:

- snscrape JSONL (one item per line; Twitter, Mastodon, Telegram, Reddit items),
- CSV and TSV exports (headers matched by name, see `tables.COLUMNS`),
- the X account archive's `tweets.js` (the handle from the sibling `account.js`),
- the Mastodon account export's `outbox.json`,
- a JSON array of post objects (snscrape-like or X archive items).

Line formats are streamed; JSON documents are loaded whole. Nothing here touches a database:
the caller stores what is yielded.
"""

from __future__ import annotations

import codecs
import enum
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from verifier.models import Original, Problem
from verifier.sources.archives import jsonl, mastodon, tables, x_archive
from verifier.sources.archives._lines import HEAD_SIZE, guess_encoding
from verifier.sources.archives._records import Fields, array_items, read_items
from verifier.sources.local import not_regular, storable_name

__all__ = ["Format", "read_archive", "sniff_format"]

# Files people pass by mistake, by their first bytes: what they are and what to do instead.
_MAGIC = {
    b"\x1f\x8b": "a gzip-compressed file: decompress it first",
    b"PK\x03\x04": "a zip archive: unpack it and import the file inside (data/tweets.js)",
    b"BZh": "a bzip2-compressed file: decompress it first",
    b"\xfd7zXZ\x00": "an xz-compressed file: decompress it first",
    b"SQLite format 3\x00": "an SQLite database, not an export",
}
_TEXT_BYTES = bytes(range(32, 256)) + b"\t\n\r\f\x1b"


class Format(enum.Enum):
    JSONL = "snscrape JSONL"
    TABLE = "CSV/TSV"
    X_ARCHIVE = "X archive tweets.js"
    OUTBOX = "Mastodon outbox.json"
    JSON_ARRAY = "JSON array"


def read_archive(path: Path, *, platform: str | None = None) -> Iterator[Original | Problem]:
    """One `Original` per readable post in the file, one `Problem` per record that cannot be
    read (the message says why, `line` says where); a bad record never stops the rest.

    `platform` (the user's --platform) overrides what the file says. A file that cannot be
    read at all (missing, a directory, empty, binary) gives a single Problem. Provenance is
    `FILE:LINE` for line formats and `FILE#INDEX` (from 0) for items of a JSON document.
    """
    path = Path(path)
    platform = (platform or "").strip().lower() or None
    try:
        yield from _read(path, platform)
    except OSError as error:
        yield Problem(storable_name(path), "import", _why_unreadable(error))


def sniff_format(sample: str) -> Format:
    """The format of a file from its first characters (BOM and leading blanks removed)."""
    if sample.startswith("window.YTD."):
        return Format.X_ARCHIVE
    if sample.startswith("["):
        return Format.JSON_ARRAY
    if not sample.startswith("{"):
        return Format.TABLE
    first_line = sample.split("\n", 1)[0]
    try:
        record = json.loads(first_line)
    except (ValueError, RecursionError):
        # Pretty-printed JSON starts with a lone "{"; a minified outbox may outrun the sample.
        return Format.OUTBOX if '"OrderedCollection"' in sample else Format.JSONL
    return Format.OUTBOX if isinstance(record, dict) and "orderedItems" in record else Format.JSONL


def _read(path: Path, platform: str | None) -> Iterator[Original | Problem]:
    source = storable_name(path)
    if isinstance(path, Path) and (refused := not_regular(path)):
        # a directory keeps its own message (what to pass instead)
        if not path.is_dir():
            yield Problem(source, "import", refused)
            return
    with path.open("rb") as stream:
        head = stream.read(HEAD_SIZE)
    if reason := _not_text(head):
        yield Problem(source, "import", reason)
        return
    encoding = guess_encoding(head)
    if encoding in ("cp1252", "latin-1"):
        yield Problem(source, "import", f"not UTF-8: read as {encoding}", severity="warning")
    sample = head.decode(encoding, errors="ignore").lstrip("\ufeff \t\r\n")
    kind = sniff_format(sample)
    if kind is Format.JSONL:
        yield from jsonl.read_jsonl(path, encoding, platform=platform)
    elif kind is Format.TABLE:
        yield from tables.read_table(path, encoding, sample, platform=platform)
    else:
        yield from _read_document(path, kind, encoding, platform)


def _read_document(
    path: Path, kind: Format, encoding: str, platform: str | None
) -> Iterator[Original | Problem]:
    text = path.read_text(encoding=encoding, errors="replace").lstrip("\ufeff")
    if kind is Format.X_ARCHIVE:
        yield from x_archive.read_tweets_js(path, text, platform=platform)
    elif kind is Format.OUTBOX:
        yield from mastodon.read_outbox(path, text, platform=platform)
    else:
        yield from read_items(
            storable_name(path), array_items(text), _array_item_fields, platform=platform
        )


def _array_item_fields(item: Any) -> Fields:
    # tweets.js with its `window.YTD...` prefix cut off, or posts dumped with json.dump(list).
    if isinstance(item, dict) and "tweet" in item:
        return x_archive.tweet_fields(item, x_archive.Account())
    return jsonl.snscrape_fields(item)


def _not_text(head: bytes) -> str | None:
    """Why the first bytes of a file say it holds no posts to read; None when it may."""
    if not head.removeprefix(codecs.BOM_UTF8).strip():
        return "an empty file"
    for magic, what in _MAGIC.items():
        if head.startswith(magic):
            return what
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    # A few control bytes (a stray NUL in one row of an export) damage a record, not the
    # file: the readers say which one. Many mean the file is not text at all.
    controls = len(head.translate(None, _TEXT_BYTES))
    if controls * 20 > len(head):
        return "a binary file, not text"
    return None


def _why_unreadable(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "no such file"
    if isinstance(error, IsADirectoryError):
        return "a directory, not a file: pass the files in it"
    return f"cannot be read: {error.strerror or error}"
