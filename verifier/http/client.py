"""HttpClient: one session per run, with redirects, retries and evidence of every fetch."""

from __future__ import annotations

import hashlib
import os
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from importlib import metadata
from urllib.parse import urljoin, urlsplit

import requests
import urllib3.exceptions

from verifier.http.deadline import watched
from verifier.http.guard import (
    AddressGuard,
    AddressRefused,
    Resolver,
    default_resolver,
    guarded_session,
)
from verifier.http.polite import HostGate, retry_after_seconds

PROJECT_URL = "https://github.com/verifier-project/verifier"
CONTACT_ENV = "VERIFIER_CONTACT"
MAX_REDIRECTS = 10
DEFAULT_PORTS = {"http": 80, "https": 443}
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
RETRY_AFTER_STATUSES = frozenset({429, 503})
KEPT_HEADERS = frozenset(
    "content-type date last-modified etag retry-after location server content-length".split()
)
# X/Twitter says x-rate-limit-*, Mastodon says x-ratelimit-*.
KEPT_HEADER_PREFIXES = ("x-rate-limit-", "x-ratelimit-")
# Credentials meant for one host must not follow a redirect to another.
CROSS_HOST_DROPPED = frozenset({"authorization", "cookie", "proxy-authorization"})
CHUNK_SIZE = 64 * 1024
# Seconds one `get` may take in all (redirects, retries, waits and reads); see deadline.py.
DEFAULT_DEADLINE = 30.0
# What a request can raise for network reasons; anything else is a bug and should surface.
NETWORK_ERRORS = (requests.RequestException, urllib3.exceptions.HTTPError, OSError)


def package_version() -> str:
    """The installed package's version (pyproject.toml's)."""
    try:
        return metadata.version("verifier")
    except metadata.PackageNotFoundError:
        return "0.1.0"


def user_agent_for(contact: str | None) -> str:
    """The User-Agent: the project, its home, and the operator's contact if given."""
    reach = (contact or "").strip() or f"set {CONTACT_ENV} to add yours"
    return f"verifier/{package_version()} (+{PROJECT_URL}; {reach})"


# Read once at import: set VERIFIER_CONTACT before starting, or pass user_agent_for(...).
DEFAULT_USER_AGENT = user_agent_for(os.environ.get(CONTACT_ENV))


@dataclass(frozen=True)
class FetchResult:
    """Evidence of one `get`: what was asked, where it ended, what came back, and why it
    failed. `redirects` holds each Location followed, so (url, *redirects) is the path."""

    url: str  # as requested, with any params
    final_url: str  # after redirects
    status: int | None  # None when no response came
    headers: dict[str, str]  # lower-case names; KEPT_HEADERS and rate-limit headers
    body: bytes
    sha256: str  # of body ("" when no body)
    fetched_at: datetime  # UTC, when the fetch started
    elapsed: float  # seconds, retries and politeness waits included
    redirects: tuple[str, ...]
    error: str | None  # why it failed, naming the URL
    attempts: int  # HTTP requests sent, over all retries and redirect hops

    @property
    def ok(self) -> bool:
        """2xx and no error (a body cut at max_bytes is an error)."""
        return self.error is None and self.status is not None and 200 <= self.status < 300


@dataclass(frozen=True)
class _Reply:
    """What one request came back with, or why it did not."""

    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    error: str | None = None
    retryable: bool = False  # a transport failure that another try may get past


class HttpClient:
    """One session per run: timeouts, retries, per-host politeness, the address guard.

    Safe to share between threads (per-host limits hold across them). `timeout` bounds each
    connect and each wait for bytes; `deadline` bounds a whole `get`, however slowly the
    server sends. `clock` and `sleep` are injectable so tests never wait. An injected
    `session` gets our User-Agent but keeps its own adapters, so only the check before each
    hop guards it, not connection pinning (nor the deadline's watch on its sockets).
    """

    def __init__(
        self,
        *,
        user_agent: str = DEFAULT_USER_AGENT,
        timeout: float = 20.0,
        deadline: float = DEFAULT_DEADLINE,
        retries: int = 3,
        backoff: float = 1.0,
        max_backoff: float = 60.0,
        per_host_interval: float = 1.0,
        per_host_concurrency: int = 2,
        allow_private_hosts: bool = False,
        offline: bool = False,
        max_bytes: int = 50_000_000,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        resolver: Resolver | None = None,
        session: requests.Session | None = None,
    ) -> None:
        _require(timeout > 0 and deadline > 0 and per_host_concurrency >= 1)
        _require(min(retries, backoff, max_backoff, per_host_interval, max_bytes) >= 0)
        self._timeout, self._retries, self._deadline = timeout, retries, deadline
        self._backoff, self._max_backoff = backoff, max_backoff
        self._offline, self._max_bytes, self._clock = offline, max_bytes, clock
        self._guard = AddressGuard(resolver or default_resolver, allow_private_hosts)
        self._gate = HostGate(
            interval=per_host_interval,
            concurrency=per_host_concurrency,
            clock=clock,
            sleep=sleep,
        )
        self._session = session or guarded_session(self._guard)
        self._session.headers["User-Agent"] = user_agent

    def now(self) -> float:
        """The client's clock (monotonic seconds): what its deadlines are measured on."""
        return self._clock()

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def get(
        self,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        deadline: float | None = None,
    ) -> FetchResult:
        """Fetch `url`, guarding every redirect hop; network failures come back in
        `error`, never raised. The whole fetch ends within the client's deadline, or within
        `deadline` seconds if that is sooner."""
        started, fetched_at = self._clock(), datetime.now(timezone.utc)
        url = _with_params(url, params)
        hops: list[str] = []
        budget = min(self._deadline, deadline) if deadline is not None else self._deadline
        if self._offline:
            reply, attempts = _Reply(error="offline"), 0
        elif budget <= 0:
            error = f"not fetched: {url} (the time allowed for it had run out before it began)"
            reply, attempts = _Reply(error=error), 0
        else:
            limit = _Limit(started + budget, budget)
            reply, attempts = self._follow(url, dict(headers or {}), hops, limit)
        elapsed = self._clock() - started
        return _evidence(url, reply, hops, attempts, fetched_at, elapsed)

    def _follow(
        self, url: str, headers: dict[str, str], hops: list[str], limit: _Limit
    ) -> tuple[_Reply, int]:
        """The last reply on the redirect chain from `url`, appending each hop to `hops`,
        and the number of requests sent."""
        current, attempts = url, 0
        while True:
            refusal = self._refusal(current)
            if refusal is not None:
                return _Reply(error=refusal), attempts
            reply, sent = self._fetch(current, headers, limit)
            attempts += sent
            target = _redirect_target(current, reply)
            if target is None:
                return reply, attempts
            if len(hops) == MAX_REDIRECTS:
                error = f"too many redirects: {url} redirected over {MAX_REDIRECTS} times"
                return replace(reply, error=error), attempts
            headers = _headers_for_hop(current, target, headers)
            hops.append(target)
            current = target

    def _refusal(self, url: str) -> str | None:
        """Why `url` must not be fetched, or None. Opens no connection."""
        try:
            parts = urlsplit(url)
            port = parts.port or DEFAULT_PORTS.get(parts.scheme, 0)
        except ValueError:
            return f"refused: {url} is not a valid URL"
        if parts.scheme not in DEFAULT_PORTS:
            return f"refused: {url} is not an http or https URL"
        if not parts.hostname:
            return f"refused: {url} has no host"
        if self._guard.allow_private:
            return None
        try:
            self._guard.check(parts.hostname, port)
        except AddressRefused as e:
            return str(e)
        except (OSError, UnicodeError) as e:  # UnicodeError: a name IDNA cannot encode
            return f"DNS error: {parts.hostname} does not resolve ({e}); {url} not fetched"
        return None

    def _fetch(self, url: str, headers: Mapping[str, str], limit: _Limit) -> tuple[_Reply, int]:
        """One URL with retries: the last reply, and how many requests it took."""
        host = urlsplit(url).hostname or ""
        attempt = 1
        while True:
            with self._gate.turn(host):
                left = limit.ends_at - self._clock()
                if left <= 0:
                    return _Reply(error=limit.spent(url)), attempt - 1
                reply = self._send(url, headers, left=left, limit=limit)
            delay = self._retry_delay(reply, attempt) if attempt <= self._retries else None
            if delay is not None and self._clock() + delay >= limit.ends_at:
                delay = None  # no time for another try: this reply is the answer
            if delay is None:
                return reply, attempt
            # The wait happens in the gate, so other threads back off from this host too.
            self._gate.hold_off(host, delay)
            attempt += 1

    def _retry_delay(self, reply: _Reply, attempt: int) -> float | None:
        """Seconds to wait before another try, or None to stop with this reply."""
        if reply.status in RETRY_AFTER_STATUSES:
            asked = retry_after_seconds(reply.headers.get("retry-after"))
            if asked is not None:
                # Past the cap, hand the 429/503 back (the caller records "rate limited")
                # rather than sleep for hours.
                return asked if asked <= self._max_backoff else None
        if not (reply.retryable or reply.status in RETRY_STATUSES):
            return None
        exponential = self._backoff * 2.0 ** (attempt - 1)
        return min(self._max_backoff, exponential + random.uniform(0, self._backoff))

    def _send(self, url: str, headers: Mapping[str, str], *, left: float, limit: _Limit) -> _Reply:
        """One request, its body read up to max_bytes, all within `left` seconds; failures
        become a reply's error."""
        timeout = min(self._timeout, left)
        with watched(left) as watch:
            try:
                response = self._session.get(
                    url,
                    headers=headers,
                    timeout=(timeout, timeout),
                    allow_redirects=False,
                    stream=True,
                )
            except AddressRefused as e:  # the connection's own check: DNS changed since ours
                return _Reply(error=str(e))
            except NETWORK_ERRORS as e:
                if watch.expired:
                    return _Reply(error=limit.spent(url))
                return _failure(e, url, timeout)
            status, kept = response.status_code, kept_headers(response.headers)
            try:
                body, whole = _read_capped(response, self._max_bytes)
            except NETWORK_ERRORS as e:
                failure = (
                    _Reply(error=limit.spent(url)) if watch.expired else _failure(e, url, timeout)
                )
                return replace(failure, status=status, headers=kept)
            finally:
                response.close()
            if watch.expired:  # cut short, though http.client may take a cut answer as whole
                return _Reply(status, kept, body, error=limit.spent(url))
        too_big = f"body larger than {self._max_bytes} bytes: {url} (kept that much)"
        return _Reply(status, kept, body, error=None if whole else too_big)


@dataclass(frozen=True)
class _Limit:
    """When one `get` must be over, on the client's clock, and the budget it was given."""

    ends_at: float
    seconds: float

    def spent(self, url: str) -> str:
        return (
            f"deadline: {url} was not fetched within {self.seconds:g}s in all"
            " (a server too slow to answer; retried in a later run)"
        )


def _require(condition: bool) -> None:
    if not condition:
        raise ValueError(
            "HttpClient needs timeout > 0, deadline > 0, per_host_concurrency >= 1, and"
            " retries, backoff, max_backoff, per_host_interval and max_bytes >= 0"
        )


def _with_params(url: str, params: Mapping[str, str] | None) -> str:
    if not params:
        return url
    try:
        return requests.Request("GET", url, params=dict(params)).prepare().url or url
    except requests.RequestException:
        return url  # the guard then says what is wrong with it


def _redirect_target(url: str, reply: _Reply) -> str | None:
    location = reply.headers.get("location")
    if reply.error is None and reply.status in REDIRECT_STATUSES and location:
        return urljoin(url, location)
    return None


def _headers_for_hop(current: str, target: str, headers: dict[str, str]) -> dict[str, str]:
    if urlsplit(current).hostname == urlsplit(target).hostname:
        return headers
    return {k: v for k, v in headers.items() if k.lower() not in CROSS_HOST_DROPPED}


def kept_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """The response headers worth keeping as evidence, under lower-case names."""
    return {
        name.lower(): value
        for name, value in headers.items()
        if name.lower() in KEPT_HEADERS or name.lower().startswith(KEPT_HEADER_PREFIXES)
    }


def _read_capped(response: requests.Response, max_bytes: int) -> tuple[bytes, bool]:
    """The decoded body up to max_bytes (so a gzip bomb stops too), and whether that was
    all of it."""
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(CHUNK_SIZE):
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            return b"".join(chunks)[:max_bytes], False
    return b"".join(chunks), True


def _failure(exc: BaseException, url: str, timeout: float) -> _Reply:
    """The reply for a request that raised, its error naming the URL."""
    if isinstance(exc, requests.exceptions.SSLError):  # a ConnectionError: test it first
        return _Reply(error=f"SSL error fetching {url}: {exc} (not retried)")
    if isinstance(exc, requests.Timeout):
        error = f"timeout: {url} did not answer within {timeout:g}s"
        return _Reply(error=error, retryable=True)
    if isinstance(exc, requests.exceptions.ContentDecodingError):
        return _Reply(error=f"decode error: cannot decompress the body of {url}: {exc}")
    if isinstance(exc, (requests.ConnectionError, requests.exceptions.ChunkedEncodingError)):
        return _Reply(error=f"connection error fetching {url}: {exc}", retryable=True)
    return _Reply(error=f"request for {url} failed: {exc}")


def _evidence(
    url: str,
    reply: _Reply,
    hops: list[str],
    attempts: int,
    fetched_at: datetime,
    elapsed: float,
) -> FetchResult:
    return FetchResult(
        url=url,
        final_url=hops[-1] if hops else url,
        status=reply.status,
        headers=reply.headers,
        body=reply.body,
        sha256=hashlib.sha256(reply.body).hexdigest() if reply.body else "",
        fetched_at=fetched_at,
        elapsed=elapsed,
        redirects=tuple(hops),
        error=reply.error,
        attempts=attempts,
    )
