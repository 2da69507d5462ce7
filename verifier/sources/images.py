"""Pictures that may show a post: image files, folders of them, image URLs, the `<img>` files
beside a saved page, and image records in a WARC.

Most images in news pages are photos, logos, icons and tracking pixels. Every check here reads
only the first bytes of a file (its header gives the format and size) so that a picture that
cannot be a post screenshot costs almost nothing: no decoding, no OCR.
"""

from __future__ import annotations

import hashlib
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from verifier.http import HttpClient
from verifier.models import Article, Problem

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
# A post card is a few hundred pixels each way at least: the narrowest phone is 320 wide, and
# a card holds a name, a line of text and a date. Anything smaller is an icon or a thumbnail.
MIN_WIDTH, MIN_HEIGHT = 280, 120
# Banners and dividers are far wider than tall; a long phone screenshot is at most ~1:6.
MAX_RATIO = 6.0
# A post card is mostly flat colour, and compresses well; below this it holds too little.
MIN_BYTES = 3_000
_DECORATIVE = re.compile(
    r"(?:^|[/_.-])(?:logo|icon|favicon|sprite|avatar|pixel|spacer|badge)", re.I
)
_IMG_SRC = re.compile(rb"<img\b[^>]*?\bsrc\s*=\s*[\"']?([^\"'\s>]+)", re.I)


@dataclass(frozen=True)
class ImageFile:
    """One picture as read, before anything is made of it."""

    source: str  # the path or URL it is known by
    data: bytes
    mime: str
    width: int
    height: int
    found_in: str | None = None  # the page or WARC it came with, if any

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def is_image_source(source: str) -> bool:
    """A path or URL whose name says it is a picture."""
    path = urlsplit(source).path if source.startswith(("http://", "https://")) else source
    return path.lower().endswith(IMAGE_SUFFIXES)


def sniff(data: bytes) -> tuple[str, int, int] | None:
    """(mime type, width, height) from a PNG, JPEG or WebP header; None for anything else."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return "image/png", width, height
    if data[:3] == b"\xff\xd8\xff":
        return _jpeg_size(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp_size(data)
    return None


def _jpeg_size(data: bytes) -> tuple[str, int, int] | None:
    # Walk the segments to the first start-of-frame (SOF0..SOF15 but DHT, JPG and DAC).
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            return None
        marker = data[i + 1]
        length = struct.unpack(">H", data[i + 2 : i + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[i + 5 : i + 9])
            return "image/jpeg", width, height
        i += 2 + length
    return None


def _webp_size(data: bytes) -> tuple[str, int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8 " and len(data) >= 30:
        width, height = struct.unpack("<HH", data[26:30])
        return "image/webp", width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and len(data) >= 25:
        bits = int.from_bytes(data[21:25], "little")
        return "image/webp", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X" and len(data) >= 30:
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return "image/webp", width, height
    return None


def image_from_bytes(source: str, data: bytes, *, found_in: str | None = None) -> ImageFile:
    """The picture in `data`; `UnreadableImage` when it is no PNG, JPEG or WebP."""
    sniffed = sniff(data)
    if sniffed is None:
        raise UnreadableImage(f"{source}: not a PNG, JPEG or WebP image")
    mime, width, height = sniffed
    return ImageFile(source, data, mime, width, height, found_in)


class UnreadableImage(ValueError):
    "The bytes are not a picture this reader knows"


def why_skip(image: ImageFile) -> str | None:
    """Why a picture cannot be a post screenshot, from its header and name alone; None when it
    is worth reading."""
    if image.width < MIN_WIDTH or image.height < MIN_HEIGHT:
        return f"too small for a post ({image.width}x{image.height})"
    ratio = max(image.width / image.height, image.height / image.width)
    if ratio > MAX_RATIO:
        return f"a banner or strip, not a post ({image.width}x{image.height})"
    if len(image.data) < MIN_BYTES:
        return f"too few bytes to hold a post ({len(image.data)})"
    if _DECORATIVE.search(urlsplit(image.source).path):
        return "named as a logo, icon or avatar"
    return None


def iter_images(sources: list[str], *, http: HttpClient | None) -> Iterator[ImageFile | Problem]:
    """Every picture named by `sources` (files, folders searched for pictures, URLs)."""
    for source in sources:
        if source.startswith(("http://", "https://")):
            yield _from_url(source, http)
            continue
        path = Path(source)
        if path.is_dir():
            for found in sorted(p for p in path.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES):
                yield _from_file(str(found))
        elif is_warc_name(path):
            yield from warc_images(path)
        else:
            yield _from_file(source)


def is_warc_name(path: Path) -> bool:
    return path.name.lower().endswith((".warc", ".warc.gz"))


def _from_file(source: str, *, found_in: str | None = None) -> ImageFile | Problem:
    try:
        data = Path(source).read_bytes()
        return image_from_bytes(source, data, found_in=found_in)
    except OSError as error:
        return Problem(source, "read", f"cannot read: {error.strerror or error}")
    except UnreadableImage as error:
        return Problem(source, "read", str(error))


def _from_url(
    url: str, http: HttpClient | None, *, found_in: str | None = None
) -> ImageFile | Problem:
    if http is None:
        return Problem(url, "read", "cannot fetch an image URL in an offline run")
    result = http.get(url)
    if result.error or result.status is None or not 200 <= result.status < 300:
        return Problem(url, "read", f"fetch failed: {result.error or f'HTTP {result.status}'}")
    try:
        return image_from_bytes(url, result.body, found_in=found_in)
    except UnreadableImage as error:
        return Problem(url, "read", str(error))


def images_of_article(
    article: Article, *, http: HttpClient | None
) -> Iterator[ImageFile | Problem]:
    """The pictures a page shows: for a saved page, the `<img>` files beside it; for a page
    fetched in an online run, its images fetched through `http`. A page without `<img>`
    costs one substring search."""
    if not article.is_html or "<img" not in article.content:
        return
    base = article.final_url or article.url
    saved = not article.source.startswith(("http://", "https://"))
    seen: set[str] = set()
    for match in _IMG_SRC.finditer(article.content.encode("utf-8", "replace")):
        src = match[1].decode("utf-8", "replace")
        if src.startswith("data:") or not is_image_source(src) or src in seen:
            continue
        seen.add(src)
        if saved and not src.startswith(("http://", "https://", "//")):
            local = Path(article.source).parent / unquote(urlsplit(src).path)
            if local.is_file():
                yield _from_file(str(local), found_in=article.source)
        elif http is not None and base and src.startswith(("http://", "https://", "//")):
            url = ("https:" + src) if src.startswith("//") else src
            yield _from_url(url, http, found_in=article.source)


def pictures_shown_by_pages(folder: Path) -> set[Path]:
    """The picture files that the saved pages in a folder show with `<img>`."""
    shown: set[Path] = set()
    for page in folder.rglob("*"):
        if page.suffix.lower() not in (".html", ".htm") or not page.is_file():
            continue
        for match in _IMG_SRC.finditer(page.read_bytes()):
            src = match[1].decode("utf-8", "replace")
            if not src.startswith(("http://", "https://", "//", "data:")):
                shown.add((page.parent / unquote(urlsplit(src).path)).resolve())
    return shown


def warc_images(path: Path) -> Iterator[ImageFile | Problem]:
    """Image `response` records of a WARC, each known by its target URI."""
    try:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                content_type = record.http_headers.get_header("Content-Type") or ""
                if not content_type.startswith("image/"):
                    continue
                uri = record.rec_headers.get_header("WARC-Target-URI") or str(path)
                data = record.content_stream().read()
                try:
                    yield image_from_bytes(uri, data, found_in=str(path))
                except UnreadableImage:
                    continue  # GIFs, SVGs, icons: no post is shown in them
    except OSError as error:
        yield Problem(str(path), "read", f"cannot read: {error.strerror or error}")
    except ArchiveLoadFailed as error:
        yield Problem(str(path), "read", f"damaged WARC: {error}")
