"""A fast slice of the adversarial harness (scripts/adversarial.py): real posts quoted in every
form, edited to change or keep their meaning, judged through the whole pipeline. The full run
and its table are in docs/verdict-accuracy.md."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "adversarial.py"
# The slice: the repository's own posts (the shared folder may be absent), every edit once,
# turning through the forms.
SLICE_POSTS = 5


@pytest.fixture(scope="module")
def harness():
    spec = importlib.util.spec_from_file_location("adversarial", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["adversarial"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def cases(harness, tmp_path_factory):
    posts = harness.collect_posts(shared=None)[:SLICE_POSTS]
    return harness.run(posts, keep=tmp_path_factory.mktemp("adversarial"))


def test_the_slice_covers_every_form_and_both_families(harness, cases) -> None:
    assert {case.form for case in cases} == set(harness.FORMS)
    assert {case.keeps_meaning for case in cases} == {True, False}
    assert len(cases) > 120


def test_no_changed_quote_is_verified(cases) -> None:
    wrong = [(c.form, c.edit, c.post) for c in cases if c.false_verified]
    assert wrong == []


def test_no_faithful_quote_is_taken_for_a_changed_one(cases) -> None:
    wrong = [(c.form, c.edit, c.status, c.post) for c in cases if c.false_alarm]
    assert wrong == []


def test_every_quote_is_found_and_judged(cases) -> None:
    unjudged = [(c.form, c.edit, c.status) for c in cases if not c.right]
    assert unjudged == []


def test_the_repository_alone_gives_real_posts_to_build_from(harness) -> None:
    posts = harness.collect_posts(shared=None)
    assert len(posts) >= 10
    assert any(post.is_reply for post in posts)  # the seed: a reply, its @mention hidden


def test_a_post_from_before_snowflake_ids_gets_a_positive_id(harness) -> None:
    from datetime import date

    post = harness._post("Posted in 2008.", source="old.json", day=date(2008, 5, 1))
    assert post.post_id.isdigit() and int(post.post_id) < 1 << 40
    assert harness.archive_record(post)["id"] > 0
    assert post.day == date(2008, 5, 1)
