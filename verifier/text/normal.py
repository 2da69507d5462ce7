"""The normal form two texts are compared in: only what carries no meaning is removed.

Shared ground: the comparer tokenizes this form, the resolver scores candidates on it, and a
platform's fetcher reads its own previews through it.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence

_QUOTES_AND_DASHES = str.maketrans(
    {c: "'" for c in "‘’‚‛‹›′"}
    | {c: '"' for c in "“”„‟«»″"}
    | {c: "-" for c in "‐‑‒–—―−"}
    # Zero-width characters, the soft hyphen and the bidi marks (which only place neutral
    # characters beside right-to-left text) are invisible: they never change what is read. The
    # bidi overrides and isolates stay: they change the order in which a reader sees words.
    | {c: None for c in "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u061c"}
    # Variation selectors only choose how a character is drawn (emoji or text style): "❤"
    # and "❤️" are one heart. Platforms and CMSs add or drop them.
    | {c: None for c in "\ufe0e\ufe0f"}
)
# A dash typed as two or three hyphens ("--", "---") is the dash an editor would have set.
_TYPED_DASH = re.compile(r"(?<!-)-{2,3}(?!-)")
_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_MAX_UNESCAPES = 3  # "&amp;amp;" is text escaped twice; three passes cover any sane page
_WHITESPACE = re.compile(r"\s+")
_SCRIPT_DIGITS = re.compile(r"([\u00b2\u00b3\u00b9\u2070-\u209f]+)")  # ¹²³, ⁰-⁹⁺⁻⁼⁽⁾ⁿ, ₀-₉...


def normalise(text: str, *, ignore: Sequence[re.Pattern[str]] = ()) -> str:
    """Text with only its meaningless differences removed: entities, Unicode forms, quote and
    dash styles, invisible characters and spacing; matches of `ignore` are removed. Case is kept,
    and so are superscripts and subscripts (an exponent is not a digit).
    """
    text = _unescape(text)
    # Translate before NFKC (which turns "″" into two primes) and after (which turns the
    # non-breaking hyphen into a hyphen that still needs translating).
    text = _nfkc(text.translate(_QUOTES_AND_DASHES))
    text = _TYPED_DASH.sub("-", text.translate(_QUOTES_AND_DASHES))
    for pattern in ignore:
        text = pattern.sub(" ", text)
    return _WHITESPACE.sub(" ", text).strip()


def _nfkc(text: str) -> str:
    # NFKC, except for superscript and subscript digits and signs, which it would fold into
    # the line: "10⁶" is not "106", nor "x²" "x2".
    parts = _SCRIPT_DIGITS.split(text)
    return "".join(
        part if index % 2 else unicodedata.normalize("NFKC", part)
        for index, part in enumerate(parts)
    )


def _unescape(text: str) -> str:
    # Only complete entities: html.unescape alone also reads "&not" in "&notes" as "¬".
    for _ in range(_MAX_UNESCAPES):
        unescaped = _ENTITY.sub(lambda entity: html.unescape(entity.group()), text)
        if unescaped == text:
            break
        text = unescaped
    return text
