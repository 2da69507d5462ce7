"""The library: what a script or a notebook calls, re-exported at the package's face.

Takes what the CLI takes (sources, feeds, sitemaps, archives of originals, an archive file) as
Python values; gives typed records (`RunSummary`, `QuoteRecord`, `Verdict`) instead of text.

    run.py      verify(): sources, feeds and sitemaps into an archive; import_archives()
    read.py     verdicts(): the archive's verdicts read back, filtered, as QuoteRecords
    check.py    check(): one quote judged against its original, with no archive file

Errors, drawn in one place:

    ValueError      a bad argument, named: an unreadable `since`, an unknown endpoint name,
                    a quote that names no post (check), an archive of originals unread (check)
    ArchiveError    the archive file is not SQLite, or cannot be written

Bad input met along the way (a page that fails, a broken feed) is no exception: it is a
`Problem` in the summary and in the archive, and the run goes on.
"""

from verifier.api.check import check
from verifier.api.read import verdicts
from verifier.api.run import import_archives, verify

__all__ = ["check", "import_archives", "verdicts", "verify"]
