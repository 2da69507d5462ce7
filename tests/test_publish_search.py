"""Full-text search as a reader types it: a handle, a hyphenated word or a bare OR are words to
find, not query syntax that answers HTTP 400; and the quotes' search reaches the original's text
too (a link shows none of it), through Datasette's in-process client."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from conftest import SEED_ORIGINAL, SEED_TEXT, article_page, tweet_blockquote
from test_publish import get, published

from verifier.pipeline.verify import VerifyOptions, verify
from verifier.store.imported import record_imported
from verifier.store.schema import ensure_shape

LINKED = "https://twitter.com/elonmusk/status/1626516035863212034"


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("search")
    (folder / "quoted.html").write_text(
        article_page(tweet_blockquote("A CGI-ing of the OpenAI story"), title="Quoted")
    )
    (folder / "linked.html").write_text(
        article_page(f'<p>As <a href="{LINKED}">he wrote</a>, it matters.</p>', title="Linked")
    )
    db = sqlite_utils.Database(folder / "archive.db")
    ensure_shape(db)
    record_imported(db, SEED_ORIGINAL)
    verify([str(folder)], db=db, options=VerifyOptions(offline=True))
    db.close()
    return folder / "archive.db"


def search(archive: Path, table: str, words: str) -> tuple[int, list[dict[str, Any]]]:
    [response] = get(published(archive), f"/archive/{table}.json?_shape=array&_search={words}")
    return response.status_code, response.json() if response.status_code == 200 else []


@pytest.mark.parametrize("table", ["quotes", "findings", "embeds", "posts"])
@pytest.mark.parametrize("words", ["%40elonmusk", "CGI-ing", "OR", "%22open", "AND%20NOT"])
def test_what_a_reader_types_is_searched_for_not_parsed(archive, table, words) -> None:
    status, _ = search(archive, table, words)
    assert status == 200


def test_a_hyphenated_word_finds_the_quote_that_has_it(archive) -> None:
    _, found = search(archive, "quotes", "CGI-ing")
    assert [r["article_title"] for r in found] == ["Quoted"]


def test_the_quotes_search_reaches_the_originals_text(archive) -> None:
    # "counterweight" is only in the original: one article shows another text for the post
    # (altered), the other only a link to it.
    assert "counterweight" in SEED_TEXT
    _, found = search(archive, "quotes", "counterweight")
    assert sorted((r["article_title"], r["kind"]) for r in found) == [
        ("Linked", "link"),
        ("Quoted", "embed"),
    ]
    _, found = search(archive, "findings", "counterweight")
    assert sorted(r["article"] for r in found) == ["Linked", "Quoted"]
    # The article's own words are found as before.
    _, found = search(archive, "embeds", "counterweight")
    assert found == []
