"""What ties a quote in one language to a post in another, without a translation model.

A translation keeps what no language translates: numbers, hashtags, @mentions, links, names,
and rare words such as "TruthGPT" or "ChatGPT"; long words often survive as cognates
("démocratie", "democracy"). Each such token of the quote found in the post is evidence; each
strong one the quote holds and the post lacks (a number, a tag) counts against. The speaker
and the day are the caller's evidence: the candidates are that person's posts of those days.

    score = weight found / (weight the quote carries + 0.5)

so that one shared rare word in a quote that carries nothing else scores 0.67, and a quote
whose numbers the post does not hold scores low however many names they share.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

STRONG, NAME, COGNATE = 1.0, 0.7, 0.3
# Below this a post is not taken for the one a quote translates.
MIN_SCORE = 0.5
MIN_FOUND = 1.0  # at least one strong token, or a name and a cognate or more
_MARKED = re.compile(r"[#@][\w.]+|https?://\S+|\b[\w-]+\.(?:com|org|net|io|ai|fr|de|es|it)\b")
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,\s]\d{3})*(?:[.,]\d+)?(?![\w])")
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
# A word that reads as a coinage or product: a capital or a digit inside ("TruthGPT",
# "iPhone", "COVID19"), or all capitals ("NASA").
_RARE = re.compile(r"^(?:\w*[a-z]\w*[A-Z]\w*|\w*\d\w*|[A-Z]{2,})$")
_COGNATE_STEM = 6


@dataclass(frozen=True)
class Evidence:
    """The tokens a quote and a post share, and the score they make."""

    score: float
    found: float  # weight of what is shared
    shared: tuple[str, ...]  # as the quote writes them
    missing: tuple[str, ...] = ()  # strong tokens of the quote the post lacks

    @property
    def enough(self) -> bool:
        return self.found >= MIN_FOUND and self.score >= MIN_SCORE

    def describe(self) -> str:
        said = ", ".join(f'"{token}"' for token in self.shared) or "nothing"
        text = f"shared: {said}"
        if self.missing:
            text += "; the post lacks " + ", ".join(f'"{token}"' for token in self.missing)
        return f"{text}; score {self.score:.2f}"


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _number(token: str) -> str:
    digits = re.sub(r"[\s.,]", "", token)
    return digits.lstrip("0") or "0"


def translation_evidence(quote: str, post: str) -> Evidence:
    """How strongly the tokens a translation keeps tie `quote` to `post` (module docstring)."""
    post_marked = {fold(m) for m in _MARKED.findall(post)}
    post_numbers = {_number(n) for n in _NUMBER.findall(post)}
    post_words = {fold(w) for w in _WORD.findall(post)}
    post_stems = {w[:_COGNATE_STEM] for w in post_words if len(w) >= _COGNATE_STEM + 1}
    carried = found = 0.0
    shared: list[str] = []
    missing: list[str] = []
    seen: set[str] = set()
    for token in _MARKED.findall(quote):
        carried += STRONG
        if fold(token) in post_marked:
            found += STRONG
            shared.append(token)
        else:
            missing.append(token)
    for token in _NUMBER.findall(quote):
        if len(_number(token)) < 2:
            continue  # "1", "2": a translation writes them out as often as not
        carried += STRONG
        if _number(token) in post_numbers:
            found += STRONG
            shared.append(token)
        else:
            missing.append(token)
    words = _WORD.findall(_MARKED.sub(" ", quote))
    for index, word in enumerate(words):
        key = fold(word)
        if key in seen:
            continue
        seen.add(key)
        if _RARE.match(word):
            weight = STRONG
        elif word[:1].isupper() and index > 0 and not _after_stop(quote, word):
            weight = NAME
        elif len(key) >= _COGNATE_STEM + 1:
            if key[:_COGNATE_STEM] in post_stems:
                found += COGNATE
                carried += COGNATE
                shared.append(word)
            continue  # a long word is no evidence against: most are translated
        else:
            continue
        carried += weight
        if key in post_words:
            found += weight
            shared.append(word)
        elif weight == STRONG:
            missing.append(word)
    score = found / (carried + 0.5) if carried else 0.0
    return Evidence(round(score, 4), round(found, 4), tuple(shared), tuple(missing))


def _after_stop(text: str, word: str) -> bool:
    """Whether the word opens a sentence inside the quote (so its capital says nothing)."""
    at = text.find(word)
    before = text[:at].rstrip()
    return not before or before[-1] in '.!?:;«“"„'
