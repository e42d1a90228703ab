"""Lay out articles the way PDF text extraction returns a newspaper page, with the truth kept:
lines wrapped at 14–18 characters (first lines of paragraphs indented), blank lines between
every line on some pages, headlines before, after, or gathered in a shuffled block after the
bodies, long headlines over two lines. Used to measure segmentation on pages nobody hand-made.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Callable

from qa.text.clean import display_width


@dataclass
class SimArticle:
    title: str
    paragraphs: list[str]

    @property
    def body(self) -> str:
        return "".join(self.paragraphs)


@dataclass
class SimPage:
    text: str
    articles: list[SimArticle]
    layout: str  # before | after | block


NO_LINE_START = set("，。、；：？！”’）》…%％」』")  # typesetters never begin a line with these


def wrap(paragraph: str, width: float, indent: float = 2.0, char_width: Callable[[str], float] | None = None) -> list[str]:
    """Greedy CJK line breaking into lines of ``width`` (in characters, or in the unit of
    ``char_width``), the first indented: any character may end a line, but a closing mark never
    starts one (it hangs at the end of the line before)."""
    measure = char_width or (lambda ch: display_width(ch) or 0.5)
    lines, current, used = [], "", indent
    for ch in paragraph:
        w = measure(ch)
        if used + w > width + 0.01 and current and ch not in NO_LINE_START:
            lines.append(current)
            current, used = "", 0.0
        current += ch
        used += w
    if current:
        lines.append(current)
    return lines


def split_headline(title: str, rng: random.Random) -> list[str]:
    if len(title) <= 18:
        return [title]
    cut = len(title) // 2 + rng.randint(-2, 2)
    while 0 < cut < len(title) and title[cut - 1] + title[cut] in ("——", "……"):
        cut += 1  # a dash or ellipsis pair is never broken across lines
    return [title[:cut], title[cut:]]


def make_page(articles: list[SimArticle], rng: random.Random) -> SimPage:
    width = rng.randint(14, 18)
    double = rng.random() < 0.5
    layout = rng.choice(["before", "after", "block"])
    blocks: list[list[str]] = []  # each block: lines printed together

    def body_lines(a: SimArticle) -> list[str]:
        out = []
        for p in a.paragraphs:
            out.extend(wrap(p, width))
        return out

    heads = [split_headline(a.title, rng) for a in articles]
    if layout == "block":
        split_at = rng.randint(1, len(articles))
        for a in articles[:split_at]:
            blocks.append(body_lines(a))
        order = list(range(split_at))
        rng.shuffle(order)
        for i in order:
            blocks.append(heads[i])
        for i, a in enumerate(articles[split_at:], split_at):
            blocks.append(heads[i])
            blocks.append(body_lines(a))
    else:
        for a, h in zip(articles, heads):
            if layout == "before":
                blocks += [h, body_lines(a)]
            else:
                blocks += [body_lines(a), h]
    out: list[str] = []
    for block in blocks:
        for k, line in enumerate(block):
            out.append(line)
            if double and not (block in heads and k + 1 < len(block)):
                out.append("")  # double spacing, but a two-line headline stays together
        out.append("")
    return SimPage("\n".join(out).strip() + "\n", articles, layout)


def news_item_to_article(title: str, text: str, max_chars: int = 600) -> SimArticle | None:
    """A corpus item (title + text with newline paragraphs) as a page article, cut to whole
    paragraphs of at most ``max_chars`` so a page holds several."""
    title = re.sub(r"\s+", " ", title).strip()
    paragraphs = [p.strip().replace(" ", "") for p in text.split("\n") if p.strip()]
    kept, total = [], 0
    for p in paragraphs:
        if total and total + len(p) > max_chars:
            break
        kept.append(p)
        total += len(p)
    if not title or not kept or not re.search(r"[。！？]$", kept[-1]):
        return None
    return SimArticle(title, kept)
