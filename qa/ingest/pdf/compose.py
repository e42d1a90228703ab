"""A laid-out article → its title, its text and the box of every character of that text.

Lines of a paragraph join with nothing between them (Chinese has no spaces); a paragraph starts
where a line is indented or the line before it stopped short after a full stop. Spaces the
printer left between Latin words or in headlines are kept, with the gap as their box.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qa.ingest.pdf.assemble import PARAGRAPH_END, Draft, columns
from qa.ingest.pdf.blocks import INDENT, Block
from qa.ingest.pdf.chars import PdfChar
from qa.ingest.pdf.lines import TextLine
from qa.ingest.segment import CONTINUED_FROM, CONTINUES_TO
from qa.models import PageBoxes

HEAD_SPACE = 0.4  # a gap this many sizes wide inside a headline is a space
WORD_SPACE = 0.2  # … between two Latin letters or digits in body text


@dataclass
class Composed:
    title: str | None
    text: str
    caption: str | None
    boxes: PageBoxes
    continued_from: str | None = None
    continues_to: str | None = None


@dataclass
class _Writer:
    page: int
    chars: list[str] = field(default_factory=list)
    runs: list[tuple[int, int, float, float, tuple[float, ...]]] = field(default_factory=list)

    def line(self, chars: list[PdfChar], space_at: float, top: float, bottom: float, page: int | None = None) -> None:
        start, xs = len(self.chars), []
        for i, c in enumerate(chars):
            if i:
                prev = chars[i - 1]
                gap = c.x0 - prev.x1
                if not (c.ch.isspace() or prev.ch.isspace()) and gap > space_at * c.size and (space_at == HEAD_SPACE or (prev.ch.isascii() and prev.ch.isalnum() and c.ch.isascii() and c.ch.isalnum())):
                    self.chars.append(" ")
                    xs += [prev.x1, c.x0]
            self.chars.append(c.ch)
            xs += [c.x0, c.x1]
        if xs:
            self.runs.append((start, page or self.page, round(top, 1), round(bottom, 1), tuple(round(x, 1) for x in xs)))

    def vertical(self, chars: list[PdfChar]) -> None:
        for c in chars:  # each character is its own printed "line" of one
            self.runs.append((len(self.chars), self.page, round(c.top, 1), round(c.bottom, 1), (round(c.x0, 1), round(c.x1, 1))))
            self.chars.append(c.ch)

    def newline(self) -> None:
        if self.chars and self.chars[-1] != "\n":
            self.chars.append("\n")

    @property
    def text(self) -> str:
        return "".join(self.chars)


def _strip(chars: list[PdfChar], pattern, at_start: bool) -> tuple[list[PdfChar], str | None]:
    text = "".join(c.ch for c in chars)
    m = pattern.search(text)
    if not m:
        return chars, None
    kept = chars[m.end():] if at_start else chars[: m.start()]
    return kept, m.group(1)


def _body_lines(draft: Draft) -> list[tuple[TextLine, list[PdfChar], float, float]]:
    """Body lines in reading order, each with its column's left and right edges."""
    out = []
    for col in columns(draft.body):
        left = min(b.x0 for b in col)
        right = max(b.x1 for b in col)
        out += [(ln, list(ln.chars), left, right) for b in col for ln in b.lines]
    return out


def title_of(head: Block | None) -> str | None:
    if head is None:
        return None
    w = _Writer(head.page)
    for ln in head.lines:
        if ln.vertical:
            w.vertical(ln.chars)
        else:
            w.line(ln.chars, float("inf") if ln.tracked else HEAD_SPACE, ln.top, ln.bottom)
    return w.text.strip() or None


def compose(draft: Draft) -> Composed:
    w = _Writer(draft.page)
    for deck in draft.decks:
        for ln in deck.lines:
            w.line(ln.chars, HEAD_SPACE, ln.top, ln.bottom)
        w.newline()
    lines = _body_lines(draft)
    continued_from = continues_to = None
    if lines:
        ln, chars, left, right = lines[0]
        chars, continued_from = _strip(chars, CONTINUED_FROM, at_start=True)
        lines[0] = (ln, chars, left, right)
        ln, chars, left, right = lines[-1]
        chars, continues_to = _strip(chars, CONTINUES_TO, at_start=False)
        lines[-1] = (ln, chars, left, right)
    prev: tuple[TextLine, float] | None = None
    for ln, chars, left, right in lines:
        if not chars:
            continue
        if prev is not None:
            indented = ln.x0 - left >= INDENT * ln.size
            p_line, p_right = prev
            short = p_line.x1 < p_right - 1.5 * p_line.size and p_line.text.rstrip()[-1:] in PARAGRAPH_END
            if indented or short:
                w.newline()
        w.line(chars, WORD_SPACE, ln.top, ln.bottom)
        prev = (ln, right)
    text = w.text.rstrip("\n")
    caption = "".join(b.text for b in sorted(draft.captions, key=lambda b: (b.top, b.x0))) or None
    return Composed(title_of(draft.head), text, caption, PageBoxes(tuple(w.runs), tuple(draft.regions())),
                    continued_from, continues_to)
