"""Quotes in an article's own sentences, tied to a post by a platform cue: "Musk tweeted:
"..."", « ... », a-t-il écrit vendredi sur Twitter, „...“, schrieb er auf X.

Takes an `Article` (and the embeds already found in it, which may name the speaker's handle);
gives one `Embed` of kind `inline` per quote, with the sentence around it (`context_text`),
the speaker and how their handle was found, the platform, and the days the post was most
likely made. A quote without a platform cue in its sentence (or, for "he wrote", in the
sentence before) is an interview quote or a headline, and not ours: precision first.
"""

from __future__ import annotations

import html as html_lib
import re
from bisect import bisect_left
from dataclasses import dataclass

from verifier.detect import cues as cue_words
from verifier.detect.prose import Prose, plain, prose_of
from verifier.detect.quotes import Quote, blank_quotes, find_quotes, sentence_bounds
from verifier.detect.remnants import guess_language
from verifier.detect.speakers import (
    Mention,
    Speaker,
    attribute,
    find_mentions,
    handle_in_text,
    name_matches,
)
from verifier.detect.when import window_for
from verifier.models import Article, Embed, EmbedKind

# A page that names no platform (nor tweets) holds no inline quote: one cheap search first.
_MAYBE = re.compile(
    r"twitter|tweet|tuit|twitt|instagram|facebook|threads|bluesky|bsky|truth\s*social"
    r"|mastodon|telegram|linkedin|reddit|tumblr|skeet",
    re.IGNORECASE,
)
_MAYBE_X = re.compile(r"(?<![\w.-])X(?![\w'’-])")
MIN_WORDS = 2  # a one-word quote is a scare quote far more often than a post
# Quoted titles ("Perfect Illusion", "Escape the Scan") and code are not a post's words.
_TITLE = re.compile(r"^[A-ZÀ-ÖØ-Þ][\w'’-]*(?:\s+(?:[A-ZÀ-ÖØ-Þ][\w'’-]*|[a-z]{1,3})){0,4}$")
_CODE = re.compile(r"[<>{}$]|\?php|^\s*https?://\S+\s*$")
MAX_GAP = 250  # characters between a cue and the quote it introduces or follows
_PROFILE = {
    "twitter": r"(?:twitter|x)\.com/(?!i/|intent|share|hashtag|search|home)(\w{1,15})/?(?:[?#]|$)",
    "instagram": r"instagram\.com/([\w.]{1,30})/?(?:[?#]|$)",
    "bluesky": r"bsky\.app/profile/([\w.-]+)/?(?:[?#]|$)",
    "threads": r"threads\.(?:net|com)/@([\w.]+)/?(?:[?#]|$)",
    "truthsocial": r"truthsocial\.com/@(\w+)/?(?:[?#]|$)",
    "facebook": r"facebook\.com/(?!sharer|share|plugins|dialog)([\w.]+)/?(?:[?#]|$)",
    "telegram": r"t\.me/(\w{4,})/?(?:[?#]|$)",
}
_HANDLE_NEAR = re.compile(r"(?<![\w@])@(\w{1,30}(?:\.[\w-]+)*)")


@dataclass(frozen=True)
class _Bound:
    """A quote (or a quote split around its cue) with the cue that ties it to a platform."""

    quotes: tuple[Quote, ...]
    cue: cue_words.Cue  # offsets in the article's prose
    sentence: tuple[int, int]
    words_from: int  # where the words that date the post start: the cue's sentence


def find_inline_quotes(article: Article, embeds: list[Embed] | None = None) -> list[Embed]:
    """The inline quotes of an article (see the module's docstring), in page order."""
    if not (_MAYBE.search(article.content) or _MAYBE_X.search(article.content)):
        return []
    if article.is_html and not _cue_near_quote(article.content):
        return []
    prose = prose_of(article.content) if article.is_html else plain(article.content)
    text = prose.text
    every = find_quotes(text)
    quotes = [q for q in every if _may_be_post(q)]
    if not quotes:
        return []
    sentences = sentence_bounds(text, every)
    blanked = blank_quotes(text, every)
    bounds: list[_Bound] = []
    previous: tuple[int, int] | None = None
    for sentence in sentences:
        inside = [q for q in quotes if sentence[0] <= q.start < sentence[1]]
        if inside:
            bounds += _bind(blanked, sentence, inside, previous)
        previous = sentence
    if not bounds:
        return []  # most pages: quotes, but none tied to a platform
    mentions = find_mentions(blanked)
    language = article.language or guess_language(text[:5000])
    found = []
    for bound in bounds:
        if _shown_by(embeds or [], " ".join(q.text for q in bound.quotes)):
            continue  # the post is embedded here: the embed is judged, not its copy
        found.append(
            _embed(
                article,
                prose,
                bound,
                blanked=blanked,
                mentions=mentions,
                embeds=embeds or [],
                language=language,
            )
        )
    return found


# Scripts, styles, comments and tags, cut out by the regex engine in one pass: a rough text
# of the page, enough to tell that no quote has a cue near it (most pages), before the page's
# prose is read with its offsets.
_MARKUP = re.compile(
    r"<script\b.*?</script\s*>|<style\b.*?</style\s*>|<!--.*?-->|<[^>]*>", re.S | re.I
)
_NEAR = 300


def _cue_near_quote(page: str) -> bool:
    text = html_lib.unescape(_MARKUP.sub(" ", page))
    every = find_quotes(text)
    blanked = blank_quotes(text, every)
    # A cue in the sentence before counts too ("Musk reacted on X. "...", he wrote"): the
    # window reaches twice as far back.
    anchors = cue_words.anchor_positions(blanked)
    for quote in every:
        start, end = max(0, quote.start - 2 * _NEAR), quote.end + _NEAR
        index = bisect_left(anchors, start)
        if index == len(anchors) or anchors[index] >= end or not _may_be_post(quote):
            continue  # no platform's name or verb near this quote
        if cue_words.find_cues(blanked[start:end]):
            return True
    return False


def _may_be_post(quote: Quote) -> bool:
    text = quote.text.strip(" ,.;:")
    return quote.words >= MIN_WORDS and not _TITLE.match(text) and not _CODE.search(text)


def _shown_by(embeds: list[Embed], quoted: str) -> bool:
    """Whether an embed (or a remnant's block) of the article already shows these words."""
    key = " ".join(quoted.split()).casefold()
    return any(
        key in " ".join((text or "").split()).casefold()
        for embed in embeds
        if embed.kind is not EmbedKind.INLINE
        for text in (embed.displayed_text, embed.context_text)
    )


def _bind(
    blanked: str, sentence: tuple[int, int], quotes: list[Quote], previous: tuple[int, int] | None
) -> list[_Bound]:
    start, end = sentence
    cues = [
        cue_words.Cue(c.start + start, c.end + start, c.words, c.platform)
        for c in cue_words.find_cues(blanked[start:end])
    ]
    words_from = start
    if not cues and previous is not None and "\n" not in blanked[previous[1] - 1 : start]:
        # "Musk reacted on Twitter. «...», a-t-il écrit": the platform in the sentence before,
        # the writing verb in the quote's.
        platform = cue_words.names_platform(blanked[previous[0] : previous[1]])
        verb = cue_words.WRITING_VERBS.search(blanked, start, end)
        if platform and verb:
            cues = [cue_words.Cue(verb.start(), verb.end(), verb.group(0), platform)]
            words_from = previous[0]
    bound: list[_Bound] = []
    taken: set[int] = set()
    for cue in cues:
        near = sorted((_gap(cue, q), i) for i, q in enumerate(quotes) if i not in taken)
        near = [(gap, i) for gap, i in near if gap <= MAX_GAP]
        if not near:
            continue
        forward = blanked[cue.end : end].lstrip().startswith(":")
        if forward:
            after = [(gap, i) for gap, i in near if quotes[i].start >= cue.end]
            near = after or near
        first = near[0][1]
        parts = [first]
        # A quote split around its cue: "What we need," Musk tweeted, "is TruthGPT."
        for gap, i in near[1:]:
            if gap <= 40 and _splits(quotes[first], quotes[i]):
                parts.append(i)
                break
        taken.update(parts)
        bound.append(_Bound(tuple(quotes[i] for i in sorted(parts)), cue, sentence, words_from))
    return bound


def _gap(cue: cue_words.Cue, quote: Quote) -> int:
    return quote.start - cue.end if quote.start >= cue.end else max(cue.start - quote.end, 0)


def _splits(one: Quote, other: Quote) -> bool:
    first, second = sorted((one, other), key=lambda q: q.start)
    return first.text.rstrip().endswith(",") or (second.text[:1].islower())


def _embed(
    article: Article,
    prose: Prose,
    bound: _Bound,
    *,
    blanked: str,
    mentions: list[Mention],
    embeds: list[Embed],
    language: str | None,
) -> Embed:
    text = prose.text
    first = bound.quotes[0]
    # A stop or comma closing a quote is the article's sentence's, not the post's ("...," he
    # wrote): "!" and "?" stay, the post's more often than not.
    quoted = " ".join(q.text.rstrip(" .,;:") for q in bound.quotes)
    speaker = attribute(
        mentions,
        sentence=bound.sentence,
        quote=(first.start, bound.quotes[-1].end),
        cue=bound.cue.start,
        blanked=blanked,
    )
    handle, how = _handle(speaker, bound, text=text, blanked=blanked, mentions=mentions)
    if handle is None and speaker.name:
        handle, how = _handle_from_page(speaker, bound.cue.platform, prose, embeds)
    words = blanked[bound.words_from : bound.sentence[1]]
    window = window_for(article.published, words)
    offset = prose.page_offset(first.start)
    position = len(article.content[:offset].encode("utf-8")) if article.is_html else offset
    single = window is not None and window.start == window.end
    return Embed(
        platform=bound.cue.platform,
        kind=EmbedKind.INLINE,
        position=position,
        author_handle=handle,
        author_name=speaker.name,
        displayed_text=quoted,
        displayed_date=window.how if window else None,
        displayed_day=window.start if window and single else None,
        language=guess_language(quoted) or language,
        markup=f"inline: {bound.cue.words.strip()}",
        location="prose",
        context_text=text[bound.sentence[0] : bound.sentence[1]].strip(),
        window_start=window.start if window else None,
        window_end=window.end if window else None,
        handle_from=how,
    )


def _handle(
    speaker: Speaker, bound: _Bound, *, text: str, blanked: str, mentions: list[Mention]
) -> tuple[str | None, str]:
    """A handle the article writes out: after the speaker's name anywhere, or in the
    quote's sentence when no name is given there."""
    if speaker.name:
        found = handle_in_text(text, speaker.name, mentions)
        if found:
            return found, (
                f"speaker: {speaker.name} ({speaker.how}); handle: @{found} written beside the name"
            )
    start, end = bound.sentence
    handles = {m.group(1) for m in _HANDLE_NEAR.finditer(blanked, start, end)}
    if len(handles) == 1 and speaker.name is None:
        handle = handles.pop()
        return handle, f"speaker: @{handle} written in the sentence"
    return None, f"speaker: {speaker.how}"


def _handle_from_page(
    speaker: Speaker, platform: str, prose: Prose, embeds: list[Embed]
) -> tuple[str | None, str]:
    name = speaker.name or ""
    who = f"speaker: {name} ({speaker.how})"
    for embed in embeds:
        if (
            embed.platform == platform
            and embed.author_handle
            and name_matches(name, embed.author_name)
        ):
            return embed.author_handle, (
                f"{who}; handle: @{embed.author_handle} from an embed in the article"
            )
    pattern = _PROFILE.get(platform)
    if pattern:
        for anchor in prose.anchors:
            match = re.search(pattern, anchor.href, re.IGNORECASE)
            if match and name_matches(name, anchor.text):
                return match.group(1), (
                    f"{who}; handle: @{match.group(1)} from a link to the profile"
                )
    return None, f"{who}; no handle in the article (the archive's names are asked)"
