"""Page text extracted from a PDF → layout units: body paragraphs and short standalone lines.

A line was broken by the layout when it runs to the full width of its column or stops mid
sentence; a line that stops short without ending a sentence is a unit of its own (a headline,
a signature, a photo credit, a date). Column widths differ across one page, so "full width" is
judged against the lines around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from qa.text.clean import (
    BODY_PUNCT,
    OPEN_ENDINGS,
    display_width,
    ends_sentence,
    letter_spaced,
    tidy_spaces,
)

# How the first paragraph of an article without a wire lead usually begins: a date or "recently".
SOFT_LEAD = re.compile(
    r"^(?:(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日[上下中]?午?|(?:近日|日前|昨天|昨日|今天|今日|连日来|近期|本周|上周|眼下|从本月起|今年以来))\s*[，,]"
    r"|^据[^，。]{1,16}(?:统计|消息|报道|了解|介绍|悉|显示)[，,]|^记者[^，。]{1,20}(?:获悉|了解到|看到)"
    r"|^(?:当地时间|北京时间)?(?:今天|昨天|今日|昨日|明天|日前|近日)?\s*[（(][^）)]{1,14}[）)]\s*[，,]"
    r"|^(?:当地时间|北京时间)\s*(?:\d{4}年)?\d{1,2}月\d{1,2}日[^，,]{0,6}[，,]|^\d{1,2}日[上下中]?午?[，,]"
)
# Openings that start a new article whatever precedes them (wire and own-reporter leads).
HARD_START = re.compile(
    r"^\s*(?:本\s*报\s*讯|本报[^\s，。：]{1,8}(?:讯|电)|新华社[^\s，。]{0,16}电|"
    r"[^\s，。]{1,6}(?:网|社|台)消息|[（(]\s*上接|据新华社|中新社[^\s，。]{0,12}电)"
)
CREDIT = re.compile(r"^(?:(?:本报)?(?:记者|通讯员)?\s*[\u4e00-\u9fff·]{2,5}\s*[/／]?\s*摄\s*)+$|^[（(]?图片?由.{1,20}提供[）)]?$")
DATE_LINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日(?:\s*星期.)?$")
DOC_NUMBER = re.compile(r"^[（(〔\[]?\s*第?\s*[\d〇一二三四五六七八九十百千]+\s*号\s*[）)〕\]]?$|^\S{1,8}〔\d{4}〕\d+号$")
FURNITURE = re.compile(r"^(?:责任编辑|责编|编辑|见习编辑|校对|美编|版式|组版|值班主任|本版编辑)\s*[:：]")


@dataclass
class Line:
    text: str  # stripped line as printed
    start: int  # offset of text[0] in the page
    blank_before: bool
    width: float

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass
class Unit:
    """Consecutive lines that read as one paragraph (body) or one standalone item (short)."""

    lines: list[Line]
    role: str = "body"  # body | headline | credit | date | docno | furniture
    text: str = ""
    positions: list[int] = field(default_factory=list)  # page offset of each char of text

    @property
    def start(self) -> int:
        return self.lines[0].start

    @property
    def hard_start(self) -> bool:
        return bool(HARD_START.match(self.lines[0].text))


def split_lines(page: str) -> list[Line]:
    lines: list[Line] = []
    offset = 0
    blank = False
    for raw in page.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            lead = len(body) - len(body.lstrip())
            lines.append(Line(stripped, offset + lead, blank, display_width(stripped)))
            blank = False
        else:
            blank = True
        offset += len(raw)
    return lines


WORD_SPACE = re.compile(r"[\u4e00-\u9fff”》】」][ \u3000]+[\u4e00-\u9fff“《【「]")


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


BRACKETS = {"《": "》", "【": "】", "（": "）", "(": ")", "“": "”", "「": "」"}


def _unclosed(s: str) -> bool:
    """A bracket or quote opened on this line and not closed: the line runs on."""
    return any(s.count(o) > s.count(c) for o, c in BRACKETS.items())


def _same_measure(line: Line, after: Line | None) -> bool:
    """``line`` is as wide as the running line after it: a full line of a column narrower
    than its neighbours judge (digits set half-width), not an indented first line."""
    return after is not None and not after.blank_before and abs(line.width - after.width) < 0.5 and not ends_sentence(after.text)


def _has_body_punct(s: str) -> bool:
    return any(c in BODY_PUNCT for c in s)


class PageLayout:
    """Groups the lines of a page into units. ``tolerance`` is how many em short of its
    column a line may stop and still count as broken by the layout."""

    def __init__(self, tolerance: float = 1.5, window: int = 8, indent: float = 2.0) -> None:
        self.tolerance = tolerance
        self.window = window
        self.indent = indent  # first lines of paragraphs are indented by about two characters
        self._tokenizer = None  # jieba.Tokenizer, loaded on first ambiguous line

    def _word_straddles(self, left: str, right: str) -> bool:
        """True when a dictionary word runs across the line break ("承" | "载地")."""
        if self._tokenizer is None:
            import jieba

            jieba.setLogLevel(60)  # silence the dictionary-loading banner
            self._tokenizer = jieba.Tokenizer()
        tail, head = left[-4:], right[:4]
        if not tail or not head:
            return False
        pos = 0
        for token in self._tokenizer.lcut(tail + head, HMM=False):
            if pos < len(tail) < pos + len(token):
                return True
            pos += len(token)
        return False

    def _column_widths(self, lines: list[Line]) -> list[float]:
        body = [ln.width for ln in lines if _has_body_punct(ln.text)] or [ln.width for ln in lines] or [0.0]
        overall = _percentile(body, 0.8)
        widths = []
        for i in range(len(lines)):
            near = [
                lines[j].width
                for j in range(max(0, i - self.window), min(len(lines), i + self.window + 1))
                if j != i and _has_body_punct(lines[j].text)
            ]
            # most body lines run the full column; first lines (indented) and last lines are
            # shorter, so the column is a high percentile of the lines around, not their median
            widths.append(_percentile(near, 0.8) if len(near) >= 3 else overall)
        return widths

    def _starts_paragraph(self, line: Line, column: float) -> bool:
        """An indented first line: about two characters short of the column, yet running on."""
        narrow = column - self.indent - self.tolerance <= line.width <= column - self.tolerance
        runs_on = any(c in "，。；、：（" for c in line.text)
        return narrow and runs_on and not ends_sentence(line.text) and not letter_spaced(line.text)

    def _continues(
        self,
        line: Line,
        nxt: Line | None,
        column: float,
        para_start: bool,
        single_spaced: bool = False,
        after: Line | None = None,
    ) -> bool:
        """Does ``line`` run on into ``nxt`` (a break made by the layout, not the author)?
        ``after`` is the line after ``nxt``."""
        if nxt is None or HARD_START.match(nxt.text) or CREDIT.match(nxt.text):
            return False
        text = line.text
        if ends_sentence(text):
            return False
        full = line.width >= column - self.tolerance or letter_spaced(text)
        last = text[-1]
        if last in "：:":  # "热点问题：" stands alone when short
            return full
        if last in OPEN_ENDINGS or HARD_START.match(text) or _unclosed(text):
            return True
        if _has_body_punct(text) or full and "、" in text:
            return True  # (a full line of a list runs on: "…动力电池为主的高端|制造业占比近 70%；")
        if line.width > column + 3:
            return False  # wider than the column: a headline set across columns
        if para_start and (SOFT_LEAD.match(nxt.text) or (single_spaced and nxt.blank_before)):
            return False  # a line without punctuation before an article's opening: a headline
        if not para_start and self._word_straddles(text, nxt.text):
            return True  # mid-paragraph, a word runs across the break ("百分|点"): not a new paragraph
        if self._starts_paragraph(nxt, column) and not _same_measure(nxt, after):
            return False  # the next line is indented: this one ended before it
        if WORD_SPACE.search(text) and not letter_spaced(text):
            return False  # a space between Chinese words: headlines have them, body lines do not
        if full or line.width >= column - self.tolerance - self.indent:
            # full, or nearly: an indented first line, or a justified line whose punctuation was
            # set narrow, runs on unless it stood alone by the signals above
            return True
        # a short line without punctuation stands alone, unless a word runs across the break
        return self._word_straddles(text, nxt.text)

    def read(self, page: str) -> list[Unit]:
        lines = split_lines(page)
        widths = self._column_widths(lines)
        # on a single-spaced page a blank line means something; on a double-spaced one nothing
        single_spaced = sum(ln.blank_before for ln in lines) < 0.3 * max(1, len(lines))
        groups: list[list[Line]] = []
        current: list[Line] = []
        for i, line in enumerate(lines):
            current.append(line)
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            after = lines[i + 2] if i + 2 < len(lines) else None
            if not self._continues(line, nxt, widths[i], len(current) == 1, single_spaced, after):
                groups.append(current)
                current = []
        if current:
            groups.append(current)
        units: list[Unit] = []
        for group in groups:
            units.extend(self._classify(group, page))
        return units

    def _classify(self, group: list[Line], page: str) -> list[Unit]:
        joined = "".join(ln.text for ln in group)
        is_short = not _has_body_punct(joined) and not joined.rstrip().endswith(("：", ":")) and len(joined) <= 80
        if not is_short:
            return [self._make(group, "body", page)]
        # Standalone lines: lines printed apart (a blank line between) are separate items,
        # adjacent lines are one item (a two-line headline or signature).
        items: list[list[Line]] = []
        for ln in group:
            if items and not ln.blank_before and self._role_of(ln.text) not in ("date", "docno", "credit"):
                if self._role_of("".join(x.text for x in items[-1])) == "headline":
                    items[-1].append(ln)
                    continue
            items.append([ln])
        return [self._make(item, self._role_of("".join(x.text for x in item)), page) for item in items]

    @staticmethod
    def _role_of(text: str) -> str:
        compact = text.strip()
        if CREDIT.match(compact):
            return "credit"
        if DATE_LINE.match(compact):
            return "date"
        if DOC_NUMBER.match(compact):
            return "docno"
        if FURNITURE.match(compact):
            return "furniture"
        return "headline"

    @staticmethod
    def _make(lines: list[Line], role: str, page: str) -> Unit:
        chars: list[str] = []
        positions: list[int] = []
        for ln in lines:  # letter-spacing is a property of one printed line: tidy each line alone
            line_chars, line_pos = tidy_spaces(list(ln.text), [ln.start + k for k in range(len(ln.text))])
            chars.extend(line_chars)
            positions.extend(line_pos)
        return Unit(lines=lines, role=role, text="".join(chars), positions=positions)
