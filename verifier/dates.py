"""Dates as articles and embeds show them: "February 17, 2023", "17 février 2023", ..."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

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
