"""The command line around publishing: report's formats, progress bars, serve and metadata."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from verifier.cli import cli
from verifier.cli import options as cli_module
from verifier.publish.metadata import build_datasette_1, build_metadata
from verifier.publish.serve import datasette_arguments


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def archive(tmp_path: Path) -> str:
    db = str(tmp_path / "archive.db")
    code, _out, err = run("verify", str(ROOT / "seeds"), "--db", db, "--offline")
    assert code == 0, err
    return db


def test_verify_says_what_it_found_in_one_line_and_no_bar_when_not_on_a_terminal(
    tmp_path: Path,
) -> None:
    code, _out, err = run(
        "verify", str(ROOT / "seeds"), "--db", str(tmp_path / "a.db"), "--offline"
    )
    assert code == 0
    assert err == "1 article(s), 1 post(s) detected; verdicts: verified 1; 0 problem(s)\n"


def test_on_a_terminal_a_long_run_shows_a_progress_bar(monkeypatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(cli_module.sys, "stderr", terminal)
    with cli_module.progress("importing", length=2) as step:
        assert step is not None
        step("first.jsonl")
        step("second.jsonl")
    assert "importing" in terminal.getvalue() and "2/2" in terminal.getvalue()
    assert "second.jsonl" in terminal.getvalue()


def test_report_nl_is_one_object_per_post_and_json_an_array_of_them(archive) -> None:
    _code, out, _err = run("report", "--db", archive, "--nl")
    assert run("report", "--db", archive, "--format", "nl")[1] == out
    [row] = [json.loads(line) for line in out.splitlines()]
    assert (row["status"], row["site"]) == ("verified", "(local file)")
    # As sqlite-utils prints them: --json is one JSON document, an array.
    _code, array, _err = run("report", "--db", archive, "--json")
    assert json.loads(array) == [row]
    assert run("report", "--db", archive, "--format", "json")[1] == array


def test_report_as_csv_has_every_column(archive) -> None:
    _code, out, _err = run("report", "--db", archive, "--format", "csv")
    [row] = list(csv.DictReader(io.StringIO(out)))
    assert (row["status"], row["author_handle"], row["post_id"]) == (
        "verified",
        "elonmusk",
        "1626516035863212034",
    )
    assert row["displayed_text"].endswith("Not what I intended at all.")
    assert {"embed_id", "original_text", "diff", "similarity", "site"} <= set(row)


def test_report_as_markdown_is_a_table(archive) -> None:
    _code, out, _err = run("report", "--db", archive, "--format", "markdown")
    header, rule, row = out.splitlines()
    assert header.startswith("| article") and rule.startswith("|---")
    assert "| verified |" in row.replace("  ", " ")


def test_metadata_names_the_database_and_prints_1_0_configuration(tmp_path) -> None:
    _code, out, _err = run("metadata", "--db", str(tmp_path / "look.db"))
    assert json.loads(out) == build_metadata("look")
    _code, out, _err = run("metadata", "--config")
    assert json.loads(out) == build_datasette_1("archive")[1]


def test_serve_without_an_archive_says_what_to_do(tmp_path) -> None:
    code, _out, err = run("serve", "--db", str(tmp_path / "none.db"))
    assert code != 0 and "run `verifier verify` first" in err


def test_serve_hands_datasette_0_65_one_metadata_file_and_an_immutable_archive(tmp_path) -> None:
    args = datasette_arguments(
        Path("/data/look.db"), tmp_path, host="127.0.0.1", port=8123, major_version=0
    )
    assert args == [
        "serve",
        "-i",
        "/data/look.db",
        "--setting",
        "truncate_cells_html",
        "300",
        "--metadata",
        str(tmp_path / "metadata.json"),
        "--host",
        "127.0.0.1",
        "--port",
        "8123",
    ]
    assert json.loads((tmp_path / "metadata.json").read_text()) == build_metadata("look")


def test_serve_hands_datasette_1_its_metadata_and_configuration(tmp_path) -> None:
    args = datasette_arguments(
        Path("look.db"), tmp_path, host="0.0.0.0", port=80, immutable=False, major_version=1
    )
    assert args[:2] == ["serve", "look.db"]  # --live: not immutable
    assert args[args.index("--config") + 1] == str(tmp_path / "datasette.json")
    metadata, config = build_datasette_1("look")
    assert json.loads((tmp_path / "metadata.json").read_text()) == metadata
    assert json.loads((tmp_path / "datasette.json").read_text()) == config
