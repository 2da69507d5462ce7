"""The command line as a user meets it: the README's main job, imports, and bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner
from conftest import ROOT

from verifier.cli import cli

ARCHIVES = ROOT / "tests" / "fixtures" / "archives"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_the_main_job_verifies_the_seed_offline(tmp_path: Path) -> None:
    db = str(tmp_path / "archive.db")
    code, _out, err = run("verify", str(ROOT / "seeds"), "--db", db, "--offline")
    assert code == 0, err
    assert "1 article(s), 1 post(s) detected; verdicts: verified 1; 0 problem(s)" in err
    code, out, _err = run("report", "--db", db, "--json")
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
    _code, out, _err = run("report", "--db", db, "--json")
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
    _code, out, _err = run("report", "--db", db, "--json")
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
    _code, out, _err = run("report", "--db", db, "--json")
    assert json.loads(out)["status"] == "verified"


def test_report_without_an_archive_says_what_to_do(tmp_path: Path) -> None:
    code, _out, err = run("report", "--db", str(tmp_path / "none.db"))
    assert code != 0 and "run `verifier verify` first" in err
