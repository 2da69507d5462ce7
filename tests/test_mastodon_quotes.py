# ruff: noqa: F811 - pytest fixtures imported from fetchkit are redefined as arguments
"""Mastodon 4.5 quote posts: the `RE: <url>` fallback paragraph is not the post's words.

The status is a real answer of a Mastodon 4.5 server, recorded by Mastodon.py's test suite
(provenance: tests/fixtures/fetch/PROVENANCE.md); its edit history is ours, in that shape.
"""

from __future__ import annotations

import json
from pathlib import Path

import responses
from conftest import article_page
from fetchkit import (  # noqa: F401 - fixtures
    answer,
    clock,
    fake_network,
    fixture,
    quotes,
    server,
    verify_file,
)

from verifier.models import PostRef
from verifier.platforms.mastodon.fetch import from_status, versions_from_history

STATUS_ID = "117020582925004921"
API = f"https://social.example/api/v1/statuses/{STATUS_ID}"
QUOTED = "http://localhost:3000/@mastodonpy_test/117020582917124092"
EMBED = (
    f'<iframe src="https://social.example/@mastodonpy_test/{STATUS_ID}/embed" '
    'class="mastodon-embed" width="400"></iframe>'
)


def test_a_quote_posts_fallback_paragraph_is_left_out_and_its_link_kept() -> None:
    body = fixture("mastodon/status_quote_post_MastodonPy.json")
    assert json.loads(body)["content"].startswith('<p class="quote-inline">RE: ')
    original = from_status(answer(body, url=API), PostRef("mastodon", STATUS_ID, API))
    assert original.text == "yoooooooo"
    assert original.links == ((QUOTED, QUOTED),)
    assert original.raw_text == json.loads(body)["content"]  # the answer itself is kept whole


def test_history_versions_leave_the_fallback_out_too() -> None:
    versions = versions_from_history(answer(fixture("mastodon/history_quote_post.json")))
    assert versions is not None
    assert [v.text for v in versions] == ["yoooooooo", "yoooooooo, edited"]


def test_verify_stores_a_quote_post_and_its_versions_without_the_fallback(
    server: responses.RequestsMock, fake_network: object, tmp_path: Path
) -> None:
    server.get(API, body=fixture("mastodon/status_quote_post_edited.json"))
    server.get(f"{API}/history", body=fixture("mastodon/history_quote_post.json"))
    db, code, err = verify_file(tmp_path, article_page(EMBED))
    assert code == 0, err
    [row] = quotes(db)
    assert row["status"] == "needs_original"
    assert row["original_text"] == "yoooooooo, edited"
    texts = [r["text"] for r in db.query("select text from post_versions order by rowid")]
    assert sorted(texts) == ["yoooooooo", "yoooooooo, edited"]
    [post] = db.query("select links from posts")
    assert json.loads(post["links"]) == [[QUOTED, QUOTED]]
