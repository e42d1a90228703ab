"""How answers and passages read on a terminal: the answer marked in its sentence, numbered
citations, and the interactive chat loop of ``bulletin-qa ask`` without a question."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from qa.errors import InvalidInput
from qa.models import Answer, Hit
from qa.text.patterns import sentence_around

AS_ASKED_COMMANDS = ("/原问题", "/asis")


def where(paper: str | None, source: str | None, date: str | None, page: str | None, byline: str | None = None) -> str:
    """Paper (or file) · date · 第N版 · byline, what is known of it."""
    return " · ".join(x for x in (paper or source, date, f"第{page}版" if page else None, byline) if x)


def format_hit(h: Hit) -> str:
    a = h.article
    passage = h.chunk.text[:160].replace("\n", "\n    ")
    return (f"[{h.rank}] {a.title or '（无标题）'}  ({where(a.paper, a.source, a.date, a.page)})  score={h.score:.4f}\n"
            f"    {passage}{'…' if len(h.chunk.text) > 160 else ''}")


def format_answer(answer: Answer, color: bool) -> str:
    """The answer, its sentence with the span marked, numbered citations."""
    mark = ("\033[1;33m", "\033[0m") if color else ("【", "】")
    lines = []
    if answer.no_answer:
        lines.append(answer.message or "没有找到答案。")
        for i, h in enumerate(answer.related[:3], 1):
            a = h.article
            lines.append(f"  [{i}] {a.title or '（无标题）'} · {where(a.paper or a.city, a.source, a.date, a.page)}")
            lines.append(f"      {h.chunk.text[:100].replace(chr(10), ' ')}…")
        return "\n".join(lines)
    verdict = f"{answer.verdict}。原文：" if answer.verdict else ("原文：" if answer.kind == "yesno" else "")
    lines.append(f"答：{verdict}{mark[0]}{answer.text}{mark[1]}    （置信度 {answer.score:.2f}）")
    if answer.message:
        lines.append(answer.message)
    top = answer.citations[0]
    s, e = sentence_around(top.passage, *top.span)
    sentence = top.passage[s : top.span[0]] + mark[0] + top.passage[top.span[0] : top.span[1]] + mark[1] + top.passage[top.span[1] : e]
    lines.append("  " + sentence.strip().replace("\n", " "))
    lines.append("出处：")
    for c in answer.citations:
        paper = c.paper or c.city
        printed = f" · PDF 第 {c.page_boxes[0][0]} 页" if c.page_boxes else ""
        added = f" · 由 {c.added_by} 于 {c.added_at} 上传" if c.added_by else ""
        lines.append(f"  [{c.rank}] {c.title or '（无标题）'} · {where(paper, c.source, c.date, c.page, c.byline)}{printed}{added}")
    return "\n".join(lines)


def print_answer(answer: Answer, as_json: bool, color: bool) -> None:
    print(json.dumps(answer.to_dict(), ensure_ascii=False) if as_json else format_answer(answer, color), flush=True)


def chat(assistant, filters, as_json: bool, color: bool) -> int:
    """An interactive conversation: follow-up questions use the turns before; /clear forgets them."""
    interactive = sys.stdin.isatty()
    if interactive:
        print("公报问答：输入问题后回车；/原问题 把上一个问题按原样重新回答（不结合上文）；/clear 清空对话；Ctrl-D 退出。")
    history, last = [], None
    while True:
        try:
            line = input("问> " if interactive else "")
        except EOFError:
            break
        if not line.strip():
            continue
        if line.strip() == "/clear":
            history, last = [], None
            print("（对话已清空）")
            continue
        if line.strip() in AS_ASKED_COMMANDS:
            if last is None:
                print("（还没有可以重新回答的问题）")
                continue
            answer = assistant.ask(last, filters=filters, use_history=False)
            history[-1:] = [assistant.turn(answer)]
        else:
            last = line
            answer = assistant.ask(line, history=history, filters=filters)
            history.append(assistant.turn(answer))
        print_answer(answer, as_json, color)
        if answer.carried and not as_json:
            print("（如果不是这个意思，输入 /原问题 按原样重新回答）")
    return 0


def save_page_image(assistant, answer, path: Path) -> None:
    """The printed page of the cited PDF article, the answer highlighted, to ``path`` (PNG)."""
    top = answer.citations[0] if answer.citations and not answer.no_answer else None
    if top is None or not top.page_boxes or not hasattr(assistant, "page_image"):
        print(f"no page image: the answer {'is not from a PDF' if top else 'was not found'}", file=sys.stderr)
        return
    image = assistant.page_image(top.article_id, *top.article_span, crop=False)
    if image is None:
        print("no page image: the index no longer keeps that PDF", file=sys.stderr)
        return
    try:
        path.write_bytes(image.png)
    except OSError as exc:
        raise InvalidInput(f"cannot write {path} ({exc.strerror})") from exc
    print(f"page {image.page} of {top.source} written to {path}, the answer highlighted", file=sys.stderr)
