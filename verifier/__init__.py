"""verifier: find the posts that articles embed or quote, and check them against the originals."""

import sys

__version__ = "0.1.0"


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
