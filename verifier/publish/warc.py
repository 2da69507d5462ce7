"""The archive as a WARC file: the articles as they were read, every platform answer kept, and
the records read from local archive files.

Articles: a fetched page is a request and a response record (its kept headers); a page from a
WARC crawl is a response record with the crawl's own headers and date; a file is a `resource`
record under its `file://` URI. Imported records are `resource` records under
`file://PATH#line=N`. Platform answers: a request and a response record each.

The archive keeps each answer's status, the headers that matter and the raw body (decoded of
any transfer or content encoding, as the client read it), so the response records carry
exactly those: the header block is the kept subset, with a Content-Length that fits the body.
Fetches that got no answer (a timeout, a refused address) have no response to write.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

import sqlite_utils
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from verifier.http.client import package_version
from verifier.store.held import recorded_articles, recorded_imports, recorded_responses

# Headers that describe the bytes as sent, not as kept (the body is stored decoded).
_TRANSPORT_HEADERS = frozenset({"content-length", "transfer-encoding", "content-encoding"})


@dataclass
class Written:
    """How many of each the export wrote."""

    articles: int = 0
    responses: int = 0  # platform answers
    imports: int = 0  # records read from local archive files


def export_warc(db: sqlite_utils.Database, path: str | Path) -> Written:
    """Write the archive to `path` as a WARC (gzipped per record if it ends in .gz): the
    articles, the platforms' answers and the imported records."""
    path = Path(path)
    with path.open("wb") as out:
        return write_warc(db, out, filename=path.name, gzip=path.suffix == ".gz")


def write_warc(db: sqlite_utils.Database, out: BinaryIO, *, filename: str, gzip: bool) -> Written:
    writer = WARCWriter(out, gzip=gzip)
    info = {
        "software": f"verifier/{package_version()}",
        "format": "WARC File Format 1.1",
        "description": "Articles as verifier read them, the requests it made for the "
        "social-media posts they show, and the records it imported; response headers of its "
        "own requests are the subset it keeps (content type, dates, validators, rate limits), "
        "bodies as read.",
    }
    writer.write_record(writer.create_warcinfo_record(filename, info))
    written = Written()
    for row in recorded_articles(db):
        for record in _article_records(writer, row):
            writer.write_record(record)
        written.articles += 1
    for row in recorded_responses(db):
        request, response = _records(writer, row)
        response.rec_headers.add_header(
            "WARC-Concurrent-To", request.rec_headers.get_header("WARC-Record-ID")
        )
        writer.write_record(request)
        writer.write_record(response)
        written.responses += 1
    for row in recorded_imports(db):
        writer.write_record(_import_record(writer, row))
        written.imports += 1
    return written


def _records(writer: WARCWriter, row: dict[str, Any]) -> tuple[Any, Any]:
    uri = row["final_url"] or row["url"]
    when = _warc_date(row["requested_at"])
    headers = json.loads(row["headers"] or "{}")
    headers.pop("content-length", None)
    kept = [(name.title(), value) for name, value in sorted(headers.items())]
    request = _request(writer, uri, when)
    response = _response(writer, uri, when, int(row["http_status"]), kept, _bytes(row["body"]))
    return request, response


def _article_records(writer: WARCWriter, row: dict[str, Any]) -> list[Any]:
    body = _bytes(row["body"])
    when = _warc_date(row["read_at"] or "")
    kind = row["read_kind"]
    if kind == "file":
        uri = Path(row["read_location"]).as_uri()
        resource = writer.create_warc_record(
            uri,
            "resource",
            payload=BytesIO(body),
            length=len(body),
            warc_content_type=row["content_type"] or "application/octet-stream",
            warc_headers_dict={"WARC-Date": when},
        )
        return [resource]
    uri = row["final_url"] or row["read_location"]
    if kind == "warc":
        # The crawl's own headers, but for the length and encodings of the bytes as kept.
        pairs = json.loads(row["http_headers"] or "[]")
        headers = [(k, v) for k, v in pairs if k.lower() not in _TRANSPORT_HEADERS]
        status = row["http_status"] or 200
        response = _response(writer, uri, when, status, headers, body)
        return [response]
    # A page fetched by a run: its request, and the response with the headers kept.
    pairs = json.loads(row["http_headers"] or "[]")
    headers = [(k.title(), v) for k, v in pairs if k.lower() not in _TRANSPORT_HEADERS]
    request = _request(writer, uri, when)
    response = _response(writer, uri, when, row["http_status"] or 200, headers, body)
    response.rec_headers.add_header(
        "WARC-Concurrent-To", request.rec_headers.get_header("WARC-Record-ID")
    )
    return [request, response]


def _import_record(writer: WARCWriter, row: dict[str, Any]) -> Any:
    body = _bytes(row["body"])
    path, _, line = str(row["location"]).rpartition(":")
    if not line.isdigit():
        path, line = str(row["location"]), ""
    uri = Path(path).resolve().as_uri() + (f"#line={line}" if line else "")
    return writer.create_warc_record(
        uri,
        "resource",
        payload=BytesIO(body),
        length=len(body),
        warc_content_type="application/json",
        warc_headers_dict={"WARC-Date": _warc_date(row["at"] or "")},
    )


def _request(writer: WARCWriter, uri: str, when: str) -> Any:
    parts = urlsplit(uri)
    target = parts.path or "/"
    if parts.query:
        target += f"?{parts.query}"
    request_headers = StatusAndHeaders(
        f"GET {target} HTTP/1.1",
        [("Host", parts.netloc), ("Accept-Encoding", "identity")],
        is_http_request=True,
    )
    return writer.create_warc_record(
        uri,
        "request",
        payload=BytesIO(b""),
        length=0,
        http_headers=request_headers,
        warc_headers_dict={"WARC-Date": when},
    )


def _response(
    writer: WARCWriter,
    uri: str,
    when: str,
    status: int,
    headers: list[tuple[str, str]],
    body: bytes,
) -> Any:
    kept = [*headers, ("Content-Length", str(len(body)))]
    http_headers = StatusAndHeaders(f"{status} {_phrase(status)}", kept, protocol="HTTP/1.1")
    return writer.create_warc_record(
        uri,
        "response",
        payload=BytesIO(body),
        length=len(body),
        http_headers=http_headers,
        warc_headers_dict={"WARC-Date": when},
    )


def _bytes(body: str | bytes | None) -> bytes:
    if body is None:
        return b""
    # Bodies that were UTF-8 are stored as text: encoding them gives back the very bytes.
    return body.encode("utf-8") if isinstance(body, str) else bytes(body)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def _warc_date(iso: str) -> str:
    """WARC-Date wants UTC as 2024-01-02T03:04:05Z (fractions allowed in WARC 1.1)."""
    return iso.replace("+00:00", "Z") if iso.endswith("+00:00") else iso
