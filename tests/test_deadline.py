"""A fetch has a total deadline, and a post's whole chain of fetches has one too.

Before, only each read had a timeout, so a server that sends one byte at a time held a fetch
for as long as it liked. These tests run a real slow server on 127.0.0.1: it drips its answer
a byte every 50 ms, or never answers at all. Each case ends in about a second.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import article_page, tweet_blockquote
from fetchkit import quotes, verify_file

from verifier.http import HttpClient
from verifier.models import Outcome, PostRef
from verifier.platforms.fetcher import Endpoints, FetchContext
from verifier.resolve.fetch import default_endpoints, fetch_post

HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
DRIP = 0.05  # seconds between two bytes: well inside any read timeout


@dataclass
class SlowServer:
    """Accepts every connection; answers by `mode`: "head" drips the status line and headers,
    "body" sends those at once and drips the body, "silent" reads the request and says
    nothing. Counts the connections it accepted."""

    mode: str
    listener: socket.socket = field(init=False)
    stop: threading.Event = field(default_factory=threading.Event)
    connections: int = 0

    def __post_init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.1)
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.listener.getsockname()[1]}"

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            conn.recv(65536)
            if self.mode == "body":
                conn.sendall(HEAD)
            stream = HEAD if self.mode == "head" else b"x" * 100000
            for byte in stream:
                if self.stop.wait(DRIP if self.mode != "silent" else 0.5):
                    return
                if self.mode == "silent":
                    continue
                try:
                    conn.sendall(bytes([byte]))
                except OSError:
                    return  # the client gave up: what the deadline is for

    def close(self) -> None:
        self.stop.set()
        self.listener.close()


@pytest.fixture(params=["head", "body", "silent"])
def slow(request: pytest.FixtureRequest) -> Iterator[SlowServer]:
    server = SlowServer(request.param)
    yield server
    server.close()


def test_a_dripping_or_silent_server_is_left_at_the_deadline(slow: SlowServer) -> None:
    with HttpClient(allow_private_hosts=True, timeout=5.0, deadline=1.0, retries=2) as http:
        result = http.get(f"{slow.url}/tweet-result")
    assert result.error is not None and result.error.startswith("deadline:"), result.error
    assert "within 1s in all" in result.error
    assert not result.ok
    # The deadline covers the retries too: the first try used it all, so none followed.
    assert result.attempts == 1 and slow.connections == 1
    if slow.mode == "body":
        assert result.status == 200  # the headers came; the body did not, in time


def test_a_posts_chain_of_sources_shares_one_deadline() -> None:
    server = SlowServer("head")
    try:
        overrides = {
            name: server.url for name in ("twitter-syndication", "twitter-oembed", "fxtwitter")
        }
        with HttpClient(allow_private_hosts=True, timeout=5.0, deadline=1.0, retries=0) as http:
            context = FetchContext(
                http, Endpoints(default_endpoints(), overrides), post_deadline=1.5
            )
            ref = PostRef("twitter", "1786000000000000003", None)
            fetched = fetch_post(ref, context, archives=False)
    finally:
        server.close()
    assert fetched is not None and fetched.original.outcome is Outcome.FAILED
    errors = [e.result.error or "" for e in fetched.exchanges]
    # Syndication had its whole second, oEmbed the half left, FxTwitter nothing: it was never
    # asked, and the server saw two connections, not three.
    assert [e.split(":")[0] for e in errors] == ["deadline", "deadline", "not fetched"]
    assert server.connections == 2


def test_verify_leaves_a_post_from_a_slow_server_pending(tmp_path: Path) -> None:
    server = SlowServer("head")
    try:
        embed = tweet_blockquote("The bridge closes on Monday.", post_id="1786000000000000003")
        endpoints = [
            f"--endpoint={name}={server.url}"
            for name in ("twitter-syndication", "twitter-oembed", "fxtwitter")
        ]
        db, code, err = verify_file(
            tmp_path,
            article_page(embed),
            *endpoints,
            "--allow-private-hosts",
            "--no-web-archive",
            "--fetch-deadline=0.5",
            "--post-deadline=1",
        )
    finally:
        server.close()
    [row] = quotes(db)
    assert row["status"] == "pending", row["reason"]
    [fetch, *_] = db.query("select error from fetches order by rowid")
    assert fetch["error"].startswith("deadline:")
