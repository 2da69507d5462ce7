"""Embeds that survive as text: a signature line under the quoted words.

Each platform says what its signature looks like (`Platform.find_signatures`); this module does
what they all share: find the quoted block above a signature and guess where it starts.

Where the quote starts is a guess from the text alone: paragraph breaks, a change of language
from the article's, and the platform's post-length limit. The guess is refined by aligning the
generous block (`Embed.context_text`) against the original once one is found (see
`verifier.judge.verdict`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from verifier.models import Embed, EmbedKind
from verifier.platforms import PLATFORMS, parse_post_url
from verifier.platforms.base import Platform, Signature
from verifier.text.dates import parse_displayed_date

_PARAGRAPH_BREAK = re.compile(r"\n[ \t>]*\n")
_MARKDOWN_QUOTE = re.compile(r"^[ \t]*>[ \t]?", re.MULTILINE)
# Markdown's links around a post's words: `[@user](https://...)`, `<https://...>`. A reader of
# the rendered page sees the label only.
_MARKDOWN_LINK = re.compile(r"\[([^\]\n]{1,300})\]\((?:https?://|/)[^)\s]*\)|<(https?://[^>\s]+)>")
# How much text above a signature is kept for refining against the original: a few posts' worth.
_CONTEXT_FACTOR = 4
# A paragraph that ends with a colon introduces the quote; it is the article's own text.
_INTRODUCES = re.compile(r"[:：]\s*$")


def find_remnants(text: str, *, article_language: str | None = None) -> list[Embed]:
    """Remnant embeds in flattened text, in the order they appear."""
    found: list[tuple[Platform, Signature]] = [
        (platform, signature)
        for platform in PLATFORMS.values()
        for signature in platform.find_signatures(text)
    ]
    found.sort(key=lambda pair: pair[1].start)
    embeds: list[Embed] = []
    previous_end = 0
    for platform, signature in found:
        if signature.start < previous_end:
            continue  # two platforms' patterns matched the same line
        above = text[previous_end : signature.start]
        embeds.append(_remnant(platform, signature, above, article_language))
        previous_end = signature.end
    return embeds


def _remnant(
    platform: Platform, signature: Signature, above: str, article_language: str | None
) -> Embed:
    if signature.shown_text is not None:  # the signature line holds the words itself
        context = guess = signature.shown_text
    else:
        context = _context_block(above, platform.max_text_length * _CONTEXT_FACTOR)
        guess = guess_quote(
            context, max_length=platform.max_text_length, article_language=article_language
        )
    ref = parse_post_url(signature.post_url) if signature.post_url else None
    return Embed(
        platform=platform.name,
        kind=EmbedKind.REMNANT,
        position=signature.start,
        post_id=ref.post_id if ref else None,
        post_url=ref.url if ref else None,
        author_handle=signature.author_handle,
        author_name=signature.author_name,
        displayed_text=guess,
        displayed_date=signature.displayed_date,
        displayed_day=parse_displayed_date(signature.displayed_date),
        language=guess_language(guess) if guess else None,
        markup="text signature",
        location="plain text",
        context_text=context,
    )


def _context_block(above: str, limit: int) -> str:
    """The text just above a signature, Markdown quote marks removed, at most `limit` chars
    (cut at a paragraph break where possible)."""
    block = _MARKDOWN_QUOTE.sub("", above).rstrip()
    block = _MARKDOWN_LINK.sub(lambda link: link[1] or link[2], block)
    if len(block) <= limit:
        return block.strip()
    cut = block[-limit:]
    breaks = [m.end() for m in _PARAGRAPH_BREAK.finditer(cut)]
    return (cut[breaks[0] :] if breaks else cut).strip()


def _paragraphs(block: str) -> list[str]:
    return [p.strip() for p in _PARAGRAPH_BREAK.split(block) if p.strip()]


def guess_quote(block: str, *, max_length: int, article_language: str | None) -> str:
    """Where the quoted post starts in the block above its signature.

    The nearest paragraph is always the quote's (its end). Earlier paragraphs join it only while
    the whole stays within the platform's length limit, they are in the quote's language, that
    language is not the article's (in the same language a quote cannot be told from the
    article's prose by the text alone: the original settles it), and none introduces the quote.
    """
    paragraphs = _paragraphs(block)
    if not paragraphs:
        return ""
    quote = [paragraphs[-1]]
    quote_language = guess_language(paragraphs[-1])
    if quote_language is None or quote_language == article_language:
        return quote[0]
    for paragraph in reversed(paragraphs[:-1]):
        length = sum(len(p) for p in quote) + len(paragraph)
        if length > max_length or _INTRODUCES.search(paragraph):
            break
        if guess_language(paragraph) != quote_language:
            break
        quote.insert(0, paragraph)
    return "\n\n".join(quote)


@lru_cache(maxsize=4096)
def guess_language(text: str) -> str | None:
    """ISO 639-1 code of a text's language, or None when the text is too short to tell."""
    letters = sum(c.isalpha() for c in text)
    if letters < 12:
        return None
    import py3langid  # imported late: loading its model costs a fraction of a second

    language, _score = py3langid.classify(text)
    return str(language)
