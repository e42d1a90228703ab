"""Characters → printed lines: horizontal runs of one size with no column-wide gap, and
vertical runs (竖排) of single characters stacked at one x.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from statistics import median

from qa.ingest.pdf.chars import PdfChar

ROW_TOLERANCE = 0.4  # characters whose centres differ by less than this many sizes share a row
TIGHT = 0.35  # a gap up to this many sizes is spacing inside a line; a wider one may be a gutter
SIZE_STEP = 0.15  # a size change of more than this fraction starts a new line
VERTICAL_STEP = 0.7  # stacked characters at most this many sizes apart form a vertical line


@dataclass
class TextLine:
    chars: list[PdfChar]
    vertical: bool = False
    tracked: bool = False  # letter-spaced: its gaps are spacing, not word spaces

    def __post_init__(self) -> None:
        cs = self.chars
        self.x0 = min(c.x0 for c in cs)
        self.x1 = max(c.x1 for c in cs)
        self.top = min(c.top for c in cs)
        self.bottom = max(c.bottom for c in cs)
        self.size = median(c.size for c in cs)
        self.bold = sum(c.bold for c in cs) * 2 > len(cs)
        self.text = "".join(c.ch for c in cs)

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def x_overlap(self, other) -> float:
        return max(0.0, min(self.x1, other.x1) - max(self.x0, other.x0))


class _CharIndex:
    """Characters of one size in horizontal bands, each sorted by x, for neighbour queries."""

    def __init__(self, chars: list[PdfChar], size: float) -> None:
        self.band = max(size * 0.5, 0.5)
        self.bands: dict[int, list[PdfChar]] = {}
        for c in sorted(chars, key=lambda c: c.x0):
            self.bands.setdefault(self._key(_cy(c)), []).append(c)
        self.xs = {k: [c.x0 for c in v] for k, v in self.bands.items()}

    def _key(self, y: float) -> int:
        return int(y // self.band)

    def within(self, y0: float, y1: float, x0: float, x1: float):
        """Characters whose centre y lies in [y0, y1] and whose left edge lies in [x0, x1]."""
        for k in range(self._key(y0), self._key(y1) + 1):
            xs = self.xs.get(k)
            if not xs:
                continue
            for i in range(bisect_left(xs, x0), bisect_right(xs, x1)):
                c = self.bands[k][i]
                if y0 <= _cy(c) <= y1:
                    yield c


def _cy(c: PdfChar) -> float:
    return (c.top + c.bottom) / 2


def _space_inside_text(index: _CharIndex, c: PdfChar, d: PdfChar, size: float) -> bool:
    """Whether the white gap between ``c`` and ``d`` is crossed by most of the text lines just
    above and below it (a space in a paragraph) rather than left white by them somewhere along
    its width (a gutter; a caption or a headline may cross a gutter, but not most lines)."""
    y, near = _cy(c), 0.2 * size  # justified text leaves small gaps between its characters
    rows: dict[int, list[tuple[float, float]]] = {}
    for e in index.within(y - 6 * size, y + 6 * size, c.x0 - size, d.x1):
        if abs(_cy(e) - y) <= ROW_TOLERANCE * size or not e.ch.isalnum():  # punctuation may hang into a gutter
            continue
        rows.setdefault(round(_cy(e) / (0.8 * size)), []).append((e.x0 - near, e.x1 + near))
    if len(rows) < 2:
        return False
    x = c.x1 + 0.5
    while x < d.x0:
        covering = sum(1 for spans in rows.values() if any(a <= x <= b for a, b in spans))
        if covering * 2 < len(rows):
            return False
        x += 1.0
    return True


def _ruled_apart(c: PdfChar, d: PdfChar, rules: list[tuple[float, float, float, float]]) -> bool:
    """A vertical ruling line printed between two characters of one row: right of the first's
    centre (punctuation may hang over it) and left of where the second begins."""
    y = _cy(c)
    return any(c.cx < (r[0] + r[2]) / 2 <= d.x0 + 0.5 and r[1] - 1 <= y <= r[3] + 1 for r in rules)


def _runs(chars: list[PdfChar], size: float, rules: list[tuple[float, float, float, float]] = ()) -> list[list[PdfChar]]:
    """Each character linked to the nearest one printed right after it on its row. A gap wider
    than letter spacing ends the line where it is a gutter, a strip left white by the lines
    above and below too; where their text runs through it, it is a space inside a paragraph.
    (The width alone cannot tell: gutters are often no wider than a full-width space, and
    punctuation may hang into them.)"""
    index = _CharIndex(chars, size)
    tol = ROW_TOLERANCE * size
    nxt: dict[int, PdfChar] = {}
    taken: set[int] = set()
    for c in sorted(chars, key=lambda c: c.x0):
        y = _cy(c)
        after = [d for d in index.within(y - tol, y + tol, c.x1 - 0.5 * size, c.x1 + 2.2 * size)
                 if d is not c and d.x0 > c.x0 + 0.1 * size and id(d) not in taken]
        if not after:
            continue
        d = min(after, key=lambda d: (d.x0, abs(_cy(d) - y)))
        if rules and _ruled_apart(c, d, rules):
            continue
        gap = d.x0 - c.x1
        if gap > TIGHT * size:
            if not _space_inside_text(index, c, d, size):
                continue
        nxt[id(c)] = d
        taken.add(id(d))
    runs = []
    for c in sorted(chars, key=lambda c: c.x0):
        if id(c) in taken:
            continue
        run = [c]
        while id(run[-1]) in nxt:
            run.append(nxt[id(run[-1])])
        runs.append(run)
    return [_trim(run) for run in runs if any(not c.ch.isspace() for c in run)]


def _trim(run: list[PdfChar]) -> list[PdfChar]:
    """Spaces at either end of a line are margins, not text."""
    i, j = 0, len(run)
    while run[i].ch.isspace():
        i += 1
    while run[j - 1].ch.isspace():
        j -= 1
    return run[i:j]


def _stack_vertical(singles: list[PdfChar]) -> tuple[list[TextLine], list[PdfChar]]:
    """Single characters stacked at one x, one size, evenly down the page: a vertical line."""
    lines, left = [], []
    singles = sorted(singles, key=lambda c: (round(c.x0), c.top))
    used = [False] * len(singles)
    for i, c in enumerate(singles):
        if used[i]:
            continue
        stack, last = [c], c
        for j in range(i + 1, len(singles)):
            d = singles[j]
            if used[j] or abs(d.x0 - last.x0) > 0.2 * c.size or abs(d.size - c.size) > SIZE_STEP * c.size:
                continue
            if 0 <= d.top - last.bottom <= VERTICAL_STEP * c.size:
                stack.append(d)
                used[j] = True
                last = d
        if len(stack) >= 2:
            lines.append(TextLine(stack, vertical=True))
        else:
            left.append(c)
    return lines, left


def typical_size(chars: list[PdfChar]) -> float:
    counts = Counter(round(c.size * 2) / 2 for c in chars if not c.ch.isspace())
    return counts.most_common(1)[0][0] if counts else 10.0


def build_lines(chars: list[PdfChar], rules: list[tuple[float, float, float, float]] = ()) -> list[TextLine]:
    """Every printed character in exactly one line; lines in top-to-bottom, left-to-right order.
    ``rules`` are the page's ruling lines: a vertical one ends a line whatever the gap (the last
    line of a paragraph may hang its full stop up to it)."""
    body = typical_size(chars)
    rules = [r for r in rules if r[3] - r[1] > r[2] - r[0]]
    by_size: dict[float, list[PdfChar]] = {}
    for c in chars:  # sizes apart first: a headline's lines never mix with body lines beside them
        by_size.setdefault(round(c.size * 2) / 2, []).append(c)
    runs = [run for size, group in by_size.items() for run in _runs(group, size, rules)]
    singles = [run[0] for run in runs if len(run) == 1]
    vertical, lone = _stack_vertical(singles)
    tracked, lone = _tracked(lone, body)
    lone_ids = {id(c) for c in lone}
    lines = [TextLine(run) for run in runs if len(run) > 1 or id(run[0]) in lone_ids] + vertical + tracked
    return sorted(lines, key=lambda ln: (ln.top, ln.x0))


def _tracked(singles: list[PdfChar], body: float) -> tuple[list[TextLine], list[PdfChar]]:
    """A headline set with wide letter spacing (“春 耕 备 耕”): single large characters on one
    row, evenly spaced, at most about a character and a half apart. Two headlines side by side
    are not evenly spaced: each is set tight."""
    big = [c for c in singles if c.size >= 1.3 * body and not c.ch.isspace()]
    left = [c for c in singles if not (c.size >= 1.3 * body and not c.ch.isspace())]
    rows: list[list[PdfChar]] = []
    for c in sorted(big, key=_cy):
        if rows and c.size == rows[-1][0].size and abs(_cy(c) - _cy(rows[-1][0])) < 0.3 * c.size:
            rows[-1].append(c)
        else:
            rows.append([c])
    lines = []
    for chars in rows:
        run: list[PdfChar] = []
        for c in sorted(chars, key=lambda c: c.x0) + [None]:
            if run and c is not None:
                gap, gaps = c.x0 - run[-1].x1, [b.x0 - a.x1 for a, b in zip(run, run[1:])]
                if gap <= 1.5 * c.size and (not gaps or 0.6 * max(gaps) <= gap <= 1.6 * max(gaps) + 0.1 * c.size):
                    run.append(c)
                    continue
            if len(run) >= 2:
                lines.append(TextLine(run, tracked=True))
            else:
                left += run
            run = [c] if c is not None else []
    return lines, left
