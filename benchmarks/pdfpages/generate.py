"""Newspaper-like PDF issues with a truth file: what was printed where, article by article.

A page is a masthead (page 1) or a running head (later pages) over a 4–6 column grid filled
row by row with rectangular modules. A module holds one story: an optional kicker (引题), a
headline of 20–36 pt over one or two lines, left-aligned or centred (or printed vertically, 竖排,
down the module's right edge), an optional subtitle (副题), an optional photo with a caption and
credit, and the body flowed through the module's columns, justified, paragraphs indented.
Modules are separated by ruling lines on some pages and only by white space on others. Two-page
issues continue page 1's lead story on page 2 (（下转第2版） / （上接第1版）).

    python -m benchmarks.pdfpages.generate --out /tmp/pages --issues 10
"""

from __future__ import annotations

import argparse
import json
import random
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from benchmarks.pdfpages import typeset as ts

W, H, MARGIN, GUTTER = 842.0, 1191.0, 36.0, 12.0
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰"
SECTIONS = ("要闻", "综合新闻", "经济", "民生", "城事", "文化")


@dataclass
class Story:
    title: str | None  # None: printed with no headline (a continuation that opens with （上接…）)
    paragraphs: list[str]


@dataclass
class TruthArticle:
    title: str
    text: str
    page: int  # 1-based page of the PDF
    caption: str | None = None
    features: list[str] = field(default_factory=list)
    continues_to: int | None = None  # index of the article's next part in the truth list
    continued_from: int | None = None


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))


def clause(text: str, rng: random.Random, limit: int = 18) -> str:
    parts = [p for p in text.replace("。", "，").split("，") if 4 <= len(p) <= limit]
    return rng.choice(parts) if parts else text[:limit]


@dataclass
class Module:
    x: float
    top: float
    width: float
    height: float
    cols: int

    def columns(self, col_w: float) -> list[float]:
        return [self.x + i * (col_w + GUTTER) for i in range(self.cols)]


class IssueWriter:
    """Lays out one issue (one or two pages) from stories; records the truth as it prints."""

    def __init__(self, rng: random.Random, paper: str, date: tuple[int, int, int], image: str) -> None:
        self.rng, self.paper, self.date, self.image = rng, paper, date, image
        self.articles: list[TruthArticle] = []

    # ---- page furniture --------------------------------------------------------------
    def _date_text(self) -> str:
        y, m, d = self.date
        return f"{y}年{m}月{d}日 星期{'一二三四五六日'[(y * 3 + m * 5 + d) % 7]}"

    def _furniture(self, page: ts.Page, number: int, section: str) -> float:
        """Masthead or running head; returns where the grid starts."""
        if number == 1:
            name_size = self.rng.choice([40, 48, 56])
            if self.rng.random() < 0.5:
                page.centered(MARGIN, MARGIN, self.paper, name_size, W - 2 * MARGIN)
            else:
                page.text(MARGIN, MARGIN, self.paper, name_size)
            top = MARGIN + name_size + 14
            page.text(MARGIN, top, self._date_text(), 10)
            page.text(W - MARGIN - ts.width(f"第1版  {section}", 10), top, f"第1版  {section}", 10)
            page.rule(MARGIN, top + 18, W - MARGIN, top + 18, 1.5)
            return top + 28
        head = f"{self._date_text()}    第{number}版    {section}    责任编辑：{person(self.rng)}"
        page.text(MARGIN, MARGIN, head, 9)
        page.rule(MARGIN, MARGIN + 16, W - MARGIN, MARGIN + 16, 1.0)
        return MARGIN + 26

    # ---- the grid ----------------------------------------------------------------------
    def _rows(self, top: float, ncols: int, col_w: float) -> list[Module]:
        modules, y, bottom = [], top, H - MARGIN
        while bottom - y > 170:
            h = min(self.rng.uniform(230, 470), bottom - y)
            if bottom - y - h < 170:
                h = bottom - y
            parts, left = [], ncols
            while left:
                p = left if len(parts) == 2 else self.rng.randint(min(2, left), left)
                parts.append(p)
                left -= p
            self.rng.shuffle(parts)
            x = MARGIN
            for p in parts:
                modules.append(Module(x, y, p * col_w + (p - 1) * GUTTER, h, p))
                x += p * (col_w + GUTTER)
            y += h + GUTTER
        return modules

    def _rules(self, page: ts.Page, modules: list[Module]) -> None:
        for m in modules:
            right, below = m.x + m.width + GUTTER / 2, m.top + m.height + GUTTER / 2
            if right < W - MARGIN:
                page.rule(right, m.top, right, m.top + m.height)
            if below < H - MARGIN:
                page.rule(m.x - (GUTTER / 2 if m.x > MARGIN else 0), below, min(W - MARGIN, right), below)

    def page(self, canvas: Canvas, number: int, stories: list[Story], carried: tuple[int, list[str]] | None,
             continue_lead: bool) -> tuple[int, list[str]] | None:
        """Typesets one page; returns the lead story's unprinted rest when it continues."""
        page = ts.Page(canvas, W, H)
        section = self.rng.choice(SECTIONS)
        top = self._furniture(page, number, section)
        ncols = self.rng.choice([4, 5, 6])
        col_w = (W - 2 * MARGIN - (ncols - 1) * GUTTER) / ncols
        modules = self._rows(top, ncols, col_w)
        rules = self.rng.random() < 0.6
        if rules:
            self._rules(page, modules)
        rest = None
        typesetter = ModuleTypesetter(page, self.rng, col_w, body_size=self.rng.choice([9.5, 10.0, 10.5]), image=self.image)
        for k, module in enumerate(modules):
            feats = ["rules" if rules else "gaps", f"{ncols}col", f"span{module.cols}"]
            if k == 0 and carried is not None:
                origin, paragraphs = carried
                art, _ = typesetter.continuation(module, self.articles[origin].title, paragraphs, number - 1)
                art.features += feats + ["continuation"]
                art.page, art.continued_from = number, origin
                self.articles[origin].continues_to = len(self.articles)
                self.articles.append(art)
                continue
            unfit = []
            while stories:
                story = stories.pop()
                printed = typesetter.story(module, story, continues_to=number + 1 if (k == 0 and continue_lead) else None)
                if printed is None:
                    unfit.append(story)  # tried again in the next module
                    continue
                art, leftover = printed
                art.features += feats
                art.page = number
                if leftover:
                    rest = (len(self.articles), leftover)
                    art.features.append("continued")
                self.articles.append(art)
                break
            stories.extend(reversed(unfit))
        canvas.showPage()
        return rest


class ModuleTypesetter:
    """Prints one story inside a module: deck, optional photo, body in columns."""

    def __init__(self, page: ts.Page, rng: random.Random, col_w: float, body_size: float, image: str, photos: bool = True) -> None:
        self.page, self.rng, self.col_w, self.size, self.image = page, rng, col_w, body_size, image
        self.leading = body_size * rng.choice([1.45, 1.6, 1.75])
        self.photos = photos

    def _headline(self, m: Module, title: str, feats: list[str]) -> float:
        """Prints kicker, headline and subtitle at the module's top; returns where the body starts."""
        rng, y = self.rng, m.top + 4
        align_center = rng.random() < 0.5
        feats.append("centered" if align_center else "left")
        if len(title) <= 12 and rng.random() < 0.3:  # letter-spaced (“春 耕 备 耕”)
            size = rng.choice([28, 32, 36])
            space = rng.uniform(0.5, 1.2) * size
            while ts.width(title, size) + space * (len(title) - 1) > m.width and space > 0.3 * size:
                space *= 0.8
            total = ts.width(title, size) + space * (len(title) - 1)
            if total <= m.width:
                self.page.text(m.x + ((m.width - total) / 2 if align_center else 0), y, title, size, char_space=space)
                feats.append("tracked-head")
                return y + size * 1.25 + 6
        sizes = sorted([20, 24, 28, 32, 36], reverse=True)
        fitting = [z for z in sizes if len(ts.break_lines(title, m.width, z)) <= 2]
        size = fitting[min(rng.randint(0, 3), len(fitting) - 1)]
        lines = ts.break_lines(title, m.width, size)
        feats.append("two-line-head" if len(lines) == 2 else "one-line-head")
        for line in lines:
            (self.page.centered if align_center else lambda x, t, s, z, w: self.page.text(x, t, s, z))(m.x, y, line, size, m.width)
            y += size * 1.25
        return y + 6

    def story(self, m: Module, story: Story, continues_to: int | None) -> tuple[TruthArticle, list[str]] | None:
        rng, feats = self.rng, []
        if not story.paragraphs or (story.title and len(story.title) > 40):
            return None
        if story.title is None:
            return self._headless(m, story)
        deck: list[str] = []
        body_left, body_width, y = m.x, m.width, m.top + 4
        vertical = m.cols >= 2 and m.height >= 280 and len(story.title) <= min(14, int((m.height - 20) // 27)) and rng.random() < 0.15
        if vertical:
            feats.append("vertical-head")
            self.page.vertical(m.x + m.width - 26, m.top + 6, story.title, 24, 27)
            body_width -= 34
        else:
            if not any(len(ts.break_lines(story.title, m.width, size)) <= 2 for size in (20, 24, 28, 32, 36)):
                return None  # checked before anything is drawn: nothing is printed for a story that does not fit
            if rng.random() < 0.2:
                kicker = clause(story.paragraphs[-1], rng, min(16, int(m.width // 12)))
                self.page.text(m.x, y, kicker, 12)
                deck.append(kicker)
                feats.append("kicker")
                y += 18
            y = self._headline(Module(m.x, y, m.width, m.height, m.cols), story.title, feats)
            if rng.random() < 0.25:
                sub = "——" + clause(story.paragraphs[0], rng, int(m.width // 13) - 3)
                self.page.text(m.x + (m.width - ts.width(sub, 13)) / 2, y, sub, 13)
                deck.append(sub)
                feats.append("subtitle")
                y += 22
        paragraphs = list(story.paragraphs)
        if rng.random() < 0.5 and not paragraphs[0].startswith("本报讯"):
            paragraphs[0] = f"本报讯（记者 {person(rng)}）{paragraphs[0]}"
            feats.append("byline-lead")
        ncols = max(1, round((body_width + GUTTER) / (self.col_w + GUTTER)))
        col_w = (body_width - (ncols - 1) * GUTTER) / ncols
        tops = [y] * ncols
        caption = None
        if self.photos and m.height - (y - m.top) >= 300 and rng.random() < 0.4:
            caption, tops = self._photo(m, story, body_left, col_w, ncols, y, feats)
        columns = [ts.Column(body_left + i * (col_w + GUTTER), tops[i], m.top + m.height - 4, col_w) for i in range(ncols)]
        printed, leftover = self._body(paragraphs, columns, continues_to)
        if not printed:
            return None
        text = "\n".join(deck + printed)
        return TruthArticle(title=story.title, text=text, page=0, caption=caption, features=feats), leftover

    def _headless(self, m: Module, story: Story) -> tuple[TruthArticle, list[str]] | None:
        columns = [ts.Column(m.x + i * (self.col_w + GUTTER), m.top + 4, m.top + m.height - 4, self.col_w) for i in range(m.cols)]
        printed, _ = self._body(list(story.paragraphs), columns, None)
        if not printed:
            return None
        text = "\n".join(printed)
        marker = re.match(r"^[（(]上接[^）)]{1,8}[）)]", text)
        return TruthArticle(title=None, text=text[marker.end():] if marker else text, page=0, features=["headless"]), []

    def _photo(self, m: Module, story: Story, left: float, col_w: float, ncols: int, y: float, feats: list[str]):
        rng = self.rng
        span = rng.randint(1, ncols)
        first = 0 if rng.random() < 0.5 else ncols - span
        x, w = left + first * (col_w + GUTTER), span * col_w + (span - 1) * GUTTER
        h = rng.uniform(90, 160)
        self.page.photo(self.image, x, y, w, h)
        cap_size = rng.choice([8.0, 9.0, self.size])
        caption = "图为" + clause(story.paragraphs[0], rng, 22) + f"。 本报记者 {person(rng)} 摄"
        lines = ts.break_lines(caption, w, cap_size)[:3]
        cy = y + h + 4
        for line in lines:
            self.page.text(x, cy, line, cap_size)
            cy += cap_size * 1.4
        feats += ["photo", "caption-small" if cap_size < self.size else "caption-body-size"]
        tops = [y] * ncols
        for i in range(first, first + span):
            tops[i] = cy + 8
        return "".join(lines), tops

    def _lines(self, paragraphs: list[str], width: float) -> list[tuple[str, float, bool, int]]:
        out = []
        for p, par in enumerate(paragraphs):
            lines = ts.break_lines(par, width, self.size, first_indent=2 * self.size)
            for i, line in enumerate(lines):
                out.append((line, 2 * self.size if i == 0 else 0.0, i == len(lines) - 1, p))
        return out

    def _body(self, paragraphs: list[str], columns: list[ts.Column], continues_to: int | None) -> tuple[list[str], list[str]]:
        """Flows paragraphs through the columns; returns what was printed and what is left over."""
        slots = [(c.x, c.top + i * self.leading) for c in columns for i in range(c.room(self.leading))]
        lines = self._lines(paragraphs, columns[0].width)
        leftover: list[str] = []
        if len(lines) > len(slots):
            if continues_to is not None and len(slots) > 4:
                cut = len(slots) - 1
                par = lines[cut][3]
                done = sum(len(text) for text, _, _, p in lines[:cut] if p == par)
                leftover = [paragraphs[par][done:]] + paragraphs[par + 1:]
                printed = paragraphs[:par] + ([paragraphs[par][:done]] if done else [])
                lines = lines[:cut]
            else:  # whole paragraphs only, so the printed story ends where a story can end
                fits = lambda ps: len(self._lines(ps, columns[0].width)) <= len(slots)  # noqa: E731
                while len(paragraphs) > 1 and not fits(paragraphs):
                    paragraphs = paragraphs[:-1]
                sentences = re.findall(r"[^。！？]+[。！？]?", paragraphs[0])
                while len(sentences) > 1 and not fits(paragraphs):
                    sentences = sentences[:-1]
                    paragraphs = ["".join(sentences)]
                if not fits(paragraphs):
                    paragraphs = [paragraphs[0][: sum(len(t) for t, *_ in self._lines(paragraphs, columns[0].width)[: len(slots)])]]
                printed, lines = paragraphs, self._lines(paragraphs, columns[0].width)
        else:
            printed = paragraphs
        for (text, indent, last, _), (x, top) in zip(lines, slots):
            self.page.justified(x + indent, top, text, self.size, columns[0].width - indent, last)
        if leftover:
            marker = f"（下转第{continues_to}版）"
            x, top = slots[len(lines)]
            self.page.text(x + columns[0].width - ts.width(marker, self.size), top, marker, self.size)
        return printed, leftover

    def continuation(self, m: Module, title: str, paragraphs: list[str], from_page: int) -> tuple[TruthArticle, list[str]]:
        feats, y = [], m.top + 4
        if self.rng.random() < 0.5:
            if any(len(ts.break_lines(title, m.width, z)) <= 2 for z in (20, 24)):
                y = self._headline(m, title, feats)
                feats.append("repeated-head")
        marker = f"（上接第{from_page}版）"
        ncols = m.cols
        columns = [ts.Column(m.x + i * (self.col_w + GUTTER), y, m.top + m.height - 4, self.col_w) for i in range(ncols)]
        # the marker opens the first line, unindented, and the text runs on after it
        first = marker + paragraphs[0]
        lines = self._lines([first] + paragraphs[1:], self.col_w)
        lines[0] = (lines[0][0], 0.0, lines[0][2], 0)
        slots = [(c.x, c.top + i * self.leading) for c in columns for i in range(c.room(self.leading))]
        kept = paragraphs
        while len(lines) > len(slots) and len(kept) > 1:
            kept = kept[:-1]
            lines = self._lines([marker + kept[0]] + kept[1:], self.col_w)
            lines[0] = (lines[0][0], 0.0, lines[0][2], 0)
        for (text, indent, last, _), (x, top) in zip(lines, slots):
            self.page.justified(x + indent, top, text, self.size, self.col_w - indent, last)
        return TruthArticle(title=title, text="\n".join(kept), page=0, features=feats), []


class WholeStoryWriter(IssueWriter):
    """Every story printed whole: one full-width module per story, as tall as its text needs,
    stacked down the page and on to the next (for the seed pages, whose every word matters)."""

    def page(self, canvas: Canvas, number: int, stories: list[Story], carried=None, continue_lead: bool = False):
        page = ts.Page(canvas, W, H)
        top = self._furniture(page, number, self.rng.choice(SECTIONS))
        ncols = self.rng.choice([4, 5])
        col_w = (W - 2 * MARGIN - (ncols - 1) * GUTTER) / ncols
        setter = ModuleTypesetter(page, self.rng, col_w, body_size=self.rng.choice([9.5, 10.0, 10.5]), image=self.image, photos=False)
        y = top
        while stories:
            story = stories[-1]
            lines = len(setter._lines(["本报讯（记者 某某某）"] + story.paragraphs, col_w))
            need = 110 + (lines // ncols + 3) * setter.leading
            if y + need > H - MARGIN and y > top:
                break
            module = Module(MARGIN, y, W - 2 * MARGIN, min(need, H - MARGIN - y), ncols)
            if y > top:
                page.rule(MARGIN, y - GUTTER / 2, W - MARGIN, y - GUTTER / 2)
            printed = setter.story(module, stories.pop(), continues_to=None)
            if printed is not None:
                art, _ = printed
                art.page = number
                art.features += ["whole", f"{ncols}col"]
                self.articles.append(art)
            y += module.height + GUTTER
        canvas.showPage()
        return None


def write_issue(path: Path, stories: list[Story], rng: random.Random, pages: int | None, paper: str,
                date: tuple[int, int, int], image: str, whole: bool = False) -> dict:
    """Writes ``path`` (a PDF of ``pages`` pages; None: as many as the stories fill, at most 8)
    and returns its truth."""
    ts.register_font()
    canvas = Canvas(str(path), pagesize=(W, H))
    canvas.setTitle(f"{paper} {date[0]}-{date[1]:02d}-{date[2]:02d}")
    writer = (WholeStoryWriter if whole else IssueWriter)(rng, paper, date, image)
    queue = list(reversed(stories))
    carried, number = None, 0
    while (number < pages) if pages else (queue and number < 8):
        number += 1
        carried = writer.page(canvas, number, queue, carried, continue_lead=bool(pages) and number < pages)
    canvas.save()
    return {"paper": paper, "date": f"{date[0]:04d}-{date[1]:02d}-{date[2]:02d}", "pages": number,
            "articles": [asdict(a) for a in writer.articles]}


def photo_file(folder: Path) -> str:
    """A small grey-blue picture to stand for a news photo."""
    from PIL import Image, ImageDraw

    path = folder / "photo.png"
    if not path.exists():
        im = Image.new("RGB", (160, 110), (150, 165, 180))
        ImageDraw.Draw(im).ellipse((50, 20, 110, 80), fill=(90, 100, 120))
        im.save(path)
    return str(path)


def load_stories(limit: int = 4000, max_chars: int = 1800) -> list[Story]:
    """CCTV news items (../shared/corpora) as stories; wire leads removed, compilations left out."""
    import gzip

    from benchmarks.segmentation import CORPUS
    from qa.ingest.pagesim import news_item_to_article

    stories = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            a = news_item_to_article(d.get("title", ""), re.sub(r"^央视网消息（新闻联播）：", "", d["text"]), max_chars=max_chars)
            if a and len(a.title) <= 30 and "快讯" not in a.title:
                stories.append(Story(a.title, list(a.paragraphs)))
            if len(stories) >= limit:
                break
    return stories


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--issues", type=int, default=10)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    items = load_stories()
    image = photo_file(out)
    for n in range(args.issues):
        stories = rng.sample(items, 40)
        pages = 2 if rng.random() < 0.5 else 1
        truth = write_issue(out / f"issue{n:03d}.pdf", stories, rng, pages, rng.choice(["西海都市报", "格尔木日报", "江城晚报"]),
                            (2024, rng.randint(1, 12), rng.randint(1, 28)), image)
        (out / f"issue{n:03d}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{args.issues} issues written to {out}")


if __name__ == "__main__":
    main()
