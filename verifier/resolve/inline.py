"""The post an inline quote most likely comes from: the speaker's posts of the window's days.

The speaker's handle is the article's (see `verifier.detect.speakers`) or, where the article
gives none, the one the archive's display names give that person, when only one does. The
candidates are the local archive's posts of that handle in the window (a day wider each
side, for time zones), then, online, those the remnants' search finds for its days. A post
is taken when it holds the quote's words (the usual partial ratio) or, for a quote in another
language, when the tokens a translation keeps tie them (`verifier.text.crosslingual`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from verifier.models import (
    DATE_SLACK,
    Embed,
    EmbedKind,
    Fetched,
    Original,
    Resolution,
    Status,
    Unresolved,
)
from verifier.resolve.original import (
    MAX_SEARCH_FETCHES,
    MIN_CANDIDATE_SCORE,
    Archive,
    Fetcher,
    Searcher,
    match_score,
)
from verifier.text.crosslingual import SAME_WORDS, Evidence, translation_evidence, word_share

# Without an article date, the speaker's posts of any day are weighed.
_ANY_DAY = (date(2000, 1, 1), date(2100, 1, 1))
_MAX_SEARCH_DAYS = 3  # days of a window the online search is asked about, nearest its end


@dataclass(frozen=True)
class _Scored:
    original: Original
    words: float  # partial ratio of the quote in the post, 0 to 100
    share: float  # share of the quote's words the post holds
    evidence: Evidence

    @property
    def same_words(self) -> bool:
        # The partial ratio alone is no test: it is high for "c'est de TruthGPT" in "What we
        # need is TruthGPT", character runs that are no shared words.
        return self.words >= MIN_CANDIDATE_SCORE and self.share >= SAME_WORDS


def with_archive_handle(embed: Embed, archive: Archive) -> Embed:
    """An inline quote whose article gives no handle, with the one the archive's display
    names give its speaker (when only one does), saying so in `handle_from`."""
    if embed.kind is not EmbedKind.INLINE or embed.author_handle:
        return embed
    handle, note = _handle_from_archive(embed, archive)
    return replace(
        embed,
        author_handle=handle,
        handle_from=f"{embed.handle_from or ''}; {note}".strip("; "),
    )


def resolve_inline(
    embed: Embed,
    *,
    archive: Archive,
    fetch: Fetcher | None = None,
    search: Searcher | None = None,
    offline: bool = False,
) -> Resolution:
    """The speaker's post the quote most likely comes from, or what was searched."""
    if not embed.author_handle:
        reason = f"the speaker's handle is unknown ({embed.handle_from or 'no speaker'})"
        return Resolution(None, Unresolved(Status.NOT_FOUND, "no handle to search by", reason))
    searched: list[str] = []
    start, end = _window(embed)
    searched.append(f"local archive: posts by @{embed.author_handle} from {start} to {end}")
    held = archive.by_author(embed.platform, embed.author_handle, start, end)
    best = _best(embed, held)
    if best is not None:
        return _resolution(best, "speaker and day")
    searched[-1] += f" ({len(held)} found, none holds the quote or its translation)"
    if offline or search is None or fetch is None:
        why = "offline" if offline else "no online search for this platform"
        searched.append(f"online search: not asked ({why})")
        return Resolution(None, Unresolved(Status.NOT_FOUND, "; ".join(searched), _not_held(embed)))
    return _search_online(embed, searched, fetch=fetch, search=search, end=end)


def _search_online(
    embed: Embed, searched: list[str], *, fetch: Fetcher, search: Searcher, end: date
) -> Resolution:
    fetched: list[Fetched] = []
    for back in range(_MAX_SEARCH_DAYS):
        day = end - DATE_SLACK - timedelta(days=back)
        if embed.window_start and day < embed.window_start:
            break
        found = search(replace(embed, displayed_day=day))
        if found is None:
            continue
        searched.append(found.searched)
        for ref in found.refs[:MAX_SEARCH_FETCHES]:
            if (answer := fetch(replace(embed, post_id=ref.post_id, post_url=ref.url))) is not None:
                fetched.append(answer)
    best = _best(embed, [f.original for f in fetched])
    if best is None:
        searched.append(f"{len(fetched)} posts fetched, none holds the quote or its translation")
        return Resolution(
            None,
            Unresolved(Status.NOT_FOUND, "; ".join(searched), _not_held(embed)),
            others=tuple(fetched),
        )
    chosen = next(f for f in fetched if f.original is best.original)
    resolution = _resolution(best, "speaker and day (web archive search)")
    return replace(
        resolution,
        fetched=True,
        evidence=chosen,
        others=tuple(f for f in fetched if f is not chosen),
    )


def _handle_from_archive(embed: Embed, archive: Archive) -> tuple[str | None, str]:
    name = embed.author_name
    if not name:
        return None, "no speaker named: the archive cannot be asked"
    # Optional on an Archive: the store's archives answer it; a bare one cannot.
    lookup = getattr(archive, "handles_named", None)
    handles = lookup(embed.platform, name) if lookup else []
    if len(handles) == 1:
        return handles[0], f"handle: @{handles[0]} from the archive's display names"
    if handles:
        listed = ", ".join(f"@{h}" for h in handles)
        return None, f"the archive's display names give {name} several handles ({listed})"
    return None, f"no post in the archive shows {name} as its author's name"


def _window(embed: Embed) -> tuple[date, date]:
    if embed.window_start is None or embed.window_end is None:
        return _ANY_DAY
    return embed.window_start - DATE_SLACK, embed.window_end + DATE_SLACK


def _best(embed: Embed, candidates: list[Original]) -> _Scored | None:
    """The candidate that holds the quote's words, else the one whose translation evidence
    is enough; among equals, the latest in the window (nearest the article)."""
    quote = embed.displayed_text or ""
    scored = [
        _Scored(
            c, match_score(embed, c), word_share(quote, c.text), translation_evidence(quote, c.text)
        )
        for c in candidates
        if c.text.strip()
    ]
    same = [s for s in scored if s.same_words]
    if same:
        return max(same, key=lambda s: (s.words, _when(s.original)))
    ranked = sorted(
        (s for s in scored if s.evidence.enough),
        key=lambda s: (s.evidence.found, s.evidence.score, _when(s.original)),
        reverse=True,
    )
    if not ranked:
        return None
    best = ranked[0]
    runner_up = ranked[1].evidence if len(ranked) > 1 else None
    # A name alone ties a quote to a post only when no other post of those days shares as
    # much; stronger evidence must still beat the next post's.
    if runner_up is not None and (
        runner_up.found >= best.evidence.found
        and (not best.evidence.strong or runner_up.score >= best.evidence.score)
    ):
        return None
    return best


def _when(original: Original) -> str:
    return original.created_at.isoformat() if original.created_at else ""


def _resolution(best: _Scored, by: str) -> Resolution:
    how = (
        "the quote's words"
        if best.same_words
        else f"translation evidence ({best.evidence.describe()})"
    )
    return Resolution(best.original, matched_by=f"{by}; {how}")


def _not_held(embed: Embed) -> str:
    return (
        f"no post of @{embed.author_handle} in the window holds the quote or its translation:"
        " a quote attributed to a post the archive does not hold"
    )
