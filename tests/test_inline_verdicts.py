"""Inline quotes matched to the speaker's posts and judged: same words as usual, another
language `translated` on the tokens a translation keeps, never `verified`."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import sqlite_utils

from verifier.judge import judge
from verifier.models import Embed, EmbedKind, Original, Resolution, Status
from verifier.pipeline.verify import import_posts, verify
from verifier.resolve.inline import resolve_inline, with_archive_handle
from verifier.store import EvidenceArchive, quote_rows
from verifier.text.crosslingual import translation_evidence

REPO = Path(__file__).resolve().parents[1]
TRUTHGPT = {
    "_type": "snscrape.modules.twitter.Tweet",
    "url": "https://twitter.com/elonmusk/status/1626533667408596992",
    "date": "2023-02-17T10:47:00+00:00",
    "rawContent": "What we need is TruthGPT",
    "id": 1626533667408596992,
    "user": {"username": "elonmusk", "displayname": "Elon Musk", "id": 44196397},
    "lang": "en",
}
FRENCH = (
    " date 2023-02-18\nElon Musk avait pourtant cofondé OpenAI. « Ce dont nous avons besoin,"
    " c'est de TruthGPT », a-t-il écrit vendredi sur Twitter.\n"
)


def test_the_french_quote_comes_out_translated_to_the_truthgpt_post(tmp_path: Path) -> None:
    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(REPO / "seeds" / "originals.jsonl", folder / "originals.jsonl")
    (folder / "truthgpt.jsonl").write_text(json.dumps(TRUTHGPT) + "\n", encoding="utf-8")
    (folder / "article.txt").write_text(FRENCH, encoding="utf-8")
    db = sqlite_utils.Database(tmp_path / "archive.db")
    summary = verify([str(folder)], db=db)
    assert summary.posts_imported == 2 and not summary.problems
    [row] = [r for r in quote_rows(db) if r["kind"] == "inline"]
    assert row["status"] == "translated"
    assert row["post_key"] == "twitter:1626533667408596992"
    assert row["author_handle"] == "elonmusk"
    assert row["original_text"] == "What we need is TruthGPT"
    assert row["context_text"].startswith("« Ce dont nous avons besoin")
    assert row["diff"] is None  # no word diff across languages
    reason = row["reason"]
    assert reason.startswith("most likely a translation of twitter:1626533667408596992")
    assert '"TruthGPT"' in reason and "quoted in fr, posted in en" in reason
    assert "from the archive's display names" in reason
    [embed] = db.query("select * from embeds where kind = 'inline'")
    assert (embed["window_start"], embed["window_end"]) == ("2023-02-17", "2023-02-17")
    assert "from the archive's display names" in embed["handle_from"]
    # A re-run changes nothing: one row per quote, the same verdict.
    verify([str(folder)], db=db)
    assert [r["status"] for r in quote_rows(db) if r["kind"] == "inline"] == ["translated"]


def _archive(*rows: dict[str, object]) -> EvidenceArchive:
    db = sqlite_utils.Database(memory=True)
    path = Path(__file__).resolve().parent / "fixtures" / "inline_quotes" / "posts.jsonl"
    import_posts([path], db=db)
    for row in rows:
        db["posts"].upsert(row, pk="id", alter=True)
    return EvidenceArchive(db)


def _quote(text: str, *, language: str, name: str = "Elon Musk", day: date) -> Embed:
    return Embed(
        platform="twitter",
        kind=EmbedKind.INLINE,
        position=0,
        author_name=name,
        displayed_text=text,
        language=language,
        window_start=day,
        window_end=day,
    )


def _judged(embed: Embed, archive: EvidenceArchive) -> tuple[Status, str | None, str]:
    embed = with_archive_handle(embed, archive)
    verdict = judge(embed, resolve_inline(embed, archive=archive, offline=True))
    return verdict.status, verdict.post_key, f"{verdict.reason} | {verdict.searched}"


def test_same_language_is_compared_as_usual() -> None:
    archive = _archive()
    day = date(2023, 2, 17)
    assert _judged(_quote("What we need is TruthGPT", language="en", day=day), archive)[:2] == (
        Status.VERIFIED,
        "twitter:1626533667408596992",
    )
    status, key, _ = _judged(
        _quote("What we really need is TruthGPT", language="en", day=day), archive
    )
    assert (status, key) == (Status.ALTERED, "twitter:1626533667408596992")


def test_a_translation_shares_no_words_and_is_never_verified() -> None:
    archive = _archive()
    status, key, reason = _judged(
        _quote("Nous avons besoin de TruthGPT", language="fr", day=date(2023, 2, 17)), archive
    )
    assert (status, key) == (Status.TRANSLATED, "twitter:1626533667408596992")
    assert "score" in reason


def test_a_name_alone_ties_a_translation_only_when_no_other_post_shares_it() -> None:
    archive = _archive()
    # Three posts of 2023-02-17 name Twitter: which one the quote translates, nothing says.
    status, _, searched = _judged(
        _quote("Presque personne n'achète rien sur Twitter", language="fr", day=date(2023, 2, 17)),
        archive,
    )
    assert status is Status.NOT_FOUND
    assert "none holds the quote or its translation" in searched
    # Only one post of 2023-03-06 names Fauci.
    status, key, _ = _judged(
        _quote("Fauci a trahi la confiance du public", language="fr", day=date(2023, 3, 6)), archive
    )
    assert (status, key) == (Status.TRANSLATED, "twitter:1632791740720488449")


def test_no_candidate_is_not_found_saying_what_was_searched() -> None:
    archive = _archive()
    status, key, searched = _judged(
        _quote("Twitter sera rentable cette année", language="fr", day=date(2023, 2, 17)), archive
    )
    assert (status, key) == (Status.NOT_FOUND, None)
    assert "posts by @elonmusk from 2023-02-16 to 2023-02-18" in searched
    status, _, reason = _judged(
        _quote(
            "La France sera au rendez-vous",
            language="fr",
            name="Emmanuel Macron",
            day=date(2023, 3, 1),
        ),
        archive,
    )
    assert status is Status.NOT_FOUND
    assert "no post in the archive shows Emmanuel Macron" in reason


def test_a_display_name_two_handles_share_names_no_one() -> None:
    archive = _archive(
        {"id": "twitter:1", "platform": "twitter", "post_id": "1", "text": "hi",
         "author_handle": "elonjet", "author_name": "Elon Musk's Jet"},
    )  # fmt: skip
    embed = with_archive_handle(_quote("x y", language="en", day=date(2023, 2, 17)), archive)
    assert embed.author_handle is None
    assert "several handles (@elonjet, @elonmusk)" in (embed.handle_from or "")


def test_the_judge_never_verifies_a_quote_in_another_language() -> None:
    post = Original(
        "twitter", "1", "What we need is TruthGPT", author_handle="elonmusk",
        created_at=datetime(2023, 2, 17, 10, 47, tzinfo=UTC), language="en",
    )  # fmt: skip
    quote = _quote(
        "Ce dont nous avons besoin, c'est de TruthGPT", language="fr", day=date(2023, 2, 17)
    )
    verdict = judge(quote, Resolution(post, matched_by="speaker and day"))
    assert verdict.status is Status.TRANSLATED and verdict.diff == ()
    assert verdict.similarity == translation_evidence(quote.displayed_text or "", post.text).score
    assert verdict.date_ok is True


def test_translation_evidence_counts_what_a_translation_keeps() -> None:
    evidence = translation_evidence(
        "Grok Code mène avec 57,6 % du trafic sur OpenRouter",
        "Grok Code leads with 57.6% of coding traffic on OpenRouter",
    )
    assert set(evidence.shared) >= {"57,6", "OpenRouter", "Code"}
    against = translation_evidence("Il a perdu 44 milliards", "Twitter lost 13 billion")
    assert against.missing == ("44",) and not against.enough
