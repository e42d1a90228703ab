"""Wiring: the objects an ingest or a search needs, built from plain options (used by the CLI,
the app and the benchmarks)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Iterable

from embeddings.registry import embedder_for
from qa import paths
from qa.index.builder import SearchIndexBuilder
from qa.index.dense import DenseIndexConfig
from qa.index.embedding import embedder_for_index, recorded_embedding
from qa.index.store import IndexStore
from qa.index.writer import IndexWriter
from qa.ingest.chunking import Chunker
from qa.ingest.formats import FileLoader
from qa.ingest.ingestor import Ingestor, IngestReport
from qa.ingest.segment import PageSegmenter


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
    added_by: str | None = None,
) -> IngestReport:
    """Ingest files into ``index``, embedding with ``model`` (default: the bundled e5), or the
    model the index was built with when it exists. ``added_by``: who uploaded the files (each
    article records it, with the time)."""
    index = Path(index)
    embedder = embedder_for_index(index, embedder, model=model, cache_dir=cache_dir)
    model = model or recorded_embedding(index).get("path")
    builder = SearchIndexBuilder(
        embedder, dense_config=DenseIndexConfig(index_type) if index_type else None, model_spec=model, progress=progress is not False
    )
    # the segmenter uses the same model to match headlines printed apart from their bodies
    reader = FileLoader(segmenter=PageSegmenter(embedder=embedder))
    ingestor = Ingestor(reader=reader, chunker=Chunker(chunk_min, chunk_max, overlap), progress=progress, commit_every=commit_every,
                        added_by=added_by)
    with IndexWriter(index, embedding=builder.embedding_record()) as writer:
        builder.attach(writer)
        return ingestor.ingest(paths, writer, on_batch=builder.add, on_delete=builder.delete)


def delete_articles(index: str | os.PathLike, article_ids: Iterable[str]) -> list[str]:
    """Remove articles (their chunks, vectors and BM25 entries) from an index; returns the ids
    that were there. Needs no model: vectors are removed by id."""
    IndexStore.open(index).close()  # a clear message when there is no index
    builder = SearchIndexBuilder(None)
    removed = []
    with IndexWriter(index) as writer:
        builder.attach(writer)
        for article_id in article_ids:
            if builder.delete(writer, article_id):
                removed.append(article_id)
    return removed


def default_sample_index(cache_dir: Path | None = None):
    """The index of the bundled sample bulletins, built on first use. Returns the folder and the
    embedder that built it (None when it already existed), so the model is loaded only once."""
    index = paths.default_index_dir()
    if IndexStore.exists(index):
        return index, None
    print(f"building the sample index in {index} (first use only)…", file=sys.stderr)
    embedder = embedder_for(None, cache_dir or paths.data_home() / "models")
    # built aside and renamed into place, so a second process starting at the same time (the web
    # chat and a terminal ask) never sees, or trips over, a half-built index
    building = index.with_name(f"{index.name}.tmp-{os.getpid()}")
    shutil.rmtree(building, ignore_errors=True)
    report = build_ingest([paths.SAMPLE_DIR], building, progress=False, embedder=embedder)
    print(f"sample index ready: {report.articles_added} articles, {report.chunks_added} passages ({report.seconds:.0f} s)",
          file=sys.stderr, flush=True)
    try:
        building.rename(index)
    except OSError:
        if not IndexStore.exists(index):
            raise
        shutil.rmtree(building, ignore_errors=True)  # the other process finished first
    return index, embedder
