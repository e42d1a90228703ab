"""Shared fixtures: the bundled seed pages, a fast index built with the hashing embedder, and
(session-scoped, for the tests that need meaning) the bundled e5 model."""

from __future__ import annotations

from pathlib import Path

import pytest

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
    from embeddings.registry import embedder_for

    return embedder_for(None, tmp_path_factory.getbasetemp() / "bq-home" / "models")


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
