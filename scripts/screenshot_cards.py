"""Post screenshots drawn from real post texts, for the tests and the benchmark.

Each platform's card is drawn in HTML after the look of its post page (X, Bluesky, Threads,
Instagram, Facebook, Truth Social), light and dark, at a web width and a phone width, and
photographed by the headless Chromium at /usr/bin/chromium (or $VERIFIER_CHROMIUM) through
Playwright. The texts are real: the embedded posts labelled in ../shared/corpus/LABELS.jsonl,
the X answers in ../shared/payloads/ and the seed's archive (seeds/originals.jsonl).

    python scripts/screenshot_cards.py OUT_DIR [--limit N]

writes OUT_DIR/NNN-platform-theme-layout-variant.png, OUT_DIR/cases.jsonl (what each picture
shows and what it should be judged) and OUT_DIR/originals.jsonl (the archive the pictures are
judged against, in snscrape's JSONL shape).
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
PLATFORMS = ("twitter", "bluesky", "threads", "instagram", "facebook", "truthsocial")
THEMES = ("light", "dark")
LAYOUTS = {"web": 600, "phone": 390}
_URL = re.compile(r"\s*(?:https?://\S+|pic\.twitter\.com/\S+|\S+\.(?:com|ly|co)/\S+)")
# DejaVu, the only font here, has no emoji: a pictograph is drawn as a box, as in a real
# screenshot whose viewer lacks the font. The originals keep them.
_PICTOGRAPH = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\ufe0f\u200d]")


@dataclass(frozen=True)
class Post:
    platform: str
    handle: str
    name: str
    created_at: datetime
    text: str
    post_id: str


@dataclass(frozen=True)
class Case:
    image: str
    platform: str
    theme: str
    layout: str
    variant: str  # faithful, altered_word, altered_number, fabricated, wrong_date
    expect: str  # "verified" | "not verified"
    shown_handle: str
    shown_name: str
    shown_date: str
    shown_text: str
    post_key: str


def real_posts() -> list[tuple[str, str, datetime, str, str]]:
    """(handle, name, created_at, text, id) of real posts, with their links taken out."""
    found: list[tuple[str, str, datetime, str, str]] = []
    labels = SHARED / "corpus" / "LABELS.jsonl"
    from verifier.text.dates import parse_displayed_date

    for line in labels.read_text(encoding="utf-8").splitlines() if labels.exists() else []:
        for embed in json.loads(line).get("embeds", []):
            text = _clean(embed.get("displayed_text") or "")
            day = parse_displayed_date(embed.get("displayed_date"))
            drawn = _DRAWN.match(_PICTOGRAPH.sub("", text))
            if len(text) < 25 or not embed.get("author_handle") or day is None or not drawn:
                continue
            seed = int(hashlib.sha256(text.encode()).hexdigest()[:6], 16)
            when = datetime(day.year, day.month, day.day, 8 + seed % 12, seed % 60, tzinfo=UTC)
            name = embed.get("author_name") or embed["author_handle"]
            found.append((embed["author_handle"], name, when, text, embed.get("post_id") or ""))
    seed_file = REPO / "seeds" / "originals.jsonl"
    for line in seed_file.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        when = datetime.fromisoformat(row["date"])
        text = _clean(row["rawContent"])
        found.append((row["user"]["username"], row["user"]["displayname"], when, text, ""))
    unique = {post[3]: post for post in found}
    return sorted(unique.values(), key=lambda p: (p[2], p[0]))


UTC = timezone.utc


# The only font here (DejaVu Sans) draws Latin, Greek and Cyrillic; a post in another script
# would be drawn as boxes, which no reader could check either. Those posts are left out.
_DRAWN = re.compile(r"^[\u0000-\u052f\u1e00-\u1fff\u2000-\u206f\u20a0-\u20cf\u2100-\u214f]*$")


def _clean(text: str) -> str:
    text = _URL.sub("", text.replace("\u2026", "").replace("...", "")).strip()
    return re.sub(r"[ \t]+", " ", text)


def posts(limit: int) -> list[Post]:
    chosen = []
    for i, (handle, name, when, text, post_id) in enumerate(real_posts()[:limit]):
        platform = PLATFORMS[i % len(PLATFORMS)]
        ident = post_id or str(int(hashlib.sha256(f"{handle}{text}".encode()).hexdigest()[:12], 16))
        chosen.append(Post(platform, handle, name, when, text, ident))
    return chosen


# The date and time line as each platform's post page writes it (en-US).
def shown_date(platform: str, when: datetime) -> str:
    hour = when.strftime("%I").lstrip("0")
    clock = f"{hour}:{when:%M} {when:%p}"
    if platform == "twitter":
        return f"{clock} · {when:%b} {when.day}, {when:%Y}"
    if platform == "bluesky":
        return f"{when:%B} {when.day}, {when:%Y} at {clock}"
    if platform == "threads":
        return f"{when:%m/%d/%y}"
    if platform == "instagram":
        return f"{when:%B} {when.day}, {when:%Y}"
    if platform == "facebook":
        return f"{when:%B} {when.day}, {when:%Y} at {clock}"
    return f"{when:%b} {when.day}, {when:%Y}, {clock}"


def _counts(post: Post) -> tuple[str, str, str]:
    seed = int(hashlib.sha256(post.text.encode()).hexdigest()[:8], 16)
    a, b, c = seed % 900 + 12, seed % 9000 + 340, (seed // 7) % 90 + 3
    return f"{a:,}", f"{b / 1000:.1f}K", f"{c}"


_COLOURS = {
    "light": {"bg": "#ffffff", "fg": "#0f1419", "muted": "#536471", "line": "#eff3f4"},
    "dark": {"bg": "#000000", "fg": "#e7e9ea", "muted": "#71767b", "line": "#2f3336"},
}


def card_html(post: Post, *, theme: str, layout: str) -> str:
    """One post drawn as its platform's post page shows it."""
    c = _COLOURS[theme]
    width = LAYOUTS[layout]
    big = 17 if layout == "web" else 16
    reposts, likes, replies = _counts(post)
    text = html.escape(post.text).replace("\n", "<br>")
    name, handle, date = (
        html.escape(post.name),
        html.escape(post.handle),
        shown_date(post.platform, post.created_at),
    )
    avatar = (
        '<div style="width:44px;height:44px;border-radius:50%;background:#8899a6;'
        'flex:none;margin-right:10px"></div>'
    )
    head = {
        "twitter": f"<b>{name}</b><br><span class=m>@{handle}</span>",
        "bluesky": f"<b>{name}</b><br><span class=m>@{handle}.bsky.social</span>",
        "threads": f"<b>{handle}</b>",
        "instagram": f"<b>{handle}</b>",
        "facebook": f"<b>{name}</b><br><span class=m>{date} · 🌐</span>",
        "truthsocial": f"<b>{name}</b><br><span class=m>@{handle}</span>",
    }[post.platform]
    right = {"twitter": "Follow", "threads": date, "truthsocial": "Follow"}.get(post.platform, "")
    date_line = {
        "twitter": f"{date} · <b>{likes}</b> Views",
        "bluesky": date,
        "threads": "",
        "instagram": date,
        "facebook": "",
        "truthsocial": date,
    }[post.platform]
    counts = {
        "twitter": f"<b>{reposts}</b> Reposts &nbsp; <b>{replies}</b> Quotes &nbsp; "
        f"<b>{likes}</b> Likes &nbsp; <b>{replies}</b> Bookmarks",
        "bluesky": f"<b>{reposts}</b> reposts &nbsp; <b>{replies}</b> quotes &nbsp; "
        f"<b>{likes}</b> likes",
        "threads": f"♡ {likes} &nbsp; 💬 {replies} &nbsp; ⟳ {reposts}",
        "instagram": f"<b>{reposts} likes</b>",
        "facebook": f"👍 {likes} &nbsp;&nbsp; {replies} comments &nbsp; {reposts} shares",
        "truthsocial": f"<b>{replies}</b> replies &nbsp; <b>{reposts}</b> ReTruths &nbsp; "
        f"<b>{likes}</b> Likes",
    }[post.platform]
    if post.platform == "instagram":
        body = (
            '<div style="height:160px;background:#c9a27e;margin:0 -16px 10px"></div>'
            f"<div class=c>{counts}</div><div><b>{handle}</b> {text}</div>"
            f"<div class=m style='margin-top:6px;font-size:13px'>{date}</div>"
        )
    else:
        body = (
            f"<div style='font-size:{big + 2}px;line-height:1.35'>{text}</div>"
            + (f"<div class=m style='margin-top:12px'>{date_line}</div>" if date_line else "")
            + f"<div class=c>{counts}</div>"
        )
    top = {"twitter": "Post", "threads": "Thread", "truthsocial": "Truth Details"}.get(
        post.platform, ""
    )
    header = f"<div class=t><b>{top}</b></div>" if top else ""
    return f"""<!doctype html><meta charset=utf-8><style>
body {{ margin:0; background:{c["bg"]}; color:{c["fg"]}; font: {big}px 'DejaVu Sans'; }}
.w {{ width:{width - 32}px; padding:12px 16px 16px; }}
.m {{ color:{c["muted"]}; font-size:{big - 2}px; }}
.c {{ border-top:1px solid {c["line"]}; border-bottom:1px solid {c["line"]};
      padding:10px 0; margin:10px 0; color:{c["muted"]}; font-size:{big - 2}px; }}
.t {{ font-size:{big + 3}px; padding:4px 0 14px; }}
</style><div class=w>{header}
<div style="display:flex;align-items:center;margin-bottom:10px">{avatar}
<div style="flex:1">{head}</div><div class=m>{right}</div></div>{body}</div>"""


def variants(post: Post, number: int) -> Iterator[tuple[str, Post, str]]:
    """The post as it was, and as someone may have changed it: (variant, post, expected)."""
    yield "faithful", post, "verified"
    kind = number % 4
    words = post.text.split(" ")
    if kind == 0 and len(words) > 3:
        i = max(range(len(words)), key=lambda j: (len(words[j]), -j))
        changed = " ".join(words[:i] + [_swap_word(words[i])] + words[i + 1 :])
        yield "altered_word", replace(post, text=changed), "not verified"
    elif kind == 1:
        digits = re.search(r"\d+", post.text)
        if digits:
            bigger = str(int(digits[0]) * 3 + 7)
            changed = post.text[: digits.start()] + bigger + post.text[digits.end() :]
        else:
            changed = post.text.rstrip(".!") + " 100%."
        yield "altered_number", replace(post, text=changed), "not verified"
    elif kind == 2:
        fake = "We are shutting the whole company down tomorrow. Thank you for everything."
        yield "fabricated", replace(post, text=fake), "not verified"
    else:
        yield (
            "wrong_date",
            replace(post, created_at=post.created_at + timedelta(days=40)),
            ("not verified"),
        )


def _swap_word(word: str) -> str:
    core = word.strip(".,!?:;\"'")
    swapped = "never" if core.lower() != "never" else "always"
    return word.replace(core, swapped) if core else "never"


def render(out: Path, *, limit: int) -> list[Case]:
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("VERIFIER_CHROMIUM") or shutil.which("chromium")
    out.mkdir(parents=True, exist_ok=True)
    chosen = posts(limit)
    cases: list[Case] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(device_scale_factor=1)
        for number, post in enumerate(chosen):
            theme = THEMES[(number // len(PLATFORMS)) % 2]
            layout = tuple(LAYOUTS)[(number // (2 * len(PLATFORMS))) % 2]
            for variant, shown, expect in variants(post, number):
                name = f"{number:03d}-{post.platform}-{theme}-{layout}-{variant}.png"
                page.set_viewport_size({"width": LAYOUTS[layout], "height": 400})
                page.set_content(card_html(shown, theme=theme, layout=layout))
                page.locator("div.w").screenshot(path=str(out / name))
                when = shown_date(shown.platform, shown.created_at)
                cases.append(
                    Case(name, post.platform, theme, layout, variant, expect, shown.handle,
                         shown.name, when, shown.text, f"{post.platform}:{post.post_id}")
                )  # fmt: skip
        browser.close()
    with open(out / "cases.jsonl", "w", encoding="utf-8") as f:
        f.writelines(json.dumps(asdict(c), ensure_ascii=False) + "\n" for c in cases)
    with open(out / "originals.jsonl", "w", encoding="utf-8") as f:
        for post in chosen:
            row = {  # snscrape's JSONL shape, which `import-posts` reads
                "_type": f"snscrape.modules.{post.platform}.Post",
                "id": post.post_id,
                "url": f"https://example.invalid/{post.platform}/{post.post_id}",
                "date": post.created_at.isoformat(),
                "rawContent": post.text,
                "user": {"username": post.handle, "displayname": post.name},
            }
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return cases


if __name__ == "__main__":
    args = sys.argv[1:]
    limit = int(args[args.index("--limit") + 1]) if "--limit" in args else 10_000
    made = render(Path(args[0]), limit=limit)
    print(f"{len(made)} screenshots in {args[0]}", file=sys.stderr)
