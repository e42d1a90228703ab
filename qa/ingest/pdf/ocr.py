"""Characters for pages without a text layer (scans, photographed pages), read by OCR.

Optional: ``pip install 'bulletin-qa[ocr]'`` adds rapidocr-onnxruntime (Apache-2.0), whose wheel
ships its detection and recognition models, so it works offline. Its per-character boxes are
turned into the same ``PdfChar`` a text layer gives, in PDF points, and go through the same
layout. OCR reports one height per printed line rather than a font size, so heights close to
the page's most common one are snapped to it (the layout compares sizes).
"""

from __future__ import annotations

import importlib.util
from collections import Counter

from qa.ingest.pdf.chars import PdfChar

SNAP = 0.18  # line heights within this fraction of the body height are body text
HEAD_SNAP = 0.25  # headline glyphs vary more in height from line to line


class PageOcr:
    """Reads page images; the OCR engine is loaded on first use."""

    def __init__(self, scale: float = 2.0, min_score: float = 0.5) -> None:
        self.scale = scale  # pixels per PDF point of the rendered page OCR reads
        self.min_score = min_score
        self._engine = None

    @staticmethod
    def available() -> bool:
        return importlib.util.find_spec("rapidocr_onnxruntime") is not None

    def warm_up(self):
        if self._engine is None:
            from rapidocr_onnxruntime import RapidOCR

            self._engine = RapidOCR()
        return self._engine

    def chars(self, pdf_page) -> list[PdfChar]:
        """The characters OCR reads on a pypdfium2 page, with boxes in points from the page's top."""
        import numpy as np

        image = pdf_page.render(scale=self.scale).to_pil().convert("RGB")
        result, _ = self.warm_up()(np.array(image), return_word_box=True)
        chars: list[PdfChar] = []
        for item in result or []:
            if len(item) < 5 or item[2] < self.min_score:
                continue
            line = [c for box, word in zip(item[3], item[4]) for c in self._split(box, word)]
            chars += _close_gaps(_line_size(line))
        return _snap_sizes(chars)

    def _split(self, box, word: str) -> list[PdfChar]:
        """A recognised word's box shared among its characters (one box per character for
        Chinese; Latin words and numbers come as one box)."""
        xs = [p[0] / self.scale for p in box]
        ys = [p[1] / self.scale for p in box]
        x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
        word = "".join(ch for ch in word if not ch.isspace())
        if not word:
            return []
        if bottom - top > 1.5 * (x1 - x0) * len(word) and len(word) > 1:  # a vertical run
            step = (bottom - top) / len(word)
            return [PdfChar(ch, x0, top + i * step, x1, top + (i + 1) * step, round(x1 - x0, 1), False) for i, ch in enumerate(word)]
        step = (x1 - x0) / len(word)
        return [PdfChar(ch, x0 + i * step, top, x0 + (i + 1) * step, bottom, round(bottom - top, 1), False) for i, ch in enumerate(word)]


def _line_size(line: list[PdfChar]) -> list[PdfChar]:
    """One size for a recognised line: its box height, unless the detector's box took in more
    than the line (two lines merged, a tall bracket) — then the pitch of its Chinese characters,
    which are as wide as they are tall."""
    if not line:
        return line
    height = max(c.bottom - c.top for c in line)
    cjk = [c for c in line if "\u4e00" <= c.ch <= "\u9fff"]
    if len(cjk) >= 4:
        pitch = (line[-1].x1 - line[0].x0) / len(line)
        height = min(height, 1.1 * pitch) if height > 1.3 * pitch else height
    for c in line:
        c.size = round(height, 1)
    return line


def _close_gaps(line: list[PdfChar]) -> list[PdfChar]:
    """OCR boxes hug each glyph; a text layer's boxes span each character's advance. Within one
    recognised line, a gap narrower than a gutter is shared between its two characters, so the
    layout sees them as one line (a gutter stays a gap: the detector may run a line across one)."""
    for a, b in zip(line, line[1:]):
        gap = b.x0 - a.x1
        if 0 < gap < 0.6 * max(a.size, b.size) and abs(a.top - b.top) < 0.3 * a.size:
            a.x1 = b.x0 = a.x1 + gap / 2
    return line


def _snap_sizes(chars: list[PdfChar]) -> list[PdfChar]:
    """Heights within ``SNAP`` of each other become one size: the body's, and each larger
    size's (the two lines of one headline measure differently, glyph by glyph)."""
    counts = Counter(round(c.size) for c in chars)
    if not counts:
        return chars
    body = counts.most_common(1)[0][0]
    size_of = {h: float(body) for h in counts if abs(h - body) <= SNAP * body}
    levels: list[list[int]] = []
    for h in sorted(h for h in counts if h not in size_of):
        step = HEAD_SNAP if h > 1.4 * body else SNAP
        if levels and h <= levels[-1][0] * (1 + step):
            levels[-1].append(h)
        else:
            levels.append([h])
    for level in levels:
        snapped = max(level, key=lambda h: counts[h])
        size_of.update({h: float(snapped) for h in level})
    for c in chars:
        c.size = size_of[round(c.size)]
    return chars
