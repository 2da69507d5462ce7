"""Detection over the shared corpus of real pages must not fall below the figures it reached.

The corpus lives beside the repository (`../shared/corpus`), on the team's machines and CI; on
a user's machine it is absent and the test skips. docs/corpus-results.md explains every miss.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "corpus_eval.py"
CORRECTIONS = Path(__file__).resolve().parent / "fixtures" / "corpus-corrections.jsonl"


def _evaluate(corrections: Path | None):  # type: ignore[no-untyped-def]
    if not (CORPUS / "LABELS.jsonl").exists():
        pytest.skip("the shared corpus is not here (only on the team's machines and CI)")
    spec = importlib.util.spec_from_file_location("corpus_eval", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    labels = module.read_labels(CORPUS / "LABELS.jsonl", corrections)
    return module.evaluate(CORPUS / "pages", labels)


def test_corpus_against_its_own_labels() -> None:
    result = _evaluate(None)
    overall = result.overall
    # One detection is a YouTube embed the labels missed (see docs/corpus-results.md).
    assert overall.precision >= 0.994, result.extras
    assert overall.recall_dom == 1.0, result.misses
    assert overall.recall_all == 1.0, result.misses


def test_corpus_against_corrected_labels_is_perfect() -> None:
    result = _evaluate(CORRECTIONS)
    assert result.extras == []
    assert result.misses == []
