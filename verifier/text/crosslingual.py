"""What ties a quote in one language to a post in another, without a translation model.

A translation keeps what no language translates: numbers, hashtags, @mentions, links, names,
and rare words such as "TruthGPT" or "ChatGPT"; long words often survive as cognates
("démocratie", "democracy"). Each such token of the quote found in the post is evidence; each
strong one the quote holds and the post lacks (a number, a tag) counts against; a capital word
the post lacks counts for nothing either way (German capitalises every noun). The speaker and
the day are the caller's evidence: the candidates are that person's posts of those days.

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
MIN_FOUND = NAME  # one shared name at least; the resolver asks more of a name alone
# A quote holds a post's own words when this share of its words are in the post: below it,
# the two do not share enough words for a word diff to mean anything.
SAME_WORDS = 0.6
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

    @property
    def strong(self) -> bool:
        """More than one name: a number, a tag, a rare word, or several names."""
        return self.found >= STRONG

    def describe(self) -> str:
        said = ", ".join(f'"{token}"' for token in self.shared) or "nothing"
        text = f"shared: {said}"
        if self.missing:
            text += "; the post lacks " + ", ".join(f'"{token}"' for token in self.missing)
        return f"{text}; score {self.score:.2f}"


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_words(name: str) -> set[str]:
    """A name's words, folded, possessives dropped: "Elon Musk's Jet" is elon, musk, jet."""
    return set(re.sub(r"['’]s\b", "", fold(name)).split())


def _number(token: str) -> str:
    digits = re.sub(r"[\s.,]", "", token)
    return digits.lstrip("0") or "0"


def translation_evidence(quote: str, post: str) -> Evidence:
    """How strongly the tokens a translation keeps tie `quote` to `post` (module docstring)."""
    post_marked = {fold(m) for m in _MARKED.findall(post)}
    post_numbers = {_number(n) for n in _NUMBER.findall(post)}
    post_words = {fold(p) for w in _WORD.findall(post) for p in _parts(w)}
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
    post_capitals = {fold(w) for w in _WORD.findall(post) if w[:1].isupper()}
    # Hyphenated words count by their parts too: "API-Change" holds "API".
    words = [part for w in _WORD.findall(_MARKED.sub(" ", quote)) for part in _parts(w)]
    for index, word in enumerate(words):
        key = fold(word)
        if key in seen:
            continue
        seen.add(key)
        if _RARE.match(word):
            weight = STRONG
        elif word[:1].isupper() and (key in post_capitals or not _opens(quote, word, index)):
            # A capital word is a name where the post writes it so too, or where it does not
            # open a sentence of the quote.
            weight = NAME
        elif len(key) >= _COGNATE_STEM + 1:
            if key[:_COGNATE_STEM] in post_stems:
                found += COGNATE
                carried += COGNATE
                shared.append(word)
            continue  # a long word is no evidence against: most are translated
        else:
            continue
        if key in post_words:
            carried += weight
            found += weight
            shared.append(word)
        elif weight == STRONG:
            carried += weight
            missing.append(word)
        # A capital word the post lacks is no evidence against: German writes every noun so.
    score = found / (carried + 0.5) if carried else 0.0
    return Evidence(round(score, 4), round(found, 4), tuple(shared), tuple(missing))


def word_share(quote: str, post: str) -> float:
    """The share of the quote's words (case and accents aside) that the post holds."""
    words = [fold(w) for w in _WORD.findall(quote)]
    held = {fold(w) for w in _WORD.findall(post)}
    return sum(w in held for w in words) / len(words) if words else 0.0


def _parts(word: str) -> list[str]:
    parts = [p for p in word.split("-") if p]
    return [word, *parts] if len(parts) > 1 else [word]


def _opens(text: str, word: str, index: int) -> bool:
    """Whether the word opens a sentence of the quote (so its capital says nothing)."""
    if index == 0:
        return True
    at = text.find(word)
    before = text[:at].rstrip()
    return not before or before[-1] in '.!?:;«“"„'
