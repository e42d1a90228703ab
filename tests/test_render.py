"""The chat's HTML: bulletin and question text always displays as text, the highlight covers
exactly the answer span, citations are numbered and expand to the passage."""

from __future__ import annotations

import html
import re

from qa.models import Answer, Article, Chunk, Citation, Hit
from ui.render import answer_html, esc, highlight, passages_html

EVIL = '<script>alert(1)</script><img src=x onerror="alert(2)"> **粗体** [链接](http://x) $x$'


def _citation(passage: str, start: int, end: int, rank: int = 1, title: str = "标题") -> Citation:
    return Citation(rank=rank, article_id=f"a{rank}", title=title, source="page.txt", paper="西宁晚报", date="2024-03-26",
                    page="2", byline="记者 张三", passage=passage, span=(start, end), article_span=(start + 10, end + 10))


def _hit(text: str, rank: int, title: str = "相关") -> Hit:
    article = Article(text=text, title=title, id=f"h{rank}", source="other.txt")
    return Hit(chunk=Chunk(article.id, 0, len(text), text), article=article, score=1.0 / rank, rank=rank)


def _visible_text(fragment: str) -> str:
    """What a browser shows: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment.replace("<br>", "\n")))


def test_escape_leaves_no_markup_and_round_trips():
    out = esc(EVIL)
    assert "<" not in out and ">" not in out and "*" not in out and "[" not in out and "$" not in out
    assert _visible_text(out) == EVIL


def test_highlight_marks_exactly_the_span():
    passage = "3月25日，热线直接办理<诉求>358 件。"
    start = passage.index("358")
    end = start + len("358 件")
    out = highlight(passage, start, end)
    marked = re.search(r'<mark class="bq-answer">(.*?)</mark>', out).group(1)
    assert html.unescape(marked) == passage[start:end]
    assert _visible_text(out) == passage


def test_answer_html_escapes_bulletin_text_and_numbers_citations():
    passage = f"前文。{EVIL}答案在这里。后文"
    s = passage.index("答案")
    answer = Answer(question=EVIL, text=passage[s : s + 2], score=0.9, no_answer=False,
                    citations=[_citation(passage, s, s + 2), _citation(passage, s, s + 2, rank=2, title="<b>第二</b>")],
                    related=[_hit(EVIL, 3)])
    out = answer_html(answer)
    assert "<script" not in out and "<img" not in out and "<b>第二" not in out
    assert "【1】" in out and "【2】" in out
    assert out.count('<details class="bq-citation">') == 2
    assert "<strong>答案</strong>" in out
    shown = _visible_text(out)
    assert "西宁晚报" in shown and "2024-03-26" in shown and "第2版" in shown and "记者 张三" in shown


def test_not_found_says_so_and_offers_related_passages():
    answer = Answer(question="青海湖的面积有多大？", text=None, score=0.1, no_answer=True, message="没有找到答案。",
                    related=[_hit("第一段", 1, "甲"), _hit("第二段<script>", 2, "乙")])
    out = answer_html(answer)
    assert "没有找到答案" in out and "<mark" not in out
    assert "甲" in out and "乙" in out and "<script" not in out


def test_passage_cards_mark_the_cited_passage_and_escape_text():
    hits = [_hit("段落一", 1), _hit("段落二<script>x</script>", 2)]
    answer = Answer(question="q", text="段落", score=0.8, no_answer=False,
                    citations=[_citation("段落二", 0, 2)], hits=hits)
    answer.citations[0].article_id = "h2"
    out = passages_html(answer)
    assert out.count('class="bq-card"') == 2 and "<script" not in out
    heads = re.findall(r'<div class="bq-card-head"><strong>(.*?)</strong>', out)
    assert heads == ["1", "2【1】"]
    assert "bq-card" not in passages_html(None)


def test_the_whole_article_is_one_click_away_with_the_answer_highlighted():
    body = "第一段。\n第二段说：直接办理358件。\n第三段。"
    article = Article(text=body, title="热线日报", id="a1", paper="西宁晚报", caption="图为热线座席")
    chunk = Chunk("a1", body.index("第二段"), len(body), body[body.index("第二段"):])
    start = chunk.text.index("358件")
    c = Citation(rank=1, article_id="a1", title="热线日报", source="p.pdf", paper="西宁晚报", date=None, page="1", byline=None,
                 passage=chunk.text, span=(start, start + 4), article_span=(chunk.start + start, chunk.start + start + 4))
    answer = Answer(question="q", text="358件", score=0.9, no_answer=False, citations=[c],
                    hits=[Hit(chunk=chunk, article=article, score=1.0, rank=1)])
    out = answer_html(answer)
    whole = re.search(r'<details class="bq-article">(.*?)</details>', out).group(1)
    assert "阅读全文" in whole and "第一段" in whole and "第三段" in whole and "图为热线座席" in whole
    assert re.search(r'<mark class="bq-answer">(.*?)</mark>', whole).group(1) == "358件"
