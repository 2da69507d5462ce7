"""Reading local input without trusting it: only regular files, and never more bytes than an
article may hold.

A folder can hold a symlink to /dev/zero (endless), a named pipe (read blocks for ever) or a
page of gigabytes; any of them, read whole, stops the run and the good files after it are
never read. The same spirit as the HTTP client's 50 MB cap on a response.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

# The most bytes one article (a file, or one page of a crawl) may hold.
DEFAULT_MAX_ARTICLE_BYTES = 50_000_000
_KINDS = (
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a directory"),
)


class TooLarge(ValueError):
    "An article larger than the run's cap"


def not_regular(path: Path) -> str | None:
    """Why `path` (its symlinks followed) is not a regular file to read; None when it is.
    Raises OSError when it cannot be looked at (missing, no permission)."""
    mode = os.stat(path).st_mode
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    linked = " (through a symlink)" if path.is_symlink() else ""
    return f"{kind}{linked}, not a regular file: not read"


def too_large_message(size: int | None, cap: int) -> str:
    shown = f"{size / 1e6:.0f} MB" if size is not None else "more"
    return (
        f"{shown} where an article may hold {cap / 1e6:g} MB: not read"
        " (raise --max-article-mb to read it)"
    )


def read_capped(path: Path, cap: int) -> bytes:
    """The bytes of a regular file; raises TooLarge past `cap` without reading the rest."""
    with path.open("rb") as stream:
        size = os.fstat(stream.fileno()).st_size
        if size > cap:
            raise TooLarge(too_large_message(size, cap))
        data = stream.read(cap + 1)  # a file may grow while it is read
    if len(data) > cap:
        raise TooLarge(too_large_message(None, cap))
    return data


def storable_name(path: Path) -> str:
    """The path as text that can be shown and stored. A file name that is not UTF-8 comes to
    Python with its bad bytes as lone surrogates (PEP 383), which no terminal prints and SQLite
    refuses; here each such byte is written as \\xNN."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")
