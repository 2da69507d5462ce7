"""Lists of sources: the `urls.txt` or spreadsheet of articles a newsroom keeps.

A list is one source a line (a URL or a path; blank lines and `#` comments skipped), or a CSV
or TSV whose header names a URL column. It is read whole, before any article, so that the run
knows how many articles it has ahead of it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from verifier.models import Problem

# Header names, compared without case, spaces, hyphens or underscores; the first found wins.
URL_COLUMNS = ("url", "articleurl", "link", "address", "permalink", "href", "source", "path")
_DELIMITERS = ",\t;"


@dataclass(frozen=True)
class SourceList:
    """The sources a list names, in its order, and what could not be read in it."""

    sources: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _key(name: str) -> str:
    return "".join(c for c in name.strip().lstrip("\ufeff").lower() if c.isalnum())


def _header(line: str) -> tuple[str, int] | None:
    """The delimiter and the URL column's index, if `line` is a header naming one."""
    for delimiter in _DELIMITERS:
        if delimiter not in line:
            continue
        names = [_key(cell) for cell in next(csv.reader([line], delimiter=delimiter))]
        for wanted in URL_COLUMNS:
            if wanted in names:
                return delimiter, names.index(wanted)
    return None


def read_source_list(text: str, *, name: str) -> SourceList:
    """The sources in `text`, read from `name` (a file, or `-` for standard input)."""
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    header = _header(first)
    if header is None:
        if any(d in first for d in _DELIMITERS) and not first.lstrip().startswith("#"):
            if "://" not in first.split(",")[0]:
                accepted = ", ".join(URL_COLUMNS)
                message = f"a table whose header names no URL column (accepted: {accepted})"
                return SourceList(problems=[Problem(name, "read", message, line=1)])
        return SourceList(sources=_one_a_line(lines))
    delimiter, column = header
    found = SourceList()
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    next(reader)
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        value = row[column].strip() if column < len(row) else ""
        if value:
            found.sources.append(value)
        else:
            message = "no URL in this row"
            found.problems.append(Problem(name, "read", message, line=reader.line_num))
    return found


def _one_a_line(lines: list[str]) -> list[str]:
    stripped = (line.strip() for line in lines)
    return [line for line in stripped if line and not line.startswith("#")]


def holds_only_urls(text: str) -> bool:
    """Whether every non-blank line of a text is one web address: a list, not an article."""
    lines = _one_a_line(text.splitlines())
    return bool(lines) and all(
        line.lower().startswith(("http://", "https://")) and " " not in line for line in lines
    )
