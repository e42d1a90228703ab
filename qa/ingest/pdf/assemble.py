"""Blocks → articles: each headline heads the body blocks printed below it (or, for a vertical
headline, beside it) until a ruling line or a nearer headline intervenes; the article's columns
are read left to right, each top to bottom; captions go with the picture's article.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qa.ingest.pdf.blocks import Block, PageBlocks
from qa.ingest.pdf.chars import PdfChar
from qa.ingest.pdf.lines import TextLine
from qa.ingest.segment import CONTINUED_FROM

PARAGRAPH_END = "。！？”…：；」』）)!?"


@dataclass
class Draft:
    """One article as laid out on one page, before it becomes an ``Article``."""

    page: int
    head: Block | None
    decks: list[Block] = field(default_factory=list)
    body: list[Block] = field(default_factory=list)
    captions: list[Block] = field(default_factory=list)
    pictures: list[tuple[float, float, float, float]] = field(default_factory=list)

    def regions(self) -> list[tuple[int, float, float, float, float]]:
        blocks = ([self.head] if self.head else []) + self.decks + self.body + self.captions
        return [b.box() for b in blocks] + [(self.page, *p) for p in self.pictures]


def _attach_decks(pb: PageBlocks, heads: list[Block], decks: list[Block]) -> list[Block]:
    """Kickers just above and subtitles just below a headline join it; other decks are
    headlines of their own (small headlines of brief items)."""
    promoted = []
    for d in decks:
        best, best_gap = None, None
        for h in heads:
            # a kicker may be set flush left over a centred headline: near in x, not overlapping
            apart = max(h.x0 - d.x1, d.x0 - h.x1, 0.0)
            if h.vertical or (apart > 0 and _vertical_rule_between(pb, min(d.x1, h.x1), max(d.x0, h.x0), d.top, h.bottom)):
                continue
            gap = h.top - d.bottom if d.bottom <= h.top + 1 else d.top - h.bottom
            if -1 <= gap <= 1.2 * h.size and (best_gap is None or gap + apart < best_gap):
                best, best_gap = h, gap + apart
        if best is None:
            d.role = "head"
            promoted.append(d)
        else:
            best.attached.append(d)
    return promoted


def _head_bottom(h: Block) -> float:
    return max([h.bottom] + [d.bottom for d in h.attached])


def _rule_between(pb: PageBlocks, top: float, bottom: float, x0: float, x1: float) -> bool:
    return any(top - 1 <= r[1] <= bottom + 1 and r[2] - r[0] > 2 and min(r[2], x1) - max(r[0], x0) > 0.5 * (x1 - x0)
               for r in pb.page.rules)


def _vertical_rule_between(pb: PageBlocks, left: float, right: float, top: float, bottom: float) -> bool:
    return any(r[3] - r[1] > 2 and left - 1 <= r[0] <= right + 1 and min(r[3], bottom) - max(r[1], top) > 0 for r in pb.page.rules)


def _owner(pb: PageBlocks, block: Block, heads: list[Block]) -> Block | None:
    """The headline a block is printed under: the nearest one above it (or, vertical, beside
    it) with no ruling line between. A headline centred over a wide module may not reach over
    a short story's only column: then the nearest headline diagonally above, with no vertical
    rule between, counts, at the cost of the horizontal distance."""
    best, best_distance = None, None
    for h in heads:
        if h.vertical:
            if h.x0 < block.x1 - 2 or not (h.top - 1.5 * pb.body_size <= block.top <= h.bottom):
                continue
            if _vertical_rule_between(pb, block.x1, h.x0, block.top, block.bottom):
                continue
            if any(o is not h and not o.vertical and o.top >= h.top - pb.body_size and _head_bottom(o) <= block.top + 2
                   and o.x_overlap(block) > 0 for o in heads):
                continue  # a horizontal headline of the same band heads this block
            # beside a vertical headline, how far down matters more than how far left
            distance = 0.25 * (h.x0 - block.x1) + (block.top - h.top)
        else:
            bottom = _head_bottom(h)
            if bottom > block.top + 2 or _rule_between(pb, bottom, block.top, block.x0, block.x1):
                continue
            distance = block.top - bottom
            if block.x_overlap(h) < 0.3 * min(block.width, h.width):
                apart = max(h.x0 - block.x1, block.x0 - h.x1, 0.0)
                left, right = (block.x1, h.x0) if h.x0 >= block.x1 else (h.x1, block.x0)
                if apart > 0 and _vertical_rule_between(pb, left, right, h.top, block.top):
                    continue
                if apart > 0 and any(o is not h and not o.vertical and _head_bottom(o) <= block.top + 2
                                     and o.x_overlap(block) > 0 and _head_bottom(o) > bottom for o in heads):
                    continue  # another headline stands between
                distance += 2 * apart + 2 * pb.body_size
        if best_distance is None or distance < best_distance:
            best, best_distance = h, distance
    return best


def _continuation_heads(pb: PageBlocks, bodies: list[Block], heads: list[Block]) -> list[Block]:
    """A body block that opens with （上接…） and has no headline right above it heads its own
    article, together with the blocks beside it that start at the same height."""
    pseudo = []
    for b in bodies:
        if not CONTINUED_FROM.match(b.text):
            continue
        h = _owner(pb, b, heads)
        if h is not None and not h.vertical and b.top - _head_bottom(h) <= 2.5 * h.size:
            continue
        row = sorted((o for o in bodies if abs(o.top - b.top) <= 0.5 * b.size and o.x0 >= b.x0), key=lambda o: o.x0)
        right = b.x1
        for o in row:
            if o is not b and o.x0 - right <= 3 * b.size and not _vertical_rule_between(pb, right, o.x0, o.top, o.bottom):
                right = o.x1
        marker = TextLine([PdfChar("", b.x0, b.top - 0.5, right, b.top - 0.4, b.size, False)])
        pseudo.append(Block([marker], "head", b.page))
    return pseudo


def _head_level(h: Block) -> float:
    """How far down the page a headline's article starts (a vertical headline: at its top)."""
    return h.top if h.vertical else _head_bottom(h)


def _side_by_side(a: Block, b: Block) -> bool:
    """Two blocks in neighbouring columns of one module: a gutter apart, overlapping in height,
    starting near the same height."""
    left, right = (a, b) if a.x0 < b.x0 else (b, a)
    if left.x1 > right.x0 + 1 or right.x0 - left.x1 > 2.5 * b.size:
        return False
    return a.top <= b.bottom and b.top <= a.bottom and abs(a.top - b.top) <= 3 * b.size or (a.top <= b.top <= a.bottom)


def _follow_neighbours(pb: PageBlocks, bodies: list[Block], owners: dict[int, Block | None]) -> None:
    """A module's columns start side by side under its headline, but a headline need not reach
    over every column: a block takes the article of a column beside it when that article's
    headline is nearer above it than the one found by looking straight up (or none was)."""
    for _ in range(3):
        changed = False
        for b in sorted(bodies, key=lambda b: b.x0):
            mine = owners[id(b)]
            for other in bodies:
                theirs = owners[id(other)]
                if theirs is None or theirs is mine or not _side_by_side(other, b):
                    continue
                if _head_level(theirs) > b.top + 2:
                    continue
                lo, hi = sorted((other, b), key=lambda o: o.x0)
                if _vertical_rule_between(pb, lo.x1, hi.x0, max(lo.top, hi.top), min(lo.bottom, hi.bottom)):
                    continue
                if mine is None or _head_level(mine) < theirs.top - 1:  # mine heads a module of an earlier row
                    owners[id(b)] = mine = theirs
                    changed = True
        if not changed:
            return


def assemble(pb: PageBlocks) -> list[Draft]:
    heads = [b for b in pb.blocks if b.role == "head"]
    heads += _attach_decks(pb, heads, [b for b in pb.blocks if b.role == "deck"])
    bodies = [b for b in pb.blocks if b.role == "body"]
    pseudo = _continuation_heads(pb, bodies, heads)
    drafts = {id(h): Draft(pb.page.number, None if h in pseudo else h, decks=list(h.attached)) for h in heads + pseudo}
    owners = {id(b): _owner(pb, b, heads + pseudo) for b in bodies}
    _follow_neighbours(pb, bodies, owners)
    orphans: list[Draft] = []
    for b in bodies:
        owner = owners[id(b)]
        if owner is None:
            orphans.append(Draft(pb.page.number, None, body=[b]))
        else:
            drafts[id(owner)].body.append(b)
    captions = [b for b in pb.blocks if b.role == "caption"]
    for b in captions:
        owner = _owner(pb, b, heads + pseudo)
        if owner is not None:
            drafts[id(owner)].captions.append(b)
    for pic in pb.page.pictures:
        probe = Block([TextLine([PdfChar("", pic[0], pic[1], pic[2], pic[3], pb.body_size, False)])], "body", pb.page.number)
        owner = _owner(pb, probe, heads + pseudo)
        if owner is not None:
            drafts[id(owner)].pictures.append(pic)
    # a folio or a stray label (a page number printed alone) is no article
    orphans = [d for d in orphans if sum(len(ln.text.strip()) for b in d.body for ln in b.lines) > 4]
    return [d for d in drafts.values() if d.body or d.head] + orphans


def columns(blocks: list[Block]) -> list[list[Block]]:
    """Body blocks grouped into columns (overlapping in x), left to right, each top to bottom."""
    cols: list[list[Block]] = []
    for b in sorted(blocks, key=lambda b: (-b.width, b.x0, b.top)):  # the widest define the columns
        for col in cols:
            left, right = min(o.x0 for o in col), max(o.x1 for o in col)
            if min(b.x1, right) - max(b.x0, left) >= 0.5 * min(b.width, right - left):
                col.append(b)
                break
        else:
            cols.append([b])
    return [sorted(col, key=lambda b: b.top) for col in sorted(cols, key=lambda c: min(b.x0 for b in c))]
