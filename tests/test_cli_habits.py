"""The command line's habits, as sqlite-utils and Datasette users expect them: `-h`, lists of
sources from a file or stdin, JSON that parses as one document, report filters, progress a log
can follow, and import-posts that says what it accepts."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, article_page, tweet_blockquote

from verifier.cli import cli
from verifier.cli.progress import Progress
from verifier.cli.report import shown_path
from verifier.sources.lists import read_source_list

SEED = ROOT / "seeds" / "000_02392556c8f407f7.txt"


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    """The seed, its originals, and two HTML articles on other platforms' posts."""
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    shutil.copy(ROOT / "seeds" / "originals.jsonl", folder / "originals.jsonl")
    page = article_page(tweet_blockquote("Nothing archived says this.", post_id="999111"))
    (folder / "other.html").write_text(page, encoding="utf-8")
    return folder


@pytest.mark.parametrize("command", [[], ["verify"], ["report"], ["recheck"], ["serve"]])
def test_every_command_takes_dash_h(command: list[str]) -> None:
    code, out, _err = run(*command, "-h")
    assert code == 0 and out.startswith("Usage:")


def test_a_list_of_urls_given_as_a_source_is_named_not_read_as_an_article(tmp_path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text("https://example.com/a\nhttps://example.com/b\n", encoding="utf-8")
    code, _out, err = run("verify", str(urls), "--db", str(tmp_path / "a.db"), "--offline")
    assert code == 1
    assert f"error: {urls}: holds only web addresses: a list of articles" in err
    assert "0 article(s)" in err


def test_verify_from_a_file_of_paths_and_from_stdin(articles, tmp_path) -> None:
    listing = tmp_path / "list.txt"
    listing.write_text(f"# to check\n{articles / SEED.name}\n\n{articles / 'other.html'}\n")
    db = str(tmp_path / "a.db")
    code, out, err = run("verify", "--from", str(listing), "--db", db, "--offline", "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert (summary["articles"], summary["embeds"]) == (2, 2)
    # Offline, and no archive of originals among the sources: both wait for a later run.
    assert summary["by_status"] == {"pending": 2} and summary["problems"] == []
    code, out, err = run(
        "verify",
        "--from",
        "-",
        "--db",
        db,
        "--offline",
        "--json",
        stdin=f"{articles / SEED.name}\n",
    )
    assert code == 0, err
    assert json.loads(out)["articles"] == 1


def test_a_csv_of_urls_is_read_by_its_url_column() -> None:
    text = (
        "Title,Article URL,Notes\nOne,https://a.example/1,x\nTwo,,y\nThree,https://b.example/3,\n"
    )
    listed = read_source_list(text, name="links.csv")
    assert listed.sources == ["https://a.example/1", "https://b.example/3"]
    [problem] = listed.problems
    assert (problem.source, problem.line, problem.message) == ("links.csv", 3, "no URL in this row")
    # A table naming no URL column says which names it takes.
    [problem] = read_source_list("title,when\nOne,2023\n", name="t.csv").problems
    assert "no URL column (accepted: url, articleurl, link" in problem.message
    # A plain list whose URLs hold commas stays a plain list.
    assert read_source_list("https://a.example/x,y\n", name="u").sources == [
        "https://a.example/x,y"
    ]


def test_verify_without_any_source_says_what_to_give(tmp_path) -> None:
    code, _out, err = run("verify", "--db", str(tmp_path / "a.db"))
    assert code == 2 and "give at least one SOURCE, --from FILE, --feed URL or --sitemap URL" in err


def test_a_logged_run_writes_a_line_every_n_articles_with_total_rate_and_eta() -> None:
    now = [0.0]  # one article a second
    log = io.StringIO()
    bar = Progress("verifying", stream=log, total=25, every=10, clock=lambda: now[0])
    for number in range(25):
        now[0] += 1
        bar.step(f"article-{number}.html")
    bar.close()
    assert log.getvalue().splitlines() == [
        "verifying: 10/25 (40%), 1.0/s, ETA 0:00:15",
        "verifying: 20/25 (80%), 1.0/s, ETA 0:00:05",
    ]


def test_on_a_terminal_the_line_shows_total_rate_eta_and_the_item() -> None:
    now = [0.0]  # two articles a second
    terminal = io.StringIO()
    bar = Progress("verifying", stream=terminal, total=4, terminal=True, clock=lambda: now[0])
    for name in ("first", "second"):
        now[0] += 0.5
        bar.step(f"/a/long/folder/{name}.html")
    bar.close()
    last = terminal.getvalue().split("\r")[-1]
    assert last == "verifying 2/4 (50%), 2.0/s, ETA 0:00:01  /a/long/folder/second.html\n"


def test_a_verify_run_of_many_articles_logs_progress(articles, tmp_path) -> None:
    for number in range(12):
        shutil.copy(SEED, articles / f"copy-{number:02d}.txt")
    code, _out, err = run("verify", str(articles), "--db", str(tmp_path / "a.db"), "--offline")
    assert code == 0, err
    assert re.search(r"^verifying: 10/14 \(71%\), [0-9.]+/s, ETA \d:\d\d:\d\d$", err, re.M)


@pytest.fixture
def archive(articles, tmp_path) -> str:
    db = str(tmp_path / "archive.db")
    code, _out, err = run("verify", str(articles), "--db", db, "--offline")
    assert code == 0, err
    return db


def test_report_filters_by_status_article_site_platform_and_kind(archive) -> None:
    def kept(*filters: str) -> list[str]:
        out = run("report", "--db", archive, "--json", *filters)[1]
        return sorted(Path(row["article"]).name for row in json.loads(out))

    assert kept() == ["000_02392556c8f407f7.txt", "other.html"]
    assert kept("--status", "verified") == ["000_02392556c8f407f7.txt"]
    assert kept("--status", "verified", "--status", "pending") == kept()
    assert kept("--article", "OTHER") == ["other.html"]
    assert kept("--site", "(local file)") == kept()
    assert kept("--site", "example.com") == []
    assert kept("--platform", "twitter") == kept()
    assert kept("--kind", "remnant") == ["000_02392556c8f407f7.txt"]
    code, _out, err = run("report", "--db", archive, "--status", "fine")
    assert code == 2 and "'fine' is not one of" in err


def test_report_csv_flag_and_only_one_output_flag(archive) -> None:
    assert (
        run("report", "--db", archive, "--csv")[1]
        == run("report", "--db", archive, "--format", "csv")[1]
    )
    code, _out, err = run("report", "--db", archive, "--json", "--nl")
    assert code == 2 and "choose one of --json, --nl and --csv" in err


def test_the_table_shows_paths_relative_and_cut_from_the_left(monkeypatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)
    assert shown_path(str(tmp_path / "news" / "a.html")) == "news/a.html"
    deep = "/elsewhere/" + "folder/" * 10 + "the-article-that-differs.html"
    assert shown_path(deep) == "…" + deep[-39:]
    assert shown_path(deep).endswith("the-article-that-differs.html")


def test_import_posts_takes_an_export_s_own_headers_and_keeps_an_ambiguous_date(tmp_path) -> None:
    export = tmp_path / "export.csv"
    export.write_text(
        "Tweet URL,Tweet Text,Created At\n"
        "https://twitter.com/elonmusk/status/1626516035863212034,Hello there,03/04/2023 10:00\n"
        "https://twitter.com/elonmusk/status/1626516035863212035,Second,2023-02-17T09:36:56Z\n",
        encoding="utf-8",
    )
    db = str(tmp_path / "a.db")
    code, _out, err = run("import-posts", str(export), "--db", db)
    assert code == 0, err
    assert f"warning: {export}:2: date '03/04/2023 10:00' cannot be read without doubt" in err
    assert "imported 2 posts from 1 file(s)" in err
    assert "change only when `verifier verify` runs again" in err
    import sqlite_utils

    rows = list(sqlite_utils.Database(db).query("select text, created_at from posts order by id"))
    assert rows == [
        {"text": "Hello there", "created_at": None},
        {"text": "Second", "created_at": "2023-02-17T09:36:56+00:00"},
    ]


@pytest.mark.parametrize("name", ["verify", "report", "import-posts", "recheck", "evidence"])
def test_the_readme_names_every_option_of_the_commands_this_changed(name: str) -> None:
    import click

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [row] = [line for line in readme.splitlines() if line.startswith(f"| `verifier {name}")]
    for param in cli.commands[name].params:
        if isinstance(param, click.Option) and param.name not in ("help",):
            assert any(opt in row for opt in param.opts), (name, param.opts)
    assert ("--offline" in row) == (name == "verify")
