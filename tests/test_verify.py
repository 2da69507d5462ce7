"""The whole path on articles we write: detect, match, compare, store; one verdict per post."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlite_utils
from conftest import ROOT, SEED_TEXT, article_page, tweet_blockquote

from verifier.models import Original
from verifier.pipeline import verify as pipeline
from verifier.pipeline.verify import VerifyOptions, verify
from verifier.store import quote_rows
from verifier.store.imported import record_imported

ONLINE_WITHOUT_FETCHERS = VerifyOptions(offline=False, fetch=None)


def verify_page(
    db: sqlite_utils.Database,
    tmp_path: Path,
    body: str,
    options: VerifyOptions = ONLINE_WITHOUT_FETCHERS,
) -> list[dict[str, Any]]:
    page = tmp_path / "article.html"
    page.write_text(article_page(body), encoding="utf-8")
    verify([str(page)], db=db, options=options)
    return list(quote_rows(db))


def test_the_seed_remnant_is_verified_against_its_original(
    seeded_db: sqlite_utils.Database,
) -> None:
    summary = verify(
        [str(ROOT / "seeds" / "000_02392556c8f407f7.txt")],
        db=seeded_db,
        options=VerifyOptions(offline=True),
    )
    [row] = quote_rows(seeded_db)
    assert (row["kind"], row["status"], row["author_ok"], row["date_ok"]) == (
        "remnant",
        "verified",
        True,
        True,
    )
    assert row["original_text"].startswith("@GRDecter OpenAI was created")
    assert row["shown_text"] == SEED_TEXT
    assert summary.by_status == {"verified": 1}


def test_an_embed_showing_the_whole_post_is_verified(seeded_db, tmp_path) -> None:
    [row] = verify_page(seeded_db, tmp_path, tweet_blockquote(SEED_TEXT))
    assert (row["status"], row["author_ok"], row["date_ok"], row["similarity"]) == (
        "verified",
        True,
        True,
        1.0,
    )


def test_a_reply_shown_with_its_mentions_is_verified_too(seeded_db, tmp_path) -> None:
    [row] = verify_page(seeded_db, tmp_path, tweet_blockquote("@GRDecter " + SEED_TEXT))
    assert row["status"] == "verified"


def test_a_faithful_excerpt_is_truncated(seeded_db, tmp_path) -> None:
    excerpt = SEED_TEXT.split("\n\n")[0]
    [row] = verify_page(seeded_db, tmp_path, tweet_blockquote(excerpt + "…"))
    assert row["status"] == "truncated"


def test_a_changed_word_is_altered_with_its_diff(seeded_db, tmp_path) -> None:
    changed = SEED_TEXT.replace("maximum-profit", "non-profit")
    [row] = verify_page(seeded_db, tmp_path, tweet_blockquote(changed))
    assert row["status"] == "altered"
    assert row["similarity"] < 1.0
    changes = [c for c in row["diff"] if c["op"] != "equal"]
    assert changes and "maximum" in changes[0]["original"] and "non" in changes[0]["shown"]


def test_a_dropped_sentence_without_ellipsis_is_altered(seeded_db, tmp_path) -> None:
    dropped = SEED_TEXT.replace(", but now it has become a closed source", "")
    [row] = verify_page(seeded_db, tmp_path, tweet_blockquote(dropped))
    assert row["status"] == "altered"


def test_another_text_under_the_same_id_is_a_mismatch(seeded_db, tmp_path) -> None:
    [row] = verify_page(
        seeded_db, tmp_path, tweet_blockquote("Buying Twitter was the plan all along, folks.")
    )
    assert row["status"] == "mismatch"


def test_an_unknown_post_is_not_found_and_says_what_was_searched(db, tmp_path) -> None:
    [row] = verify_page(db, tmp_path, tweet_blockquote("Hello", post_id="42"))
    assert row["status"] == "not_found"
    assert "local archive by id twitter:42" in row["searched"]


def test_offline_an_unknown_post_is_pending(db, tmp_path) -> None:
    [row] = verify_page(
        db, tmp_path, tweet_blockquote("Hello", post_id="42"), options=VerifyOptions(offline=True)
    )
    assert row["status"] == "pending"
    assert "offline" in row["reason"]


def test_entities_and_curly_quotes_are_forgiven(db, tmp_path) -> None:
    record_imported(
        db,
        Original(
            platform="twitter",
            post_id="7",
            text="Fish & chips: “the best” — it’s true",
            author_handle="Chef",
            created_at=datetime(2023, 5, 1, 12, tzinfo=UTC),
            provenance="t",
        ),
    )
    shown = 'Fish &amp; chips: "the best" - it\'s true'
    [row] = verify_page(
        db, tmp_path, tweet_blockquote(shown, handle="chef", post_id="7", shown_date="May 1, 2023")
    )
    assert (row["status"], row["author_ok"]) == ("verified", True)


def test_wrong_author_and_date_are_flagged(seeded_db, tmp_path) -> None:
    [row] = verify_page(
        seeded_db,
        tmp_path,
        tweet_blockquote(SEED_TEXT, handle="notelon", shown_date="March 30, 2023"),
    )
    assert (row["author_ok"], row["date_ok"]) == (False, False)
    assert "posted by @elonmusk" in row["reason"]


def test_a_link_is_recorded_and_never_verified_as_a_quote(seeded_db, tmp_path) -> None:
    [row] = verify_page(
        seeded_db,
        tmp_path,
        '<p>He <a href="https://x.com/elonmusk/status/1626516035863212034">wrote</a> it.</p>',
    )
    assert (row["kind"], row["status"]) == ("link", "link")


def test_an_embed_without_text_takes_its_text_from_the_original(seeded_db, tmp_path) -> None:
    [row] = verify_page(
        seeded_db, tmp_path, '<amp-twitter data-tweetid="1626516035863212034"></amp-twitter>'
    )
    assert row["status"] == "needs_original"
    assert row["original_text"].startswith("@GRDecter")


def test_a_rerun_updates_rows_in_place(seeded_db, tmp_path) -> None:
    body = tweet_blockquote(SEED_TEXT) + tweet_blockquote("Hello", post_id="42")
    verify_page(seeded_db, tmp_path, body)
    counts = {t: seeded_db[t].count for t in ("articles", "embeds", "verdicts", "posts")}
    verify_page(seeded_db, tmp_path, body)
    assert (
        {t: seeded_db[t].count for t in counts}
        == counts
        == {"articles": 1, "embeds": 2, "verdicts": 2, "posts": 1}
    )


def test_a_page_edited_between_runs_keeps_only_its_current_embeds(seeded_db, tmp_path) -> None:
    verify_page(
        seeded_db, tmp_path, tweet_blockquote(SEED_TEXT) + tweet_blockquote("x", post_id="9")
    )
    rows = verify_page(seeded_db, tmp_path, tweet_blockquote(SEED_TEXT))
    assert [r["post_id"] for r in rows] == ["1626516035863212034"]
    assert seeded_db["verdicts"].count == 1


@pytest.mark.parametrize("garbage", [b"", b"\x00\x01\x02" * 100, b"<html><body><p>unclosed"])
def test_bad_input_beside_good_input_loses_nothing(seeded_db, tmp_path, garbage) -> None:
    good = tmp_path / "good.html"
    good.write_text(article_page(tweet_blockquote(SEED_TEXT)), encoding="utf-8")
    verify([str(good)], db=seeded_db, options=ONLINE_WITHOUT_FETCHERS)
    bad = tmp_path / "bad.html"
    bad.write_bytes(garbage)
    summary = verify(
        [str(bad), str(tmp_path / "gone.html"), str(good)],
        db=seeded_db,
        options=ONLINE_WITHOUT_FETCHERS,
    )
    assert [r["status"] for r in quote_rows(seeded_db)] == ["verified"]
    assert {Path(p.source).name for p in summary.problems} >= {"gone.html"}
    assert seeded_db["problems"].count == len(summary.problems)


def test_an_embed_showing_only_a_photo_link_takes_its_text_from_the_original(seeded_db, tmp_path):
    [row] = verify_page(seeded_db, tmp_path, tweet_blockquote("pic.twitter.com/AbC123xyz"))
    assert row["status"] == "needs_original"


def test_a_link_to_a_post_not_found_is_still_a_link(db, tmp_path) -> None:
    [row] = verify_page(
        db,
        tmp_path,
        '<p><a href="https://x.com/jack/status/20">first</a></p>',
        options=VerifyOptions(offline=True),
    )
    assert (row["kind"], row["status"]) == ("link", "link")


def _two_remnants(quote: str) -> str:
    """A flattened English article with two embeds in a row: the second's block above its
    signature is exactly its quote, whose first paragraph the guess leaves out."""
    return (
        "Some reporting first, in the article's own words.\n\n"
        "Hello everyone, this is another post.\n— Someone Else (@someone) February 16, 2023\n"
        f"{quote}\n— Elon Musk (@elonmusk) February 17, 2023\n\nAnd more reporting after.\n"
    )


@pytest.mark.parametrize(
    ("quote", "status"),
    [
        (SEED_TEXT, "verified"),
        (SEED_TEXT.replace("maximum-profit", "non-profit"), "altered"),
    ],
    ids=["faithful", "first paragraph changed"],
)
def test_a_remnant_right_under_another_is_judged_whole(seeded_db, tmp_path, quote, status):
    page = tmp_path / "article.txt"
    page.write_text(_two_remnants(quote), encoding="utf-8")
    verify([str(page)], db=seeded_db, options=VerifyOptions(offline=True))
    row = next(r for r in quote_rows(seeded_db) if r["author_handle"] == "elonmusk")
    assert (row["status"], row["shown_text"]) == (status, quote)


def test_an_embed_showing_only_a_cut_mark_takes_its_text_from_the_original(seeded_db, tmp_path):
    [row] = verify_page(seeded_db, tmp_path, tweet_blockquote("[…]"))
    assert (row["status"], row["shown_text"]) == ("needs_original", "[…]")


def test_a_crash_in_one_embed_is_recorded_and_loses_no_verdict(seeded_db, tmp_path, monkeypatch):
    body = tweet_blockquote(SEED_TEXT) + tweet_blockquote("Hello there, world", post_id="42")
    verify_page(seeded_db, tmp_path, body)
    before = {r["post_id"]: r["status"] for r in quote_rows(seeded_db)}
    real_judge = pipeline.judge

    def judge(embed, resolution):
        if embed.post_id == "1626516035863212034":
            raise RuntimeError("a bug met by this embed")
        return real_judge(embed, resolution)

    monkeypatch.setattr(pipeline, "judge", judge)
    page = tmp_path / "article.html"
    summary = verify([str(page)], db=seeded_db, options=ONLINE_WITHOUT_FETCHERS)
    assert (
        {r["post_id"]: r["status"] for r in quote_rows(seeded_db)}
        == before
        == {
            "1626516035863212034": "verified",
            "42": "not_found",
        }
    )
    [problem] = summary.problems
    assert (problem.source, problem.stage) == (str(page), "judge")
    assert problem.message.endswith("RuntimeError: a bug met by this embed")
    assert problem.message.startswith("https://twitter.com/elonmusk/status/1626516035863212034")


def mention_post(db: sqlite_utils.Database, is_reply: bool | None) -> None:
    record_imported(
        db,
        Original(
            platform="twitter",
            post_id="77",
            text="@elonmusk is lying about the launch date",
            author_handle="critic",
            created_at=datetime(2023, 5, 1, 12, tzinfo=UTC),
            is_reply=is_reply,
            provenance="t",
        ),
    )


def test_a_post_known_not_to_be_a_reply_keeps_its_leading_mention(db, tmp_path) -> None:
    """Only a reply's leading @mentions are hidden by embeds: the mention that opens an
    ordinary post is part of it, so a quote without it shows only an excerpt."""
    mention_post(db, is_reply=False)
    [row] = verify_page(
        db,
        tmp_path,
        tweet_blockquote(
            "is lying about the launch date",
            handle="critic",
            post_id="77",
            shown_date="May 1, 2023",
        ),
    )
    assert row["status"] == "truncated"


@pytest.mark.parametrize("is_reply", [True, None])
def test_a_reply_or_a_post_of_unknown_kind_may_hide_its_leading_mentions(
    db, tmp_path, is_reply
) -> None:
    mention_post(db, is_reply=is_reply)
    [row] = verify_page(
        db,
        tmp_path,
        tweet_blockquote(
            "is lying about the launch date",
            handle="critic",
            post_id="77",
            shown_date="May 1, 2023",
        ),
    )
    assert row["status"] == "verified"
