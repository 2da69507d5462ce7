"""HTML for what came from articles and platforms: escaped, always.

Every string here may be hostile (a post can contain `<script>`, an author's name an event
handler, a URL `javascript:`): each one goes through `escape`, and a link is emitted only for an
http(s) URL. These are pure functions; the plugin and its template only place their output.
"""

from __future__ import annotations

import json
import re

from markupsafe import Markup, escape

from verifier.models import Outcome, Status, WordChange
from verifier.publish.labels import GONE_HELP, GONE_LABELS, STATUS_HELP, STATUS_LABELS

# No space before these, no space after those: the stored diff is a list of tokens joined by
# spaces ("Google , but"), which reads badly as it is.
_CLOSING = set(",.;:!?)]}%")
_OPENING = set("([{")
_SPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f]")


def web_url(value: object) -> str | None:
    """The value if it is an http(s) URL that is safe to put in an href, else None."""
    if not isinstance(value, str) or _SPACE_OR_CONTROL.search(value):
        return None
    return value if value.lower().startswith(("http://", "https://")) else None


def link(url: object, text: object | None = None) -> Markup:
    """A link to an http(s) URL; anything else is shown as inert text."""
    shown = escape(url if text is None else text)
    target = web_url(url)
    if target is None:
        return Markup(shown)
    return Markup('<a href="{}" rel="nofollow noopener noreferrer">{}</a>').format(target, shown)


def status_badge(value: object, *, gone: bool = False) -> Markup | None:
    """A verdict's status as a readable label; None for anything that is not a status. A
    faithful verdict on an original that is `gone` says it rests on a kept copy."""
    try:
        status = Status(value)
    except ValueError:
        return None
    if gone and status in GONE_LABELS:
        return Markup(
            '<span class="verifier-status verifier-{} verifier-gone" title="{}">{}</span>'
        ).format(status.value, GONE_HELP, GONE_LABELS[status])
    return Markup('<span class="verifier-status verifier-{}" title="{}">{}</span>').format(
        status.value, STATUS_HELP[status], STATUS_LABELS[status]
    )


def is_gone(outcome: object) -> bool:
    """Whether a post's last known outcome says it is no longer online."""
    try:
        return Outcome(outcome).is_unavailable
    except ValueError:
        return False


def check_mark(value: object) -> Markup | None:
    """author_ok and date_ok: 1 matches, 0 differs, empty unknown."""
    if value in (1, True):
        return Markup('<span class="verifier-ok">✓ matches</span>')
    if value in (0, False):
        return Markup('<span class="verifier-differs">✗ differs</span>')
    return None


def parse_diff(value: object) -> tuple[WordChange, ...] | None:
    """The stored diff (JSON) as WordChanges; None when it is not one."""
    if not isinstance(value, str):
        return None
    try:
        steps = json.loads(value)
        return tuple(
            WordChange(str(s["op"]), str(s.get("original") or ""), str(s.get("shown") or ""))
            for s in steps
        )
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


Token = tuple[str, str | None]  # a word, and the mark on it (del, ins, cut) or None
# How each mark is written. `cut`: words of the original a faithful excerpt leaves out, greyed
# rather than struck through (leaving them out is not an alteration).
_MARKS = {
    "ins": ("<ins>", "</ins>"),
    "del": ("<del>", "</del>"),
    "cut": ('<span class="verifier-cut" title="left out by the article">', "</span>"),
}


def prose(tokens: list[Token]) -> Markup:
    """Words spaced as prose, each run of words under the same tag in one element."""
    out: list[str] = []
    in_quote = False
    opened: str | None = None
    previous = ""
    for index, (word, tag) in enumerate(tokens):
        space = index > 0 and previous not in _OPENING
        if word in _CLOSING:
            space = False
        elif word == '"':
            space = space and not in_quote
            in_quote = not in_quote
        elif previous == '"' and in_quote:
            space = False
        if opened and opened != tag:
            out.append(_MARKS[opened][1])
            opened = None
        out.append(" " if space else "")
        if tag and not opened:
            out.append(_MARKS[tag][0])
            opened = tag
        out.append(escape(word))
        previous = word
    if opened:
        out.append(_MARKS[opened][1])
    return Markup("".join(out))


def side_by_side(diff: tuple[WordChange, ...], *, excerpt: bool = False) -> tuple[Markup, Markup]:
    """The article's text and the original's, from the stored diff: words only the article has
    are marked <ins>, words only the original has <del> (greyed as cut, for an `excerpt`)."""
    shown: list[Token] = []
    original: list[Token] = []
    for change in diff:
        changed = change.op != "equal"
        cut = excerpt and _is_cut(change)
        if change.op != "delete":
            mark = "ins" if changed and not cut else None
            shown.extend((word, mark) for word in change.shown.split())
        if change.op != "insert":
            mark = "cut" if cut else "del" if changed else None
            original.extend((word, mark) for word in change.original.split())
    return prose(shown), prose(original)


def _is_cut(change: WordChange) -> bool:
    """Words of the original an excerpt leaves out: dropped, or stood for by an ellipsis."""
    if change.op == "delete":
        return True
    shown = change.shown.split()
    return change.op == "replace" and bool(shown) and all(word == "..." for word in shown)


def inline_diff(diff: tuple[WordChange, ...], *, context: int = 6, excerpt: bool = False) -> Markup:
    """The changes in one text, as a track-changes view shows them: what only the original says
    struck through (greyed as cut, for an `excerpt`), what only the article says underlined, a
    few words around each."""
    tokens: list[Token] = []
    last = len(diff) - 1
    for index, change in enumerate(diff):
        if change.op == "equal":
            words = _around(change.shown.split(), context, first=index == 0, end=index == last)
            tokens.extend((word, None) for word in words)
            continue
        if excerpt and _is_cut(change):
            tokens.extend((word, "cut") for word in change.original.split())
            tokens.extend((word, None) for word in change.shown.split())  # the ellipsis
            continue
        if change.op in ("delete", "replace"):
            tokens.extend((word, "del") for word in change.original.split())
        if change.op in ("insert", "replace"):
            tokens.extend((word, "ins") for word in change.shown.split())
    return prose(tokens)


def _around(words: list[str], context: int, *, first: bool, end: bool) -> list[str]:
    """Only the words next to a change: the start of the first run and the end of the last
    are not next to any."""
    if len(words) <= 2 * context:
        return words
    if first:
        return ["…", *words[-context:]]
    if end:
        return [*words[:context], "…"]
    return [*words[:context], "…", *words[-context:]]


def pretty_json(value: object) -> str | None:
    """A JSON payload indented for reading; None when it is not JSON. Returned as text: the
    caller escapes it like any other string."""
    if not isinstance(value, str) or value[:1] not in ("{", "["):
        return None
    try:
        return json.dumps(json.loads(value), indent=2, ensure_ascii=False, sort_keys=True)
    except ValueError:
        return None
