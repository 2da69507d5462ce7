"""Score detection against a labelled corpus: precision and recall per platform.

    python scripts/corpus_eval.py FOLDER LABELS.jsonl [--min-precision P] [--min-recall-dom R]
        [--min-recall-all R] [--corrections FILE] [--json] [--show-misses]

FOLDER holds the files named in LABELS.jsonl (one JSON object per file, with its `embeds`; see
the corpus's NOTES.md). Each labelled embed is matched to a detected embed or remnant of the
same platform by post id, else by post URL; remnants in flattened text, which carry no id, are
matched by author handle (or, with no handle, by the start of their text). Links (kind `link`)
are not embeds and are never counted. Recall is given over the embeds whose `location` is `dom`
and over all of them. `--corrections` names a JSONL file of label lines that replace the
corpus's own for the same `file` (labels believed wrong; see docs/corpus-results.md).

Exits 1 when a figure falls below its threshold.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from verifier.detect import find_embeds
from verifier.models import Embed, EmbedKind
from verifier.sources.articles import article_from_bytes

# Labels name Truth Social's Mastodon-style embeds `truthsocial`, as verifier does.
PLATFORM_ALIASES: dict[str, str] = {}


@dataclass
class Tally:
    labelled: int = 0
    labelled_dom: int = 0
    detected: int = 0
    matched_labels: int = 0
    matched_dom: int = 0
    matched_detections: int = 0

    def add(self, other: Tally) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def precision(self) -> float:
        return self.matched_detections / self.detected if self.detected else 1.0

    @property
    def recall_dom(self) -> float:
        return self.matched_dom / self.labelled_dom if self.labelled_dom else 1.0

    @property
    def recall_all(self) -> float:
        return self.matched_labels / self.labelled if self.labelled else 1.0


@dataclass
class Result:
    by_platform: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    misses: list[str] = field(default_factory=list)  # labelled, not detected
    extras: list[str] = field(default_factory=list)  # detected, not labelled

    @property
    def overall(self) -> Tally:
        total = Tally()
        for tally in self.by_platform.values():
            total.add(tally)
        return total


def read_labels(path: Path, corrections: Path | None = None) -> list[dict]:
    labels = {row["file"]: row for row in _jsonl(path)}
    if corrections is not None:
        labels.update({row["file"]: row for row in _jsonl(corrections)})
    return list(labels.values())


def _jsonl(path: Path) -> Iterable[dict]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def detect_file(path: Path) -> list[Embed]:
    """What the pipeline would detect in the file: HTML by its suffix, else text."""
    is_html = path.suffix.lower() in (".html", ".htm")
    article = article_from_bytes(str(path), path.read_bytes(), is_html=is_html)
    # Links and inline quotes are not embeds (inline quotes are measured in docs/inline-quotes.md).
    return [e for e in find_embeds(article) if e.kind in (EmbedKind.EMBED, EmbedKind.REMNANT)]


def evaluate(folder: Path, labels: list[dict]) -> Result:
    result = Result()
    for row in labels:
        path = folder / row["file"]
        if not path.exists():
            continue
        _score_file(row, detect_file(path), result)
    return result


def _score_file(row: dict, detected: list[Embed], result: Result) -> None:
    wanted = [
        dict(e, platform=PLATFORM_ALIASES.get(e["platform"], e["platform"])) for e in row["embeds"]
    ]
    free = list(range(len(detected)))
    for label in wanted:
        tally = result.by_platform[label["platform"]]
        tally.labelled += 1
        is_dom = label.get("location") == "dom"
        tally.labelled_dom += is_dom
        hit = next((i for i in free if _matches(label, detected[i])), None)
        if hit is None:
            result.misses.append(f"{row['file']}: {_describe_label(label)}")
            continue
        free.remove(hit)
        tally.matched_labels += 1
        tally.matched_dom += is_dom
    for index, embed in enumerate(detected):
        tally = result.by_platform[embed.platform]
        tally.detected += 1
        if index in free:
            result.extras.append(f"{row['file']}: {_describe_embed(embed)}")
        else:
            tally.matched_detections += 1


def _matches(label: dict, embed: Embed) -> bool:
    if label["platform"] != embed.platform:
        return False
    if embed.kind is EmbedKind.REMNANT and label.get("location") == "plain text":
        return _same_remnant(label, embed)
    if label.get("post_id") and embed.post_id:
        return str(label["post_id"]) == embed.post_id
    return bool(label.get("post_url")) and _norm(label["post_url"]) == _norm(embed.post_url or "")


def _same_remnant(label: dict, embed: Embed) -> bool:
    handle = label.get("author_handle")
    if handle:
        return (embed.author_handle or "").lower() == handle.lower()
    text = " ".join((label.get("displayed_text") or "").split())[:30].lower()
    shown = " ".join((embed.displayed_text or "").split()).lower()
    return bool(text) and shown.startswith(text)


def _norm(url: str) -> str:
    return url.lower().split("://", 1)[-1].removeprefix("www.").rstrip("/")


def _describe_label(label: dict) -> str:
    who = label.get("post_id") or label.get("author_handle")
    return f"{label['platform']} {who} ({label.get('markup')}, {label.get('location')})"


def _describe_embed(embed: Embed) -> str:
    who = embed.post_id or embed.author_handle
    return f"{embed.platform} {who} ({embed.markup}, {embed.location})"


def report(result: Result) -> str:
    lines = [
        f"{'platform':<12} {'labelled':>8} {'dom':>5} {'found':>6} "
        f"{'precision':>9} {'recall dom':>10} {'recall all':>10}"
    ]
    rows = sorted(result.by_platform.items()) + [("overall", result.overall)]
    for name, tally in rows:
        lines.append(
            f"{name:<12} {tally.labelled:>8} {tally.labelled_dom:>5} {tally.detected:>6} "
            f"{tally.precision:>9.3f} {tally.recall_dom:>10.3f} {tally.recall_all:>10.3f}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("labels", type=Path)
    parser.add_argument("--corrections", type=Path)
    parser.add_argument("--min-precision", type=float, default=0.0)
    parser.add_argument("--min-recall-dom", type=float, default=0.0)
    parser.add_argument("--min-recall-all", type=float, default=0.0)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--show-misses", action="store_true", help="list misses and extras")
    options = parser.parse_args(argv)
    result = evaluate(options.folder, read_labels(options.labels, options.corrections))
    overall = result.overall
    if options.json:
        figures = {
            name: {"precision": t.precision, "recall_dom": t.recall_dom, "recall_all": t.recall_all}
            for name, t in [*result.by_platform.items(), ("overall", overall)]
        }
        print(json.dumps(figures, indent=2, sort_keys=True))
    else:
        print(report(result))
    if options.show_misses:
        print("\nmissed (labelled, not detected):", *result.misses or ["none"], sep="\n  ")
        print("\nextra (detected, not labelled):", *result.extras or ["none"], sep="\n  ")
    below = [
        f"{name} {value:.3f} < {minimum}"
        for name, value, minimum in (
            ("precision", overall.precision, options.min_precision),
            ("recall on dom embeds", overall.recall_dom, options.min_recall_dom),
            ("recall on all embeds", overall.recall_all, options.min_recall_all),
        )
        if value < minimum
    ]
    if below:
        print("below threshold: " + "; ".join(below), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
