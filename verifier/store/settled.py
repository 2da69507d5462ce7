"""Whether an article needs reading again: what lets a re-run skip what it has already done."""

from __future__ import annotations

import sqlite_utils

from verifier.models import Status

# Verdicts a later run may change without the article changing: a failed fetch is retried,
# and an original not found may be imported or published meanwhile.
UNSETTLED = (Status.PENDING.value, Status.NOT_FOUND.value)


def is_settled(db: sqlite_utils.Database, article_key: str, sha256: str) -> bool:
    """True when the archive holds this article with these very bytes, and every post found
    in it has a verdict that no later run would change without the article changing."""
    if not sha256:
        return False
    rows = list(
        db.query("select 1 from articles where id = ? and sha256 = ?", [article_key, sha256])
    )
    if not rows:
        return False
    placeholders = ", ".join("?" for _ in UNSETTLED)
    open_embeds = db.execute(
        "select count(*) from embeds left join verdicts on verdicts.embed_id = embeds.id "
        f"where embeds.article_id = ? and (verdicts.status is null or verdicts.status in "
        f"({placeholders}))",
        [article_key, *UNSETTLED],
    ).fetchone()[0]
    return int(open_embeds) == 0
