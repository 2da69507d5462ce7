"""Score inline quotes against a labelled set: finding, attribution and verdicts.

    python scripts/inline_eval.py [LABELLED.jsonl] [--posts POSTS.jsonl] [--json] [--show]

Each line of LABELLED is a small article (`text` or `html`, `published`) with the inline quotes
that must be found in it (`expect`: the quote's words, the speaker and handle, the post it
quotes and the verdict). The posts file is imported into an in-memory archive first; the
judging runs offline, so only that archive is asked. A found quote matches an expected one
when it holds the expected words. Figures:

- finding: precision and recall of the quotes found;
- attribution: of the quotes rightly found, those whose handle is the labelled one (none where
  the article and archive give none) and whose speaker's name matches;
- verdict: of the quotes rightly found, those whose status and post are the labelled ones.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from verifier.detect import find_embeds
from verifier.detect.speakers import fold, name_matches
from verifier.judge import judge
from verifier.models import Article, Embed, EmbedKind
from verifier.pipeline.verify import import_posts
from verifier.resolve.inline import resolve_inline, with_archive_handle
from verifier.store import EvidenceArchive

HERE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "inline_quotes"


@dataclass
class Tally:
    found: int = 0
    right: int = 0  # found and expected
    expected: int = 0
    attributed: int = 0
    judged: int = 0

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.expected if self.expected else 1.0

    @property
    def attribution(self) -> float:
        return self.attributed / self.right if self.right else 1.0

    @property
    def verdicts(self) -> float:
        return self.judged / self.right if self.right else 1.0

    def figures(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "attribution": round(self.attribution, 3),
            "verdicts": round(self.verdicts, 3),
        }


@dataclass
class Result:
    overall: Tally = field(default_factory=Tally)
    by_language: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    misses: list[str] = field(default_factory=list)  # expected and not found
    extras: list[str] = field(default_factory=list)  # found and not expected
    wrong: list[str] = field(default_factory=list)  # found, misattributed or misjudged
    false_verified: list[str] = field(default_factory=list)  # `verified`, labelled otherwise


def evaluate(labelled: Path, posts: Path) -> Result:
    db = sqlite_utils.Database(memory=True)
    import_posts([posts], db=db)
    archive = EvidenceArchive(db)
    result = Result()
    for line in labelled.read_text(encoding="utf-8").splitlines():
        if line.strip():
            _score(json.loads(line), archive, result)
    return result


def _score(entry: dict[str, Any], archive: EvidenceArchive, result: Result) -> None:
    is_html = "html" in entry
    article = Article(
        source=entry["id"],
        content=entry["html"] if is_html else entry["text"],
        is_html=is_html,
        published=entry["published"],
    )
    found = [e for e in find_embeds(article) if e.kind is EmbedKind.INLINE]
    tallies = (result.overall, result.by_language[entry["lang"]])
    unmatched = list(found)
    for tally in tallies:
        tally.found += len(found)
        tally.expected += len(entry["expect"])
    for expected in entry["expect"]:
        embed = next((e for e in unmatched if _holds(e, expected["quote"])), None)
        if embed is None:
            result.misses.append(f"{entry['id']}: {expected['quote']!r}")
            continue
        unmatched.remove(embed)
        attributed, judged, said = _judge(embed, expected, archive)
        if not judged and said.split("; ")[1].startswith("verified"):
            result.false_verified.append(f"{entry['id']}: {said}")
        for tally in tallies:
            tally.right += 1
            tally.attributed += attributed
            tally.judged += judged
        if not (attributed and judged):
            result.wrong.append(f"{entry['id']}: {said}")
    result.extras += [f"{entry['id']}: {e.displayed_text!r} ({e.markup})" for e in unmatched]


def _holds(embed: Embed, words: str) -> bool:
    return fold(" ".join(words.split())) in fold(" ".join((embed.displayed_text or "").split()))


def _judge(
    embed: Embed, expected: dict[str, Any], archive: EvidenceArchive
) -> tuple[bool, bool, str]:
    embed = with_archive_handle(embed, archive)
    handle = (embed.author_handle or "").casefold() or None
    want = (expected["handle"] or "").casefold() or None
    speaker_ok = not expected["speaker"] or name_matches(expected["speaker"], embed.author_name)
    attributed = handle == want and speaker_ok
    verdict = judge(embed, resolve_inline(embed, archive=archive, offline=True))
    judged = verdict.status.value == expected["verdict"] and (
        expected["post"] is None or verdict.post_key == expected["post"]
    )
    said = (
        f"speaker {embed.author_name!r} @{embed.author_handle} (want {expected['speaker']!r}"
        f" @{expected['handle']}); {verdict.status.value} {verdict.post_key}"
        f" (want {expected['verdict']} {expected['post']}); {verdict.reason[:160]}"
    )
    return attributed, judged, said


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labelled", nargs="?", type=Path, default=HERE / "labelled.jsonl")
    parser.add_argument("--posts", type=Path, default=HERE / "posts.jsonl")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--show", action="store_true", help="list misses, extras and errors")
    args = parser.parse_args(argv)
    result = evaluate(args.labelled, args.posts)
    figures = {
        "overall": result.overall.figures(),
        "by_language": {k: v.figures() for k, v in sorted(result.by_language.items())},
    }
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        for name, tally in [("all", result.overall), *sorted(result.by_language.items())]:
            f = tally.figures()
            print(
                f"{name:4} found {f['found']:3} expected {f['expected']:3} right {f['right']:3}"
                f"  precision {f['precision']:.3f} recall {f['recall']:.3f}"
                f"  attribution {f['attribution']:.3f} verdicts {f['verdicts']:.3f}"
            )
    if args.show:
        for title, lines in [
            ("missed", result.misses),
            ("extra", result.extras),
            ("wrong", result.wrong),
        ]:
            for line in lines:
                print(f"{title}: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
