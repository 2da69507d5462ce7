"""What every platform's fetch module is given and shares.

Each platform's fetchers live in `verifier/platforms/<name>/fetch.py`, found by that convention
(so adding one touches no registry; `verifier.resolve.fetch` finds them). A fetch module
provides:

    ENDPOINTS                  {name: default base URL} of every endpoint it calls
    fetch(ref, context)        the network side: Fetched (every exchange, one Outcome), or
                               None when the reference says too little to ask anyone

and keeps a pure function per answer that turns one FetchResult into an Original with its
Outcome, so that the mapping is tested without a network. `verifier.store.evidence` writes them.
This module is shared ground: the fetch modules, the web archive fallback and the resolver use
it, and it imports none of them.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from verifier.http import EndpointMap, FetchResult, HttpClient
from verifier.models import Exchange, Fetched, Original, Outcome, PostRef

# When several sources answer and none has the text, the most telling answer wins.
OUTCOME_PRIORITY = (
    Outcome.DELETED,
    Outcome.SUSPENDED,
    Outcome.PROTECTED,
    Outcome.HIDDEN,
    Outcome.NOT_FOUND,
    Outcome.RATE_LIMITED,
    Outcome.FAILED,
    Outcome.OFFLINE,
)
# Answers that another source of the same platform will not contradict: stop asking.
DEFINITIVE = frozenset({Outcome.DELETED, Outcome.SUSPENDED, Outcome.PROTECTED})


class Endpoints:
    """Base URLs by endpoint name: each fetch module's defaults, with the user's overrides."""

    def __init__(self, defaults: Mapping[str, str], overrides: EndpointMap | None = None) -> None:
        self.defaults = dict(defaults)
        self.overrides = dict(overrides or {})

    def base(self, name: str, **fields: str) -> str:
        """The base URL for `name`, without a trailing slash. Defaults may hold `{fields}`
        (Mastodon's is the post's own server); an override replaces the whole URL."""
        if name in self.overrides:
            return self.overrides[name].rstrip("/")
        return self.defaults[name].format(**fields).rstrip("/")

    def unknown(self) -> list[str]:
        """Overridden names that no fetcher uses: most likely typos."""
        return sorted(set(self.overrides) - set(self.defaults))


# Seconds all the requests for one post may take together: its platform's sources, one after
# another, and the web archive after them. Each request has its own deadline besides.
DEFAULT_POST_DEADLINE = 90.0


class FetchContext:
    """What a fetcher may use: the run's one HttpClient and the endpoints. Every request
    made between two `begin_post` calls shares the post's deadline: once it is spent, the
    rest of the chain answers at once with a failed fetch (retried in a later run)."""

    def __init__(
        self,
        http: HttpClient,
        endpoints: Endpoints,
        *,
        post_deadline: float = DEFAULT_POST_DEADLINE,
    ) -> None:
        if post_deadline <= 0:
            raise ValueError(f"post_deadline must be > 0 seconds, not {post_deadline}")
        self.http = http
        self.endpoints = endpoints
        self.post_deadline = post_deadline
        self._post_ends_at: float | None = None
        # Every answer since the last `fetch_post` began: kept even if a fetcher then fails.
        self.answers: list[FetchResult] = []

    def begin_post(self) -> None:
        """A new post's chain of requests starts: its answers and its deadline."""
        self.answers = []
        self._post_ends_at = self.http.now() + self.post_deadline

    def get(
        self,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> FetchResult:
        left = None if self._post_ends_at is None else self._post_ends_at - self.http.now()
        result = self.http.get(url, params=params, headers=headers, deadline=left)
        self.answers.append(result)
        return result


class FetchModule(Protocol):
    ENDPOINTS: dict[str, str]

    def fetch(self, ref: PostRef, context: FetchContext) -> Fetched | None: ...


# Where snscrape-free, network-free code asks "which platforms can we fetch?".
def fetch_module(platform: str) -> FetchModule | None:
    """The platform's fetch module, found by convention; None if it has none."""
    if not platform.isidentifier():
        return None
    try:
        module: Any = importlib.import_module(f"verifier.platforms.{platform}.fetch")
    except ModuleNotFoundError as error:
        if error.name and error.name.startswith("verifier.platforms"):
            return None
        raise
    return module  # type: ignore[no-any-return]


def fetch_platforms() -> list[str]:
    """Every platform with a fetch module, by name."""
    import verifier.platforms as package

    found = []
    for info in pkgutil.iter_modules(package.__path__):
        if info.ispkg and fetch_module(info.name) is not None:
            found.append(info.name)
    return sorted(found)


# Helpers for the pure transforms: one FetchResult -> an outcome, or the JSON in it.


def unavailable(ref: PostRef, outcome: Outcome, reason: str, provenance: str) -> Original:
    """An Original without text, saying why."""
    return Original(
        platform=ref.platform,
        post_id=ref.post_id or "",
        text="",
        url=ref.url,
        author_handle=ref.author_handle,
        provenance=provenance,
        outcome=outcome,
        reason=reason,
    )


def transport_outcome(result: FetchResult) -> tuple[Outcome, str] | None:
    """The outcome when the answer itself says nothing about the post: no answer, rate
    limited, a server error. None when the answer is the platform's to interpret."""
    if result.status is None:
        return Outcome.FAILED, result.error or f"no answer from {result.url}"
    if result.status == 429:
        wait = result.headers.get("retry-after")
        return Outcome.RATE_LIMITED, f"HTTP 429 from {result.url}" + (
            f" (Retry-After: {wait})" if wait else ""
        )
    if result.status >= 500:
        return Outcome.FAILED, f"HTTP {result.status} from {result.url}"
    if result.error is not None:  # e.g. a body cut at max_bytes
        return Outcome.FAILED, result.error
    return None


class NotJson(ValueError):
    "The answer is not the JSON the endpoint should give"


def json_body(result: FetchResult) -> Any:
    """The answer's JSON; NotJson says how it is wrong (HTML, cut, empty)."""
    text = result.body.decode("utf-8", "replace")
    if not text.strip():
        raise NotJson(f"empty answer from {result.url} (HTTP {result.status})")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        kind = "HTML" if text.lstrip()[:1] == "<" else "malformed JSON"
        raise NotJson(
            f"{kind} where JSON was expected from {result.url} (HTTP {result.status}): {error}"
        ) from None


def best_outcome(outcomes: Iterable[Outcome]) -> Outcome:
    """The most telling of several failed answers."""
    given = set(outcomes)
    ranked = [o for o in OUTCOME_PRIORITY if o in given]
    return ranked[0] if ranked else Outcome.FAILED


def combine(ref: PostRef, exchanges: list[Exchange], provenance: str) -> Original:
    """One Original for several sources none of which had the text: the most telling outcome,
    with every source's answer in the reason."""
    outcome = best_outcome(e.outcome for e in exchanges)
    reason = "; ".join(
        f"{e.fetcher}: {e.outcome.value}" + (f" ({e.reason})" if e.reason else "")
        for e in exchanges
    )
    return unavailable(ref, outcome, reason, provenance)


def exchange(fetcher: str, result: FetchResult, original: Original) -> Exchange:
    return Exchange(fetcher, result, original.outcome, original.reason)


# For a platform whose ids carry their time: a search of the web archive by day.

# An id range is narrowed to at most this many leading-digit prefixes, one query each.
MAX_PREFIXES = 3


def numeric_prefixes(low: int, high: int, *, most: int = MAX_PREFIXES) -> list[str]:
    """The longest leading-digit prefixes, at most `most` of them, such that every number from
    `low` to `high` starts with one: they narrow a URL prefix query to a range of numeric ids.
    [""] (no narrowing) when no such few will do."""
    for power in range(len(str(low))):
        start, end = low // 10**power, high // 10**power
        if end - start < most:
            return [str(number) for number in range(start, end + 1)]
    return [""]
