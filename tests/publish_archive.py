"""The archive the publishing tests browse: the seed, an altered quote, a hostile article, and a
post that is gone. Built by the tests themselves, from articles in the shapes real pages have.

- the seed article and its original (`seeds/`): verified;
- `altered.html`, published on the web (it names its canonical URL), quotes the seed's post
  with "maximum-profit" turned into "non-profit" and a clause dropped: altered;
- `hostile.html` carries script in everything it shows: the quoted text, the author's name, the
  post's link and its own canonical URL (`javascript:`), its title; its original
  (`originals.jsonl`) carries more: a mismatch;
- `gone.html` quotes a post since deleted (a web archive kept a capture of it), and a post no
  archive knows (pending, offline).
"""

from __future__ import annotations

import json
from pathlib import Path

import sqlite_utils
from conftest import ROOT, SEED_TEXT, article_page, tweet_blockquote

from verifier.models import Original, Outcome
from verifier.pipeline.verify import VerifyOptions, verify
from verifier.store import open_db
from verifier.store.connection import fold_wal
from verifier.store.imported import record_imported
from verifier.store.schema import ensure_shape

SEEDS = ROOT / "seeds"
SEED_POST = "twitter:1626516035863212034"

ALTERED_TEXT = SEED_TEXT.replace("maximum-profit", "non-profit").replace(
    ", but now it has become a closed source", ""
)

# Each payload would run if any of it reached the page as markup: alert() opens a dialog.
HOSTILE_TEXT = (
    "<script>alert('text')</script> <img src=x onerror=alert('img')>"
    " Read more: javascript:alert('js')"
)
HOSTILE_NAME = "<img src=x onerror=alert`name`>"  # no parentheses: they end an embed's name
HOSTILE_TITLE = "<script>alert('title')</script>"
HOSTILE_URL = "javascript:alert(document.domain)"
HOSTILE_POST = "666000"
HOSTILE_ORIGINAL = {
    "_type": "snscrape.modules.twitter.Tweet",
    "url": f"https://twitter.com/mallory/status/{HOSTILE_POST}",
    "date": "2023-03-01T10:00:00+00:00",
    "rawContent": "<svg onload=alert('svg')> the words Mallory really posted",
    "id": int(HOSTILE_POST),
    "user": {"username": "mallory", "displayname": "<script>alert('display')</script>"},
    "lang": "en",
}

GONE_POST = "777000"
GONE_TEXT = "A post its author has since deleted."
UNKNOWN_POST = "888000"
CAPTURE_URL = (
    f"https://web.archive.org/web/20230302080000id_/https://twitter.com/goner/status/{GONE_POST}"
)
ALTERED_URL = "https://www.example-news.com/2023/03/musk-openai"


def _with_canonical(page: str, url: str) -> str:
    return page.replace("</head>", f'<link rel="canonical" href="{url}"></head>', 1)


def write_articles(folder: Path) -> Path:
    """The test articles and the hostile post's original, as files a user would point at."""
    folder.mkdir(parents=True, exist_ok=True)
    altered = article_page(tweet_blockquote(ALTERED_TEXT), title="Musk regrets OpenAI")
    (folder / "altered.html").write_text(_with_canonical(altered, ALTERED_URL), encoding="utf-8")
    hostile = tweet_blockquote(
        HOSTILE_TEXT, name=HOSTILE_NAME, handle="mallory", post_id=HOSTILE_POST
    ).replace(  # the post's link as a hostile page would write it
        f"https://twitter.com/mallory/status/{HOSTILE_POST}?ref_src=twsrc%5Etfw",
        f"{HOSTILE_URL}//twitter.com/mallory/status/{HOSTILE_POST}",
    )
    page = article_page(hostile, title=HOSTILE_TITLE.replace("<", "&lt;"))
    (folder / "hostile.html").write_text(
        _with_canonical(page, "javascript:alert('canonical')"), encoding="utf-8"
    )
    (folder / "gone.html").write_text(
        article_page(
            tweet_blockquote(GONE_TEXT, name="Gone", handle="goner", post_id=GONE_POST)
            + tweet_blockquote("Nobody kept this one.", handle="goner", post_id=UNKNOWN_POST),
            title="A quote outliving its post",
        ),
        encoding="utf-8",
    )
    (folder / "originals.jsonl").write_text(json.dumps(HOSTILE_ORIGINAL) + "\n", encoding="utf-8")
    return folder


def save_known_originals(db: sqlite_utils.Database) -> None:
    """A post known to be deleted, as a fetcher or an earlier run recorded it; and a post of
    Elon Musk's that no article quotes."""
    record_imported(
        db,
        Original(
            platform="twitter",
            post_id="1626000000000000000",
            text="A post no article quotes.",
            author_handle="elonmusk",
            url="https://twitter.com/elonmusk/status/1626000000000000000",
            provenance="tests:unquoted",
        ),
    )
    record_imported(
        db,
        Original(
            platform="twitter",
            post_id=GONE_POST,
            text=GONE_TEXT,
            author_handle="goner",
            url=f"https://twitter.com/goner/status/{GONE_POST}",
            outcome=Outcome.DELETED,
            reason="This post was deleted by the post author.",
            provenance="tests:gone",
        ),
    )


def save_hostile_original(db: sqlite_utils.Database) -> None:
    """What the importers would never store, stored anyway: a `javascript:` URL for the post,
    script in its author's name and raw record. Detectors and importers keep only http(s) post
    URLs today; the pages must not rely on it."""
    record_imported(
        db,
        Original(
            platform="twitter",
            post_id=HOSTILE_POST,
            text=str(HOSTILE_ORIGINAL["rawContent"]),
            author_handle="mallory",
            author_name="<script>alert('display')</script>",
            url=HOSTILE_URL,
            provenance=HOSTILE_URL,
            raw=json.dumps({**HOSTILE_ORIGINAL, "url": HOSTILE_URL}),
        ),
    )


def save_capture(db: sqlite_utils.Database) -> None:
    """The Wayback Machine's capture of the gone post, in the rows `verifier.store.evidence` writes
    for one: a source with `archived_at`, and a version of the post's text from it."""
    ensure_shape(db)
    db.table("sources").insert(
        {
            "id": "wayback-capture",
            "kind": "archive",
            "location": CAPTURE_URL,
            "fetcher": "wayback",
            "at": "2026-01-05T10:00:00+00:00",
            "http_status": 200,
            "archived_at": "2023-03-02T08:00:00+00:00",
        },
        pk="id",
    )
    db.table("post_versions").insert(
        {
            "id": "wayback-version",
            "post_key": f"twitter:{GONE_POST}",
            "text": GONE_TEXT,
            "origin": "archive",
            "archived_at": "2023-03-02T08:00:00+00:00",
            "source_id": "wayback-capture",
        },
        pk="id",
    )


def build_archive(path: Path, articles: Path) -> sqlite_utils.Database:
    """The whole archive, through the calls `verifier verify` makes."""
    db = open_db(path)
    save_known_originals(db)
    verify([str(SEEDS), str(write_articles(articles))], db=db, options=VerifyOptions(offline=True))
    save_hostile_original(db)
    save_capture(db)
    fold_wal(db)  # as `verifier serve` does before Datasette opens the file as immutable
    return db
