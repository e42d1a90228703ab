"""The printed page an answer came from, as a PNG: the article outlined, the answer's characters
highlighted where they are printed. Rendered with pypdfium2 from the copy of the PDF the index
keeps; the boxes are the article's ``PageBoxes``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from qa.errors import BulletinQAError
from qa.models import Article, Box

OUTLINE = (30, 110, 220, 255)
MARK = (255, 214, 0, 110)
MARK_EDGE = (230, 120, 0, 255)


@dataclass(frozen=True)
class PageImage:
    png: bytes
    page: int  # 1-based page of the PDF
    width: int
    height: int


class PageView:
    """Renders pages. ``scale`` is pixels per PDF point (1.5 ≈ 108 dpi); a cropped view shows
    the article's own area with a margin, so the highlight is readable in a chat reply."""

    def __init__(self, scale: float = 1.5, margin: float = 12.0, max_pixels: int = 12_000_000) -> None:
        self.scale = scale
        self.margin = margin
        self.max_pixels = max_pixels

    def render(self, pdf: Path, article: Article, start: int = 0, end: int = 0, page: int | None = None,
               crop: bool = True) -> PageImage:
        """``article``'s page (the page of ``text[start:end]``, else ``page``, else its first)."""
        import pypdfium2 as pdfium
        from PIL import Image, ImageDraw

        marks = article.page_boxes.boxes(start, end) if end > start else []
        pages = article.page_boxes.pages()
        number = page or (marks[0][0] if marks else (pages[0] if pages else 1))
        try:
            doc = pdfium.PdfDocument(str(pdf))
        except pdfium.PdfiumError as exc:
            raise BulletinQAError(f"the kept copy of {article.source} cannot be read ({exc}); ingest the PDF again") from exc
        try:
            if not 1 <= number <= len(doc):
                raise BulletinQAError(f"{article.source} has no page {number}")
            pdf_page = doc[number - 1]
            width, height = pdf_page.get_size()
            scale = min(self.scale, (self.max_pixels / max(1.0, width * height)) ** 0.5)
            image = pdf_page.render(scale=scale).to_pil().convert("RGBA")
        finally:
            doc.close()
        overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(overlay)
        regions = [r for r in article.page_boxes.regions if r[0] == number]
        for _, x0, top, x1, bottom in regions:
            draw.rectangle(self._px((x0, top, x1, bottom), scale, 3), outline=OUTLINE, width=3)
        for _, x0, top, x1, bottom in (m for m in marks if m[0] == number):
            draw.rectangle(self._px((x0, top, x1, bottom), scale, 1), fill=MARK, outline=MARK_EDGE, width=2)
        image = Image.alpha_composite(image, overlay).convert("RGB")
        if crop and regions:
            image = image.crop(self._px(self._union(regions), scale, self.margin, image.size))
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
        return PageImage(out.getvalue(), number, image.width, image.height)

    @staticmethod
    def _union(boxes: list[Box]) -> tuple[float, float, float, float]:
        return (min(b[1] for b in boxes), min(b[2] for b in boxes), max(b[3] for b in boxes), max(b[4] for b in boxes))

    @staticmethod
    def _px(box: tuple[float, float, float, float], scale: float, pad: float, size: tuple[int, int] | None = None) -> tuple[int, int, int, int]:
        x0, top, x1, bottom = box
        out = [int((x0 - pad) * scale), int((top - pad) * scale), int((x1 + pad) * scale + 1), int((bottom + pad) * scale + 1)]
        if size:
            out = [max(0, out[0]), max(0, out[1]), min(size[0], out[2]), min(size[1], out[3])]
        return out[0], out[1], out[2], out[3]
