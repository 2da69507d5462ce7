"""Datasette metadata and configuration for the archive, generated from one place.

Everything Datasette is told about the archive is declared once, in this package: what each
column means (`columns.py`), what each status means (`labels.py`), the stored queries
(`queries.py`), and here each table's title, facets, sort order, label column and full-text
search, the settings and the plugin's settings. The builders below shape it for the Datasette
that will read it:

- Datasette 0.65 reads all of it from one metadata file (`build_metadata`);
- Datasette 1.0 reads descriptions from the metadata file and everything that configures
  behaviour (table options, stored queries, plugin settings) from `datasette.yaml`
  (`build_datasette_1`).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from verifier.publish.columns import (
    ARTICLE_COLUMNS,
    CAPTURE_QUOTE_COLUMNS,
    EMBED_COLUMNS,
    FETCH_COLUMNS,
    FINDINGS_COLUMNS,
    HISTORY_COLUMNS,
    LEDGER_BODY_COLUMNS,
    LEDGER_COLUMNS,
    LEDGER_SIGNATURE_COLUMNS,
    LEDGER_VERDICT_COLUMNS,
    PAYLOAD_COLUMNS,
    POST_COLUMNS,
    PROBLEM_COLUMNS,
    QUOTE_COLUMNS,
    SOURCE_COLUMNS,
    VERDICT_COLUMNS,
    VERSION_COLUMNS,
)
from verifier.publish.labels import status_description
from verifier.publish.queries import QUERIES

PLUGIN = "verifier"  # the plugin's name in Datasette: the distribution's name
DEFAULT_DATABASE = "archive"  # Datasette names a database after its file: archive.db
TITLE = "verifier archive"
DESCRIPTION = (
    "Social-media posts that articles embed or quote, matched to their originals, with a verdict"
    " on each."
)

# Datasette settings: long texts are cut in tables (a verdict's page shows them whole).
SETTINGS: dict[str, Any] = {"truncate_cells_html": 300}

# Table options that configure behaviour: Datasette 1.0 reads these from datasette.yaml.
CONFIG_KEYS = (
    "facets",
    "sort",
    "sort_desc",
    "label_column",
    "fts_table",
    "fts_pk",
    "searchmode",
    "hidden",
)


@dataclass(frozen=True)
class Table:
    """What Datasette is told about one table or view."""

    title: str
    description: str
    columns: dict[str, str]
    facets: tuple[str, ...] = ()
    sort: str | None = None
    sort_desc: str | None = None
    label_column: str | None = None
    fts_table: str | None = None
    fts_pk: str | None = None
    searchmode: str | None = None
    hidden: bool = False

    def descriptive(self) -> dict[str, Any]:
        return {"title": self.title, "description": self.description, "columns": self.columns}

    def configuration(self) -> dict[str, Any]:
        values = {key: getattr(self, key) for key in CONFIG_KEYS}
        values["facets"] = list(self.facets)
        return {key: value for key, value in values.items() if value}


TABLES: dict[str, Table] = {
    "findings": Table(
        title="Quotes and verdicts",
        description="Start here: every post an article shows, worst first, with its verdict and"
        " what differs. Open a row's verdict to read both texts side by side, or its article"
        " to read every post it shows.",
        columns=FINDINGS_COLUMNS,
        facets=("status", "platform", "site"),
        sort="severity",
        fts_table="quotes_fts",
        fts_pk="embed_rowid",
    ),
    "quotes": Table(
        title="Quotes and verdicts, every column",
        description="Every post an article shows, beside its original, with a verdict and"
        " every column the archive has on it.",
        columns=QUOTE_COLUMNS,
        facets=("status", "platform", "author_handle", "site"),
        sort="article",
        fts_table="quotes_fts",
        fts_pk="embed_rowid",
    ),
    "capture_quotes": Table(
        title="Quotes of every capture",
        description="As quotes, for every capture of every article: a page read twice with"
        " different bytes (two crawls, an edit) keeps both, quotes shows the latest.",
        columns=CAPTURE_QUOTE_COLUMNS,
        facets=("status", "is_latest", "site"),
        sort="article",
        fts_table="quotes_fts",
        fts_pk="embed_rowid",
    ),
    "articles": Table(
        title="Articles",
        description="Each capture of an article: file or URL, when and how it was read.",
        columns=ARTICLE_COLUMNS,
        facets=("language", "is_html"),
        sort_desc="checked_at",
        label_column="source",
    ),
    "embeds": Table(
        title="Detected posts",
        description="Posts found in articles: embeds, text remnants and links.",
        columns=EMBED_COLUMNS,
        facets=("platform", "kind", "author_handle"),
        sort="article_id",
        label_column="post_url",
        fts_table="embeds_fts",
    ),
    "posts": Table(
        title="Originals",
        description="Posts as their platforms published them, with provenance.",
        columns=POST_COLUMNS,
        facets=("platform", "outcome", "author_handle"),
        sort_desc="created_at",
        label_column="url",
        fts_table="posts_fts",
    ),
    "verdicts": Table(
        title="Verdicts",
        description="The judgement on each detected post. " + status_description(),
        columns=VERDICT_COLUMNS,
        facets=("status",),
        sort_desc="checked_at",
    ),
    "sources": Table(
        title="Provenance",
        description="Where each original came from: file and line, or fetch.",
        columns=SOURCE_COLUMNS,
        facets=("kind",),
        sort_desc="at",
        label_column="location",
    ),
    "payloads": Table(
        title="Raw payloads",
        description="Raw records and responses, stored once by SHA-256.",
        columns=PAYLOAD_COLUMNS,
        facets=("content_type",),
    ),
    "problems": Table(
        title="Problems",
        description="Bad input met by a run: the input, the stage and why.",
        columns=PROBLEM_COLUMNS,
        facets=("stage", "severity"),
        sort_desc="last_seen",
    ),
    "fetches": Table(
        title="Requests",
        description="Every request made for a post: URL, time, status, headers kept, the raw"
        " answer (in payloads), the outcome.",
        columns=FETCH_COLUMNS,
        facets=("fetcher", "outcome", "http_status"),
        sort_desc="requested_at",
        label_column="url",
    ),
    "post_versions": Table(
        title="Versions of posts",
        description="Every text a post has had: edits and archived captures are versions,"
        " never overwrites.",
        columns=VERSION_COLUMNS,
        facets=("origin",),
        sort="post_key",
    ),
    "post_history": Table(
        title="History of posts",
        description="What changed between checks: first seen, edited, gone, reappeared.",
        columns=HISTORY_COLUMNS,
        facets=("event", "outcome"),
        sort_desc="at",
    ),
    "ledger": Table(
        title="Ledger of runs",
        description="One entry per run, each holding the hash of the one before:"
        " `verifier audit` checks that nothing stored was changed or removed quietly.",
        columns=LEDGER_COLUMNS,
        facets=("command",),
        sort_desc="seq",
    ),
    "ledger_bodies": Table(
        title="Ledger: bodies",
        description="Each stored body's SHA-256, with the entry that first logged it.",
        columns=LEDGER_BODY_COLUMNS,
        hidden=True,
    ),
    "ledger_verdicts": Table(
        title="Ledger: verdicts",
        description="Each verdict's digest whenever a run changed it.",
        columns=LEDGER_VERDICT_COLUMNS,
        hidden=True,
    ),
    "ledger_signatures": Table(
        title="Ledger: signatures",
        description="Ed25519 signatures of the chain's head (`verifier sign`).",
        columns=LEDGER_SIGNATURE_COLUMNS,
        hidden=True,
    ),
    "images": Table(
        title="Pictures",
        description="Screenshots of posts, kept as evidence: each picture once, by SHA-256.",
        columns={
            "sha256": "SHA-256 of the picture's bytes.",
            "mime": "image/png, image/jpeg or image/webp, from the file's header.",
            "width": "Width in pixels.",
            "height": "Height in pixels.",
            "size": "Size in bytes.",
            "data": "The picture itself.",
        },
        facets=("mime",),
    ),
    "screenshots": Table(
        title="Screenshots read",
        description="What OCR read in each picture of a post, and the post card parsed from"
        " it; the verdict is on the embed.",
        columns={
            "embed_id": "The detected post (embeds.id) the picture became.",
            "article_id": "The article: the picture itself, or the page that shows it.",
            "source": "The picture's path or URL.",
            "found_in": "The page or WARC the picture came with, if any.",
            "image_sha256": "The picture (images.sha256).",
            "engine": "The OCR engine that read it: rapidocr or tesseract.",
            "ocr_lines": "Every line read, with its confidence and box (JSON).",
            "text_confidence": "The least confidence of the post text's lines, 0 to 1.",
            "platform": "The platform whose post card it looks like.",
            "display_name": "The display name shown.",
            "handle": "The handle shown, without @.",
            "date_text": "The date and time line, as read.",
            "day": "The day it names.",
            "text": "The post's text, as read.",
            "counts": "The counts shown (likes, reposts, ...), as read (JSON).",
        },
        facets=("platform", "engine"),
        label_column="source",
    ),
    "article_sites": Table(
        title="Article sites",
        description="Each article's site: the host of its URL without www., or (local file).",
        columns={"article_id": EMBED_COLUMNS["article_id"], "site": QUOTE_COLUMNS["site"]},
        facets=("site",),
    ),
    "_sqlite_migrations": Table(
        title="Migrations",
        description="The schema migrations applied to this archive.",
        columns={
            "id": "The row's number.",
            "migration_set": "The set of migrations: verifier.",
            "name": "The migration's name.",
            "applied_at": "When it was applied.",
        },
        hidden=True,
    ),
}


def _database_url(database: str) -> str:
    from datasette.utils import tilde_encode

    return "/" + tilde_encode(database)


def _home_html(database: str) -> str:
    """The index page's introduction: where a newcomer starts, and the stored queries."""
    base = _database_url(database)
    quotes = TABLES["findings"]
    items = "".join(
        f'<li><a href="{html.escape(f"{base}/{name}")}">{html.escape(query.title)}</a>:'
        f" {html.escape(query.description)}</li>"
        for name, query in QUERIES.items()
    )
    return (
        f"<p>{html.escape(DESCRIPTION)}</p>"
        f'<p><strong>Start here:</strong> <a href="{html.escape(base)}/findings">'
        f"{html.escape(quotes.title)}</a>: every post an article shows, worst first."
        " Open a row&rsquo;s verdict to read the article&rsquo;s text beside the original,"
        " the changed words marked.</p>"
        f"<p>Questions already written:</p><ul>{items}</ul>"
    )


def _queries() -> dict[str, dict[str, str]]:
    return {
        name: {"title": query.title, "description": query.description, "sql": query.sql}
        for name, query in QUERIES.items()
    }


def plugin_settings(database: str) -> dict[str, Any]:
    """The verifier plugin acts only on the database named here."""
    return {PLUGIN: {"database": database}}


def _described(database: str) -> dict[str, Any]:
    return {
        "title": TITLE,
        "description_html": _home_html(database),
        "databases": {
            database: {
                "description": DESCRIPTION,
                "tables": {name: table.descriptive() for name, table in TABLES.items()},
            }
        },
    }


def build_metadata(database: str = DEFAULT_DATABASE) -> dict[str, Any]:
    """Metadata for Datasette 0.65 (`datasette -m`): descriptions and configuration in one."""
    metadata = _described(database)
    metadata["plugins"] = plugin_settings(database)
    db = metadata["databases"][database]
    db["queries"] = _queries()
    for name, table in TABLES.items():
        db["tables"][name].update(table.configuration())
    return metadata


def build_datasette_1(database: str = DEFAULT_DATABASE) -> tuple[dict[str, Any], dict[str, Any]]:
    """Metadata and configuration for Datasette 1.0 (`datasette -m metadata.json -c
    datasette.json`): the same declarations, with table options, stored queries and plugin
    settings in the configuration."""
    config = {
        "settings": dict(SETTINGS),
        "plugins": plugin_settings(database),
        "databases": {
            database: {
                "queries": _queries(),
                "tables": {
                    name: table.configuration()
                    for name, table in TABLES.items()
                    if table.configuration()
                },
            }
        },
    }
    return _described(database), config
