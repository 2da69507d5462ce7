"""The archive in Datasette, through its in-process client: the pages a fact-checker opens, the
stored queries, and the plugin's escaping of everything that came from articles and platforms.

The instance gets the metadata shape the installed Datasette reads (0.65 or 1.0), so running
these tests under each version tests each shape.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlite_utils
from bs4 import BeautifulSoup
from datasette.app import Datasette
from publish_archive import (
    ALTERED_URL,
    CAPTURE_URL,
    GONE_POST,
    HOSTILE_NAME,
    HOSTILE_POST,
    HOSTILE_URL,
    SEED_POST,
    UNKNOWN_POST,
    build_archive,
)

from verifier.publish.metadata import SETTINGS, build_datasette_1, build_metadata
from verifier.publish.serve import datasette_major_version


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("publish")
    build_archive(folder / "archive.db", folder / "articles")
    return folder / "archive.db"


def published(archive: Path) -> Datasette:
    """The archive as `verifier serve` publishes it, for the installed Datasette."""
    if datasette_major_version() >= 1:
        metadata, config = build_datasette_1("archive")
        return Datasette(immutables=[str(archive)], metadata=metadata, config=config)
    return Datasette(
        immutables=[str(archive)], metadata=build_metadata("archive"), settings=SETTINGS
    )


@pytest.fixture
def ds(archive: Path) -> Datasette:
    return published(archive)


def get(ds: Datasette, *paths: str) -> list[httpx.Response]:
    async def run() -> list[httpx.Response]:
        return [await ds.client.get(path) for path in paths]

    return asyncio.run(run())


def rows(ds: Datasette, path: str) -> list[dict[str, Any]]:
    [response] = get(ds, path + ("&" if "?" in path else "?") + "_shape=array")
    assert response.status_code == 200, response.text
    return response.json()


def verdict_id(ds: Datasette, where: str) -> str:
    [row] = rows(ds, f"/archive/quotes.json?{where}")
    return row["embed_id"]


def assert_inert(html: str) -> None:
    """Nothing from the archive became markup: no script of ours, no event handler, no
    javascript: link. Datasette's own scripts carry no alert()."""
    soup = BeautifulSoup(html, "html.parser")
    assert not [s for s in soup.find_all("script") if "alert" in s.get_text()]
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            assert not (name.startswith("on") and "alert" in value), element
            assert not (name in ("href", "src") and value.strip().lower().startswith("javascript"))
    assert not soup.find("img", src="x")


# A newcomer's path: home, "Quotes and verdicts", a verdict.


def test_the_home_page_leads_to_the_seeds_verdict_in_two_clicks(ds) -> None:
    [home] = get(ds, "/")
    start = BeautifulSoup(home.text, "html.parser").find("a", string="Quotes and verdicts")
    assert start["href"] == "/archive/findings"
    [quotes] = get(ds, start["href"] + "?status=verified&article__endswith=.txt")
    [link] = BeautifulSoup(quotes.text, "html.parser").select("td.col-embed_id a")
    [page] = get(ds, link["href"])
    assert page.status_code == 200
    assert "OpenAI was created as an open source" in page.text
    assert re.search(r"Verdict: <span [^>]*>Verified</span>", page.text)


def test_the_seeds_verdict_shows_both_texts_side_by_side(ds) -> None:
    [page] = get(ds, f"/-/verdicts/{verdict_id(ds, 'status=verified&article__endswith=.txt')}")
    soup = BeautifulSoup(page.text, "html.parser")
    shown, original = soup.select(".verifier-side")
    assert shown.h2.get_text() == "As the article shows it"
    assert original.h2.get_text() == "As posted"
    assert (
        shown.select_one(".verifier-by").get_text() == "Elon Musk (@elonmusk) · February 17, 2023"
    )
    assert (
        original.select_one(".verifier-by").get_text()
        == "Elon Musk (@elonmusk) · 2023-02-17 09:36 UTC"
    )
    assert "maximum-profit company effectively controlled by Microsoft" in shown.get_text()
    assert original.blockquote.get_text().startswith("@GRDecter OpenAI was created")
    assert not soup.find("ins") and not soup.find("del")
    facts = {dt.get_text(): dt.find_next("dd").get_text(" ", strip=True) for dt in soup("dt")}
    assert facts["Author"] == "✓ matches" and facts["Date"] == "✓ matches"
    assert facts["Original post"] == (
        "https://twitter.com/elonmusk/status/1626516035863212034 (available)"
    )
    assert soup.find("a", string="https://twitter.com/elonmusk/status/1626516035863212034")
    assert facts["Original from"].startswith("import: ")
    assert '"rawContent": "@GRDecter OpenAI' in soup.select_one(".verifier-payload pre").get_text()


def test_an_altered_quote_marks_the_words_it_changed(ds) -> None:
    [page] = get(ds, f"/-/verdicts/{verdict_id(ds, 'status=altered')}")
    soup = BeautifulSoup(page.text, "html.parser")
    assert [e.get_text() for e in soup.select(".verifier-side ins")] == ["non-profit"]
    assert [e.get_text() for e in soup.select(".verifier-side del")] == [
        "but now it has become a closed source, maximum-profit"
    ]
    assert "Verdict: " in soup.h1.get_text() and "Altered" in soup.h1.get_text()
    assert soup.find("a", string="Musk regrets OpenAI")["href"] == ALTERED_URL
    assert "example-news.com" in soup.select_one(".verifier-article").get_text()
    [other] = soup.select(".verifier-others li")
    assert "Verified" in other.get_text()
    [seed] = get(ds, other.a["href"])
    assert seed.status_code == 200


def test_a_hostile_article_renders_as_inert_text(ds) -> None:
    embed = verdict_id(ds, f"post_id={HOSTILE_POST}")
    pages = get(
        ds,
        f"/-/verdicts/{embed}",
        "/archive/quotes",
        f"/archive/quotes?post_id={HOSTILE_POST}",
        "/archive/quotes_that_differ",
        "/archive/author?handle=mallory",
        "/archive/embeds",
        "/archive/posts",
        "/archive/payloads",
        "/archive/articles",
    )
    for page in pages:
        assert page.status_code == 200, page.url
        assert_inert(page.text)
    soup = BeautifulSoup(pages[0].text, "html.parser")
    shown, original = soup.select(".verifier-side")
    assert "<script>alert('text')</script> <img src=x onerror=alert('img')>" in shown.get_text()
    assert HOSTILE_NAME in shown.select_one(".verifier-by").get_text()
    assert "<svg onload=alert('svg')>" in original.get_text()
    assert HOSTILE_URL in soup.select_one(".verifier-facts").get_text()  # shown, not linked
    assert "<script>alert('title')</script>" in soup.select_one(".verifier-article").get_text()
    assert not soup.select(".verifier-article a")  # its canonical URL is javascript:


def test_a_gone_posts_verdict_links_to_its_archived_capture(ds) -> None:
    [page] = get(ds, f"/-/verdicts/{verdict_id(ds, f'post_id={GONE_POST}')}")
    soup = BeautifulSoup(page.text, "html.parser")
    facts = {dt.get_text(): dt.find_next("dd") for dt in soup("dt")}
    assert facts["Original post"].get_text(" ", strip=True).endswith("(deleted)")
    capture = facts["Archived copy"].a
    assert (capture["href"], capture.get_text()) == (
        CAPTURE_URL,
        "archived copy of 2023-03-02 08:00 UTC",
    )


def test_an_unknown_verdict_is_not_found_and_its_name_stays_text(ds) -> None:
    [page] = get(ds, "/-/verdicts/~3Cimg~20src=x~20onerror=alert(1)~3E")  # Datasette's escapes
    assert page.status_code == 404
    assert_inert(page.text)


# Readable cells.


def test_statuses_read_as_labels_and_embed_ids_open_their_verdict(ds) -> None:
    [page] = get(ds, "/archive/quotes")
    soup = BeautifulSoup(page.text, "html.parser")
    labels = {span.get_text() for span in soup.select("td.col-status span.verifier-status")}
    assert labels == {
        "Verified",
        "Verified against a kept copy: original gone",  # not a green "Verified" alone
        "Altered",
        "Different post",
        "Awaiting the original",
    }
    links = [a["href"] for a in soup.select("td.col-embed_id a")]
    assert len(links) == 5 and all(href.startswith("/-/verdicts/") for href in links)
    assert {td.get_text() for td in soup.select("td.col-author_ok")} >= {"✓ matches"}


def test_a_diff_cell_shows_the_changed_words_marked(ds) -> None:
    [page] = get(ds, "/archive/quotes_that_differ")
    [cell] = BeautifulSoup(page.text, "html.parser").select("td.col-diff del")
    assert cell.get_text() == "but now it has become a closed source, maximum-profit"
    assert cell.find_next("ins").get_text() == "non-profit"


def test_raw_payloads_are_pretty_printed(ds) -> None:
    [page] = get(ds, "/archive/payloads")
    pre = BeautifulSoup(page.text, "html.parser").select("td.col-body pre.verifier-json")
    assert pre and any('\n  "rawContent": "@GRDecter' in p.get_text() for p in pre)


# The stored queries.


def test_quotes_that_differ(ds) -> None:
    found = rows(ds, "/archive/quotes_that_differ.json")
    assert [(r["status"], r["author_handle"]) for r in found] == [
        ("mismatch", "mallory"),
        ("altered", "elonmusk"),
    ]


def test_embeds_whose_original_is_gone(ds) -> None:
    [row] = rows(ds, "/archive/originals_gone.json")
    assert (row["author_handle"], row["original_outcome"]) == ("goner", "deleted")
    assert row["embed_id"] == verdict_id(ds, f"post_id={GONE_POST}")


def test_posts_quoted_by_several_articles_with_different_texts(ds) -> None:
    found = rows(ds, "/archive/posts_quoted_differently.json")
    assert {(r["post_key"], r["status"]) for r in found} == {
        (SEED_POST, "altered"),
        (SEED_POST, "verified"),
    }


def test_everything_about_one_author(ds) -> None:
    found = rows(ds, "/archive/author.json?handle=@ElonMusk")
    assert sorted(r["status"] for r in found) == ["altered", "not quoted", "verified"]
    assert rows(ds, "/archive/author.json?handle=nobody") == []


def test_verification_coverage_by_site(ds) -> None:
    found = rows(ds, "/archive/coverage_by_site.json")
    assert found == [
        {
            "site": "(local file)",
            "articles": 3,
            "posts_detected": 4,
            "percent_compared": 75.0,
            "percent_faithful": 66.7,
            "verified": 2,
            "truncated": 0,
            "altered": 0,
            "mismatch": 1,
            "unavailable": 0,
            "not_found": 0,
            "pending": 1,
            "needs_original": 0,
            "link": 0,
            "translated": 0,
        },
        {
            "site": "example-news.com",
            "articles": 1,
            "posts_detected": 1,
            "percent_compared": 100.0,
            "percent_faithful": 0.0,
            "verified": 0,
            "truncated": 0,
            "altered": 1,
            "mismatch": 0,
            "unavailable": 0,
            "not_found": 0,
            "pending": 0,
            "needs_original": 0,
            "link": 0,
            "translated": 0,
        },
    ]


def test_embeds_not_verified_yet(ds) -> None:
    [row] = rows(ds, "/archive/not_verified_yet.json")
    assert (row["status"], row["post_url"]) == (
        "pending",
        f"https://twitter.com/goner/status/{UNKNOWN_POST}",
    )


# Facets, search, robots.


def test_quotes_facet_by_status_platform_author_and_site(ds) -> None:
    [page] = get(ds, "/archive/quotes.json?_extra=facet_results")
    facets = page.json()["facet_results"]
    facets = facets.get("results", facets)  # Datasette 1.0 nests them in "results"
    assert set(facets) == {"status", "platform", "author_handle", "site"}


def test_quote_and_post_texts_are_searchable(ds) -> None:
    found = rows(ds, "/archive/quotes.json?_search=counterweight")
    assert sorted(r["status"] for r in found) == ["altered", "verified"]
    assert [r["id"] for r in rows(ds, "/archive/posts.json?_search=deleted")] == [
        f"twitter:{GONE_POST}"
    ]


def test_robots_are_kept_out(ds) -> None:
    robots, home, page = get(ds, "/robots.txt", "/", "/archive/quotes")
    assert robots.text == "User-agent: *\nDisallow: /\n"
    assert {r.headers["x-robots-tag"] for r in (robots, home, page)} == {"noindex, nofollow"}


def test_the_plugin_leaves_other_datasette_sites_alone(tmp_path) -> None:
    other = tmp_path / "archive.db"  # the same name, not the archive's shape
    sqlite_utils.Database(other)["verdicts"].insert({"status": "verified"})
    plain = Datasette(immutables=[str(other)])
    robots, page, verdict = get(plain, "/robots.txt", "/archive/verdicts", "/-/verdicts/x")
    assert robots.status_code == 404 and verdict.status_code == 404
    assert "x-robots-tag" not in page.headers
    assert "verifier-status" not in page.text
