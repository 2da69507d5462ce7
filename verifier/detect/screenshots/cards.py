"""What a post screenshot shows, from the lines OCR read in it: the platform, display name,
handle, date and time line, the text, and the counts.

Every platform's post page lays a post out the same way, on web and phone, light and dark:
an avatar with the name and handle beside it (Threads and Instagram show only the handle;
Facebook only the name, with the date under it), the text back at the card's left margin,
then the date line and the counts. The text is what lies between the author's rows and the
first date or count line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from verifier.detect.screenshots.ocr import OcrLine, OcrReading
from verifier.text.dates import parse_displayed_date

# Words of each platform's post page that no post text needs to carry (en-US), with a weight:
# a count label is strong evidence, a header word weaker.
_CUES: dict[str, tuple[tuple[re.Pattern[str], float], ...]] = {
    "truthsocial": ((re.compile(r"retruths?|truth details", re.I), 3.0),),
    "bluesky": (
        (re.compile(r"\.bsky\.social"), 3.0),
        (re.compile(r"\d\s*(?:reposts|quotes)\b"), 1.0),
    ),
    "twitter": (
        (re.compile(r"\b(?:Bookmarks|Views|Retweets|Reposts|Quote Tweets)\b"), 2.0),
        (re.compile(r"^(?:Post|Tweet)$"), 1.0),
    ),
    "threads": ((re.compile(r"^Threads?$"), 3.0),),
    "facebook": ((re.compile(r"\d\s*(?:comments?|shares?)\b", re.I), 3.0),),
    "instagram": ((re.compile(r"^[\d,.]+[KkMm]?\s*likes$"), 2.0),),
}
_HANDLE = re.compile(r"@\s?([A-Za-z0-9_]{1,30}(?:\.[A-Za-z0-9_-]+)*)")
_BESIDE_HANDLE = re.compile(r"\s+(?:\d{1,2}/|\d+[smhdw]\b|Follow|·|•)")
_BARE_HANDLE = re.compile(r"^[A-Za-z0-9_.]{2,30}")
_COUNT = re.compile(
    r"([\d][\d,.]*\s*[KkMmB]?)\s*(reposts|quotes|likes|bookmarks|views|replies|retruths|"
    r"comments|shares|retweets)\b",
    re.I,
)
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}\s*(?:[AaPp]\.?\s?[Mm]\.?)?")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{2,4})\b")
_UI_LINES = re.compile(
    r"^(?:Post|Tweet|Thread|Threads|Truth Details|Follow|Following|Translate(?: post)?|"
    r"Show more|See more|Reply|Like|Comment|Share|Send|More|\.\.\.|…)$",
    re.I,
)
# A counts row of icons (Threads: heart 12, bubble 3, ...): two numbers or more, no words.
# One number alone may be a line of the post ("100%"), and is kept as text.
_NUMBER = r"\d[\d.,]*[KkMm]?"
_ICON_COUNTS = re.compile(rf"^[^A-Za-z\d]*{_NUMBER}(?:[^A-Za-z\d]+{_NUMBER})+[^A-Za-z\d]*$")


@dataclass(frozen=True)
class PostCard:
    """What one screenshot shows of a post, as read."""

    platform: str | None  # None: no platform's look was recognised
    display_name: str | None
    handle: str | None
    date_text: str | None
    day: date | None
    text: str
    counts: tuple[tuple[str, str], ...]  # (label, number as shown)
    text_lines: tuple[OcrLine, ...]  # the lines the text was read from, with confidences

    @property
    def text_confidence(self) -> float | None:
        return min((line.confidence for line in self.text_lines), default=None)


def guess_platform(lines: tuple[OcrLine, ...]) -> str | None:
    scores: dict[str, float] = {}
    for line in lines:
        for platform, cues in _CUES.items():
            for pattern, weight in cues:
                if pattern.search(line.text.strip()):
                    scores[platform] = scores.get(platform, 0.0) + weight
    return max(scores, key=lambda p: scores[p]) if scores else None


def read_card(reading: OcrReading) -> PostCard:
    """The post a screenshot shows; fields it does not show are None (or "" for the text)."""
    lines = tuple(line for line in reading.lines if line.text.strip())
    platform = guess_platform(lines)
    margin = min((line.left for line in lines), default=0)
    anchor = _author_row(lines, margin)
    start = _text_start(lines, anchor, margin, platform)
    # The author's rows end where the text starts; Instagram's caption comes after its picture.
    handle, name = _author(
        lines[anchor : start if platform != "instagram" else anchor + 1], platform
    )
    end = next((i for i in range(start, len(lines)) if _ends_text(lines[i])), len(lines))
    body = [line for line in lines[start:end] if not _UI_LINES.match(line.text.strip())]
    text = _join(body)
    if platform == "instagram" and text:
        # The caption starts with its author's handle (OCR may run it into the first word).
        if handle and (rest := _after_prefix(text, handle)) is not None:
            text = rest
        elif (first := text.split(maxsplit=1)) and _BARE_HANDLE.fullmatch(first[0]):
            handle, text = first[0], first[1] if len(first) > 1 else ""
    date_text = _date_line(lines, anchor)
    counts = tuple(
        (m[2].lower(), m[1].replace(" ", "")) for line in lines for m in _COUNT.finditer(line.text)
    )
    return PostCard(
        platform=platform,
        display_name=name,
        handle=handle,
        date_text=date_text,
        day=read_day(date_text),
        text=text,
        counts=counts,
        text_lines=tuple(body),
    )


def _after_prefix(text: str, prefix: str) -> str | None:
    """`text` after `prefix`, spaces in `text` aside (OCR splits and joins words); None when
    `text` does not start with it."""
    i = 0
    for char in prefix:
        while i < len(text) and text[i] == " ":
            i += 1
        if i >= len(text) or text[i] != char:
            return None
        i += 1
    return text[i:].lstrip()


def _author_row(lines: tuple[OcrLine, ...], margin: int) -> int:
    """Index of the first line of the author's rows: the first that is no page header."""
    for i, line in enumerate(lines):
        if not _UI_LINES.match(line.text.strip()):
            return i
    return 0


# What OCR makes of a round avatar beside the name: "e@", "©", "@".
_AVATAR_JUNK = re.compile(r"^[^\sA-Za-z0-9]*[A-Za-z]?[^\sA-Za-z0-9]+\s+")


def _author(lines: tuple[OcrLine, ...], platform: str | None) -> tuple[str | None, str | None]:
    """(handle, display name) from the author's rows: a long name wraps onto two."""
    rows = [_AVATAR_JUNK.sub("", line.text.strip()) for line in lines]
    rows = [row for row in rows if row and not _UI_LINES.match(row)]
    for i, text in enumerate(rows):
        if match := _HANDLE.search(text):
            handle = match[1].removesuffix(".bsky.social") if platform == "bluesky" else match[1]
            before = text[: match.start()].strip()
            name = " ".join([*rows[:i], before]).strip()
            return handle, _strip_follow(name) or None
    first = rows[0] if rows else ""
    if platform in ("threads", "instagram"):
        # A handle has no spaces: those OCR put in a bold one go; a date or "Follow" beside it
        # ends it.
        bare = _BARE_HANDLE.match("".join(_BESIDE_HANDLE.split(first)[0].split()))
        return (bare[0] if bare and not bare[0].isdigit() else None), None
    return None, _strip_follow(first) or None


def _strip_follow(text: str) -> str:
    return re.sub(r"\s*(?:Follow|Following|[·.]\s*Follow)\s*$", "", text).strip()


def _text_start(lines: tuple[OcrLine, ...], anchor: int, margin: int, platform: str | None) -> int:
    for i in range(anchor + 1, len(lines)):
        line = lines[i]
        if line.left > margin + 30 or _UI_LINES.match(line.text.strip()):
            continue  # still beside the avatar: handle, name, the date under a Facebook name
        if platform == "instagram" and _COUNT.search(line.text):
            continue  # the likes line above the caption
        return i
    return len(lines)


def _ends_text(line: OcrLine) -> bool:
    text = line.text.strip()
    if _COUNT.search(text) or _ICON_COUNTS.match(text):
        return True
    return read_day(text) is not None and (bool(_CLOCK.search(text)) or len(text) < 40)


def _date_line(lines: tuple[OcrLine, ...], anchor: int) -> str | None:
    for line in lines[anchor:]:
        if read_day(line.text) is not None:
            return line.text.strip()
    return None


def read_day(text: str | None) -> date | None:
    """The day a post's date line names: "7:47 PM · Aug 22, 2013", "02/17/23", ..."""
    if not text:
        return None
    spaced = re.sub(r"(\d),(\d{4})", r"\1, \2", re.sub(r"([^\W\d_])(\d)", r"\1 \2", text))
    if (day := parse_displayed_date(spaced)) is not None:
        return day
    # OCR may split a month's name ("Nove mber 18, 2019"): join letters split by one space.
    if (day := parse_displayed_date(re.sub(r"(?<=[A-Za-z]) (?=[a-z])", "", spaced))) is not None:
        return day
    if match := _NUMERIC_DATE.search(text):  # US order, as the en-US pages write it
        month, day_of_month, year = int(match[1]), int(match[2]), int(match[3])
        year += 2000 if year < 100 else 0
        try:
            return date(year, month, day_of_month)
        except ValueError:
            return None
    return None


def _join(lines: list[OcrLine]) -> str:
    """The text's lines, wrapped lines joined by a space, a wider gap kept as a paragraph."""
    out = ""
    for previous, line in zip([None, *lines], lines, strict=False):
        if previous is None:
            out = line.text.strip()
            continue
        gap = line.top - (previous.top + previous.height)
        out += ("\n\n" if gap > 0.8 * line.height else " ") + line.text.strip()
    return out
