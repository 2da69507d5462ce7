"""Text as exports and platforms store it, repaired without altering what is correct:
entities unescaped, mojibake undone, a post's HTML made plain text."""

from __future__ import annotations

import html
import re

import ftfy
from bs4 import BeautifulSoup

# Only entities closed by `;`: html.unescape alone also reads `&copy` in `?a=1&copy=2`.
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


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


# UTF-8 read as cp1252 or Latin-1 leaves these pairs: "â€™" for "’", "Ã©" for "é".
_MOJIBAKE = re.compile("[\u00c2\u00c3\u00c5][\u0080-\u00bf]|\u00e2\u20ac|\u00f0\u0178")


def repair_mojibake(text: str) -> str:
    """A whole article's mojibake undone, as `repair_text` does for a post; text without the
    marks mojibake leaves is returned as it is (ftfy over a whole page costs time)."""
    return ftfy.fix_encoding(text) if _MOJIBAKE.search(text) else text


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
