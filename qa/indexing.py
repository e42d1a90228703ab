"""Keeps the search structures in step with the articles an IndexWriter adds or deletes: chunk
vectors into the dense index, chunk tokens into BM25, all published in the same generation."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from embeddings.base import Embedder
from embeddings.faiss_index import DenseIndex, DenseIndexConfig

from .bm25 import BM25Index
from .models import Article, Chunk
from .store import IndexStoreError, IndexWriter
from .tokenize import ChineseTokenizer

DENSE_DIR = "dense"
BM25_DIR = "bm25"


class SearchIndexBuilder:
    def __init__(
        self,
        embedder: Embedder,
        tokenizer: ChineseTokenizer | None = None,
        dense_config: DenseIndexConfig | None = None,
        model_spec: str | None = None,
        progress: bool = True,
    ) -> None:
        self.embedder = embedder
        self.progress = progress
        self.tokenizer = tokenizer or ChineseTokenizer()
        self.dense_config = dense_config
        self.model_spec = model_spec
        self.dense: DenseIndex | None = None

    def embedding_record(self, with_dimension: bool = False) -> dict:
        """What the manifest records; the dimension only once vectors exist (it loads the model)."""
        record = {"model": self.embedder.model_id}
        if with_dimension:
            record["dim"] = self.dense.dim if self.dense is not None else self.embedder.dimension
        if self.model_spec:
            record["path"] = self.model_spec
        return record

    def attach(self, writer: IndexWriter) -> None:
        """Load the staged dense index (if any) and register the commit hook."""
        folder = writer.staging / DENSE_DIR
        if (folder / "dense.json").exists():
            self.dense = DenseIndex.load(folder)
            if self.dense_config and self.dense_config.index_type != self.dense.config.index_type:
                self.dense.config = self.dense_config
                self.dense._faiss = None  # rebuilt from the stored vectors with the new type
        writer.on_commit.append(self._on_commit)
        self._writer = writer

    def add(self, writer: IndexWriter, batch: list[tuple[Article, list[Chunk], list[int]]]) -> None:
        chunks = [c for _, cs, _ in batch for c in cs]
        vids = [v for _, _, vs in batch for v in vs]
        if not chunks:
            return
        texts = [c.search_text for c in chunks]
        vectors = self._embed(texts)
        if self.dense is None:
            self.dense = DenseIndex(vectors.shape[1], self.dense_config)
        self.dense.add(vids, vectors)
        writer.db.executemany(
            "INSERT OR REPLACE INTO chunk_tokens (vid, tokens) VALUES (?, ?)",
            [(v, " ".join(self.tokenizer.tokens(t))) for v, t in zip(vids, texts)],
        )

    def _embed(self, texts: list[str]):
        """Embed in slices, with a progress bar on a terminal for long batches."""
        import numpy as np
        from tqdm import tqdm

        step = 256
        if len(texts) <= step:
            return self.embedder.encode_passages(texts)
        parts = []
        with tqdm(total=len(texts), desc="embed", unit="chunk", disable=None if self.progress else True, leave=False) as bar:
            for i in range(0, len(texts), step):
                parts.append(self.embedder.encode_passages(texts[i : i + step]))
                bar.update(len(parts[-1]))
        return np.vstack(parts)

    def delete(self, writer: IndexWriter, article_id: str) -> bool:
        vids = writer.delete_article(article_id)
        if self.dense is not None:
            self.dense.remove(vids)
        return bool(vids)

    def _on_commit(self, staging: Path, db: sqlite3.Connection, manifest: dict) -> None:
        rows = db.execute("SELECT c.vid, t.tokens FROM chunks c LEFT JOIN chunk_tokens t ON t.vid = c.vid ORDER BY c.vid").fetchall()
        missing = [r[0] for r in rows if r[1] is None]
        if missing:
            raise IndexStoreError(f"{len(missing)} chunks have no search tokens; rebuild the index with bulletin-qa ingest")
        if self.dense is not None:
            if len(self.dense) != len(rows):
                raise IndexStoreError(f"dense index holds {len(self.dense)} vectors for {len(rows)} chunks; rebuild the index")
            self.dense.save(staging / DENSE_DIR)
            manifest["dense"] = {"index_type": self.dense.config.index_type, "vectors": len(self.dense)}
            self._writer.embedding = self.embedding_record(with_dimension=True)
        if not rows:  # nothing ingested yet (every file skipped) or everything deleted: no BM25 to build
            shutil.rmtree(staging / BM25_DIR, ignore_errors=True)  # the copied generation's, if any
            return
        bm25 = BM25Index.build([r[0] for r in rows], [r[1].split() for r in rows])
        bm25.save(staging / BM25_DIR)
