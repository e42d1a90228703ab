"""The Gradio web chat: the layout (``build_layout``) apart from the wiring (``build_app``), which
binds the callbacks of ``ui.callbacks`` to the assistant with ``functools.partial``.

The server around it (the JSON API, the Host check, ``bulletin-qa serve``) is ``ui.server``.
``gradio_client.Client(url).predict("问题", api_name="/ask")`` returns the JSON object of
``bulletin-qa ask --json``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import partial

# no usage reports leave the machine; set before gradio is imported
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402

from qa.chat.assistant import Assistant  # noqa: E402

from . import callbacks  # noqa: E402
from .callbacks import ANY, AppOptions, about_index, index_summary  # noqa: E402
from .render import passages_html  # noqa: E402
from .uploads import ALLOWED_UPLOADS, MAX_FILES  # noqa: E402

CSS = """
mark.bq-answer { background: #ffe066; color: inherit; padding: 0 2px; border-radius: 2px; }
.bq-sentence { border-left: 3px solid #f0b400; margin: 6px 0; padding-left: 8px; }
details.bq-citation summary, details.bq-related summary { cursor: pointer; }
.bq-passage { padding: 6px 8px; background: rgba(127,127,127,0.08); border-radius: 4px; }
.bq-card { border: 1px solid rgba(127,127,127,0.25); border-radius: 6px; padding: 6px 8px; margin: 6px 0; line-height: 1.5; }
.bq-card-head small { opacity: 0.7; margin-left: 4px; }
.bq-card-text { margin-top: 4px; }
"""
PAGE_LABEL = "版面（答案在原版上的位置）"
REFRESH_SECONDS = 15  # how often an open page checks whether the index changed (an upload elsewhere)
__all__ = ["CSS", "AppOptions", "build_app", "build_layout"]


@dataclass
class Layout:
    """The components the wiring needs."""

    summary: gr.Markdown
    about: gr.Markdown
    turns: gr.State
    saved: gr.BrowserState
    chat: gr.Chatbot
    question: gr.Textbox
    send: gr.Button
    examples: gr.Dataset
    clear: gr.Button
    as_asked: gr.Button
    date_from: gr.Textbox
    date_to: gr.Textbox
    source: gr.Dropdown
    city: gr.Dropdown
    hits: gr.HTML
    page: gr.Image
    upload_tab: gr.Tab | None = None
    files: gr.File | None = None
    add: gr.Button | None = None
    report: gr.Markdown | None = None


def _chat_tab(facets: dict, examples: list[str]) -> dict:
    with gr.Row():
        with gr.Column(scale=3):
            chat = gr.Chatbot(label="对话", height=520, latex_delimiters=[], elem_id="bq-chat", buttons=["copy"])
            with gr.Row():
                question = gr.Textbox(placeholder="例如：3月25日12345热线接了多少件来电？", show_label=False, scale=5,
                                      elem_id="bq-question", max_lines=4)
                send = gr.Button("发送", variant="primary", scale=1, elem_id="bq-send")
            samples = gr.Dataset(components=[gr.Textbox(visible=False)], samples=[[q] for q in examples],
                                 label="试试这些问题", elem_id="bq-examples")
            with gr.Row():
                as_asked = gr.Button("按原问题回答", elem_id="bq-as-asked", size="sm")
                clear = gr.Button("新对话", elem_id="bq-clear", size="sm")
        with gr.Column(scale=2):
            with gr.Accordion("筛选（作用于下一个问题）", open=False):
                date_from = gr.Textbox(label="起始日期", placeholder=facets["date_from"] or "2024-03-01", elem_id="bq-date-from")
                date_to = gr.Textbox(label="截止日期", placeholder=facets["date_to"] or "2024-03-31", elem_id="bq-date-to")
                source = gr.Dropdown([ANY, *facets["sources"]], value=ANY, label="报纸 / 来源文件", elem_id="bq-source")
                city = gr.Dropdown([ANY, *facets["cities"]], value=ANY, label="城市", elem_id="bq-city")
            page = gr.Image(label=PAGE_LABEL, type="pil", interactive=False, elem_id="bq-page", height=420, visible=False,
                            buttons=["fullscreen", "download"])
            with gr.Accordion("检索到的段落（上一个问题）", open=True):
                hits = gr.HTML(passages_html(None), elem_id="bq-hits")
    return dict(chat=chat, question=question, send=send, examples=samples, clear=clear, as_asked=as_asked, date_from=date_from, date_to=date_to,
                source=source, city=city, hits=hits, page=page)


def build_layout(title: str, facets: dict, examples: list[str], options: AppOptions) -> tuple[gr.Blocks, Layout]:
    """The page, with no behaviour attached."""
    # uploaded and generated files are removed from Gradio's cache an hour after they were made
    with gr.Blocks(title=title, analytics_enabled=False, delete_cache=(600, 3600)) as blocks:
        gr.Markdown(f"## {title}\n用中文提问，答案从已收录的公报原文中摘出并标明出处。")
        summary = gr.Markdown(index_summary(facets), elem_id="bq-summary")
        turns = gr.State([])
        # the conversation survives a page reload: kept in the browser's storage, not on the server
        saved = gr.BrowserState({"chat": [], "turns": []}, storage_key="bq-conversation")
        with gr.Tab("问答"):
            parts = _chat_tab(facets, examples)
        parts["upload_tab"] = None
        if options.uploads:
            # with logins the tab starts hidden and is shown to editors on load (see _upload_tab_shown)
            with gr.Tab("添加公报", elem_id="bq-upload-tab", visible=options.editors is None) as parts["upload_tab"]:
                gr.Markdown(f"上传 {' '.join(ALLOWED_UPLOADS)} 文件（每次最多 {MAX_FILES} 个，每个不超过 {options.max_upload_mb} MB），"
                            "导入后即可提问。")
                parts["files"] = gr.File(file_count="multiple", file_types=list(ALLOWED_UPLOADS), label="公报文件", elem_id="bq-files")
                parts["add"] = gr.Button("导入", variant="primary", elem_id="bq-add")
                parts["report"] = gr.Markdown(elem_id="bq-report")
        with gr.Tab("关于本库"):
            about = gr.Markdown(about_index(facets), elem_id="bq-about")
    return blocks, Layout(summary=summary, about=about, turns=turns, saved=saved, **parts)


def _facet_updates(assistant: Assistant):
    """Filters, examples, header and 关于本库 as the index is now (after an upload, on a reload)."""
    f = assistant.facets()
    return (gr.update(choices=[ANY, *f["sources"]], value=ANY), gr.update(choices=[ANY, *f["cities"]], value=ANY),
            gr.update(samples=[[q] for q in assistant.example_questions()]), index_summary(f), about_index(f))


def _add_files(assistant: Assistant, options: AppOptions):
    # a closure, not a partial: Gradio passes the request and the progress bar to the function's own parameters
    def add(files, request: gr.Request, progress=gr.Progress(track_tqdm=True)):
        user = getattr(request, "username", None)
        if not callbacks.may_upload(options, user):  # checked here too: a hidden tab is no permission
            raise gr.Error("只有编辑可以添加公报：请用编辑账号登录。")
        progress(0, desc="导入中…")
        report, _changed = callbacks.add_files(assistant, options, files, user)
        return report, *_facet_updates(assistant)

    return add


def _upload_tab_shown(options: AppOptions):
    # Gradio passes the request only to a parameter annotated gr.Request of the function itself (not of a partial)
    def shown(request: gr.Request):
        return gr.update(visible=callbacks.may_upload(options, getattr(request, "username", None)))

    return shown


def build_app(assistant: Assistant, options: AppOptions | None = None) -> gr.Blocks:
    """The layout wired to ``assistant``."""
    options = options or AppOptions()
    app, ui = build_layout(options.title, assistant.facets(), assistant.example_questions(), options)
    facets = [ui.source, ui.city, ui.examples, ui.summary, ui.about]
    with app:
        _keep_current(app, assistant, ui, facets)
        if ui.upload_tab is not None and options.editors is not None:  # readers do not see the upload tab
            app.load(_upload_tab_shown(options), None, ui.upload_tab, api_visibility="private")
        if ui.add is not None:
            ui.add.click(_add_files(assistant, options), [ui.files], [ui.report, *facets],
                         api_name="add", api_visibility="undocumented")
        inputs = [ui.question, ui.chat, ui.turns, ui.date_from, ui.date_to, ui.source, ui.city]
        outputs = [ui.chat, ui.turns, ui.hits, ui.question, ui.page]
        ask = _showing_page(partial(callbacks.ask, assistant))
        ui.send.click(ask, inputs, outputs, api_name="chat", api_visibility="undocumented").then(*_save(ui))
        ui.question.submit(ask, inputs, outputs, api_name="chat_submit", api_visibility="private").then(*_save(ui))
        ui.examples.click(lambda sample: sample[0], ui.examples, ui.question, api_visibility="private")
        ui.as_asked.click(_showing_page(partial(callbacks.ask_as_asked, assistant)), inputs[1:], outputs, api_name="as_asked",
                          api_visibility="undocumented").then(*_save(ui))
        # 新对话 forgets the stored conversation in the same event, so a reload right after it stays empty
        new_conversation = _showing_page(callbacks.clear)
        ui.clear.click(lambda: (*new_conversation(), {"chat": [], "turns": []}), None, [*outputs, ui.saved],
                       api_name="clear", api_visibility="undocumented")
        gr.api(_api_ask(assistant), api_name="ask")
    return app


def _save(ui: Layout):
    """The arguments of ``.then``: copy the conversation into the browser's storage."""
    return (lambda chat, turns: {"chat": chat or [], "turns": turns or []}), [ui.chat, ui.turns], ui.saved


def _keep_current(app: gr.Blocks, assistant: Assistant, ui: Layout, facets: list) -> None:
    """On every page load: the conversation back from the browser's storage, and the header,
    filters and examples as the index is now; then, while the page is open, the same again
    whenever another page's upload changed the index."""
    def restore(saved):
        saved = saved if isinstance(saved, dict) else {}
        return list(saved.get("chat") or []), list(saved.get("turns") or [])

    app.load(restore, [ui.saved], [ui.chat, ui.turns], api_visibility="private")
    app.load(partial(_facet_updates, assistant), None, facets, api_visibility="private")
    seen = gr.State(str(assistant.retriever.store.generation_dir))

    def changed(generation):
        now = str(assistant.retriever.store.generation_dir)
        if now == generation:
            return (generation, *[gr.update() for _ in facets])
        return (now, *_facet_updates(assistant))

    gr.Timer(REFRESH_SECONDS).tick(changed, [seen], [seen, *facets], api_visibility="private", show_progress="hidden")


def _showing_page(callback):
    """The callback's last output, (image, caption) or None, as an update of the page panel."""
    def wrapped(*args):
        *rest, page = callback(*args)
        image, label = page if page else (None, PAGE_LABEL)
        return *rest, gr.update(value=image, label=label, visible=image is not None)  # shown only for answers from PDFs

    return wrapped


def _api_ask(assistant: Assistant):
    # gr.api reads the signature and docstring of a plain function, so bind by closure, not partial
    def ask(question: str) -> dict:
        """Answer one question (no conversation): the JSON of `bulletin-qa ask --json`."""
        return callbacks.api_ask(assistant, question)

    return ask
