"""Reading the words in a picture, behind one small interface.

    class OcrEngine(Protocol):
        name: str
        def read(self, data: bytes) -> OcrReading: ...

Two engines: RapidOCR (`pip install 'verifier[ocr]'`: its wheel carries its ONNX models, so it
works offline) and Tesseract, through its command line where it is installed. Each line keeps
its confidence: the judge says `pending` where the words that differ were read too uncertainly.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol


@dataclass(frozen=True)
class OcrLine:
    text: str
    confidence: float  # 0..1
    left: int
    top: int
    height: int


@dataclass(frozen=True)
class OcrReading:
    engine: str
    lines: tuple[OcrLine, ...]  # top to bottom, then left to right
    width: int
    height: int


class OcrUnavailable(RuntimeError):
    "No OCR engine is installed: pip install 'verifier[ocr]', or install tesseract"


class OcrEngine(Protocol):
    name: str

    def read(self, data: bytes) -> OcrReading: ...


def _ordered(lines: list[OcrLine]) -> tuple[OcrLine, ...]:
    # Lines whose tops lie within half a line of each other are one row, read left to right.
    rows: list[list[OcrLine]] = []
    for line in sorted(lines, key=lambda line: line.top):
        if rows and abs(rows[-1][0].top - line.top) < max(6, line.height // 2):
            rows[-1].append(line)
        else:
            rows.append([line])
    return tuple(line for row in rows for line in sorted(row, key=lambda line: line.left))


class RapidOcr:
    """PP-OCRv4 through onnxruntime, from the models its wheel ships."""

    name = "rapidocr"

    def __init__(self) -> None:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError as error:
            raise OcrUnavailable(OcrUnavailable.__doc__) from error
        # Defaults upscale a picture until its short side is 736 px: a 600x300 card became
        # 1470x736 and took seconds. Screenshots are read at their own size; text is upright.
        # One thread: pictures are many and small, and on a shared core onnxruntime's thread
        # pool spins (measured: 1.1 s of CPU per phone screenshot with one, 1.8 s with two).
        self._engine = RapidOCR(
            det_limit_type="max",
            det_limit_side_len=1280,
            use_cls=False,
            intra_op_num_threads=1,
            inter_op_num_threads=1,
        )

    def read(self, data: bytes) -> OcrReading:
        import cv2
        import numpy as np

        image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
        if image is None:
            raise ValueError("the picture could not be decoded")
        result, _elapsed = self._engine(image, return_word_box=True)
        lines = [_rapid_line(item) for item in result or []]
        return OcrReading(self.name, _ordered(lines), int(image.shape[1]), int(image.shape[0]))


def _rapid_line(item: list[Any]) -> OcrLine:
    box, text, score = item[0], str(item[1]), float(item[2])
    xs, ys = [p[0] for p in box], [p[1] for p in box]
    char_boxes = item[3] if len(item) > 3 else None
    if char_boxes and len(char_boxes) == len(text):
        text = _respace(text, char_boxes)
    top = int(min(ys))
    return OcrLine(text, score, int(min(xs)), top, int(max(ys)) - top)


def _respace(text: str, boxes: list[Any]) -> str:
    """Put back the spaces the recogniser drops between Latin words (it was trained mostly on
    Chinese, which has none): a gap between two characters wider than a third of their
    height is a space."""
    out = [text[0]]
    for i in range(1, len(text)):
        left_edge = min(p[0] for p in boxes[i])
        right_edge = max(p[0] for p in boxes[i - 1])
        height = max(p[1] for p in boxes[i]) - min(p[1] for p in boxes[i])
        if text[i] != " " and text[i - 1] != " " and left_edge - right_edge > height / 3:
            out.append(" ")
        out.append(text[i])
    return "".join(out)


class Tesseract:
    """Tesseract's command line (`tesseract IMAGE - tsv`): no Python binding needed."""

    name = "tesseract"

    def __init__(self, executable: str | None = None, *, languages: str = "eng") -> None:
        found = executable or shutil.which("tesseract")
        if not found:
            raise OcrUnavailable(OcrUnavailable.__doc__)
        self._executable = found
        self._languages = languages

    def read(self, data: bytes) -> OcrReading:
        import cv2
        import numpy as np

        image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE)
        if image is None:
            raise ValueError("the picture could not be decoded")
        if float(image.mean()) < 110:  # Tesseract reads dark text on light: invert dark themes
            image = 255 - image
        ok, png = cv2.imencode(".png", image)
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        done = subprocess.run(
            [self._executable, "stdin", "stdout", "-l", self._languages, "--psm", "4", "tsv"],
            input=png.tobytes(),
            capture_output=True,
            check=True,
            env=env,
            timeout=60,
        )
        return OcrReading(
            self.name,
            _ordered(_tesseract_lines(done.stdout.decode())),
            int(image.shape[1]),
            int(image.shape[0]),
        )


def _tesseract_lines(tsv: str) -> list[OcrLine]:
    words: dict[tuple[str, str, str], list[dict[str, str]]] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row.get("level") == "5" and (row.get("text") or "").strip():
            words.setdefault((row["block_num"], row["par_num"], row["line_num"]), []).append(row)
    lines = []
    for group in words.values():
        confidence = min(float(w["conf"]) for w in group) / 100
        top = min(int(w["top"]) for w in group)
        height = max(int(w["top"]) + int(w["height"]) for w in group) - top
        text = " ".join(w["text"] for w in group)
        lines.append(OcrLine(text, confidence, int(group[0]["left"]), top, height))
    return lines


ENGINES = {"rapidocr": RapidOcr, "tesseract": Tesseract}


@lru_cache(maxsize=4)
def get_engine(name: str = "auto") -> OcrEngine:
    """The engine by name; "auto" is RapidOCR where installed, else Tesseract. Loaded once:
    loading RapidOCR's models takes about a second."""
    if name != "auto":
        return ENGINES[name]()  # type: ignore[no-any-return]
    for engine in ENGINES.values():
        try:
            return engine()  # type: ignore[no-any-return]
        except OcrUnavailable:
            continue
    raise OcrUnavailable(OcrUnavailable.__doc__)
