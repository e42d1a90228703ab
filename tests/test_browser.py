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


def upload(page, name: str) -> None:
    """Add a fixture file in the 添加公报 tab, wait for its article, and go back to the chat."""
    page.get_by_role("tab", name="添加公报").click()
    page.locator("#bq-files input[type=file]").set_input_files(str(FIXTURES / name))
    page.locator("#bq-add").click()
    page.locator("#bq-report").get_by_text("新增 1 篇文章").wait_for(timeout=60_000)
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
