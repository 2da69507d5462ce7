"""A real HTTP server on 127.0.0.1 for tests: pages, feeds, sitemaps and platform answers
served from a dict, on a real socket, in a thread. Every request is logged by path."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from verifier.resolve.fetch import default_endpoints


@dataclass
class Site:
    base: str  # http://127.0.0.1:PORT
    routes: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # path -> (type, body)
    requests: list[str] = field(default_factory=list)  # paths asked for, in order

    def serve(self, path: str, body: str | bytes, content_type: str = "text/html") -> str:
        """Serve `body` at `path`; the URL to ask for it."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = (content_type, data)
        return self.base + path

    def url(self, path: str) -> str:
        return self.base + path

    def endpoints(self) -> dict[str, str]:
        """Every endpoint a fetcher calls, pointed here, so that nothing in a test can leave
        the machine: a post this site does not serve is a 404, never a request to a platform."""
        return {name: f"{self.base}/endpoints/{name}" for name in default_endpoints()}


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            path = urlsplit(self.path).path
            site.requests.append(path)
            content_type, body = site.routes.get(path, ("text/plain", b""))
            self.send_response(200 if path in site.routes else 404)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass  # quiet: the test reads `site.requests`

    return Handler


@contextmanager
def local_site() -> Iterator[Site]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(Site("")))
    site = Site(f"http://127.0.0.1:{server.server_address[1]}")
    server.RequestHandlerClass = _handler(site)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
