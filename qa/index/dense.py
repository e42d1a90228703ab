"""The dense index: FAISS inner product over L2-normalised vectors, keyed by chunk vector ids.

``flat`` (exact, the default), ``hnsw`` (graph; cannot remove, so deletions are tombstones) and
``ivfpq`` (compressed; trained on the vectors it is built from). The vectors themselves are kept
(float16) beside the FAISS file, so an index can be rebuilt with another type, or retrained as
it grows, without embedding anything again.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from qa.errors import IndexStoreError

INDEX_TYPES = ("flat", "hnsw", "ivfpq")


class DenseIndexError(IndexStoreError):
    """The dense index is missing, corrupt or does not match; the message says what to do."""


@dataclass
class DenseIndexConfig:
    index_type: str = "flat"
    hnsw_m: int = 32  # graph degree: more = better recall, more memory
    hnsw_ef_construction: int = 80
    hnsw_ef_search: int = 64  # search breadth: more = better recall, slower queries
    ivf_nlist: int = 0  # clusters; 0 = about 4·sqrt(n)
    ivf_nprobe: int = 16  # clusters visited per query
    pq_m: int = 48  # sub-quantisers (must divide the dimension)
    pq_bits: int = 8

    def __post_init__(self) -> None:
        if self.index_type not in INDEX_TYPES:
            raise DenseIndexError(f"unknown index type '{self.index_type}'; use one of {', '.join(INDEX_TYPES)}")


class DenseIndex:
    def __init__(self, dim: int, config: DenseIndexConfig | None = None) -> None:
        self.dim = dim
        self.config = config or DenseIndexConfig()
        self.vids = np.zeros(0, dtype=np.int64)
        self.vectors = np.zeros((0, dim), dtype=np.float16)
        self.tombstones: set[int] = set()
        self._faiss = None  # built lazily from the vectors

    # ---- building ----
    def add(self, vids: list[int] | np.ndarray, vectors: np.ndarray) -> None:
        vectors = np.asarray(vectors, dtype=np.float32)
        if vectors.ndim != 2 or vectors.shape[1] != self.dim:
            raise DenseIndexError(f"vectors of dimension {vectors.shape[-1]} cannot go into an index of dimension {self.dim}")
        vids = np.asarray(vids, dtype=np.int64)
        self.vids = np.concatenate([self.vids, vids])
        self.vectors = np.vstack([self.vectors, vectors.astype(np.float16)])
        if self._faiss is not None and self.config.index_type != "ivfpq":
            self._faiss.add_with_ids(vectors, vids)
        else:
            self._faiss = None  # ivfpq is retrained on the next search or save

    def remove(self, vids: list[int]) -> None:
        if not len(vids):
            return
        gone = np.isin(self.vids, np.asarray(vids, dtype=np.int64))
        self.vids, self.vectors = self.vids[~gone], self.vectors[~gone]
        if self._faiss is None:
            return
        if self.config.index_type == "hnsw":
            self.tombstones.update(int(v) for v in vids)  # HNSW cannot remove; filtered at search
        else:
            import faiss

            self._faiss.remove_ids(faiss.IDSelectorBatch(np.asarray(vids, dtype=np.int64)))

    def _build(self):
        import faiss

        c = self.config
        n = len(self.vids)
        vectors = self.vectors.astype(np.float32)
        if c.index_type == "flat":
            inner = faiss.IndexFlatIP(self.dim)
        elif c.index_type == "hnsw":
            inner = faiss.IndexHNSWFlat(self.dim, c.hnsw_m, faiss.METRIC_INNER_PRODUCT)
            inner.hnsw.efConstruction = c.hnsw_ef_construction
            inner.hnsw.efSearch = c.hnsw_ef_search
        else:
            nlist = c.ivf_nlist or max(1, int(4 * np.sqrt(max(n, 1))))
            nlist = min(nlist, max(1, n // 39))  # FAISS wants ~39 training points per cluster
            m = c.pq_m if self.dim % c.pq_m == 0 else 1
            bits = c.pq_bits if n >= 2**c.pq_bits * 4 else max(1, min(c.pq_bits, int(np.log2(max(n, 2))) - 2))
            quantizer = faiss.IndexFlatIP(self.dim)
            inner = faiss.IndexIVFPQ(quantizer, self.dim, nlist, m, bits, faiss.METRIC_INNER_PRODUCT)
            if n:
                sample = vectors[np.random.default_rng(0).permutation(n)[: max(nlist * 256, 2**bits * 40)]]
                inner.train(sample)
            inner.nprobe = min(c.ivf_nprobe, nlist)
        index = faiss.IndexIDMap2(inner)
        if n:
            index.add_with_ids(vectors, self.vids)
        self.tombstones = set()
        return index

    @property
    def faiss_index(self):
        if self._faiss is None:
            self._faiss = self._build()
        return self._faiss

    def __len__(self) -> int:
        return len(self.vids)

    # ---- searching ----
    def search(self, queries: np.ndarray, k: int, allowed: set[int] | None = None) -> list[list[tuple[int, float]]]:
        """For each query, the top ``k`` (vid, cosine) pairs, restricted to ``allowed`` vids."""
        import faiss

        if not len(self.vids) or k <= 0:
            return [[] for _ in range(len(queries))]
        index = self.faiss_index
        params = None
        if allowed is not None:
            selector = faiss.IDSelectorBatch(np.fromiter(allowed, dtype=np.int64))
            params = self._search_params(selector)
        fetch = min(len(self.vids) + len(self.tombstones), k + len(self.tombstones))
        scores, ids = index.search(np.asarray(queries, dtype=np.float32), fetch, params=params)
        out = []
        for row_scores, row_ids in zip(scores, ids):
            hits = [(int(i), float(s)) for i, s in zip(row_ids, row_scores) if i >= 0 and int(i) not in self.tombstones]
            out.append(hits[:k])
        return out

    def _search_params(self, selector):
        import faiss

        c = self.config
        if c.index_type == "hnsw":
            return faiss.SearchParametersHNSW(sel=selector, efSearch=c.hnsw_ef_search)
        if c.index_type == "ivfpq":
            return faiss.SearchParametersIVF(sel=selector, nprobe=c.ivf_nprobe)
        return faiss.SearchParameters(sel=selector)

    # ---- files ----
    def save(self, folder: Path) -> None:
        """Write ``dense.faiss``, ``vectors.npy``, ``vids.npy``, ``dense.json`` into ``folder``."""
        import faiss

        folder.mkdir(parents=True, exist_ok=True)
        for name, write in (
            ("vectors.npy", lambda p: np.save(p, self.vectors)),
            ("vids.npy", lambda p: np.save(p, self.vids)),
            ("dense.faiss", lambda p: faiss.write_index(self.faiss_index, str(p))),
            ("dense.json", lambda p: p.write_text(json.dumps({"dim": self.dim, "config": asdict(self.config), "tombstones": sorted(self.tombstones)}))),
        ):
            tmp = folder / f".{name}.tmp"
            write(tmp)
            if name.endswith(".npy") and not tmp.exists():  # np.save appends .npy
                os.replace(str(tmp) + ".npy", tmp)
            os.replace(tmp, folder / name)

    @classmethod
    def load(cls, folder: Path) -> "DenseIndex":
        import faiss

        try:
            meta = json.loads((folder / "dense.json").read_text())
            index = cls(int(meta["dim"]), DenseIndexConfig(**meta["config"]))
            index.vectors = np.load(folder / "vectors.npy")
            index.vids = np.load(folder / "vids.npy")
            index._faiss = faiss.read_index(str(folder / "dense.faiss"))
            index.tombstones = set(meta.get("tombstones", []))
        except (OSError, ValueError, KeyError, RuntimeError) as exc:
            raise DenseIndexError(f"the dense index in {folder} is missing or corrupt ({exc}); rebuild it with bulletin-qa ingest") from exc
        if index._faiss.ntotal - len(index.tombstones) != len(index.vids) or index._faiss.d != index.dim:
            raise DenseIndexError(
                f"the dense index in {folder} holds {index._faiss.ntotal} vectors for {len(index.vids)} chunks; rebuild it with bulletin-qa ingest"
            )
        return index
