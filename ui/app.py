"""The Gradio web chat. Callbacks only parse input, call the Assistant and format output.

    bulletin-qa serve [--index DIR] [--host 127.0.0.1] [--port 7860] [--auth user:password]

API: ``gradio_client.Client(url).predict("问题", api_name="/ask")`` returns the JSON object of
``bulletin-qa ask --json``.
"""

from __future__ import annotations

import ipaddress
import os
import re
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path

# no usage reports leave the machine; set before gradio is imported
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402

from qa.assistant import Assistant  # noqa: E402
from qa.contract import answer_json  # noqa: E402
from qa.followup import Turn  # noqa: E402
from qa.retriever import SearchFilters  # noqa: E402

from .render import HIT_COLUMNS, answer_html, esc, hit_rows  # noqa: E402

ALLOWED_UPLOADS = (".txt", ".jsonl", ".json", ".md", ".html", ".htm")
ANY = "全部"
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CSS = """
mark.bq-answer { background: #ffe066; color: inherit; padding: 0 2px; border-radius: 2px; }
.bq-sentence { border-left: 3px solid #f0b400; margin: 6px 0; padding-left: 8px; }
details.bq-citation summary, details.bq-related summary { cursor: pointer; }
.bq-passage { padding: 6px 8px; background: rgba(127,127,127,0.08); border-radius: 4px; }
"""


@dataclass
class AppOptions:
    uploads: bool = True
    upload_dir: Path | None = None  # where uploaded files are kept (default: beside the index)
    max_upload_mb: int = 20
    title: str = "公报问答"


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parse_filters(date_from: str, date_to: str, source: str, city: str) -> SearchFilters | None:
    """The side panel's filters; raises ValueError with a message for the user."""
    date_from, date_to = (date_from or "").strip(), (date_to or "").strip()
    for d in (date_from, date_to):
        if d and not DATE_RE.match(d):
            raise ValueError(f"日期“{d}”的格式不对，请写成 2024-03-25 这样。")
    f = SearchFilters(date_from=date_from or None, date_to=date_to or None,
                      source=None if source in (None, "", ANY) else source, city=None if city in (None, "", ANY) else city)
    return None if f.is_empty() else f


def safe_name(name: str) -> str:
    """A file name with no directory parts and no odd characters."""
    stem = Path(name).name
    cleaned = re.sub(r"[^\w.\-\u4e00-\u9fff]", "_", stem).lstrip(".")
    return cleaned or "upload.txt"


def build_app(assistant: Assistant, options: AppOptions | None = None) -> gr.Blocks:
    options = options or AppOptions()
    upload_dir = options.upload_dir or assistant.index_dir.parent / f"{assistant.index_dir.name}-uploads"

    def facet_updates():
        f = assistant.facets()
        return (gr.update(choices=[ANY, *f["sources"]], value=ANY), gr.update(choices=[ANY, *f["cities"]], value=ANY),
                gr.update(samples=[[q] for q in assistant.example_questions()]), index_summary(f))

    def index_summary(f: dict) -> str:
        span = f" · {f['date_from']} 至 {f['date_to']}" if f["date_from"] else ""
        return f"已收录 {f['articles']} 篇文章{span}"

    # ---- callbacks ----
    def ask(question: str, chat: list, turns: list, date_from: str, date_to: str, source: str, city: str):
        chat = list(chat or [])
        turns = list(turns or [])
        try:
            filters = parse_filters(date_from, date_to, source, city)
        except ValueError as exc:
            chat += [{"role": "user", "content": esc(question)}, {"role": "assistant", "content": esc(str(exc))}]
            return chat, turns, gr.update(), question
        history = [Turn(**t) for t in turns]
        answer = assistant.ask(question, history=history, filters=filters)
        if not answer.no_answer or answer.asked_as:
            turns.append(asdict(Assistant.turn(answer)))
        chat += [{"role": "user", "content": esc(question)}, {"role": "assistant", "content": answer_html(answer)}]
        return chat, turns, hit_rows(answer), ""

    def clear():
        return [], [], [], ""

    def api_ask(question: str) -> dict:
        """Answer one question (no conversation): the JSON of `bulletin-qa ask --json`."""
        return answer_json(assistant.ask(question))

    def add_files(files, progress=gr.Progress(track_tqdm=True)):
        if not options.uploads:
            raise gr.Error("此服务未开放上传。")
        if not files:
            return "请先选择要导入的文件。", *facet_updates()
        kept, refused = [], []
        batch = upload_dir / time.strftime("%Y%m%d-%H%M%S")
        for f in files:
            path = Path(f if isinstance(f, str) else f.name)
            name = safe_name(getattr(f, "orig_name", None) or path.name)
            if not name.lower().endswith(ALLOWED_UPLOADS):
                refused.append(f"{name}：不支持的文件类型（可用 {' '.join(ALLOWED_UPLOADS)}）")
                continue
            if path.stat().st_size > options.max_upload_mb * 1024 * 1024:
                refused.append(f"{name}：超过 {options.max_upload_mb} MB")
                continue
            batch.mkdir(parents=True, exist_ok=True)
            target = batch / name
            shutil.copyfile(path, target)
            kept.append(target)
        lines = []
        if kept:
            progress(0, desc="导入中…")
            report = assistant.add_files(kept, progress=True)
            lines.append(f"导入 {report.files} 个文件，新增 {report.articles_added} 篇文章（{report.chunks_added} 个段落），"
                         f"{report.unchanged} 个文件已收录过，用时 {report.seconds:.1f} 秒。")
            refused += [f"{Path(n).name}：{why}" for n, why in report.skipped]
        if refused:
            lines.append("未导入：\n" + "\n".join(f"- {r}" for r in refused))
        return "\n\n".join(lines) or "没有可导入的文件。", *facet_updates()

    facets = assistant.facets()
    with gr.Blocks(title=options.title, analytics_enabled=False) as app:
        gr.Markdown(f"## {options.title}\n用中文提问，答案从已收录的公报原文中摘出并标明出处。")
        summary = gr.Markdown(index_summary(facets), elem_id="bq-summary")
        turns = gr.State([])
        with gr.Tab("问答"):
            with gr.Row():
                with gr.Column(scale=3):
                    chat = gr.Chatbot(label="对话", height=520, latex_delimiters=[], elem_id="bq-chat", buttons=["copy"])
                    with gr.Row():
                        question = gr.Textbox(placeholder="例如：3月25日12345热线接了多少件来电？", show_label=False, scale=5,
                                              elem_id="bq-question", max_lines=4)
                        send = gr.Button("发送", variant="primary", scale=1, elem_id="bq-send")
                    examples = gr.Dataset(components=[gr.Textbox(visible=False)], samples=[[q] for q in assistant.example_questions()],
                                          label="试试这些问题", elem_id="bq-examples")
                    clear_btn = gr.Button("清空对话", elem_id="bq-clear")
                with gr.Column(scale=2):
                    with gr.Accordion("筛选（作用于下一个问题）", open=False):
                        date_from = gr.Textbox(label="起始日期", placeholder=facets["date_from"] or "2024-03-01", elem_id="bq-date-from")
                        date_to = gr.Textbox(label="截止日期", placeholder=facets["date_to"] or "2024-03-31", elem_id="bq-date-to")
                        source = gr.Dropdown([ANY, *facets["sources"]], value=ANY, label="报纸 / 来源文件", elem_id="bq-source")
                        city = gr.Dropdown([ANY, *facets["cities"]], value=ANY, label="城市", elem_id="bq-city")
                    hits = gr.Dataframe(headers=HIT_COLUMNS, label="检索到的段落（上一个问题）", interactive=False, wrap=True, elem_id="bq-hits",
                                         column_widths=["56px", "64px", "28%", "18%", "96px", "36%"])
        if options.uploads:
            with gr.Tab("添加公报"):
                gr.Markdown(f"上传 {' '.join(ALLOWED_UPLOADS)} 文件（每个不超过 {options.max_upload_mb} MB），导入后即可提问。")
                files = gr.File(file_count="multiple", file_types=list(ALLOWED_UPLOADS), label="公报文件", elem_id="bq-files")
                add_btn = gr.Button("导入", variant="primary", elem_id="bq-add")
                report = gr.Markdown(elem_id="bq-report")
            add_btn.click(add_files, [files], [report, source, city, examples, summary], api_name="add", api_visibility="undocumented")

        inputs = [question, chat, turns, date_from, date_to, source, city]
        outputs = [chat, turns, hits, question]
        send.click(ask, inputs, outputs, api_name="chat", api_visibility="undocumented")
        question.submit(ask, inputs, outputs, api_name="chat_submit", api_visibility="private")
        examples.click(lambda sample: sample[0], examples, question, api_visibility="private")
        clear_btn.click(clear, None, [chat, turns, hits, question], api_name="clear", api_visibility="undocumented")
        gr.api(api_ask, api_name="ask")
    return app


def serve(index: str | None = None, host: str = "127.0.0.1", port: int = 7860, auth: str | None = None,
          uploads: bool | None = None, max_upload_mb: int = 20, block: bool = True):
    """Open the index (default: the bundled sample bulletins) and start the web chat."""
    assistant = Assistant.open(index)
    assistant.warm_up()
    options = AppOptions(uploads=is_loopback(host) if uploads is None else uploads, max_upload_mb=max_upload_mb)
    app = build_app(assistant, options)
    credentials = None
    if auth:
        user, _, password = auth.partition(":")
        if not user or not password:
            raise ValueError("--auth takes user:password")
        credentials = (user, password)
    data_dirs = [str(assistant.index_dir), str(options.upload_dir or assistant.index_dir.parent)]
    app.queue(default_concurrency_limit=2, max_size=64)
    app.launch(server_name=host, server_port=port, share=False, auth=credentials, max_file_size=f"{max_upload_mb}mb",
               blocked_paths=data_dirs, prevent_thread_lock=not block, quiet=not block, css=CSS)
    return app, assistant
