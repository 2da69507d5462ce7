"""The verdicts read back as typed records, for the library: the `quotes` view, filtered."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from verifier.models import EmbedKind, Status, WordChange
from verifier.text.dates import parse_timestamp

# What a standards editor must look at: the quote differs from its post, the post is gone or
# cannot be found, or the post's author or date is not what the article shows.
NEEDS_HUMAN = frozenset({Status.ALTERED, Status.MISMATCH, Status.UNAVAILABLE, Status.NOT_FOUND})


@dataclass(frozen=True)
class QuoteRecord:
    """One detected post with its verdict and original, as `verifier report` shows it."""

    embed_id: str
    status: Status | None  # None: detected, not judged yet (the judge failed on it)
    article: str  # the article's source, as given (path or URL)
    article_url: str | None
    article_title: str | None
    site: str  # the article's host without "www.", or "(local file)"
    platform: str
    kind: EmbedKind
    author_handle: str | None
    displayed_text: str | None
    post_id: str | None
    post_url: str | None
    original_text: str | None
    original_author: str | None
    similarity: float | None
    author_ok: bool | None
    date_ok: bool | None
    diff: tuple[WordChange, ...]
    reason: str
    searched: str
    checked_at: datetime | None

    def status_text(self) -> str:
        return self.status.value if self.status else "not judged"

    def changed_words(self) -> str:
        """The diff's changes in one line: `"original" -> "shown"`, `-"dropped"`, `+"added"`."""
        parts = []
        for change in self.diff:
            if change.op == "replace":
                parts.append(f'"{change.original}" -> "{change.shown}"')
            elif change.op == "delete":
                parts.append(f'-"{change.original}"')
            elif change.op == "insert":
                parts.append(f'+"{change.shown}"')
        return "; ".join(parts)

    @property
    def needs_human(self) -> bool:
        """The quote differs, its post is gone or not found, or it names the wrong author or
        day. Truncated, pending and link verdicts do not (a pending one is retried)."""
        return self.status in NEEDS_HUMAN or self.author_ok is False or self.date_ok is False


@dataclass(frozen=True)
class QuoteFilter:
    """Which records to read; every filter given must hold. Values are SQL parameters."""

    statuses: tuple[Status, ...] = ()
    platforms: tuple[str, ...] = ()
    sites: tuple[str, ...] = ()
    author: str | None = None  # the handle the article shows, without "@", any case
    article: str | None = None  # an article's source, as given to verify
    checked_since: datetime | None = None  # judged at or after then
    embed_ids: tuple[str, ...] | None = None  # only these embeds (None: any)


def read_quotes(
    db: sqlite_utils.Database, selection: QuoteFilter = QuoteFilter()
) -> Iterator[QuoteRecord]:
    """The records of the `quotes` view that `selection` keeps, in the report's order."""
    where, params = _where(selection)
    for row in db.query(f"select * from quotes{where}", params):
        yield _record(row)


def _where(selection: QuoteFilter) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []

    def one_of(column: str, values: Iterable[str]) -> None:
        values = list(values)
        if values:
            clauses.append(f"{column} in ({', '.join('?' for _ in values)})")
            params.extend(values)

    one_of("status", (status.value for status in selection.statuses))
    one_of("platform", selection.platforms)
    one_of("site", (site.lower().removeprefix("www.") for site in selection.sites))
    if selection.author:
        clauses.append("lower(author_handle) = ?")
        params.append(selection.author.lstrip("@").lower())
    if selection.article:
        clauses.append("article = ?")
        params.append(selection.article)
    if selection.embed_ids is not None:
        one_of("embed_id", selection.embed_ids)
        if not selection.embed_ids:
            clauses.append("0")  # none asked for: none given
    if selection.checked_since:
        # checked_at is stored as ISO 8601 UTC to the second, so text order is time order.
        clauses.append("checked_at >= ?")
        params.append(selection.checked_since.astimezone(UTC).isoformat(timespec="seconds"))
    return (" where " + " and ".join(clauses) if clauses else ""), params


def _record(row: dict[str, Any]) -> QuoteRecord:
    diff = json.loads(row["diff"]) if row["diff"] else []
    return QuoteRecord(
        embed_id=row["embed_id"],
        status=Status(row["status"]) if row["status"] else None,
        article=row["article"],
        article_url=row["article_url"],
        article_title=row["article_title"],
        site=row["site"],
        platform=row["platform"],
        kind=EmbedKind(row["kind"]),
        author_handle=row["author_handle"],
        displayed_text=row["displayed_text"],
        post_id=row["post_id"],
        post_url=row["post_url"],
        original_text=row["original_text"],
        original_author=row["original_author"],
        similarity=row["similarity"],
        author_ok=None if row["author_ok"] is None else bool(row["author_ok"]),
        date_ok=None if row["date_ok"] is None else bool(row["date_ok"]),
        diff=tuple(WordChange(**change) for change in diff),
        reason=row["reason"] or "",
        searched=row["searched"] or "",
        checked_at=parse_timestamp(row["checked_at"]),
    )
