"""The archive's metadata however Datasette is started.

`verifier serve` hands Datasette the metadata (and, for 1.0, the configuration) it needs. A user
who types `datasette archive.db` gives none: the plugin then finds the archive by its shape at
startup and gives Datasette the same declarations itself, through each version's own means
(0.65 asks plugins for metadata; 1.0 keeps it in its internal database and its configuration).
What the user configured for the database wins.
"""

from __future__ import annotations

import weakref
from typing import Any

from verifier.publish.metadata import TABLES, build_metadata
from verifier.publish.plugin.reading import configured_database, find_archive, found_archive
from verifier.publish.queries import QUERIES

# Built once per instance: Datasette 0.65 asks for metadata for every cell it renders.
_BUILT: weakref.WeakKeyDictionary[Any, dict[str, Any]] = weakref.WeakKeyDictionary()


def metadata_for_plain_datasette(datasette: Any) -> dict[str, Any] | None:
    """The archive's metadata, for an archive Datasette was given without any (None for any
    other instance)."""
    name = found_archive(datasette)
    if name is None:
        return None
    if datasette not in _BUILT:
        metadata = build_metadata(name)
        metadata.pop("plugins", None)  # the plugin finds the archive itself
        _BUILT[datasette] = metadata
    return _BUILT[datasette]


def _user_configured(datasette: Any, name: str) -> bool:
    local = getattr(datasette, "_metadata_local", None) or {}  # what -m gave, if anything
    config = getattr(datasette, "config", None) or {}
    return name in (local.get("databases") or {}) or name in (config.get("databases") or {})


async def find_and_describe(datasette: Any) -> str | None:
    """At startup: the archive, found by its shape where no settings name it; under Datasette
    1.0, its metadata, table options and stored queries given to Datasette."""
    if configured_database(datasette):
        return None
    name = await find_archive(datasette)
    if name is None or not hasattr(datasette, "set_resource_metadata"):
        return name
    if _user_configured(datasette, name):
        return name
    await _describe_1(datasette, name)
    return name


async def _describe_1(datasette: Any, name: str) -> None:
    described = build_metadata(name)
    for key in ("title", "description_html"):
        await datasette.set_instance_metadata(key, described[key])
    database = described["databases"][name]
    await datasette.set_database_metadata(name, "description", database["description"])
    for table_name, table in TABLES.items():
        for key in ("title", "description"):
            await datasette.set_resource_metadata(name, table_name, key, getattr(table, key))
        for column, text in table.columns.items():
            await datasette.set_column_metadata(name, table_name, column, "description", text)
    config = dict(datasette.config or {})
    databases = dict(config.get("databases") or {})
    databases[name] = {
        "tables": {t: table.configuration() for t, table in TABLES.items() if table.configuration()}
    }
    config["databases"] = databases
    datasette.config = config
    for query_name, query in QUERIES.items():
        await datasette.add_query(
            name,
            query_name,
            query.sql,
            title=query.title,
            description=query.description,
            source="plugin",
        )
