"""The data's one path: sources -> detect -> resolve -> compare -> store.

Each article and each embed is handled on its own: a broken page or a failed fetch is recorded
as a Problem and the run goes on with the rest. Everything is upserted, so a re-run updates rows
in place and resumes where an earlier run failed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from itertools import islice
from pathlib import Path

import sqlite_utils

from verifier.detect.screenshots import Screenshot
from verifier.judge.screenshot import judge_screenshot
from verifier.judge.verdict import judge
from verifier.models import (
    Article,
    Embed,
    EmbedKind,
    Fetched,
    Original,
    Problem,
    Resolution,
    RunSummary,
)
from verifier.pipeline import screenshots
from verifier.pipeline.parallel import prepare_all
from verifier.pipeline.recheck import embed_from_row
from verifier.resolve.inline import resolve_inline, with_archive_handle
from verifier.resolve.original import Fetcher, Searcher, resolve_original
from verifier.sources.archives import read_archive
from verifier.sources.articles import archive_files, iter_readables
from verifier.sources.listing import Listing
from verifier.sources.listings import iter_listed
from verifier.sources.local import DEFAULT_MAX_ARTICLE_BYTES
from verifier.store import (
    ArchiveError,
    LocalArchive,
    article_id,
    replace_embeds,
    save_article,
    save_problem,
    save_verdict,
)
from verifier.store.batch import in_transactions
from verifier.store.evidence import record_fetched, record_search, save_verdict_version
from verifier.store.held import EvidenceArchive
from verifier.store.imported import record_imported, record_imported_many
from verifier.store.ledger import append_entry
from verifier.store.settled import is_settled

# Imported records per transaction: large enough to be fast, small enough that a killed
# import keeps nearly everything it read.
IMPORT_BATCH = 500
# Called once per article read (or failed), for progress bars.
Progress = Callable[[str], None]


@dataclass(frozen=True)
class VerifyOptions:
    offline: bool = False
    fetch: Fetcher | None = None
    search: Searcher | None = None  # for embeds without a post id: by author and day
    refresh: bool = False  # fetch again posts already fetched and recorded, judge all again
    since: datetime | None = None  # of the listings' articles, only those new since then
    max_article_bytes: int = DEFAULT_MAX_ARTICLE_BYTES  # a larger file or page is a Problem
    jobs: int = 1  # processes reading pages and finding their embeds (see parallel.py)
    ocr: str = "auto"  # the OCR engine for pictures of posts: auto, rapidocr, tesseract, off


def verify(
    sources: Iterable[str],
    *,
    db: sqlite_utils.Database,
    options: VerifyOptions = VerifyOptions(),  # noqa: B008 - frozen, so sharing is safe
    http: object | None = None,
    progress: Progress | None = None,
    listings: Iterable[Listing] = (),
    archive: LocalArchive | None = None,
) -> RunSummary:
    """Detect, resolve, compare and store every post in every article of `sources`, and
    of the articles the feeds and sitemaps of `listings` name (since `options.since`).

    An article the archive holds with the same bytes, whose every verdict is settled (not
    pending, not not_found), is skipped unless `options.refresh`: a re-run is cheap.
    Originals are looked up in `archive` (by default, the archive `db` writes to; a shard of
    `verifier scan` reads a copy of it instead)."""
    sources = list(sources)
    summary = import_posts(archive_files(sources), db=db, log=False)
    network = None if options.offline else http
    for listed in iter_listed(listings, http=network, since=options.since):  # type: ignore[arg-type]
        if isinstance(listed, Problem):
            _record(db, summary, listed)
        elif listed.url not in sources:
            sources.append(listed.url)
            summary.listed += 1
    pictures, sources = screenshots.picture_sources(sources)
    archive = archive or EvidenceArchive(db)
    reader = screenshots.PictureReader(options.ocr, http=network)  # type: ignore[arg-type]
    readables = iter_readables(
        sources,
        http=network,  # type: ignore[arg-type]
        max_bytes=options.max_article_bytes,
    )
    for prepared in in_transactions(db, prepare_all(readables, jobs=options.jobs)):
        item = prepared.item
        if progress:
            progress(item.source)
        if isinstance(item, Problem):
            _record(db, summary, item)
        elif not options.refresh and is_settled(db, article_id(item.source), item.sha256):
            summary.skipped += 1
        elif prepared.detect_error is not None:
            _record(db, summary, Problem(item.source, "detect", prepared.detect_error))
        else:
            _verify_article(db, item, prepared.embeds, archive, options, summary, reader=reader)

    def verify_shot(article_key: str, key: str, embed: Embed, shot: Screenshot) -> None:
        _verify_embed(db, article_key, key, embed, archive, options, summary, shot=shot)

    images = screenshots.pictures_of(pictures, http=network)  # type: ignore[arg-type]
    screenshots.verify_pictures(
        images, db=db, reader=reader, verify_embed=verify_shot, summary=summary
    )
    for problem in reader.problems:
        _record(db, summary, problem)
    append_entry(db, command="verify", inputs=sources, options=_logged_options(options))
    return summary


def _logged_options(options: VerifyOptions) -> dict[str, object]:
    return {
        "offline": options.offline,
        "refresh": options.refresh,
        "fetch": options.fetch is not None,
        "search": options.search is not None,
    }


def _verify_article(
    db: sqlite_utils.Database,
    article: Article,
    embeds: Sequence[Embed],
    archive: LocalArchive,
    options: VerifyOptions,
    summary: RunSummary,
    *,
    reader: screenshots.PictureReader | None = None,
) -> None:
    # The posts in the page's pictures, after its embeds (a page without <img> costs nothing).
    found = (
        screenshots.shots_of_article(article, reader, first_position=len(embeds))
        if reader is not None
        else []
    )
    shots: list[Screenshot | None] = [None] * len(embeds) + [shot for _, shot in found]
    embeds = [*embeds, *(screenshots.with_known_handle(db, embed) for embed, _ in found)]
    article_key = save_article(db, article)
    # An inline quote's speaker, named without a handle, may be known to the archive by name.
    embeds = [with_archive_handle(embed, archive) for embed in embeds]
    keys = replace_embeds(db, article_key, embeds)
    screenshots.store_shots(db, article_key, keys, shots)
    summary.articles += 1
    summary.embeds += len(embeds)
    for key, embed, shot in zip(keys, embeds, shots, strict=True):
        try:
            _verify_embed(db, article_key, key, embed, archive, options, summary, shot=shot)
        except ArchiveError:
            raise  # the archive, not the embed: every later write would fail the same way
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
    if embed.kind is EmbedKind.INLINE:
        resolution = resolve_inline(
            embed,
            archive=archive,
            fetch=options.fetch,
            search=options.search,
            offline=options.offline,
        )
    else:
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
    summary.judged.append(key)
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
    paths: Iterable[Path],
    *,
    db: sqlite_utils.Database,
    platform: str | None = None,
    batch: int = IMPORT_BATCH,
    log: bool = True,
) -> RunSummary:
    """Load originals from local archives (snscrape JSONL, CSV/TSV and account exports).

    Committed every `batch` records: a killed import keeps what it committed, and a re-run
    resumes it (every write is an upsert keyed by the post and its text). A record the store
    cannot keep is a Problem naming it; the rest of the file is kept. `log`: append the run
    to the ledger (a `verify` that imports logs once, at its end)."""
    summary = RunSummary()
    read: list[str] = []
    for path in paths:
        read.append(str(path))
        items = read_archive(path, platform=platform)
        # Read before the write lock is taken: another run waits only for the writes.
        while chunk := list(islice(items, batch)):
            with db.atomic():
                originals = []
                for item in chunk:
                    if isinstance(item, Problem):
                        _record(db, summary, item)
                    else:
                        originals.append(item)
                summary.posts_imported += _import_many(db, originals, summary)
    if log:
        append_entry(db, command="import-posts", inputs=read, options={"platform": platform})
    return summary


def _import_many(db: sqlite_utils.Database, originals: list[Original], summary: RunSummary) -> int:
    """Write a batch of posts with one statement per table; if the store refuses one, the
    batch is undone and written one post at a time, so that only that post is lost."""
    try:
        with db.atomic():
            return len(record_imported_many(db, originals))
    except ArchiveError:
        raise
    except Exception:  # noqa: BLE001 - find the one record the store refuses
        return sum(_import_one(db, original, summary) for original in originals)


def _import_one(db: sqlite_utils.Database, original: Original, summary: RunSummary) -> bool:
    try:
        record_imported(db, original)  # in a savepoint: a failure undoes this post only
    except ArchiveError:
        raise
    except Exception as error:  # noqa: BLE001 - one record the store refuses must not cost the file
        message = f"not stored: {type(error).__name__}: {error}"
        _record(db, summary, Problem(original.provenance, "import", message))
        return False
    return True


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
