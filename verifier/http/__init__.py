"""The one place verifier talks HTTP: a polite, guarded session that keeps evidence.

Articles and platform originals are both fetched through `HttpClient.get`, which returns a
`FetchResult` for every outcome. Network failures never raise: they come back with `error`
set, naming the URL. Only programmer errors raise:

    ValueError          a bad HttpClient argument, or a malformed NAME=URL endpoint override
    AddressRefused      the guard refused a host: raised inside connections and turned into
                        FetchResult.error by `get`, so callers of `get` never see it

    client.py     FetchResult, HttpClient: redirects, retries, evidence
    deadline.py   a total deadline per fetch: the sockets of a request too slow are shut
    guard.py      which addresses may be reached, and connections pinned to checked ones
    polite.py     per-host interval and concurrency, Retry-After
    endpoints.py  NAME=URL endpoint overrides from options and VERIFIER_ENDPOINTS
"""

from verifier.http.client import (
    CONTACT_ENV,
    DEFAULT_DEADLINE,
    DEFAULT_USER_AGENT,
    FetchResult,
    HttpClient,
    user_agent_for,
)
from verifier.http.endpoints import (
    ENDPOINTS_ENV,
    EndpointMap,
    endpoint_overrides_from_env,
    parse_endpoint_overrides,
)
from verifier.http.guard import (
    AddressGuard,
    AddressRefused,
    Resolver,
    default_resolver,
    is_public_address,
)
from verifier.http.polite import HostGate, retry_after_seconds

__all__ = [
    "CONTACT_ENV",
    "DEFAULT_DEADLINE",
    "DEFAULT_USER_AGENT",
    "ENDPOINTS_ENV",
    "AddressGuard",
    "AddressRefused",
    "EndpointMap",
    "FetchResult",
    "HostGate",
    "HttpClient",
    "Resolver",
    "default_resolver",
    "endpoint_overrides_from_env",
    "is_public_address",
    "parse_endpoint_overrides",
    "retry_after_seconds",
    "user_agent_for",
]
