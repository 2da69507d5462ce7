"""Crawls as input: every page of a WARC file is an article, known by its URI."""

from __future__ import annotations

import itertools
from io import BytesIO
from pathlib import Path

import pytest
import sqlite_utils
from conftest import SEED_TEXT, SHARED, article_page, tweet_blockquote
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from verifier.models import Article, Problem
from verifier.pipeline.verify import VerifyOptions, verify
from verifier.sources.articles import iter_articles
from verifier.sources.crawls import CrawledPage, iter_warc_pages
from verifier.store import quote_rows


def response(writer: WARCWriter, uri: str, body: bytes, content_type: str) -> None:
    headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        uri,
        "response",
        payload=BytesIO(body),
        http_headers=headers,
        warc_headers_dict={"WARC-Date": "2023-03-02T10:00:00Z"},
    )
    writer.write_record(record)


def crawl(path: Path) -> Path:
    """A crawl as CC-NEWS delivers it: warcinfo, then responses (a page, an image, a text)."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        page = article_page(tweet_blockquote(SEED_TEXT), title="Musk and OpenAI")
        response(writer, "https://news.example/musk", page.encode(), "text/html; charset=utf-8")
        response(writer, "https://news.example/logo.png", b"\x89PNG\r\n", "image/png")
        response(writer, "https://news.example/empty", b"", "text/html")
        response(
            writer,
            "https://news.example/notes.txt",
            "Notes — fine".encode(),
            "text/plain; charset=utf-8",
        )
    return path


def test_each_page_of_a_warc_is_an_article_known_by_its_uri(tmp_path: Path) -> None:
    path = crawl(tmp_path / "news.warc.gz")
    read = list(iter_articles([str(path)]))
    articles = [a for a in read if isinstance(a, Article)]
    assert [(a.source, a.is_html, a.http_status) for a in articles] == [
        ("https://news.example/musk", True, 200),
        ("https://news.example/notes.txt", False, 200),
    ]
    assert articles[0].title == "Musk and OpenAI"
    assert articles[0].fetched_at is not None and articles[0].fetched_at.year == 2023
    [problem] = [p for p in read if isinstance(p, Problem)]
    assert problem.source == str(path)
    assert "(https://news.example/empty): empty file" in problem.message


def test_a_warc_cut_short_keeps_its_whole_records_and_says_so(tmp_path: Path) -> None:
    whole = crawl(tmp_path / "news.warc.gz").read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole[: len(whole) - 40])
    read = list(iter_warc_pages(cut))
    assert isinstance(read[0], CrawledPage) and read[0].uri == "https://news.example/musk"
    assert isinstance(read[-1], Problem)
    assert read[-1].message == (
        "WARC cut short: the record of https://news.example/notes.txt ends before its length"
    )


def test_a_file_that_is_no_warc_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "notes.warc"
    path.write_bytes(b"not a crawl at all\n" * 3)
    assert list(iter_warc_pages(path)) == [
        Problem(str(path), "read", "not a WARC file: no record could be read")
    ]


def test_verify_reads_a_warc_like_any_folder_of_pages(
    seeded_db: sqlite_utils.Database, tmp_path: Path
) -> None:
    summary = verify(
        [str(crawl(tmp_path / "news.warc.gz"))], db=seeded_db, options=VerifyOptions(offline=True)
    )
    assert summary.articles == 2
    [row] = quote_rows(seeded_db)
    assert (row["article"], row["status"]) == ("https://news.example/musk", "verified")


def test_the_shared_news_crawl_reads_page_by_page() -> None:
    warc = SHARED / "bench" / "news-mix.warc.gz"
    if not warc.exists():
        pytest.skip("the shared news crawl is not here (only on the team's machines and CI)")
    pages = list(itertools.islice(iter_warc_pages(warc), 25))
    assert len(pages) == 25 and all(isinstance(p, CrawledPage) and p.body for p in pages)
