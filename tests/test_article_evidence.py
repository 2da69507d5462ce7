"""The article is kept too: its bytes once by SHA-256, how and when they were read; the WARC
export carries the articles beside the platforms' answers, and a WACZ packs them for replay."""

from __future__ import annotations

import gzip
import hashlib
import json
import zipfile
from io import BytesIO
from pathlib import Path

import pytest
import responses
import sqlite_utils
from click.testing import CliRunner
from conftest import ROOT, SEED_TEXT, article_page, tweet_blockquote
from test_crawls import crawl
from warcio.archiveiterator import ArchiveIterator

from verifier.cli import cli
from verifier.http import HttpClient
from verifier.pipeline.verify import VerifyOptions, verify
from verifier.publish.warc import export_warc
from verifier.store import open_db

SEED = ROOT / "seeds" / "000_02392556c8f407f7.txt"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def records(path: Path) -> list[tuple[str, str, bytes, dict[str, str]]]:
    found = []
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            body = record.content_stream().read()
            headers = dict(record.rec_headers.headers)
            found.append((record.rec_type, headers.get("WARC-Target-URI", ""), body, headers))
    return found


def test_a_file_is_kept_with_its_bytes_path_and_times(tmp_path: Path) -> None:
    db_path = str(tmp_path / "archive.db")
    assert run("verify", str(ROOT / "seeds"), "--db", db_path, "--offline")[0] == 0
    db = open_db(db_path)
    [article] = db["articles"].rows
    raw = SEED.read_bytes()
    assert article["payload_sha256"] == hashlib.sha256(raw).hexdigest() == article["sha256"]
    assert article["read_kind"] == "file"
    assert article["read_location"] == str(SEED.resolve())
    assert article["read_at"] and article["file_mtime"]
    stored = db["payloads"].get(article["payload_sha256"])["body"]
    assert stored.encode("utf-8") == raw


def test_the_warc_export_holds_the_article_and_the_imported_records(tmp_path: Path) -> None:
    db_path = str(tmp_path / "archive.db")
    run("verify", str(ROOT / "seeds"), "--db", db_path, "--offline")
    written = export_warc(open_db(db_path), tmp_path / "out.warc.gz")
    assert (written.articles, written.responses, written.imports) == (1, 0, 1)
    found = records(tmp_path / "out.warc.gz")
    kinds = [(kind, uri.split("#")[0]) for kind, uri, _body, _h in found]
    assert kinds[:2] == [("warcinfo", ""), ("resource", SEED.resolve().as_uri())]
    assert found[1][2] == SEED.read_bytes()
    imported = found[2]
    assert imported[0] == "resource"
    assert imported[1] == (ROOT / "seeds" / "originals.jsonl").resolve().as_uri() + "#line=1"
    assert json.loads(imported[2])["id"] == 1626516035863212034


def test_a_crawled_page_keeps_its_warc_record_and_date(tmp_path: Path) -> None:
    warc = crawl(tmp_path / "crawl.warc.gz")
    db = open_db(tmp_path / "archive.db")
    verify([str(warc)], db=db, options=VerifyOptions(offline=True))
    row = next(db.query("select * from articles where final_url = 'https://news.example/musk'"))
    assert row["read_kind"] == "warc"
    assert row["read_location"].startswith(str(warc.resolve()) + "#")
    assert row["read_at"].startswith("2023-03-02T10:00:00")
    warc_headers = dict(json.loads(row["warc_headers"]))
    assert warc_headers["WARC-Target-URI"] == "https://news.example/musk"
    export_warc(db, tmp_path / "out.warc")
    found = {uri: (kind, body, h) for kind, uri, body, h in records(tmp_path / "out.warc")}
    kind, body, headers = found["https://news.example/musk"]
    assert kind == "response" and headers["WARC-Date"].startswith("2023-03-02T10:00:00")
    assert hashlib.sha256(body).hexdigest() == row["payload_sha256"]


@responses.activate
def test_a_fetched_article_keeps_its_http_exchange(
    seeded_db: sqlite_utils.Database, tmp_path: Path
) -> None:
    page = article_page(tweet_blockquote(SEED_TEXT), title="Musk and OpenAI").encode()
    responses.get(
        "https://news.example/a",
        body=page,
        content_type="text/html; charset=utf-8",
        headers={"Last-Modified": "Thu, 02 Mar 2023 10:00:00 GMT"},
    )
    http = HttpClient(resolver=lambda _h, _p: ["93.184.215.14"], sleep=lambda _s: None)
    verify(["https://news.example/a"], db=seeded_db, options=VerifyOptions(), http=http)
    [article] = seeded_db["articles"].rows
    assert article["read_kind"] == "fetch"
    assert dict(json.loads(article["http_headers"]))["content-type"].startswith("text/html")
    export_warc(seeded_db, tmp_path / "out.warc")
    found = [(kind, uri, body) for kind, uri, body, _h in records(tmp_path / "out.warc")]
    assert ("request", "https://news.example/a", b"") in found
    assert ("response", "https://news.example/a", page) in found


def test_a_wacz_validates_and_lists_the_articles(tmp_path: Path) -> None:
    wacz_main = pytest.importorskip("wacz.main").main
    warc = crawl(tmp_path / "crawl.warc.gz")
    db_path = str(tmp_path / "archive.db")
    # The crawl holds an empty page: a problem (exit 1), and the rest is verified.
    run("verify", str(warc), str(ROOT / "seeds"), "--db", db_path, "--offline")
    target = tmp_path / "archive.wacz"
    code, output = run("export-wacz", str(target), "--db", db_path)
    assert code == 0, output
    assert wacz_main(["validate", "-f", str(target)]) == 0
    with zipfile.ZipFile(target) as package:
        names = package.namelist()
        pages = [json.loads(line) for line in package.read("pages/pages.jsonl").splitlines()]
        index = gzip.decompress(package.read("indexes/index.cdx.gz")).decode()
        [warc_name] = [n for n in names if n.startswith("archive/")]
        inside = list(ArchiveIterator(BytesIO(package.read(warc_name))))
    urls = {page.get("url") for page in pages[1:]}
    assert {"https://news.example/musk", SEED.resolve().as_uri()} <= urls
    # Replay finds each article through the index, under the URL its page names.
    assert "news.example/musk" in index or "example,news)/musk" in index
    assert any(
        r.rec_headers.get_header("WARC-Target-URI") == "https://news.example/musk" for r in inside
    )
