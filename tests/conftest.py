"""Shared helpers: articles and originals in the real shapes, built by the tests themselves."""

from __future__ import annotations

import html
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlite_utils

from verifier.models import Original
from verifier.store.imported import record_imported
from verifier.store.schema import ensure_shape

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED_TEXT = (
    "OpenAI was created as an open source (which is why I named it “Open” AI), non-profit "
    "company to serve as a counterweight to Google, but now it has become a closed source, "
    "maximum-profit company effectively controlled by Microsoft.\n\nNot what I intended at all."
)
SEED_ORIGINAL = Original(
    platform="twitter",
    post_id="1626516035863212034",
    text="@GRDecter " + SEED_TEXT,
    author_handle="elonmusk",
    author_name="Elon Musk",
    created_at=datetime(2023, 2, 17, 9, 36, 56, tzinfo=UTC),
    url="https://twitter.com/elonmusk/status/1626516035863212034",
    language="en",
    provenance="tests:seed",
)


def tweet_blockquote(
    text: str,
    *,
    name: str = "Elon Musk",
    handle: str = "elonmusk",
    post_id: str = "1626516035863212034",
    shown_date: str = "February 17, 2023",
    lang: str = "en",
) -> str:
    """An embed exactly as publish.twitter.com hands it out (newlines become <br>)."""
    body = "<br>".join(html.escape(line, quote=False) for line in text.split("\n"))
    return (
        f'<blockquote class="twitter-tweet"><p lang="{lang}" dir="ltr">{body}</p>&mdash; '
        f'{html.escape(name)} (@{handle}) <a href="https://twitter.com/{handle}/status/'
        f'{post_id}?ref_src=twsrc%5Etfw">{shown_date}</a></blockquote>\n'
        '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>'
    )


def article_page(
    body: str,
    *,
    title: str = "An article",
    lang: str = "en",
    published: str = "2023-03-01T08:00:00+01:00",
) -> str:
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="article:published_time" content="{published}"></head>'
        f"<body><article><h1>{title}</h1><p>Some reporting first.</p>{body}"
        "<p>And more reporting after.</p></article></body></html>"
    )


@pytest.fixture
def db() -> sqlite_utils.Database:
    database = sqlite_utils.Database(memory=True)
    ensure_shape(database)
    return database


@pytest.fixture
def seeded_db(db: sqlite_utils.Database) -> sqlite_utils.Database:
    record_imported(db, SEED_ORIGINAL)
    return db
