"""Datasette's metadata and configuration: one declaration, two shapes (0.65 and 1.0)."""

from __future__ import annotations

import copy
from typing import Any

import sqlite_utils

from verifier.models import Status
from verifier.publish.labels import STATUS_HELP, STATUS_LABELS
from verifier.publish.metadata import (
    CONFIG_KEYS,
    SETTINGS,
    TABLES,
    build_datasette_1,
    build_metadata,
)
from verifier.publish.queries import QUERIES


def visible_tables(db: sqlite_utils.Database) -> list[str]:
    """Tables and views Datasette lists: full-text search's own tables are hidden by it."""
    names = db.table_names() + db.view_names()
    return [name for name in names if "_fts" not in name]


def test_every_table_view_and_column_of_the_archive_is_described(db) -> None:
    missing = [
        f"{table}.{column}"
        for table in visible_tables(db)
        for column in db[table].columns_dict
        if table not in TABLES or column not in TABLES[table].columns
    ]
    assert missing == [], "describe these in verifier/publish/metadata.py"
    for name in visible_tables(db):
        assert TABLES[name].title and TABLES[name].description


def test_facets_sorts_and_labels_name_real_columns(db) -> None:
    for name, table in TABLES.items():
        if name not in visible_tables(db):
            continue  # described ahead of the migration that creates it
        columns = set(db[name].columns_dict)
        named = {*table.facets, table.sort, table.sort_desc, table.label_column, table.fts_pk}
        assert named - {None} <= columns, name
        if table.fts_table:
            assert db[table.fts_table].exists(), name


def test_every_status_has_a_label_and_a_meaning() -> None:
    assert set(STATUS_LABELS) == set(STATUS_HELP) == set(Status)


def test_the_findings_view_is_where_a_newcomer_starts() -> None:
    metadata = build_metadata("archive")
    quotes = metadata["databases"]["archive"]["tables"]["quotes"]
    assert quotes["title"] == "Quotes and verdicts, every column"
    assert quotes["facets"] == ["status", "platform", "author_handle", "site"]
    assert (quotes["fts_table"], quotes["fts_pk"]) == ("quotes_fts", "embed_rowid")
    findings = metadata["databases"]["archive"]["tables"]["findings"]
    assert (findings["title"], findings["sort"]) == ("Quotes and verdicts", "severity")
    assert (findings["fts_table"], findings["fts_pk"]) == ("quotes_fts", "embed_rowid")
    assert '<a href="/archive/findings">Quotes and verdicts</a>' in metadata["description_html"]
    for name, query in QUERIES.items():
        assert f'<a href="/archive/{name}">{query.title}</a>' in metadata["description_html"]


def test_the_metadata_names_the_database_served() -> None:
    metadata = build_metadata("look")
    assert list(metadata["databases"]) == ["look"]
    assert metadata["plugins"] == {"verifier": {"database": "look"}}
    assert 'href="/look/findings"' in metadata["description_html"]


def test_datasette_0_65_reads_everything_from_the_metadata() -> None:
    metadata = build_metadata("archive")
    database = metadata["databases"]["archive"]
    assert set(database["queries"]) == set(QUERIES)
    assert database["queries"]["author"]["sql"].count(":handle") == 3
    assert database["tables"]["verdicts"]["facets"] == ["status"]
    assert database["tables"]["_sqlite_migrations"]["hidden"] is True


def test_datasette_1_reads_configuration_from_datasette_yaml() -> None:
    metadata, config = build_datasette_1("archive")
    assert "plugins" not in metadata and "queries" not in metadata["databases"]["archive"]
    for table in metadata["databases"]["archive"]["tables"].values():
        assert not set(table) & set(CONFIG_KEYS)
        assert set(table) == {"title", "description", "columns"}
    assert config["settings"] == SETTINGS
    assert config["plugins"] == {"verifier": {"database": "archive"}}
    assert set(config["databases"]["archive"]["queries"]) == set(QUERIES)
    assert config["databases"]["archive"]["tables"]["quotes"]["facets"][0] == "status"


def test_both_shapes_come_from_one_declaration() -> None:
    """Folding 1.0's configuration back into its metadata gives 0.65's metadata."""
    metadata, config = build_datasette_1("archive")
    folded: dict[str, Any] = copy.deepcopy(metadata)
    folded["plugins"] = config["plugins"]
    database = folded["databases"]["archive"]
    database["queries"] = config["databases"]["archive"]["queries"]
    for name, options in config["databases"]["archive"]["tables"].items():
        database["tables"][name].update(options)
    assert folded == build_metadata("archive")
