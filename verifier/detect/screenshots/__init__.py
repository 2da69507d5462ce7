"""Screenshots of posts: a picture read by OCR, the post card in it parsed, one embed out.

    ImageFile (sources.images) -> OcrReading (ocr.py) -> PostCard (cards.py) -> Embed

The embed is of kind `screenshot`: like a remnant it shows no post id, so it is matched by
author and day and its text weighed against the author's posts (see `verifier.resolve`).
"""

from __future__ import annotations

from dataclasses import dataclass

from verifier.detect.remnants import guess_language
from verifier.detect.screenshots.cards import PostCard, read_card
from verifier.detect.screenshots.ocr import OcrEngine, OcrReading, get_engine
from verifier.models import Embed, EmbedKind
from verifier.sources.images import ImageFile

__all__ = ["Screenshot", "get_engine", "read_screenshot", "screenshot_embed"]


@dataclass(frozen=True)
class Screenshot:
    """A picture, what OCR read in it, and the post card made of that."""

    image: ImageFile
    reading: OcrReading
    card: PostCard

    @property
    def shows_a_post(self) -> bool:
        """A platform's look was recognised and a text read, or an author and a date: else the
        picture is a photo or a chart, not a post."""
        card = self.card
        if card.platform is None:
            return False
        return bool(card.text) and bool(card.handle or card.display_name or card.day)


def read_screenshot(image: ImageFile, *, engine: OcrEngine) -> Screenshot:
    """OCR the picture and parse the post card it shows."""
    reading = engine.read(image.data)
    return Screenshot(image, reading, read_card(reading))


def screenshot_embed(shot: Screenshot, *, position: int = 0) -> Embed:
    """The post a screenshot shows, as an embed to resolve and judge."""
    card = shot.card
    if card.platform is None:
        raise ValueError(f"{shot.image.source}: no platform's post card recognised")
    return Embed(
        platform=card.platform,
        kind=EmbedKind.SCREENSHOT,
        position=position,
        author_handle=card.handle,
        author_name=card.display_name,
        displayed_text=card.text,
        displayed_date=card.date_text,
        displayed_day=card.day,
        language=guess_language(card.text) if card.text else None,
        markup=f"screenshot ({shot.reading.engine})",
        location=f"image {shot.image.source}",
    )
