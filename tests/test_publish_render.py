"""What a verdict page is made of, without a server: marked texts, links, labels, payloads."""

from __future__ import annotations

import json

from markupsafe import Markup

from verifier.models import WordChange
from verifier.publish.page import build_page
from verifier.publish.render import (
    inline_diff,
    link,
    parse_diff,
    pretty_json,
    side_by_side,
    status_badge,
    web_url,
)

# The stored diff of the altered quote: tokens joined by spaces, as compare_texts leaves them.
DIFF = (
    WordChange(
        "equal", 'named it " Open " AI ) , to Google ,', 'named it " Open " AI ) , to Google ,'
    ),
    WordChange("replace", "but now a closed source , maximum-profit", "non-profit"),
    WordChange("equal", "company . Not what I intended .", "company . Not what I intended ."),
    WordChange("insert", "", "<b>so</b>"),
    WordChange("delete", "at all", ""),
)


def test_both_texts_read_as_prose_with_the_changed_words_marked() -> None:
    shown, original = side_by_side(DIFF)
    assert shown == (
        "named it &#34;Open&#34; AI), to Google, <ins>non-profit</ins> company. Not what I"
        " intended. <ins>&lt;b&gt;so&lt;/b&gt;</ins>"
    )
    assert original == (
        "named it &#34;Open&#34; AI), to Google, <del>but now a closed source, maximum-profit</del>"
        " company. Not what I intended. <del>at all</del>"
    )


def test_the_inline_diff_keeps_a_few_words_around_each_change() -> None:
    before = "one two three four five six seven eight"
    after = "ten eleven twelve thirteen fourteen fifteen sixteen"
    diff = (
        WordChange("equal", before, before),
        WordChange("delete", "nine", ""),
        WordChange("equal", after, after),
    )
    assert inline_diff(diff, context=2) == "… seven eight <del>nine</del> ten eleven …"


def test_a_stored_diff_is_read_back_and_anything_else_is_not_a_diff() -> None:
    stored = json.dumps([{"op": "equal", "original": "a", "shown": "a"}])
    assert parse_diff(stored) == (WordChange("equal", "a", "a"),)
    assert parse_diff("not json") is None and parse_diff('{"op": 1}') is None
    assert parse_diff(None) is None


def test_only_http_urls_become_links_and_everything_is_escaped() -> None:
    assert link("https://x.com/a?b=1&c=\"'") == Markup(
        '<a href="https://x.com/a?b=1&amp;c=&#34;&#39;" rel="nofollow noopener noreferrer">'
        "https://x.com/a?b=1&amp;c=&#34;&#39;</a>"
    )
    assert link("javascript:alert(1)", "<b>") == "&lt;b&gt;"
    assert link("JAVASCRIPT:alert(1)") == "JAVASCRIPT:alert(1)"
    assert link("data:text/html,<script>") == "data:text/html,&lt;script&gt;"
    assert web_url("https://a.b/\njavascript:x") is None
    assert web_url("HTTPS://A.B/") == "HTTPS://A.B/"


def test_statuses_read_as_labels_with_their_meaning() -> None:
    assert status_badge("truncated") == (
        '<span class="verifier-status verifier-truncated"'
        ' title="a faithful excerpt or prefix of the original">Faithful excerpt</span>'
    )
    assert status_badge("<script>") is None


def test_json_payloads_are_indented_and_other_text_is_left_alone() -> None:
    assert pretty_json('{"b": "<i>", "a": [1]}') == '{\n  "a": [\n    1\n  ],\n  "b": "<i>"\n}'
    assert pretty_json("user,text\nme,<i>") is None


def test_a_pending_quote_without_an_original_still_makes_a_page() -> None:
    quote = {
        "embed_id": "e1",
        "status": "pending",
        "article": "/tmp/a.html",
        "site": "(local file)",
        "author_handle": "someone",
        "displayed_text": "Hello <there>",
        "post_url": "https://twitter.com/someone/status/42",
        "reason": "offline: not fetched",
    }
    page = build_page(quote, None, [], verdict_href=lambda key: f"/-/verdicts/{key}")
    assert (page.title, page.site, page.status_help) == (
        "Awaiting the original",
        "local file",
        "not resolved yet; a later run retries",
    )
    assert page.shown.text == "Hello &lt;there&gt;" and page.original.text == ""
    assert page.shown.by == "@someone" and not page.marked
    assert page.article == "/tmp/a.html"  # a file: no link
    assert page.post == link("https://twitter.com/someone/status/42")
    assert page.capture is None and page.payload is None and page.provenance is None


def test_an_archived_capture_is_linked_with_its_date() -> None:
    quote = {"embed_id": "e1", "status": "unavailable", "article": "https://n.example/a"}
    capture = {
        "location": "https://web.archive.org/web/20230217id_/https://twitter.com/a/status/1",
        "archived_at": "2023-02-17T10:00:00+00:00",
    }
    page = build_page(quote, None, [], capture=capture, verdict_href=str)
    assert page.capture == link(capture["location"], "archived copy of 2023-02-17 10:00 UTC")
    assert page.article == link("https://n.example/a")
