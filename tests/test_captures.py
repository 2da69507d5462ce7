"""Every capture kept: a crawl that holds one URL twice, with different pages, keeps both, each
with its embeds and verdicts; the views show the latest and the older stays readable."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import sqlite_utils
from conftest import SEED_ORIGINAL, SEED_TEXT, article_page, tweet_blockquote
from test_publish import get, published
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from verifier.pipeline.verify import VerifyOptions, verify
from verifier.store import quote_rows
from verifier.store.articles import article_id
from verifier.store.imported import record_imported
from verifier.store.schema import ensure_shape, migrations

URL = "https://news.example/musk"


def capture(writer: WARCWriter, body: str, at: str) -> None:
    headers = StatusAndHeaders(
        "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
    )
    record = writer.create_warc_record(
        URL,
        "response",
        payload=BytesIO(article_page(body, title=f"Musk, {at[:10]}").encode()),
        http_headers=headers,
        warc_headers_dict={"WARC-Date": at},
    )
    writer.write_record(record)


def twice(path: Path, *, first: str, second: str) -> Path:
    """One URL crawled twice: the first capture quotes the post faithfully, the second one
    has another post too (id 9, unknown to the archive)."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        capture(writer, tweet_blockquote(SEED_TEXT), first)
        capture(writer, tweet_blockquote(SEED_TEXT) + tweet_blockquote("x", post_id="9"), second)
    return path


def captures(db: sqlite_utils.Database) -> list[tuple[str, int, int]]:
    return [
        (row["title"], row["is_latest"], row["embeds"])
        for row in db.query(
            "select title, is_latest, (select count(*) from embeds where article_id = articles.id)"
            " as embeds from articles where page_id = ? order by captured_at",
            [article_id(URL)],
        )
    ]


def test_two_captures_of_one_url_are_both_kept_and_the_latest_is_shown(
    seeded_db: sqlite_utils.Database, tmp_path: Path
) -> None:
    warc = twice(
        tmp_path / "crawl.warc.gz", first="2023-03-02T10:00:00Z", second="2023-03-05T10:00:00Z"
    )
    summary = verify([str(warc)], db=seeded_db, options=VerifyOptions(offline=True))
    assert summary.articles == 2
    assert captures(seeded_db) == [("Musk, 2023-03-02", 0, 1), ("Musk, 2023-03-05", 1, 2)]
    # Every capture's verdicts stay; the views read the latest only.
    assert seeded_db["verdicts"].count == 3
    assert [(r["article_title"], r["post_id"]) for r in quote_rows(seeded_db)] == [
        ("Musk, 2023-03-05", "1626516035863212034"),
        ("Musk, 2023-03-05", "9"),
    ]
    assert seeded_db.execute("select count(*) from findings").fetchone()[0] == 2
    older = list(seeded_db.query("select * from capture_quotes where is_latest = 0"))
    assert [(r["article_title"], r["status"]) for r in older] == [("Musk, 2023-03-02", "verified")]


def test_the_latest_capture_is_the_one_crawled_last_not_the_one_read_last(
    seeded_db: sqlite_utils.Database, tmp_path: Path
) -> None:
    warc = twice(
        tmp_path / "crawl.warc.gz", first="2023-03-09T10:00:00Z", second="2023-03-05T10:00:00Z"
    )
    verify([str(warc)], db=seeded_db, options=VerifyOptions(offline=True))
    assert captures(seeded_db) == [("Musk, 2023-03-05", 0, 2), ("Musk, 2023-03-09", 1, 1)]


def test_a_rerun_of_the_same_crawl_adds_nothing(
    seeded_db: sqlite_utils.Database, tmp_path: Path
) -> None:
    warc = twice(
        tmp_path / "crawl.warc.gz", first="2023-03-02T10:00:00Z", second="2023-03-05T10:00:00Z"
    )
    verify([str(warc)], db=seeded_db, options=VerifyOptions(offline=True))
    counts = {t: seeded_db[t].count for t in ("articles", "embeds", "verdicts", "payloads")}
    again = verify([str(warc)], db=seeded_db, options=VerifyOptions(offline=True))
    refreshed = verify([str(warc)], db=seeded_db, options=VerifyOptions(offline=True, refresh=True))
    assert {t: seeded_db[t].count for t in counts} == counts
    # The faithful capture is settled and skipped; the other has a post not found, judged again.
    assert (again.skipped, again.articles) == (1, 1)
    assert refreshed.articles == 2
    assert captures(seeded_db) == [("Musk, 2023-03-02", 0, 1), ("Musk, 2023-03-05", 1, 2)]


def test_an_archive_from_before_captures_keeps_its_rows_and_ids(tmp_path: Path) -> None:
    db = sqlite_utils.Database(tmp_path / "old.db")
    with db.atomic():
        migrations.apply(db, stop_before="m009_article_captures")
    key = article_id(URL)
    db["articles"].insert(
        {"id": key, "source": URL, "title": "Musk, old", "sha256": "ab", "read_at": "2023-01-01"}
    )
    db["embeds"].insert({"id": "e1", "article_id": key, "position": 0, "platform": "twitter"})
    ensure_shape(db)
    [row] = db.query("select id, page_id, captured_at, is_latest from articles")
    assert row == {"id": key, "page_id": key, "captured_at": "2023-01-01", "is_latest": 1}
    assert [r["embed_id"] for r in db.query("select embed_id from quotes")] == ["e1"]


def test_the_older_capture_stays_readable_in_datasette(tmp_path: Path) -> None:
    db = sqlite_utils.Database(tmp_path / "archive.db")
    ensure_shape(db)
    record_imported(db, SEED_ORIGINAL)
    warc = twice(
        tmp_path / "crawl.warc.gz", first="2023-03-02T10:00:00Z", second="2023-03-05T10:00:00Z"
    )
    verify([str(warc)], db=db, options=VerifyOptions(offline=True))
    [older] = db.query("select id from articles where is_latest = 0")
    [old_embed] = db.query("select id from embeds where article_id = ?", [older["id"]])
    db.close()
    ds = published(tmp_path / "archive.db")
    page, verdict, found, findings = get(
        ds,
        f"/-/articles/{older['id']}",
        f"/-/verdicts/{old_embed['id']}",
        f"/-/find?q={URL}",
        "/archive/findings.json?_shape=array",
    )
    assert page.status_code == verdict.status_code == 200
    assert "Musk, 2023-03-02" in page.text and "Musk, 2023-03-02" in verdict.text
    # The search box opens the latest capture of an address; findings count the page once.
    assert found.status_code == 302 and older["id"] not in found.headers["location"]
    assert {r["article"] for r in findings.json()} == {"Musk, 2023-03-05"}
