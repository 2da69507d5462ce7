"""CSV and TSV exports: spreadsheets of posts from scrapers, research tools and API dumps.

Headers vary from tool to tool; they are matched against the names below without case, spaces
or hyphens (`Tweet URL` is `tweet_url`), the first name listed winning where a file has several.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path
from typing import Any

from verifier.models import Original, Problem
from verifier.sources.archives._lines import Lines
from verifier.sources.archives._records import Fields, line_record
from verifier.sources.local import storable_name
from verifier.text.dates import parse_date

COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "tweet_id", "id_str", "post_id", "status_id"),
    "url": ("url", "link", "permalink", "tweet_url", "post_url", "status_url", "tweet_link"),
    "date": ("date", "created_at", "timestamp", "time", "tweet_date", "posted_at", "date_utc"),
    "text": (
        "text",
        "content",
        "rawcontent",
        "tweet",
        "full_text",
        "body",
        "message",
        "tweet_text",
        "post_text",
    ),
    "handle": (
        "username",
        "user",
        "screen_name",
        "author",
        "handle",
        "user_screen_name",
        "author_username",
        "author_handle",
    ),
    "name": ("displayname", "name", "user_name", "display_name", "author_name"),
    "language": ("lang", "language"),
    "reply_to": ("in_reply_to_status_id_str", "in_reply_to_status_id", "inreplytotweetid"),
}
_DELIMITERS = ",\t;|"
_SNIFF_SIZE = 16 * 1024


@dataclass(frozen=True)
class _Layout:
    """Which column holds what, as the header row says."""

    source: str
    header: tuple[str, ...]
    columns: dict[str, int]
    platform: str | None

    def fields(self, row: list[str]) -> Fields:
        def cell(name: str) -> str | None:
            return row[self.columns[name]] if name in self.columns else None

        return Fields(
            text=cell("text"),
            post_id=cell("id"),
            url=cell("url"),
            date=cell("date"),
            author_handle=cell("handle"),
            author_name=cell("name"),
            language=cell("language"),
            reply_to=cell("reply_to"),
            # A reply column that is empty says "not a reply"; no such column says nothing.
            is_reply=bool(cell("reply_to")) if "reply_to" in self.columns else None,
        )


def read_table(
    path: Path, encoding: str, sample: str, *, platform: str | None
) -> Iterator[Original | Problem]:
    """One Original or Problem per row after the header, streamed row by row."""
    rows = _numbered_rows(path, encoding, delimiter(sample))
    header: list[str] | None = None
    for item in rows:
        if isinstance(item, Problem):
            yield item
        else:
            header = item[1]
            break
    if header is None:
        return
    layout = _layout(storable_name(path), header, platform)
    if isinstance(layout, Problem):
        yield layout
        return
    for item in rows:
        if isinstance(item, Problem):
            yield item
        else:
            yield from _read_row(layout, *item)


def delimiter(sample: str) -> str:
    """The delimiter of a CSV or TSV, from its first lines: csv.Sniffer's answer where the
    header holds it, else a tab where the header has more tabs than commas, else a comma."""
    head = sample[:_SNIFF_SIZE]
    whole_lines = head[: head.rfind("\n") + 1] or head  # a line cut short confuses the sniffer
    header = whole_lines.split("\n", 1)[0]
    try:
        sniffed = csv.Sniffer().sniff(whole_lines, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        sniffed = ""  # the sniffer gives up on samples whose quoted texts hold many commas
    if sniffed and sniffed in header:
        return sniffed
    return "\t" if header.count("\t") > header.count(",") else ","


def _numbered_rows(
    path: Path, encoding: str, separator: str, *, width: int | None = None
) -> Iterator[tuple[int, list[str]] | Problem]:
    """Non-blank rows with the number of the line each starts on; a row the csv module cannot
    read is a Problem, and reading goes on with the next line.

    A quote left open swallows the lines after it into one cell, until the next quote closes
    it or the file ends. A row that spans lines is taken for one when it has not the header's
    `width`, or when a line inside it reads as a whole row: it is a Problem, and the lines
    after its first are read again as rows."""
    source = storable_name(path)
    skip = 0
    while True:
        lines = Lines(path, encoding)
        reader = csv.reader(islice(lines, skip, None), delimiter=separator)
        for item in _rows_from(reader, lines, source, skip=skip, width=width):
            if isinstance(item, int):
                skip = item  # an unclosed quote: read again from this line
                break
            if width is None and not isinstance(item, Problem):
                width = len(item[1])  # the header's
            yield item
        else:
            return


def _rows_from(
    reader: Any, lines: Lines, source: str, *, skip: int, width: int | None
) -> Iterator[tuple[int, list[str]] | Problem | int]:
    while True:
        start = skip + reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield from lines.problems(source)
            yield Problem(source, "import", f"not CSV: {error}", line=start)
            if skip + reader.line_num < start:
                return  # no progress: give up rather than report the same line forever
            continue
        yield from lines.problems(source)
        end = skip + reader.line_num
        if width is not None and end > start and _swallowed(row, width, reader.dialect):
            message = (
                f"an unclosed quote: the row ran on to line {end} as one text;"
                " not read, and the lines after it are read as rows"
            )
            yield Problem(source, "import", message, line=start)
            yield start
            return
        if any(cell.strip() for cell in row):
            width = width or len(row)  # the header's
            yield start, row


def _swallowed(row: list[str], width: int, dialect: Any) -> bool:
    if len(row) != width:
        return True
    inner = [part for cell in row for part in cell.splitlines()[1:]]
    return any(len(next(csv.reader([part], dialect), [])) >= width for part in inner)


def _layout(source: str, header: list[str], platform: str | None) -> _Layout | Problem:
    names = [_column_key(name) for name in header]
    columns = {
        field: names.index(alias)
        for field, aliases in COLUMNS.items()
        if (alias := next((a for a in aliases if a in names), None))
    }
    if "text" not in columns or not ("id" in columns or "url" in columns):
        shown = ", ".join(header)
        accepted = "; ".join(f"{key}: {', '.join(COLUMNS[key])}" for key in ("text", "id", "url"))
        message = (
            f"not a post export: the header ({shown}) names no text and no id or URL column"
            f" (accepted, in any case, with spaces for underscores: {accepted})"
        )
        return Problem(source, "import", message, line=1)
    if platform is None and "url" not in columns:
        return Problem(source, "import", "cannot tell the platform; pass --platform", line=1)
    return _Layout(source, tuple(header), columns, platform)


def _column_key(name: str) -> str:
    return "_".join(name.strip().lstrip("\ufeff").lower().replace("-", " ").split())


def _read_row(layout: _Layout, number: int, row: list[str]) -> Iterator[Original | Problem]:
    raw = json.dumps(dict(zip(layout.header, row, strict=False)), ensure_ascii=False)
    if len(row) != len(layout.header):
        # Usually a text with an unquoted delimiter, or a file cut mid-row.
        message = f"{len(row)} fields where the header has {len(layout.header)}"
        yield Problem(layout.source, "import", message, line=number)
        return
    if any("\x00" in cell for cell in row):
        message = "a NUL byte in the row: damaged, not read"
        yield Problem(layout.source, "import", message, line=number)
        return
    to_fields: Callable[[list[str]], Fields] = layout.fields
    date = layout.fields(row).date
    if isinstance(date, str) and _unreadable_date(date):
        # A spreadsheet's 03/04/2023 is March or April: the post is kept, its date unknown
        # (a verdict then says the date cannot be checked) rather than the post lost.
        message = f"date {date!r} cannot be read without doubt: the post is kept, its date unknown"
        yield Problem(layout.source, "import", message, line=number, severity="warning")
        to_fields = lambda cells: replace(layout.fields(cells), date=None)  # noqa: E731
    yield line_record(layout.source, number, to_fields, row, raw=raw, platform=layout.platform)


def _unreadable_date(value: str) -> bool:
    try:
        parse_date(value)
    except (ValueError, OverflowError, OSError):
        return True
    return False
