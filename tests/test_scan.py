"""Many WARC shards: a part file per shard, merged, equals a plain `verify` of the same pages.

The shards are cut from the news mix (`../shared/bench/news-mix.warc.gz`; the test skips where
it is absent): pages with embed markers and pages without, three shards.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils
from test_verify_scale import decided
from warcio.archiveiterator import ArchiveIterator
from warcio.warcwriter import WARCWriter

from verifier.pipeline.shards import merge_parts, part_path, scan_shard, snapshot_archive
from verifier.pipeline.verify import VerifyOptions, verify
from verifier.store import open_db

NEWS_MIX = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "news-mix.warc.gz"
MARKERS = (b"twitter-tweet", b"instagram-media", b"tiktok-embed", b"youtube.com/embed")


@pytest.fixture(scope="module")
def shards(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Three shards of ten pages: six with an embed marker and four without, each."""
    if not NEWS_MIX.exists():
        pytest.skip("the news mix is not here (only on the team's machines and CI)")
    folder = tmp_path_factory.mktemp("shards")
    marked, plain = [], []
    with NEWS_MIX.open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response":
                continue
            body = record.content_stream().read()
            group = marked if any(m in body for m in MARKERS) else plain
            if len(group) < (18 if group is marked else 12):
                group.append((record, body))
            if len(marked) == 18 and len(plain) == 12:
                break
    paths = []
    for n in range(3):
        path = folder / f"shard-{n}.warc.gz"
        with path.open("wb") as out:
            writer = WARCWriter(out, gzip=True)
            for record, body in marked[n * 6 : n * 6 + 6] + plain[n * 4 : n * 4 + 4]:
                writer.write_record(_copy(writer, record, body))
        paths.append(str(path))
    return paths


def _copy(writer: WARCWriter, record, body: bytes):  # type: ignore[no-untyped-def]
    from io import BytesIO

    return writer.create_warc_record(
        record.rec_headers.get_header("WARC-Target-URI"),
        "response",
        payload=BytesIO(body),
        http_headers=record.http_headers,
        warc_headers_dict={"WARC-Date": record.rec_headers.get_header("WARC-Date")},
    )


def plain_verify(shards: list[str], path: Path) -> sqlite_utils.Database:
    db = open_db(path)
    verify(shards, db=db, options=VerifyOptions(offline=True))
    return db


def test_parts_merged_equal_a_plain_verify_whatever_runs_the_shards(
    shards: list[str], tmp_path: Path
) -> None:
    plain = plain_verify(shards, tmp_path / "plain.db")
    merged = open_db(tmp_path / "merged.db")
    parts = tmp_path / "parts"
    snapshot = snapshot_archive(merged, parts)
    # No engine at all: the map step is a function of paths, called here in a loop.
    results = [scan_shard(s, archive=str(snapshot), parts=str(parts)) for s in reversed(shards)]
    assert [r.skipped for r in results] == [False, False, False]
    merge_parts(merged, [part_path(s, parts) for s in shards])
    assert decided(merged) == decided(plain)
    assert len(decided(plain)["embeds"]) > 10
    # A re-run finds every part done, and a second merge changes nothing.
    again = [scan_shard(s, archive=str(snapshot), parts=str(parts)) for s in shards]
    assert [r.skipped for r in again] == [True, True, True]
    merge_parts(merged, [part_path(s, parts) for s in shards])
    assert decided(merged) == decided(plain)


def test_a_merge_drops_what_an_article_no_longer_shows(shards: list[str], tmp_path: Path) -> None:
    merged = open_db(tmp_path / "merged.db")
    verify(shards[:1], db=merged, options=VerifyOptions(offline=True))
    article = merged.execute("select article_id from embeds limit 1").fetchone()[0]
    merged.execute(
        "insert into embeds (id, article_id, platform, kind, position) values"
        " ('gone', ?, 'twitter', 'link', 99999)",
        [article],
    )
    parts = tmp_path / "parts"
    snapshot = snapshot_archive(merged, parts)
    scan_shard(shards[0], archive=str(snapshot), parts=str(parts))
    merge_parts(merged, [part_path(shards[0], parts)])
    assert merged.execute("select count(*) from embeds where id = 'gone'").fetchone()[0] == 0
    assert decided(merged) == decided(plain_verify(shards[:1], tmp_path / "plain.db"))


def test_scan_on_a_local_dask_cluster_of_two_workers_equals_a_plain_verify(
    shards: list[str], tmp_path: Path
) -> None:
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    from click.testing import CliRunner

    from verifier.cli import cli

    db = tmp_path / "archive.db"
    command = ["scan", "--offline", "--db", str(db), "--workers", "2", *shards]
    first = CliRunner().invoke(cli, command)
    assert first.exit_code == 0, first.output
    assert "3 shard(s), 30 new article(s) merged" in first.output
    assert decided(open_db(db)) == decided(plain_verify(shards, tmp_path / "plain.db"))
    # A re-run finds every part done (named by the shard) and merges them again: no change.
    again = CliRunner().invoke(cli, command)
    assert again.output.count("already done") == 3
    assert decided(open_db(db)) == decided(plain_verify(shards, tmp_path / "plain.db"))


def test_scan_without_dask_says_how_to_install_it(
    shards: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from click.testing import CliRunner

    from verifier.cli import cli

    monkeypatch.setitem(sys.modules, "distributed", None)
    result = CliRunner().invoke(cli, ["scan", "--db", str(tmp_path / "a.db"), shards[0]])
    assert result.exit_code == 1
    assert "pip install -e '.[dask]'" in result.output
