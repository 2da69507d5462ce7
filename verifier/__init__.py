"""verifier: find the posts that articles embed or quote, and check them against the originals.

The library, for scripts and notebooks (docs/library.md shows each with an example):

    verify(sources, db=..., feeds=..., sitemaps=..., since=...)   into an archive
    import_archives(paths, db=...)                               originals from local files
    verdicts(db, status=..., site=..., checked_since=...)        typed records back
    check(text, post_url=..., author=..., date=...)              one quote, no archive file

The records they give: RunSummary, Problem, QuoteRecord, Verdict, Status.
"""

from verifier.api import check, import_archives, verdicts, verify
from verifier.http.client import package_version
from verifier.models import Problem, RunSummary, Status, Verdict
from verifier.store.db import ArchiveError
from verifier.store.records import QuoteRecord

__version__ = package_version()

__all__ = [
    "ArchiveError",
    "Problem",
    "QuoteRecord",
    "RunSummary",
    "Status",
    "Verdict",
    "__version__",
    "check",
    "import_archives",
    "verdicts",
    "verify",
]
