"""The days a quoted post was most likely made: the article's date, narrowed by the relative
words of the quote's sentence ("Friday", "vendredi", "yesterday", "ayer", "last week").

Without such words the window is the week up to the article's day: news quotes recent posts.
The resolver widens every window by a day each side, for time zones.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

_WEEKDAYS = [
    # Monday first, as date.weekday() counts; PT's "-feira" forms start with the same word.
    r"monday|lundi|lunes|montag|luned[iì]|segunda",
    r"tuesday|mardi|martes|dienstag|marted[iì]|ter[çc]a",
    r"wednesday|mercredi|mi[ée]rcoles|mittwoch|mercoled[iì]|quarta",
    r"thursday|jeudi|jueves|donnerstag|gioved[iì]|quinta",
    r"friday|vendredi|viernes|freitag|venerd[iì]|sexta",
    r"saturday|samedi|s[áa]bado|samstag|sonnabend|sabato",
    r"sunday|dimanche|domingo|sonntag|domenica",
]
_WEEKDAY = re.compile(
    r"(?<![\w-])(?:" + "|".join(f"(?P<d{i}>{p})" for i, p in enumerate(_WEEKDAYS)) + r")(?![\w])",
    re.IGNORECASE,
)
# (pattern, days back from the article's day to the window's start, to its end)
_RELATIVE = [
    (
        r"day\s+before\s+yesterday|avant-hier|anteayer|antier|vorgestern|l'altro\s+ieri"
        r"|l’altro\s+ieri|altroieri|anteontem",
        2,
        2,
    ),
    (r"yesterday|hier|ayer|gestern|ieri|ontem|last\s+night|anoche", 1, 1),
    (
        r"today|this\s+morning|aujourd['’]hui|ce\s+matin|hoy|esta\s+mañana|heute|oggi"
        r"|stamattina|hoje|esta\s+manhã",
        0,
        0,
    ),
    (
        r"last\s+week|la\s+semaine\s+derni[èe]re|la\s+semana\s+pasada|letzte[n]?\s+Woche"
        r"|vergangene[n]?\s+Woche|la\s+settimana\s+scorsa|a\s+semana\s+passada"
        r"|na\s+semana\s+passada",
        13,
        1,
    ),
    (
        r"this\s+week|earlier\s+this\s+week|cette\s+semaine|esta\s+semana|diese\s+Woche"
        r"|questa\s+settimana",
        6,
        0,
    ),
]
_RELATIVES = [
    (re.compile(rf"(?<![\w-])(?:{p})(?![\w])", re.IGNORECASE), a, b) for p, a, b in _RELATIVE
]
DEFAULT_DAYS_BACK = 7


@dataclass(frozen=True)
class Window:
    start: date
    end: date
    how: str  # the words that set it, for the verdict's "searched"


def article_day(published: str | None) -> tuple[date, date] | None:
    """The first and last day an article's date may mean ("2023-02-18", "2023-02", "2023")."""
    if not published:
        return None
    match = re.match(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", published.strip())
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if month is None:
            return date(year, 1, 1), date(year, 12, 31)  # type: ignore[arg-type]
        if day is None:
            last = calendar.monthrange(year, month)[1]  # type: ignore[arg-type]
            return date(year, month, 1), date(year, month, last)  # type: ignore[arg-type]
        return (day_ := date(year, month, day)), day_  # type: ignore[arg-type]
    except ValueError:
        return None


def window_for(published: str | None, words: str) -> Window | None:
    """The post's likely days from the article's date and the sentence's words (its quotes
    blanked); None when the article has no readable date."""
    days = article_day(published)
    if days is None:
        return None
    first, last = days
    exact = first == last
    for pattern, back_start, back_end in _RELATIVES:
        if exact and (match := pattern.search(words)):
            return Window(
                last - timedelta(days=back_start), last - timedelta(days=back_end), match.group(0)
            )
    if exact and (match := _WEEKDAY.search(words)):
        weekday = next(int(k[1:]) for k, v in match.groupdict().items() if v)
        back = (last.weekday() - weekday) % 7
        day = last - timedelta(days=back)
        return Window(day, day, match.group(0))
    how = "the article's date" if exact else f"the article's date ({published})"
    return Window(first - timedelta(days=DEFAULT_DAYS_BACK), last, how)
