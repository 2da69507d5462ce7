"""The archive as a WACZ: the WARC of `export-warc`, indexed, with `pages.jsonl` listing the
articles, packed by py-wacz so that ReplayWeb.page opens it.

py-wacz is an optional extra (`pip install 'verifier[wacz]'`): it brings a data-package toolkit
that nothing else here needs.
"""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from pathlib import Path
from typing import Any

import sqlite_utils

from verifier.publish.warc import Written, export_warc
from verifier.store.held import recorded_articles


class WaczUnavailable(Exception):
    "Writing a WACZ needs the wacz package: pip install 'verifier[wacz]'"


class WaczFailed(Exception):
    "py-wacz could not pack the archive"


def export_wacz(db: sqlite_utils.Database, path: str | Path) -> Written:
    """Write the archive to `path` as a WACZ. Raises WaczUnavailable without py-wacz, and
    WaczFailed (with what it said) if it refuses the WARC."""
    try:
        from wacz.main import main as wacz_main
    except ImportError:
        raise WaczUnavailable(WaczUnavailable.__doc__) from None
    with tempfile.TemporaryDirectory(prefix="verifier-wacz-") as directory:
        warc = Path(directory) / "archive.warc.gz"
        written = export_warc(db, warc)
        pages = Path(directory) / "pages.jsonl"
        pages.write_text(pages_jsonl(db), encoding="utf-8")
        said = io.StringIO()
        with contextlib.redirect_stdout(said):
            code = wacz_main(
                [
                    "create",
                    "-o",
                    str(path),
                    str(warc),
                    "-p",
                    str(pages),
                    "-c",
                    "--title",
                    "verifier archive",
                ]
            )
        if code not in (0, None):
            raise WaczFailed(f"{WaczFailed.__doc__}: {said.getvalue().strip()}")
    return written


def pages_jsonl(db: sqlite_utils.Database) -> str:
    """The articles as WACZ pages: a header line, then one page per article, under the URI
    its record has in the WARC and the time it was read."""
    lines: list[dict[str, Any]] = [{"format": "json-pages-1.0", "id": "pages", "title": "Articles"}]
    for row in recorded_articles(db):
        if row["read_kind"] == "file":
            url = Path(row["read_location"]).as_uri()
        else:
            url = row["final_url"] or row["read_location"]
        # Every page carries an id and a title: py-wacz validates pages.jsonl as a table whose
        # columns are the header line's (format, id, title), and a page with none is "blank".
        lines.append(
            {"id": row["id"], "url": url, "ts": row["read_at"], "title": row["title"] or url}
        )
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
