"""Progress of a long run: a live line on a terminal, a logged line now and then elsewhere.

On a terminal the line is redrawn for every item: how many done of how many, the rate and the
time left. Anywhere else (a pipe, a log file, CI) a run that said nothing for minutes looked
stuck: one line is written every `every` items instead, with the same figures.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO


def _clock_text(seconds: float) -> str:
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


class Progress:
    """Stepped once per item by a run; writes to `stream` as the module says."""

    def __init__(
        self,
        label: str,
        *,
        stream: TextIO,
        total: int | None = None,
        terminal: bool = False,
        every: int = 10,
        show_items: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.label = label
        self.stream = stream
        self.total = total
        self.terminal = terminal
        self.every = max(every, 1)
        self.show_items = show_items
        self.clock = clock
        self.done = 0
        self.started = clock()
        self._width = 0

    def figures(self) -> str:
        """`12/40 (30%), 2.1/s, ETA 0:00:13`: what is known of the run so far."""
        elapsed = max(self.clock() - self.started, 1e-9)
        rate = self.done / elapsed
        parts = [f"{self.done}/{self.total}" if self.total else str(self.done)]
        if self.total:
            parts[0] += f" ({self.done / self.total:.0%})"
        parts.append(f"{rate:.1f}/s")
        if self.total and rate > 0:
            parts.append(f"ETA {_clock_text(max(self.total - self.done, 0) / rate)}")
        return ", ".join(parts)

    def step(self, item: str) -> None:
        self.done += 1
        if self.terminal:
            line = f"{self.label} {self.figures()}"
            if self.show_items and item:
                line += f"  {_short(item, 40)}"
            self.stream.write("\r" + line.ljust(self._width))
            self._width = len(line)
            self.stream.flush()
        elif self.done % self.every == 0:
            self.stream.write(f"{self.label}: {self.figures()}\n")
            self.stream.flush()

    def close(self) -> None:
        if self.terminal and self.done:
            self.stream.write("\n")
            self.stream.flush()


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else "…" + text[-(width - 1) :]
