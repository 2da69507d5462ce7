"""Who a quote is from, and their handle, from what the article itself gives.

The speaker is the person the quote's sentence names next to the cue, or the one a pronoun
points back to: the nearest named person before the quote. A name is a run of capitalised
words that is not a sentence's first function word, a platform, a day or a month; a surname
alone is the full name met earlier in the article ("Musk" after "Elon Musk").

The handle comes from the article: an `@handle` written beside the name, a link to the
person's profile whose text is the name, or an embed in the same article whose author has
that name. Where the article gives none, the resolver asks the archive's display names.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

_CAP = r"[A-ZÀ-ÖØ-Þ][\w'’-]*[a-zà-öø-ÿ][\w'’-]*"
_PARTICLE = r"(?:de|da|do|dos|das|del|della|di|du|van|von|der|den|la|le|bin|al|el|y)"
_NAME = re.compile(rf"(?<![\w@#])({_CAP}(?:\s+(?:{_PARTICLE}\s+)?{_CAP}){{0,3}})(?![\w])")
# Capitalised words that are no one's name here: titles, function words that open a sentence,
# platforms, days and months in the six languages.
_NOT_NAMES = {
    word.casefold()
    for word in """
    The A An In On At But And Or So As After Before When While Then This That These Those It
    He She They We I You His Her Their Its Our My Your Who What Why How Where According Also
    Le La Les Un Une Des Dans Sur Pour Par Avec Mais Et Ou Ce Cette Ces Il Elle Ils Elles On
    Selon Lors Depuis Après Avant Quand Alors Son Sa Ses Leur Leurs Aujourd’hui Aujourd'hui
    Hier Lui Ainsi Pourtant Cependant Toutefois Enfin
    El Los Las Unos Unas En Con Por Para Pero Y Según Él Ella Ellos Ellas Tras Desde Cuando Ayer
    Der Die Das Ein Eine Einen Im Am Auf Mit Und Oder Aber Er Sie Es Laut Nach Vor Als Wenn Dann
    Seine Ihre Gestern Heute Zudem
    Lo Gli Uno Nel Nella Su Sul Per Ma Lui Lei Loro Secondo Dopo Prima Quando Ieri Oggi
    Os As Uma Um No Na Nos Nas Em Com Pelo Pela Ele Ela Eles Elas Segundo Depois Antes Ontem Hoje
    President Président Presidente Präsident Minister Ministre Ministro Senator Sénateur Senador
    Governor Mr Mrs Ms Dr Mme Sir Lord Pope Papa King Queen Prince Chancellor Kanzler Kanzlerin
    CEO Chief Premier Prime Secretary Judge Juge General Général
    Twitter X Instagram Facebook Threads Bluesky Truth Social Mastodon Telegram LinkedIn Reddit
    Tumblr TikTok YouTube Meta Tweet Post
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday Lundi Mardi Mercredi Jeudi
    Vendredi Samedi Dimanche Lunes Martes Miércoles Jueves Viernes Sábado Domingo Montag
    Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag Lunedì Martedì Mercoledì Giovedì
    Venerdì Sabato Domenica Segunda Terça Quarta Quinta Sexta
    January February March April May June July August September October November December
    Janvier Février Mars Avril Mai Juin Juillet Août Septembre Octobre Novembre Décembre
    Enero Febrero Marzo Abril Mayo Junio Julio Agosto Septiembre Octubre Noviembre Diciembre
    Januar Februar März Juni Juli Oktober Dezember Gennaio Febbraio Aprile Maggio Giugno Luglio
    Settembre Ottobre Dicembre Janeiro Fevereiro Março Maio Junho Julho Setembro Outubro
    Novembro Dezembro
    """.split()
}
_HANDLE = re.compile(r"(?<![\w@])@(\w{1,30}(?:\.[\w-]+)*)")
# Subject pronouns, and the inverted ones of French ("a-t-il écrit", "écrit-elle").
_PRONOUN = re.compile(
    r"(?<![\w-])(?:he|she|they|il|elle|ils|elles|él|ella|er|sie|lui|lei|ele|ela)(?![\w-])"
    r"|-t-(?:il|elle)\b|-(?:il|elle)\b",
    re.IGNORECASE,
)
# "a user who wrote", "un internaute qui a écrit": the sentence's writer is someone unnamed.
_UNNAMED_WRITER = re.compile(
    r"(?:\b(?:a|one|another)\s+(?:user|follower|account|commenter)\s+(?:who|that)"
    r"|\bun(?:e)?\s+(?:internaute|utilisateur|utilisatrice|abonné|compte)\s+qui"
    r"|\bun(?:a)?\s+(?:usuario|usuaria|internauta|seguidor|cuenta)\s+que"
    r"|\bein(?:e|em)?\s+(?:Nutzer|Nutzerin|User|Account)\s*,?\s+(?:der|die)"
    r"|\bun(?:a|o)?\s+(?:utente|follower|account)\s+che"
    r"|\bum(?:a)?\s+(?:usuário|usuária|internauta|seguidor|perfil)\s+que)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Mention:
    """A person named in the article, where."""

    name: str
    start: int
    end: int


@dataclass(frozen=True)
class Speaker:
    name: str | None
    how: str  # "named in the sentence", "pronoun: nearest name before", ...


def fold(text: str) -> str:
    """Names compared without case or accents: "Jérôme" is "jerome"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def find_mentions(text: str) -> list[Mention]:
    """The people an article names (blank its quotes first), surnames made full names."""
    mentions: list[Mention] = []
    full: dict[str, str] = {}  # a surname (folded) -> the full name met before
    for match in _NAME.finditer(text):
        words = [w for w in match.group(1).split() if fold(w).strip("'’") not in _NOT_NAMES]
        while words and fold(words[0]) in _NOT_NAMES:
            words.pop(0)
        if not words:
            continue
        name = " ".join(words)
        if len(words) > 1:
            full[fold(words[-1])] = name
        else:
            name = full.get(fold(name), name)
        start = match.start() + match.group(1).find(words[0])
        mentions.append(Mention(name, start, match.end()))
    return mentions


def attribute(
    mentions: list[Mention], *, sentence: tuple[int, int], quote: tuple[int, int], cue: int,
    blanked: str,
) -> Speaker:  # fmt: skip
    """The speaker of a quote: a name in its sentence, outside the quote, nearest the cue;
    or, when the sentence's writer is a pronoun, the nearest name before the sentence."""
    start, end = sentence
    clause = blanked[start:end]
    if _UNNAMED_WRITER.search(clause):
        return Speaker(None, "an unnamed writer (a user who wrote ...)")
    inside = [
        m for m in mentions if start <= m.start < end and not (quote[0] <= m.start < quote[1])
    ]
    if inside:
        nearest = min(inside, key=lambda m: abs(m.start - cue))
        if not _PRONOUN.search(_between(blanked, nearest, cue)):
            return Speaker(nearest.name, "named in the sentence")
    before = [m for m in mentions if m.end <= start]
    if before and (_PRONOUN.search(clause) or not inside):
        # A full name over a lone capitalised word (a sentence's first word may be no name).
        people = [m for m in before if " " in m.name] or before
        return Speaker(people[-1].name, "pronoun: the nearest name before the sentence")
    if inside:
        return Speaker(min(inside, key=lambda m: abs(m.start - cue)).name, "named in the sentence")
    return Speaker(None, "no person named before the quote")


def _between(text: str, mention: Mention, cue: int) -> str:
    return text[mention.end : cue] if mention.end <= cue else text[cue : mention.start]


def handle_in_text(text: str, name: str, mentions: Iterable[Mention]) -> str | None:
    """An @handle written right after a mention of the name ("Elon Musk (@elonmusk)")."""
    for mention in mentions:
        if mention.name != name:
            continue
        found = _HANDLE.match(text[mention.end : mention.end + 40].lstrip(" (,–—-:"))
        if found:
            return found.group(1)
    return None


def name_matches(name: str, display_name: str | None) -> bool:
    """Whether a display name is the person's: every word of the shorter in the longer."""
    if not display_name:
        return False
    ours, theirs = set(fold(name).split()), set(fold(display_name).split())
    if not ours or not theirs:
        return False
    return ours <= theirs or theirs <= ours
