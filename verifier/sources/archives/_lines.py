"""Bytes to text for the line formats: UTF-8 where it is, a legacy code page where it is not."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from pathlib import Path

from verifier.models import Problem

HEAD_SIZE = 64 * 1024  # enough to sniff a format, a delimiter and an encoding
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")  # what surrogateescape makes of a bad byte
_ENCODE_AS = {"utf-8-sig": "utf-8"}  # encoding a line back must not add a BOM
_SHOWN_AS = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8"}


def guess_encoding(head: bytes) -> str:
    """The encoding a file's first bytes are in: the one its BOM names, else UTF-8 where the
    bytes are valid UTF-8, else cp1252 (what Excel on Windows writes), else latin-1."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"  # before UTF-16: its little-endian BOM begins with UTF-16's
    if head.startswith(_UTF16_BOMS):
        return "utf-16"
    try:
        # final=False: the head may end inside a character that the next byte completes
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    try:
        head.decode("cp1252")
    except UnicodeDecodeError:
        return "latin-1"  # cp1252 leaves five bytes undefined; latin-1 reads every byte
    return "cp1252"


class Lines:
    """A text file's lines with their line ends, read lazily, each decoded on its own so that
    a line in another encoding spoils nothing else.

    A line that is not in `encoding` is read as cp1252 (or latin-1) and noted; the reader
    reports the notes through `problems()` between records.
    """

    def __init__(self, path: Path, encoding: str) -> None:
        self.path = path
        self.encoding = encoding
        self._recoded: list[tuple[int, str]] = []

    def __iter__(self) -> Iterator[str]:
        # surrogateescape keeps a bad byte in the line, so the whole line can be decoded again
        errors = "replace" if self.encoding in ("utf-16", "utf-32") else "surrogateescape"
        with open(self.path, encoding=self.encoding, errors=errors, newline="") as stream:
            for number, line in enumerate(stream, 1):
                yield self._recode(number, line) if _ESCAPED_BYTE.search(line) else line

    def problems(self, source: str) -> Iterator[Problem]:
        """One Problem per line read in a fallback encoding since the last call."""
        for number, used in self._recoded:
            shown = _SHOWN_AS.get(self.encoding, self.encoding)
            message = f"not {shown}: the line was read as {used}"
            yield Problem(source, "import", message, line=number, severity="warning")
        self._recoded.clear()

    def _recode(self, number: int, line: str) -> str:
        data = line.encode(_ENCODE_AS.get(self.encoding, self.encoding), "surrogateescape")
        try:
            text, used = data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            text, used = data.decode("latin-1"), "latin-1"
        self._recoded.append((number, used))
        return text
