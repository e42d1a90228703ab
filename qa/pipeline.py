"""Wiring: the objects an ingest or a search needs, built from plain options (used by the CLI,
the app and the benchmarks)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Iterable

from embeddings.faiss_index import DenseIndexConfig
from embeddings.registry import embedder_for

from .chunking import Chunker
from .indexing import SearchIndexBuilder
from .ingest import IngestReport, Ingestor
from .paths import data_home
from .readers import FileReader
from .segment import PageSegmenter
from .store import IndexWriter


def build_ingest(
    paths: Iterable[str | os.PathLike],
    index: str | os.PathLike,
    model: str | None = None,
    index_type: str | None = None,
    chunk_min: int = 150,
    chunk_max: int = 350,
    overlap: int = 1,
    progress: bool | None = None,
    cache_dir: Path | None = None,
    embedder=None,
    commit_every: int = 5000,
) -> IngestReport:
    """Ingest files into ``index``, embedding with ``model`` (default: the bundled e5), or the
    model the index was built with when it exists."""
    from .store import IndexStore, read_manifest

    index = Path(index)
    cache_dir = cache_dir or data_home() / "models"
    if embedder is None:
        spec = model
        if spec is None and IndexStore.exists(index):
            stored = read_manifest(index).get("embedding") or {}
            spec = stored.get("path") or stored.get("model")
        embedder = embedder_for(spec, cache_dir)
        model = spec
    builder = SearchIndexBuilder(
        embedder, dense_config=DenseIndexConfig(index_type) if index_type else None, model_spec=model, progress=progress is not False
    )
    # the segmenter uses the same model to match headlines printed apart from their bodies
    reader = FileReader(segmenter=PageSegmenter(embedder=embedder))
    ingestor = Ingestor(reader=reader, chunker=Chunker(chunk_min, chunk_max, overlap), progress=progress, commit_every=commit_every)
    with IndexWriter(index, embedding=builder.embedding_record()) as writer:
        builder.attach(writer)
        return ingestor.ingest(paths, writer, on_batch=builder.add, on_delete=builder.delete)


def delete_articles(index: str | os.PathLike, article_ids: Iterable[str], cache_dir: Path | None = None) -> list[str]:
    """Remove articles (their chunks, vectors and BM25 entries) from an index; returns the ids
    that were there. Needs no model: vectors are removed by id."""
    from embeddings.hashing import HashingEmbedder

    index = Path(index)
    # deleting embeds nothing, so a stand-in embedder with the index's model id is enough
    from .store import read_manifest

    recorded = read_manifest(index).get("embedding") or {}
    stand_in = HashingEmbedder()
    stand_in.model_id = recorded.get("model", stand_in.model_id)
    builder = SearchIndexBuilder(stand_in, model_spec=recorded.get("path"))
    removed = []
    with IndexWriter(index, embedding={"model": stand_in.model_id}) as writer:
        builder.attach(writer)
        for article_id in article_ids:
            if builder.delete(writer, article_id):
                removed.append(article_id)
    return removed


def default_sample_index(cache_dir: Path | None = None):
    """The index of the bundled sample bulletins, built on first use. Returns the folder and the
    embedder that built it (None when it already existed), so the model is loaded only once."""
    import sys

    from .paths import SAMPLE_DIR, default_index_dir
    from .store import IndexStore

    index = default_index_dir()
    if IndexStore.exists(index):
        return index, None
    print(f"building the sample index in {index} (first use only)…", file=sys.stderr)
    embedder = embedder_for(None, cache_dir or data_home() / "models")
    # built aside and renamed into place, so a second process starting at the same time (the web
    # chat and a terminal ask) never sees, or trips over, a half-built index
    building = index.with_name(f"{index.name}.tmp-{os.getpid()}")
    shutil.rmtree(building, ignore_errors=True)
    build_ingest([SAMPLE_DIR], building, progress=False, embedder=embedder)
    try:
        building.rename(index)
    except OSError:
        if not IndexStore.exists(index):
            raise
        shutil.rmtree(building, ignore_errors=True)  # the other process finished first
    return index, embedder
