"""verdicts(): the archive's verdicts read back as typed records, filtered."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from verifier.api.run import Archive, open_archive
from verifier.models import RunSummary, Status
from verifier.store.records import QuoteFilter, QuoteRecord, read_quotes


def verdicts(
    db: Archive = "archive.db",
    *,
    status: Status | str | Iterable[Status | str] = (),
    platform: str | Iterable[str] = (),
    site: str | Iterable[str] = (),
    author: str | None = None,
    article: str | None = None,
    checked_since: datetime | None = None,
    judged_in: RunSummary | None = None,
) -> list[QuoteRecord]:
    """Every detected post in `db` with its verdict, in the report's order, as QuoteRecords.

    Each filter given must hold: `status` (one or several, as Status or its value),
    `platform`, `site` (the article's host, without "www."), `author` (the handle the article
    shows, with or without "@", any case), `article` (a source as given to verify) and
    `checked_since` (judged at or after then) and `judged_in` (judged by the run that
    returned that summary: what a scheduled job reports). `record.needs_human` says which
    ones an editor must look at.
    """
    selection = QuoteFilter(
        statuses=tuple(Status(value) for value in _many(status)),
        platforms=_many(platform),
        sites=_many(site),
        author=author,
        article=article,
        checked_since=checked_since,
        embed_ids=tuple(judged_in.judged) if judged_in is not None else None,
    )
    return list(read_quotes(open_archive(db, writable=False), selection))


def _many(value: str | Iterable[str]) -> tuple[str, ...]:
    # A Status is a str too: one value, not the letters of one.
    return (value,) if isinstance(value, str) else tuple(value)
