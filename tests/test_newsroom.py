"""The newsroom's pages through Datasette's in-process client: the front page, an article's
page, the slim findings table, the search box, a verdict handed over as JSON and on paper, and
the archive served by a plain `datasette archive.db`.

The archive is the publishing tests' (tests/publish_archive.py) and one more article: a
faithful excerpt of the seed's post, cut after "Google".
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner
from conftest import SEED_TEXT, article_page, tweet_blockquote
from datasette.app import Datasette
from publish_archive import ALTERED_URL, GONE_POST, HOSTILE_POST, SEED_POST, build_archive
from test_publish import assert_inert, published

from verifier.cli import cli
from verifier.pipeline.verify import VerifyOptions, verify
from verifier.publish.metadata import build_datasette_1, build_metadata
from verifier.publish.serve import datasette_major_version
from verifier.store import open_db
from verifier.store.connection import fold_wal

EXCERPT = SEED_TEXT.split(", but")[0]
CUT = ", but now it has become a closed source, maximum-profit company effectively controlled by"


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("newsroom")
    db = build_archive(folder / "archive.db", folder / "articles")
    excerpt = folder / "more" / "excerpt.html"
    excerpt.parent.mkdir()
    excerpt.write_text(article_page(tweet_blockquote(EXCERPT), title="An excerpt"), "utf-8")
    verify([str(excerpt)], db=db, options=VerifyOptions(offline=True))
    fold_wal(db)  # as `verifier serve` does before Datasette opens the file as immutable
    return folder / "archive.db"


@pytest.fixture
def ds(archive: Path) -> Datasette:
    return published(archive)


def get(ds: Datasette, path: str) -> httpx.Response:
    async def run() -> httpx.Response:
        return await ds.client.get(path)

    return asyncio.run(run())


def soup_of(ds: Datasette, path: str) -> BeautifulSoup:
    response = get(ds, path)
    assert response.status_code == 200, (path, response.text[:500])
    assert_inert(response.text)
    return BeautifulSoup(response.text, "html.parser")


def rows(ds: Datasette, path: str) -> list[dict[str, Any]]:
    response = get(ds, path + ("&" if "?" in path else "?") + "_shape=array")
    assert response.status_code == 200, response.text
    return response.json()


def embed_of(ds: Datasette, where: str) -> str:
    [row] = rows(ds, f"/archive/quotes.json?{where}")
    return row["embed_id"]


def test_the_front_page_answers_at_a_glance(ds) -> None:
    home = soup_of(ds, "/")
    front = home.select_one(".verifier-front")
    assert "5 articles, 6 posts found in them" in front.select_one(".verifier-totals").get_text()
    worst = [li.a.get_text() for li in front.select(".verifier-worst li")]
    # The altered and the mismatched articles first; the excerpt and the gone post after.
    assert worst[0] in ("Musk regrets OpenAI", "<script>alert('title')</script>")
    assert set(worst[:2]) == {"Musk regrets OpenAI", "<script>alert('title')</script>"}
    assert set(worst[2:]) == {"An excerpt", "A quote outliving its post"}
    charts = {fig.figcaption.get_text(): fig for fig in front.select(".verifier-chart")}
    assert set(charts) >= {"Verdicts", "Platforms", "Coverage by site"}
    statuses = [th.get_text() for th in charts["Verdicts"].select("th")]
    assert statuses[:3] == ["Altered", "Different post", "Faithful excerpt"]
    assert charts["Verdicts"].select_one("th a")["href"] == "/archive/findings?status=altered"
    assert front.select_one("form.verifier-find")["action"] == "/-/find"
    assert front.find("a", string="Quotes and verdicts")["href"] == "/archive/findings"


def test_front_page_to_article_to_verdict_in_two_clicks(ds) -> None:
    home = soup_of(ds, "/")
    article = home.select_one(".verifier-worst").find("a", string="Musk regrets OpenAI")
    page = soup_of(ds, article["href"])
    assert page.h1.get_text() == "Musk regrets OpenAI"
    meta = page.select_one(".verifier-article-meta")
    assert meta.a["href"] == ALTERED_URL
    assert "example-news.com" in meta.get_text() and "2023-03-01" in meta.get_text()
    [post] = page.select(".verifier-post")
    assert post.select_one(".verifier-status").get_text() == "Altered"
    assert [d.get_text() for d in post.select("del")] == [
        "but now it has become a closed source, maximum-profit"
    ]
    assert [i.get_text() for i in post.select("ins")] == ["non-profit"]
    verdict = soup_of(ds, post.select_one("a.verifier-open")["href"])
    assert verdict.h1.get_text() == "Verdict: Altered"


def test_an_article_page_lists_its_posts_in_reading_order(ds) -> None:
    [row] = rows(ds, "/archive/articles.json?title=A+quote+outliving+its+post")
    page = soup_of(ds, f"/-/articles/{row['id']}")
    badges = [p.select_one(".verifier-status").get_text() for p in page.select(".verifier-post")]
    assert badges == ["Verified against a kept copy: original gone", "Awaiting the original"]
    texts = [p.blockquote.get_text() for p in page.select(".verifier-post")]
    assert texts == ["A post its author has since deleted.", "Nobody kept this one."]
    differ = page.find("a", string="quotes that differ, in this article")["href"]
    assert differ == f"/archive/quotes_that_differ?article={row['id']}"


def test_an_unknown_article_is_not_found_and_its_name_stays_text(ds) -> None:
    response = get(ds, "/-/articles/~3Cscript~3Ealert(1)~3C~2Fscript~3E")
    assert response.status_code == 404
    assert_inert(response.text)


def test_a_hostile_article_s_page_is_inert(ds) -> None:
    [row] = rows(ds, f"/archive/quotes.json?post_id={HOSTILE_POST}")
    page = soup_of(ds, f"/-/articles/{row['article_id']}")
    assert page.h1.get_text() == "<script>alert('title')</script>"


def test_the_findings_table_is_slim_and_worst_first(ds) -> None:
    found = rows(ds, "/archive/findings.json")
    assert list(found[0])[:6] == ["embed_id", "article", "author", "status", "diff", "quote"]
    assert [(r["status"], r["original_outcome"]) for r in found] == [
        ("altered", "available"),
        ("mismatch", "available"),
        ("truncated", "available"),
        ("pending", None),
        # The gone original's faithful quote before the seed's, whose original is online.
        ("verified", "deleted"),
        ("verified", "available"),
    ]
    page = soup_of(ds, "/archive/findings")
    link = page.select_one("td.col-article a")
    assert link["href"].startswith("/-/articles/")
    cut = page.select("td.col-diff .verifier-cut")
    assert cut and CUT in " ".join(c.get_text() for c in cut)


def test_quotes_that_differ_include_truncations_and_narrow_to_an_article(ds) -> None:
    everything = rows(ds, "/archive/quotes_that_differ.json?article=")
    assert {r["status"] for r in everything} == {"altered", "mismatch", "truncated"}
    [excerpt] = rows(ds, "/archive/quotes_that_differ.json?article=excerpt.html")
    assert excerpt["status"] == "truncated"
    [altered] = rows(ds, "/archive/quotes_that_differ.json?article=MUSK+REGRETS")
    assert altered["status"] == "altered"


def test_a_truncation_shows_the_words_it_cut_greyed(ds) -> None:
    page = soup_of(ds, f"/-/verdicts/{embed_of(ds, 'status=truncated')}")
    assert page.h1.get_text() == "Verdict: Faithful excerpt"
    original = page.select(".verifier-side")[1]
    assert original.select_one(".verifier-cut").get_text().startswith(CUT)
    assert not page.select(".verifier-side del") and not page.select(".verifier-side ins")


def test_a_verdict_on_a_gone_original_says_so_in_its_badge(ds) -> None:
    page = soup_of(ds, f"/-/verdicts/{embed_of(ds, f'post_id={GONE_POST}')}")
    badge = page.h1.select_one(".verifier-status")
    assert badge.get_text() == "Verified against a kept copy: original gone"
    assert "verifier-gone" in badge["class"]


def test_a_pending_verdict_says_when_it_was_last_tried_not_checked(ds) -> None:
    page = soup_of(ds, f"/-/verdicts/{embed_of(ds, 'status=pending')}")
    terms = [dt.get_text() for dt in page("dt")]
    assert "Last tried" in terms and "Checked" not in terms


def test_original_from_links_the_copy_held(ds) -> None:
    page = soup_of(ds, f"/-/verdicts/{embed_of(ds, 'status=verified&article__endswith=.txt')}")
    facts = {dt.get_text(): dt.find_next("dd") for dt in page("dt")}
    held = facts["Original from"].find("a", string="the copy held here")
    [payload] = rows(ds, held["href"] + ".json")
    assert '"rawContent": "@GRDecter OpenAI' in json.dumps(json.loads(payload["body"]), indent=1)


def test_a_verdict_hands_over_its_evidence_as_json(ds) -> None:
    embed = embed_of(ds, "status=altered")
    verdict = soup_of(ds, f"/-/verdicts/{embed}")
    href = verdict.select_one(".verifier-handover").find("a", string="Evidence (JSON)")["href"]
    response = get(ds, href)
    assert response.headers["content-type"].startswith("application/json")
    bundle = response.json()
    assert bundle["verdict"]["status"] == "altered" and bundle["verdict"]["label"] == "Altered"
    assert bundle["made_by"].startswith("verifier ") and bundle["format"] == 1
    assert (
        bundle["article"]["article_url"] == ALTERED_URL and len(bundle["article"]["sha256"]) == 64
    )
    assert (
        "non-profit" in bundle["shown"]["text"] and "maximum-profit" in bundle["original"]["text"]
    )
    assert {"op": "insert", "original": "", "shown": "non-profit"} in bundle["diff"] or any(
        step["shown"] == "non-profit" for step in bundle["diff"]
    )
    assert bundle["original"]["post_key"] == SEED_POST
    [source] = bundle["evidence"]["sources"]
    assert source["kind"] == "import" and source["location"].endswith("originals.jsonl:1")
    assert len(source["payload_sha256"]) == 64 and source["at"]
    assert bundle["original"]["held_copy_sha256"] == source["payload_sha256"]
    assert bundle["evidence"]["versions"][0]["text"].startswith("@GRDecter")


def test_a_verdict_prints_on_a4(ds) -> None:
    embed = embed_of(ds, "status=altered")
    verdict = soup_of(ds, f"/-/verdicts/{embed}")
    page = soup_of(ds, verdict.find("a", string="Print view")["href"])
    assert page.body["class"] == ["verifier-print"]
    assert page.h1.get_text() == "Verdict: Altered"
    assert len(page.select(".verifier-side")) == 2 and page.select(".verifier-side ins")
    [row] = page.select(".verifier-evidence tbody tr")
    assert len(row.select_one(".verifier-hash").get_text()) == 64
    css = get(ds, page.find("link", rel="stylesheet")["href"]).text
    assert "@page { size: A4" in css


def test_the_search_box_takes_an_article_url_a_handle_or_words(ds) -> None:
    def lands(query: str) -> str:
        response = get(ds, "/-/find?" + httpx.QueryParams({"q": query}).__str__())
        assert response.status_code == 302
        return response.headers["location"]

    assert lands(ALTERED_URL).startswith("/-/articles/")
    assert lands(ALTERED_URL + "/") == lands(ALTERED_URL)
    assert lands(f"https://twitter.com/goner/status/{GONE_POST}").startswith("/-/verdicts/")
    assert lands("@Goner") == "/archive/author?handle=Goner"
    assert lands("counterweight to Google") == "/archive/findings?_search=counterweight+to+Google"
    assert lands("") == "/archive/findings"
    [row] = rows(ds, "/archive/findings.json?_search=" + "counterweight+%22to%22+Google")[:1]
    assert row["status"]


def test_facet_values_read_as_labels(ds) -> None:
    html = get(ds, "/archive/findings").text
    assert '"pending": "Awaiting the original"' in html and "verifierLabels" in html


def test_a_plain_datasette_archive_db_gets_the_plugin_and_the_metadata(archive) -> None:
    plain = Datasette([str(archive)])  # what `datasette archive.db` does
    home = soup_of(plain, "/")
    assert home.select_one(".verifier-front")
    assert home.find("a", string="Quotes and verdicts")["href"] == "/archive/findings"
    assert soup_of(plain, "/archive/findings").h1.get_text().startswith("Quotes and verdicts")
    assert rows(plain, "/archive/quotes_that_differ.json?article=")
    verdict = soup_of(plain, f"/-/verdicts/{embed_of(plain, 'status=altered')}")
    assert verdict.h1.get_text() == "Verdict: Altered"
    assert get(plain, "/robots.txt").text.startswith("User-agent: *")


def test_the_archive_opened_again_keeps_its_shape(archive) -> None:
    db = open_db(archive)
    assert "findings" in db.view_names()


def test_the_command_line_hands_over_the_same_bundle(archive, ds) -> None:
    embed = embed_of(ds, "status=altered")
    result = CliRunner().invoke(cli, ["evidence", embed, "--db", str(archive)])
    assert result.exit_code == 0, result.output
    bundle = json.loads(result.stdout)
    served = get(ds, f"/-/verdicts/{embed}/evidence.json").json()
    for key in ("verdict", "article", "shown", "original", "diff", "evidence"):
        assert bundle[key] == served[key]
    result = CliRunner().invoke(cli, ["evidence", "nothing-such", "--db", str(archive)])
    assert result.exit_code == 1 and "no detected post 'nothing-such'" in result.stderr


def test_a_standalone_print_view_carries_its_stylesheet(ds) -> None:
    embed = embed_of(ds, "status=altered")
    page = soup_of(ds, f"/-/verdicts/{embed}/print?standalone=1")
    assert not page.find("link", rel="stylesheet")
    assert "@page { size: A4" in page.style.get_text()


def test_a_reader_who_may_not_see_the_quotes_gets_datasette_s_own_index(archive) -> None:
    if datasette_major_version() >= 1:
        metadata, config = build_datasette_1("archive")
        config["databases"]["archive"]["tables"]["quotes"]["allow"] = False
        closed = Datasette(immutables=[str(archive)], metadata=metadata, config=config)
    else:
        metadata = build_metadata("archive")
        metadata["databases"]["archive"]["tables"]["quotes"]["allow"] = False
        closed = Datasette(immutables=[str(archive)], metadata=metadata)
    home = get(closed, "/")
    assert home.status_code == 200 and "verifier-front" not in home.text
    assert get(closed, "/-/articles/x").status_code == 403


def test_the_bundle_names_the_article_capture_and_the_witnesses_of_the_original(ds) -> None:
    embed = embed_of(ds, "status=altered")
    bundle = get(ds, f"/-/verdicts/{embed}/evidence.json").json()
    capture = bundle["article"]["capture"]
    assert capture["read_kind"] == "file" and capture["read_location"].endswith(".html")
    assert capture["payload_sha256"] == bundle["article"]["sha256"]
    witnesses = bundle["witnesses"]
    assert witnesses, "every held text of the original is a witness"
    # The altered quote disagrees with each text held; each witness says where it was read.
    assert {w["article_shows_it"] for w in witnesses} == {"altered"}
    assert all(w["location"] and w["read_at"] for w in witnesses)
