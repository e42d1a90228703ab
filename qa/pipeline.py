"""Wiring: the objects an ingest or a search needs, built from plain options (used by the CLI,
the app and the benchmarks)."""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from pathlib import Path
from typing import Iterable

from embeddings.registry import embedder_for
from qa import paths
from qa.index.builder import SearchIndexBuilder
from qa.index.dense import DenseIndexConfig
from qa.index.embedding import embedder_for_index, embedder_for_record, recorded_embedding
from qa.index.milvus import MilvusIndexBuilder, MilvusStore, MilvusTarget, MilvusWriter, bm25_text, check_milvus_model
from qa.index.store import IndexStore
from qa.index.writer import IndexWriter
from qa.ingest.chunking import Chunker
from qa.ingest.formats import FileLoader
from qa.ingest.ingestor import Ingestor, IngestReport
from qa.ingest.segment import PageSegmenter


def build_ingest(
    paths: Iterable[str | os.PathLike],
    index: "str | os.PathLike | MilvusTarget",
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
    """Ingest files into ``index`` (a folder, or a ``MilvusTarget``), embedding with ``model``
    (default: the bundled e5), or the model the index was built with when it exists.
    ``added_by``: who uploaded the files (each article records it, with the time)."""
    ingestor_options = dict(chunk_min=chunk_min, chunk_max=chunk_max, overlap=overlap, progress=progress,
                            commit_every=commit_every, added_by=added_by)
    if isinstance(index, MilvusTarget):
        return _milvus_ingest(paths, index, model, cache_dir, embedder, **ingestor_options)
    index = Path(index)
    embedder = embedder_for_index(index, embedder, model=model, cache_dir=cache_dir)
    model = model or recorded_embedding(index).get("path")
    builder = SearchIndexBuilder(
        embedder, dense_config=DenseIndexConfig(index_type) if index_type else None, model_spec=model, progress=progress is not False
    )
    # the segmenter uses the same model to match headlines printed apart from their bodies
    ingestor = _ingestor(embedder, **ingestor_options)
    with IndexWriter(index, embedding=builder.embedding_record()) as writer:
        builder.attach(writer)
        return ingestor.ingest(paths, writer, on_batch=builder.add, on_delete=builder.delete)


def _ingestor(embedder, chunk_min: int, chunk_max: int, overlap: int, progress, commit_every: int, added_by) -> Ingestor:
    reader = FileLoader(segmenter=PageSegmenter(embedder=embedder))
    return Ingestor(reader=reader, chunker=Chunker(chunk_min, chunk_max, overlap), progress=progress, commit_every=commit_every,
                    added_by=added_by)


def _milvus_ingest(paths, target: MilvusTarget, model, cache_dir, embedder, bm25: str = "tokens", **options) -> IngestReport:
    """The same ingest into Milvus: rows are inserted per commit, never rebuilt."""
    with MilvusWriter(target, bm25=bm25) as writer:
        recorded = writer.embedding
        embedder = embedder_for_record(recorded, lambda model_id: check_milvus_model(target, recorded, model_id), embedder,
                                       model=model, cache_dir=cache_dir)
        builder = MilvusIndexBuilder(embedder, model_spec=model or recorded.get("path"), progress=options["progress"] is not False)
        writer.embedding = recorded or builder.embedding_record()
        return _ingestor(embedder, **options).ingest(paths, writer, on_batch=builder.add, on_delete=builder.delete)


def migrate_to_milvus(index: str | os.PathLike, target: MilvusTarget, progress: bool = True, commit_every: int = 5000,
                      bm25: str = "tokens") -> dict:
    """Copy a local index into Milvus: articles, chunks, offsets, the vectors already computed (no
    re-embedding), the BM25 text, file records and kept PDFs. Can be run again: what is already
    there is kept, what is missing is added."""
    import numpy as np
    from tqdm import tqdm

    from qa.index.builder import DENSE_DIR
    from qa.index.dense import DenseIndex
    from qa.text.tokenize import ChineseTokenizer

    store = IndexStore.open(index)
    try:
        dense = DenseIndex.load(store.generation_dir / DENSE_DIR)
        row_of = {int(v): i for i, v in enumerate(dense.vids)}
        local_vids = {c_id: vid for vid, c_id in store.db.execute("SELECT vid, id FROM chunks")}
        file_hashes = dict(store.db.execute("SELECT id, file_hash FROM articles"))  # one query, not one per article
        kept: set[str] = set()
        tokenizer = ChineseTokenizer()
        copied = existing = chunks = 0
        with MilvusWriter(target, embedding=store.manifest.get("embedding") or {}, bm25=bm25) as writer:
            articles = list(store.articles())
            for article in tqdm(articles, desc="migrate", unit="article", disable=None if progress else True):
                file_hash = file_hashes.get(article.id)
                parts = list(store.chunks(article.id))
                vids = writer.add_article(article, parts, file_hash=file_hash)
                if not vids:
                    existing += 1
                    continue
                vectors = np.stack([dense.vectors[row_of[local_vids[c.id]]].astype(np.float32) for c in parts]) if parts else []
                writer.set_payload(vids, vectors, [bm25_text(tokenizer, c.search_text, writer.bm25) for c in parts])
                copied += 1
                chunks += len(parts)
                if file_hash and file_hash not in kept and (pdf := store.original(article.id)) is not None:
                    writer.keep_original(pdf, file_hash)  # once per PDF, not once per article on it
                    kept.add(file_hash)
                if len(writer.payload) >= commit_every:
                    writer.commit()
            for h, name, n, _added, path in store.db.execute("SELECT hash, name, articles, added, path FROM files"):
                if not writer.has_file(h):
                    writer.record_file(h, name, n, path=path)
    finally:
        store.close()
    return {"articles_copied": copied, "articles_existing": existing, "chunks_copied": chunks}


def open_store(index: "str | os.PathLike | MilvusTarget"):
    """Read access to an index, wherever it lives."""
    return MilvusStore.open(index) if isinstance(index, MilvusTarget) else IndexStore.open(index)


def delete_articles(index: "str | os.PathLike | MilvusTarget", article_ids: Iterable[str]) -> list[str]:
    """Remove articles (their chunks, vectors and BM25 entries) from an index; returns the ids
    that were there. Needs no model: vectors are removed by id."""
    if isinstance(index, MilvusTarget):
        MilvusStore.open(index).close()  # a clear message when there is no index
        with MilvusWriter(index) as writer:
            return [a for a in article_ids if writer.delete_article(a)]
    IndexStore.open(index).close()  # a clear message when there is no index
    builder = SearchIndexBuilder(None)
    removed = []
    with IndexWriter(index) as writer:
        builder.attach(writer)
        for article_id in article_ids:
            if builder.delete(writer, article_id):
                removed.append(article_id)
    return removed


SAMPLE_BUILT_FROM = "built-from"  # the fingerprint a sample index was built from, in its folder


def sample_fingerprint() -> str:
    """What the sample index is built from: the bundled pages and the code that reads and indexes
    them. An upgrade that reads pages differently rebuilds it, so fixes reach the sample too."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    sources = [*(f for f in paths.SAMPLE_DIR.iterdir() if f.is_file()), *(f for stage in ("text", "ingest", "index") for f in (package / stage).rglob("*.py"))]
    for source in sorted(sources):
        digest.update(source.relative_to(package).as_posix().encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()[:16]


def default_sample_index(cache_dir: Path | None = None):
    """The index of the bundled sample bulletins, built on first use and again when the pages or
    the code that reads them changed (``sample_fingerprint``). Returns the folder and the embedder
    that built it (None when it already existed), so the model is loaded only once."""
    index = paths.default_index_dir()
    fingerprint = sample_fingerprint()
    stamp = index / SAMPLE_BUILT_FROM
    if IndexStore.exists(index) and stamp.is_file() and stamp.read_text().strip() == fingerprint:
        return index, None
    stale = IndexStore.exists(index)
    print(f"{'rebuilding' if stale else 'building'} the sample index in {index} "
          f"({'the bundled pages or their reading changed' if stale else 'first use only'})…", file=sys.stderr)
    embedder = embedder_for(None, cache_dir or paths.data_home() / "models")
    # built aside and renamed into place, so a second process starting at the same time (the web
    # chat and a terminal ask) never sees, or trips over, a half-built index
    building = index.with_name(f"{index.name}.tmp-{os.getpid()}")
    shutil.rmtree(building, ignore_errors=True)
    report = build_ingest([paths.SAMPLE_DIR], building, progress=False, embedder=embedder)
    (building / SAMPLE_BUILT_FROM).write_text(fingerprint)
    print(f"sample index ready: {report.articles_added} articles, {report.chunks_added} passages ({report.seconds:.0f} s)",
          file=sys.stderr, flush=True)
    if stale:  # the old one moves aside first; a process still reading it keeps its open files
        old = index.with_name(f"{index.name}.old-{os.getpid()}")
        try:
            index.rename(old)
        except OSError:
            pass  # another process moved it first
        shutil.rmtree(old, ignore_errors=True)
    try:
        building.rename(index)
    except OSError:
        if not IndexStore.exists(index):
            raise
        shutil.rmtree(building, ignore_errors=True)  # the other process finished first
    return index, embedder
