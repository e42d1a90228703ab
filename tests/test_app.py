"""The web chat, launched for real and driven through gradio_client: the /ask API returns the
JSON of ``ask --json``; the chat keeps a conversation, applies filters and takes uploads."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
pytestmark = pytest.mark.slow
QUESTION = "3月25日12345热线接听群众来电诉求多少件次？"


@pytest.fixture(scope="module")
def app_url(launch_app):
    return launch_app()


@pytest.fixture()
def client(app_url):
    from gradio_client import Client

    return Client(app_url[0], verbose=False)


def chat(client, question, history=(), date_from="", date_to="", source="全部", city="全部"):
    messages, hits, box, page = client.predict(question, list(history), date_from, date_to, source, city, api_name="/chat")
    assert (page or {}).get("value") is None  # the sample pages are text: no printed page to show
    return messages, hits, box


def text_of(message) -> str:
    content = message["content"]
    return "".join(c.get("text", "") for c in content) if isinstance(content, list) else str(content)


def test_api_ask_returns_the_cli_json_contract(client):
    answer = client.predict(QUESTION, api_name="/ask")
    assert answer["answer"] and not answer["no_answer"] and 0.5 <= answer["score"] <= 1.0
    c = answer["citations"][0]
    assert c["passage"][c["span"][0] : c["span"][1]] == answer["answer"] and "有诉必应" in c["title"]
    assert set(answer) >= {"question", "answer", "score", "no_answer", "citations"}
    missing = client.predict("青海湖的面积有多大？", api_name="/ask")
    assert missing["no_answer"] and missing["answer"] is None and missing["citations"] == []


def test_chat_highlights_the_answer_and_lists_the_passages(client):
    expected = client.predict(QUESTION, api_name="/ask")["answer"]
    messages, hits, box = chat(client, QUESTION)
    reply = text_of(messages[-1])
    assert f'<strong>{expected}</strong>' in reply and f'<mark class="bq-answer">{expected}</mark>' in reply
    assert "【1】" in reply and box == ""
    assert 'class="bq-card"' in hits and "【1】" in hits


def test_follow_up_uses_the_conversation(client):
    messages, _, _ = chat(client, QUESTION)
    messages, _, _ = chat(client, "转交责任单位办理了多少件？", messages)
    reply = text_of(messages[-1])
    assert "443件" in reply and "按上文理解为" in reply and "3月25日" in reply


def test_not_found_and_bad_filters_are_said_plainly(client):
    messages, _, _ = chat(client, "青海湖的面积有多大？")
    assert "没有在已收录的公报中找到" in text_of(messages[-1])
    messages, _, _ = chat(client, "格尔木三季度化工行业增长了多少", date_from="2024/1/1")
    assert "日期" in text_of(messages[-1]) and "格式" in text_of(messages[-1])


def test_filters_apply_to_the_next_question(client):
    messages, hits, _ = chat(client, QUESTION, date_from="2030-01-01")
    assert "<mark" not in text_of(messages[-1]) and 'class="bq-card"' not in hits


def test_upload_then_ask_about_it(client, app_url):
    from gradio_client import handle_file

    exe = app_url[1].parent / "notes.exe"
    exe.write_bytes(b"MZ\x00\x00")
    with pytest.raises(Exception, match="file type"):  # refused by the server before it is stored
        client.predict([handle_file(str(exe))], api_name="/add")
    binary = app_url[1].parent / "scan.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    report, *_ = client.predict([handle_file(str(FIXTURES / "upload_bulletin.txt")), handle_file(str(binary))], api_name="/add")
    assert "新增 1 篇文章" in report and "scan.txt" in report and "binary" in report
    assert list((app_url[1].parent / "uploads").rglob("upload_bulletin.txt"))
    messages, _, _ = chat(client, "河源镇今年种植高原蔬菜多少亩？")
    reply = html.unescape(text_of(messages[-1]))
    assert "1.6 万亩" in reply or "1.6万亩" in reply
    assert "河源镇高原蔬菜节开幕" in reply


def test_the_json_api_and_the_cli_through_a_running_server(app_url):
    """What the README shows: curl POST /api/ask on a running server, and `ask/search --server`
    answering without loading a model."""
    import json
    import subprocess
    import sys
    import urllib.request

    url = app_url[0].rstrip("/")
    request = urllib.request.Request(f"{url}/api/ask", data=json.dumps({"question": QUESTION}).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        answer = json.loads(response.read())
    assert answer["answer"] and not answer["no_answer"] and answer["turn"]["answer_article_id"]
    run = lambda *args: subprocess.run([sys.executable, "-m", "qa.cli", *args, "--server", url], capture_output=True, text=True, timeout=120)  # noqa: E731
    asked = run("ask", QUESTION, "--json")
    assert asked.returncode == 0 and json.loads(asked.stdout)["answer"] == answer["answer"]
    found = run("search", "西宁锂电池隔膜", "--k", "1", "--json")
    assert found.returncode == 0 and json.loads(found.stdout)["passage"]
    down = subprocess.run([sys.executable, "-m", "qa.cli", "ask", QUESTION, "--server", "http://127.0.0.1:9"], capture_output=True, text=True, timeout=60)
    assert down.returncode == 1 and "no bulletin-qa server answers" in down.stderr and "Traceback" not in down.stderr
