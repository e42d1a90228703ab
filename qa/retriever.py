"""Hybrid search: BM25 over jieba tokens and dense e5 vectors, fused, one passage per article.

    from qa import Retriever
    retriever = Retriever.open("/tmp/i")
    for hit in retriever.search("格尔木三季度化工行业增长了多少", k=3):
        print(hit.score, hit.article.title, hit.chunk.text[:40])
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from embeddings.base import Embedder
from embeddings.faiss_index import DenseIndex
from embeddings.registry import embedder_from_manifest

from .bm25 import BM25Index
from .indexing import BM25_DIR, DENSE_DIR
from .models import Hit
from .paths import data_home
from .store import IndexStore, IndexStoreError
from .tokenize import ChineseTokenizer

MAX_QUERY_CHARS = 2000  # longer questions are cut: no passage is that long, and e5 reads 512 tokens


@dataclass
class SearchFilters:
    """Restrict a search. Dates are ISO ``yyyy-mm-dd`` and inclusive; ``source`` matches the paper
    name or source file name (substring); ``city`` matches exactly."""

    date_from: str | None = None
    date_to: str | None = None
    source: str | None = None
    city: str | None = None

    @classmethod
    def coerce(cls, value: "SearchFilters | dict | None") -> "SearchFilters | None":
        if value is None or isinstance(value, SearchFilters):
            return value
        unknown = set(value) - set(cls.__dataclass_fields__)
        if unknown:
            raise ValueError(f"unknown filter(s) {sorted(unknown)}; use date_from, date_to, source, city")
        return cls(**value)

    def is_empty(self) -> bool:
        return not any((self.date_from, self.date_to, self.source, self.city))

    def sql(self) -> tuple[str, list]:
        where, args = [], []
        if self.date_from:
            where.append("a.date >= ?")
            args.append(self.date_from)
        if self.date_to:
            where.append("a.date <= ?")
            args.append(self.date_to)
        if self.source:
            where.append("(instr(coalesce(a.paper, ''), ?) > 0 OR instr(coalesce(a.source, ''), ?) > 0)")
            args += [self.source, self.source]
        if self.city:
            where.append("a.city = ?")
            args.append(self.city)
        return " AND ".join(where) or "1", args


class Retriever:
    """Searches one index folder. ``fusion`` is ``rrf`` (reciprocal-rank fusion, weighted) or
    ``bm25``/``dense`` alone; ``candidates`` is how deep each retriever's list is fused."""

    def __init__(
        self,
        store: IndexStore,
        embedder: Embedder,
        dense: DenseIndex | None,
        bm25: BM25Index | None,
        tokenizer: ChineseTokenizer | None = None,
        fusion: str = "rrf",
        rrf_k: int = 60,
        dense_weight: float = 1.0,
        bm25_weight: float = 1.0,
        candidates: int = 50,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.dense = dense
        self.bm25 = bm25
        self.tokenizer = tokenizer or ChineseTokenizer()
        self.fusion = fusion
        self.rrf_k = rrf_k
        self.dense_weight = dense_weight
        self.bm25_weight = bm25_weight
        self.candidates = candidates

    @classmethod
    def open(cls, index_dir: str | os.PathLike, embedder: Embedder | None = None, cache_dir: Path | None = None, **options) -> "Retriever":
        store = IndexStore.open(index_dir)
        recorded = store.manifest.get("embedding") or {}
        if embedder is None:
            embedder = embedder_from_manifest(recorded, cache_dir or data_home() / "models")
        elif recorded and recorded.get("model") != embedder.model_id:
            raise IndexStoreError(
                f"{index_dir} was built with the embedding model {recorded.get('model')}, not {embedder.model_id}; "
                "open it with the model it was built with, or re-ingest into a new folder"
            )
        gen = store.generation_dir
        dense = DenseIndex.load(gen / DENSE_DIR) if (gen / DENSE_DIR).exists() else None
        bm25 = BM25Index.load(gen / BM25_DIR) if (gen / BM25_DIR).exists() else None
        chunks = store.count_chunks()
        if dense is not None and len(dense) != chunks:
            raise IndexStoreError(f"{index_dir}: {len(dense)} vectors for {chunks} chunks; the index is corrupt, rebuild it with bulletin-qa ingest")
        if dense is not None and recorded.get("dim") and dense.dim != recorded["dim"]:
            raise IndexStoreError(f"{index_dir}: vectors of dimension {dense.dim}, manifest says {recorded['dim']}; rebuild the index")
        return cls(store, embedder, dense, bm25, **options)

    def close(self) -> None:
        self.store.close()

    # ---- search ----
    def _allowed(self, filters: SearchFilters | None) -> set[int] | None:
        if filters is None or filters.is_empty():
            return None
        where, args = filters.sql()
        rows = self.store.db.execute(f"SELECT c.vid FROM chunks c JOIN articles a ON a.id = c.article_id WHERE {where}", args)
        return {r[0] for r in rows}

    def bm25_ranking(self, question: str, k: int, allowed: set[int] | None = None) -> list[tuple[int, float]]:
        if self.bm25 is None:
            return []
        return self.bm25.search(self.tokenizer.tokens(question), k, allowed)

    def dense_ranking(self, question: str, k: int, allowed: set[int] | None = None) -> list[tuple[int, float]]:
        if self.dense is None:
            return []
        return self.dense.search(self.embedder.encode_queries([question]), k, allowed)[0]

    def search(
        self,
        question: str,
        k: int = 5,
        filters: SearchFilters | dict | None = None,
        per_article: int = 1,
    ) -> list[Hit]:
        """The ``k`` best passages for ``question``, at most ``per_article`` from one article."""
        question = (question or "").strip()[:MAX_QUERY_CHARS]
        if not question or k <= 0:
            return []
        filters = SearchFilters.coerce(filters)
        allowed = self._allowed(filters)
        if allowed is not None and not allowed:
            return []
        depth = max(self.candidates, k * 4)
        timings = {}
        t0 = time.perf_counter()
        sparse = self.bm25_ranking(question, depth, allowed) if self.fusion in ("rrf", "bm25") else []
        t1 = time.perf_counter()
        dense = self.dense_ranking(question, depth, allowed) if self.fusion in ("rrf", "dense") else []
        timings.update(bm25_ms=(t1 - t0) * 1000, dense_ms=(time.perf_counter() - t1) * 1000)
        fused: dict[int, float] = {}
        parts: dict[int, dict[str, float]] = {}
        for name, ranking, weight in (("bm25", sparse, self.bm25_weight), ("dense", dense, self.dense_weight)):
            for rank, (vid, score) in enumerate(ranking):
                fused[vid] = fused.get(vid, 0.0) + weight / (self.rrf_k + rank + 1)
                parts.setdefault(vid, {})[name] = score
                parts[vid][f"{name}_rank"] = rank + 1
        order = sorted(fused, key=lambda v: -fused[v])
        chunks = self.store.chunks_by_vid(order[: depth * 2])
        articles = self.store.articles_by_id(c.article_id for c in chunks.values())
        hits: list[Hit] = []
        per: dict[str, int] = {}
        for vid in order:
            chunk = chunks.get(vid)
            if chunk is None:
                continue
            if per.get(chunk.article_id, 0) >= per_article:
                continue
            per[chunk.article_id] = per.get(chunk.article_id, 0) + 1
            scores = dict(parts[vid], fused=fused[vid])
            hits.append(Hit(chunk=chunk, article=articles[chunk.article_id], score=fused[vid], rank=len(hits) + 1, scores=scores))
            if len(hits) >= k:
                break
        return hits
