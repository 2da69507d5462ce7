"""Recorded fetches as a WARC file: a request and a response record for each answer kept.

The archive keeps each answer's status, the headers that matter and the raw body (decoded of
any transfer or content encoding, as the client read it), so the response records carry
exactly those: the header block is the kept subset, with a Content-Length that fits the body.
Fetches that got no answer (a timeout, a refused address) have no response to write.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

import sqlite_utils
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from verifier.http.client import package_version
from verifier.store.held import recorded_responses


def export_warc(db: sqlite_utils.Database, path: str | Path) -> int:
    """Write every recorded response to `path` (gzipped per record if it ends in .gz);
    returns how many responses were written."""
    path = Path(path)
    with path.open("wb") as out:
        return write_warc(db, out, filename=path.name, gzip=path.suffix == ".gz")


def write_warc(db: sqlite_utils.Database, out: BinaryIO, *, filename: str, gzip: bool) -> int:
    writer = WARCWriter(out, gzip=gzip)
    info = {
        "software": f"verifier/{package_version()}",
        "format": "WARC File Format 1.1",
        "description": "Requests verifier made for social-media posts; response headers are "
        "the subset it keeps (content type, dates, validators, rate limits), bodies as read.",
    }
    writer.write_record(writer.create_warcinfo_record(filename, info))
    count = 0
    for row in recorded_responses(db):
        request, response = _records(writer, row)
        response.rec_headers.add_header(
            "WARC-Concurrent-To", request.rec_headers.get_header("WARC-Record-ID")
        )
        writer.write_record(request)
        writer.write_record(response)
        count += 1
    return count


def _records(writer: WARCWriter, row: dict[str, Any]) -> tuple[Any, Any]:
    uri = row["final_url"] or row["url"]
    when = _warc_date(row["requested_at"])
    parts = urlsplit(uri)
    target = parts.path or "/"
    if parts.query:
        target += f"?{parts.query}"
    request_headers = StatusAndHeaders(
        f"GET {target} HTTP/1.1",
        [("Host", parts.netloc), ("Accept-Encoding", "identity")],
        is_http_request=True,
    )
    request = writer.create_warc_record(
        uri,
        "request",
        payload=BytesIO(b""),
        length=0,
        http_headers=request_headers,
        warc_headers_dict={"WARC-Date": when},
    )
    body = _bytes(row["body"])
    headers = json.loads(row["headers"] or "{}")
    headers.pop("content-length", None)
    kept = [(name.title(), value) for name, value in sorted(headers.items())]
    kept.append(("Content-Length", str(len(body))))
    status = int(row["http_status"])
    response_headers = StatusAndHeaders(f"{status} {_phrase(status)}", kept, protocol="HTTP/1.1")
    response = writer.create_warc_record(
        uri,
        "response",
        payload=BytesIO(body),
        length=len(body),
        http_headers=response_headers,
        warc_headers_dict={"WARC-Date": when},
    )
    return request, response


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
