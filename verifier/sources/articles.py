"""Articles from files, folders and URLs: read, decoded, and their metadata taken."""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from charset_normalizer import from_bytes

from verifier.models import Article, ArticleRead, Problem
from verifier.sources.crawls import CrawledPage, is_warc, iter_warc_pages
from verifier.sources.head import read_head
from verifier.sources.lists import holds_only_urls
from verifier.sources.local import (
    DEFAULT_MAX_ARTICLE_BYTES,
    TooLarge,
    not_regular,
    read_capped,
    storable_name,
)
from verifier.text.repair import repair_mojibake

if TYPE_CHECKING:
    from verifier.http import HttpClient

ARTICLE_SUFFIXES = (".html", ".htm", ".txt", ".md")
# Archives of originals that may sit beside the articles in a folder (see `archive_files`).
ARCHIVE_SUFFIXES = (".jsonl", ".ndjson", ".csv", ".tsv")
ARCHIVE_NAMES = ("tweets.js", "outbox.json")
_TEXT_DATE_MARKER = re.compile(r"\A\s*date\s+(\d{4}-\d{2}(?:-\d{2})?)\b[ \t]*\n?")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
# Well-formed multi-byte sequences needed per broken one to read a page as damaged UTF-8.
_UTF8_EVIDENCE = 20
_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)
_LIST_SNIFF = 1 << 20  # a list of addresses is read whole to tell it from an article


class UnreadableArticle(ValueError):
    "The input cannot be read as an article"


@dataclass(frozen=True)
class FileToRead:
    """A file named but not yet read: what a worker process gets."""

    path: Path
    max_bytes: int


@dataclass(frozen=True)
class WarcPage:
    """A page of a crawl, read from the WARC but not yet decoded: what a worker process gets."""

    warc: Path
    page: CrawledPage


# An input named but not yet read (a file) or read but not decoded (a WARC page); a URL is
# fetched where the HTTP client is, so it comes already read, as do the sources' problems.
Readable = FileToRead | WarcPage | Article | Problem


def iter_articles(
    sources: list[str],
    *,
    http: HttpClient | None = None,
    max_bytes: int = DEFAULT_MAX_ARTICLE_BYTES,
) -> Iterator[Article | Problem]:
    """Each source (file, folder, or http(s) URL) as articles, and a Problem for each that
    cannot be read: not a regular file (a device, a pipe), or larger than `max_bytes`.
    Folders are walked in a stable order."""
    for item in iter_readables(sources, http=http, max_bytes=max_bytes):
        yield read_article(item)


def iter_readables(
    sources: list[str],
    *,
    http: HttpClient | None = None,
    max_bytes: int = DEFAULT_MAX_ARTICLE_BYTES,
) -> Iterator[Readable]:
    """The inputs of `iter_articles`, in the same order, before the work of reading them
    (decoding, metadata), so that other processes can do it: `read_article` does it."""
    for source in sources:
        if source.startswith(("http://", "https://")):
            yield _from_url(source, http)
            continue
        path = Path(source)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if _is_article_file(p))
            if not files:
                yield Problem(source, "read", "folder holds no .html, .htm, .txt, .md or WARC file")
            for file in files:
                yield from _from_path(file, max_bytes)
        else:
            yield from _from_path(path, max_bytes)


def read_article(item: Readable) -> Article | Problem:
    """Read, decode and describe one input of `iter_readables`."""
    if isinstance(item, WarcPage):
        return _from_warc_page(item)
    if isinstance(item, FileToRead):
        return _from_file(item.path, item.max_bytes)
    return item


def _is_article_file(path: Path) -> bool:
    return path.suffix.lower() in ARTICLE_SUFFIXES or is_warc(path)


def _from_path(path: Path, max_bytes: int) -> Iterator[Readable]:
    try:
        refused = not_regular(path)
    except FileNotFoundError:
        refused = None  # said below, as every unreadable file is
    except OSError as error:
        refused = f"cannot read: {error.strerror or error}"
    if refused:
        yield Problem(storable_name(path), "read", refused)
    elif is_warc(path):
        for page in iter_warc_pages(path, max_bytes=max_bytes):
            yield page if isinstance(page, Problem) else WarcPage(path, page)
    else:
        yield FileToRead(path, max_bytes)


def _from_warc_page(item: WarcPage) -> Article | Problem:
    """Each page of a crawl is an article, known by its URI; where it was read is the WARC."""
    path, page = item.warc, item.page
    try:
        article = article_from_bytes(
            page.uri,
            page.body,
            is_html="text/plain" not in page.content_type,
            declared=_charset_of(page.content_type),
        )
    except UnreadableArticle as error:
        return Problem(
            storable_name(path), "read", f"record at byte {page.offset} ({page.uri}): {error}"
        )
    read = ArticleRead(
        kind="warc",
        location=f"{storable_name(path.resolve())}#{page.offset}",
        at=page.crawled_at,
        http_status=page.status,
        http_headers=page.http_headers,
        warc_headers=page.warc_headers,
        content_type=page.content_type,
    )
    return replace(
        article,
        url=article.url or page.uri,
        final_url=page.uri,
        http_status=page.status,
        fetched_at=page.crawled_at,
        raw=page.body,
        read=read,
    )


def count_articles(sources: list[str]) -> int | None:
    """How many articles `sources` hold, as `iter_articles` will read them; None where a WARC
    is among them (its pages are only known by reading it)."""
    count = 0
    for source in sources:
        path = Path(source)
        if source.startswith(("http://", "https://")) or not path.is_dir():
            if is_warc(path):
                return None
            count += 1
            continue
        files = [p for p in path.rglob("*") if _is_article_file(p)]
        if any(is_warc(file) for file in files):
            return None
        count += max(len(files), 1)  # an empty folder is one Problem
    return count


def archive_files(sources: list[str]) -> list[Path]:
    """Archives of originals found in the folders among `sources`: a folder can carry the
    originals of the posts its articles quote, so that it verifies offline."""
    found: list[Path] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            found += sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and (p.suffix.lower() in ARCHIVE_SUFFIXES or p.name in ARCHIVE_NAMES)
            )
    return found


def _from_file(path: Path, max_bytes: int) -> Article | Problem:
    source = storable_name(path)
    try:
        data = read_capped(path, max_bytes)
    except TooLarge as error:
        return Problem(source, "read", str(error))
    except FileNotFoundError:
        return Problem(source, "read", "no such file or folder")
    except OSError as error:
        return Problem(source, "read", f"cannot read: {error.strerror or error}")
    is_html = path.suffix.lower() in (".html", ".htm") or _looks_like_html(data)
    if not is_html and holds_only_urls(data[:_LIST_SNIFF].decode("utf-8", errors="replace")):
        # A urls.txt given as a source was read as one article with no post in it, silently.
        message = "holds only web addresses: a list of articles, not an article (verify --from)"
        return Problem(source, "read", message)
    try:
        article = article_from_bytes(source, data, is_html=is_html)
    except UnreadableArticle as error:
        return Problem(source, "read", str(error))
    read = ArticleRead(
        kind="file",
        location=storable_name(path.resolve()),
        at=datetime.now(UTC),
        file_mtime=_mtime(path),
        content_type="text/html" if is_html else "text/plain",
    )
    return replace(article, raw=data, read=read)


def _mtime(path: Path) -> datetime | None:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    except OSError:
        return None


def _from_url(url: str, http: HttpClient | None) -> Article | Problem:
    if http is None:
        return Problem(url, "read", "cannot fetch a URL in an offline run")
    result = http.get(url)
    if result.error or result.status is None:
        return Problem(url, "read", f"fetch failed: {result.error or 'no response'}")
    if not 200 <= result.status < 300:
        return Problem(url, "read", f"fetch failed: HTTP {result.status} from {result.final_url}")
    content_type = result.headers.get("content-type", "")
    is_html = "html" in content_type or _looks_like_html(result.body)
    try:
        article = article_from_bytes(
            url, result.body, is_html=is_html, declared=_charset_of(content_type)
        )
    except UnreadableArticle as error:
        return Problem(url, "read", str(error))
    read = ArticleRead(
        kind="fetch",
        location=result.final_url,
        at=result.fetched_at,
        http_status=result.status,
        http_headers=tuple(sorted(result.headers.items())),
        content_type=content_type,
    )
    article = replace(article, raw=result.body, read=read)
    return _with_fetch(article, result.final_url, result.status, result.fetched_at)


def _with_fetch(article: Article, final_url: str, status: int, fetched_at: datetime) -> Article:
    return replace(
        article,
        final_url=final_url,
        http_status=status,
        fetched_at=fetched_at,
        url=article.url or final_url,
    )


def _charset_of(content_type: str) -> str | None:
    match = re.search(r"charset=([\w.:-]+)", content_type, re.IGNORECASE)
    return match[1] if match else None


def _looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head


def article_from_bytes(
    source: str, data: bytes, *, is_html: bool, declared: str | None = None
) -> Article:
    """Decode and describe one article; raises UnreadableArticle saying why it cannot."""
    if not data.strip():
        raise UnreadableArticle("empty file")
    if b"\x00" in data[:8192] and not data.startswith(_WIDE_BOMS):
        raise UnreadableArticle("binary file (NUL bytes): not an HTML or text article")
    text, encoding = decode(data, declared=declared, is_html=is_html)
    # A page saved from mis-decoded text shows "â€™" for "’": repaired as imports are.
    text = repair_mojibake(text)
    sha = hashlib.sha256(data).hexdigest()
    if is_html:
        head = read_head(text)
        return Article(
            source=source,
            content=text,
            is_html=True,
            sha256=sha,
            encoding=encoding,
            title=head.title,
            url=head.url,
            published=head.published,
            language=head.language,
        )
    published = None
    if match := _TEXT_DATE_MARKER.match(text):
        published = match[1]
        text = text[match.end() :]
    return Article(
        source=source,
        content=text,
        is_html=False,
        sha256=sha,
        encoding=encoding,
        published=published,
    )


def decode(data: bytes, *, declared: str | None = None, is_html: bool = True) -> tuple[str, str]:
    """Bytes to text. Declared charsets are often wrong (a page says latin-1 and is UTF-8), so a
    body that is valid UTF-8, or nearly (a few broken bytes, replaced), is taken as UTF-8 first;
    then the declared charset; then charset-normalizer's guess."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    # UTF-32's little-endian BOM begins with UTF-16's: it is looked for first.
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return data.decode("utf-32", errors="replace"), "utf-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # A UTF-8 page with a few broken bytes (a bad paste in a CMS) is still UTF-8: guessing a
    # legacy charset for it would garble every accented letter to save a handful. It is told
    # from a legacy page by its many well-formed multi-byte sequences.
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    well_formed = len(text) - len(text.encode("ascii", "ignore")) - broken
    if well_formed >= _UTF8_EVIDENCE * broken:
        return text, f"utf-8 ({broken} invalid byte sequence(s) replaced)"
    candidates = [declared] if declared else []
    if is_html and (match := _META_CHARSET.search(data[:4096])):
        candidates.append(match[1].decode("ascii", "replace"))
    for name in candidates:
        try:
            return data.decode(name), name.lower()
        except (UnicodeDecodeError, LookupError):
            continue
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise UnreadableArticle("cannot tell the text encoding (not UTF-8, no usable charset)")
    return str(best), best.encoding
