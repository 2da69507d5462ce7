"""What every page of the plugin shares: which database is the archive, who may read it, and
reading rows through Datasette's own connections, with parameters."""

from __future__ import annotations

import weakref
from typing import Any

from datasette.utils import tilde_encode
from datasette.utils.asgi import Forbidden, NotFound

from verifier.publish.metadata import PLUGIN

# The archive found among a plain `datasette archive.db`'s databases, per instance (the
# settings `verifier serve` writes name it; a user's own `datasette` run has none).
_FOUND: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()
# The tables and views every page reads: a database with all of them is a verifier archive.
ARCHIVE_SHAPE = ("verdicts", "embeds", "articles", "quotes", "findings")


def archive_database(datasette: Any) -> str | None:
    """The name of the verifier archive Datasette serves, or None: the plugin then stays out."""
    settings = datasette.plugin_config(PLUGIN) or {}
    name = settings.get("database")
    if isinstance(name, str) and name in datasette.databases:
        return name
    found = _FOUND.get(datasette)
    return found if found in datasette.databases else None


def found_archive(datasette: Any) -> str | None:
    """The archive found by its shape at startup, if any (only where no settings name one)."""
    found = _FOUND.get(datasette)
    return found if found in datasette.databases else None


def configured_database(datasette: Any) -> str | None:
    settings = datasette.plugin_config(PLUGIN) or {}
    name = settings.get("database")
    return name if isinstance(name, str) else None


async def find_archive(datasette: Any) -> str | None:
    """Look for a database in the archive's shape (at startup), and remember it."""
    for name, db in datasette.databases.items():
        if name.startswith("_"):  # _internal, _memory
            continue
        names = set(await db.table_names()) | set(await db.view_names())
        if names.issuperset(ARCHIVE_SHAPE):
            _FOUND[datasette] = name
            return name
    return None


def verdict_path(datasette: Any, embed_id: str, tail: str = "") -> str:
    # Datasette's own escaping of names in paths (it redirects %-escapes to it).
    return datasette.urls.path(f"/-/verdicts/{tilde_encode(embed_id)}{tail}")


def article_path(datasette: Any, article_id: str) -> str:
    return datasette.urls.path(f"/-/articles/{tilde_encode(article_id)}")


async def check_can_view(datasette: Any, actor: dict[str, Any] | None, name: str) -> None:
    """Whoever may see the `quotes` view may see its verdicts, and no one else."""
    if hasattr(datasette, "allowed"):  # Datasette 1.0 asks about resources
        from datasette.resources import TableResource  # type: ignore[import-not-found]

        resource = TableResource(database=name, table="quotes")
        if not await datasette.allowed(action="view-table", resource=resource, actor=actor):
            raise Forbidden("view-table")
        return
    await datasette.ensure_permissions(
        actor, [("view-table", (name, "quotes")), ("view-database", name), "view-instance"]
    )


async def viewable_archive(request: Any, datasette: Any, *, pages: str) -> tuple[str, Any]:
    """The archive's name and database, for one of our `pages` ("verdicts", "articles"):
    NotFound where Datasette serves no verifier archive, Forbidden where the reader may not
    see its quotes."""
    name = archive_database(datasette)
    if name is None:
        raise NotFound(f"{pages} are served for a verifier archive only")
    await check_can_view(datasette, request.actor, name)
    return name, datasette.get_database(name)


async def one(db: Any, sql: str, params: dict[str, Any]) -> dict[str, Any] | None:
    rows = await all_rows(db, sql, params)
    return rows[0] if rows else None


async def all_rows(db: Any, sql: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    results = await db.execute(sql, params or {})
    return [dict(row) for row in results.rows]
