"""Over time: fetch archived originals again and record what changed as history.

A recheck never loses evidence: each request is a new `fetches` row, an edit a new version, a
deletion or a reappearance a `post_history` event, and a failed check changes nothing known.
The verdicts of the articles that show a rechecked post are judged again against what the
archive now holds (the article may now show an earlier version, or a deleted post).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from typing import Any

import sqlite_utils

from verifier.judge.verdict import judge
from verifier.models import Embed, EmbedKind, Problem, Resolution
from verifier.platforms.fetcher import FetchContext
from verifier.resolve.fetch import fetch_post
from verifier.store import save_problem, save_verdict
from verifier.store.evidence import record_fetched, save_verdict_version
from verifier.store.held import EvidenceArchive, embeds_showing, posts_to_recheck
from verifier.store.ledger import append_entry

_AGE = re.compile(r"(\d+)\s*([smhdw])")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_age(text: str) -> timedelta:
    """`7d`, `12h`, `1w2d`, `90m`, `30s` as a duration; ValueError otherwise."""
    compact = text.replace(" ", "").lower()
    parts = _AGE.findall(compact)
    if not parts or "".join(n + u for n, u in parts) != compact:
        raise ValueError(f"cannot read {text!r} as an age: write e.g. 7d, 12h, 1w2d or 90m")
    total = timedelta()
    for number, unit in parts:
        total += timedelta(**{_UNITS[unit]: int(number)})
    return total


@dataclass
class RecheckSummary:
    checked: int = 0
    events: dict[str, int] = field(default_factory=dict)
    outcomes: dict[str, int] = field(default_factory=dict)
    verdicts: int = 0  # verdicts judged again
    problems: list[Problem] = field(default_factory=list)


def recheck(
    db: sqlite_utils.Database,
    context: FetchContext,
    *,
    older_than: timedelta | None = None,
    platforms: Sequence[str] = (),
    web_archive: bool = True,
    now_at: datetime | None = None,
    progress: Callable[[str], None] | None = None,
) -> RecheckSummary:
    """Fetch again every archived post last checked before `older_than` ago (all if None)."""
    summary = RecheckSummary()
    archive = EvidenceArchive(db)
    held = list(posts_to_recheck(db, older_than=older_than, platforms=platforms, now_at=now_at))
    for post in held:
        if progress:
            progress(post.ref.key or "")
        fetched = fetch_post(post.ref, context, archives=web_archive)
        if fetched is None:
            problem = Problem(post.ref.key or "", "fetch", f"no fetcher for {post.ref.platform}")
            _problem(db, summary, problem)
            continue
        recorded = record_fetched(db, fetched)
        summary.checked += 1
        outcome = fetched.original.outcome.value
        summary.outcomes[outcome] = summary.outcomes.get(outcome, 0) + 1
        for event in recorded.events:
            summary.events[event] = summary.events.get(event, 0) + 1
        if fetched.original.outcome.is_retryable:
            message = f"{outcome}: {fetched.original.reason or ''}".strip()
            _problem(db, summary, Problem(recorded.post_key, "fetch", message, severity="warning"))
        summary.verdicts += rejudge(db, archive, recorded.post_key)
    options = {"older_than": str(older_than) if older_than else None, "web_archive": web_archive}
    append_entry(db, command="recheck", inputs=list(platforms), options=options)
    return summary


def rejudge(db: sqlite_utils.Database, archive: EvidenceArchive, key: str) -> int:
    """Judge again every embed whose verdict rests on the post `key`."""
    original = archive.get(key)
    if original is None:
        return 0
    rows = embeds_showing(db, key)
    for row in rows:
        embed = embed_from_row(row)
        matched_by = "id" if row["post_key"] == key else "author and date"
        verdict = judge(embed, Resolution(original, matched_by=matched_by))
        save_verdict(db, row["id"], row["article_id"], verdict)
        save_verdict_version(db, row["id"], verdict.post_version)
    return len(rows)


def embed_from_row(row: dict[str, Any]) -> Embed:
    values: dict[str, Any] = {f.name: row.get(f.name) for f in fields(Embed)}
    values["kind"] = EmbedKind(row["kind"])
    values["displayed_day"] = (
        date.fromisoformat(row["displayed_day"]) if row["displayed_day"] else None
    )
    values["markup"] = row.get("markup") or ""
    values["location"] = row.get("location") or "dom"
    return Embed(**values)


def _problem(db: sqlite_utils.Database, summary: RecheckSummary, problem: Problem) -> None:
    save_problem(db, problem)
    summary.problems.append(problem)
