"""Lines → blocks with a role, from type size and geometry.

Sizes are judged against the page's body size (the size most characters are printed in):
headlines are much larger, decks (引题 kickers and 副题 subtitles) somewhat larger. The page's
furniture (masthead, running head, 责任编辑 lines) is set apart; captions are the lines printed
right under (or over) a picture, within its width.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from qa.ingest.layout import FURNITURE as EDITOR_LINE  # 责任编辑：… the same on a text page
from qa.ingest.pdf.chars import PdfPage
from qa.ingest.pdf.lines import TextLine

HEAD = 1.55  # a line this many times the body size is a headline
DECK = 1.12  # … this many, a kicker or subtitle
BODY_GAP = 1.05  # lines of a block are at most this many sizes apart
HEAD_GAP = 0.7
INDENT = 1.2  # a line starting this many sizes right of its column starts a paragraph
CREDIT = re.compile(r"(?:记者|通讯员|摄影)?\s*[\u4e00-\u9fff·]{2,5}\s*[/／]?\s*摄\s*[）)]?$|^[（(]?图片?由.{1,20}提供[）)]?$|^新华社(?:发|记者)")
FOLIO = re.compile(r"^第\s*\d+\s*版$")


@dataclass
class Block:
    lines: list[TextLine]
    role: str  # head | deck | body | caption
    page: int
    vertical: bool = False
    attached: list["Block"] = field(default_factory=list)  # a head's kicker and subtitle

    @property
    def x0(self) -> float:
        return min(ln.x0 for ln in self.lines)

    @property
    def x1(self) -> float:
        return max(ln.x1 for ln in self.lines)

    @property
    def top(self) -> float:
        return min(ln.top for ln in self.lines)

    @property
    def bottom(self) -> float:
        return max(ln.bottom for ln in self.lines)

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def size(self) -> float:
        return self.lines[0].size

    @property
    def text(self) -> str:
        return "".join(ln.text for ln in self.lines)

    def x_overlap(self, other: "Block") -> float:
        return max(0.0, min(self.x1, other.x1) - max(self.x0, other.x0))

    def box(self) -> tuple[int, float, float, float, float]:
        return (self.page, self.x0, self.top, self.x1, self.bottom)


@dataclass
class PageBlocks:
    page: PdfPage
    body_size: float
    blocks: list[Block]
    furniture: list[TextLine]  # masthead, running head, editor lines

    @property
    def furniture_text(self) -> str:
        return "\n".join(ln.text for ln in self.furniture)


def body_size(lines: list[TextLine]) -> float:
    counts: Counter = Counter()
    for ln in lines:
        counts[round(ln.size * 2) / 2] += len(ln.chars)
    return counts.most_common(1)[0][0] if counts else 10.0


def role_of(line: TextLine, body: float) -> str:
    if line.size >= HEAD * body:
        return "head"
    if line.size >= DECK * body:
        return "deck"
    return "body"


PAGE_FURNITURE = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|第\s*[0-9一二三四五六七八九十]+\s*版|星期[一二三四五六日天]|[A-Z]\d{1,2}\s*版")


def _header_zone(page: PdfPage, lines: list[TextLine]) -> float:
    """The y above which the masthead or running head sits: the first rule across most of the
    page near its top with a date or page number (and little else) printed above it; else the
    end of the top lines that print a date or a page number."""
    wide = sorted(r[1] for r in page.rules if r[2] - r[0] >= 0.6 * page.width and r[1] <= 0.25 * page.height)
    for y in wide:
        above = [ln for ln in lines if ln.bottom <= y + 1]
        if any(PAGE_FURNITURE.search(ln.text) for ln in above) and sum(len(ln.text) for ln in above) <= 160:
            return y
    zone = 0.0
    for ln in lines:
        if ln.top > 0.12 * page.height:
            break
        if PAGE_FURNITURE.search(ln.text):
            zone = max(zone, ln.bottom + 1)
    return zone


def _footer(page: PdfPage, line: TextLine, lines: list[TextLine]) -> bool:
    """A folio or a short line alone in the page's bottom margin (a paragraph's last line at
    the foot of a column has the column's lines just above it)."""
    if line.top < 0.94 * page.height or len(line.text.strip()) > 12:
        return False
    return not any(o is not line and 0 <= line.top - o.bottom <= 1.5 * line.size and o.x_overlap(line) > 0 for o in lines)


def _crossed_by_rule(page: PdfPage, a: TextLine, b: TextLine) -> bool:
    """A horizontal rule between two vertically adjacent lines, across their common width."""
    lo, hi = a.bottom - 1, b.top + 1
    left, right = max(a.x0, b.x0), min(a.x1, b.x1)
    return any(lo <= r[1] <= hi and r[2] - r[0] > 2 and min(r[2], right) - max(r[0], left) > 0.5 * (right - left) for r in page.rules)


def _continues(block: Block, line: TextLine, page: PdfPage) -> bool:
    last = block.lines[-1]
    if block.vertical or line.vertical or abs(line.size - last.size) > 0.1 * last.size:
        return False
    gap = line.top - last.bottom
    limit = (HEAD_GAP if block.role == "head" else BODY_GAP) * line.size
    if not (-0.2 * line.size <= gap <= limit):
        return False
    if min(block.x1, line.x1) - max(block.x0, line.x0) < 0.5 * min(block.width, line.width):
        return False
    if block.role == "body" and (line.x0 < block.x0 - (INDENT + 1.5) * line.size or line.x1 > block.x1 + 1.5 * line.size):
        return False  # not the same column
    return not _crossed_by_rule(page, last, line)


def _captions(page: PdfPage, lines: list[TextLine], body: float) -> set[int]:
    """Lines printed directly under (or over) a picture and within its width."""
    caption: set[int] = set()
    for x0, top, x1, bottom in page.pictures:
        # within the picture's width, give or take a character of punctuation hanging past it
        inside = [ln for ln in lines if not ln.vertical and ln.x0 >= x0 - 4 and ln.x1 <= x1 + 1.2 * ln.size and ln.size < DECK * body]
        below = sorted((ln for ln in inside if 0 <= ln.top - bottom <= 1.5 * ln.size), key=lambda ln: ln.top)
        above = sorted((ln for ln in inside if 0 <= top - ln.bottom <= 1.5 * ln.size), key=lambda ln: -ln.top)
        for start, step in ((below, 1), (above, -1)):
            if not start:
                continue
            run, prev = [start[0]], start[0]
            pool = sorted(inside, key=lambda ln: step * ln.top)
            for ln in pool:
                gap = (ln.top - prev.bottom) if step > 0 else (prev.top - ln.bottom)
                if ln is prev or gap < -1 or ln in run:
                    continue
                if gap > 0.6 * prev.size or abs(ln.size - prev.size) > 0.1 * prev.size or ln.x0 - prev.x0 > INDENT * ln.size:
                    break
                run.append(ln)
                prev = ln
            caption.update(id(ln) for ln in run)
    return caption


def build_blocks(page: PdfPage, lines: list[TextLine]) -> PageBlocks:
    body = body_size([ln for ln in lines if not ln.vertical])
    zone = _header_zone(page, lines)
    furniture = [ln for ln in lines if ln.bottom <= zone + 1 or EDITOR_LINE.search(ln.text) or FOLIO.search(ln.text) or _footer(page, ln, lines)]
    skip = {id(ln) for ln in furniture}
    content = [ln for ln in lines if id(ln) not in skip]
    captions = _captions(page, content, body)
    blocks: list[Block] = []
    open_blocks: list[Block] = []
    for ln in content:
        if id(ln) in captions or (ln.size < DECK * body and CREDIT.search(ln.text) and len(ln.text) <= 40):
            role = "caption"
        else:
            role = role_of(ln, body)
        best = None
        for b in open_blocks:
            if b.role == role and _continues(b, ln, page) and (best is None or b.lines[-1].bottom > best.lines[-1].bottom):
                best = b
        if best is not None:
            best.lines.append(ln)
            continue
        block = Block([ln], role, page.number, vertical=ln.vertical)
        blocks.append(block)
        open_blocks = [b for b in open_blocks if b.lines[-1].bottom > ln.top - 3 * body] + [block]
    return PageBlocks(page, body, blocks, furniture)
