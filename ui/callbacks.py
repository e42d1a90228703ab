"""The web chat's callbacks: each parses the components' values, calls the Assistant and formats
what it returns. They are plain functions of the assistant (bound with ``functools.partial`` in
``ui.app``), so tests call them without a server."""

from __future__ import annotations

import html
import io
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from qa.chat.assistant import Assistant
from qa.chat.turns import Turn
from qa.search import SearchFilters
from qa.text.clean import clean_input

from .accounts import LOCAL_USER
from .render import answer_html, esc, page_label, passages_html
from .uploads import keep_uploads

ANY = "全部"
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FILE_NAME = re.compile(r"\.(?:txt|pdf|jsonl|json|md|markdown|html?)$", re.I)


@dataclass
class AppOptions:
    uploads: bool = True
    upload_dir: Path | None = None  # where uploaded files are kept (default: beside the index)
    max_upload_mb: int = 20
    title: str = "公报问答"
    editors: frozenset[str] | None = None  # with logins: who may add bulletins (None: no logins)


def may_upload(options: AppOptions, user: str | None) -> bool:
    """Whether this user may add bulletins to the shared index."""
    return options.uploads and (options.editors is None or user in options.editors)


def parse_filters(date_from: str, date_to: str, source: str, city: str) -> SearchFilters | None:
    """The side panel's filters; raises ValueError with a message for the user."""
    date_from, date_to = clean_input(date_from), clean_input(date_to)
    for d in (date_from, date_to):
        if d and not DATE_RE.match(d):
            raise ValueError(f"日期“{d}”的格式不对，请写成 2024-03-25 这样。")
    f = SearchFilters(date_from=date_from or None, date_to=date_to or None,
                      source=None if source in (None, "", ANY) else source, city=None if city in (None, "", ANY) else city)
    return None if f.is_empty() else f


def index_summary(facets: dict) -> str:
    """The header: how many articles, the papers or cities, and the dates they carry (a single
    date is not a range; articles whose page prints no date are counted apart)."""
    lo, hi, undated = facets["date_from"], facets["date_to"], facets.get("undated", 0)
    dates = f" · {lo} 至 {hi}" if lo and lo != hi else f" · 日期 {lo}" if lo else ""
    if undated:
        dates += f"（{undated} 篇未注明日期）"
    where = "、".join(facets.get("cities") or facets.get("sources") or [])
    return f"已收录 {facets['articles']} 篇文章" + (f" · {where}" if where else "") + dates


def about_index(facets: dict) -> str:
    """关于本库: what the index holds — articles, papers, cities, dates."""
    lines = [f"**文章**：{facets['articles']} 篇" + (f"（其中 {facets['undated']} 篇未注明日期）" if facets.get("undated") else "")]
    # a paper is named; a file without a masthead is counted, never listed by its (often hashed) name
    papers = [x for x in facets.get("sources") or [] if not FILE_NAME.search(x)]
    files = len(facets.get("sources") or []) - len(papers)
    if papers:
        lines.append("**报纸**：" + "、".join(papers))
    if files:
        lines.append(f"**未注明报纸的文件**：{files} 个")
    if facets.get("cities"):
        lines.append("**城市**（按“我市”推断）：" + "、".join(facets["cities"]))
    lo, hi = facets.get("date_from"), facets.get("date_to")
    if lo:
        lines.append(f"**日期**：{lo} 至 {hi}" if hi and hi != lo else f"**日期**：{lo}")
    return "\n\n".join(lines)


def ask(assistant: Assistant, question: str, chat: list, turns: list, date_from: str, date_to: str, source: str, city: str):
    """One chat turn: → (chat messages, conversation turns, passages table, cleared question box)."""
    chat = list(chat or [])
    turns = list(turns or [])
    try:
        filters = parse_filters(date_from, date_to, source, city)
    except ValueError as exc:
        chat += [{"role": "user", "content": esc(question)}, {"role": "assistant", "content": esc(str(exc))}]
        return chat, turns, passages_html(None), question, None
    history = [Turn(**t) for t in turns]
    answer = assistant.ask(question, history=history, filters=filters)
    turns.append(asdict(Assistant.turn(answer)))
    chat += [{"role": "user", "content": esc(question)}, {"role": "assistant", "content": answer_html(answer)}]
    return chat, turns, passages_html(answer), "", page_of(assistant, answer)


def page_of(assistant: Assistant, answer) -> tuple | None:
    """The printed page behind the answer (PDF articles only): (PIL image, label) for the page
    panel, the article outlined and the answer highlighted; None for other answers."""
    if answer.no_answer or not answer.citations or not answer.citations[0].page_boxes:
        return None
    from PIL import Image

    c = answer.citations[0]
    image = assistant.page_image(c.article_id, *c.article_span)
    if image is None:
        return None
    return Image.open(io.BytesIO(image.png)), page_label(c, image.page)


def ask_as_asked(assistant: Assistant, chat: list, turns: list, date_from: str, date_to: str, source: str, city: str):
    """Undo a follow-up reading: answer the last question exactly as it was asked, in place of
    the last reply."""
    chat, turns = list(chat or []), list(turns or [])
    users = [i for i, m in enumerate(chat) if m.get("role") == "user"]
    if not users:
        return chat, turns, passages_html(None), "", None
    last = users[-1]
    question = html.unescape(_text(chat[last]["content"]).replace("<br>", "\n"))
    try:
        filters = parse_filters(date_from, date_to, source, city)
    except ValueError as exc:
        return chat + [{"role": "assistant", "content": esc(str(exc))}], turns, passages_html(None), "", None
    answer = assistant.ask(question, filters=filters, use_history=False)
    chat = chat[: last + 1] + [{"role": "assistant", "content": answer_html(answer)}]
    turns[-1:] = [asdict(Assistant.turn(answer))]
    return chat, turns, passages_html(answer), "", page_of(assistant, answer)


def _text(content) -> str:
    """A chat message's text, as Gradio hands it back (a string, or a list of parts)."""
    if isinstance(content, list):
        return "".join(c.get("text", "") if isinstance(c, dict) else str(c) for c in content)
    return str(content)


def clear():
    """新对话: the conversation, its turns, the passages and the page panel emptied."""
    return [], [], passages_html(None), "", None


def api_ask(assistant: Assistant, question: str) -> dict:
    """Answer one question (no conversation): the JSON of `bulletin-qa ask --json`."""
    return assistant.ask(question).to_dict()


def upload_dir(assistant: Assistant, options: AppOptions) -> Path:
    """Where uploads are kept: ``options.upload_dir``, else ``INDEX-uploads`` beside the index."""
    return options.upload_dir or assistant.data_dir.parent / f"{assistant.data_dir.name}-uploads"


def add_files(assistant: Assistant, options: AppOptions, files, user: str | None = None) -> tuple[str, bool]:
    """Keep the accepted uploads and ingest them, credited to ``user`` (the login; without
    logins, this machine's user): → (report for the user, whether the index changed)."""
    if not may_upload(options, user):
        return "只有编辑可以添加公报：请用编辑账号登录。", False
    if not files:
        return "请先选择要导入的文件。", False
    kept, refused = keep_uploads(files, upload_dir(assistant, options), options.max_upload_mb)
    lines = []
    if kept:
        report = assistant.add_files(kept, progress=True, added_by=user or LOCAL_USER)
        lines.append(f"导入 {report.files} 个文件，新增 {report.articles_added} 篇文章（{report.chunks_added} 个段落），"
                     f"{report.unchanged} 个文件已收录过，用时 {report.seconds:.1f} 秒。")
        refused += [f"{Path(n).name}：{why}" for n, why in report.skipped]
    if refused:
        lines.append("未导入：\n" + "\n".join(f"- {r}" for r in refused))
    return "\n\n".join(lines) or "没有可导入的文件。", bool(kept)
