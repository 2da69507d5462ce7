"""Text and dates as exports store them, made comparable without altering what is correct."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

import ftfy
from bs4 import BeautifulSoup

# Only entities closed by `;`: html.unescape alone also reads `&copy` in `?a=1&copy=2`.
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Twitter's API and account archive: "Fri Feb 17 09:36:56 +0000 2023". Parsed by hand because
# strptime's %a and %b follow the process locale.
_TWITTER_DATE = re.compile(
    r"[A-Z][a-z]{2} (?P<month>[A-Z][a-z]{2}) (?P<day>\d{1,2}) (?P<time>\d\d:\d\d:\d\d) "
    r"(?P<offset>[+-]\d{4}) (?P<year>\d{4})"
)
# Ten digits are epoch seconds (2001-2286), thirteen are milliseconds; other digit runs are
# left to fromisoformat ("20230217").
_EPOCH = re.compile(r"\d{10}(?:\.\d+)?|\d{13}")
_UTC_NAME = re.compile(r"\s*(?:UTC|GMT|Z)$")
_SPACED_OFFSET = re.compile(r"\s+(?=[+-]\d\d:?\d\d$)")


def repair_text(raw: str) -> str:
    """The text as its author wrote it: HTML entities unescaped (double-escaped `&amp;amp;`
    too) and mojibake (`â€™`) repaired.

    Correct text comes back unchanged: ftfy's encoding fixes act only where they are sure the
    text was mis-decoded, and its other "fixes" (straight quotes, full-width letters,
    ligatures, line breaks) would alter what the author wrote, so they are not applied.
    """
    text = raw
    for _ in range(3):
        unescaped = _ENTITY.sub(lambda match: html.unescape(match[0]), text)
        if unescaped == text:
            break
        text = unescaped
    return ftfy.fix_encoding(text)


def html_to_text(markup: str) -> str:
    """Plain text of a post's HTML (Mastodon's `content`): paragraphs apart by a blank line,
    `<br>` a newline, entities unescaped."""
    if "<" not in markup:
        return markup  # not HTML; bs4 would also warn that it looks like a file name
    soup = BeautifulSoup(markup, "lxml")
    for br in soup.find_all("br"):
        br.replace_with("\n")
    paragraphs = soup.find_all("p")
    if not paragraphs:
        return soup.get_text()
    return "\n\n".join(paragraph.get_text() for paragraph in paragraphs)


def maybe_date(value: object) -> datetime | None:
    """`parse_date` for values from a platform's answer: anything unreadable is None."""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return None
    try:
        return parse_date(value)
    except (ValueError, OverflowError):
        return None


def parse_date(value: str | int | float) -> datetime | None:
    """A post's creation time as an aware UTC datetime; None for a blank value.

    Reads the forms real exports use: ISO 8601 with or without an offset or `Z`, with `T` or a
    space (`2023-02-17 09:36:56+00:00`), a trailing `UTC`, Twitter's
    `Fri Feb 17 09:36:56 +0000 2023`, epoch seconds or milliseconds. Raises ValueError (or
    OverflowError for an epoch out of range) on anything else.
    """
    if isinstance(value, bool):
        raise ValueError("a boolean is not a date")
    if isinstance(value, int | float):
        return _from_epoch(float(value))
    text = value.strip()
    if not text:
        return None
    if _EPOCH.fullmatch(text):
        return _from_epoch(float(text))
    if match := _TWITTER_DATE.fullmatch(text):
        day = f"{match['year']}-{_MONTHS.index(match['month']) + 1:02d}-{int(match['day']):02d}"
        text = f"{day}T{match['time']}{match['offset']}"
    text = _SPACED_OFFSET.sub("", _UTC_NAME.sub("+00:00", text))
    return _as_utc(datetime.fromisoformat(text))


def _from_epoch(number: float) -> datetime:
    # Past 1e11 seconds is the year 5138: such a number counts milliseconds.
    seconds = number / 1000 if number >= 1e11 else number
    return datetime.fromtimestamp(seconds, tz=UTC)


def _as_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        # A time without an offset is taken as UTC: the exports that write such times
        # (snscrape-made CSVs, spreadsheets of API results) wrote UTC, and a wrong guess is
        # off by hours, never by days.
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
