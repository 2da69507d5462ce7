"""Imported originals are versions too: an archive file never writes over what is held."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, datetime

import sqlite_utils
from conftest import SEED_ORIGINAL

from verifier.http import FetchResult
from verifier.models import Exchange, Fetched, Outcome
from verifier.store.evidence import record_fetched
from verifier.store.imported import record_imported


def texts(db: sqlite_utils.Database) -> tuple[str, list[str], list[str]]:
    [post] = db["posts"].rows
    versions = [v["origin"] + ": " + v["text"][:20] for v in db["post_versions"].rows]
    events = [e["event"] for e in db["post_history"].rows_where(order_by="at, rowid")]
    return post["text"][:20], sorted(versions), events


def fetched(text: str) -> Fetched:
    body = f'{{"text": "{text}"}}'.encode()
    result = FetchResult(
        url="https://cdn.syndication.twimg.com/tweet-result?id=1626516035863212034",
        final_url="https://cdn.syndication.twimg.com/tweet-result?id=1626516035863212034",
        status=200,
        headers={"content-type": "application/json"},
        body=body,
        sha256=hashlib.sha256(body).hexdigest(),
        fetched_at=datetime(2026, 1, 1, tzinfo=UTC),
        elapsed=0.1,
        redirects=(),
        error=None,
        attempts=1,
    )
    original = replace(SEED_ORIGINAL, text=text, provenance=result.url)
    exchange = Exchange("twitter.syndication", result, Outcome.AVAILABLE)
    return Fetched(original, (exchange,), text_from=0)


def test_a_reimport_with_another_text_adds_a_version(db: sqlite_utils.Database) -> None:
    record_imported(db, SEED_ORIGINAL, at="2026-01-01T00:00:00+00:00")
    record_imported(
        db, replace(SEED_ORIGINAL, text="Corrected text"), at="2026-01-02T00:00:00+00:00"
    )
    current, versions, events = texts(db)
    assert current == "Corrected text"
    assert versions == ["import: @GRDecter OpenAI was", "import: Corrected text"]
    assert events == ["first_seen", "imported"]


def test_the_same_import_twice_changes_nothing(db: sqlite_utils.Database) -> None:
    record_imported(db, SEED_ORIGINAL)
    record_imported(db, SEED_ORIGINAL)
    assert (db["posts"].count, db["post_versions"].count, db["sources"].count) == (1, 1, 1)


def test_an_archive_file_never_writes_over_a_text_fetched_from_the_platform(
    db: sqlite_utils.Database,
) -> None:
    record_fetched(db, fetched("@GRDecter OpenAI was created as an open source"))
    record_imported(db, replace(SEED_ORIGINAL, text="An older export's text"))
    current, versions, _events = texts(db)
    assert current == "@GRDecter OpenAI was"
    assert versions == ["fetch: @GRDecter OpenAI was", "import: An older export's te"]
