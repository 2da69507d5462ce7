"""Links an article writes out in full where the original's text holds a short one.

X stores every link in a post's text as a t.co link and gives the URL it stands for beside it
(snscrape's `links`, the API's `entities.urls`: `Original.links`). An article that shows where
the t.co leads shows the same link; one that shows another URL shows a change.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# A URL ends at a space or the end, before trailing punctuation or a cut mark ("…"), as
# compare's tokens do.
_URL_END = r"(?=[.,;:!?'\")\]…]*(?:\s|$))"


def with_short_links(shown: str, links: Sequence[tuple[str, str]]) -> str:
    """`shown` with each expanded URL of `links` (written with or without its scheme and
    `www.`) replaced by the short link the original's text holds, so that the two compare equal.
    A URL that is not one of the original's expansions is left as it is: it stays a change."""
    # Longest first: "https://example.com/a/b" before "https://example.com/a".
    for short, expanded in sorted(links, key=lambda link: -len(link[1])):
        if not expanded or expanded == short:
            continue
        # After a space, with or without a scheme; glued to a word ("administrationhttps://"),
        # as X writes a link that follows a word, only with one.
        start = r"(?:https?://|(?<!\S)(?:https?://)?)"
        pattern = rf"{start}(?:www\.)?{re.escape(_bare(expanded))}/?{_URL_END}"
        shown = re.sub(pattern, short.replace("\\", "\\\\"), shown, flags=re.IGNORECASE)
    return shown


def _bare(url: str) -> str:
    """The URL without its scheme, `www.` or a trailing slash: the forms articles write."""
    bare = re.sub(r"^(?:https?://)?(?:www\.)?", "", url, flags=re.IGNORECASE)
    return bare.rstrip("/")
