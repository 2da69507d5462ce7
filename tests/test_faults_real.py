"""Faults and bad input, tried for real: two processes on one archive, files that never end,
names that are not UTF-8, broken rows, repeated captures, killed imports.

Every test here runs the real command in its own process (or reads real files through the
library) and asserts what the archive keeps afterwards.
"""

from __future__ import annotations

import gzip
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils

from tests.conftest import article_page, tweet_blockquote
from verifier.store import ArchiveBusy, open_db

VERIFY = [sys.executable, "-c", "from verifier.cli import cli; cli()"]


def command(*args: str, cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*VERIFY, *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str]) -> tuple[int, str]:
    _, err = process.communicate(timeout=60)
    return process.returncode, err


def articles(folder: Path, *, count: int, first_id: int) -> int:
    """`count` articles of three embeds each, with post ids from `first_id`."""
    folder.mkdir()
    for number in range(count):
        ids = [first_id + 3 * number + k for k in range(3)]
        body = "".join(
            tweet_blockquote(f"Post number {i} says something", post_id=str(i)) for i in ids
        )
        (folder / f"a{number:03}.html").write_text(article_page(body, title=f"Article {number}"))
    return count * 3


def test_two_verify_runs_on_one_new_archive_both_store_every_page(tmp_path: Path) -> None:
    embeds = articles(tmp_path / "cron", count=25, first_id=1000)
    embeds += articles(tmp_path / "person", count=25, first_id=5000)
    runs = [
        command("verify", "--offline", "--db", "archive.db", name, cwd=tmp_path)
        for name in ("cron", "person")
    ]
    results = [finish(run) for run in runs]
    for code, err in results:
        assert "Traceback" not in err and "locked" not in err, err
        assert code in (0, 1), err  # 1: offline, posts without originals are problems
    db = sqlite_utils.Database(tmp_path / "archive.db")
    assert db["articles"].count == 50
    assert db["embeds"].count == embeds
    assert db["verdicts"].count == embeds
    assert db.execute("pragma journal_mode").fetchone()[0] == "wal"


def test_a_run_that_cannot_get_the_lock_says_so_and_names_the_archive(tmp_path: Path) -> None:
    path = tmp_path / "archive.db"
    db = open_db(path, wait=0.2)
    holder = sqlite3.connect(path)
    holder.execute("begin immediate")  # another run, in the middle of a write
    with pytest.raises(ArchiveBusy, match=r"archive\.db: another run is writing"):
        db["problems"].insert({"id": "x", "source": "s", "stage": "read", "message": "m"})
    holder.rollback()
    db["problems"].insert({"id": "x", "source": "s", "stage": "read", "message": "m"})
    assert db["problems"].count == 1


# The CLI, then its peak resident memory. VmHWM, not getrusage's ru_maxrss: that one survives
# exec, so it would count the memory of the pytest process the child was forked from.
PEAK = (
    "import re, sys\n"
    "from verifier.cli import cli\n"
    "try:\n"
    "    cli()\n"
    "finally:\n"
    "    status = open('/proc/self/status').read()\n"
    "    peak = int(re.search(r'VmHWM:\\s+(\\d+)', status)[1]) // 1024\n"
    "    print(f'peak {peak} MB', file=sys.stderr)\n"
)


def measured(*args: str, cwd: Path) -> tuple[int, str, int]:
    """Run the CLI in its own process: exit code, stderr, and its peak memory in MB."""
    process = subprocess.run(
        [sys.executable, "-c", PEAK, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )
    peak = int(process.stderr.rsplit("peak ", 1)[1].split()[0])
    return process.returncode, process.stderr, peak


def good_page(folder: Path, name: str, post_id: str) -> None:
    (folder / name).write_text(article_page(tweet_blockquote("A good post", post_id=post_id)))


def problems(db_path: Path) -> dict[str, str]:
    db = sqlite_utils.Database(db_path)
    return {Path(r["source"]).name: r["message"] for r in db.query("select * from problems")}


def test_a_device_and_a_pipe_in_a_folder_are_problems_and_the_run_goes_on(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    good_page(folder, "a-first.html", "111")
    (folder / "b-zero.html").symlink_to("/dev/zero")
    os.mkfifo(folder / "c-pipe.html")
    os.mkfifo(folder / "c-pipe.warc.gz")
    good_page(folder, "d-last.html", "222")
    code, err, _ = measured("verify", "--offline", "--db", "a.db", "articles", cwd=tmp_path)
    assert "Traceback" not in err
    assert code == 1
    db = sqlite_utils.Database(tmp_path / "a.db")
    assert sorted(Path(r["source"]).name for r in db["articles"].rows) == [
        "a-first.html",
        "d-last.html",
    ]
    found = problems(tmp_path / "a.db")
    assert (
        found["b-zero.html"]
        == "a character device (through a symlink), not a regular file: not read"
    )
    assert found["c-pipe.html"] == "a named pipe, not a regular file: not read"
    assert found["c-pipe.warc.gz"] == "a named pipe, not a regular file: not read"


def test_import_posts_refuses_a_named_pipe(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "posts.jsonl")
    code, err, _ = measured("import-posts", "--db", "a.db", "posts.jsonl", cwd=tmp_path)
    assert code == 1
    assert "posts.jsonl: a named pipe, not a regular file: not read" in err


def write_big_page_warc(path: Path, *, body_mb: int) -> None:
    """A .warc.gz of three pages: a good one, one of `body_mb` MB (a few hundred KB
    compressed), and a good one after it."""

    def record(uri: str, body_parts: list[bytes]) -> list[bytes]:
        size = sum(len(p) for p in body_parts)
        http = (
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            + f"Content-Length: {size}\r\n\r\n".encode()
        )
        head = (
            "WARC/1.0\r\nWARC-Type: response\r\n"
            f"WARC-Record-ID: <urn:uuid:{abs(hash(uri)):032x}>\r\n"
            "WARC-Date: 2024-05-01T10:00:00Z\r\n"
            f"WARC-Target-URI: {uri}\r\n"
            "Content-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(http) + size}\r\n\r\n"
        ).encode()
        return [head, http, *body_parts, b"\r\n\r\n"]

    good = article_page(tweet_blockquote("A good post", post_id="333")).encode()
    chunk = b"<p>" + b"filler " * 149_000 + b"</p>\n"  # about 1 MB
    with path.open("wb") as raw:
        for parts in (
            record("https://news.example/first", [good]),
            record("https://news.example/huge", [good[:200]] + [chunk] * body_mb),
            record("https://news.example/last", [good]),
        ):
            # one gzip member per record, as WARC writers do
            with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=1) as member:
                for part in parts:
                    member.write(part)


def test_a_huge_page_in_a_warc_is_a_problem_and_memory_stays_bounded(tmp_path: Path) -> None:
    write_big_page_warc(tmp_path / "crawl.warc.gz", body_mb=300)
    code, err, peak = measured(
        "verify",
        "--offline",
        "--db",
        "a.db",
        "--max-article-mb",
        "20",
        "crawl.warc.gz",
        cwd=tmp_path,
    )
    assert "Traceback" not in err
    db = sqlite_utils.Database(tmp_path / "a.db")
    assert sorted(r["url"] for r in db["articles"].rows) == [
        "https://news.example/first",
        "https://news.example/last",
    ]
    assert problems(tmp_path / "a.db")["crawl.warc.gz"] == (
        "the page of https://news.example/huge: more where an article may hold 20 MB:"
        " not read (raise --max-article-mb to read it)"
    )
    assert peak < 200, err  # the page alone is 300 MB


def test_a_file_over_the_cap_is_a_problem_and_never_read(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    with (folder / "big.txt").open("wb") as out:
        out.truncate(3_000_000_000)  # sparse: 3 GB that take no disk
    good_page(folder, "good.html", "444")
    code, err, peak = measured("verify", "--offline", "--db", "a.db", "articles", cwd=tmp_path)
    assert problems(tmp_path / "a.db")["big.txt"] == (
        "3000 MB where an article may hold 50 MB: not read (raise --max-article-mb to read it)"
    )
    assert sqlite_utils.Database(tmp_path / "a.db")["articles"].count == 1
    assert peak < 200, err


def test_a_file_name_that_is_not_utf8_is_read_and_stored_with_its_bytes_shown(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9.html")  # a Latin-1 name, as an old Windows share holds it
    good_page(folder, name, "555")
    code, err, _ = measured("verify", "--offline", "--db", "a.db", "articles", cwd=tmp_path)
    assert "Traceback" not in err
    [row] = sqlite_utils.Database(tmp_path / "a.db")["articles"].rows
    assert row["source"].endswith("articles/caf\\xe9.html")
    assert sqlite_utils.Database(tmp_path / "a.db")["embeds"].count == 1


def jsonl_post(number: int, text: str) -> str:
    return json.dumps(
        {
            "_type": "snscrape.modules.twitter.Tweet",
            "id": number,
            "url": f"https://twitter.com/someone/status/{number}",
            "rawContent": text,
            "user": {"username": "someone"},
        }
    )


def test_a_lone_surrogate_in_jsonl_keeps_the_files_other_posts(tmp_path: Path) -> None:
    lines = [jsonl_post(1, "before"), jsonl_post(2, "broken"), jsonl_post(3, "after")]
    lines[1] = lines[1].replace("broken", "broken \\ud800 half")  # valid JSON, no character
    (tmp_path / "posts.jsonl").write_text("\n".join(lines) + "\n")
    code, err, _ = measured("import-posts", "--db", "a.db", "posts.jsonl", cwd=tmp_path)
    assert "Traceback" not in err
    assert code == 0, err
    texts = [
        r["text"]
        for r in sqlite_utils.Database(tmp_path / "a.db").query(
            "select text from posts order by post_id"
        )
    ]
    assert texts == ["before", "broken \ufffd half", "after"]


def test_a_killed_import_keeps_its_batches_and_a_rerun_completes_it_exactly(
    tmp_path: Path,
) -> None:
    total = 1500  # three batches
    lines = [jsonl_post(number, f"post {number} says this") for number in range(1, total + 1)]
    (tmp_path / "posts.jsonl").write_text("\n".join(lines) + "\n")
    first = command("import-posts", "--db", "a.db", "posts.jsonl", cwd=tmp_path)
    kept = 0
    while first.poll() is None and not kept:
        try:
            kept = sqlite_utils.Database(tmp_path / "a.db")["posts"].count
        except sqlite3.OperationalError:
            pass  # the archive is still being created
    assert first.poll() is None, "the import finished before any batch was committed"
    first.kill()  # kill -9, mid-import
    first.wait()
    assert 0 < kept < total
    code, err = finish(command("import-posts", "--db", "a.db", "posts.jsonl", cwd=tmp_path))
    assert code == 0, err
    db = sqlite_utils.Database(tmp_path / "a.db")
    assert db["posts"].count == total
    assert db["post_versions"].count == total
    assert db.execute("select count(distinct post_key) from post_versions").fetchone()[0] == total


CSV_HEAD = "id,url,date,username,text\n"


def csv_row(number: int, text: str) -> str:
    return f"{number},https://twitter.com/a/status/{number},2023-01-01,a,{text}\n"


@pytest.mark.parametrize(
    ("third_text", "closes_on"),
    [
        ('"third ok"', 4),  # the next quote in the file closes the open one
        ("third ok", 5),  # unquoted: the quote opening the fourth text closes it
    ],
)
def test_an_unclosed_quote_in_csv_names_its_line_and_the_rows_after_it_are_read(
    tmp_path: Path, third_text: str, closes_on: int
) -> None:
    rows = [
        csv_row(1, '"first ok"'),
        csv_row(2, '"broken, its quote never closed'),
        csv_row(3, third_text),
        csv_row(4, '"fourth\nspans two lines"'),
        csv_row(5, "fifth"),
    ]
    (tmp_path / "posts.csv").write_text(CSV_HEAD + "".join(rows))
    code, err, _ = measured("import-posts", "--db", "a.db", "posts.csv", cwd=tmp_path)
    db = sqlite_utils.Database(tmp_path / "a.db")
    posts = {r["post_id"]: r["text"] for r in db.query("select post_id, text from posts")}
    assert posts == {
        "1": "first ok",
        "3": "third ok",
        "4": "fourth\nspans two lines",
        "5": "fifth",
    }
    [problem] = db.query("select line, message from problems")
    assert problem == {
        "line": 3,
        "message": f"an unclosed quote: the row ran on to line {closes_on} as one text;"
        " not read, and the lines after it are read as rows",
    }
    assert code == 1


def test_a_warc_gz_cut_inside_its_first_record_is_a_problem(tmp_path: Path) -> None:
    write_big_page_warc(tmp_path / "whole.warc.gz", body_mb=0)
    (tmp_path / "cut.warc.gz").write_bytes((tmp_path / "whole.warc.gz").read_bytes()[:100])
    code, err, _ = measured("verify", "--offline", "--db", "a.db", "cut.warc.gz", cwd=tmp_path)
    assert code == 1
    assert list(problems(tmp_path / "a.db")) == ["cut.warc.gz"]
    assert problems(tmp_path / "a.db")["cut.warc.gz"].startswith("WARC cut short or damaged")
    # the first 100 bytes of a crawl that opens with its warcinfo record, as news-mix does
    head = b"WARC/1.0\r\nWARC-Type: warcinfo\r\nWARC-Record-ID: <urn:uuid:027"
    (tmp_path / "cut.warc.gz").write_bytes(gzip.compress(head))
    code, err, _ = measured("verify", "--offline", "--db", "b.db", "cut.warc.gz", cwd=tmp_path)
    assert code == 1
    assert problems(tmp_path / "b.db") == {
        "cut.warc.gz": "WARC cut short or damaged: a record ends inside its headers"
    }


def test_a_utf32_article_with_its_bom_is_read_as_utf32(tmp_path: Path) -> None:
    text = article_page(tweet_blockquote("Ein Beitrag über Straßen", post_id="666"))
    (tmp_path / "wide.html").write_bytes(text.encode("utf-32"))  # with its BOM
    code, err, _ = measured("verify", "--offline", "--db", "a.db", "wide.html", cwd=tmp_path)
    db = sqlite_utils.Database(tmp_path / "a.db")
    [article] = db["articles"].rows
    assert article["encoding"] == "utf-32"
    [embed] = db["embeds"].rows
    assert embed["displayed_text"] == "Ein Beitrag über Straßen"


@pytest.mark.parametrize(
    "address",
    [
        "64:ff9b:1::a00:1",  # local-use NAT64 (RFC 8215), around 10.0.0.1
        "64:ff9b:1:7f00:1::",  # the same prefix, 127.0.0.1 in RFC 6052's /48 layout
        "::ffff:0:7f00:1",  # IPv4-translated (RFC 2765) 127.0.0.1
        "::ffff:0:a9fe:a9fe",  # IPv4-translated 169.254.169.254, the cloud metadata host
    ],
)
def test_ipv6_forms_that_carry_a_private_ipv4_address_are_not_public(address: str) -> None:
    from verifier.http.guard import is_public_address

    assert not is_public_address(address)
    assert is_public_address("::ffff:0:808:808")  # 8.8.8.8 translated stays public
