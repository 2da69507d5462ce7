"""Reading and detection on every core, the rest in order in one process.

Decoding a page, reading its head and finding its embeds take most of `verify`'s time and need
nothing but the page, so worker processes do them; resolving, judging and storing stay in the
calling process, which alone holds the archive and the HTTP client (and so the politeness
rules), and takes the results in input order: a run on N cores stores what a run on one core
stores, in the same order. At most a few chunks per worker are in flight, so memory stays flat
however long the input is (a WARC is read record by record as the workers ask for more).
"""

from __future__ import annotations

import multiprocessing
import os
import re
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from itertools import islice

from verifier.detect import find_embeds
from verifier.models import Article, Embed, Problem
from verifier.sources.articles import Readable, read_article

# Pages per task: enough to make a task's round trip small beside its work, few enough that
# the workers stay evenly loaded.
CHUNK = 8
# Chunks in flight per worker: one being worked on, one waiting, one coming back.
IN_FLIGHT = 3


@dataclass(frozen=True)
class Prepared:
    """An input read and searched: the article (its text dropped, no longer needed) and its
    embeds, or why it could not be read, or why detection failed on it."""

    item: Article | Problem
    embeds: tuple[Embed, ...] = ()
    detect_error: str | None = None


def available_cores() -> int:
    """The cores this process may run on (a container or `taskset` may allow fewer)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def prepare(readable: Readable) -> Prepared:
    """Read one input and find its embeds."""
    item = read_article(readable)
    if isinstance(item, Problem):
        return Prepared(item)
    try:
        embeds = tuple(find_embeds(item))
    except Exception as error:  # noqa: BLE001 - one page that breaks the parser must not stop the run
        return Prepared(_slim(item), detect_error=f"{type(error).__name__}: {error}")
    return Prepared(_slim(item), embeds)


# A page's text goes back to the main process only where its pictures still have to be read
# there (screenshots beside a saved page, found by their <img> tags): sending every page's text
# back would double what crosses between processes.
_IMAGE_TAG = re.compile(r"<img\b", re.IGNORECASE)


def _slim(article: Article) -> Article:
    if article.is_html and _IMAGE_TAG.search(article.content):
        return article
    return replace(article, content="")


def prepare_all(readables: Iterable[Readable], *, jobs: int = 1) -> Iterator[Prepared]:
    """`prepare` each input, on `jobs` processes, yielding the results in input order."""
    if jobs <= 1:
        yield from map(prepare, readables)
        return
    inputs = iter(readables)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_context()) as pool:
        pending: deque[Future[list[Prepared]]] = deque()
        while True:
            while len(pending) < jobs * IN_FLIGHT and (chunk := list(islice(inputs, CHUNK))):
                pending.append(pool.submit(_prepare_chunk, chunk))
            if not pending:
                return
            yield from pending.popleft().result()


def _prepare_chunk(chunk: list[Readable]) -> list[Prepared]:
    return [prepare(readable) for readable in chunk]


def _context() -> multiprocessing.context.BaseContext:
    # fork: the workers start at once with every module already imported (a fresh interpreter
    # per worker spends a second importing before its first page). The parent's archive
    # connection is never used in a worker. But a fork copies only the thread that forks: with
    # other threads running (a Dask client in the same process, say), a lock one of them held
    # would stay held in the child forever, so then the workers start from a clean server.
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
