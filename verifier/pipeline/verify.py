"""The data's one path: sources -> detect -> resolve -> compare -> store.

Each article and each embed is handled on its own: a broken page or a failed fetch is recorded
as a Problem and the run goes on with the rest. Everything is upserted, so a re-run updates rows
in place and resumes where an earlier run failed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import sqlite_utils

from verifier.judge.verdict import judge
from verifier.models import Article, Embed, Fetched, Original, Problem, Resolution, RunSummary
from verifier.pipeline.parallel import prepare_all
from verifier.pipeline.recheck import embed_from_row
from verifier.resolve.original import Fetcher, Searcher, resolve_original
from verifier.sources.archives import read_archive
from verifier.sources.articles import archive_files, iter_readables
from verifier.store import (
    LocalArchive,
    replace_embeds,
    save_article,
    save_problem,
    save_verdict,
)
from verifier.store.batch import in_transactions
from verifier.store.evidence import record_fetched, record_search, save_verdict_version
from verifier.store.held import EvidenceArchive
from verifier.store.imported import record_imported_many

# Posts written together by `import_posts`: one statement per table for each batch.
IMPORT_BATCH = 1000

# Called once per article read (or failed), for progress bars.
Progress = Callable[[str], None]


@dataclass(frozen=True)
class VerifyOptions:
    offline: bool = False
    fetch: Fetcher | None = None
    search: Searcher | None = None  # for embeds without a post id: by author and day
    refresh: bool = False  # fetch again posts already fetched and recorded
    jobs: int = 1  # processes reading pages and finding their embeds (see parallel.py)


def verify(
    sources: Iterable[str],
    *,
    db: sqlite_utils.Database,
    options: VerifyOptions = VerifyOptions(),  # noqa: B008 - frozen, so sharing is safe
    http: object | None = None,
    progress: Progress | None = None,
    archive: LocalArchive | None = None,
) -> RunSummary:
    """Detect, resolve, compare and store every post in every article of `sources`.
    Originals are looked up in `archive` (by default, the archive `db` writes to; a shard of
    `verifier scan` reads a copy of it instead)."""
    sources = list(sources)
    summary = import_posts(archive_files(sources), db=db)
    archive = archive or EvidenceArchive(db)
    readables = iter_readables(list(sources), http=None if options.offline else http)  # type: ignore[arg-type]
    for prepared in in_transactions(db, prepare_all(readables, jobs=options.jobs)):
        item = prepared.item
        if progress:
            progress(item.source)
        if isinstance(item, Problem):
            _record(db, summary, item)
        elif prepared.detect_error is not None:
            _record(db, summary, Problem(item.source, "detect", prepared.detect_error))
        else:
            _verify_article(db, item, prepared.embeds, archive, options, summary)
    return summary


def _verify_article(
    db: sqlite_utils.Database,
    article: Article,
    embeds: Sequence[Embed],
    archive: LocalArchive,
    options: VerifyOptions,
    summary: RunSummary,
) -> None:
    article_key = save_article(db, article)
    keys = replace_embeds(db, article_key, embeds)
    summary.articles += 1
    summary.embeds += len(embeds)
    for key, embed in zip(keys, embeds, strict=True):
        try:
            _verify_embed(db, article_key, key, embed, archive, options, summary)
        except Exception as error:  # noqa: BLE001 - one embed that breaks must not stop the run
            # Its earlier verdict, if any, stays as it was: nothing judged, nothing lost.
            where = embed.post_url or f"{embed.platform} {embed.kind.value} at {embed.position}"
            message = f"{where}: {type(error).__name__}: {error}"
            _record(db, summary, Problem(article.source, "judge", message))


def _verify_embed(
    db: sqlite_utils.Database,
    article_key: str,
    key: str,
    embed: Embed,
    archive: LocalArchive,
    options: VerifyOptions,
    summary: RunSummary,
) -> None:
    resolution = resolve_original(
        embed,
        archive=archive,
        fetch=options.fetch,
        search=options.search,
        offline=options.offline,
        refresh=options.refresh,
    )
    resolution = record_resolution(db, archive, resolution, summary)
    verdict = judge(embed, resolution)
    save_verdict(db, key, article_key, verdict)
    save_verdict_version(db, key, verdict.post_version)
    status = verdict.status.value
    summary.by_status[status] = summary.by_status.get(status, 0) + 1


def record_resolution(
    db: sqlite_utils.Database,
    archive: LocalArchive,
    resolution: Resolution,
    summary: RunSummary,
) -> Resolution:
    """Store what this run fetched, and judge what the archive now holds: a failed fetch
    keeps the text known before, an edit adds a version beside the earlier one. A search by
    author and day keeps its requests (under the post it found) and every post it fetched."""
    for other in resolution.others:
        _record_fetched(db, other, summary)
    if (search := resolution.search) is not None:
        found = resolution.evidence.original.key if resolution.evidence else None
        record_search(db, search.exchanges, post_key=found, platform=search.platform)
        if search.outcome.is_retryable:
            where = search.exchanges[-1].result.url
            message = f"web archive search {search.outcome.value}: {search.reason or ''}"
            _record(db, summary, Problem(where, "fetch", message, severity="warning"))
    if resolution.evidence is None:
        return resolution
    key = _record_fetched(db, resolution.evidence, summary)
    return replace(resolution, original=archive.get(key) or resolution.evidence.original)


def _record_fetched(db: sqlite_utils.Database, fetched: Fetched, summary: RunSummary) -> str:
    recorded = record_fetched(db, fetched)
    if fetched.original.outcome.is_retryable:
        where = fetched.original.url or recorded.post_key
        message = f"{fetched.original.outcome.value}: {fetched.original.reason or ''}".strip()
        _record(db, summary, Problem(where, "fetch", message, severity="warning"))
    return recorded.post_key


def import_posts(
    paths: Iterable[Path], *, db: sqlite_utils.Database, platform: str | None = None
) -> RunSummary:
    """Load originals from local archives (snscrape JSONL, CSV/TSV and account exports)."""
    summary = RunSummary()
    for path in paths:
        with db.atomic():
            batch: list[Original] = []
            for item in read_archive(path, platform=platform):
                if isinstance(item, Problem):
                    _record(db, summary, item)
                    continue
                batch.append(item)
                if len(batch) >= IMPORT_BATCH:
                    summary.posts_imported += len(record_imported_many(db, batch))
                    batch = []
            summary.posts_imported += len(record_imported_many(db, batch))
    return summary


def _record(db: sqlite_utils.Database, summary: RunSummary, problem: Problem) -> None:
    save_problem(db, problem)
    summary.problems.append(problem)


def verify_stored_embed(
    db: sqlite_utils.Database,
    row: dict[str, object],
    *,
    archive: LocalArchive,
    options: VerifyOptions,
    summary: RunSummary,
) -> None:
    """Resolve, judge and store again one stored embed row (one a run left pending)."""
    embed = embed_from_row(row)
    _verify_embed(db, str(row["article_id"]), str(row["id"]), embed, archive, options, summary)
