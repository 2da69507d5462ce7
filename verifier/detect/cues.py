"""The words that tie a quote in an article's prose to a social platform, in English, French,
Spanish, German, Italian and Portuguese.

A cue is either a verb or noun that names the platform by itself ("tweeted", "a tweeté",
"tuiteó", "twitterte", "in a tweet") or a preposition before a platform's name ("on X", "sur
Twitter", "en su cuenta de Instagram", "auf Bluesky", "sul suo profilo X", "no Threads").
Precision comes first: a platform named in a clause about speech on air ("in an interview",
"on Twitter Spaces", "in a video posted on Instagram", "his followers on X") is no cue, and a
quote without a cue is not ours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick_rs

# The platforms a cue can name, as articles write them. YouTube and TikTok are left out on
# purpose: words quoted from them are spoken in a video, not written in a post.
_NAMES: dict[str, str] = {
    "twitter": r"Twitter|(?<![\w.-])X(?![\w'’-])|Twitter/X|X/Twitter",
    "instagram": r"Instagram",
    "facebook": r"Facebook",
    "threads": r"Threads",
    "bluesky": r"Bluesky|Bsky",
    "truthsocial": r"Truth\s+Social|TruthSocial",
    "mastodon": r"Mastodon",
    "telegram": r"Telegram",
    "linkedin": r"LinkedIn|Linkedin",
    "reddit": r"Reddit",
    "tumblr": r"Tumblr",
}
_PLATFORM = "|".join(f"(?P<{name}>{pattern})" for name, pattern in _NAMES.items())

# What may stand between the preposition and the name: "his official account", "son compte",
# "su cuenta de", "seinem Account bei", "il suo profilo", "sua conta no", "le réseau social".
_OWNER = (
    r"(?:(?:his|her|their|its|the|son|sa|ses|leur|le|la|les|su|sus|el|la|seinem|seiner|ihrem"
    r"|ihrer|dem|der|il|suo|sua|lo|seu|sua|o|a)\s+)"
)
_HOLDER = (
    r"(?:(?:official\s+|officiel\s+|oficial\s+|offiziellen\s+|ufficiale\s+)?"
    r"(?:account|page|feed|profile|story|compte|page|profil|fil|cuenta|perfil|página|Account"
    r"|Profil|Konto|Kanal|profilo|account|pagina|conta|perfil|página|réseau\s+social"
    r"|red\s+social|rede\s+social|plateforme|plataforma|Plattform|piattaforma"
    r"|Kurznachrichtendienst|social\s+network)"
    r"(?:\s+(?:officiel|oficial|ufficiale))?\s+(?:on\s+|de\s+|d['’]\s*|di\s+|do\s+|da\s+|no\s+"
    r"|na\s+|bei\s+|auf\s+|en\s+)?)"
)
_PREPOSITIONS = (
    r"on|onto|to|via|sur|en|a\s+través\s+de|vía|auf|bei|über|su|sul|sulla|no|na|em|pelo|pela"
)
# The words before the name in any case ("Sur Twitter, ..." opens a sentence); the name as
# written ("on x" is no platform).
_ON_PLATFORM = re.compile(
    rf"(?<![\w-])(?i:{_PREPOSITIONS})\s+(?i:{_OWNER})?(?i:{_HOLDER})?(?i:{_OWNER})?(?:{_PLATFORM})",
)
# "his Twitter account", "an Instagram post", "in a Truth Social post", "Facebook-Beitrag".
_PLATFORM_THING = re.compile(
    rf"(?<![\w-])(?:{_PLATFORM})[\s-](?:account|page|feed|profile|post|posts|story|thread"
    r"|handle|Account|Profil|Konto|Post|Beitrag|Kanal|Seite)(?![\w-])"
)
# Verbs and nouns that name the platform by themselves (X/Twitter, Bluesky's "skeet").
_OWN_VERBS = re.compile(
    # Not "twitter": that is the platform's name far more often than the French verb.
    r"(?<![\w-])(?:re)?(?:tweet(?:ed|s|ing|é|ée|és|ait)?|twitt(?:é|ée|ait|ed)"
    r"|tuit(?:s|eó|ea|eado|earon|ear|ó)?|tuíte(?:s)?|tuitou|tuitar"
    r"|twittert(?:e|en)?|getwittert|twitterte(?:n)?|twitt(?:ato|ando|a|ava)"
    r"|skeet(?:ed|s)?)(?![\w-])",
    re.IGNORECASE,
)
# Every cue holds a platform's name or one of its verbs: one cheap search rules most text out.
ANCHOR = re.compile(
    "|".join(f"(?:{p})" for p in _NAMES.values()) + r"|(?i:tweet|twitt|tuit|tuít|skeet)"
)
_ANCHOR_WORDS = (
    "twitter", "tweet", "twitt", "tuit", "tuít", "instagram", "facebook", "threads", "bluesky",
    "bsky", "truth social", "truthsocial", "mastodon", "telegram", "linkedin", "reddit",
    "tumblr", "skeet",
)  # fmt: skip
_X = re.compile(r"(?<![\w.-])X(?![\w'’-])")


@lru_cache(maxsize=1)
def _anchor_automaton() -> ahocorasick_rs.AhoCorasick:
    return ahocorasick_rs.AhoCorasick(list(_ANCHOR_WORDS))


def anchor_positions(text: str) -> list[int]:
    """Where a platform's name or verb may stand in a text, in order: one pass of an
    Aho-Corasick automaton over its lower case (a superset of every cue's anchor)."""
    found = [start for _, start, _ in _anchor_automaton().find_matches_as_indexes(text.lower())]
    return sorted(found + [m.start() for m in _X.finditer(text)])


# A platform named in these is no cue: the words were spoken on air, or the clause is about
# the account's audience, not a post. Checked against the cue's sentence outside its quotes.
_SPOKEN = re.compile(
    r"(?<![\w-])(?:interview\w*|entretien\w*|entrevista\w*|intervista\w*|Interview\w*"
    r"|vid[ée]o\w*|v[íi]deo\w*|Video\w*|live|Live|en\s+direct|en\s+directo|diretta|ao\s+vivo"
    r"|podcast\w*|Podcast\w*|Spaces?|television|télévision|televisión|Fernsehen|televisione"
    r"|televisão|TV|radio|Radio|rádio|conférence\s+de\s+presse|press\s+conference"
    r"|rueda\s+de\s+prensa|Pressekonferenz|conferenza\s+stampa|coletiva"
    r"|followers|abonnés|seguidores|Follower\w*|seguaci|Reels?)(?![\w-])"
)
# Verbs of writing, for a quote whose platform is named in the sentence before it
# ("Musk reacted on Twitter. «...», a-t-il écrit").
WRITING_VERBS = re.compile(
    r"(?<![\w-])(?:wrote|writes|posted|posts|noted|commented|écrit|écrivait|publié|posté"
    r"|commenté|escribió|escribe|publicó|comentó|schrieb|schreibt|postete|notierte"
    r"|kommentierte|scritto|scrive|scriveva|pubblicato|postato|commentato|escreveu|escreve"
    r"|publicou|postou|comentou)(?![\w-])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Cue:
    """A platform cue found in a sentence: where it is, its words, and the platform."""

    start: int
    end: int
    words: str
    platform: str


def find_cues(sentence: str) -> list[Cue]:
    """The platform cues in a sentence (with its quotes blanked out), in order. None when
    the sentence speaks of speech on air or of an audience (see `_SPOKEN`)."""
    if not ANCHOR.search(sentence) or _SPOKEN.search(sentence):
        return []
    cues = [
        Cue(m.start(), m.end(), m.group(0), _platform_of(m))
        for m in _ON_PLATFORM.finditer(sentence)
    ]
    cues += [
        Cue(m.start(), m.end(), m.group(0), _platform_of(m))
        for m in _PLATFORM_THING.finditer(sentence)
        if not any(c.start <= m.start() < c.end for c in cues)
    ]
    cues += [
        Cue(m.start(), m.end(), m.group(0), "twitter")
        for m in _OWN_VERBS.finditer(sentence)
        if not any(c.start <= m.start() < c.end for c in cues)
    ]
    return sorted(cues, key=lambda c: c.start)


def names_platform(sentence: str) -> str | None:
    """The platform a sentence (quotes blanked) places a post on, if it names one as a cue."""
    cues = find_cues(sentence)
    return cues[0].platform if cues else None


def _platform_of(match: re.Match[str]) -> str:
    return next(name for name in _NAMES if match.group(name))
