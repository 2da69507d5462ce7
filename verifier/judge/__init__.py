"""Judge: the verdict on each post an article shows.

Takes an `Embed` and its `Resolution`; gives a `Verdict` (status, author and date checks,
similarity, the word-level diff). No I/O: a pure function of its inputs.

    compare.py    two texts: tokenize, align, classify, diff (pure; no platform knowledge)
    verdict.py    judge(): the status from the comparison, the original's outcome and checks
    versions.py   which of a post's versions the article showed, and texts known to be cut
"""

from verifier.judge.verdict import judge

__all__ = ["judge"]
