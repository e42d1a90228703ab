"""Hybrid search: BM25 over jieba tokens and dense e5 vectors, fused, one passage per article.

    from qa import Retriever
    retriever = Retriever.open("/tmp/i")
    for hit in retriever.search("格尔木三季度化工行业增长了多少", k=3):
        print(hit.score, hit.article.title, hit.chunk.text[:40])
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from embeddings.base import Embedder
from qa.errors import IndexStoreError, InvalidInput
from qa.index.bm25 import BM25Index
from qa.index.builder import BM25_DIR, DENSE_DIR
from qa.index.dense import DenseIndex
from qa.index.embedding import embedder_for_index, embedder_for_record
from qa.index.milvus import MilvusStore, MilvusTarget, check_milvus_model
from qa.index.store import IndexStore
from qa.models import Hit
from qa.paths import data_home
from qa.text.clean import clean_input
from qa.text.tokenize import ChineseTokenizer

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
            raise InvalidInput(f"unknown filter(s) {sorted(unknown)}; use date_from, date_to, source, city")
        return cls(**value)

    def is_empty(self) -> bool:
        return not any((self.date_from, self.date_to, self.source, self.city))


def fuse_scores(sparse: list[tuple[int, float]], dense: list[tuple[int, float]], alpha: float) -> dict[int, float]:
    """Convex fusion: ``alpha`` × BM25 score / the query's best BM25 score + (1 − ``alpha``) ×
    cosine rescaled to [0, 1] over the query's dense candidates. Measured better than
    reciprocal-rank fusion on DRCD and CMRC (README, benchmarks/fusion.py)."""
    fused: dict[int, float] = {}
    if sparse:
        top = sparse[0][1] or 1.0
        for vid, score in sparse:
            fused[vid] = alpha * score / top
    if dense:
        hi, lo = dense[0][1], dense[-1][1]
        span = (hi - lo) or 1.0
        for vid, score in dense:
            fused[vid] = fused.get(vid, 0.0) + (1 - alpha) * (score - lo) / span
    return fused


def fuse_ranks(rankings: list[tuple[list[tuple[int, float]], float]], k: int) -> dict[int, float]:
    """Weighted reciprocal-rank fusion."""
    fused: dict[int, float] = {}
    for ranking, weight in rankings:
        for rank, (vid, _) in enumerate(ranking):
            fused[vid] = fused.get(vid, 0.0) + weight / (k + rank + 1)
    return fused


class Retriever:
    """Searches one index folder. ``fusion`` is ``convex`` (normalised score fusion, the default),
    ``rrf`` (weighted reciprocal-rank fusion), or ``bm25``/``dense`` alone; ``candidates`` is how
    deep each retriever's list is fused; ``alpha`` is BM25's share in convex fusion."""

    def __init__(
        self,
        store: IndexStore,
        embedder: Embedder,
        dense: DenseIndex | None,
        bm25: BM25Index | None,
        tokenizer: ChineseTokenizer | None = None,
        fusion: str = "convex",
        alpha: float = 0.7,  # chosen on DRCD dev (benchmarks/fusion.py); CMRC 2018 dev only reports
        rrf_k: int = 60,
        dense_weight: float = 1.0,
        bm25_weight: float = 1.0,
        candidates: int = 50,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.dense = dense
        self.bm25 = bm25
        self.tokenizer = tokenizer or ChineseTokenizer(cache_dir=data_home())
        if fusion not in ("convex", "rrf", "bm25", "dense"):
            raise InvalidInput(f"unknown fusion '{fusion}'; use convex, rrf, bm25 or dense")
        self.fusion = fusion
        self.alpha = alpha
        self.rrf_k = rrf_k
        self.dense_weight = dense_weight
        self.bm25_weight = bm25_weight
        self.candidates = candidates

    @classmethod
    def open(cls, index_dir: "str | os.PathLike | MilvusTarget", embedder: Embedder | None = None, cache_dir: Path | None = None,
             **options) -> "Retriever":
        """Open an index folder, or an index in Milvus (a ``MilvusTarget``)."""
        if isinstance(index_dir, MilvusTarget):
            return MilvusRetriever.open_target(index_dir, embedder=embedder, cache_dir=cache_dir, **options)
        store = IndexStore.open(index_dir)
        try:
            embedder = embedder_for_index(index_dir, embedder, cache_dir=cache_dir, must_exist=True)
            dense, bm25 = cls._load_structures(store)
        except IndexStoreError:
            store.close()
            raise
        return cls(store, embedder, dense, bm25, **options)

    @staticmethod
    def _load_structures(store: IndexStore) -> tuple[DenseIndex | None, BM25Index | None]:
        """The generation's dense and BM25 indexes, checked against the store and the manifest."""
        gen = store.generation_dir
        dense = DenseIndex.load(gen / DENSE_DIR) if (gen / DENSE_DIR).exists() else None
        bm25 = BM25Index.load(gen / BM25_DIR) if (gen / BM25_DIR).exists() else None
        chunks = store.count_chunks()
        if dense is not None and len(dense) != chunks:
            raise IndexStoreError(f"{store.path}: {len(dense)} vectors for {chunks} chunks; the index is corrupt, rebuild it with bulletin-qa ingest")
        recorded = store.manifest.get("embedding") or {}
        if dense is not None and recorded.get("dim") and dense.dim != recorded["dim"]:
            raise IndexStoreError(f"{store.path}: vectors of dimension {dense.dim}, manifest says {recorded['dim']}; rebuild the index")
        return dense, bm25

    def warm_up(self) -> None:
        """Load the embedding model and the tokenizer's dictionary now rather than on the first search."""
        self.tokenizer.tokens("预热")
        if self.dense is not None:
            self.embedder.encode_queries(["预热"])

    def close(self) -> None:
        self.store.close()

    # ---- search ----
    def _allowed(self, filters: SearchFilters | None) -> set[int] | None:
        if filters is None or filters.is_empty():
            return None
        return self.store.vids_where(filters.date_from, filters.date_to, filters.source, filters.city)

    def bm25_ranking(self, question: str, k: int, allowed: set[int] | None = None) -> list[tuple[int, float]]:
        if self.bm25 is None:
            return []
        return self.bm25.search(self.tokenizer.query_tokens(question), k, allowed)

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
        fusion: str | None = None,
    ) -> list[Hit]:
        """The ``k`` best passages for ``question``, at most ``per_article`` from one article;
        ``fusion`` overrides the retriever's for this search only (concurrent callers share it)."""
        fusion = fusion or self.fusion
        if fusion not in ("convex", "rrf", "bm25", "dense"):
            raise InvalidInput(f"unknown fusion '{fusion}'; use convex, rrf, bm25 or dense")
        question = clean_input(question)[:MAX_QUERY_CHARS]  # no lone surrogate reaches the tokenizer
        if not question or k <= 0:
            return []
        filters = SearchFilters.coerce(filters)
        allowed = self._allowed(filters)
        if allowed is not None and not allowed:
            return []
        # a fixed depth, so the score normalisation (and the ranking) does not depend on k
        depth = max(self.candidates, k)
        sparse = self.bm25_ranking(question, depth, allowed) if fusion != "dense" else []
        dense = self.dense_ranking(question, depth, allowed) if fusion != "bm25" else []
        if fusion == "rrf":
            fused = fuse_ranks([(sparse, self.bm25_weight), (dense, self.dense_weight)], self.rrf_k)
        else:
            alpha = {"convex": self.alpha, "bm25": 1.0, "dense": 0.0}[fusion]
            fused = fuse_scores(sparse, dense, alpha)
        parts: dict[int, dict[str, float]] = {}
        for name, ranking in (("bm25", sparse), ("dense", dense)):
            for rank, (vid, score) in enumerate(ranking):
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
            if chunk.article_id not in articles:
                continue  # its article is still being written (an ingest into Milvus that stopped half way)
            scores = dict(parts[vid], fused=fused[vid])
            hits.append(Hit(chunk=chunk, article=articles[chunk.article_id], score=fused[vid], rank=len(hits) + 1, scores=scores))
            if len(hits) >= k:
                break
        return hits


class MilvusRetriever(Retriever):
    """Searches an index in Milvus: BM25 and dense search run there, with the filters as scalar
    filters; fusion, one passage per article and everything after are the local index's."""

    store: MilvusStore

    @classmethod
    def open_target(cls, target: MilvusTarget, embedder: Embedder | None = None, cache_dir: Path | None = None,
                    **options) -> "MilvusRetriever":
        store = MilvusStore.open(target)
        try:
            recorded = store.embedding
            if not recorded:
                raise IndexStoreError(f"{target} records no embedding model; rebuild it with bulletin-qa ingest")
            embedder = embedder_for_record(recorded, lambda model_id: check_milvus_model(target, recorded, model_id), embedder,
                                           cache_dir=cache_dir)
        except IndexStoreError:
            store.close()
            raise
        return cls(store, embedder, None, None, **options)

    def _allowed(self, filters: SearchFilters | None):
        if filters is None or filters.is_empty():
            return None
        return self.store.filter_expr(filters.date_from, filters.date_to, filters.source, filters.city)

    def bm25_ranking(self, question: str, k: int, allowed: str | None = None) -> list[tuple[int, float]]:
        return self.store.bm25_search(self.tokenizer, question, k, allowed)

    def dense_ranking(self, question: str, k: int, allowed: str | None = None) -> list[tuple[int, float]]:
        return self.store.dense_search(self.embedder.encode_queries([question])[0], k, allowed)

    def warm_up(self) -> None:
        self.tokenizer.tokens("预热")
        self.embedder.encode_queries(["预热"])
