"""docs/library.md stays true: its examples run, as doctests, against the seeds and a feed
served from 127.0.0.1."""

from __future__ import annotations

import doctest
import shutil
from collections.abc import Iterator

import pytest
from conftest import ROOT
from listings_kit import serve_newsroom
from localsite import Site, local_site

import verifier
from verifier.resolve import session

DOC = ROOT / "docs" / "library.md"


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    monkeypatch.setattr(session, "client_defaults", lambda: {"per_host_interval": 0.0})
    with local_site() as served:
        overrides = ",".join(f"{name}={url}" for name, url in served.endpoints().items())
        monkeypatch.setenv("VERIFIER_ENDPOINTS", overrides)
        yield served


def test_every_example_in_the_library_page_runs(site, tmp_path, monkeypatch) -> None:
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    results = doctest.testfile(
        str(DOC),
        module_relative=False,
        globs={"FEED": serve_newsroom(site)},
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        raise_on_error=False,
        verbose=False,
    )
    assert results.attempted >= 25
    assert results.failed == 0


def test_the_page_shows_every_function_at_the_face() -> None:
    text = DOC.read_text(encoding="utf-8")
    functions = [name for name in verifier.__all__ if callable(getattr(verifier, name))]
    functions = [name for name in functions if not isinstance(getattr(verifier, name), type)]
    assert sorted(functions) == ["check", "import_archives", "verdicts", "verify"]
    assert all(f">>> verifier.{name}(" in text or f"verifier.{name}(" in text for name in functions)
    assert all(getattr(verifier, name).__doc__ for name in functions)
