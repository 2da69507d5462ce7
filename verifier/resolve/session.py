"""One run's network: the single HttpClient, the endpoints, and the fetcher built on them.

`verify` and `recheck` each open one `NetworkSession` and share it between every article and
every post of the run, so that politeness and retries hold across all of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from verifier.http import (
    DEFAULT_DEADLINE,
    EndpointMap,
    HttpClient,
    endpoint_overrides_from_env,
    parse_endpoint_overrides,
)
from verifier.platforms.fetcher import DEFAULT_POST_DEADLINE, Endpoints, FetchContext
from verifier.resolve.fetch import default_endpoints, make_fetcher, make_searcher
from verifier.resolve.original import Fetcher, Searcher


@dataclass(frozen=True)
class NetworkOptions:
    offline: bool = False  # never touch the network
    allow_private_hosts: bool = False  # lift the refusal of private and local addresses
    overrides: EndpointMap = field(default_factory=dict)  # NAME -> base URL
    # Look for a capture of a post that is gone or unreachable, and search captures for a
    # post quoted without its id.
    web_archive: bool = True
    fetch_deadline: float = DEFAULT_DEADLINE  # seconds one request may take in all
    post_deadline: float = DEFAULT_POST_DEADLINE  # seconds all the requests for one post may


def endpoint_overrides(items: tuple[str, ...], environ: Mapping[str, str]) -> EndpointMap:
    """VERIFIER_ENDPOINTS, then each --endpoint NAME=URL, later ones winning. ValueError
    names a malformed item."""
    return {**endpoint_overrides_from_env(environ), **parse_endpoint_overrides(items)}


def client_defaults() -> dict[str, Any]:
    """Extra HttpClient arguments; tests replace this to inject a clock, sleep and DNS."""
    return {}


class NetworkSession:
    """The run's HttpClient and fetcher; `None` of both when offline."""

    def __init__(self, options: NetworkOptions) -> None:
        self.options = options
        self.endpoints = Endpoints(default_endpoints(), options.overrides)
        self.http: HttpClient | None = None
        self.context: FetchContext | None = None
        if not options.offline:
            self.http = HttpClient(
                allow_private_hosts=options.allow_private_hosts,
                deadline=options.fetch_deadline,
                **client_defaults(),
            )
            self.context = FetchContext(
                self.http, self.endpoints, post_deadline=options.post_deadline
            )

    @property
    def fetcher(self) -> Fetcher | None:
        if self.context is None:
            return None
        return make_fetcher(self.context, archives=self.options.web_archive)

    @property
    def searcher(self) -> Searcher | None:
        """The search by author and day, in web archive captures: None without them."""
        if self.context is None or not self.options.web_archive:
            return None
        return make_searcher(self.context)

    def close(self) -> None:
        if self.http is not None:
            self.http.close()

    def __enter__(self) -> NetworkSession:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
