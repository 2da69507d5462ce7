"""Post URLs written out in plain text, found fast.

The platforms' URL patterns, tried as one alternation at every character of a long text, cost
about 2.5 s per MB: a 50 MB `.txt` took minutes where the same bytes as HTML took seconds. No
pattern matches whitespace and each needs a `/` (the path after the host), so a URL lies
inside one whitespace-free run of characters that holds a `/`; only those runs are searched,
each on its own. `\\b` at a run's start and `(?![\\w-])` at its end see the whitespace (or the
text's edge) beside it either way, so the matches are the same as over the whole text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from verifier.platforms import PLATFORMS

# A whitespace-free run that holds a `/`. The lookbehind starts a try only where a run starts,
# so a long run without `/` costs its length once, not its length squared.
_RUN_WITH_SLASH = re.compile(r"(?<!\S)[^\s/]*/\S*")


@lru_cache(maxsize=1)
def post_url_pattern() -> re.Pattern[str]:
    """Every platform's post URL pattern, as one."""
    patterns = [p.post_url_pattern.pattern for p in PLATFORMS.values() if p.post_url_pattern]
    # Each platform names its groups alike (`id`, `handle`): unnamed here, parse_post_url reads.
    unnamed = [re.sub(r"\(\?P<\w+>", "(?:", p) for p in patterns]
    return re.compile("|".join(f"(?:{p})" for p in unnamed) or "(?!)", re.IGNORECASE)


def find_post_urls(text: str) -> Iterator[re.Match[str]]:
    """The matches of `post_url_pattern()` in `text`, in order, as `finditer` over the whole
    text gives them."""
    pattern = post_url_pattern()
    for run in _RUN_WITH_SLASH.finditer(text):
        yield from pattern.finditer(text, run.start(), run.end())
