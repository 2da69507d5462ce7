"""Importing originals from local archives (`verifier import-posts FILE...`).

Each test reads a small file in the shape a real tool writes (tests/fixtures/archives/) and
states the whole records that come out: one Original per readable post, one Problem per
record that cannot be read, and the reading goes on.
"""

from __future__ import annotations

import gzip
import json
import shutil
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verifier.models import Original, Outcome, Problem
from verifier.sources.archives import Format, read_archive, sniff_format
from verifier.text.dates import parse_date
from verifier.text.repair import html_to_text, repair_text

FIXTURES = Path(__file__).parent / "fixtures" / "archives"
SEED_TEXT = (
    "@GRDecter OpenAI was created as an open source (which is why I named it “Open” AI), "
    "non-profit company to serve as a counterweight to Google, but now it has become a closed "
    "source, maximum-profit company effectively controlled by Microsoft.\n\n"
    "Not what I intended at all."
)


def read(path: Path, platform: str | None = None) -> tuple[list[Original], list[Problem]]:
    items = list(read_archive(path, platform=platform))
    return (
        [item for item in items if isinstance(item, Original)],
        [item for item in items if isinstance(item, Problem)],
    )


def line_of(path: Path, number: int) -> str:
    """A line of a file as stored, without its line end: what `Original.raw` keeps."""
    return path.read_text(encoding="utf-8").splitlines()[number - 1]


def row(**cells: str) -> str:
    """A CSV row as `Original.raw` keeps it: a JSON object in header order."""
    return json.dumps(cells, ensure_ascii=False)


def at(year: int, month: int, day: int, hour: int, minute: int, second: int) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


# snscrape JSONL


def test_the_seed_post_from_snscrape_jsonl() -> None:
    path = FIXTURES / "snscrape-new.jsonl"
    originals, _ = read(path)
    assert originals[0] == Original(
        platform="twitter",
        post_id="1626516035863212034",
        text=SEED_TEXT,
        author_handle="elonmusk",
        author_name="Elon Musk",
        created_at=at(2023, 2, 17, 9, 36, 56),
        url="https://twitter.com/elonmusk/status/1626516035863212034",
        language="en",
        raw_text=SEED_TEXT,
        reply_to="1626495766640644096",
        is_reply=True,
        provenance=f"{path}:1",
        outcome=Outcome.AVAILABLE,
        raw=line_of(path, 1),
    )


def test_snscrape_items_of_other_platforms_take_the_platform_from_their_type() -> None:
    path = FIXTURES / "snscrape-new.jsonl"
    originals, problems = read(path)
    assert originals[1:] == [
        Original(
            platform="twitter",
            post_id="1626600000000000001",
            is_reply=False,
            text="Launch window opens at 6:34am ET & closes at 6:49am ET.",
            raw_text="Launch window opens at 6:34am ET &amp; closes at 6:49am ET.",
            author_handle="NASA",
            author_name="NASA",
            created_at=at(2023, 2, 17, 15, 10, 1),
            url="https://twitter.com/NASA/status/1626600000000000001",
            language="en",
            provenance=f"{path}:2",
            raw=line_of(path, 2),
        ),
        Original(
            platform="mastodon",
            post_id="109876543210987654",
            text="First paragraph.\n\nSecond paragraph.",
            raw_text="First paragraph.\n\nSecond paragraph.",
            author_handle="alice@social.example",
            author_name="Alice",
            created_at=at(2023, 2, 18, 8, 0, 0),
            url="https://social.example/@alice/109876543210987654",
            provenance=f"{path}:3",
            raw=line_of(path, 3),
        ),
        # A Telegram post has no id field: the id is the URL's `channel/number`, since
        # message numbers count within a channel.
        Original(
            platform="telegram",
            post_id="examplechannel/1042",
            text="Channel news: the bridge is open again.",
            raw_text="Channel news: the bridge is open again.",
            author_handle="examplechannel",
            created_at=at(2023, 2, 19, 12, 30, 0),
            url="https://t.me/examplechannel/1042",
            provenance=f"{path}:4",
            raw=line_of(path, 4),
        ),
    ]
    # A profile scrape writes User items in the same stream: not posts.
    assert problems == [
        Problem(str(path), "import", "not a post: a snscrape.modules.twitter.User item", line=5)
    ]


def test_old_snscrape_jsonl_with_content_and_a_top_level_username() -> None:
    path = FIXTURES / "snscrape-old.jsonl"
    assert read(path) == (
        [
            # No `_type` in the oldest files: the platform comes from the URL.
            Original(
                platform="twitter",
                post_id="20",
                text="just setting up my twttr",
                raw_text="just setting up my twttr",
                author_handle="jack",
                created_at=at(2006, 3, 21, 20, 50, 14),
                url="https://twitter.com/jack/status/20",
                provenance=f"{path}:1",
                raw=line_of(path, 1),
            ),
            Original(
                platform="twitter",
                post_id="1213000000000000000",
                text="Happy new year from orbit!",
                raw_text="Happy new year from orbit!",
                author_handle="NASA",
                author_name="NASA",
                created_at=at(2020, 1, 3, 8, 0, 0),
                url="https://twitter.com/NASA/status/1213000000000000000",
                language="en",
                provenance=f"{path}:2",
                raw=line_of(path, 2),
            ),
        ],
        [],
    )


def test_a_damaged_jsonl_gives_a_problem_per_bad_line_and_reads_the_rest() -> None:
    path = FIXTURES / "snscrape-damaged.jsonl"
    originals, problems = read(path)
    assert [(o.post_id, o.text, o.provenance) for o in originals] == [
        ("1631000000000000001", "The first post.", f"{path}:1"),
        ("1631000000000000004", "The fourth line.", f"{path}:4"),
    ]
    source = str(path)
    assert problems == [
        Problem(source, "import", "not JSON: Expecting value: line 1 column 1 (char 0)", 2),
        Problem(source, "import", "no text", 5),
        Problem(source, "import", "bad date 'yesterday'", 6),
        Problem(source, "import", "no post id: neither an id nor a post URL", 7),
        Problem(
            source,
            "import",
            "truncated: the last line is not complete JSON (Unterminated string starting at: "
            "line 1 column 52 (char 51)); the file was cut short",
            8,
        ),
    ]


# CSV and TSV exports


def test_a_dirty_csv_export() -> None:
    """BOM, CRLF, mojibake, escaped entities, Twitter API dates, authors only in URLs."""
    path = FIXTURES / "export-dirty.csv"
    originals, problems = read(path)
    assert originals == [
        Original(
            platform="twitter",
            post_id="1626516035863212034",
            text="@GRDecter It’s not what I intended & never was.",
            raw_text="@GRDecter Itâ€™s not what I intended &amp; never was.",
            author_handle="elonmusk",
            author_name="Elon Musk",
            created_at=at(2023, 2, 17, 9, 36, 56),
            url="https://twitter.com/elonmusk/status/1626516035863212034",
            language="en",
            provenance=f"{path}:2",
            raw=row(
                tweet_id="1626516035863212034",
                created_at="Fri Feb 17 09:36:56 +0000 2023",
                text="@GRDecter Itâ€™s not what I intended &amp; never was.",
                screen_name="elonmusk",
                name="Elon Musk",
                tweet_url="https://twitter.com/elonmusk/status/1626516035863212034",
                lang="en",
            ),
        ),
        # The author from an x.com URL with a query string; `&amp;amp;` escaped twice.
        Original(
            platform="twitter",
            post_id="1626600000000000001",
            text="Launch window opens at 6:34am ET & closes at 6:49am ET.",
            raw_text="Launch window opens at 6:34am ET &amp;amp; closes at 6:49am ET.",
            author_handle="NASA",
            created_at=at(2023, 2, 17, 15, 10, 1),
            url="https://twitter.com/NASA/status/1626600000000000001",
            language="en",
            provenance=f"{path}:3",
            raw=row(
                tweet_id="1626600000000000001",
                created_at="Fri Feb 17 15:10:01 +0000 2023",
                text="Launch window opens at 6:34am ET &amp;amp; closes at 6:49am ET.",
                screen_name="",
                name="",
                tweet_url="https://x.com/NASA/status/1626600000000000001?s=20",
                lang="en",
            ),
        ),
        # A quoted text on two lines; the id and author only in a mobile /statuses/ URL; the
        # date in epoch milliseconds.
        Original(
            platform="twitter",
            post_id="1626600000000000002",
            text='Quoted, with commas, and a "quote"\non two lines.',
            raw_text='Quoted, with commas, and a "quote"\non two lines.',
            author_handle="nasa",
            created_at=at(2023, 2, 17, 15, 10, 1),
            url="https://twitter.com/nasa/status/1626600000000000002",
            provenance=f"{path}:4",
            raw=row(
                tweet_id="",
                created_at="1676646601000",
                text='Quoted, with commas, and a "quote"\non two lines.',
                screen_name="",
                name="",
                tweet_url="https://mobile.twitter.com/nasa/statuses/1626600000000000002/photo/1",
                lang="",
            ),
        ),
        # Correct text is never "repaired"; /i/web/status/ names no author.
        Original(
            platform="twitter",
            post_id="1626600000000000004",
            text="naïve café “quotes”",
            raw_text="naïve café “quotes”",
            created_at=at(2023, 2, 17, 15, 30, 0),
            url="https://twitter.com/i/web/status/1626600000000000004",
            language="fr",
            provenance=f"{path}:7",
            raw=row(
                tweet_id="1626600000000000004",
                created_at="2023-02-17 15:30:00",
                text="naïve café “quotes”",
                screen_name="",
                name="",
                tweet_url="https://twitter.com/i/web/status/1626600000000000004",
                lang="fr",
            ),
        ),
    ]
    assert problems == [
        Problem(str(path), "import", "no text", line=6),
        # A spreadsheet that held the id as a number rounded it.
        Problem(
            str(path),
            "import",
            "the id 1.6266E+18 and the URL's id 1626600000000000005 differ",
            line=8,
        ),
    ]


def test_a_tsv_export() -> None:
    path = FIXTURES / "export.tsv"
    header = ("id", "Date", "Text", "Username", "Permalink")
    lines = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()]
    assert read(path) == (
        [
            Original(
                platform="twitter",
                post_id="1626700000000000001",
                text="Tabs, not commas, in this export.",
                raw_text="Tabs, not commas, in this export.",
                author_handle="Reuters",
                created_at=at(2023, 2, 18, 7, 0, 0),
                url="https://twitter.com/Reuters/status/1626700000000000001",
                provenance=f"{path}:2",
                raw=row(**dict(zip(header, lines[1], strict=True))),
            ),
            Original(
                platform="twitter",
                post_id="1626700000000000002",
                text="A naive time, taken as UTC.",
                raw_text="A naive time, taken as UTC.",
                author_handle="Reuters",
                created_at=at(2023, 2, 18, 8, 0, 0),
                url="https://twitter.com/Reuters/status/1626700000000000002",
                provenance=f"{path}:3",
                raw=row(**dict(zip(header, lines[2], strict=True))),
            ),
        ],
        [],
    )


def test_a_cp1252_csv_is_read_and_the_encoding_is_reported() -> None:
    path = FIXTURES / "export-cp1252.csv"
    text = "Café prices rose 5€ ’til March."
    assert read(path) == (
        [
            Original(
                platform="twitter",
                post_id="1626800000000000001",
                text=text,
                raw_text=text,
                author_handle="lemonde",
                created_at=at(2023, 2, 18, 9, 0, 0),
                url="https://twitter.com/lemonde/status/1626800000000000001",
                provenance=f"{path}:2",
                raw=row(
                    id="1626800000000000001",
                    timestamp="1676710800",
                    body=text,
                    handle="lemonde",
                    link="https://twitter.com/lemonde/status/1626800000000000001",
                ),
            )
        ],
        [Problem(str(path), "import", "not UTF-8: read as cp1252", severity="warning")],
    )


def test_a_line_in_another_encoding_is_read_and_reported(tmp_path: Path) -> None:
    """The encoding is guessed from the first 64 KiB; a later line that is not UTF-8 (pasted
    from Word) is read as cp1252, and said so."""
    path = tmp_path / "mixed.csv"
    rows = b"".join(
        b"https://twitter.com/a/status/%d,UTF-8 \xe2\x80\x94 fine\n" % n for n in range(2000)
    )
    path.write_bytes(
        b"url,text\n" + rows + b"https://twitter.com/a/status/9,from Word \x93here\x94\n"
    )
    originals, problems = read(path)
    assert {o.text for o in originals[:-1]} == {"UTF-8 — fine"}
    assert originals[-1].text == originals[-1].raw_text == "from Word “here”"
    assert problems == [
        Problem(
            str(path),
            "import",
            "not UTF-8: the line was read as cp1252",
            line=2002,
            severity="warning",
        )
    ]


def test_a_utf16_export_from_excel(tmp_path: Path) -> None:
    path = tmp_path / "unicode-text.txt"
    path.write_text("URL\tTweet\nhttps://x.com/a/status/7\tUnicode text ✓\n", encoding="utf-16")
    originals, problems = read(path)
    assert [(o.post_id, o.text) for o in originals] == [("7", "Unicode text ✓")]
    assert problems == []


def test_a_csv_without_urls_needs_the_platform(tmp_path: Path) -> None:
    path = tmp_path / "ids.csv"
    path.write_text("status_id,timestamp,message\n1626516035863212034,1676626616,Hello\n")
    message = "cannot tell the platform; pass --platform"
    assert read(path) == ([], [Problem(str(path), "import", message, line=1)])
    originals, problems = read(path, platform="twitter")
    assert originals == [
        Original(
            platform="twitter",
            post_id="1626516035863212034",
            text="Hello",
            raw_text="Hello",
            created_at=at(2023, 2, 17, 9, 36, 56),
            url="https://twitter.com/i/web/status/1626516035863212034",
            provenance=f"{path}:2",
            raw=row(status_id="1626516035863212034", timestamp="1676626616", message="Hello"),
        )
    ]
    assert problems == []


def test_a_csv_that_is_not_a_post_export(tmp_path: Path) -> None:
    path = tmp_path / "budget.csv"
    path.write_text("item,amount\nrent,900\n")
    message = "not a post export: the header (item, amount) names no text and no id or URL column"
    [problem] = read(path)[1]
    assert read(path)[0] == [] and problem.message.startswith(message)
    # The names it would have taken, so that a user can rename a column.
    assert "text: text, content" in problem.message and "tweet_url" in problem.message


def test_a_row_with_too_many_fields(tmp_path: Path) -> None:
    path = tmp_path / "unquoted.csv"
    path.write_text("url,text\nhttps://x.com/a/status/1,one, two\nhttps://x.com/a/status/2,ok\n")
    originals, problems = read(path)
    assert [o.post_id for o in originals] == ["2"]
    assert problems == [Problem(str(path), "import", "3 fields where the header has 2", line=2)]


@pytest.mark.parametrize(
    ("url", "handle", "canonical"),
    [
        ("https://twitter.com/elonmusk/status/9", "elonmusk", "https://twitter.com/elonmusk/status/9"),
        ("https://x.com/ElonMusk/status/9?s=20&t=abc", "ElonMusk", "https://twitter.com/ElonMusk/status/9"),
        ("https://mobile.twitter.com/a_b/status/9", "a_b", "https://twitter.com/a_b/status/9"),
        ("http://twitter.com/a_b/statuses/9", "a_b", "https://twitter.com/a_b/status/9"),
        ("https://twitter.com/i/web/status/9", None, "https://twitter.com/i/web/status/9"),
    ],
)  # fmt: skip
def test_the_author_and_id_may_come_only_from_the_url(
    tmp_path: Path, url: str, handle: str | None, canonical: str
) -> None:
    path = tmp_path / "links.csv"
    path.write_text(f"link,full_text\n{url},A post.\n")
    originals, _ = read(path)
    assert [(o.post_id, o.author_handle, o.url) for o in originals] == [("9", handle, canonical)]


# JSON documents: the X account archive and the Mastodon export


def test_an_x_archive_with_its_account_file() -> None:
    path = FIXTURES / "x-archive" / "data" / "tweets.js"
    items = json.loads(path.read_text(encoding="utf-8").split("=", 1)[1])
    originals, problems = read(path)
    assert originals == [
        Original(
            platform="twitter",
            post_id="1500000000000000001",
            is_reply=False,
            text="Our new report is out & free to read.",
            raw_text="Our new report is out &amp; free to read.",
            author_handle="example_user",
            author_name="Example User",
            created_at=at(2022, 3, 5, 9, 0, 0),
            url="https://twitter.com/example_user/status/1500000000000000001",
            language="en",
            display_start=0,
            provenance=f"{path}#0",
            raw=json.dumps(items[0], ensure_ascii=False),
        ),
        # A reply: the shown text starts after its leading @mention.
        Original(
            platform="twitter",
            post_id="1500000000000000002",
            text="@someone Thanks, fixed in the new version.",
            raw_text="@someone Thanks, fixed in the new version.",
            author_handle="example_user",
            author_name="Example User",
            created_at=at(2022, 3, 5, 10, 30, 0),
            url="https://twitter.com/example_user/status/1500000000000000002",
            language="en",
            reply_to="1499999999999999999",
            is_reply=True,
            display_start=9,
            provenance=f"{path}#1",
            raw=json.dumps(items[1], ensure_ascii=False),
        ),
    ]
    assert problems == [Problem(str(path), "import", "item #2: no text")]


def test_an_x_archive_without_its_account_file_leaves_the_author_empty(tmp_path: Path) -> None:
    path = tmp_path / "tweets.js"
    shutil.copy(FIXTURES / "x-archive" / "data" / "tweets.js", path)
    originals, _ = read(path)
    assert [(o.author_handle, o.author_name, o.url) for o in originals] == [
        (None, None, "https://twitter.com/i/web/status/1500000000000000001"),
        (None, None, "https://twitter.com/i/web/status/1500000000000000002"),
    ]


def test_an_x_archive_cut_short_gives_the_tweets_before_the_cut(tmp_path: Path) -> None:
    whole = (FIXTURES / "x-archive" / "data" / "tweets.js").read_text(encoding="utf-8")
    path = tmp_path / "tweets.js"
    path.write_text(whole[: whole.index('"1500000000000000002"')], encoding="utf-8")
    originals, problems = read(path)
    assert [o.post_id for o in originals] == ["1500000000000000001"]
    assert len(problems) == 1
    assert problems[0].message.startswith("item #1 is not valid JSON (")
    assert problems[0].message.endswith("): reading stopped there (is the file cut short?)")


def test_another_file_of_an_x_archive_is_not_taken_for_tweets() -> None:
    path = FIXTURES / "x-archive" / "data" / "account.js"
    message = "an X archive file holding account, not tweets: import data/tweets.js"
    assert read(path) == ([], [Problem(str(path), "import", message)])


def test_a_mastodon_outbox() -> None:
    path = FIXTURES / "mastodon" / "outbox.json"
    activities = json.loads(path.read_text(encoding="utf-8"))["orderedItems"]
    assert read(path) == (
        [
            Original(
                platform="mastodon",
                post_id="109876543210987654",
                is_reply=False,
                text=("Hello @bob & friends!\nSecond line.\n\nSee https://example.com/a/long/path"),
                raw_text=activities[0]["object"]["content"],
                author_handle="alice@social.example",
                created_at=at(2023, 2, 18, 8, 0, 0),
                url="https://social.example/@alice/109876543210987654",
                language="en",
                provenance=f"{path}#0",
                raw=json.dumps(activities[0], ensure_ascii=False),
            ),
            # #1 is a boost (Announce) of someone else's post: passed over.
            Original(
                platform="mastodon",
                post_id="109876543210987800",
                text='Agreed, "quoted" as it was.',
                raw_text="<p>Agreed, &quot;quoted&quot; as it was.</p>",
                author_handle="alice@social.example",
                created_at=at(2023, 2, 18, 10, 0, 0),
                url="https://social.example/@alice/109876543210987800",
                language="en",
                reply_to="https://other.example/users/bob/statuses/109876543210987777",
                is_reply=True,
                provenance=f"{path}#2",
                raw=json.dumps(activities[2], ensure_ascii=False),
            ),
        ],
        [],
    )


def test_a_json_array_of_posts(tmp_path: Path) -> None:
    path = tmp_path / "tweets.json"
    post = {"id": 20, "url": "https://twitter.com/jack/status/20", "content": "just setting up"}
    path.write_text(json.dumps([post]))
    originals, problems = read(path)
    assert [(o.post_id, o.author_handle, o.text, o.provenance) for o in originals] == [
        ("20", "jack", "just setting up", f"{path}#0")
    ]
    assert problems == []


# Files that hold no posts


def _binary(path: Path) -> None:
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("missing.jsonl", lambda path: None, "no such file"),
        ("folder", lambda path: path.mkdir(), "a directory, not a file: pass the files in it"),
        ("empty.csv", lambda path: path.write_bytes(b""), "an empty file"),
        ("blank.csv", lambda path: path.write_bytes(b"\xef\xbb\xbf \r\n\n"), "an empty file"),
        ("image.csv", _binary, "a binary file, not text"),
        (
            "posts.jsonl.gz",
            lambda path: path.write_bytes(gzip.compress(b'{"id": 1}\n')),
            "a gzip-compressed file: decompress it first",
        ),
    ],
)
def test_a_file_that_holds_no_posts_gives_one_problem(
    tmp_path: Path, name: str, make: Callable[[Path], object], message: str
) -> None:
    path = tmp_path / name
    make(path)
    assert list(read_archive(path)) == [Problem(str(path), "import", message)]


@pytest.mark.parametrize(
    ("name", "records", "line", "message"),
    [
        (
            "posts.csv",
            b"url,text\nhttps://twitter.com/a/status/5,damaged\x00text\n"
            b"https://twitter.com/a/status/6,fine text\n",
            2,
            "a NUL byte in the row: damaged, not read",
        ),
        (
            "posts.jsonl",
            b'{"url": "https://twitter.com/a/status/5", "content": "damaged\x00text"}\n'
            b'{"url": "https://twitter.com/a/status/6", "content": "fine text"}\n',
            1,
            "not JSON: Invalid control character",
        ),
    ],
)
def test_a_stray_nul_byte_loses_its_record_only(
    tmp_path: Path, name: str, records: bytes, line: int, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(records)
    originals, problems = read(path)
    assert [(o.post_id, o.text) for o in originals] == [("6", "fine text")]
    assert [(p.line, p.message[: len(message)]) for p in problems] == [(line, message)]


# Sniffing, repair and dates


def test_the_format_comes_from_the_content_not_the_extension(tmp_path: Path) -> None:
    path = tmp_path / "looks-like.csv"
    shutil.copy(FIXTURES / "snscrape-old.jsonl", path)
    originals, problems = read(path)
    assert [o.post_id for o in originals] == ["20", "1213000000000000000"]
    assert problems == []


@pytest.mark.parametrize(
    ("sample", "kind"),
    [
        ('{"_type": "snscrape.modules.twitter.Tweet", "id": 1}\n{"id": 2}\n', Format.JSONL),
        ('{\n  "@context": "...",\n  "type": "OrderedCollection",\n', Format.OUTBOX),
        ('{"@context":"...","type":"OrderedCollection","orderedItems":[]}', Format.OUTBOX),
        ('{"@context":"...","type":"OrderedCollection","orderedItems":[{"id', Format.OUTBOX),
        ("window.YTD.tweets.part0 = [", Format.X_ARCHIVE),
        ('[{"tweet": {}}]', Format.JSON_ARRAY),
        ("id,date,text\n", Format.TABLE),
    ],
)
def test_sniff_format(sample: str, kind: Format) -> None:
    assert sniff_format(sample) is kind


@pytest.mark.parametrize(
    ("stored", "repaired"),
    [
        ("It\u00e2\u20ac\u2122s", "It’s"),  # UTF-8 read as cp1252 and saved again
        ("Ã©tÃ© Ã  Paris", "été à Paris"),
        ("Tom &amp; Jerry", "Tom & Jerry"),
        ("Tom &amp;amp; Jerry", "Tom & Jerry"),  # escaped twice
        ("&lt;3 &#8220;hi&#x201D;", "<3 “hi”"),
        # Correct text stays as it is:
        ("naïve café “quotes”", "naïve café “quotes”"),
        ("ｆｕｌｌ width, ﬁ ligature", "ｆｕｌｌ width, ﬁ ligature"),
        ("AT&T ?a=1&copy=2", "AT&T ?a=1&copy=2"),  # no `;`: not an entity
        ("¯\\_(ツ)_/¯ São Paulo", "¯\\_(ツ)_/¯ São Paulo"),
        ("two\r\nlines", "two\r\nlines"),
    ],
)
def test_repair_text(stored: str, repaired: str) -> None:
    assert repair_text(stored) == repaired


@pytest.mark.parametrize(
    "value",
    [
        "2023-02-17T09:36:56+00:00",
        "2023-02-17T09:36:56Z",
        "2023-02-17T09:36:56.000Z",
        "2023-02-17 09:36:56+00:00",
        "2023-02-17 09:36:56",  # naive: taken as UTC
        "2023-02-17 09:36:56 UTC",
        "2023-02-17 10:36:56 +0100",
        "2023-02-17T04:36:56-05:00",
        "Fri Feb 17 09:36:56 +0000 2023",
        "1676626616",
        "1676626616000",
        1676626616,
        1676626616000,
    ],
)
def test_parse_date(value: str | int) -> None:
    assert parse_date(value) == at(2023, 2, 17, 9, 36, 56)


@pytest.mark.parametrize(
    "value", ["yesterday", "17/02/2023 09:36", "Fri Foo 17 09:36:56 +0000 2023"]
)
def test_parse_date_refuses_what_it_cannot_read(value: str) -> None:
    with pytest.raises(ValueError):
        parse_date(value)


def test_html_to_text() -> None:
    markup = "<p>One<br>two &amp; <a href='https://x.example'>three</a></p><p>Four</p>"
    assert html_to_text(markup) == "One\ntwo & three\n\nFour"


# Robustness: whatever the bytes, records or problems come out, never an exception


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=600))
def test_any_bytes_give_records_or_problems(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "any"
        path.write_bytes(data)
        assert all(isinstance(item, Original | Problem) for item in read_archive(path))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=40), max_size=8), st.sampled_from([",", "\t", "\n"]))
def test_any_text_after_a_post_header_gives_records_or_problems(
    cells: list[str], joiner: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "posts.csv"
        path.write_text("url,date,text\n" + joiner.join(cells), encoding="utf-8")
        assert all(isinstance(item, Original | Problem) for item in read_archive(path))
