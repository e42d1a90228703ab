"""The Milvus backend, on Milvus Lite: the same answers as the local index, incremental changes,
faults (Milvus stopped mid-ingest, a URI that is not Milvus, another schema) with clear messages."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

pytest.importorskip("pymilvus", reason="the Milvus backend needs the [milvus] extra (pymilvus, milvus-lite)")

from qa.errors import IndexStoreError  # noqa: E402
from qa.index.milvus import MilvusTarget, MilvusUnavailable, token_text, vid_of  # noqa: E402
from qa.pipeline import build_ingest, delete_articles, migrate_to_milvus, open_store  # noqa: E402
from qa.search import Retriever  # noqa: E402

QUESTIONS = ["3月25日12345热线直接办理了多少件？", "格尔木三季度化工行业增加值增长了多少？", "全员核酸检测在哪一天开展？",
             "百强集群主要分布在哪些省？", "西宁市应急管理局接收了多少件举报？"]


@pytest.fixture(scope="module")
def milvus_index(tmp_path_factory, seed_pages) -> MilvusTarget:
    target = MilvusTarget(str(tmp_path_factory.mktemp("milvus") / "seeds.db"))
    build_ingest(seed_pages, target, model="hashing", progress=False)
    return target


def _hits(retriever, question, **kw):
    return [(h.article.id, h.chunk.id, h.chunk.start, h.chunk.end) for h in retriever.search(question, k=5, **kw)]


def test_same_rankings_offsets_and_citations_as_the_local_index(milvus_index, hashing_index):
    local, milvus = Retriever.open(hashing_index), Retriever.open(milvus_index)
    assert milvus.store.count_articles() == local.store.count_articles() == 11
    assert milvus.store.count_chunks() == local.store.count_chunks()
    agree = 0
    for q in QUESTIONS:
        mine, theirs = _hits(milvus, q), _hits(local, q)
        assert mine[0] == theirs[0], q  # the same top passage, with the same offsets
        assert {h[0] for h in mine} == {h[0] for h in theirs}, q
        agree += mine == theirs
        for h in milvus.search(q, k=5):  # offsets into the original text survive the round trip
            assert h.article.text[h.chunk.start : h.chunk.end] == h.chunk.text
    assert agree >= 3
    for a in local.store.articles():  # every field of every article, source maps included
        assert milvus.store.article(a.id).to_dict() == a.to_dict()
    assert milvus.store.facets() == local.store.facets()


def test_filters_are_scalar_filters_with_the_local_rules(milvus_index, hashing_index):
    local, milvus = Retriever.open(hashing_index), Retriever.open(milvus_index)
    for filters in ({"city": "格尔木"}, {"city": "西宁"}, {"source": "003_"}, {"date_from": "2022-11-01", "date_to": "2022-11-30"},
                    {"city": "北京"}, {"source": 'x" or vid >= 0 or "'}):
        mine = _hits(milvus, "多少件", filters=filters)
        assert {h[0] for h in mine} == {h[0] for h in _hits(local, "多少件", filters=filters)}, filters
    assert all(h.article.city == "格尔木" for h in milvus.search("增长", k=5, filters={"city": "格尔木"}))


def test_the_assistant_answers_from_milvus_exactly_as_from_the_local_index(milvus_index, hashing_index, fake_reader):
    from qa.chat.assistant import Assistant

    answers = []
    for where in (hashing_index, milvus_index):
        assistant = Assistant(Retriever.open(where), reader=fake_reader)
        answers.append([assistant.ask(q).to_dict() for q in QUESTIONS])
        assert assistant.index_dir == where
    assert answers[0] == answers[1]


def test_adding_and_deleting_changes_rows_without_a_rebuild(tmp_path, seed_pages):
    target = MilvusTarget(str(tmp_path / "inc.db"))
    first = build_ingest(seed_pages[:1], target, model="hashing", progress=False)
    store = open_store(target)
    generation = store.generation_dir
    n_articles, n_chunks = store.count_articles(), store.count_chunks()
    assert (n_articles, n_chunks) == (first.articles_added, first.chunks_added)
    second = build_ingest(seed_pages, target, model="hashing", progress=False)
    assert second.unchanged == 1 and second.articles_added > 0
    assert store.count_chunks() == n_chunks + second.chunks_added
    assert store.generation_dir != generation
    # an edited file: its old articles leave, the new ones come in
    page = tmp_path / "notice.txt"
    page.write_text("本报讯 城东区今年新建口袋公园12个，总面积3.6万平方米，年底前全部开放。", encoding="utf-8")
    build_ingest([page], target, model="hashing", progress=False)
    old = [a.id for a in store.articles() if a.source == "notice.txt"]
    page.write_text("本报讯 城东区今年新建口袋公园15个，总面积4.2万平方米，年底前全部开放。", encoding="utf-8")
    report = build_ingest([page], target, model="hashing", progress=False)
    assert report.articles_replaced == len(old) == 1 and report.articles_added == 1
    now = [a for a in store.articles() if a.source == "notice.txt"]
    assert len(now) == 1 and "15个" in now[0].text and store.article(old[0]) is None
    assert not list(store.chunks(old[0]))
    gone = next(a for a in store.articles() if a.source == seed_pages[0].name)
    # deleting by id removes its chunks
    before = store.count_chunks()
    n = sum(1 for _ in store.chunks(gone.id))
    assert delete_articles(target, [gone.id, "no-such-id"]) == [gone.id]
    assert store.article(gone.id) is None and store.count_chunks() == before - n
    assert not any(h.article.id == gone.id for h in Retriever.open(target).search(gone.text[:30], k=10))


def test_another_model_is_refused_with_a_message(milvus_index, e5):
    with pytest.raises(IndexStoreError, match="was built with the embedding model hashing.*--milvus-collection"):
        Retriever.open(milvus_index, embedder=e5)
    with pytest.raises(IndexStoreError, match="was built with the embedding model hashing"):
        build_ingest([Path(__file__)], milvus_index, embedder=e5, progress=False)


def test_migrate_copies_a_local_index_without_embedding_again(tmp_path, hashing_index):
    target = MilvusTarget(str(tmp_path / "moved.db"), collection="moved")
    report = migrate_to_milvus(hashing_index, target, progress=False)
    assert report["articles_copied"] == 11
    again = migrate_to_milvus(hashing_index, target, progress=False)
    assert again["articles_copied"] == 0 and again["articles_existing"] == 11
    local, milvus = Retriever.open(hashing_index), Retriever.open(target)
    assert milvus.store.count_chunks() == local.store.count_chunks()
    assert all(_hits(milvus, q)[0] == _hits(local, q)[0] for q in QUESTIONS)


def test_pdf_pages_citations_and_page_images_as_with_the_local_index(tmp_path, fake_reader):
    pytest.importorskip("reportlab", reason="typesetting the test PDFs needs reportlab (the [test] extra)")
    from benchmarks.pdfpages.seeds import write_seed_pdfs
    from qa.chat.assistant import Assistant

    write_seed_pdfs(tmp_path / "pdfs")
    target = MilvusTarget(str(tmp_path / "pdf.db"))
    build_ingest([tmp_path / "pdfs"], target, model="hashing", progress=False)
    build_ingest([tmp_path / "pdfs"], tmp_path / "local", model="hashing", progress=False)
    pictures = []
    for where in (tmp_path / "local", target):
        assistant = Assistant(Retriever.open(where), reader=fake_reader)
        answer = assistant.ask("3月25日12345热线直接办理了多少件？")
        c = answer.citations[0]
        assert (c.paper, c.page) == ("西宁晚报", "1") and c.page_boxes
        pictures.append((answer.to_dict(), assistant.page_image(c.article_id, *c.article_span).png))
    assert pictures[0] == pictures[1]  # the same answer, citation, boxes and highlighted page
    assert any(target.originals_dir().glob("*.pdf"))


def test_web_chat_uploads_go_into_milvus_and_are_answered_at_once(tmp_path, seed_pages, fake_reader):
    from qa.chat.assistant import Assistant
    from ui import callbacks
    from ui.app import AppOptions

    target = MilvusTarget(str(tmp_path / "chat.db"))
    build_ingest(seed_pages, target, model="hashing", progress=False)
    assistant = Assistant(Retriever.open(target), reader=fake_reader)
    generation = assistant.retriever.store.generation_dir
    options = AppOptions(upload_dir=tmp_path / "uploads")
    report, changed = callbacks.add_files(assistant, options, [str(Path(__file__).parent / "fixtures" / "upload_bulletin.txt")], user="wang")
    assert changed, report
    assert assistant.retriever.store.generation_dir != generation
    answer = assistant.ask("河源镇今年种植高原蔬菜多少万亩？")
    assert answer.citations[0].title == "河源镇高原蔬菜节开幕" and answer.citations[0].added_by == "wang"
    assert "河源镇高原蔬菜节开幕" in {a.title for a in open_store(target).articles()}


def test_helpers():
    assert token_text(["17.4%", "格尔木"]) == "17_2e_4_25_ 格尔木"
    assert vid_of("a:1") == vid_of("a:1") != vid_of("a:2") and 0 <= vid_of("a:1") < 2**63


# ---- faults ----
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _lite_server(data_dir: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "milvus_lite", "server", "--data-dir", str(data_dir), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=open(data_dir.parent / "server.err", "a"))
    for _ in range(200):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return proc
        time.sleep(0.05)
    proc.kill()
    pytest.fail("the Milvus Lite server did not start")


def test_milvus_stopped_mid_ingest_leaves_nothing_half_written_and_the_ingest_resumes(tmp_path, seed_pages, monkeypatch):
    from qa.index import milvus as backend

    data, port = tmp_path / "server-data", _free_port()
    target = MilvusTarget(f"http://127.0.0.1:{port}")
    server = _lite_server(data, port)
    try:
        build_ingest(seed_pages[:1], target, model="hashing", progress=False)
        committed = open_store(target).count_articles()
        # the server is stopped after the second file's chunks are written, before its articles
        original = backend.MilvusConnection.write

        def write_then_stop(self, kind, rows):
            original(self, kind, rows)
            if kind == "chunks" and rows:
                server.kill()
                server.wait()

        monkeypatch.setattr(backend.MilvusConnection, "write", write_then_stop)
        with pytest.raises(MilvusUnavailable, match=rf"127.0.0.1:{port}.*is Milvus running there"):
            build_ingest(seed_pages, target, model="hashing", progress=False)
        monkeypatch.setattr(backend.MilvusConnection, "write", original)
        server = _lite_server(data, port)
        retriever = Retriever.open(target)
        assert retriever.store.count_articles() == committed  # the second file's articles are not there
        assert retriever.store.count_chunks() > sum(1 for a in retriever.store.articles() for _ in retriever.store.chunks(a.id))
        for q in QUESTIONS:  # its chunks are, but no search shows a chunk of an article not written
            assert all(h.article.source == seed_pages[0].name for h in retriever.search(q, k=10))
        report = build_ingest(seed_pages, target, model="hashing", progress=False)  # run again: it finishes
        assert report.unchanged == 1 and report.files == 1
        store = open_store(target)
        assert store.count_articles() == 11
        assert store.count_chunks() == sum(1 for a in store.articles() for _ in store.chunks(a.id))  # rewritten, not doubled
    finally:
        server.kill()


def test_a_first_ingest_stopped_while_creating_the_collections_is_run_again(tmp_path, seed_pages, monkeypatch):
    from qa.index import milvus as backend

    target = MilvusTarget(str(tmp_path / "half.db"))
    original = backend.MilvusConnection.call

    def stop_at_files(self, method, *args, **kwargs):
        if method == "create_collection" and args[0] == target.name("files"):
            raise KeyboardInterrupt  # the process ends here, after the articles collection was made
        return original(self, method, *args, **kwargs)

    monkeypatch.setattr(backend.MilvusConnection, "call", stop_at_files)
    with pytest.raises(KeyboardInterrupt):
        build_ingest(seed_pages, target, model="hashing", progress=False)
    monkeypatch.setattr(backend.MilvusConnection, "call", original)
    with pytest.raises(IndexStoreError, match="no bulletin-qa index in Milvus"):
        open_store(target)  # nothing half-made passes for an index
    report = build_ingest(seed_pages, target, model="hashing", progress=False)
    assert report.articles_added == 11 and open_store(target).count_articles() == 11


def test_a_uri_that_is_not_milvus_and_one_nothing_listens_on(tmp_path):
    class Hello(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *args):
            pass

    web = HTTPServer(("127.0.0.1", 0), Hello)
    threading.Thread(target=web.serve_forever, daemon=True).start()
    try:
        for uri in (f"http://127.0.0.1:{web.server_port}", f"http://127.0.0.1:{_free_port()}"):
            started = time.perf_counter()
            with pytest.raises(MilvusUnavailable, match="cannot connect to Milvus .*is Milvus running there"):
                Retriever.open(MilvusTarget(uri))
            assert time.perf_counter() - started < 30
    finally:
        web.shutdown()
    (tmp_path / "plain.db").write_text("not a database")
    with pytest.raises(IndexStoreError, match="is a file, not a Milvus Lite database"):
        Retriever.open(MilvusTarget(str(tmp_path / "plain.db")))
    with pytest.raises(IndexStoreError, match="no bulletin-qa index in Milvus"):
        Retriever.open(MilvusTarget(str(tmp_path / "empty.db")))
    with pytest.raises(IndexStoreError, match="letters, digits"):
        MilvusTarget(str(tmp_path / "x.db"), collection="bad-name; drop")


def test_a_damaged_lite_database_is_named_with_what_to_do(tmp_path, milvus_index):
    copy = tmp_path / "damaged.db"
    shutil.copytree(milvus_index.uri, copy, ignore=shutil.ignore_patterns("LOCK"))
    for manifest in (copy / "collections" / "bulletins_chunks").glob("manifest.json*"):
        manifest.write_text("{garbage")
    with pytest.raises(IndexStoreError, match="is damaged .*build the index again with bulletin-qa ingest"):
        Retriever.open(MilvusTarget(str(copy))).search("多少件")


def test_a_collection_of_another_schema_is_refused(tmp_path):
    from pymilvus import DataType, MilvusClient

    uri = str(tmp_path / "other.db")
    client = MilvusClient(uri)
    schema = client.create_schema(auto_id=False)
    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field("vec", DataType.FLOAT_VECTOR, dim=4)
    client.create_collection("bulletins_chunks", schema=schema)
    with pytest.raises(IndexStoreError, match="not a bulletin-qa index .*another --milvus-collection"):
        Retriever.open(MilvusTarget(uri))
    with pytest.raises(IndexStoreError, match="not a bulletin-qa index"):
        build_ingest([Path(__file__)], MilvusTarget(uri), model="hashing", progress=False)


# ---- the command line ----
def _cli(*args, home: Path) -> subprocess.CompletedProcess:
    env = {**__import__("os").environ, "BULLETIN_QA_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "qa.cli", *args], capture_output=True, text=True, env=env, timeout=600)


def test_cli_ingest_ask_articles_delete_and_migrate_on_milvus(tmp_path, seed_pages, hashing_index):
    home = tmp_path / "home"
    uri = str(tmp_path / "cli.db")
    pages = tmp_path / "pages"
    pages.mkdir()
    for p in seed_pages:
        shutil.copy(p, pages)
    done = _cli("ingest", str(pages), "--backend", "milvus", "--milvus-uri", uri, "--model", "hashing", "--quiet", home=home)
    assert done.returncode == 0, done.stderr
    assert "11 article(s) added" in done.stdout
    listed = _cli("articles", "--milvus-uri", uri, "--json", home=home)
    articles = [json.loads(line) for line in listed.stdout.splitlines()]
    assert len(articles) == 11, listed.stderr
    found = _cli("search", QUESTIONS[0], "--backend", "milvus", "--milvus-uri", uri, "--json", "--city", "西宁", home=home)
    hits = [json.loads(line) for line in found.stdout.splitlines()]
    assert hits and all(h["city"] == "西宁" for h in hits), found.stderr
    # the acceptance: `ask --json` answers with the same span and citation as the local index
    asked = [_cli("ask", QUESTIONS[0], "--json", *where, home=home) for where in (["--backend", "milvus", "--milvus-uri", uri],
                                                                               ["--index", str(hashing_index)])]
    assert asked[0].returncode == 0, asked[0].stderr
    assert json.loads(asked[0].stdout) == json.loads(asked[1].stdout)
    gone = _cli("delete", articles[0]["id"], "--backend", "milvus", "--milvus-uri", uri, home=home)
    assert gone.returncode == 0 and "1 article(s) deleted" in gone.stdout
    from pymilvus import MilvusClient

    held = MilvusClient(uri)  # this process has the Lite database open now: the next process is told so
    busy = _cli("search", "多少件", "--milvus-uri", uri, home=home)
    assert busy.returncode == 1 and "another process has the Milvus Lite database" in busy.stderr, busy.stderr
    held.close()
    from milvus_lite import server_manager_instance

    server_manager_instance.release_server(uri)
    moved = _cli("migrate", "--index", str(hashing_index), "--milvus-uri", uri, "--milvus-collection", "copy", "--quiet", home=home)
    assert moved.returncode == 0 and "11 article(s) with" in moved.stdout, moved.stderr
    # mistakes get a message, not a traceback
    for args, message in ((["--index", str(tmp_path / "i"), "--backend", "milvus"], "--index names a local folder"),
                          (["--milvus-uri", str(tmp_path / "nowhere.txt")], "path ending in .db"),
                          (["--milvus-uri", uri, "--milvus-collection", "absent"], "no bulletin-qa index in Milvus")):
        bad = _cli("ask", "多少件？", *args, home=home)
        assert bad.returncode == 1 and message in bad.stderr and "Traceback" not in bad.stderr, bad.stderr
