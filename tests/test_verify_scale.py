"""Scale without a change of result: batches of articles in one transaction, pages read and
searched on several processes, quotes matched through an index."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from verifier.cli import cli
from verifier.pipeline.verify import VerifyOptions, verify
from verifier.store import open_db
from verifier.store.batch import in_transactions
from verifier.store.held import BY_AUTHOR_SQL

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "pages"
# The rows a run decides, without the times it ran at.
DECIDED = {
    "articles": "select id, source, url, title, published, language, sha256 from articles",
    "embeds": "select * from embeds",
    "verdicts": "select embed_id, article_id, post_key, status, author_ok, date_ok,"
    " similarity, shown_text, diff, searched, reason, post_version from verdicts",
    "problems": "select id, source, stage, message, line, severity from problems",
}


def decided(db: sqlite_utils.Database) -> dict[str, list[tuple[object, ...]]]:
    return {
        name: sorted((tuple(row) for row in db.conn.execute(sql)), key=repr)
        for name, sql in DECIDED.items()
    }


def test_two_jobs_store_what_one_job_stores(tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "binary.html").write_bytes(b"\x00\x01\x02" * 100)
    (broken / "empty.html").write_bytes(b"")
    sources = [str(ROOT / "tests" / "fixtures" / "pages"), str(broken)]
    sources += [str(CORPUS)] if CORPUS.is_dir() else []
    one, two = open_db(tmp_path / "one.db"), open_db(tmp_path / "two.db")
    order_one: list[str] = []
    order_two: list[str] = []
    options = VerifyOptions(offline=True, jobs=1)
    first = verify(sources, db=one, options=options, progress=order_one.append)
    options = VerifyOptions(offline=True, jobs=2)
    second = verify(sources, db=two, options=options, progress=order_two.append)
    assert decided(two) == decided(one)
    assert (second.articles, second.embeds, second.by_status) == (
        first.articles,
        first.embeds,
        first.by_status,
    )
    assert second.embeds > 0 and len(second.problems) >= 2
    # Taken in input order, as one process reads them.
    assert order_two == order_one


def test_a_batch_commits_every_size_items_and_a_stopped_batch_is_undone(tmp_path: Path) -> None:
    db = open_db(tmp_path / "a.db")
    db.execute("create table t (n integer)")
    other = sqlite3.connect(tmp_path / "a.db")
    seen_by_other = []
    with pytest.raises(KeyError):
        for n in in_transactions(db, range(10), size=3, seconds=3600):
            db.execute("insert into t values (?)", [n])
            seen_by_other.append(other.execute("select count(*) from t").fetchone()[0])
            if n == 7:
                raise KeyError("stopped")
    assert seen_by_other == [0, 0, 0, 3, 3, 3, 6, 6]
    # 6 and 7 were in the open batch: undone, for a re-run to write again.
    assert [n for (n,) in other.execute("select n from t order by n")] == [0, 1, 2, 3, 4, 5]


def test_quotes_without_an_id_are_matched_through_an_index(tmp_path: Path) -> None:
    db = open_db(tmp_path / "a.db")
    plan = db.execute(f"explain query plan {BY_AUTHOR_SQL}", ["x", "a", "2020-01-01", "2020-01-03"])
    [(*_, detail)] = plan.fetchall()
    assert detail.startswith("SEARCH posts USING INDEX posts_platform_author_day")


def test_jobs_must_be_at_least_one(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_text("<html><body><p>nothing</p></body></html>", encoding="utf-8")
    command = ["verify", "--offline", "--db", str(tmp_path / "a.db"), str(page)]
    assert CliRunner().invoke(cli, [*command, "--jobs", "0"]).exit_code == 2
    assert CliRunner().invoke(cli, [*command, "--jobs", "2"]).exit_code == 0


def test_jobs_with_other_threads_running_start_workers_without_fork(tmp_path: Path) -> None:
    import threading

    from verifier.pipeline import parallel

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert parallel._context().get_start_method() == "forkserver"
        sources = [str(ROOT / "tests" / "fixtures" / "pages")]
        one, two = open_db(tmp_path / "one.db"), open_db(tmp_path / "two.db")
        verify(sources, db=one, options=VerifyOptions(offline=True, jobs=1))
        verify(sources, db=two, options=VerifyOptions(offline=True, jobs=2))
        assert decided(two) == decided(one)
    finally:
        stop.set()
        thread.join()
