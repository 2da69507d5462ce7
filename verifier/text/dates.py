"""Dates as articles and embeds show them ("February 17, 2023", "17 février 2023", ...), and as
exports and platforms write them (ISO 8601, Twitter's API form, epoch seconds)."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime

# Month names (and their usual abbreviations) in the languages newsrooms embed posts in.
_MONTHS: dict[int, tuple[str, ...]] = {
    1: (
        "january",
        "jan",
        "janvier",
        "janv",
        "januar",
        "jän",
        "enero",
        "ene",
        "gennaio",
        "gen",
        "janeiro",
        "januari",
    ),
    2: (
        "february",
        "feb",
        "fevrier",
        "fevr",
        "fev",
        "februar",
        "febrero",
        "febbraio",
        "fevereiro",
        "fev",
        "februari",
    ),
    3: ("march", "mar", "mars", "marz", "marzo", "marco", "maart", "mrt"),
    4: ("april", "apr", "avril", "avr", "abril", "abr", "aprile"),
    5: ("may", "mai", "mayo", "maggio", "mag", "maio", "mei"),
    6: ("june", "jun", "juin", "juni", "junio", "giugno", "giu", "junho"),
    7: ("july", "jul", "juillet", "juil", "juli", "julio", "luglio", "lug", "julho"),
    8: ("august", "aug", "aout", "agosto", "ago", "augustus"),
    9: ("september", "sep", "sept", "septembre", "septiembre", "settembre", "set", "setembro"),
    10: (
        "october",
        "oct",
        "octobre",
        "oktober",
        "okt",
        "octubre",
        "ottobre",
        "ott",
        "outubro",
        "out",
    ),
    11: ("november", "nov", "novembre", "noviembre", "novembro"),
    12: (
        "december",
        "dec",
        "decembre",
        "dezember",
        "dez",
        "diciembre",
        "dic",
        "dicembre",
        "dezembro",
    ),
}
# Russian, as X/Twitter writes an embed's date for `lang=ru` ("16 мая 2018 г."): nominative,
# genitive and abbreviated forms.
_MONTHS_RU: dict[int, tuple[str, ...]] = {
    1: ("январь", "января", "янв"),
    2: ("февраль", "февраля", "фев"),
    3: ("март", "марта"),
    4: ("апрель", "апреля"),
    5: ("май", "мая"),
    6: ("июнь", "июня", "июн"),
    7: ("июль", "июля", "июл"),
    8: ("август", "августа", "авг"),
    9: ("сентябрь", "сентября", "сент"),
    10: ("октябрь", "октября", "окт"),
    11: ("ноябрь", "ноября", "ноя"),
    12: ("декабрь", "декабря", "дек"),
}


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_MONTH_BY_NAME = {
    _fold(name): number
    for months in (_MONTHS, _MONTHS_RU)
    for number, names in months.items()
    for name in names
}
_WORD_DAY_YEAR = re.compile(r"([^\W\d_]{3,12})\.?\s+(\d{1,2}),?\s+(\d{4})")
_DAY_WORD_YEAR = re.compile(r"(\d{1,2})\.?\s+(?:de\s+)?([^\W\d_]{3,12})\.?\s+(?:de\s+)?(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_CJK = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_TWITTER_API = re.compile(r"[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d{1,2}) [\d:]+ \S+ (\d{4})")


def _make(year: str, month: int | None, day: str) -> date | None:
    if month is None:
        return None
    try:
        return date(int(year), month, int(day))
    except ValueError:
        return None


def parse_displayed_date(text: str | None) -> date | None:
    """The calendar day a displayed date names, or None when it cannot be read."""
    if not text:
        return None
    if match := _ISO.search(text):
        return _make(match[1], int(match[2]), match[3])
    if match := _CJK.search(text):
        return _make(match[1], int(match[2]), match[3])
    if match := _TWITTER_API.search(text):
        return _make(match[3], _MONTH_BY_NAME.get(_fold(match[1])), match[2])
    if match := _WORD_DAY_YEAR.search(text):
        return _make(match[3], _MONTH_BY_NAME.get(_fold(match[1])), match[2])
    if match := _DAY_WORD_YEAR.search(text):
        return _make(match[3], _MONTH_BY_NAME.get(_fold(match[2])), match[1])
    return None


def parse_timestamp(text: str | None) -> datetime | None:
    """An ISO 8601 timestamp as stored in the archive (always timezone-aware)."""
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


# Dates as exports and platforms' answers write them.

_ABBREVIATED_MONTHS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
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
        month = _ABBREVIATED_MONTHS.index(match["month"]) + 1
        day = f"{match['year']}-{month:02d}-{int(match['day']):02d}"
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
