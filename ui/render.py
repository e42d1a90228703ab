"""Answers as HTML for the chat. Every piece of bulletin or question text goes through ``esc``:
HTML is escaped, and the characters Markdown or KaTeX would act on become entities, so a
bulletin holding ``<script>`` or ``**`` displays exactly as printed."""

from __future__ import annotations

import html
import re

from qa.models import Answer, Citation, Hit
from qa.text.patterns import sentence_around

# Markdown/KaTeX syntax characters the chatbot would otherwise interpret
_MARKDOWN = re.compile(r"[\\`*_{}\[\]()#+\-.!|~$>]")


def esc(text: str | None) -> str:
    """Text → HTML that shows exactly that text."""
    out = html.escape(text or "", quote=True)
    out = _MARKDOWN.sub(lambda m: f"&#{ord(m.group(0))};", out)
    return out.replace("\n", "<br>")


def highlight(passage: str, start: int, end: int) -> str:
    """The passage with ``passage[start:end]`` marked."""
    return f"{esc(passage[:start])}<mark class=\"bq-answer\">{esc(passage[start:end])}</mark>{esc(passage[end:])}"


def where(c: Citation | Hit) -> str:
    """Headline · paper (or the city the page calls 我市) · date · 第N版 · byline, as
    plain text; the file it came from is shown only where nothing else names it."""
    src = c.article if isinstance(c, Hit) else c  # both carry title, paper, source, date, page, byline
    city = getattr(src, "city", None)
    paper = src.paper or city
    parts = (paper, src.date, f"第{src.page}版" if src.page else None, src.byline)
    named = [p for p in parts if p]
    return " · ".join([src.title or "（无标题）", *(named or [src.source or ""])])


def added_note(src) -> str:
    """Who uploaded the file an article came from, and when ("" for files ingested by the owner)."""
    by = getattr(src, "added_by", None)
    return f"由 {by} 于 {src.added_at or '—'} 上传" if by else ""


def source_line(c: Citation | Hit) -> str:
    src = c.article if isinstance(c, Hit) else c
    parts = [f"来源文件：{esc(src.source)}" if src.source else "", esc(added_note(src))]
    text = "；".join(p for p in parts if p)
    return f'<p class="bq-source"><small>{text}</small></p>' if text else ""


def citation_html(c: Citation) -> str:
    return (f'<details class="bq-citation"><summary>【{c.rank}】{esc(where(c))}</summary>'
            f'<div class="bq-passage">{highlight(c.passage, *c.span)}</div>{source_line(c)}</details>')


def related_html(hits: list[Hit], limit: int = 3) -> str:
    """The closest passages, one per article (the top article's second passage is read, not listed)."""
    seen, unique = set(), []
    for h in hits:
        if h.article.id not in seen:
            seen.add(h.article.id)
            unique.append(h)
    items = [f'<details class="bq-related"><summary>{esc(where(h))}</summary><div class="bq-passage">{esc(h.chunk.text)}</div></details>'
             for h in unique[:limit]]
    return "<p>相关段落：</p>" + "".join(items) if items else ""


def answer_html(answer: Answer) -> str:
    """One chat reply: the answer in bold, its sentence with the span highlighted, then the
    numbered citations (each expands to the full passage); or a plain "not found"."""
    if answer.no_answer:
        undo = '<p><small>如果不是这个意思，点“按原问题回答”重新回答。</small></p>' if answer.carried else ""
        return f'<p class="bq-not-found">{esc(answer.message or "没有找到答案。")}</p>' + undo + related_html(answer.related)
    top = answer.citations[0]
    s, e = sentence_around(top.passage, *top.span)
    sentence = highlight(top.passage[s:e], top.span[0] - s, top.span[1] - s)
    lead = f"<strong>{esc(answer.verdict)}。</strong>原文：" if answer.verdict else ("原文：" if answer.kind == "yesno" else "")
    parts = [
        f'<p class="bq-answer-line">{lead}<strong>{esc(answer.text)}</strong> <small>（置信度 {answer.score:.2f}）</small></p>',
        f'<blockquote class="bq-sentence">{sentence}</blockquote>',
    ]
    if top.page_boxes:
        printed = f"第{top.page}版" if top.page else f"PDF 第 {top.page_boxes[0][0]} 页"
        parts.append(f"<p><small>答案在原版上的位置见“版面”（{esc(printed)}，黄色标出）。</small></p>")
    if answer.message:
        parts.append(f"<p><small>{esc(answer.message)}</small></p>")
    if answer.carried:
        parts.append('<p><small>如果不是这个意思，点“按原问题回答”重新回答。</small></p>')
    parts.append("".join(citation_html(c) for c in answer.citations))
    parts.append(article_html(answer))
    if answer.related:
        parts.append(related_html(answer.related))
    return "".join(parts)


def page_label(c: Citation, pdf_page: int) -> str:
    """The page panel's caption: which printed page, and that the answer is marked on it."""
    printed = " · ".join(x for x in (c.paper, c.date, f"第{c.page}版" if c.page else None) if x)
    return f"{printed or c.source}（PDF 第 {pdf_page} 页）：蓝框是这篇文章，黄色是答案"


def article_html(answer: Answer) -> str:
    """The whole article the answer came from, one click away, the answer highlighted in it
    (where the answer still carries its retrieved articles: the web chat's own answers)."""
    if answer.no_answer or not answer.citations:
        return ""
    top = answer.citations[0]
    article = next((h.article for h in answer.hits if h.article.id == top.article_id and h.article.text), None)
    if article is None:
        return ""
    start, end = top.article_span
    caption = f"<p><small>图片说明：{esc(article.caption)}</small></p>" if article.caption else ""
    return (f'<details class="bq-article"><summary>阅读全文：{esc(article.title or "（无标题）")}</summary>'
            f'<div class="bq-passage"><p><strong>{esc(article.title or "")}</strong><br><small>{esc(where(top))}</small></p>'
            f'{highlight(article.text, start, end)}{caption}</div></details>')


def passages_html(answer: Answer | None, limit: int = 8) -> str:
    """The passages retrieved for the last question as cards: rank, score, where, the passage;
    the cited ones marked 【n】."""
    if answer is None or not answer.hits:
        return '<p class="bq-no-passages"><small>（提问后，这里列出检索到的段落）</small></p>'
    cited = {c.article_id: c.rank for c in answer.citations}
    cards = []
    for h in answer.hits[:limit]:
        mark = f"【{cited[h.article.id]}】" if h.article.id in cited else ""
        text = h.chunk.text if len(h.chunk.text) <= 180 else h.chunk.text[:180] + "…"
        cards.append(f'<div class="bq-card"><div class="bq-card-head"><strong>{h.rank}{mark}</strong> {esc(where(h))}'
                     f' <small>得分 {h.score:.3f}</small></div><div class="bq-card-text">{esc(text)}</div></div>')
    return "".join(cards)


def question_html(question: str) -> str:
    return esc(question)
