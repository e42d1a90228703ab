"""Keeps the search structures in step with the articles an IndexWriter adds or deletes: chunk
vectors into the dense index, chunk tokens into BM25, all published in the same generation."""

from __future__ import annotations

import shutil

from embeddings.base import Embedder
from qa.errors import IndexStoreError
from qa.index.bm25 import BM25Index
from qa.index.dense import DenseIndex, DenseIndexConfig
from qa.index.writer import IndexWriter
from qa.models import Article, Chunk
from qa.text.tokenize import ChineseTokenizer

DENSE_DIR = "dense"
BM25_DIR = "bm25"


class SearchIndexBuilder:
    """``embedder`` embeds the chunks added; a builder that only deletes needs none (vectors are
    removed by id)."""

    def __init__(
        self,
        embedder: Embedder | None,
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
        """What the manifest records; the dimension only once vectors exist (it loads the model).
        Empty without an embedder: the writer keeps what the index recorded."""
        if self.embedder is None:
            return {}
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

    def _texts(self, batch: list[tuple[Article, list[Chunk], list[int]]]) -> tuple[list[int], list[str]]:
        """The vector ids and search texts of a batch's chunks (an ingest's ``on_batch``)."""
        vids = [v for _, _, vs in batch for v in vs]
        texts = [c.search_text for _, cs, _ in batch for c in cs]
        if texts and self.embedder is None:
            raise IndexStoreError("this index builder was made for deleting only; give it the index's embedder to add articles")
        return vids, texts

    def add(self, writer: IndexWriter, batch: list[tuple[Article, list[Chunk], list[int]]]) -> None:
        vids, texts = self._texts(batch)
        if not texts:
            return
        vectors = self._embed(texts)
        if self.dense is None:
            self.dense = DenseIndex(vectors.shape[1], self.dense_config)
        self.dense.add(vids, vectors)
        writer.set_chunk_tokens(vids, [self.tokenizer.tokens(t) for t in texts])

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

    def _on_commit(self, writer: IndexWriter, manifest: dict) -> None:
        staging = writer.staging
        rows = writer.chunk_tokens()
        missing = [r[0] for r in rows if r[1] is None]
        if missing:
            raise IndexStoreError(f"{len(missing)} chunks have no search tokens; rebuild the index with bulletin-qa ingest")
        if self.dense is not None:
            if len(self.dense) != len(rows):
                raise IndexStoreError(f"dense index holds {len(self.dense)} vectors for {len(rows)} chunks; rebuild the index")
            self.dense.save(staging / DENSE_DIR)
            manifest["dense"] = {"index_type": self.dense.config.index_type, "vectors": len(self.dense)}
            if self.embedder is not None:
                writer.embedding = self.embedding_record(with_dimension=True)
        if not rows:  # nothing ingested yet (every file skipped) or everything deleted: no BM25 to build
            shutil.rmtree(staging / BM25_DIR, ignore_errors=True)  # the copied generation's, if any
            return
        bm25 = BM25Index.build([r[0] for r in rows], [r[1] for r in rows])
        bm25.save(staging / BM25_DIR)
