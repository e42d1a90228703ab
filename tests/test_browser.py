"""A real browser: headless Chromium (Debian package ``chromium``) driven by Playwright. Type a
question, send, see the highlighted span and a citation; upload a bulletin and ask about it.
Screenshots are saved under ``tests/artifacts/`` (or ``$BULLETIN_QA_ARTIFACTS``)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("BULLETIN_QA_CHROMIUM", "/usr/bin/chromium"))
FIXTURES = Path(__file__).parent / "fixtures"
ARTIFACTS = Path(os.environ.get("BULLETIN_QA_ARTIFACTS", Path(__file__).parent / "artifacts"))
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing in CI; .ci/run installs it with apt-get install chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium); the browser test needs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture(scope="module")
def app(launch_app):
    return launch_app()[0]


def ask(page, question: str) -> None:
    before = page.locator("#bq-chat .message-row").count() if page.locator("#bq-chat .message-row").count() else 0
    page.locator("#bq-question textarea").fill(question)
    page.locator("#bq-send").click()
    page.wait_for_function(
        "n => document.querySelectorAll('#bq-chat .message-row').length >= n + 2", arg=before, timeout=60_000)


def upload(page, name: str | Path, articles: int = 1) -> None:
    """Add a file (a fixture's name, or a path) in the 添加公报 tab, wait for its articles, and go
    back to the chat."""
    page.get_by_role("tab", name="添加公报").click()
    page.locator("#bq-files input[type=file]").set_input_files(str(FIXTURES / name if isinstance(name, str) else name))
    page.locator("#bq-add").click()
    page.locator("#bq-report").get_by_text(f"新增 {articles} 篇文章").wait_for(timeout=60_000)
    page.get_by_role("tab", name="问答").click()


def test_ask_in_the_browser_then_upload_and_ask_about_it(browser, app):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(app)
    ask(page, "3月25日12345热线接听群众来电诉求多少件次？")
    mark = page.locator("#bq-chat .bq-sentence mark.bq-answer").last
    mark.wait_for(timeout=30_000)
    answer = page.locator("#bq-chat .bq-answer-line strong").last.inner_text()
    assert answer and mark.inner_text() == answer
    citation = page.locator("#bq-chat details.bq-citation summary").last
    assert citation.is_visible() and "【1】" in citation.inner_text()
    page.screenshot(path=str(ARTIFACTS / "answer.png"), full_page=True)

    citation.click()  # expands to the full passage, span highlighted
    assert page.locator("#bq-chat details.bq-citation[open] mark.bq-answer").last.is_visible()

    upload(page, "upload_bulletin.txt")
    ask(page, "河源镇今年种植高原蔬菜多少亩？")
    reply = page.locator("#bq-chat .message-row").last
    assert "万亩" in reply.locator(".bq-sentence mark.bq-answer").inner_text()
    # the uploaded page holds a <script> tag: shown as text, never run
    reply.locator("details.bq-citation summary").first.click()
    assert "<script>" in reply.inner_text()
    page.screenshot(path=str(ARTIFACTS / "upload-answer.png"), full_page=True)
    page.close()


def test_markup_in_a_bulletin_never_runs_and_a_reading_can_be_undone(browser, app):
    """A bulletin whose title and body hold <img onerror> and <script>: shown as text, nothing runs.
    Then a follow-up read in context, answered again as asked with 按原问题回答."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(app)
    upload(page, "upload_xss.jsonl")
    ask(page, "扎麻隆村水渠修缮工程惠及农户多少户？")
    reply = page.locator("#bq-chat .message-row").last
    reply.locator("details.bq-citation summary").first.click()
    text = reply.inner_text()
    assert "420户" in text and "onerror" in text  # the markup is shown as printed
    assert page.evaluate("window.__xss") is None  # and never ran
    ask(page, "水渠全长多少？")
    before = page.locator("#bq-chat .message-row").count()
    page.locator("#bq-as-asked").click()
    page.wait_for_timeout(3000)
    assert page.locator("#bq-chat .message-row").count() == before  # the last reply replaced, not added
    assert page.evaluate("window.__xss") is None
    page.close()


PDF_STORIES = [
    ("枸杞采摘进入高峰期", ["本报讯（记者 马丽）连日来，柴达木盆地枸杞采摘进入高峰期，全市今年枸杞种植面积达到18.6万亩，预计产量4.2万吨。",
                         "当地合作社组织采摘工人2300余名，日均采摘鲜果120吨，鲜果收购价每公斤15元。"]),
    ("城区新增公共充电桩", ["本报讯（记者 王强）记者从市发展改革委获悉，今年以来城区新建公共充电桩460个，覆盖32个小区和15个公共停车场。",
                         "下一步将在高速公路服务区再建设快充站8座。"]),
    ("图书馆延长开放时间", ["本报讯（记者 周静）即日起，市图书馆每周二至周日开放时间延长至晚上9点，新增自习座位180个。"]),
]


def test_a_pdf_upload_shows_the_answer_on_the_printed_page(browser, app, tmp_path):
    """Upload a newspaper PDF, ask about it: the page panel shows the printed page with the
    answer highlighted where the API says it is printed."""
    import io
    import random

    import httpx
    from PIL import Image

    pytest.importorskip("reportlab", reason="reportlab typesets the uploaded PDF")
    from benchmarks.pdfpages.generate import Story, photo_file, write_issue

    pdf = tmp_path / "江城晚报-20240601.pdf"
    write_issue(pdf, [Story(t, p) for t, p in PDF_STORIES], random.Random(2), 1, "江城晚报", (2024, 6, 1), photo_file(tmp_path))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(app)
    upload(page, pdf, articles=3)
    question = "今年枸杞种植面积达到多少？"
    ask(page, question)
    reply = page.locator("#bq-chat .message-row").last
    assert "18.6万亩" in reply.locator(".bq-sentence mark.bq-answer").inner_text()
    image = page.locator("#bq-page img")
    image.wait_for(timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "pdf-answer.png"), full_page=True)
    png = page.request.get(image.get_attribute("src")).body()
    shown = Image.open(io.BytesIO(png)).convert("RGB")
    # where the answer is printed, from the JSON API of the same server, in the image's pixels
    c = httpx.post(app.rstrip("/") + "/api/ask", json={"question": question}, timeout=120).json()["citations"][0]
    article = httpx.get(app.rstrip("/") + f"/api/articles/{c['article_id']}", timeout=30).json()
    regions = [r for r in article["page_boxes"]["regions"] if r[0] == c["page_boxes"][0]["page"]]
    box = c["page_boxes"][0]
    scale = shown.width / (max(r[3] for r in regions) - min(r[1] for r in regions) + 24)  # the crop's margins: 12 pt a side
    x = ((box["x0"] + box["x1"]) / 2 - min(r[1] for r in regions) + 12) * scale
    y = (box["top"] + 1.5 - min(r[2] for r in regions) + 12) * scale
    r, g, b = shown.getpixel((int(x), int(y)))
    assert r > 200 and b < 180, f"no yellow highlight at the answer's position ({x:.0f}, {y:.0f}): {(r, g, b)}"
    page.close()


def test_article_view_reload_new_conversation_about_and_refresh(browser, app, tmp_path):
    """The whole article opens from the reply with the answer highlighted; the conversation is
    back after a reload and gone after 新对话; 关于本库 and the header of another open page follow
    an upload made elsewhere."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="en-US")
    page.goto(app)
    page.get_by_role("tab", name="添加公报").click()  # Gradio's own strings in Chinese, whatever the browser's language
    assert "将文件拖放到此处" in page.locator("#bq-files").inner_text() and "Drop File" not in page.inner_text("body")
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    page.get_by_role("tab", name="问答").click()
    ask(page, "3月25日12345热线转交责任单位办理了多少件？")
    reply = page.locator("#bq-chat .message-row").last
    reply.locator("details.bq-article summary").click()
    whole = reply.locator("details.bq-article[open]")
    assert whole.locator("mark.bq-answer").inner_text() == "443件" and "回访量" in whole.inner_text()
    cards = page.locator("#bq-hits .bq-card")
    assert cards.count() >= 2 and "【1】" in cards.first.inner_text()
    assert not page.locator("#bq-page img").count()  # no printed page for a text bulletin: the panel stays hidden
    page.screenshot(path=str(ARTIFACTS / "article-view.png"), full_page=True)

    page.reload()
    page.wait_for_function("() => document.querySelectorAll('#bq-chat .message-row').length >= 2", timeout=30_000)
    assert "443件" in page.locator("#bq-chat").inner_text()
    ask(page, "回访量是多少？")  # the restored turns still serve follow-ups
    assert "83件" in page.locator("#bq-chat .message-row").last.inner_text()
    page.locator("#bq-clear").click()
    page.wait_for_function("() => document.querySelectorAll('#bq-chat .message-row').length === 0", timeout=30_000)
    page.reload()
    page.wait_for_timeout(3000)
    assert page.locator("#bq-chat .message-row").count() == 0

    import httpx

    other = browser.new_page(viewport={"width": 390, "height": 844}, locale="zh-CN")  # a phone
    other.goto(app)
    other.locator("#bq-summary").wait_for(timeout=30_000)
    bulletin = tmp_path / "refresh_notice.txt"
    bulletin.write_text("龙羊峡镇今年新建温室大棚\n本报讯 龙羊峡镇今年新建温室大棚126座，带动农户增收。\n", encoding="utf-8")
    upload(page, bulletin)
    count = httpx.get(app.rstrip("/") + "/api/articles", params={"limit": 1}, timeout=30).json()["total"]
    other.locator("#bq-summary").get_by_text(f"已收录 {count} 篇文章").wait_for(timeout=40_000)  # without a reload
    other.get_by_role("tab", name="关于本库").click()
    assert f"{count} 篇" in other.locator("#bq-about").inner_text()
    other.screenshot(path=str(ARTIFACTS / "about-390.png"), full_page=True)
    page.close()
    other.close()


def test_with_logins_only_editors_see_the_upload_tab(browser, launch_app, tmp_path):
    """Readers never see 添加公报; an editor's upload is answered with who added it and when."""
    from ui.accounts import load_accounts
    from ui.server import app_options

    accounts = load_accounts(["wang:pw-editor:editor", "li:pw-reader:reader"])
    url, _ = launch_app(options=app_options("127.0.0.1", accounts), accounts=accounts)
    seen, pages = {}, {}
    for user, password in (("li", "pw-reader"), ("wang", "pw-editor")):
        page = browser.new_page(viewport={"width": 1200, "height": 900}, locale="zh-CN")
        page.goto(url)
        page.locator("input[type=text], input:not([type])").first.fill(user)
        page.locator("input[type=password]").fill(password)
        page.keyboard.press("Enter")
        page.locator("#bq-summary").wait_for(timeout=60_000)
        page.wait_for_timeout(1500)  # the tab is shown on load, from the login
        seen[user], pages[user] = page.get_by_role("tab", name="添加公报").count(), page
    assert seen == {"li": 0, "wang": 1}
    notice = tmp_path / "editor_notice.txt"
    notice.write_text("贵德县梨花节开幕\n本报讯 贵德县第二十届梨花节今天开幕，预计接待游客15万人次。\n", encoding="utf-8")
    upload(pages["wang"], notice)
    ask(pages["li"], "贵德县梨花节预计接待游客多少人次？")  # the reader asks; the answer names the editor
    reply = pages["li"].locator("#bq-chat .message-row").last
    reply.locator("details.bq-citation summary").first.click()
    assert "15万人次" in reply.inner_text() and "由 wang 于" in reply.inner_text()
    for page in pages.values():
        page.close()
