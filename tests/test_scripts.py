"""The example scripts, run as they are against a feed and pages served from 127.0.0.1."""

from __future__ import annotations

import re
import runpy
import subprocess
import sys
from collections.abc import Iterator
from email import message_from_string

import pytest
from conftest import ROOT
from listings_kit import faithful_page, hours_ago, rss, serve_newsroom, serve_post
from localsite import Site, local_site

from verifier.resolve import session

HOURLY = ROOT / "scripts" / "hourly_check.py"
BATCH = ROOT / "scripts" / "outlets_batch.py"


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    # One host serves everything here: the politeness interval would only make tests wait.
    monkeypatch.setattr(session, "client_defaults", lambda: {"per_host_interval": 0.0})
    with local_site() as served:
        overrides = ",".join(f"{name}={url}" for name, url in served.endpoints().items())
        monkeypatch.setenv("VERIFIER_ENDPOINTS", overrides)
        yield served


def run_script(monkeypatch, capsys, path, *args: str) -> tuple[int, str, str]:
    """The script's file run as `python path args...` would run it, in this process."""
    monkeypatch.setattr(sys, "argv", [str(path), *args])
    with pytest.raises(SystemExit) as exit:
        runpy.run_path(str(path), run_name="__main__")
    out, err = capsys.readouterr()
    return int(exit.value.code or 0), out, err


def test_the_hourly_job_flags_the_altered_quote_then_has_nothing_new(
    site, tmp_path, monkeypatch, capsys
) -> None:
    feed = serve_newsroom(site)
    db = str(tmp_path / "desk.db")
    args = (feed, "--since", "2h", "--db", db, "--allow-private-hosts")

    code, out, _ = run_script(monkeypatch, capsys, HOURLY, *args)

    assert code == 1
    assert out.splitlines()[:6] == [
        "# Quotes checked since 2h",
        "",
        "2 new article(s) listed, 2 read, 0 unchanged skipped; 2 quote(s) judged, 1 to look at.",
        "",
        "## To look at",
        "",
    ]
    assert f"- **altered**: [Musk changes his mind]({site.url('/2024/altered')})" in out
    assert 'words changed: "Not" -> "Exactly"; -"at all"' in out
    assert f"- verified {site.url('/2024/faithful')}" in out
    assert "An old story" not in out  # three days old: before --since

    code, out, _ = run_script(monkeypatch, capsys, HOURLY, *args, "--format", "email")
    mail = message_from_string(out)
    assert code == 0  # nothing new: what was judged is unchanged
    assert mail["Subject"] == "verifier: 0 quote(s) checked, nothing to look at"
    assert mail["To"] == "standards@example.com"
    assert "2 new article(s) listed, 0 read, 2 unchanged skipped" in mail.get_payload()


def test_the_hourly_job_says_a_broken_feed_needs_a_human(
    site, tmp_path, monkeypatch, capsys
) -> None:
    feed = site.serve("/feed/", "<rss version='2.0'><channel><item><link>", "application/rss+xml")
    code, out, _ = run_script(
        monkeypatch, capsys, HOURLY, feed, "--db", str(tmp_path / "d.db"), "--allow-private-hosts"
    )
    assert code == 1
    assert "## Could not be read" in out and f"- {feed}: feed is malformed" in out


def test_the_batch_tallies_each_outlet_and_names_a_bad_row(
    site, tmp_path, monkeypatch, capsys
) -> None:
    newsroom = serve_newsroom(site)
    site.serve("/other/a", faithful_page())
    serve_post(site)
    other = site.serve("/other/feed", rss([("A", site.url("/other/a"), hours_ago(3))]))
    outlets = tmp_path / "outlets.csv"
    outlets.write_text(
        f"outlet,feed,sitemap\nNews Example,{newsroom},\nNo URL,,\nOther,{other},\n",
        encoding="utf-8",
    )
    code, out, err = run_script(
        monkeypatch, capsys, BATCH, str(outlets), "--db", str(tmp_path / "s.db"),
        "--allow-private-hosts",
    )  # fmt: skip
    assert code == 1  # the bad row
    assert err == f"{outlets}:3: an outlet needs a name and a feed or sitemap URL\n"
    header, *rows = out.splitlines()
    assert header == (
        "outlet,listed,read,skipped,verified,truncated,altered,mismatch,unavailable,"
        "not_found,pending,needs_original,link,translated,problems"
    )
    assert rows == [
        "News Example,2,2,0,1,0,1,0,0,0,0,0,0,0,0",
        "Other,1,1,0,1,0,0,0,0,0,0,0,0,0,0",
    ]


@pytest.mark.parametrize("script", [HOURLY, BATCH], ids=lambda path: path.name)
def test_each_script_runs_on_its_own(script) -> None:
    done = subprocess.run(
        [sys.executable, str(script), "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "usage:" in done.stdout and "--since" in done.stdout


def test_the_readme_s_three_line_hourly_job_runs(site, tmp_path, monkeypatch) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [job] = re.findall(r"```python\n(import verifier\n.*?)```", readme, re.DOTALL)
    assert len(job.strip().splitlines()) == 3
    feed = serve_newsroom(site)
    monkeypatch.chdir(tmp_path)
    code = job.replace('"https://www.example.com/feed/"', repr(feed)).replace(
        'db="desk.db")', 'db="desk.db", allow_private_hosts=True)'
    )
    assert "allow_private_hosts=True" in code
    scope: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), scope)
    assert [record.article_title for record in scope["flagged"]] == ["Musk changes his mind"]
