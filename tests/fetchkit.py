"""What the fetch tests share: payloads (the shared real captures, and our own fixtures in
the same shapes), a fake clock and DNS, a FetchContext, and `verifier` driven through the CLI.

No test reaches the network: `responses` answers every request, a fake resolver answers DNS
(every name public, so the address guard lets it through), and time moves only when the
client sleeps.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import responses
import sqlite_utils
from click.testing import CliRunner

from verifier.cli import cli
from verifier.http import FetchResult, HttpClient
from verifier.platforms import PLATFORMS
from verifier.platforms.fetcher import Endpoints, FetchContext
from verifier.resolve import session
from verifier.resolve.fetch import default_endpoints
from verifier.store import open_db

SHARED_PAYLOADS = Path(__file__).parents[1].parent / "shared" / "payloads"
FIXTURES = Path(__file__).parent / "fixtures" / "fetch"
PUBLIC_IP = "93.184.216.34"
# Names that resolve to private addresses, as a hostile page (or its redirect) might use.
PRIVATE_NAMES = {"intranet.example": "10.0.0.7", "metadata.example": "169.254.169.254"}


def shared_payload(name: str) -> bytes:
    """A real captured response from /work/shared/payloads, read in place; the test is
    skipped where that folder is absent."""
    path = SHARED_PAYLOADS / name
    if not path.exists():
        pytest.skip(f"shared payload {name} not present")
    return path.read_bytes()


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def fixture_json(name: str) -> Any:
    return json.loads(fixture(name))


def answer(body: bytes, status: int = 200, url: str = "https://api.example/") -> FetchResult:
    """A recorded answer in FetchResult's shape, for the pure functions that read answers."""
    return FetchResult(
        url=url,
        final_url=url,
        status=status,
        headers={},
        body=body,
        sha256=hashlib.sha256(body).hexdigest(),
        fetched_at=datetime(2024, 6, 1, tzinfo=UTC),
        elapsed=0.1,
        redirects=(),
        error=None,
        attempts=1,
    )


def fake_dns(host: str, port: int) -> list[str]:
    """IP literals as themselves, a few private names, every other name public."""
    try:
        return [str(ipaddress.ip_address(host))]
    except ValueError:
        pass
    if host in PRIVATE_NAMES:
        return [PRIVATE_NAMES[host]]
    if host.endswith(".invalid"):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    return [PUBLIC_IP]


class FakeClock:
    """Time that only moves when the client sleeps; every sleep is recorded."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def client_options(clock: FakeClock) -> dict[str, Any]:
    return {
        "resolver": fake_dns,
        "sleep": clock.sleep,
        "clock": clock,
        "per_host_interval": 0.0,
        "retries": 1,
        "max_backoff": 5.0,
    }


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def server() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def context(clock: FakeClock) -> Iterator[FetchContext]:
    with HttpClient(**client_options(clock)) as http:
        yield FetchContext(http, Endpoints(default_endpoints()))


@pytest.fixture
def fake_network(monkeypatch: pytest.MonkeyPatch, clock: FakeClock) -> FakeClock:
    """The CLI's HttpClient gets the fake clock and DNS."""
    monkeypatch.setattr(session, "client_defaults", lambda: client_options(clock))
    return clock


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def verify_file(
    tmp_path: Path, html: str, *options: str, name: str = "article.html"
) -> tuple[sqlite_utils.Database, int, str]:
    """`verifier verify` on one article page, into tmp_path/archive.db."""
    page = tmp_path / name
    page.write_text(html, encoding="utf-8")
    db_path = str(tmp_path / "archive.db")
    code, _out, err = run("verify", str(page), "--db", db_path, *options)
    return open_db(db_path), code, err


def quotes(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    return [dict(row) for row in db.query("select * from quotes")]


def need_platform(name: str) -> None:
    """Skip where the platform's detection is not in this tree yet."""
    if name not in PLATFORMS:
        pytest.skip(f"no detection for {name} in this tree")


def fired(server: responses.RequestsMock) -> list[str]:
    return [str(call.request.url) for call in server.calls]
