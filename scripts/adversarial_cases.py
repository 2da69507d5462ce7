"""The articles of the adversarial harness: how an article quotes a post, and how it edits it.

A `Shown` is what one article shows of one post (its words, who, when, which id) and how it
writes them (entities, emoji images, line breaks, encodings); an `Edit` turns the faithful
`Shown` into another, keeping or changing the meaning; a `Form` writes a `Shown` into a whole
article, in one of the ways articles quote posts (see scripts/adversarial.py).
"""

from __future__ import annotations

import html
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta


@dataclass(frozen=True)
class Post:
    """A real post's text, with the identity the harness's archive gives it."""

    post_id: str
    handle: str
    name: str
    text: str  # as the platform holds it (a reply's leading @mentions included)
    day: date
    source: str  # where the text comes from
    is_reply: bool = False
    lang: str = "en"
    links: tuple[tuple[str, str], ...] = ()  # (t.co link, expanded URL)

    @property
    def shown(self) -> str:
        """What an embed of the post shows: a reply's leading @mentions are hidden."""
        return _LEADING_MENTIONS.sub("", self.text) if self.is_reply else self.text


@dataclass(frozen=True)
class Shown:
    text: str
    handle: str
    name: str
    day: date
    post_id: str
    emoji_images: bool = False  # emoji written as <img alt="🔥">, as CMSs do
    alt_extra: str = ""  # words written through an image's alt, inside the text
    entities: bool = False  # every non-ASCII character as a numeric entity
    breaks: bool = False  # paragraphs as <br><br> inside one <p>
    crlf: bool = False
    encoding: str = "utf-8"  # declared in the page
    mojibake: bool = False  # UTF-8 read as cp1252 before the page was saved
    markdown_links: bool = False  # mentions and links as Markdown links
    quote_marks: bool = False  # the article's own quotation marks around the whole quote


@dataclass(frozen=True)
class Edit:
    name: str
    keeps_meaning: bool
    apply: Callable[[Post, Post], Shown | None]  # (post, another post) -> shown, or None
    forms: tuple[str, ...] = ()  # the forms it applies to; () for all
    expect: tuple[str, ...] = ()  # for edits that keep meaning: the statuses that are right


_LEADING_MENTIONS = re.compile(r"^(?:@\w{1,15}\s+)+")
_EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff]\ufe0f?")
_URL = re.compile(r"(?:https?://|pic\.twitter\.com/)\S+")
_MENTION = re.compile(r"(?<![\w@])@\w{1,15}")
_HASHTAG = re.compile(r"(?<![\w#])#\w+")
_WORD = re.compile(r"(?<![\w@#/.])[^\W\d_]{3,}(?![\w/])")
HTML_FORMS = ("embed", "amp", "cms")
TEXT_FORMS = ("remnant", "markdown", "glued", "led_in", "wrapped")
FORMS = HTML_FORMS + TEXT_FORMS


def faithful(post: Post) -> Shown:
    return Shown(post.shown, post.handle, post.name, post.day, post.post_id)


def _pick(post: Post, items: list[re.Match[str]]) -> re.Match[str] | None:
    """A deterministic choice (the same article every run), away from the edges if it can."""
    if not items:
        return None
    inner = items[1:-1] or items
    return inner[zlib.crc32(post.post_id.encode()) % len(inner)]


def _sub(post: Post, pattern: re.Pattern[str], change: Callable[[str], str]) -> Shown | None:
    text = post.shown
    match = _pick(post, list(pattern.finditer(text)))
    if match is None:
        return None
    new = text[: match.start()] + change(match.group()) + text[match.end() :]
    return replace(faithful(post), text=new) if new != text else None


def _text(post: Post, text: str) -> Shown | None:
    return replace(faithful(post), text=text) if text != post.shown else None


# Edits that change meaning: the verdict must never be verified.


def _number(post: Post, _: Post) -> Shown | None:
    return _sub(post, re.compile(r"\d+"), lambda d: d[:-1] + str((int(d[-1]) + 1) % 10))


_NEGATABLE = re.compile(r"\b(is|are|was|were|will|can|should|does|do|has|have)\b")


def _negation_added(post: Post, _: Post) -> Shown | None:
    return _sub(post, _NEGATABLE, lambda word: f"{word} not")


def _negation_removed(post: Post, _: Post) -> Shown | None:
    text = re.sub(r"\b(not|never|no)\s", "", post.shown, count=1)
    text = text if text != post.shown else re.sub(r"n[’']t\b", "", post.shown, count=1)
    return _text(post, text)


_SYNONYMS = {
    "big": "large",
    "new": "novel",
    "said": "stated",
    "good": "great",
    "great": "good",
    "happy": "glad",
    "today": "now",
    "help": "aid",
    "people": "folks",
    "think": "believe",
    "more": "further",
    "work": "labour",
    "important": "crucial",
    "first": "earliest",
    "best": "finest",
    "make": "create",
    "here": "present",
    "just": "only",
    "all": "every",
}
_SYNONYM = re.compile(r"\b(" + "|".join(_SYNONYMS) + r")\b")


def _synonym(post: Post, _: Post) -> Shown | None:
    shown = _sub(post, _SYNONYM, lambda word: _SYNONYMS[word])
    # Not every post holds a listed word: any longer word then becomes a near synonym.
    return shown or _sub(post, _WORD, lambda word: word + "ly")


def _words(post: Post) -> list[re.Match[str]]:
    return list(_WORD.finditer(post.shown))


def _swapped(post: Post, _: Post) -> Shown | None:
    words = _words(post)
    for first, second in zip(words[1:], words[2:], strict=False):
        if first.group() != second.group():
            text = post.shown
            between = text[first.end() : second.start()]
            return _text(
                post,
                text[: first.start()]
                + second.group()
                + between
                + first.group()
                + text[second.end() :],
            )
    return None


def _dropped(post: Post, _: Post) -> Shown | None:
    words = _words(post)
    if len(words) < 4:
        return None
    word = words[len(words) // 2]
    return _text(post, post.shown[: word.start()] + post.shown[word.end() :].lstrip(" "))


_ADDED = "Officials later confirmed the plan was cancelled."


def _sentence_before(post: Post, _: Post) -> Shown | None:
    return _text(post, f"{_ADDED} {post.shown}")


def _sentence_after(post: Post, _: Post) -> Shown | None:
    return _text(post, f"{post.shown} {_ADDED}")


def _sentence_inside(post: Post, _: Post) -> Shown | None:
    words = _words(post)
    if len(words) < 4:
        return None
    at = words[len(words) // 2].start()
    return _text(post, f"{post.shown[:at]}{_ADDED} {post.shown[at:]}")


def _paragraph_before(post: Post, _: Post) -> Shown | None:
    return _text(post, f"{_ADDED}\n\n{post.shown}")


def _paragraph_after(post: Post, _: Post) -> Shown | None:
    return _text(post, f"{post.shown}\n\n{_ADDED}")


def _paragraph_inside(post: Post, _: Post) -> Shown | None:
    paragraphs = post.shown.split("\n\n")
    if len(paragraphs) < 2:
        return None
    return _text(post, "\n\n".join([paragraphs[0], _ADDED, *paragraphs[1:]]))


def _spliced(post: Post, other: Post) -> Shown | None:
    mine, theirs = _words(post), list(_WORD.finditer(other.shown))
    if len(mine) < 6 or len(theirs) < 6:
        return None
    head = post.shown[: mine[len(mine) // 2].start()]
    return _text(post, head + other.shown[theirs[len(theirs) // 2].start() :])


def _emoji_added(post: Post, _: Post) -> Shown | None:
    return _text(post, f"{post.shown} 😂")


def _emoji_removed(post: Post, _: Post) -> Shown | None:
    return _sub(post, _EMOJI, lambda _: "")


def _hashtag_added(post: Post, _: Post) -> Shown | None:
    return _text(post, f"{post.shown} #hoax")


def _hashtag_removed(post: Post, _: Post) -> Shown | None:
    return _sub(post, _HASHTAG, lambda _: "")


def _punctuation(post: Post, _: Post) -> Shown | None:
    text = post.shown.rstrip()
    if text and text[-1] in ".!":
        return _text(post, text[:-1] + "?")
    return _sub(post, re.compile(r"[,.!]"), lambda mark: "?" if mark != "?" else ".")


def _proper_noun_case(post: Post, _: Post) -> Shown | None:
    return _sub(post, re.compile(r"(?<=\w )[A-Z][a-z]{2,}\b"), str.lower)


def _link_replaced(post: Post, _: Post) -> Shown | None:
    if re.search(r"https?://t\.co/\w+", post.shown):
        return _sub(post, re.compile(r"https?://t\.co/\w+"), lambda _: "https://t.co/Zz9FakeLnk")
    return _sub(post, re.compile(r"https?://\S+"), lambda _: "https://example.org/other-story")


def _mention_changed(post: Post, _: Post) -> Shown | None:
    return _sub(post, _MENTION, lambda mention: mention + "_")


def _alt_text(post: Post, _: Post) -> Shown | None:
    return replace(faithful(post), alt_extra="NOT")


def _lookalike(post: Post, _: Post) -> Shown | None:
    handle = post.handle
    swapped = handle.replace("l", "I", 1) if "l" in handle else handle.replace("o", "0", 1)
    swapped = swapped if swapped != handle else handle + "_"
    return replace(faithful(post), handle=swapped)


def _wrong_author(post: Post, other: Post) -> Shown | None:
    if other.handle.casefold() == post.handle.casefold():
        return None
    return replace(faithful(post), handle=other.handle, name=other.name)


def _days_off(post: Post, _: Post) -> Shown | None:
    return replace(faithful(post), day=post.day + timedelta(days=4))


def _year_off(post: Post, _: Post) -> Shown | None:
    return replace(
        faithful(post), day=post.day.replace(year=post.day.year - 1, day=min(post.day.day, 28))
    )


def _other_words(post: Post, other: Post) -> Shown | None:
    return _text(post, other.shown)


_FABRICATED = "We are withdrawing from every market today and will not return. Sorry to all."


def _fabricated(post: Post, _: Post) -> Shown | None:
    return _text(post, _FABRICATED)


# Edits that keep meaning: the verdict must stay verified (truncated for an excerpt).


def _typographic(post: Post, _: Post) -> Shown | None:
    text = post.shown
    curly = re.sub(r'"([^"]*)"', "“\\1”", text).replace("'", "’")
    straight = text.translate(str.maketrans("“”‘’", "\"\"''"))
    return _text(post, curly) or _text(post, straight)


def _dashes(post: Post, _: Post) -> Shown | None:
    text = post.shown
    for dash, other in (("—", "--"), ("–", "—"), (" - ", " – "), ("--", "—")):
        if dash in text:
            return _text(post, text.replace(dash, other))
    return None


def _entities(post: Post, _: Post) -> Shown | None:
    return replace(faithful(post), entities=True)


def _nbsp(post: Post, _: Post) -> Shown | None:
    spaces = iter("\u00a0\u202f\u2007" * 200)
    return _text(post, re.sub(" ", lambda _: next(spaces), post.shown))


def _zero_width(post: Post, _: Post) -> Shown | None:
    marks = iter("\u200b\u2060\ufeff\u200c" * 200)
    return _text(
        post, _WORD.sub(lambda word: word.group()[:2] + next(marks) + word.group()[2:], post.shown)
    )


def _variation_selectors(post: Post, _: Post) -> Shown | None:
    if not _EMOJI.search(post.shown):
        return None
    if "\ufe0f" in post.shown:
        return _text(post, post.shown.replace("\ufe0f", ""))
    return _text(post, _EMOJI.sub(lambda emoji: emoji.group() + "\ufe0f", post.shown))


def _emoji_images(post: Post, _: Post) -> Shown | None:
    return replace(faithful(post), emoji_images=True) if _EMOJI.search(post.shown) else None


def _breaks(post: Post, _: Post) -> Shown | None:
    return replace(faithful(post), breaks=True) if "\n" in post.shown else None


def _crlf(post: Post, _: Post) -> Shown | None:
    return replace(faithful(post), crlf=True)


def _legacy_encoding(post: Post, _: Post) -> Shown | None:
    for encoding in ("cp1252", "iso-8859-15", "koi8-r", "shift_jis"):
        try:
            post.shown.encode(encoding)
        except UnicodeEncodeError:
            continue
        return replace(faithful(post), encoding=encoding)
    return None


def _mojibake(post: Post, _: Post) -> Shown | None:
    if post.shown.isascii():
        return None
    try:
        post.shown.encode("utf-8").decode("cp1252")
    except UnicodeDecodeError:
        return None
    return replace(faithful(post), mojibake=True)


def _markdown_links(post: Post, _: Post) -> Shown | None:
    if not (_MENTION.search(post.shown) or _URL.search(post.shown)):
        return None
    return replace(faithful(post), markdown_links=True)


def _reply_mentions(post: Post, _: Post) -> Shown | None:
    return _text(post, post.text) if post.is_reply else None


def _tco_dropped(post: Post, _: Post) -> Shown | None:
    return _sub(post, re.compile(r"\s*https?://t\.co/\w+"), lambda _: "")


def _tco_expanded(post: Post, _: Post) -> Shown | None:
    text = post.shown
    for short, expanded in post.links:
        text = text.replace(short, expanded)
    return _text(post, text)


def _quote_marks(post: Post, _: Post) -> Shown | None:
    return replace(faithful(post), quote_marks=True)


def _excerpt(post: Post, _: Post) -> Shown | None:
    words = _words(post)
    if len(words) < 8:
        return None
    return _text(post, post.shown[: words[len(words) * 2 // 3].start()].rstrip() + "…")


CHANGES = [
    Edit("number", False, _number),
    Edit("negation added", False, _negation_added),
    Edit("negation removed", False, _negation_removed),
    Edit("synonym", False, _synonym),
    Edit("two words swapped", False, _swapped),
    Edit("word dropped", False, _dropped),
    Edit("sentence before", False, _sentence_before),
    Edit("sentence after", False, _sentence_after),
    Edit("sentence inside", False, _sentence_inside),
    # Before the quote, a paragraph in flat text reads as the article's own: only markup tells.
    Edit("paragraph before", False, _paragraph_before, forms=HTML_FORMS),
    Edit("paragraph after", False, _paragraph_after),
    Edit("paragraph inside", False, _paragraph_inside),
    Edit("two posts spliced", False, _spliced),
    Edit("emoji added", False, _emoji_added),
    Edit("emoji removed", False, _emoji_removed),
    Edit("hashtag added", False, _hashtag_added),
    Edit("hashtag removed", False, _hashtag_removed),
    Edit("punctuation", False, _punctuation),
    Edit("proper noun case", False, _proper_noun_case),
    Edit("link replaced", False, _link_replaced),
    Edit("mention changed", False, _mention_changed),
    Edit("words in an image alt", False, _alt_text, forms=HTML_FORMS),
    Edit("look-alike handle", False, _lookalike),
    Edit("wrong author", False, _wrong_author),
    Edit("date days off", False, _days_off),
    Edit("date a year off", False, _year_off),
    Edit("real id, other post's words", False, _other_words),
    Edit("fabricated words", False, _fabricated),
]
KEEPS = [
    Edit("faithful", True, lambda post, _: faithful(post)),
    Edit("typographic quotes", True, _typographic),
    Edit("dash forms", True, _dashes),
    Edit("entities", True, _entities, forms=HTML_FORMS),
    Edit("non-breaking spaces", True, _nbsp),
    Edit("zero-width characters", True, _zero_width),
    Edit("variation selectors", True, _variation_selectors),
    Edit("emoji as images", True, _emoji_images, forms=HTML_FORMS),
    Edit("<br> for paragraphs", True, _breaks, forms=HTML_FORMS),
    Edit("CRLF", True, _crlf),
    Edit("legacy encoding", True, _legacy_encoding, forms=HTML_FORMS),
    Edit("mojibake", True, _mojibake),
    Edit("Markdown links", True, _markdown_links, forms=("markdown",)),
    Edit("reply's mentions shown", True, _reply_mentions),
    Edit("t.co dropped", True, _tco_dropped),
    Edit("t.co expanded", True, _tco_expanded),
    Edit("article's quotation marks", True, _quote_marks),
    Edit("excerpt with ellipsis", True, _excerpt, expect=("truncated",)),
]
EDITS = CHANGES + KEEPS


# Forms: a `Shown` written into a whole article.

_PROSE_BEFORE = "The statement drew wide attention within hours of being posted."
_PROSE_AFTER = "A spokesperson declined to comment further when asked on Monday."


def status_url(shown: Shown) -> str:
    return f"https://twitter.com/{shown.handle}/status/{shown.post_id}"


def _date_text(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def _quoted(shown: Shown) -> str:
    return f"“{shown.text}”" if shown.quote_marks else shown.text


def _inline_html(text: str, shown: Shown) -> str:
    """A paragraph's words as an embed writes them: mentions, hashtags and links as anchors."""
    out = html.escape(text, quote=False)
    out = _URL.sub(lambda m: f'<a href="{m.group()}">{m.group()}</a>', out)
    out = re.sub(
        r"(?<![\w@/])@(\w{1,15})",
        lambda m: f'<a href="https://twitter.com/{m[1]}">@{m[1]}</a>',
        out,
    )
    if shown.emoji_images:
        out = _EMOJI.sub(
            lambda m: (
                f'<img class="emoji" draggable="false" alt="{m.group()}" '
                f'src="https://s.w.org/images/core/emoji/14.0.0/72x72/{ord(m.group()[0]):x}.png">'
            ),
            out,
        )
    if shown.entities:
        out = "".join(c if c.isascii() else f"&#{ord(c)};" for c in out).replace("'", "&#39;")
    return out.replace("\n", "<br>\n")


def _paragraphs_html(shown: Shown, lang: str) -> str:
    text = _quoted(shown)
    if shown.alt_extra:
        words = list(_WORD.finditer(text))
        at = words[len(words) // 2].start() if words else 0
        image = f'<img class="emoji" alt="{shown.alt_extra} " src="https://s.w.org/e.png">'
        text_html = _inline_html(text[:at], shown) + image + _inline_html(text[at:], shown)
        return f'<p lang="{lang}" dir="ltr">{text_html}</p>'
    paragraphs = text.split("\n\n")
    if shown.breaks:
        inner = "<br><br>".join(_inline_html(p, shown) for p in paragraphs)
        return f'<p lang="{lang}" dir="ltr">{inner}</p>'
    return "".join(f'<p lang="{lang}" dir="ltr">{_inline_html(p, shown)}</p>' for p in paragraphs)


def _signature_html(shown: Shown) -> str:
    return (
        f"&mdash; {html.escape(shown.name)} (@{shown.handle}) "
        f'<a href="{status_url(shown)}?ref_src=twsrc%5Etfw">{_date_text(shown.day)}</a>'
    )


def _page(body: str, shown: Shown) -> bytes:
    page = (
        f'<!doctype html><html><head><meta charset="{shown.encoding}"><title>News</title></head>'
        f"<body><article><h1>What was said</h1><p>{_PROSE_BEFORE}</p>\n{body}\n"
        f"<p>{_PROSE_AFTER}</p></article></body></html>"
    )
    return _finish(page, shown)


def _finish(content: str, shown: Shown) -> bytes:
    if shown.mojibake:
        content = content.encode("utf-8").decode("cp1252", errors="replace")
    if shown.crlf:
        content = content.replace("\r\n", "\n").replace("\n", "\r\n")
    return content.encode(shown.encoding, errors="xmlcharrefreplace")


def form_embed(shown: Shown, lang: str) -> bytes:
    quote = (
        f'<blockquote class="twitter-tweet">{_paragraphs_html(shown, lang)}'
        f"{_signature_html(shown)}</blockquote>\n"
        '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>'
    )
    return _page(quote, shown)


def form_amp(shown: Shown, lang: str) -> bytes:
    # The AMP component's documented placeholder: the blockquote a script would render.
    quote = (
        f'<amp-twitter width="375" height="472" layout="responsive" data-tweetid="{shown.post_id}">'
        f'<blockquote placeholder class="twitter-tweet" data-lang="{lang}">'
        f"{_paragraphs_html(shown, lang)}{_signature_html(shown)}</blockquote></amp-twitter>"
    )
    return _page(quote, shown)


def form_cms(shown: Shown, lang: str) -> bytes:
    # A CMS that rewrote the embed with its own classes, dropping `twitter-tweet`.
    quote = (
        '<figure class="embed embed--social" data-provider="twitter">'
        '<blockquote class="embed-quote">'
        f"{_paragraphs_html(shown, lang)}{_signature_html(shown)}</blockquote></figure>"
    )
    return _page(quote, shown)


def _signature_text(shown: Shown) -> str:
    return f"— {shown.name} (@{shown.handle}) {_date_text(shown.day)}"


def form_remnant(shown: Shown, lang: str) -> bytes:
    text = f"{_PROSE_BEFORE}\n\n{_quoted(shown)}\n\n{_signature_text(shown)}\n\n{_PROSE_AFTER}\n"
    return _finish(text, shown)


def form_glued(shown: Shown, lang: str) -> bytes:
    text = f"{_PROSE_BEFORE}\n{_quoted(shown)}\n{_signature_text(shown)}\n{_PROSE_AFTER}\n"
    return _finish(text, shown)


def form_led_in(shown: Shown, lang: str) -> bytes:
    text = (
        f"{_PROSE_BEFORE} He wrote: {_quoted(shown)}\n{_signature_text(shown)}\n\n{_PROSE_AFTER}\n"
    )
    return _finish(text, shown)


def form_wrapped(shown: Shown, lang: str) -> bytes:
    text = (
        f"{_PROSE_BEFORE}\n\nOn the day, the post read:\n\n{_quoted(shown)} "
        f"{_signature_text(shown)} {_PROSE_AFTER}\n"
    )
    return _finish(text, shown)


def _markdown_inline(text: str, shown: Shown) -> str:
    if not shown.markdown_links:
        return text
    text = _URL.sub(lambda m: f"[{m.group()}]({_with_scheme(m.group())})", text)
    return re.sub(
        r"(?<![\w@/\[])@(\w{1,15})", lambda m: f"[@{m[1]}](https://twitter.com/{m[1]})", text
    )


def _with_scheme(url: str) -> str:
    return url if url.startswith("http") else f"https://{url}"


def form_markdown(shown: Shown, lang: str) -> bytes:
    lines = _markdown_inline(_quoted(shown), shown).split("\n")
    quote = "\n".join(f"> {line}".rstrip() for line in lines)
    signature = f"> — {shown.name} (@{shown.handle}) [{_date_text(shown.day)}]({status_url(shown)})"
    text = f"# What was said\n\n{_PROSE_BEFORE}\n\n{quote}\n>\n{signature}\n\n{_PROSE_AFTER}\n"
    return _finish(text, shown)


WRITERS: dict[str, tuple[Callable[[Shown, str], bytes], str]] = {
    "embed": (form_embed, "html"),
    "amp": (form_amp, "html"),
    "cms": (form_cms, "html"),
    "remnant": (form_remnant, "txt"),
    "markdown": (form_markdown, "md"),
    "glued": (form_glued, "txt"),
    "led_in": (form_led_in, "txt"),
    "wrapped": (form_wrapped, "txt"),
}
