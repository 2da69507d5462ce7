"""`report --format claimreview`: schema.org ClaimReview JSON-LD for the verdicts a fact-checker
would publish, in the shape fact-check aggregators read (required fields present, types right)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from click.testing import CliRunner
from conftest import SEED_TEXT, article_page, tweet_blockquote

from verifier.cli import cli

# What Google's Fact Check markup requires or recommends, and the types schema.org gives them.
REQUIRED = {"@context", "@type", "url", "claimReviewed", "author", "reviewRating", "datePublished"}


def altered_archive(tmp_path: Path) -> str:
    """The seed post quoted twice: once faithfully, once with a word changed."""
    db_path = str(tmp_path / "archive.db")
    changed = SEED_TEXT.replace("Microsoft", "Google")
    page = article_page(tweet_blockquote(SEED_TEXT) + "<p>Later:</p>" + tweet_blockquote(changed))
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    runner = CliRunner()
    seeds = Path(__file__).resolve().parents[1] / "seeds"
    result = runner.invoke(cli, ["import-posts", str(seeds / "originals.jsonl"), "--db", db_path])
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli, ["verify", str(tmp_path / "a.html"), "--db", db_path, "--offline"])
    assert result.exit_code == 0, result.output
    return db_path


def test_only_the_verdicts_worth_publishing_become_claim_reviews(tmp_path: Path) -> None:
    db_path = altered_archive(tmp_path)
    result = CliRunner().invoke(
        cli,
        [
            "report",
            "--db",
            db_path,
            "--format",
            "claimreview",
            "--publisher",
            "Desk",
            "--publisher-url",
            "https://desk.example",
            "--review-url-base",
            "https://archive.desk.example/archive",
        ],
    )
    assert result.exit_code == 0, result.output
    [review] = json.loads(result.output)  # the faithful quote is not a review to publish
    assert REQUIRED <= set(review)
    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert urlsplit(review["url"]).scheme == "https"
    assert review["url"].startswith("https://archive.desk.example/archive/-/verdicts/")
    date.fromisoformat(review["datePublished"])
    assert "Google" in review["claimReviewed"] and "Microsoft" not in review["claimReviewed"]
    assert review["author"] == {
        "@type": "Organization",
        "name": "Desk",
        "url": "https://desk.example",
    }
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating" and rating["alternateName"] == "Altered quote"
    assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    claim = review["itemReviewed"]
    assert claim["@type"] == "Claim"
    assert claim["appearance"][0]["@type"] == "CreativeWork"
    assert claim["appearance"][0]["url"].endswith("a.html")
    assert claim["about"] == {
        "@type": "SocialMediaPosting",
        "url": "https://twitter.com/elonmusk/status/1626516035863212034",
    }


def test_without_a_served_archive_each_review_names_its_verdict(tmp_path: Path) -> None:
    db_path = altered_archive(tmp_path)
    result = CliRunner().invoke(cli, ["report", "--db", db_path, "--format", "claimreview"])
    [review] = json.loads(result.output)
    assert review["url"].startswith("urn:verifier:verdict:")
    assert review["author"] == {"@type": "Organization", "name": "verifier"}
