"""What pypdfium2 reports of a PDF page: characters with box, size and weight; ruling lines;
pictures. Every problem with the file itself (damaged, encrypted, no pages, no text layer)
becomes an ``UnreadableFile`` that names the file and says what to do.
"""

from __future__ import annotations

import ctypes
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from qa.errors import UnreadableFile

MAX_PAGES = 1000  # a newspaper issue has 4–100 pages; past this a PDF is a book, read it in parts
RULE_THICKNESS = 3.0  # a path this thin (points) and this long is a ruling line
RULE_LENGTH = 20.0
MIN_PICTURE = 12.0  # smaller images are ornaments, not photos
GARBLED = 0.05  # a page whose characters are this often control or private-use codes has no usable text layer


@dataclass(slots=True)
class PdfChar:
    ch: str
    x0: float
    top: float  # y from the page's top
    x1: float
    bottom: float
    size: float
    bold: bool

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class PdfPage:
    number: int  # 1-based
    width: float
    height: float
    chars: list[PdfChar] = field(default_factory=list)
    rules: list[tuple[float, float, float, float]] = field(default_factory=list)  # (x0, top, x1, bottom)
    pictures: list[tuple[float, float, float, float]] = field(default_factory=list)
    ocr: bool = False  # the characters were read by OCR (the page has no text layer)
    garbled: bool = False  # a text layer without a character map: codes, not characters (dropped)
    damaged: bool = False  # pdfium could not load the page (its objects are broken); the other pages are read

    @property
    def has_text(self) -> bool:
        return any(not c.ch.isspace() for c in self.chars)


def _open(path: Path, name: str):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        why = str(exc)
        if "password" in why.lower():
            raise UnreadableFile(f"{name}: the PDF is encrypted (password protected); save an unprotected copy and ingest that") from exc
        detail = why.split("PDFium:")[-1].strip(" ).") or why
        head = path.read_bytes()[:2_000_000]
        if head.startswith(b"%PDF") and b"%%EOF" in head[-1024:] and not re.search(rb"/Type\s*/Page(?!s)", head):
            raise UnreadableFile(f"{name}: the PDF has no pages") from exc  # pdfium refuses a document without pages
        raise UnreadableFile(f"{name}: not a readable PDF ({detail}); it may be damaged or truncated — export it again") from exc


def read_pages(path: Path, name: str, max_pages: int = MAX_PAGES, ocr=None) -> list[PdfPage]:
    """Every page's characters, rules and pictures, in page order; ``ocr`` (a ``PageOcr``)
    reads the characters of pages that have no text layer."""
    pdf = _open(path, name)
    try:
        count = len(pdf)
        if count == 0:
            raise UnreadableFile(f"{name}: the PDF has no pages")
        if count > max_pages:
            raise UnreadableFile(f"{name}: {count} pages is more than the {max_pages} read from one PDF; split it (for example with qpdf --split-pages)")
        return [_page_or_damaged(pdf, i, ocr) for i in range(count)]
    finally:
        pdf.close()


def _page_or_damaged(pdf, index: int, ocr=None) -> PdfPage:
    import pypdfium2 as pdfium

    try:
        return _page(pdf, index, ocr)
    except pdfium.PdfiumError:  # one broken page must not cost the file's other pages
        return PdfPage(index + 1, 0.0, 0.0, damaged=True)


def _page(pdf, index: int, ocr=None) -> PdfPage:
    import pypdfium2 as pdfium

    page = pdf[index]
    try:
        width, height = page.get_size()
        out = PdfPage(index + 1, width, height)
        textpage = page.get_textpage()
        try:
            out.chars = _chars(textpage, height)
        finally:
            textpage.close()
        if out.chars and sum(c.ch == "\ufffd" or unicodedata.category(c.ch) in ("Cc", "Co") for c in out.chars) > GARBLED * len(out.chars):
            out.chars, out.garbled = [], True  # fonts without ToUnicode: what pdfium reports are glyph codes
        out.chars = [c for c in out.chars if not (c.ch == "\ufffd" or unicodedata.category(c.ch) in ("Cc", "Co"))]
        if ocr is not None and not out.has_text:
            out.chars, out.ocr = ocr.chars(page), True
        for obj in page.get_objects(max_depth=3):
            try:
                left, bottom, right, top = obj.get_bounds()
            except pdfium.PdfiumError:
                continue
            box = (left, height - top, right, height - bottom)
            w, h = right - left, top - bottom
            if obj.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE and w >= MIN_PICTURE and h >= MIN_PICTURE:
                out.pictures.append(box)
            elif obj.type == pdfium.raw.FPDF_PAGEOBJ_PATH and min(w, h) <= RULE_THICKNESS and max(w, h) >= RULE_LENGTH:
                out.rules.append(box)
        return out
    finally:
        page.close()


def _chars(textpage, height: float) -> list[PdfChar]:
    import pypdfium2.raw as raw

    chars = []
    rect = raw.FS_RECTF()
    handle = textpage.raw
    for i in range(raw.FPDFText_CountChars(handle)):
        if raw.FPDFText_IsGenerated(handle, i) == 1:
            continue  # spaces and line breaks pdfium inferred; the layout infers its own
        code = raw.FPDFText_GetUnicode(handle, i)
        if code in (0, 0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF:
            code = 0xFFFD  # counted as unreadable, dropped with the page if there are many
        ch = "-" if code == 2 else chr(code)  # pdfium reports a hyphen it thinks breaks a word as U+0002
        if ch in "\r\n\t" or not raw.FPDFText_GetLooseCharBox(handle, i, ctypes.byref(rect)):
            continue
        if ch.isspace():
            ch = " " if ch != "\u3000" else ch  # printed spaces are kept: they separate words, not columns
        size = raw.FPDFText_GetFontSize(handle, i)
        box_height = rect.top - rect.bottom
        if size < 2 and box_height > 2:  # a font scaled by its text matrix reports size 1
            size = box_height
        top, bottom = height - rect.top, height - rect.bottom
        if bottom - top < 0.3 * size:  # a space's box has no height: give it its line's
            top, bottom = bottom - 0.85 * size, bottom + 0.15 * size
        chars.append(PdfChar(ch, rect.left, top, rect.right, bottom, round(size, 2),
                             raw.FPDFText_GetFontWeight(handle, i) >= 600))
    return chars
