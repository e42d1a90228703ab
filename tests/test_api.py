"""The JSON HTTP API (POST /api/ask, /api/search; GET /api/articles, /api/articles/{id}; the OpenAPI
description), its errors, its authentication and the Host check, through FastAPI's TestClient on
the whole server app (the web chat mounted too). The reader is the test fake."""

from __future__ import annotations

import base64

import pytest
from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def assistant(hashing_index):
    from benchmarks.fakes import FakeReader
    from qa.chat.assistant import Assistant
    from qa.search import Retriever

    a = Assistant(Retriever.open(hashing_index), reader=FakeReader())
    yield a
    a.close()


def client_for(assistant, **options) -> TestClient:
    from ui.app import AppOptions
    from ui.server import build_server

    app = build_server(assistant, AppOptions(uploads=False), "127.0.0.1", 7860, **options)
    return TestClient(app, base_url="http://127.0.0.1:7860")


@pytest.fixture(scope="module")
def client(assistant):
    return client_for(assistant)


def test_ask_returns_the_cli_contract_and_a_turn_for_follow_ups(client):
    r = client.post("/api/ask", json={"question": "3月25日12345热线直接办理了多少件？"})
    assert r.status_code == 200
    answer = r.json()
    assert set(answer) >= {"question", "answer", "score", "no_answer", "citations", "related", "message", "asked_as", "turn"}
    c = answer["citations"][0]
    assert c["passage"][c["span"][0] : c["span"][1]] == answer["answer"]
    follow = client.post("/api/ask", json={"question": "直接办理了多少件？", "history": [answer["turn"]]}).json()
    assert follow["asked_as"] == "3月25日直接办理了多少件？" and follow["carried"] == ["3月25日"]
    as_asked = client.post("/api/ask", json={"question": "直接办理了多少件？", "history": [answer["turn"]], "as_asked": True}).json()
    assert as_asked["asked_as"] == "直接办理了多少件？" and as_asked["carried"] == []


def test_search_and_articles(client, assistant):
    hits = client.post("/api/search", json={"query": "西宁锂电池隔膜年产能", "k": 2}).json()["hits"]
    assert 1 <= len(hits) <= 2 and all(h["passage"] for h in hits)
    page = client.get("/api/articles", params={"limit": 3, "city": "西宁"}).json()
    assert page["total"] >= 3 and len(page["articles"]) == 3 and all(a["city"] == "西宁" for a in page["articles"])
    first = page["articles"][0]
    whole = client.get(f"/api/articles/{first['id']}").json()
    assert whole["text"] == first["text"] and "source_map" not in whole
    assert client.get("/api/openapi.json").json()["paths"].keys() >= {"/api/ask", "/api/search", "/api/articles"}


@pytest.mark.parametrize("method,path,body,status", [
    ("get", "/api/articles/no-such-id", None, 404),
    ("post", "/api/ask", {"question": 42}, 422),
    ("post", "/api/ask", {"no": "question"}, 422),
    ("post", "/api/ask", {"question": "多少", "history": [{"question": "q"}] * 10_000}, 422),  # a history of 10,000 turns
    ("post", "/api/ask", {"question": "多少", "history": [{"question": "问" * 2000}] * 100}, 413),  # over the size limit
    ("post", "/api/ask", {"question": "多少", "history": [{"question": "q"}] * 51}, 422),  # over the turn limit
    ("post", "/api/search", {"query": "x", "k": 10_000}, 422),
    ("post", "/api/search", {"query": "x", "mode": "magic"}, 422),
    ("get", "/api/articles?limit=0", None, 422),
])
def test_bad_requests_get_a_json_error_with_a_status(client, method, path, body, status):
    r = client.get(path) if method == "get" else client.post(path, json=body)
    assert r.status_code == status and r.headers["content-type"].startswith("application/json")
    assert r.json()["error"]


def test_malformed_json_and_odd_questions(client):
    r = client.post("/api/ask", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.json()["error"]
    for body in (b'{"question": ""}', ('{"question": "%s"}' % ("问" * 5000)).encode()):
        r = client.post("/api/ask", content=body, headers={"content-type": "application/json"})
        assert r.status_code == 200 and r.json()["no_answer"] is True and r.json()["message"]
    surrogate = client.post("/api/ask", content=b'{"question": "\\udc8a\\u591a\\u5c11"}', headers={"content-type": "application/json"})
    assert surrogate.status_code == 422 and "question" in surrogate.json()["error"]  # a lone surrogate, escaped in JSON


def test_auth_guards_the_api(assistant):
    from ui.accounts import load_accounts

    guarded = client_for(assistant, accounts=load_accounts(["editor:s3cret", "reader:r3ad:reader"]))
    assert guarded.post("/api/ask", json={"question": "多少件"}).status_code == 401
    token = base64.b64encode(b"editor:s3cret").decode()
    ok = guarded.post("/api/ask", json={"question": "3月25日12345热线直接办理了多少件？"}, headers={"Authorization": f"Basic {token}"})
    assert ok.status_code == 200
    wrong = base64.b64encode(b"editor:nope").decode()
    assert guarded.get("/api/articles", headers={"Authorization": f"Basic {wrong}"}).status_code == 401
    reader = base64.b64encode(b"reader:r3ad").decode()  # a reader asks through the API too
    assert guarded.get("/api/articles", headers={"Authorization": f"Basic {reader}"}).status_code == 200


def test_a_foreign_host_header_is_refused(client):
    assert client.get("/api/articles", headers={"host": "attacker.example:7860"}).status_code == 421
    assert client.get("/", headers={"host": "attacker.example"}).status_code == 421  # the web chat too
    assert client.get("/api/articles", headers={"host": "localhost:7860"}).status_code == 200


def test_only_the_index_and_its_uploads_are_kept_from_file_serving(assistant):
    """Not the index's parent folder: Gradio serves the page images from its cache, which may be
    a sibling of the index (an index in /tmp beside /tmp/gradio showed a broken image)."""
    from ui.server import build_server

    app = build_server(assistant)
    [gradio_app] = [r.app for r in app.routes if hasattr(getattr(r, "app", None), "blocks")]
    index = assistant.index_dir
    assert sorted(gradio_app.blocks.blocked_paths) == sorted([str(index), str(index.parent / f"{index.name}-uploads")])


def test_the_page_image_of_an_article_not_from_a_pdf_is_404(client, assistant):
    article = next(assistant.retriever.store.articles())
    r = client.get("/api/page.png", params={"article": article.id})
    assert r.status_code == 404 and "not read from a PDF" in r.json()["error"]


def test_the_page_is_chinese_for_every_browser(client):
    """Gradio's own strings follow navigator.language; the page sets it to zh-CN before Gradio's
    code reads it (the browser test checks what an en-US browser then shows)."""
    page = client.get("/", headers={"accept-language": "en-US,en;q=0.9"})
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    head = page.text.split("</head>")[0]
    assert 'return"zh-CN"' in head and head.index('return"zh-CN"') < head.index("<script type=\"module\"")
    assert "return\"zh-CN\"" not in client.get("/api/articles").text  # JSON is left alone
