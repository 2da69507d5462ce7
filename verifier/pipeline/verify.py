"""The data's one path: sources -> detect -> resolve -> compare -> store.

Each article and each embed is handled on its own: a broken page or a failed fetch is recorded
as a Problem and the run goes on with the rest. Everything is upserted, so a re-run updates rows
in place and resumes where an earlier run failed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import sqlite_utils

from verifier.detect import find_embeds
from verifier.detect.screenshots import Screenshot
from verifier.judge.screenshot import judge_screenshot
from verifier.judge.verdict import judge
from verifier.models import Article, Embed, Fetched, Problem, Resolution, RunSummary
from verifier.pipeline import screenshots
from verifier.resolve.original import Fetcher, Searcher, resolve_original
from verifier.sources.archives import read_archive
from verifier.sources.articles import archive_files, iter_articles
from verifier.store import (
    LocalArchive,
    replace_embeds,
    save_article,
    save_problem,
    save_verdict,
)
from verifier.store.evidence import record_fetched, record_search, save_verdict_version
from verifier.store.held import EvidenceArchive
from verifier.store.imported import record_imported

# Called once per article read (or failed), for progress bars.
Progress = Callable[[str], None]


@dataclass(frozen=True)
class VerifyOptions:
    offline: bool = False
    fetch: Fetcher | None = None
    search: Searcher | None = None  # for embeds without a post id: by author and day
    refresh: bool = False  # fetch again posts already fetched and recorded
    ocr: str = "auto"  # the OCR engine for pictures of posts: auto, rapidocr, tesseract, off


def verify(
    sources: Iterable[str],
    *,
    db: sqlite_utils.Database,
    options: VerifyOptions = VerifyOptions(),  # noqa: B008 - frozen, so sharing is safe
    http: object | None = None,
    progress: Progress | None = None,
) -> RunSummary:
    """Detect, resolve, compare and store every post in every article of `sources`."""
    sources = list(sources)
    summary = import_posts(archive_files(sources), db=db)
    pictures, sources = screenshots.picture_sources(sources)
    archive = EvidenceArchive(db)
    online = None if options.offline else http
    reader = screenshots.PictureReader(options.ocr, http=online)  # type: ignore[arg-type]
    for item in iter_articles(list(sources), http=online):  # type: ignore[arg-type]
        if progress:
            progress(item.source)
        if isinstance(item, Problem):
            _record(db, summary, item)
            continue
        _verify_article(db, item, archive, options, summary, reader=reader)

    def verify_shot(article_key: str, key: str, embed: Embed, shot: Screenshot) -> None:
        _verify_embed(db, article_key, key, embed, archive, options, summary, shot=shot)

    images = screenshots.pictures_of(pictures, http=online)  # type: ignore[arg-type]
    screenshots.verify_pictures(
        images, db=db, reader=reader, verify_embed=verify_shot, summary=summary
    )
    for problem in reader.problems:
        _record(db, summary, problem)
    return summary


def _verify_article(
    db: sqlite_utils.Database,
    article: Article,
    archive: LocalArchive,
    options: VerifyOptions,
    summary: RunSummary,
    *,
    reader: screenshots.PictureReader | None = None,
) -> None:
    try:
        embeds = find_embeds(article)
    except Exception as error:  # noqa: BLE001 - one page that breaks the parser must not stop the run
        _record(db, summary, Problem(article.source, "detect", f"{type(error).__name__}: {error}"))
        return
    # The posts in the page's pictures, after its embeds (a page without <img> costs nothing).
    found = (
        screenshots.shots_of_article(article, reader, first_position=len(embeds))
        if reader is not None
        else []
    )
    shots: list[Screenshot | None] = [None] * len(embeds) + [shot for _, shot in found]
    embeds = embeds + [screenshots.with_known_handle(db, embed) for embed, _ in found]
    article_key = save_article(db, article)
    keys = replace_embeds(db, article_key, embeds)
    screenshots.store_shots(db, article_key, keys, shots)
    summary.articles += 1
    summary.embeds += len(embeds)
    for key, embed, shot in zip(keys, embeds, shots, strict=True):
        try:
            _verify_embed(db, article_key, key, embed, archive, options, summary, shot=shot)
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
    *,
    shot: Screenshot | None = None,
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
    if shot is None:
        verdict = judge(embed, resolution)
    else:
        verdict = judge_screenshot(embed, resolution, text_confidence=shot.card.text_confidence)
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
            for item in read_archive(path, platform=platform):
                if isinstance(item, Problem):
                    _record(db, summary, item)
                else:
                    record_imported(db, item)
                    summary.posts_imported += 1
    return summary


def _record(db: sqlite_utils.Database, summary: RunSummary, problem: Problem) -> None:
    save_problem(db, problem)
    summary.problems.append(problem)
