"""More holes the adversarial harness found (docs/verdict-accuracy.md): a link glued to the
word before it, a handle no X account can have, originals held only in part, quotes longer
than their post. Each case came out wrong before its fix."""

from __future__ import annotations

import sqlite_utils
from conftest import SEED_TEXT, article_page, tweet_blockquote

from verifier.judge.compare import compare_texts
from verifier.models import Status
from verifier.pipeline.verify import VerifyOptions, verify
from verifier.platforms.twitter import PIC, TCO
from verifier.store import quote_rows

# corpus/039: X glues the t.co link to the last word ("administrationhttps://t.co/...").
GLUED = (
    "Zelensky ultimately backed Syrsky and showed Fedorov the door — making him the fifth "
    "defense minister to get the boot under this administrationhttps://t.co/WcgraWqkiA "
    "pic.twitter.com/6IIMTmurg9"
)


def verdict(db: sqlite_utils.Database, tmp_path, body: str) -> dict:
    page = tmp_path / "article.html"
    page.write_text(article_page(body), encoding="utf-8")
    verify([str(page)], db=db, options=VerifyOptions(offline=False, fetch=None))
    [row] = [row for row in quote_rows(db) if row["kind"] != "link"]
    return row


def test_a_link_glued_to_the_word_before_it_is_still_compared() -> None:
    replaced = GLUED.replace("WcgraWqkiA", "Zz9FakeLnk")
    comparison = compare_texts(replaced, GLUED, ignore=(TCO, PIC))
    assert comparison.status is Status.ALTERED
    assert "https://t.co/WcgraWqkiA in the original" in comparison.note
    assert compare_texts(GLUED, GLUED, ignore=(TCO, PIC)).status is Status.VERIFIED


def test_an_amp_embed_signed_with_a_handle_too_long_for_x_is_a_mismatch(
    seeded_db, tmp_path
) -> None:
    # corpus/062: "@itsJeffTiedrich" is 15 characters, X's limit; the look-alike adds a "_".
    # The handle was not read at all, so the AMP embed was judged by its id alone: verified.
    quote = tweet_blockquote(SEED_TEXT, handle="elonmusk_look_alike")
    placeholder = quote.replace("<blockquote ", "<blockquote placeholder ")
    amp = f'<amp-twitter layout="responsive" data-tweetid="1626516035863212034">{placeholder}'
    amp += "</amp-twitter>"
    row = verdict(seeded_db, tmp_path, amp)
    assert (row["status"], row["author_ok"]) == ("mismatch", False)


def test_an_embed_signed_with_a_handle_too_long_for_x_is_found(seeded_db, tmp_path) -> None:
    row = verdict(seeded_db, tmp_path, tweet_blockquote(SEED_TEXT, handle="elonmusk_look_alike"))
    assert (row["kind"], row["status"]) == ("embed", "mismatch")
