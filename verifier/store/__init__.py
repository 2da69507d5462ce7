"""The store: the only package that talks to SQLite.

Takes the typed records of the stages before it (articles, embeds, originals with the evidence
of their fetches, verdicts, problems) and gives them back as rows and as typed records.

    schema.py     the shape, declared once as sqlite-utils migrations; views.py, the views' SQL
    db.py         opening the archive; the helpers every writer shares
    articles.py   articles, embeds, verdicts and problems
    evidence.py   the story of a fetch: requests, bodies, sources, versions, state, history
    imported.py   the story of an import: a post read from a local archive file
    rows.py       one function per row of evidence, deciding nothing
    upsert.py     rows written with plain SQL and executemany (the shape is known)
    batch.py      one transaction per batch of articles
    held.py       the evidence read back: originals with their versions, posts to recheck

Other packages import what they need from the module that has it; this face names the ones a
caller starts from.
"""

from verifier.store.articles import (
    article_id,
    embed_id,
    quote_rows,
    replace_embeds,
    save_article,
    save_problem,
    save_verdict,
)
from verifier.store.db import ArchiveBusy, ArchiveError, now, open_db
from verifier.store.held import EvidenceArchive, LocalArchive

__all__ = [
    "ArchiveBusy",
    "ArchiveError",
    "EvidenceArchive",
    "LocalArchive",
    "article_id",
    "embed_id",
    "now",
    "open_db",
    "quote_rows",
    "replace_embeds",
    "save_article",
    "save_problem",
    "save_verdict",
]
