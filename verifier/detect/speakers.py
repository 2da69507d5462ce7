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
from collections.abc import Iterable
from dataclasses import dataclass

from verifier.text.crosslingual import fold, name_words

_CAP = r"[A-ZÀ-ÖØ-Þ][\w'’-]*[a-zà-öø-ÿ][\w'’-]*"
_PARTICLE = r"(?:de|da|do|dos|das|del|della|di|du|van|von|der|den|la|le|bin|al|el|y)"
# Words of a name stand on one line: a run across a line break is two paragraphs' words.
_NAME = re.compile(rf"(?<![\w@#])({_CAP}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_CAP}){{0,5}})(?![\w])")
# Titles written as one word: "US-Präsident", "FDP-Präsidiumsmitglied", "Ex-Grünen-Chefin".
_TITLE_WORD = re.compile(
    r"^(?:[A-ZÄÖÜ]{2,}-|Ex-)|(?i:präsident|präsidentin|chef|chefin|minister|ministerin|kanzler"
    r"|kanzlerin|mitglied|abgeordnete|abgeordneter|sprecher|sprecherin|vorsitzende"
    r"|vorsitzender)$"
)
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
    Although Though However Perhaps Still Yet Meanwhile Now Even Only Just Later Earlier
    Instead Indeed Since Because If Once With Without From By For To Of Over Under Despite
    During Among Advertisement Read More See Watch Photo Image Credit Getty Reuters AP AFP
    Pourtant Puis Encore Même Aussi Donc Car Sans Sous Entre Malgré Pendant Chez Comme
    Sin Sobre Entre Durante Aunque Además Luego Como Sino También Ya Mientras Incluso
    Doch Noch Auch Schon Nun Denn Weil Obwohl Während Trotz Ohne Unter Zwischen Bei Über Aus
    Anche Ancora Già Poi Però Mentre Senza Sotto Tra Fra Durante Inoltre Come Perché
    Também Ainda Já Porém Enquanto Sem Sob Entre Durante Além Como Porque Mas
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
_INVERTED = re.compile(r"-t-(?:il|elle)\b|-(?:il|elle|ils|elles)\b", re.IGNORECASE)
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


def find_mentions(text: str) -> list[Mention]:
    """The people an article names (blank its quotes first), surnames made full names.

    A run of capitalised words is cut at titles, function words and possessives: the name is
    the part after the last cut ("Tesla CEO Elon Musk", "Delhi's Chief Minister Arvind
    Kejriwal"), and a final possessive is the person's ("Mike Pence's"). A capitalised word
    the article also writes in lower case ("Perhaps", "Advertisement") is a common word."""
    common = {fold(w) for w in set(re.findall(r"(?<![\w'’-])[a-zà-öø-ÿ][\w'’-]*", text))}
    mentions: list[Mention] = []
    full: dict[str, str] = {}  # a surname (folded) -> the full name met before
    for match in _NAME.finditer(text):
        words, offset = _name_words(match.group(1), common)
        if not words:
            continue
        name = " ".join(words)
        if len(words) > 1:
            full[fold(words[-1])] = name
        else:
            name = full.get(fold(name), name)
        mentions.append(Mention(name, match.start() + offset, match.end()))
    return mentions


def _name_words(run: str, common: set[str]) -> tuple[list[str], int]:
    """The words of a capitalised run that make a name, and where in the run they start."""
    words = run.split()
    cut = 0
    for index, word in enumerate(words):
        key = fold(word).strip("'’")
        possessive = re.search(r"['’]s?$", word) is not None and index < len(words) - 1
        title = _TITLE_WORD.search(word) is not None
        if key in _NOT_NAMES or key in common or _PARTICLE_ONLY.fullmatch(word) or possessive:
            cut = index + 1
        elif title:
            cut = index + 1
    kept = [re.sub(r"['’]s?$", "", w) for w in words[cut:]]
    if not kept:
        return [], 0
    return kept, run.find(words[cut])


_PARTICLE_ONLY = re.compile(_PARTICLE)
# A name right after these is an object, not the writer: "replied to Biden on X".
_OBJECT = re.compile(
    r"(?:\b(?:to|at|with|of|for|about|against|à|avec|contre|pour|de|du|a|al|con|contra|para"
    r"|zu|mit|gegen|für|über|an|von|ad|contro|per|di|ao|com|sobre|by|par|por|da|do"
    r"|told(?:\s+the)?|tells(?:\s+the)?)\s+)$"
    # ", who runs Reveddit,": a name in a relative clause is not the sentence's writer.
    r"|\b(?:who|which|qui|dont|quien|que|der|die|das|che|cui)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)


def attribute(
    mentions: list[Mention], *, sentence: tuple[int, int], quote: tuple[int, int], cue: int,
    blanked: str,
) -> Speaker:  # fmt: skip
    """The speaker of a quote: the name its sentence gives as the writer (before the cue, not
    the object of a preposition; or right after it, "a écrit Elon Musk"), unless a pronoun
    stands nearer the cue; then the nearest full name before the sentence."""
    start, end = sentence
    clause = blanked[start:end]
    if _UNNAMED_WRITER.search(clause):
        return Speaker(None, "an unnamed writer (a user who wrote ...)")
    inside = [
        m
        for m in mentions
        if start <= m.start < end
        and not (quote[0] <= m.start < quote[1])
        and not _OBJECT.search(blanked[max(start, m.start - 30) : m.start])
    ]
    writers = [m for m in inside if m.end <= cue]
    pronoun = _last_pronoun(blanked, start, cue)
    if writers and (pronoun is None or pronoun < writers[-1].start):
        return Speaker(writers[-1].name, "named in the sentence")
    after = [m for m in inside if m.start >= cue and m.start - cue <= 40]
    if after and pronoun is None:
        return Speaker(after[0].name, "named in the sentence")
    before = [m for m in mentions if m.end <= start]
    if before:
        # A full name over a lone capitalised word (a sentence's first word may be no name).
        people = [m for m in before if " " in m.name] or before
        how = "pronoun" if pronoun is not None else "no name in the sentence"
        return Speaker(people[-1].name, f"{how}: the nearest name before the sentence")
    return Speaker(None, "no person named before the quote")


def _last_pronoun(blanked: str, start: int, cue: int) -> int | None:
    """Where the last subject pronoun before the cue (or the French inverted one right after
    it, "», a-t-il écrit") stands in the sentence."""
    found = [m.start() for m in _PRONOUN.finditer(blanked, start, cue)]
    inverted = _INVERTED.search(blanked, cue, min(cue + 20, len(blanked)))
    if inverted:
        found.append(inverted.start())
    return found[-1] if found else None


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
    ours, theirs = name_words(name), name_words(display_name)
    if not ours or not theirs:
        return False
    return ours <= theirs or theirs <= ours
