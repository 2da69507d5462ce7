"""Judge a screenshot's text, as OCR read it, against the original.

OCR misreads in known ways: `l`, `I`, `1` and `|` for one another (and a run of them for a
longer or shorter one), `0` for `O`, a dropped accent, a lost space between two words,
punctuation and emoji it cannot draw. None of those may
make a faithful screenshot `altered`, and none may hide a changed word. So the OCR text is
first set against the original letter by letter, on a folded form where those confusions are
equal and only letters and digits count: where they agree, the original's own characters are
kept; wherever they differ, the OCR's characters stand. The rebuilt text then goes through the
verdict rules every embed goes through. It equals the original only where every letter and
digit the picture shows folds to the original's, so a changed word or number always remains a
difference; and where the differing words were read with too low a confidence to tell, the
verdict is `pending`, saying so.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from difflib import SequenceMatcher
from functools import lru_cache

from verifier.judge.verdict import judge
from verifier.models import Embed, Resolution, Status, Verdict
from verifier.platforms import get_platform

# Below this (the least confident line of the text), a difference may be OCR's, not the
# picture's: the verdict waits for a better picture or a person.
MIN_CONFIDENCE = 0.80
# Letters OCR takes for one another in a sans-serif face, folded to one.
_CONFUSED = str.maketrans({"i": "l", "1": "l", "|": "l", "!": "l", "0": "o"})


@lru_cache(maxsize=4096)
def fold(char: str) -> str:
    """The folded form of one character: lower case, without accents, OCR's confusions one."""
    base = unicodedata.normalize("NFKD", char)
    stripped = "".join(c for c in base if not unicodedata.combining(c)) or char
    return stripped[0].lower().translate(_CONFUSED)


def _letters(text: str) -> tuple[str, list[int]]:
    """The folded letters and digits of `text`, and where each stands in it."""
    chars: list[str] = []
    where: list[int] = []
    for i, char in enumerate(text):
        folded = fold(char)
        # Thin strokes side by side merge or split under OCR ("Delhiites" read "Delhites"):
        # a run of them counts as one.
        if folded.isalnum() and not (folded == "l" and chars and chars[-1] == "l"):
            chars.append(folded)
            where.append(i)
    return "".join(chars), where


def reconcile(shown: str, original: str) -> str:
    """The shown text, with the original's characters wherever the two agree once folded.

    Each run of letters, with the spaces and marks after it, comes from the original where it
    folds equal, else from the shown text; the original's letters the picture does not show
    are left out. Equal to `original` only when every letter and digit shown folds equal."""
    o_letters, o_at = _letters(original)
    s_letters, s_at = _letters(shown)
    if not o_letters or not s_letters:
        return shown
    out: list[str] = []
    blocks = SequenceMatcher(None, o_letters, s_letters, autojunk=False).get_opcodes()
    for number, (op, i1, i2, j1, j2) in enumerate(blocks):
        last = number == len(blocks) - 1
        if op == "equal":
            start = 0 if number == 0 else o_at[i1]
            # Up to the next letter, but not into a tail the picture does not show.
            cut_after = number == len(blocks) - 2 and blocks[-1][0] == "delete"
            if last or i2 >= len(o_at):
                out.append(original[start:])
            else:
                out.append(original[start : o_at[i2 - 1] + 1 if cut_after else o_at[i2]])
        elif op in ("replace", "insert"):
            start = 0 if number == 0 else s_at[j1]
            out.append(shown[start : len(shown) if last or j2 >= len(s_at) else s_at[j2]])
            if (
                op == "replace"
                and not last
                and i2 < len(o_at)
                and _space_before(original, o_at[i2])
            ):
                out.append(" ")
    return re.sub(r"[ \t]{2,}", " ", "".join(out)).strip()


def _space_before(text: str, index: int) -> bool:
    return index > 0 and text[index - 1].isspace()


def judge_screenshot(
    embed: Embed, resolution: Resolution, *, text_confidence: float | None
) -> Verdict:
    """The verdict on a screenshot, with OCR's confusions forgiven and its doubt kept."""
    original = resolution.original
    if original is None or not embed.displayed_text:
        return judge(embed, resolution)
    platform = get_platform(embed.platform)
    rebuilt = reconcile(embed.displayed_text, platform.shown_text(original))
    verdict = judge(replace(embed, displayed_text=rebuilt), resolution)
    read = f"read by OCR (least confident line {text_confidence:.2f})" if text_confidence else ""
    if (
        verdict.status in (Status.ALTERED, Status.MISMATCH)
        and text_confidence is not None
        and text_confidence < MIN_CONFIDENCE
    ):
        return replace(
            verdict,
            status=Status.PENDING,
            reason="; ".join(
                filter(
                    None,
                    [
                        verdict.reason,
                        f"OCR read the text with confidence {text_confidence:.2f} "
                        f"(needs {MIN_CONFIDENCE:.2f}): too low to tell a changed word "
                        f"from a misreading ({verdict.status.value} as read)",
                    ],
                )
            ),
        )
    return replace(verdict, reason="; ".join(filter(None, [verdict.reason, read])))
