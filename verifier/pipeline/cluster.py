"""`verifier scan` on Dask distributed: one task per WARC shard, then the merge.

Dask is an optional extra (`pip install -e '.[dask]'`), imported only here and only when a
scan runs. With a scheduler address the shards run on that cluster (its workers must have
verifier installed and see the same paths: the shards, and the parts folder on shared
storage); without one a `LocalCluster` of `workers` processes runs on this machine.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from verifier.models import RunSummary
from verifier.pipeline.shards import (
    ShardResult,
    merge_parts,
    resolve_pending,
    scan_shard,
    snapshot_archive,
)
from verifier.pipeline.verify import VerifyOptions


class ScanError(Exception):
    "The scan cannot run (no Dask installed, or no cluster at the address)"


@dataclass
class ScanSummary:
    shards: list[ShardResult] = field(default_factory=list)
    pending_resolved: int = 0
    run: RunSummary = field(default_factory=RunSummary)


def scan(
    shards: Sequence[str],
    *,
    db: sqlite_utils.Database,
    parts: str | Path,
    scheduler: str | None = None,
    workers: int = 2,
    options: VerifyOptions = VerifyOptions(offline=True),  # noqa: B008 - frozen, so sharing is safe
    progress: Callable[[ShardResult], None] | None = None,
) -> ScanSummary:
    """Verify each shard as a Dask task into its part file, merge the parts into `db` in
    shard order, then (unless offline) fetch what the shards left pending."""
    distributed = _dask()
    snapshot = snapshot_archive(db, parts)
    summary = ScanSummary()
    with _client(distributed, scheduler, workers) as client:
        futures = client.map(
            scan_shard, list(shards), archive=str(snapshot), parts=str(parts), pure=False
        )
        for future in distributed.as_completed(futures):
            result = future.result()
            summary.shards.append(result)
            if progress:
                progress(result)
    by_shard = {result.shard: result for result in summary.shards}
    merge_parts(db, [by_shard[shard].part for shard in shards])
    if not options.offline:
        summary.pending_resolved = resolve_pending(db, options=options, summary=summary.run)
    return summary


def _dask() -> Any:
    try:
        import distributed
    except ImportError as error:
        raise ScanError(
            "verifier scan runs on Dask distributed: install it with pip install -e '.[dask]'"
        ) from error
    return distributed


def _client(distributed: Any, scheduler: str | None, workers: int) -> Any:
    if scheduler:
        try:
            return distributed.Client(scheduler, timeout="20s")
        except OSError as error:
            raise ScanError(f"no Dask scheduler answers at {scheduler}: {error}") from error
    # One thread per worker process: a shard is CPU-bound Python, so threads would share a GIL.
    cluster = distributed.LocalCluster(
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
    )
    return _OwnedClient(distributed.Client(cluster), cluster)


class _OwnedClient:
    """A client whose local cluster is closed with it."""

    def __init__(self, client: Any, cluster: Any) -> None:
        self.client, self.cluster = client, cluster

    def __enter__(self) -> Any:
        return self.client

    def __exit__(self, *exc: object) -> None:
        self.client.close()
        self.cluster.close()
