"""Typesetting primitives for generated newspaper pages: a CJK font, justified lines, columns.

Coordinates are top-down (y grows downwards, as on the printed page); reportlab's bottom-up
origin is converted only where a glyph or a line is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from qa.ingest.pagesim import wrap

FONT = "WQYZenHei"
FONT_PATHS = ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc")


def font_path() -> Path | None:
    return next((Path(p) for p in FONT_PATHS if Path(p).exists()), None)


def register_font() -> None:
    """Registers WenQuanYi Zen Hei (Debian's fonts-wqy-zenhei) once per process."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    path = font_path()
    if path is None:
        raise RuntimeError("fonts-wqy-zenhei is not installed (apt-get install fonts-wqy-zenhei)")
    pdfmetrics.registerFont(TTFont(FONT, str(path), subfontIndex=0))


def width(text: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, FONT, size)


def break_lines(text: str, line_width: float, size: float, first_indent: float = 0.0) -> list[str]:
    """Lines of at most ``line_width`` points, the rules of ``qa.ingest.pagesim.wrap``."""
    return wrap(text, line_width, first_indent, char_width=lambda ch: width(ch, size))


@dataclass
class Column:
    """One column of a module's body: where the next line goes and where the column ends."""

    x: float
    top: float
    bottom: float
    width: float

    def room(self, leading: float) -> int:
        return max(0, int((self.bottom - self.top) // leading))


@dataclass
class Page:
    """A canvas page with top-down drawing helpers."""

    canvas: Canvas
    width: float
    height: float
    drawn_chars: int = field(default=0)

    def text(self, x: float, top: float, s: str, size: float, char_space: float = 0.0) -> None:
        """Draws ``s`` with its em box's top at ``top``."""
        t = self.canvas.beginText()
        t.setFont(FONT, size)
        t.setCharSpace(char_space)
        t.setTextOrigin(x, self.height - top - size * 0.88)
        t.textOut(s)
        self.canvas.drawText(t)
        self.drawn_chars += len(s)

    def justified(self, x: float, top: float, s: str, size: float, line_width: float, last: bool) -> None:
        natural = width(s, size)
        space = 0.0 if last or len(s) < 2 else (line_width - natural) / (len(s) - 1)
        self.text(x, top, s, size, char_space=max(-size * 0.3, min(space, size * 0.6)))

    def centered(self, x: float, top: float, s: str, size: float, box_width: float) -> None:
        self.text(x + max(0.0, (box_width - width(s, size)) / 2), top, s, size)

    def vertical(self, x: float, top: float, s: str, size: float, step: float) -> None:
        """Characters stacked top to bottom in one column (竖排)."""
        for i, ch in enumerate(s):
            self.text(x, top + i * step, ch, size)

    def rule(self, x0: float, y0: float, x1: float, y1: float, weight: float = 0.6) -> None:
        self.canvas.setLineWidth(weight)
        self.canvas.line(x0, self.height - y0, x1, self.height - y1)

    def photo(self, image_path: str, x: float, top: float, w: float, h: float) -> None:
        self.canvas.drawImage(image_path, x, self.height - top - h, w, h)
