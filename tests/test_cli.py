"""The command line as a user meets it: the README's main job, imports, and bad input."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from verifier.cli import cli
from verifier.store import ArchiveError, open_db

ARCHIVES = ROOT / "tests" / "fixtures" / "archives"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_the_main_job_verifies_the_seed_offline(tmp_path: Path) -> None:
    db = str(tmp_path / "archive.db")
    code, _out, err = run("verify", str(ROOT / "seeds"), "--db", db, "--offline")
    assert code == 0, err
    assert "1 article(s), 1 post(s) detected; verdicts: verified 1; 0 problem(s)" in err
    code, out, _err = run("report", "--db", db, "--nl")
    [row] = [json.loads(line) for line in out.splitlines()]
    assert {
        k: row[k]
        for k in (
            "platform",
            "kind",
            "post_id",
            "author_handle",
            "status",
            "author_ok",
            "date_ok",
            "similarity",
        )
    } == {
        "platform": "twitter",
        "kind": "remnant",
        "post_id": "1626516035863212034",
        "author_handle": "elonmusk",
        "status": "verified",
        "author_ok": True,
        "date_ok": True,
        "similarity": 1.0,
    }
    for key in ("article", "post_url", "displayed_text", "displayed_date", "original_text", "diff"):
        assert key in row
    assert row["article"] == str(ROOT / "seeds" / "000_02392556c8f407f7.txt")


def test_running_twice_adds_no_rows(tmp_path: Path) -> None:
    db = str(tmp_path / "archive.db")
    for _ in range(2):
        assert run("verify", str(ROOT / "seeds"), "--db", db, "--offline")[0] == 0
    _code, out, _err = run("report", "--db", db, "--nl")
    assert len(out.splitlines()) == 1


def test_report_reads_as_a_table(tmp_path: Path) -> None:
    db = str(tmp_path / "archive.db")
    run("verify", str(ROOT / "seeds"), "--db", db, "--offline")
    _code, out, _err = run("report", "--db", db)
    assert "verified" in out and "elonmusk" in out


def test_import_snscrape_jsonl_then_verify_an_article_quoting_it(tmp_path: Path) -> None:
    db = str(tmp_path / "archive.db")
    code, _out, err = run("import-posts", str(ARCHIVES / "snscrape-new.jsonl"), "--db", db)
    assert "imported" in err
    article = tmp_path / "seed.txt"
    shutil.copy(ROOT / "seeds" / "000_02392556c8f407f7.txt", article)
    code, _out, err = run("verify", str(article), "--db", db, "--offline")
    assert code == 0, err
    _code, out, _err = run("report", "--db", db, "--nl")
    assert json.loads(out)["status"] == "verified"


def test_import_a_dirty_csv_reports_bad_rows_and_keeps_the_good(tmp_path: Path) -> None:
    db = str(tmp_path / "archive.db")
    code, _out, err = run("import-posts", str(ARCHIVES / "export-dirty.csv"), "--db", db)
    assert code == 1
    assert f"error: {ARCHIVES / 'export-dirty.csv'}:6: no text" in err
    import sqlite_utils

    posts = list(sqlite_utils.Database(db).query("select text, raw_text from posts"))
    assert posts and all("â€" not in p["text"] and "&amp;" not in p["text"] for p in posts)
    assert any(p["text"] != p["raw_text"] for p in posts)


def test_bad_inputs_are_named_and_the_run_exits_non_zero(tmp_path: Path) -> None:
    db = str(tmp_path / "archive.db")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    code, _out, err = run(
        "verify",
        str(tmp_path / "missing.html"),
        str(empty),
        str(ROOT / "seeds"),
        "--db",
        db,
        "--offline",
    )
    assert code == 1
    assert f"error: {tmp_path / 'missing.html'}: no such file or folder" in err
    assert f"error: {empty}: empty file" in err
    _code, out, _err = run("report", "--db", db, "--nl")
    assert json.loads(out)["status"] == "verified"


def test_report_without_an_archive_says_what_to_do(tmp_path: Path) -> None:
    code, _out, err = run("report", "--db", str(tmp_path / "none.db"))
    assert code != 0 and "run `verifier verify` first" in err


def test_an_archive_that_is_not_sqlite_is_named_and_left_alone(tmp_path: Path) -> None:
    not_sqlite = tmp_path / "notes.db"
    not_sqlite.write_text("my notes, not an archive " * 10, encoding="utf-8")
    for command in (
        ["verify", str(ROOT / "seeds"), "--offline"],
        ["import-posts", str(ROOT / "seeds" / "originals.jsonl")],
        ["report"],
        ["export-warc", str(tmp_path / "out.warc")],
    ):
        code, _out, err = run(*command, "--db", str(not_sqlite))
        assert code == 1, command
        assert f"Error: {not_sqlite}: not an SQLite database" in err, command
        assert "Traceback" not in err
    assert not_sqlite.read_text(encoding="utf-8") == "my notes, not an archive " * 10


def test_a_read_only_archive_is_refused_before_any_work(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    run("verify", str(ROOT / "seeds"), "--db", str(db), "--offline")
    # A read-only connection, as a read-only file gives to any user but root.
    read_only = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    with pytest.raises(ArchiveError, match="cannot be written"):
        open_db(read_only)
    assert open_db(read_only, writable=False)["verdicts"].count == 1
