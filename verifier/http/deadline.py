"""A total deadline for one fetch, however slowly the server sends.

A read timeout bounds only the wait for the next byte: a server that drips one byte a second
holds a request for as long as it likes (a status line and headers dripped held one fetch 140 s,
a body 82 s). So each request is watched: the sockets it reads from are registered while it
runs, and when its time is up a timer shuts them, which ends the blocked read at once. The
connection classes in `guard.py` register their sockets with `watch`.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# The deadline of the request running on this thread, if any.
_current = threading.local()


class Watch:
    """The sockets one request uses, shut when its time is up."""

    def __init__(self) -> None:
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self.expired = False

    def add(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            expired = self.expired
        if expired:
            _shut(sock)

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)


def _shut(sock: socket.socket) -> None:
    try:
        # The plain socket's shutdown, also for a TLS socket: it ends the read blocked in
        # another thread at the descriptor, where SSLSocket's own would unwrap state first.
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass  # already closed: nothing left to end


@contextmanager
def watched(seconds: float) -> Iterator[Watch]:
    """Run a request with its sockets shut after `seconds`; `Watch.expired` says whether
    that happened."""
    watch = Watch()
    timer = threading.Timer(max(seconds, 0.0), watch.expire)
    timer.daemon = True
    previous = getattr(_current, "watch", None)
    _current.watch = watch
    timer.start()
    try:
        yield watch
    finally:
        timer.cancel()
        _current.watch = previous


def watch(sock: socket.socket | None) -> None:
    """Register `sock` with the deadline of the request running on this thread (if any)."""
    current: Watch | None = getattr(_current, "watch", None)
    if current is not None and sock is not None:
        current.add(sock)
