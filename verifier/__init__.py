"""verifier: find the posts that articles embed or quote, and check them against the originals.

The library, for scripts and notebooks (docs/library.md shows each with an example):

    verify(sources, db=..., feeds=..., sitemaps=..., since=...)   into an archive
    import_archives(paths, db=...)                               originals from local files
    verdicts(db, status=..., site=..., checked_since=...)        typed records back
    check(text, post_url=..., author=..., date=...)              one quote, no archive file

The records they give: RunSummary, Problem, QuoteRecord, Verdict, Status.
"""

import sys


def _import_sqlite_utils_without_numpy() -> None:
    """sqlite-utils imports numpy and pandas at start-up, where installed, only to map their
    scalar types to column types. verifier never hands it their values, and importing numpy
    (installed for py3langid, which loads it itself when first used) was a tenth of `verify`'s
    time on 600 pages. So sqlite-utils is imported first here, with both marked as absent, and
    they stay importable afterwards."""
    if "sqlite_utils" in sys.modules:
        return
    blocked = [name for name in ("numpy", "pandas") if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]  # an import of it raises ImportError
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in blocked:
            if sys.modules.get(name) is None:
                del sys.modules[name]


_import_sqlite_utils_without_numpy()

from verifier.api import check, import_archives, verdicts, verify  # noqa: E402 - after sqlite-utils, above
from verifier.http.client import package_version  # noqa: E402 - after sqlite-utils, above
from verifier.models import Problem, RunSummary, Status, Verdict  # noqa: E402 - after sqlite-utils, above
from verifier.store.db import ArchiveError  # noqa: E402 - after sqlite-utils, above
from verifier.store.records import QuoteRecord  # noqa: E402 - after sqlite-utils, above

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
