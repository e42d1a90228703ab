"""A PDF file → articles: every page laid out from its characters' geometry, the masthead or
running head read for paper, date and page (版次), and continued articles linked across pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from qa.errors import UnreadableFile
from qa.ingest.pagemeta import date_in_filename, date_in_text
from qa.ingest.pdf.assemble import assemble
from qa.ingest.pdf.blocks import PageBlocks, build_blocks
from qa.ingest.pdf.chars import MAX_PAGES, read_pages
from qa.ingest.pdf.compose import Composed, compose
from qa.ingest.pdf.lines import build_lines
from qa.ingest.pdf.ocr import PageOcr
from qa.ingest.segment import BYLINE, NOTICE_TITLE, REPORT_TITLE, ROLE_WORDS
from qa.models import Article, OffsetMap

PAGE_LABEL = re.compile(r"第\s*([0-9一二三四五六七八九十]+)\s*版|(?<![A-Za-z0-9])([A-Z]\d{1,2})\s*版?(?![0-9])")
NUMERALS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def chinese_number(s: str) -> int | None:
    """一 … 九十九 (page numbers)."""
    if s.isdigit():
        return int(s)
    if "十" in s:
        tens, _, ones = s.partition("十")
        return NUMERALS.get(tens, 1 if not tens else -100) * 10 + (NUMERALS.get(ones, -100) if ones else 0)
    return NUMERALS.get(s) if len(s) == 1 else None


def page_label(text: str) -> str | None:
    """The printed page (版次) as the index keeps pages everywhere: "2" for 第2版, "A3" for A3版."""
    m = PAGE_LABEL.search(text)
    if not m:
        return None
    if m.group(1):
        n = chinese_number(m.group(1))
        return str(n) if n is not None and n > 0 else m.group(1)
    return m.group(2)


def same_label(a: str | None, b: str | None) -> bool:
    """（下转第2版）, （下转2版）, 第2版 and 2 name one page."""
    def norm(s: str) -> str:
        return page_label(s) or page_label(f"第{s}版") or s

    return bool(a and b) and norm(a) == norm(b)


@dataclass
class PageRead:
    number: int
    blocks: PageBlocks
    parts: list[Composed]
    label: str | None
    date: str | None
    paper: str | None


def _masthead_paper(pb: PageBlocks) -> str | None:
    big = [ln for ln in pb.furniture if not ln.vertical and ln.size >= 2.5 * pb.body_size and not re.search(r"\d", ln.text)]
    return max(big, key=lambda ln: ln.size).text if big else None


class PdfLoader:
    """Reads PDFs. Pages without a text layer are read by OCR where ``ocr`` is on (default: when
    the optional OCR package is installed). Reuse one loader for a whole ingest."""

    def __init__(self, max_pages: int = MAX_PAGES, ocr: bool | None = None) -> None:
        self.max_pages = max_pages
        use = PageOcr.available() if ocr is None else ocr
        self.ocr = PageOcr() if use else None

    def read(self, path: Path, name: str) -> tuple[list[Article], list[str]]:
        pages = read_pages(path, name, self.max_pages, self.ocr)
        if all(p.damaged for p in pages):
            raise UnreadableFile(f"{name}: not a readable PDF (no page of {len(pages)} could be loaded); it may be damaged — export it again")
        if not any(p.has_text for p in pages):
            how = ("OCR found no text on them either" if self.ocr else
                   "install the OCR extra (pip install 'bulletin-qa[ocr]') to read scans, or run OCR first (for example ocrmypdf)")
            what = ("a text layer that maps to characters (its fonts carry glyph codes only)" if any(p.garbled for p in pages)
                    else "a text layer (a scan or photographed page)")
            raise UnreadableFile(f"{name}: none of its {len(pages)} page(s) has {what}; {how}")
        warnings = [f"{name}: page {p.number} could not be loaded (damaged); skipped" if p.damaged else
                    f"{name}: page {p.number} has no {'readable ' if p.garbled else ''}text layer; skipped" for p in pages if not p.has_text]
        warnings += [f"{name}: page {p.number} has no text layer; read by OCR (text and boxes approximate)" for p in pages if p.ocr]
        read = [self._page(p) for p in pages if p.has_text]
        issue_date = next((r.date for r in read if r.date), None) or date_in_filename(name)
        paper = next((r.paper for r in read if r.paper), None)
        articles = self._articles(read, issue_date, paper, name)
        return articles, warnings

    @staticmethod
    def _page(page) -> PageRead:
        pb = build_blocks(page, build_lines(page.chars, page.rules))
        head = pb.furniture_text
        parts = [c for c in (compose(d) for d in assemble(pb)) if c.text.strip()]
        return PageRead(page.number, pb, parts, page_label(head), date_in_text(head), _masthead_paper(pb))

    def _articles(self, read: list[PageRead], date: str | None, paper: str | None, name: str) -> list[Article]:
        links = self._link(read)
        made: dict[int, Article] = {}
        for r in read:
            for part in r.parts:
                origin = links.get(id(part))
                title = part.title or (origin.title if origin else None)
                made[id(part)] = self._article(part, title, r, date, paper, name)
        for r in read:  # link by id once every id is known
            for part in r.parts:
                origin = links.get(id(part))
                if origin is not None:
                    made[id(part)].continued_from = made[id(origin)].id
                    made[id(origin)].continues_to = made[id(part)].id
        return list(made.values())

    @staticmethod
    def _link(read: list[PageRead]) -> dict[int, Composed]:
        """Each part printed （上接…） → the part on the named page that said （下转…） this page."""
        links: dict[int, Composed] = {}
        for r in read:
            for part in r.parts:
                if not part.continued_from:
                    continue
                for other in read:
                    if other is r or not same_label(part.continued_from, other.label or str(other.number)):
                        continue
                    waiting = [o for o in other.parts if o.continues_to and same_label(o.continues_to, r.label or str(r.number))
                               and id(o) not in {id(v) for v in links.values()}]
                    same_title = [o for o in waiting if part.title and o.title == part.title]
                    if same_title or waiting:
                        links[id(part)] = (same_title or waiting)[0]
                        break
        return links

    @staticmethod
    def _article(part: Composed, title: str | None, r: PageRead, date: str | None, paper: str | None, name: str) -> Article:
        # the lead's 本报讯（记者 …）, after a kicker and subtitle where there are
        m = next((m for m in (BYLINE.match(p) for p in part.text.split("\n")[:3]) if m), None)
        byline = re.sub(r"\s+", " ", ROLE_WORDS.sub(r" \1 ", m.group(1))).strip() if m else None
        kind = ("continuation" if part.continued_from else "notice" if title and NOTICE_TITLE.search(title)
                else "report" if title and REPORT_TITLE.search(title) else "news")
        return Article(
            text=part.text, title=title, byline=byline, kind=kind, date=r.date or date, paper=r.paper or paper,
            page=r.label or str(r.number), source=name, caption=part.caption, page_boxes=part.boxes,
            continued_from=part.continued_from, continues_to=part.continues_to,
            source_map=OffsetMap(((0, 0, len(part.text)),)),
        )
