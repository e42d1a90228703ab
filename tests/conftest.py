"""Shared fixtures: the bundled seed pages, a fast index built with the hashing embedder, and
(session-scoped, for the tests that need meaning) the bundled e5 model."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.fakes import FakeReader
from qa.paths import SAMPLE_DIR

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Never touch the user's cache: the default index and models live in a test folder
    (the materialised e5 is shared across the session to save time)."""
    home = tmp_path_factory.getbasetemp() / "bq-home"
    monkeypatch.setenv("BULLETIN_QA_HOME", str(home))
    yield


@pytest.fixture(scope="session")
def seed_pages() -> list[Path]:
    pages = sorted(SAMPLE_DIR.glob("*.txt"))
    assert len(pages) == 2
    return pages


@pytest.fixture(scope="session")
def e5(tmp_path_factory):
    """The default embedder: the bundled e5, int8 in ONNX Runtime."""
    from embeddings.registry import embedder_for

    return embedder_for(None, tmp_path_factory.getbasetemp() / "bq-home" / "models")


@pytest.fixture(scope="session")
def e5_torch(tmp_path_factory):
    """The bundled e5 in fp32 through sentence-transformers (torch): the reference."""
    from embeddings.registry import embedder_for

    return embedder_for("multilingual-e5-small", tmp_path_factory.getbasetemp() / "bq-home" / "models", engine="torch")


@pytest.fixture(scope="session")
def hashing_index(tmp_path_factory, seed_pages) -> Path:
    """The seed pages in an index with the no-model embedder: builds in about a second."""
    from qa.pipeline import build_ingest

    index = tmp_path_factory.mktemp("idx") / "hashing"
    build_ingest(seed_pages, index, model="hashing", progress=False)
    return index


@pytest.fixture(scope="session")
def e5_index(tmp_path_factory, seed_pages, e5) -> Path:
    from qa.pipeline import build_ingest

    index = tmp_path_factory.mktemp("idx") / "e5"
    build_ingest(seed_pages, index, embedder=e5, progress=False)
    return index


def needs_shared(name: str) -> Path:
    path = SHARED / name
    if not path.exists():
        pytest.skip(f"../shared/{name} is not present (it is not part of the project)")
    return path


FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def launch_app(e5_index, e5, tmp_path_factory):
    """Start the server (web chat + JSON API) on a copy of the e5 sample index (uploads change
    it), with uvicorn in a thread as ``bulletin-qa serve`` runs it; returns (url, index folder).
    Servers are stopped at the end of the session."""
    import shutil
    import socket
    import threading
    import time

    import uvicorn

    from qa.chat.assistant import Assistant
    from qa.search import Retriever
    from ui.app import AppOptions
    from ui.server import build_server

    started = []

    def launch(options=None, **server_options):
        index = tmp_path_factory.mktemp("app") / "index"
        shutil.copytree(e5_index, index)
        assistant = Assistant(Retriever.open(index, embedder=e5))
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        options = options or AppOptions()
        options.upload_dir = index.parent / "uploads"
        app = build_server(assistant, options, "127.0.0.1", port, **server_options)
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        for _ in range(300):
            if server.started:
                break
            time.sleep(0.1)
        started.append((server, thread, assistant))
        return f"http://127.0.0.1:{port}/", index

    yield launch
    for server, thread, assistant in started:
        server.should_exit = True
        thread.join(timeout=10)
        assistant.close()


@pytest.fixture()
def fake_reader() -> FakeReader:
    return FakeReader()
