"""The README's commands stay true: they name real commands, and CI runs its test command."""

from __future__ import annotations

import re

from conftest import ROOT

from verifier.cli import cli

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_the_readme_names_exists() -> None:
    named = set(re.findall(r"`?verifier ([a-z][a-z-]+)", README))
    assert {"verify", "report", "serve", "import-posts"} <= named
    assert named <= set(cli.commands), named - set(cli.commands)


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    [command] = re.findall(r"^python3 -m venv .*pytest.*$", README, re.MULTILINE)
    install = re.search(r"pip install (-e '\.\[[a-z,]+\]')", command)
    assert install is not None and install[1] in ci
    assert "python -m pytest -q\n" in ci


def test_the_quick_start_runs_the_main_job_on_the_seeds() -> None:
    [command] = re.findall(r"^python3 -m venv .*verifier verify seeds/.*$", README, re.MULTILINE)
    assert "pip install -e ." in command and "verifier report" in command
