"""Adversarial harness: articles built from real posts, quoted in every form and edited.

    python scripts/adversarial.py [--posts N] [--all-forms] [--shared DIR] [--json]
        [--show-wrong N] [--keep DIR]

Every real post text the project can read (the seeds, the repository's fixtures, and where
`../shared/` is present its payloads and the texts labelled in its corpus) is quoted in articles
of each form an article quotes a post in (official embed HTML, AMP, a CMS-wrapped embed, a
flattened remnant, Markdown, the quote glued to, led into by or wrapped in the article's words),
with one edit each from two families (see scripts/adversarial_cases.py): edits that change the
meaning, which must never come out `verified`, and edits that keep it, which must stay `verified`
(`truncated` for an excerpt). The articles run through the real pipeline: the posts are imported
from an snscrape JSONL archive, then `verify()` detects, resolves from that local archive and
judges, and the verdicts are read back from SQLite.

By default each (post, edit) pair is written in one form, turning through the forms, so that
every form meets every edit; `--all-forms` writes every pair in every form. Prints, per form and
per edit, how many came out right, the false `verified` (must be 0) and the false alarms (a
meaning kept, judged altered, mismatch, truncated or not found). Exits 1 on any false verified.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import sqlite_utils

sys.path.insert(0, str(Path(__file__).resolve().parent))

from adversarial_cases import EDITS, FORMS, WRITERS, Edit, Post  # noqa: E402

from verifier.pipeline.verify import VerifyOptions, import_posts, verify  # noqa: E402
from verifier.sources.archives import read_archive  # noqa: E402
from verifier.text.dates import parse_displayed_date  # noqa: E402
from verifier.text.normal import normalise  # noqa: E402
from verifier.text.repair import html_to_text  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
_TWITTER_EPOCH_MS = 1288834974657
_CHANGED_OK = frozenset({"altered", "truncated", "mismatch", "not_found"})
_ALARMS = frozenset({"altered", "truncated", "mismatch", "not_found"})
MIN_WORDS = 3


# Collecting real posts.


def collect_posts(shared: Path | None = SHARED) -> list[Post]:
    """Every distinct real post text readable here, each under a tweet identity."""
    found: list[Post] = []
    for path in sorted((REPO / "seeds").glob("*.jsonl")):
        found += _from_archive(path)
    for path in sorted((REPO / "tests" / "fixtures" / "archives").rglob("*")):
        if path.is_file() and path.suffix in (".jsonl", ".csv", ".tsv", ".json", ".js"):
            found += _from_archive(path)
    for path in sorted((REPO / "tests" / "fixtures" / "fetch").rglob("*.json")):
        found += _from_payload(path)
    if shared is not None and shared.is_dir():
        for path in sorted((shared / "payloads").rglob("*.json*")):
            found += _from_payload(path)
        labels = shared / "corpus" / "LABELS.jsonl"
        if labels.is_file():
            found += _from_labels(labels)
    return _distinct(found)


def _distinct(posts: Iterable[Post]) -> list[Post]:
    seen_text: set[str] = set()
    seen_id: set[str] = set()
    kept = []
    for post in posts:
        text = normalise(post.text).casefold()
        if len(re.findall(r"\w+", post.shown)) < MIN_WORDS or text in seen_text:
            continue
        if post.post_id in seen_id or post.shown.rstrip().endswith(("…", "...")):
            continue  # an excerpt is not a post's whole text
        seen_text.add(text)
        seen_id.add(post.post_id)
        kept.append(post)
    return kept


def _from_archive(path: Path) -> list[Post]:
    posts = []
    for item in read_archive(path):
        if not hasattr(item, "post_id") or not item.text.strip():
            continue
        day = item.created_at.date() if item.created_at else date(2021, 6, 1)
        posts.append(
            _post(
                item.text,
                source=f"{path.relative_to(REPO)}",
                handle=item.author_handle,
                name=item.author_name,
                day=day,
                post_id=item.post_id if item.platform == "twitter" else None,
                is_reply=bool(item.is_reply),
            )
        )
    return posts


def _from_payload(path: Path) -> list[Post]:
    try:
        data = json.loads(re.sub(r"^\s*//.*$", "", path.read_text("utf-8"), flags=re.M))
    except (ValueError, UnicodeDecodeError):
        return []
    where = str(path.relative_to(path.parents[1]))
    return [post for post in _walk(data, where)]


def _walk(data: Any, where: str) -> Iterator[Post]:
    if isinstance(data, list):
        for item in data:
            yield from _walk(item, where)
        return
    if not isinstance(data, dict):
        return
    if (
        isinstance(data.get("text"), str)
        and isinstance(data.get("user"), dict)
        and "id_str" in data
    ):
        user = data["user"]
        links = tuple(
            (u["url"], u["expanded_url"])
            for u in (data.get("entities") or {}).get("urls", [])
            if u.get("url") and u.get("expanded_url")
        )
        yield _post(
            data["text"],
            source=where,
            handle=user.get("screen_name"),
            name=user.get("name"),
            post_id=str(data["id_str"]),
            links=links,
            is_reply=bool(data.get("in_reply_to_status_id_str")),
        )
    elif data.get("$type") == "app.bsky.feed.post" and isinstance(data.get("text"), str):
        yield _post(data["text"], source=where, day=_day(data.get("createdAt")))
    elif isinstance(data.get("content"), str) and isinstance(data.get("account"), dict):
        account = data["account"]
        yield _post(
            html_to_text(data["content"]),
            source=where,
            handle=account.get("username"),
            name=account.get("display_name"),
            day=_day(data.get("created_at")),
        )
    for key, value in data.items():
        if key not in ("user", "account") and isinstance(value, dict | list):
            yield from _walk(value, where)


def _from_labels(path: Path) -> list[Post]:
    posts = []
    for line in path.read_text("utf-8").splitlines():
        record = json.loads(line)
        for embed in record.get("embeds", []):
            text = embed.get("displayed_text") or ""
            if embed.get("platform") != "twitter" or not text.strip() or not embed.get("post_id"):
                continue
            shown_day = parse_displayed_date(embed.get("displayed_date"))
            posts.append(
                _post(
                    text,
                    source=f"corpus/{record['file']}",
                    handle=embed.get("author_handle"),
                    name=embed.get("author_name"),
                    day=shown_day,
                    post_id=str(embed["post_id"]),
                )
            )
    return posts


def _day(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def _post(
    text: str,
    *,
    source: str,
    handle: str | None = None,
    name: str | None = None,
    day: date | None = None,
    post_id: str | None = None,
    links: tuple[tuple[str, str], ...] = (),
    is_reply: bool = False,
) -> Post:
    """A tweet identity for a real text: its own where it has one, else one made from it."""
    text = text.replace("\r\n", "\n").strip()
    crc = zlib.crc32(text.encode())
    handle = re.sub(r"\W", "", handle or "")[:15] or f"author{crc % 1000}"
    if post_id is None or not post_id.isdigit():
        day = day or date(2021, 6, 1)
        millis = int(
            datetime(day.year, day.month, day.day, 12, tzinfo=timezone.utc).timestamp() * 1000
        )
        if millis > _TWITTER_EPOCH_MS:
            post_id = str(((millis - _TWITTER_EPOCH_MS) << 22) | (crc & 0x3FFFFF))
        else:  # before snowflakes (November 2010) ids were a plain count: a small one
            post_id = str(1_000_000_000 + crc)
    elif int(post_id) > 1 << 40:  # a snowflake: the id says when it was posted
        millis = (int(post_id) >> 22) + _TWITTER_EPOCH_MS
        day = datetime.fromtimestamp(millis / 1000, tz=timezone.utc).date()
    return Post(
        post_id=post_id,
        handle=handle,
        name=(name or handle).strip() or handle,
        text=text,
        day=day or date(2021, 6, 1),
        source=source,
        is_reply=is_reply and text.startswith("@"),
        links=links,
    )


def archive_record(post: Post) -> dict[str, Any]:
    """The post as snscrape's JSONL writes a tweet."""
    record: dict[str, Any] = {
        "_type": "snscrape.modules.twitter.Tweet",
        "url": f"https://twitter.com/{post.handle}/status/{post.post_id}",
        "date": f"{post.day.isoformat()}T12:00:00+00:00",
        "rawContent": post.text,
        "id": int(post.post_id),
        "user": {
            "_type": "snscrape.modules.twitter.User",
            "username": post.handle,
            "displayname": post.name,
        },
        "lang": post.lang,
        "inReplyToTweetId": 1 if post.is_reply else None,
    }
    if post.links:
        record["links"] = [
            {"_type": "snscrape.modules.twitter.TextLink", "url": expanded, "tcourl": short}
            for short, expanded in post.links
        ]
    return record


# Building and judging the articles.


@dataclass(frozen=True)
class Case:
    form: str
    edit: str
    keeps_meaning: bool
    expect: tuple[str, ...]
    post: str  # the post's source and id
    file: str
    status: str = ""
    reason: str = ""

    @property
    def right(self) -> bool:
        if self.keeps_meaning:
            return self.status in self.expect
        return self.status in _CHANGED_OK or self.not_concluded

    @property
    def not_concluded(self) -> bool:
        """A changed quote of a post whose text is held only in part (the corpus labels hold
        what an article showed, cut with "…"), changed beyond what is held: nothing to
        compare the change with, so the verdict honestly waits for the whole post."""
        return (
            not self.keeps_meaning
            and self.status == "pending"
            and "held only in part" in self.reason
        )

    @property
    def false_verified(self) -> bool:
        return not self.keeps_meaning and self.status == "verified"

    @property
    def false_alarm(self) -> bool:
        return self.keeps_meaning and not self.right and self.status in _ALARMS


def build_cases(posts: list[Post], folder: Path, *, all_forms: bool = False) -> list[Case]:
    """Write one article per (post, edit, form) into `folder`; the archive beside it."""
    cases = []
    articles = folder / "articles"
    articles.mkdir(parents=True, exist_ok=True)
    for index, post in enumerate(posts):
        other = _other(posts, index)
        for number, edit in enumerate(EDITS):
            shown = edit.apply(post, other)
            if shown is None:
                continue
            forms = edit.forms or FORMS
            chosen = forms if all_forms else (forms[(index + number) % len(forms)],)
            for form in chosen:
                writer, suffix = WRITERS[form]
                slug = re.sub(r"\W+", "_", edit.name)
                name = f"{len(cases):05d}-{form}-{slug}.{suffix}"
                (articles / name).write_bytes(writer(shown, post.lang))
                cases.append(_case(edit, form, post, str(articles / name)))
    with (folder / "originals.jsonl").open("w", encoding="utf-8") as out:
        for post in posts:
            out.write(json.dumps(archive_record(post), ensure_ascii=False) + "\n")
    return cases


def _other(posts: list[Post], index: int) -> Post:
    """Another post, by another author where there is one (splices, wrong authors)."""
    for step in range(1, len(posts)):
        candidate = posts[(index + step * 7) % len(posts)]
        if candidate.handle.casefold() != posts[index].handle.casefold():
            return candidate
    return posts[(index + 1) % len(posts)]


def _case(edit: Edit, form: str, post: Post, file: str) -> Case:
    expect = edit.expect or ("verified",)
    return Case(form, edit.name, edit.keeps_meaning, expect, f"{post.source} {post.post_id}", file)


def judge_cases(cases: list[Case], folder: Path) -> list[Case]:
    """Run the pipeline over the articles and read each one's verdict back from SQLite."""
    db = sqlite_utils.Database(folder / "archive.db")
    # A throwaway archive: no need to wait for the disk after each article.
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA journal_mode = MEMORY")
    import_posts([folder / "originals.jsonl"], db=db)
    verify([str(folder / "articles")], db=db, options=VerifyOptions())
    verdicts: dict[str, tuple[str, str]] = {}
    rows = db.query(
        "select articles.source, verdicts.status, verdicts.reason from embeds"
        " join verdicts on verdicts.embed_id = embeds.id"
        " join articles on articles.id = embeds.article_id"
        " where embeds.kind != 'link' order by embeds.position desc"
    )
    for row in rows:  # the first embed of an article wins: it holds one quoted post
        verdicts[row["source"]] = (row["status"], row["reason"] or "")
    return [
        _with_verdict(case, *verdicts.get(case.file, ("undetected", "no embed found")))
        for case in cases
    ]


def _with_verdict(case: Case, status: str, reason: str) -> Case:
    return Case(**{**asdict(case), "status": status, "reason": reason})


def run(posts: list[Post], *, all_forms: bool = False, keep: Path | None = None) -> list[Case]:
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        return judge_cases(build_cases(posts, keep, all_forms=all_forms), keep)
    with tempfile.TemporaryDirectory() as folder:
        return judge_cases(build_cases(posts, Path(folder), all_forms=all_forms), Path(folder))


# Reporting.


def tally(cases: Iterable[Case], key: str) -> dict[str, dict[str, int]]:
    order = FORMS if key == "form" else [edit.name for edit in EDITS]
    table: dict[str, dict[str, int]] = {}
    for name in order:
        table[name] = {"articles": 0, "right": 0, "false_verified": 0, "false_alarms": 0}
    for case in cases:
        row = table.setdefault(
            getattr(case, key), {"articles": 0, "right": 0, "false_verified": 0, "false_alarms": 0}
        )
        row["articles"] += 1
        row["right"] += case.right
        row["false_verified"] += case.false_verified
        row["false_alarms"] += case.false_alarm
    return table


def markdown_table(title: str, table: dict[str, dict[str, int]]) -> str:
    lines = [
        f"| {title} | articles | right | false verified | false alarms |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, row in table.items():
        if not row["articles"]:
            continue
        lines.append(
            f"| {name} | {row['articles']} | {row['right']} | {row['false_verified']} "
            f"| {row['false_alarms']} |"
        )
    return "\n".join(lines)


def summary(cases: list[Case], posts: int) -> str:
    keeps = [case for case in cases if case.keeps_meaning]
    false_verified = sum(case.false_verified for case in cases)
    alarms = sum(case.false_alarm for case in cases)
    right = sum(case.right for case in cases)
    share = alarms / len(keeps) if keeps else 0.0
    waiting = sum(case.not_concluded for case in cases)
    return (
        f"{len(cases)} articles from {posts} real posts: {right} right "
        f"({waiting} of them pending: changed beyond an original held only in part), "
        f"{false_verified} false verified, {alarms} false alarms "
        f"({share:.1%} of {len(keeps)} articles that keep the meaning)"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=None, help="use only the first N posts")
    parser.add_argument("--all-forms", action="store_true", help="every edit in every form")
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--json", action="store_true", help="one JSON object per article")
    parser.add_argument("--show-wrong", type=int, default=0, metavar="N")
    parser.add_argument("--keep", type=Path, default=None, help="write the articles here")
    args = parser.parse_args(argv)
    posts = collect_posts(args.shared)[: args.posts]
    cases = run(posts, all_forms=args.all_forms, keep=args.keep)
    if args.json:
        for case in cases:
            print(json.dumps(asdict(case), ensure_ascii=False))
    else:
        print(summary(cases, len(posts)) + "\n")
        print(markdown_table("form", tally(cases, "form")) + "\n")
        print(markdown_table("edit", tally(cases, "edit")))
        wrong = [case for case in cases if not case.right][: args.show_wrong]
        for case in wrong:
            print(
                f"\n{case.form} / {case.edit}: {case.status} ({case.post})"
                f"\n  {case.file}\n  {case.reason}"
            )
    return 1 if any(case.false_verified for case in cases) else 0


if __name__ == "__main__":
    raise SystemExit(main())
