"""Quoted words in prose, in every quotation style, and the sentence each stands in.

Styles: "..." “...” «...» »...« „...“ „...” ‘...’ ‚...‘ ‹...› 「...」 『...』. A quote stays inside
one paragraph. An outer quote holds any inner one (« il a dit “non” » is one quote). The
apostrophe and the closing single quote are one character (’): a single quote closes only
where no letter follows it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_MAX = 800  # characters: longer "quotes" are unpaired marks running across prose
_STYLES = [
    # (opening, closing, pattern of the inside); the German and low styles first, since
    # their closing mark („...“) is the English opening one.
    ("„", "“”", r"[^„“”\n]"),
    ("‚", "‘’", r"[^‚‘\n]"),
    ("«", "»", r"[^«»\n]"),
    ("»", "«", r"[^«»\n]"),
    ("“", "”", r"[^“”\n]"),
    ("‹", "›", r"[^‹›\n]"),
    ("「", "」", r"[^「」\n]"),
    ("『", "』", r"[^『』\n]"),
]
_PATTERNS = [
    re.compile(rf"{re.escape(o)}\s*({inside}{{2,{_MAX}}}?)\s*[{re.escape(c)}]")
    for o, c, inside in _STYLES
]
# Straight and single curly quotes open after a space or a bracket and close before one.
_STRAIGHT = re.compile(rf'(?<![\w"])"(?=\S)([^"\n]{{2,{_MAX}}}?)(?<=\S)"(?![\w])')
_SINGLE = re.compile(rf"(?<![\w‘’])‘(?=\S)([^‘\n]{{2,{_MAX}}}?)(?<=\S)’(?![\w])")
_WORD = re.compile(r"\w+")
# Where a sentence ends: a stop, then space and a capital, a digit or an opening quote.
_STOP = re.compile(r"[.!?…]+[\"”»’)]*\s+(?=[A-ZÀ-ÖØ-Þ0-9«“„\"‘¿¡¿])|\n+")
# A stop after these is no sentence end ("M. Macron", "Sen. Warren", "Dr. Smith").
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:M|MM|Mme|Mr|Mrs|Ms|Dr|Sr|Sra|Jr|St|Sen|Rep|Gov|Prof|Hr|Fr|Sig|ca|vs|etc|No|Nr"
    r"|[A-Z])\.)$"
)


@dataclass(frozen=True)
class Quote:
    """Quoted words: the span with its marks, and the words inside."""

    start: int  # offset of the opening mark
    end: int  # offset after the closing mark
    text: str  # the words inside, trimmed

    @property
    def words(self) -> int:
        return len(_WORD.findall(self.text))


def find_quotes(text: str) -> list[Quote]:
    """Every quote in a text, outermost only, in order."""
    found: list[Quote] = []
    taken = bytearray(len(text) + 1)  # 1 where a quote found so far stands
    for pattern in [*_PATTERNS, _STRAIGHT, _SINGLE]:
        for match in pattern.finditer(text):
            start, end = match.span()
            if taken[start] or taken[end - 1]:
                continue  # inside (or across) a quote already found
            if taken.find(1, start, end) != -1:  # it holds quotes found before: it wins
                found = [q for q in found if not (start <= q.start and q.end <= end)]
            found.append(Quote(start, end, match.group(1).strip()))
            taken[start:end] = b"\x01" * (end - start)
    return sorted(found, key=lambda q: q.start)


def sentence_bounds(text: str, quotes: list[Quote]) -> list[tuple[int, int]]:
    """The sentences of a text as (start, end) offsets. A stop inside a quote ends no sentence:
    « Tout va bien. Merci », a-t-il écrit. is one sentence."""
    bounds = []
    start = 0
    starts = [q.start for q in quotes]  # quotes are in order and do not overlap
    for match in _STOP.finditer(text):
        at = match.start()
        last = at + len(match.group(0).rstrip()) - 1  # the stop, or the mark closing a quote
        index = bisect_right(starts, last - 1) - 1
        if index >= 0 and quotes[index].start < last < quotes[index].end - 1:
            continue
        if match.group(0)[0] == "." and _ABBREVIATIONS.search(text[max(0, at - 4) : at + 1]):
            continue
        if text[start:at].strip():
            bounds.append((start, match.end()))
        start = match.end()
    if text[start:].strip():
        bounds.append((start, len(text)))
    return bounds


def blank_quotes(text: str, quotes: list[Quote], *, offset: int = 0) -> str:
    """The text with every quote's inside replaced by spaces (offsets stay): cues and names
    are looked for in the article's words, never in the quoted ones."""
    chars = list(text)
    for quote in quotes:
        for i in range(max(quote.start - offset, 0), min(quote.end - offset, len(chars))):
            chars[i] = " "
    return "".join(chars)
