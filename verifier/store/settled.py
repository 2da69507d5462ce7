"""Whether an article needs reading again: what lets a re-run skip what it has already done."""

from __future__ import annotations

import sqlite_utils

from verifier.models import Status
from verifier.store.articles import capture_id

# Verdicts a later run may change without the article changing: a failed fetch is retried,
# and an original not found may be imported or published meanwhile.
UNSETTLED = (Status.PENDING.value, Status.NOT_FOUND.value)


def is_settled(db: sqlite_utils.Database, page: str, sha256: str) -> bool:
    """True when the archive holds a capture of this page (`article_id(source)`) with these
    very bytes, and every post found in it has a verdict that no later run would change
    without the article changing."""
    article_key = capture_id(db, page, sha256)
    if article_key is None:
        return False
    placeholders = ", ".join("?" for _ in UNSETTLED)
    open_embeds = db.execute(
        "select count(*) from embeds left join verdicts on verdicts.embed_id = embeds.id "
        f"where embeds.article_id = ? and (verdicts.status is null or verdicts.status in "
        f"({placeholders}))",
        [article_key, *UNSETTLED],
    ).fetchone()[0]
    return int(open_embeds) == 0
