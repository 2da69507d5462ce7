"""Politeness towards each host: spacing, a cap on requests in flight, and Retry-After."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime


class HostGate:
    """Per host: a minimum interval between request starts, at most `concurrency` requests
    in flight, and a shared hold-off, so one thread's Retry-After slows every thread."""

    def __init__(
        self,
        *,
        interval: float,
        concurrency: int,
        clock: Callable[[], float],
        sleep: Callable[[float], None],
    ) -> None:
        self._interval, self._concurrency = interval, concurrency
        self._clock, self._sleep = clock, sleep
        self._lock = threading.Lock()
        self._next_start: dict[str, float] = {}
        self._slots: dict[str, threading.BoundedSemaphore] = {}

    @contextmanager
    def turn(self, host: str) -> Iterator[None]:
        """Hold one of the host's slots, starting no earlier than the host allows."""
        with self._slots_for(host):
            self._wait(host)
            yield

    def hold_off(self, host: str, seconds: float) -> None:
        """Start no request to `host` for `seconds` from now."""
        with self._lock:
            now = self._clock()
            self._next_start[host] = max(self._next_start.get(host, now), now + seconds)

    def _slots_for(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            if host not in self._slots:
                self._slots[host] = threading.BoundedSemaphore(self._concurrency)
            return self._slots[host]

    def _wait(self, host: str) -> None:
        # Reserve the start time under the lock but sleep outside it: other hosts never wait.
        with self._lock:
            now = self._clock()
            start = max(now, self._next_start.get(host, now))
            self._next_start[host] = start + self._interval
        if start > now:
            self._sleep(start - now)


def retry_after_seconds(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or HTTP-date), None if unusable."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # "-0000" means UTC without saying so
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())
