"""The test pages under tests/fixtures/pages/, written in each platform's official embed shapes
(PLATFORMS.md and the oEmbed payloads' `html`), and a helper to detect in them."""

from __future__ import annotations

from pathlib import Path

from verifier.detect import find_embeds_in_html
from verifier.models import Embed, EmbedKind

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"


def page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def embeds_in(name: str) -> list[Embed]:
    return [e for e in find_embeds_in_html(page(name)) if e.kind is EmbedKind.EMBED]


def links_in(name: str) -> list[Embed]:
    return [e for e in find_embeds_in_html(page(name)) if e.kind is EmbedKind.LINK]
