"""Pictures of posts through the same path: read -> OCR -> card -> resolve -> judge -> store.

A picture given on its own (a file, a folder of them, an image URL, an image record in a WARC)
is an article of one embed, known by its path or URL. A picture a page shows (an `<img>`
beside a saved page, or fetched with the page in an online run) is one more embed of that
page. Cheap checks on the file's header come first; the OCR engine is loaded only for the
first picture that passes them, so a run without pictures never loads it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import sqlite_utils

from verifier.detect.screenshots import Screenshot, read_screenshot, screenshot_embed
from verifier.detect.screenshots.ocr import OcrEngine, OcrUnavailable, get_engine
from verifier.http import HttpClient
from verifier.judge.screenshot import fold
from verifier.models import DATE_SLACK, Article, Embed, Problem, RunSummary
from verifier.sources.articles import ARTICLE_SUFFIXES
from verifier.sources.images import (
    IMAGE_SUFFIXES,
    ImageFile,
    images_of_article,
    is_image_source,
    is_warc_name,
    iter_images,
    pictures_shown_by_pages,
    warc_images,
    why_skip,
)
from verifier.store import replace_embeds, save_article, save_problem
from verifier.store.screenshots import (
    authors_around,
    forget_screenshots,
    handles_among,
    save_screenshot,
)

# Resolve, judge and store one screenshot embed: (article key, embed key, embed, screenshot).
VerifyEmbed = Callable[[str, str, Embed, Screenshot], None]


@dataclass
class PictureReader:
    """Reads pictures with one engine, loaded on first need; counts what it skipped."""

    engine_name: str = "auto"  # "auto", "rapidocr", "tesseract", or "off"
    http: HttpClient | None = None  # an online run fetches the pictures a fetched page shows
    skipped: int = 0
    read: int = 0
    problems: list[Problem] = field(default_factory=list)
    _engine: OcrEngine | None = None
    _unavailable: bool = False

    def screenshot(self, image: ImageFile) -> Screenshot | None:
        """The post the picture shows, or None: skipped by the cheap checks, not a post, or
        no OCR engine (said once, as a Problem)."""
        if self.engine_name == "off" or why_skip(image) is not None:
            self.skipped += 1
            return None
        engine = self._load(image.source)
        if engine is None:
            return None
        try:
            shot = read_screenshot(image, engine=engine)
        except Exception as error:  # noqa: BLE001 - one unreadable picture must not stop the run
            self.problems.append(Problem(image.source, "detect", f"OCR failed: {error}"))
            return None
        self.read += 1
        return shot if shot.shows_a_post else None

    def _load(self, source: str) -> OcrEngine | None:
        if self._engine is None and not self._unavailable:
            try:
                self._engine = get_engine(self.engine_name)
            except OcrUnavailable as error:
                self._unavailable = True
                message = f"pictures not read: {error}"
                self.problems.append(Problem(source, "detect", message, severity="warning"))
        return self._engine


def picture_sources(sources: list[str]) -> tuple[list[str], list[str]]:
    """(pictures, articles): image files and URLs are pictures; WARC files and folders are
    both (their pages are articles, their other pictures are read on their own)."""
    pictures, rest = [], []
    for source in sources:
        path = Path(source)
        if is_image_source(source):
            pictures.append(source)
            continue
        if is_warc_name(path):
            pictures.append(source)
        elif path.is_dir():
            files = [p.suffix.lower() for p in path.rglob("*") if p.is_file()]
            if any(s in IMAGE_SUFFIXES for s in files):
                pictures.append(source)
            if not any(s in ARTICLE_SUFFIXES for s in files):
                continue  # a folder of pictures only
        rest.append(source)
    return pictures, rest


def pictures_of(sources: list[str], *, http: HttpClient | None) -> Iterator[ImageFile | Problem]:
    """The pictures of `sources`; in a folder, those no page in it shows (a page's pictures
    are read as the page's)."""
    for source in sources:
        path = Path(source)
        if is_warc_name(path) and not path.is_dir():
            yield from warc_images(path)
        elif path.is_dir():
            shown = pictures_shown_by_pages(path)
            for found in sorted(p for p in path.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES):
                if found.resolve() not in shown:
                    yield from iter_images([str(found)], http=None)
        else:
            yield from iter_images([source], http=http)


def shots_of_article(
    article: Article, reader: PictureReader, *, first_position: int
) -> list[tuple[Embed, Screenshot]]:
    """The posts shown in a page's pictures, as embeds placed where the page shows them."""
    found: list[tuple[Embed, Screenshot]] = []
    for image in images_of_article(article, http=reader.http):
        if isinstance(image, Problem):
            # The page was read; one of its pictures was not: worth knowing, not an error.
            reader.problems.append(replace(image, severity="warning"))
            continue
        if (shot := reader.screenshot(image)) is None:
            continue
        name = Path(image.source).name
        where = article.content.find(name)
        position = where if where >= 0 else first_position + len(found)
        found.append((screenshot_embed(shot, position=position), shot))
    return found


def store_shots(
    db: sqlite_utils.Database,
    article_key: str,
    keys: list[str],
    shots: list[Screenshot | None],
) -> None:
    """Keep each screenshot embed's picture and reading; forget those a re-run lost."""
    kept = [key for key, shot in zip(keys, shots, strict=True) if shot is not None]
    forget_screenshots(db, article_key, kept)
    for key, shot in zip(keys, shots, strict=True):
        if shot is not None:
            save_screenshot(db, embed_key=key, article_key=article_key, shot=shot)


def with_known_handle(db: sqlite_utils.Database, embed: Embed) -> Embed:
    """The handle as the archive spells it: OCR reads `Ilhan` as `llhan`, `0` as `O`. A card
    that shows only a display name (Facebook's) takes the handle of the author of that name
    (its letters and digits, folded as OCR confuses them: emoji and accents aside) who posted
    around the day shown. Only where exactly one known handle fits; else it stays as read."""
    if embed.author_handle:
        handles = handles_among(db, embed.platform, spellings(embed.author_handle))
    elif embed.author_name and embed.displayed_day:
        day, name = embed.displayed_day, _folded(embed.author_name)
        around = authors_around(db, embed.platform, day - DATE_SLACK, day + DATE_SLACK)
        handles = sorted({handle for known, handle in around if _folded(known) == name})
    else:
        return embed
    return replace(embed, author_handle=handles[0]) if len(handles) == 1 else embed


def _folded(name: str) -> str:
    return "".join(c for c in map(fold, name) if c.isalnum())


_CONFUSED = {"l": "li1", "i": "li1", "1": "li1", "o": "o0", "0": "o0"}
MAX_SPELLINGS = 256


def spellings(handle: str) -> list[str]:
    """Every way of writing `handle` that OCR would read the same (lower case)."""
    found = [""]
    for char in handle.lower():
        found = [start + c for start in found for c in _CONFUSED.get(char, char)]
        if len(found) > MAX_SPELLINGS:
            return [handle.lower()]
    return found


def article_of_picture(image: ImageFile) -> Article:
    url = image.source if image.source.startswith(("http://", "https://")) else None
    return Article(image.source, "", is_html=False, url=url, sha256=image.sha256)


def verify_pictures(
    images: Iterable[ImageFile | Problem],
    *,
    db: sqlite_utils.Database,
    reader: PictureReader,
    verify_embed: VerifyEmbed,
    summary: RunSummary,
) -> None:
    """Each picture given on its own is an article of one embed."""
    for image in images:
        if isinstance(image, Problem):
            save_problem(db, image)
            summary.problems.append(image)
            continue
        shot = reader.screenshot(image)
        if shot is None:
            continue
        article = article_of_picture(image)
        article_key = save_article(db, article)
        embed = with_known_handle(db, screenshot_embed(shot))
        (key,) = replace_embeds(db, article_key, [embed])
        forget_screenshots(db, article_key, [key])
        save_screenshot(db, embed_key=key, article_key=article_key, shot=shot)
        summary.articles += 1
        summary.embeds += 1
        verify_embed(article_key, key, embed, shot)
