"""The original of a post from its platform, and a web archive's copy when the post is gone.

Finds each platform's fetch module by convention (`verifier/platforms/<name>/fetch.py`, see
`verifier.platforms.fetcher` for what one provides), runs it with the run's one HttpClient, and
falls back to the Wayback Machine (`verifier.resolve.wayback`). Gives the resolver its hooks:
`make_fetcher` and `make_searcher`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from verifier.http import FetchResult
from verifier.models import Candidates, Embed, Exchange, Fetched, Outcome, PostRef
from verifier.platforms.fetcher import FetchContext, fetch_module, fetch_platforms, unavailable
from verifier.resolve import wayback


def default_endpoints() -> dict[str, str]:
    """Every endpoint name any fetcher calls, with its default base URL."""
    endpoints: dict[str, str] = {}
    for platform in fetch_platforms():
        module = fetch_module(platform)
        if module is not None:
            endpoints.update(module.ENDPOINTS)
    endpoints.update(wayback.ENDPOINTS)
    return dict(sorted(endpoints.items()))


def fetch_post(ref: PostRef, context: FetchContext, *, archives: bool = True) -> Fetched | None:
    """The original of `ref` from its platform; when the post is gone or cannot be reached,
    a web archive's capture of it, marked as such. None when no fetcher can ask."""
    module = fetch_module(ref.platform)
    if module is None:
        return None
    context.begin_post()
    try:
        fetched = module.fetch(ref, context)
    except Exception as error:  # noqa: BLE001 - a fetcher's bug on one answer must not stop the run
        fetched = _broken(ref, context.answers, error)
    if fetched is None:
        return None
    if ref.post_id:  # the detector names the post; keep its key so the archive finds it again
        fetched = replace(fetched, original=replace(fetched.original, post_id=ref.post_id))
    if archives and fetched.original.outcome is not Outcome.AVAILABLE:
        fetched = wayback.fall_back(ref, fetched, context)
    return fetched


def _broken(ref: PostRef, answers: list[FetchResult], error: Exception) -> Fetched:
    """A fetcher that raised: the answers it had are kept, and the post waits for a retry."""
    reason = f"fetcher error ({type(error).__name__}: {error}): a bug to report, not the post"
    name = f"{ref.platform}.fetch"
    original = unavailable(ref, Outcome.FAILED, reason, name)
    return Fetched(original, tuple(Exchange(name, a, Outcome.FAILED, reason) for a in answers))


def make_fetcher(
    context: FetchContext, *, archives: bool = True
) -> Callable[[Embed], Fetched | None]:
    """The resolver's hook: fetch the post an embed shows."""

    def fetch(embed: Embed) -> Fetched | None:
        return fetch_post(embed.ref, context, archives=archives)

    return fetch


def make_searcher(context: FetchContext) -> Callable[[Embed], Candidates | None]:
    """The resolver's hook for an embed that shows no post id: the posts its author may have
    made around the day it shows, as web archive captures list them. None when the embed
    names no author or day, or its platform's ids cannot be searched by day."""

    def search(embed: Embed) -> Candidates | None:
        if not embed.author_handle or embed.displayed_day is None:
            return None
        return wayback.find_candidates(
            embed.platform, embed.author_handle, embed.displayed_day, context
        )

    return search
