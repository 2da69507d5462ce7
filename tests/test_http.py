"""verifier.http: one polite, guarded session that keeps evidence. No test reaches the network:
`responses` stands in for servers, an injected resolver for DNS, a fake clock for time, and
one test runs a real server on 127.0.0.1."""

from __future__ import annotations

import hashlib
import http.server
import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import pytest
import requests
import responses
from fetchkit import FakeClock
from hypothesis import given
from hypothesis import strategies as st

from verifier.http import (
    DEFAULT_USER_AGENT,
    FetchResult,
    HttpClient,
    endpoint_overrides_from_env,
    is_public_address,
    parse_endpoint_overrides,
    retry_after_seconds,
    user_agent_for,
)

PUBLIC_IP = "93.184.216.34"
DNS = {
    "news.example": [PUBLIC_IP],
    "cdn.example": [PUBLIC_IP],
    "other.example": [PUBLIC_IP],
    "internal.example": ["10.0.0.5"],
    "split.example": [PUBLIC_IP, "127.0.0.1"],  # one bad answer is enough to refuse
}
ARTICLE = "https://news.example/2024/story"


def fake_dns(table: dict[str, list[str]] = DNS) -> Callable[[str, int], list[str]]:
    """A resolver that answers IP literals as themselves and names from `table` only."""

    def resolve(host: str, port: int) -> list[str]:
        try:
            return [str(ipaddress.ip_address(host))]
        except ValueError:
            pass
        if host in table:
            return table[host]
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    return resolve


def numeric_only_resolver(host: str, port: int) -> list[str]:
    """getaddrinfo as in production, but never a DNS query: it normalises 0x7f.1 and kin."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST)
    return [str(info[4][0]) for info in infos]


def error_of(result: FetchResult) -> str:
    assert result.error is not None, f"expected an error, got {result}"
    return result.error


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_client(clock: FakeClock) -> Callable[..., HttpClient]:
    def make(**options: Any) -> HttpClient:
        defaults: dict[str, Any] = {
            "resolver": fake_dns(),
            "sleep": clock.sleep,
            "clock": clock,
            "per_host_interval": 0.0,
        }
        return HttpClient(**(defaults | options))

    return make


@pytest.fixture
def server() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


# The shape of a result


def test_a_plain_fetch_keeps_evidence(make_client: Any, server: responses.RequestsMock) -> None:
    server.get(
        ARTICLE,
        body=b"<html>story</html>",
        headers={"Content-Type": "text/html", "ETag": '"v1"', "Set-Cookie": "a=b", "X-Other": "1"},
    )
    result = make_client().get(ARTICLE)
    assert result.ok
    assert (result.url, result.final_url, result.status) == (ARTICLE, ARTICLE, 200)
    assert result.body == b"<html>story</html>"
    assert result.sha256 == hashlib.sha256(b"<html>story</html>").hexdigest()
    assert result.headers == {"content-type": "text/html", "etag": '"v1"'}
    assert (result.redirects, result.error, result.attempts) == ((), None, 1)
    assert result.fetched_at.tzinfo is not None and result.fetched_at.utcoffset() == timedelta(0)


def test_user_agent_names_the_project_and_the_contact(
    make_client: Any, server: responses.RequestsMock
) -> None:
    server.get(ARTICLE)
    make_client().get(ARTICLE)
    sent = server.calls[0].request.headers["User-Agent"]
    assert sent == DEFAULT_USER_AGENT and sent.startswith("verifier/")
    assert "https://github.com/verifier-project/verifier" in sent
    assert user_agent_for("mailto:desk@paper.example").endswith("; mailto:desk@paper.example)")
    assert "set VERIFIER_CONTACT to add yours" in user_agent_for(None)


def test_params_are_part_of_the_url_recorded(
    make_client: Any, server: responses.RequestsMock
) -> None:
    server.get("https://news.example/api?id=42&lang=en", body=b"{}")
    result = make_client().get("https://news.example/api", params={"id": "42", "lang": "en"})
    assert result.ok and result.url == "https://news.example/api?id=42&lang=en"


def test_an_empty_body_has_no_hash(make_client: Any, server: responses.RequestsMock) -> None:
    server.get(ARTICLE, status=204)
    assert make_client().get(ARTICLE).sha256 == ""


# Faults come back as results, retried when another try may help


@pytest.mark.parametrize(
    ("fault", "says"),
    [
        (requests.exceptions.ConnectTimeout("connect timed out"), "timeout: "),
        (requests.exceptions.ReadTimeout("read timed out"), "timeout: "),
        (requests.exceptions.ConnectionError("Connection reset by peer"), "connection error"),
    ],
)
def test_transport_faults_are_retried_then_reported(
    make_client: Any, server: responses.RequestsMock, clock: FakeClock, fault: Exception, says: str
) -> None:
    server.get(ARTICLE, body=fault)
    result = make_client(retries=2, backoff=1.0).get(ARTICLE)
    assert (result.ok, result.status, result.attempts) == (False, None, 3)
    assert error_of(result).startswith(says) and ARTICLE in error_of(result)
    assert len(server.calls) == 3
    # Exponential backoff with up to one `backoff` of jitter: 1-2s, then 2-3s.
    assert len(clock.sleeps) == 2
    assert 1 <= clock.sleeps[0] <= 2 and 2 <= clock.sleeps[1] <= 3


def test_a_server_error_then_success(
    make_client: Any, server: responses.RequestsMock, clock: FakeClock
) -> None:
    server.get(ARTICLE, status=500)
    server.get(ARTICLE, body=b"fine")
    result = make_client().get(ARTICLE)
    assert (result.ok, result.body, result.attempts) == (True, b"fine", 2)
    assert len(clock.sleeps) == 1 and 1 <= clock.sleeps[0] <= 2


def test_backoff_never_exceeds_the_cap(
    make_client: Any, server: responses.RequestsMock, clock: FakeClock
) -> None:
    server.get(ARTICLE, status=503)
    # A deadline long enough for every wait: the cap, not the deadline, is under test here.
    client = make_client(retries=4, backoff=10.0, max_backoff=15.0, deadline=600.0)
    result = client.get(ARTICLE)
    assert (result.status, result.attempts, result.error) == (503, 5, None)
    # The gate sleeps `start - now` on a float clock: allow for rounding, not for more waiting.
    assert len(clock.sleeps) == 4 and max(clock.sleeps) <= 15.0 + 1e-9


def test_429_waits_as_long_as_retry_after_says(
    make_client: Any, server: responses.RequestsMock, clock: FakeClock
) -> None:
    server.get(ARTICLE, status=429, headers={"Retry-After": "7"})
    server.get(ARTICLE, body=b"ok now")
    result = make_client(per_host_interval=1.0).get(ARTICLE)
    assert result.ok and result.attempts == 2
    assert clock.sleeps == [7.0]


def test_503_retry_after_as_an_http_date(
    make_client: Any, server: responses.RequestsMock, clock: FakeClock
) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    server.get(ARTICLE, status=503, headers={"Retry-After": when})
    server.get(ARTICLE, body=b"back")
    assert make_client().get(ARTICLE).ok
    assert len(clock.sleeps) == 1 and 28 <= clock.sleeps[0] <= 30


def test_a_retry_after_past_the_cap_hands_back_the_429(
    make_client: Any, server: responses.RequestsMock, clock: FakeClock
) -> None:
    server.get(ARTICLE, status=429, headers={"Retry-After": "100000", "X-Rate-Limit-Reset": "9"})
    result = make_client(max_backoff=60.0).get(ARTICLE)
    assert (result.status, result.ok, result.error, result.attempts) == (429, False, None, 1)
    assert result.headers["retry-after"] == "100000" and result.headers["x-rate-limit-reset"] == "9"
    assert clock.sleeps == []


def test_other_client_errors_are_not_retried(
    make_client: Any, server: responses.RequestsMock, clock: FakeClock
) -> None:
    server.get(ARTICLE, status=404, body=b"gone")
    result = make_client().get(ARTICLE)
    assert (result.status, result.ok, result.attempts, result.body) == (404, False, 1, b"gone")
    assert len(server.calls) == 1 and clock.sleeps == []


def test_ssl_errors_are_reported_not_retried(
    make_client: Any, server: responses.RequestsMock
) -> None:
    server.get(ARTICLE, body=requests.exceptions.SSLError("certificate verify failed"))
    result = make_client().get(ARTICLE)
    assert error_of(result).startswith(f"SSL error fetching {ARTICLE}")
    assert result.attempts == 1


def test_a_body_that_cannot_be_decoded(make_client: Any, server: responses.RequestsMock) -> None:
    server.get(ARTICLE, body=b"not gzip at all", headers={"Content-Encoding": "gzip"})
    result = make_client().get(ARTICLE)
    assert result.status == 200 and not result.ok
    assert error_of(result).startswith("decode error") and ARTICLE in error_of(result)


def test_a_body_over_max_bytes_is_cut_and_flagged(
    make_client: Any, server: responses.RequestsMock
) -> None:
    server.get(ARTICLE, body=b"0123456789" * 10)
    result = make_client(max_bytes=25).get(ARTICLE)
    assert (result.status, result.ok, result.body) == (200, False, b"0123456789012345678901234")
    assert error_of(result).startswith("body larger than 25 bytes")


def test_offline_never_resolves_or_connects(
    make_client: Any, server: responses.RequestsMock
) -> None:
    def no_dns(host: str, port: int) -> list[str]:
        raise AssertionError("offline must not resolve")

    result = make_client(offline=True, resolver=no_dns).get(ARTICLE)
    assert (result.error, result.status, result.attempts, result.body) == ("offline", None, 0, b"")
    assert len(server.calls) == 0


# Redirects: followed by hand, every hop guarded


def test_a_redirect_chain_is_recorded(make_client: Any, server: responses.RequestsMock) -> None:
    server.get(ARTICLE, status=301, headers={"Location": "https://cdn.example/a"})
    server.get("https://cdn.example/a", status=302, headers={"Location": "/b?x=1"})
    server.get("https://cdn.example/b?x=1", body=b"here")
    result = make_client().get(ARTICLE)
    assert result.ok and result.body == b"here"
    assert result.final_url == "https://cdn.example/b?x=1"
    assert result.redirects == ("https://cdn.example/a", "https://cdn.example/b?x=1")
    assert result.attempts == 3


def test_credentials_do_not_follow_a_redirect_to_another_host(
    make_client: Any, server: responses.RequestsMock
) -> None:
    server.get(ARTICLE, status=302, headers={"Location": "https://other.example/x"})
    server.get("https://other.example/x")
    make_client().get(ARTICLE, headers={"Authorization": "Bearer secret", "Accept": "text/html"})
    assert server.calls[0].request.headers["Authorization"] == "Bearer secret"
    assert "Authorization" not in server.calls[1].request.headers
    assert server.calls[1].request.headers["Accept"] == "text/html"


def test_a_redirect_loop_stops(make_client: Any, server: responses.RequestsMock) -> None:
    server.get(ARTICLE, status=302, headers={"Location": ARTICLE})
    result = make_client().get(ARTICLE)
    assert result.error == f"too many redirects: {ARTICLE} redirected over 10 times"
    assert (result.status, len(result.redirects), result.attempts) == (302, 10, 11)


@pytest.mark.parametrize(
    ("target", "host", "ip"),
    [
        ("http://127.0.0.1/admin", "127.0.0.1", "127.0.0.1"),
        ("http://169.254.169.254/latest/meta-data", "169.254.169.254", "169.254.169.254"),
        ("http://internal.example/", "internal.example", "10.0.0.5"),
    ],
)
def test_a_redirect_to_a_private_address_is_refused(
    make_client: Any, server: responses.RequestsMock, target: str, host: str, ip: str
) -> None:
    server.get(ARTICLE, status=302, headers={"Location": target})
    result = make_client().get(ARTICLE)
    assert result.error == (
        f"refused: {host} resolves to private address {ip} (pass --allow-private-hosts to allow)"
    )
    assert (result.status, result.final_url, result.redirects) == (None, target, (target,))
    assert len(server.calls) == 1  # only the article; the refused hop never went out


# The address guard


def test_a_host_resolving_to_a_private_address_is_refused(
    make_client: Any, server: responses.RequestsMock
) -> None:
    result = make_client().get("https://internal.example/feed")
    assert result.error == (
        "refused: internal.example resolves to private address 10.0.0.5"
        " (pass --allow-private-hosts to allow)"
    )
    assert (result.status, result.attempts) == (None, 0) and len(server.calls) == 0


def test_one_private_answer_among_public_ones_is_enough_to_refuse(make_client: Any) -> None:
    result = make_client().get("https://split.example/")
    assert "private address 127.0.0.1" in error_of(result)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://2130706433/",  # decimal 127.0.0.1
        "http://0x7f.1/",  # hex and short form
        "http://017700000001/",  # octal
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",  # IPv4-mapped IPv6
        "http://0.0.0.0:8080/",
        "http://[fd00::1]/",
    ],
)
def test_literal_addresses_in_any_form_are_refused(
    make_client: Any, server: responses.RequestsMock, url: str
) -> None:
    result = make_client(resolver=numeric_only_resolver).get(url)
    assert error_of(result).startswith("refused: ")
    assert result.status is None and len(server.calls) == 0


def test_allow_private_hosts_lets_loopback_through(
    make_client: Any, server: responses.RequestsMock
) -> None:
    server.get("http://127.0.0.1:8000/", body=b"local")
    result = make_client(allow_private_hosts=True).get("http://127.0.0.1:8000/")
    assert result.ok and result.body == b"local"


@pytest.mark.parametrize(
    "url", ["ftp://news.example/file", "file:///etc/passwd", "javascript:alert(1)", "http:///x"]
)
def test_only_http_and_https_urls_with_a_host(make_client: Any, url: str) -> None:
    result = make_client().get(url)
    assert error_of(result).startswith("refused: ") and url in error_of(result)


def test_a_host_that_does_not_resolve(make_client: Any) -> None:
    result = make_client().get("https://nowhere.example/")
    assert error_of(result).startswith("DNS error: nowhere.example")
    too_long = "a" * 64 + ".example"  # IDNA refuses it before any lookup
    result = make_client(resolver=numeric_only_resolver).get(f"https://{too_long}/")
    assert error_of(result).startswith(f"DNS error: {too_long}")


def test_params_on_a_url_that_is_not_http(make_client: Any) -> None:
    result = make_client().get("news.example/api", params={"q": "x"})
    assert error_of(result) == "refused: news.example/api is not an http or https URL"


@pytest.mark.parametrize(
    ("ip", "public"),
    [
        (PUBLIC_IP, True),
        ("2606:4700::1", True),
        ("::ffff:8.8.8.8", True),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("100.64.0.1", False),  # carrier-grade NAT
        ("169.254.169.254", False),
        ("224.0.0.1", False),  # multicast, which is_global calls global
        ("255.255.255.255", False),
        ("240.0.0.1", False),
        ("::", False),
        ("fe80::1%eth0", False),
        ("ff02::1", False),
        ("::ffff:10.0.0.1", False),
        ("::7f00:1", False),  # IPv4-compatible ::127.0.0.1
        ("2002:7f00:1::", False),  # 6to4 around 127.0.0.1
        ("64:ff9b::a9fe:a9fe", False),  # NAT64 around 169.254.169.254
        ("not an address", False),
    ],
)
def test_which_addresses_are_public(ip: str, public: bool) -> None:
    assert is_public_address(ip) is public


@given(st.ip_addresses(v=4, network="10.0.0.0/8") | st.ip_addresses(v=4, network="127.0.0.0/8"))
def test_private_ipv4_is_refused_in_every_ipv6_wrapping(address: ipaddress.IPv4Address) -> None:
    for form in (str(address), f"::ffff:{address}", f"64:ff9b::{address}"):
        assert not is_public_address(form), form


# Politeness


def test_requests_to_one_host_are_spaced(
    make_client: Any, server: responses.RequestsMock, clock: FakeClock
) -> None:
    server.get(ARTICLE)
    server.get("https://cdn.example/x")
    client = make_client(per_host_interval=1.5)
    for _ in range(3):
        client.get(ARTICLE)
    client.get("https://cdn.example/x")  # another host does not wait
    assert clock.sleeps == [1.5, 1.5]


def test_no_more_than_the_allowed_requests_in_flight_per_host(
    server: responses.RequestsMock,
) -> None:
    in_flight, peak, lock = 0, 0, threading.Lock()

    def slow(request: requests.PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        nonlocal in_flight, peak
        with lock:
            in_flight += 1
            peak = max(peak, in_flight)
        time.sleep(0.01)  # real, and short: long enough for threads to overlap
        with lock:
            in_flight -= 1
        return 200, {}, b"ok"

    server.add_callback(responses.GET, ARTICLE, callback=slow)
    client = HttpClient(resolver=fake_dns(), per_host_interval=0.0, per_host_concurrency=2)
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda _: client.get(ARTICLE), range(6)))
    assert all(r.ok for r in results) and peak == 2


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("7", 7.0), (" 0 ", 0.0), ("Wed, 21 Oct 2015 07:28:00 GMT", 60.0), ("soon", None)]
    + [(None, None), ("-5", None)],
)
def test_retry_after_values(value: str | None, seconds: float | None) -> None:
    now = datetime(2015, 10, 21, 7, 27, tzinfo=UTC)
    assert retry_after_seconds(value, now=now) == seconds


def test_bad_options_are_programmer_errors() -> None:
    with pytest.raises(ValueError, match="per_host_concurrency >= 1"):
        HttpClient(per_host_concurrency=0)
    with pytest.raises(ValueError, match="timeout > 0"):
        HttpClient(timeout=0)


# Endpoint overrides


def test_endpoint_overrides_from_options_and_environment() -> None:
    assert parse_endpoint_overrides(
        ["mastodon=https://mirror.example/api", " Nitter = http://nitter.local:8080 "]
    ) == {"mastodon": "https://mirror.example/api", "nitter": "http://nitter.local:8080"}
    env = {"VERIFIER_ENDPOINTS": "wayback=https://wb.example,x=https://x.example/?a=b,"}
    assert endpoint_overrides_from_env(env) == {
        "wayback": "https://wb.example",
        "x": "https://x.example/?a=b",
    }
    assert endpoint_overrides_from_env({}) == {}


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("wayback", "has no '='"),
        ("=https://wb.example", "needs a NAME"),
        ("wayback=wb.example", "needs an http:// or https:// URL"),
        ("wayback=ftp://wb.example", "needs an http:// or https:// URL"),
    ],
)
def test_malformed_endpoint_overrides_say_where_and_how_to_fix(raw: str, says: str) -> None:
    with pytest.raises(ValueError, match=f"VERIFIER_ENDPOINTS item '{raw}' {says}.*NAME=URL"):
        endpoint_overrides_from_env({"VERIFIER_ENDPOINTS": f"ok=https://ok.example,{raw}"})
    with pytest.raises(ValueError, match="--endpoint item"):
        parse_endpoint_overrides([raw])


# One real socket: the guard and the pinned connection against a server on 127.0.0.1


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: list[str] = []

    def do_GET(self) -> None:
        self.seen.append(self.headers["Host"])
        body = b"from the local server"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass


def test_real_socket_guard_and_pinning(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):  # they would take 127.0.0.1 away
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    seen: list[str] = []
    handler = type("Handler", (_Recorder,), {"seen": seen})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01})
    thread.start()
    try:
        local = f"http://127.0.0.1:{port}/"
        options: dict[str, Any] = {"per_host_interval": 0.0, "retries": 0, "timeout": 5.0}

        refused = HttpClient(**options).get(local)
        assert error_of(refused).startswith("refused: 127.0.0.1")
        assert seen == []  # the guard opened no connection

        allowed = HttpClient(allow_private_hosts=True, **options).get(local)
        assert (allowed.ok, allowed.body) == (True, b"from the local server")
        assert seen == [f"127.0.0.1:{port}"]

        # The socket goes to the address the resolver gave; the Host header keeps the name.
        to_loopback = fake_dns({"pinned.test": ["127.0.0.1"]})
        pinned = HttpClient(allow_private_hosts=True, resolver=to_loopback, **options)
        assert pinned.get(f"http://pinned.test:{port}/").ok
        assert seen[-1] == f"pinned.test:{port}"

        # DNS rebinding: public when get() checks, loopback when the connection resolves.
        answers = iter([[PUBLIC_IP], ["127.0.0.1"]])
        rebound = HttpClient(resolver=lambda h, p: next(answers), **options)
        result = rebound.get(f"http://rebind.test:{port}/")
        assert result.error == (
            "refused: rebind.test resolves to private address 127.0.0.1"
            " (pass --allow-private-hosts to allow)"
        )
        assert len(seen) == 2
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def test_fetch_result_ok_needs_2xx_and_no_error() -> None:
    base: dict[str, Any] = {
        "url": ARTICLE,
        "final_url": ARTICLE,
        "headers": {},
        "body": b"",
        "sha256": "",
        "fetched_at": datetime.now(UTC),
        "elapsed": 0.0,
        "redirects": (),
        "attempts": 1,
    }
    assert FetchResult(status=200, error=None, **base).ok
    assert not FetchResult(status=200, error="body larger than 1 bytes", **base).ok
    assert not FetchResult(status=304, error=None, **base).ok
    assert not FetchResult(status=None, error="offline", **base).ok
