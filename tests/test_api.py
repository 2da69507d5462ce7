"""The library at the package's face, beyond what docs/library.md shows: check() asks the
platform (here a syndication answer served from 127.0.0.1) and keeps nothing on disk."""

from __future__ import annotations

import pytest
from conftest import SEED_TEXT
from listings_kit import ALTERED_TEXT, serve_post
from localsite import local_site

import verifier
from verifier.resolve import session

POST = "https://twitter.com/elonmusk/status/1626516035863212034"


def test_check_fetches_the_original_through_the_one_client(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(session, "client_defaults", lambda: {"per_host_interval": 0.0})
    monkeypatch.chdir(tmp_path)
    with local_site() as site:
        serve_post(site)
        endpoints = site.endpoints()
        faithful = verifier.check(
            SEED_TEXT, post_url=POST, endpoints=endpoints, allow_private_hosts=True
        )
        altered = verifier.check(
            ALTERED_TEXT, post_url=POST, endpoints=endpoints, allow_private_hosts=True
        )
        # Without leave to reach a private address, the guard refuses it: nothing fetched.
        refused = verifier.check(SEED_TEXT, post_url=POST, endpoints=endpoints)
    assert (faithful.status, faithful.author_ok, faithful.date_ok) == (
        verifier.Status.VERIFIED,
        True,
        None,
    )
    assert altered.status is verifier.Status.ALTERED
    assert refused.status is verifier.Status.PENDING
    assert list(tmp_path.iterdir()) == []  # no archive file written


def test_check_names_what_it_cannot_use(tmp_path) -> None:
    with pytest.raises(ValueError, match="no platform recognises a post in 'https://x.example/'"):
        verifier.check("text", post_url="https://x.example/")
    with pytest.raises(ValueError, match="unknown platform 'myspace'"):
        verifier.check("text", author="tom", platform="myspace")
    with pytest.raises(ValueError, match="no endpoint named nowhere"):
        verifier.check("text", post_url=POST, endpoints={"nowhere": "http://127.0.0.1/"})
    broken = tmp_path / "posts.jsonl"
    broken.write_bytes(b"\x00\x01")
    with pytest.raises(ValueError, match="cannot read the archives of originals: .*posts.jsonl"):
        verifier.check("text", post_url=POST, archives=[broken], offline=True)
