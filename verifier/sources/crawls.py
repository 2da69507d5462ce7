"""Pages from web crawls: WARC files (`.warc`, `.warc.gz`), as Common Crawl's CC-NEWS and
most archiving tools deliver them.

Each HTTP `response` record holding HTML or text is one page, known by its target URI. A file
cut short or damaged ends with one Problem, after every whole record before it has been read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from verifier.models import Problem
from verifier.sources.local import DEFAULT_MAX_ARTICLE_BYTES, storable_name, too_large_message
from verifier.text.dates import parse_timestamp

WARC_SUFFIXES = (".warc", ".warc.gz")
_PAGE_TYPES = ("text/html", "application/xhtml", "text/plain")
_NOT_A_WARC = "not a WARC file: no record could be read"


@dataclass(frozen=True)
class CrawledPage:
    uri: str
    body: bytes
    content_type: str
    status: int | None
    crawled_at: datetime | None
    offset: int  # of the record in the file, to name it in a Problem
    http_headers: tuple[tuple[str, str], ...] = ()
    warc_headers: tuple[tuple[str, str], ...] = ()


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def iter_warc_pages(
    path: Path, *, max_bytes: int = DEFAULT_MAX_ARTICLE_BYTES
) -> Iterator[CrawledPage | Problem]:
    """The pages of a WARC file, in the order they were crawled, streamed record by record; a
    record cut short is a Problem, and the whole records before it are still read. A page
    larger than `max_bytes` is a Problem, and its body is skipped, never held."""
    try:
        stream = path.open("rb")
    except OSError as error:
        yield Problem(storable_name(path), "read", f"cannot read: {error.strerror or error}")
        return
    with stream:
        records = ArchiveIterator(stream)
        count = 0
        try:
            for count, record in enumerate(records, start=1):  # noqa: B007 - counted after
                if record.format == "arc":
                    # warcio reads any text as old ARC records rather than fail.
                    yield Problem(storable_name(path), "read", _NOT_A_WARC)
                    return
                if record.rec_headers.get_header("Content-Length") is None:
                    # warcio reads a record cut inside its headers as a whole one; every WARC
                    # record must declare its length (WARC 1.1, 5.6).
                    message = "WARC cut short or damaged: a record ends inside its headers"
                    yield Problem(storable_name(path), "read", message)
                    return
                page = _page(record, records, path, max_bytes)
                if page is not None:
                    yield page
        # warcio meets damaged headers with whatever its parsing raises (a response record
        # cut before its URI: AttributeError on None).
        except (
            ArchiveLoadFailed,
            EOFError,
            OSError,
            ValueError,
            AttributeError,
            TypeError,
        ) as error:
            yield Problem(storable_name(path), "read", f"WARC cut short or damaged: {error}")
            return
        if count == 0:
            yield Problem(storable_name(path), "read", _NOT_A_WARC)


def _page(
    record: ArcWarcRecord, records: ArchiveIterator, path: Path, max_bytes: int
) -> CrawledPage | Problem | None:
    if record.rec_type != "response" or record.http_headers is None:
        return None
    content_type = (record.http_headers.get_header("Content-Type") or "text/html").lower()
    if not content_type.startswith(_PAGE_TYPES):
        return None
    status = record.http_headers.get_statuscode()
    # The body first: asking the iterator for the offset before reading it empties the body.
    body = record.content_stream().read(max_bytes + 1)
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    if len(body) > max_bytes:
        # The iterator skips the rest of the record in blocks when it moves to the next.
        message = f"the page of {uri}: {too_large_message(None, max_bytes)}"
        return Problem(storable_name(path), "read", message)
    if getattr(record.raw_stream, "limit", 0):
        # warcio reads a record cut mid-body as a short one: only what is left unread of
        # the record's declared length tells.
        return Problem(
            storable_name(path),
            "read",
            f"WARC cut short: the record of {uri} ends before its length",
        )
    return CrawledPage(
        uri=uri,
        body=body,
        content_type=content_type,
        status=int(status) if status and status.isdigit() else None,
        crawled_at=parse_timestamp(record.rec_headers.get_header("WARC-Date")),
        offset=records.get_record_offset(),
        http_headers=tuple((str(k), str(v)) for k, v in record.http_headers.headers),
        warc_headers=tuple((str(k), str(v)) for k, v in record.rec_headers.headers),
    )
