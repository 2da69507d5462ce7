"""Find the original of a detected post: the local archive first, then the network."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from rapidfuzz import fuzz

from verifier.compare import normalise
from verifier.fetching import Fetched
from verifier.models import Embed, Original, Status
from verifier.platforms import get_platform

# Embeds show the date in the reader's local time zone: a post can show as a day either side.
DATE_SLACK = timedelta(days=1)
# Below this partial-ratio (0-100) an author's post of that day is not taken for the one quoted.
MIN_CANDIDATE_SCORE = 60.0


class Archive(Protocol):
    def get(self, key: str) -> Original | None: ...

    def by_author(self, platform: str, handle: str, start: date, end: date) -> list[Original]: ...


@dataclass(frozen=True)
class Unresolved:
    """No original: `status` is NOT_FOUND (searched and absent) or PENDING (a later run retries)."""

    status: Status
    searched: str
    reason: str


# A network fetcher for one embed: the original in any outcome with the evidence of every
# request made for it, or None when it has nothing to say (see verifier.fetching).
Fetcher = Callable[[Embed], Fetched | None]


@dataclass(frozen=True)
class Resolution:
    original: Original | None
    unresolved: Unresolved | None = None
    fetched: bool = False  # came from the network in this run: the caller stores it
    matched_by: str = ""  # "id" or "author and date"
    evidence: Fetched | None = None  # every request of this run's fetch, for the store


def resolve_original(
    embed: Embed,
    *,
    archive: Archive,
    fetch: Fetcher | None = None,
    offline: bool = False,
    refresh: bool = False,
) -> Resolution:
    """The local archive first; the network only for what it lacks, for an answer worth
    retrying (a failed fetch, a text that a second source has yet to confirm), or on
    `refresh`. What was fetched and recorded once is not asked for again."""
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
    fetched = fetch(embed)
    if fetched is None:
        # No fetcher for the platform (LinkedIn has no public one), or too little to ask by.
        searched.append(f"network: no {embed.platform} source can be asked for this post")
        return Resolution(
            None, Unresolved(Status.NOT_FOUND, "; ".join(searched), "not in the local archive")
        )
    return Resolution(fetched.original, fetched=True, matched_by="id", evidence=fetched)


def _worth_refetching(original: Original) -> bool:
    return original.outcome.is_retryable or not original.text_complete


def best_candidate(embed: Embed, candidates: list[Original]) -> Original | None:
    """The author's post that best matches the quoted text, if any matches well enough."""
    shown = embed.displayed_text or ""
    if not shown or not candidates:
        return None
    platform = get_platform(embed.platform)
    ignore = platform.compare_ignore

    def score(candidate: Original) -> float:
        original = normalise(platform.shown_text(candidate), ignore=ignore)
        return float(fuzz.partial_ratio(normalise(shown, ignore=ignore), original))

    scored = sorted(((score(c), c) for c in candidates), key=lambda pair: -pair[0])
    best_score, best = scored[0]
    return best if best_score >= MIN_CANDIDATE_SCORE else None
