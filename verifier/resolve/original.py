"""Find the original of a detected post: the local archive first, then the network."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Protocol

from rapidfuzz import fuzz

from verifier.models import (
    DATE_SLACK,
    Candidates,
    Embed,
    EmbedKind,
    Fetched,
    Original,
    Outcome,
    Resolution,
    Status,
    Unresolved,
)
from verifier.platforms import get_platform
from verifier.text.normal import normalise

# Below this partial-ratio (0-100) an author's post of that day is not taken for the one quoted.
MIN_CANDIDATE_SCORE = 60.0
# A post this short ("Thank you!") is found in almost any block of an article's prose: it is
# looked for in a remnant's whole block only from this many characters.
MIN_BLOCK_MATCH_CHARS = 24
# A search by author and day fetches at most this many of the posts it finds, nearest first,
# and stops early at a post that holds the whole quoted text.
MAX_SEARCH_FETCHES = 10
WHOLE_TEXT_SCORE = 100.0


class Archive(Protocol):
    def get(self, key: str) -> Original | None: ...

    def by_author(self, platform: str, handle: str, start: date, end: date) -> list[Original]: ...


# A network fetcher for one embed: the original in any outcome with the evidence of every
# request made for it, or None when it has nothing to say (see verifier.resolve.fetch).
Fetcher = Callable[[Embed], Fetched | None]
# A network search for an embed that shows no post id: the posts its author may have made
# around the day it shows (see verifier.resolve.fetch.make_searcher), or None when it cannot ask.
Searcher = Callable[[Embed], Candidates | None]


def resolve_original(
    embed: Embed,
    *,
    archive: Archive,
    fetch: Fetcher | None = None,
    search: Searcher | None = None,
    offline: bool = False,
    refresh: bool = False,
) -> Resolution:
    """The local archive first; the network only for what it lacks, for an answer worth
    retrying (a failed fetch, a text that a second source has yet to confirm), or on
    `refresh`. What was fetched and recorded once is not asked for again. An embed without
    a post id is searched for by author and day (`search`) when the archive has no match."""
    searched: list[str] = []
    key = embed.ref.key
    if key:
        searched.append(f"local archive by id {key}")
        if (original := archive.get(key)) is not None:
            if offline or fetch is None or not (refresh or _worth_refetching(original)):
                return Resolution(original, matched_by="id")
            if (fetched := fetch(embed)) is None:
                return Resolution(original, matched_by="id")
            return Resolution(fetched.original, fetched=True, matched_by="id", evidence=fetched)
    elif embed.author_handle and embed.displayed_day:
        start, end = embed.displayed_day - DATE_SLACK, embed.displayed_day + DATE_SLACK
        searched.append(f"local archive: posts by @{embed.author_handle} from {start} to {end}")
        candidates = archive.by_author(embed.platform, embed.author_handle, start, end)
        best = best_candidate(embed, candidates)
        if best is not None:
            return Resolution(best, matched_by="author and date")
        searched[-1] += f" ({len(candidates)} found, none close enough to the quoted text)"
    else:
        return Resolution(
            None,
            Unresolved(
                Status.NOT_FOUND, "nothing", "the embed shows neither a post id nor author and date"
            ),
        )
    if offline:
        return Resolution(
            None,
            Unresolved(
                Status.PENDING,
                "; ".join(searched),
                "not in the local archive; not fetched (offline)",
            ),
        )
    if fetch is None:
        searched.append("network: no fetcher for this platform")
        return Resolution(
            None, Unresolved(Status.NOT_FOUND, "; ".join(searched), "not in the local archive")
        )
    if not key and search is not None and embed.displayed_text:
        if (found := search(embed)) is not None:
            return _from_search(
                embed, found, archive=archive, fetch=fetch, refresh=refresh, searched=searched
            )
    fetched = fetch(embed)
    if fetched is None:
        # No fetcher for the platform (LinkedIn has no public one), or too little to ask by.
        searched.append(f"network: no {embed.platform} source can be asked for this post")
        return Resolution(
            None, Unresolved(Status.NOT_FOUND, "; ".join(searched), "not in the local archive")
        )
    return Resolution(fetched.original, fetched=True, matched_by="id", evidence=fetched)


def _from_search(
    embed: Embed,
    found: Candidates,
    *,
    archive: Archive,
    fetch: Fetcher,
    refresh: bool,
    searched: list[str],
) -> Resolution:
    """The post a search found whose text best matches the quote, if one matches well enough;
    else what was searched, pending when a part of the search failed."""
    fetched, held = _fetch_found(embed, found, archive=archive, fetch=fetch, refresh=refresh)
    scores = [match_score(embed, f.original) for f in fetched]
    # The best score; among equals, the post nearest the shown day (fetched first).
    best = max(range(len(fetched)), key=lambda i: (scores[i], -i), default=None)
    if best is not None and scores[best] >= MIN_CANDIDATE_SCORE:
        return Resolution(
            fetched[best].original,
            fetched=True,
            matched_by="author and date (web archive search)",
            evidence=fetched[best],
            search=found,
            others=tuple(f for i, f in enumerate(fetched) if i != best),
        )
    searched.append(
        f"{found.searched}: {len(fetched)} fetched"
        + (f", {held} already in the local archive" if held else "")
        + (f", best score {max(scores):.0f} (needs {MIN_CANDIDATE_SCORE:.0f})" if scores else "")
    )
    failed = [f.original for f in fetched if f.original.outcome.is_retryable]
    if found.outcome.is_retryable:
        status, reason = Status.PENDING, f"the web archive search failed ({found.reason})"
    elif failed:
        status, reason = Status.PENDING, f"a post found could not be fetched ({failed[0].reason})"
    else:
        status, reason = Status.NOT_FOUND, "no post found by author and day matches the quote"
    if status is Status.PENDING:
        reason += "; a later run retries"
    unresolved = Unresolved(status, "; ".join(searched), reason)
    return Resolution(None, unresolved, search=found, others=tuple(fetched))


def _fetch_found(
    embed: Embed, found: Candidates, *, archive: Archive, fetch: Fetcher, refresh: bool
) -> tuple[list[Fetched], int]:
    """Fetch the posts a search found, nearest the shown day first, up to a bound and until
    one holds the whole quote; and how many were skipped because the archive holds them
    (they were weighed against the quote already)."""
    fetched: list[Fetched] = []
    held = 0
    for ref in found.refs:
        if len(fetched) >= MAX_SEARCH_FETCHES:
            break
        known = archive.get(ref.key) if ref.key else None
        if known is not None and not (refresh or _worth_refetching(known)):
            held += 1
            continue
        # The embed, as if it showed this post's id: the fetcher asks for it by id.
        answer = fetch(replace(embed, post_id=ref.post_id, post_url=ref.url))
        if answer is None:
            continue
        fetched.append(answer)
        if answer.original.outcome is Outcome.RATE_LIMITED:
            break  # the platform asks us to slow down: the rest waits for a later run
        if match_score(embed, answer.original) >= WHOLE_TEXT_SCORE:
            break
    return fetched, held


def _worth_refetching(original: Original) -> bool:
    return original.outcome.is_retryable or not original.text_complete


def best_candidate(embed: Embed, candidates: list[Original]) -> Original | None:
    """The author's post that best matches the quoted text, if any matches well enough."""
    if not embed.displayed_text or not candidates:
        return None
    # Ties on the best score (two posts both whole in a remnant's block: "yo" and "yo, edited")
    # go to the one that matches the guessed quote best.
    scored = sorted(((_scores(embed, c), c) for c in candidates), key=lambda pair: _rank(pair[0]))
    best_scores, best = scored[0]
    return best if max(best_scores) >= MIN_CANDIDATE_SCORE else None


def _rank(scores: tuple[float, float]) -> tuple[float, float]:
    return -max(scores), -scores[0]


def match_score(embed: Embed, candidate: Original) -> float:
    """How well a post's shown text holds the quoted text: a partial ratio, 0 to 100."""
    return max(_scores(embed, candidate))


def _scores(embed: Embed, candidate: Original) -> tuple[float, float]:
    """The score of the shown text, and of a remnant's whole block (0 where not scored).

    A remnant's quote is a guess (its last paragraph, often): a paragraph the article added
    above the signature would hide the post. The whole block above the signature is scored
    too, where the post is the shorter text and is looked for within it."""
    platform = get_platform(embed.platform)
    ignore = platform.compare_ignore
    shown = normalise(embed.displayed_text or "", ignore=ignore)
    original = normalise(platform.shown_text(candidate), ignore=ignore)
    score = float(fuzz.partial_ratio(shown, original))
    if embed.kind is EmbedKind.REMNANT and embed.context_text:
        block = normalise(embed.context_text, ignore=ignore)
        if len(block) > len(shown) and MIN_BLOCK_MATCH_CHARS <= len(original) <= len(block):
            return score, float(fuzz.partial_ratio(original, block))
    return score, 0.0
