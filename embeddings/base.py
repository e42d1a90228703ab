"""The one interface every embedding backend implements (in the spirit of simonw/llm's
``EmbeddingModel``): a model id, a dimension, and query/passage encoders that return
L2-normalised float32 arrays, batching inside."""

from __future__ import annotations

from abc import ABC, abstractmethod

import numpy as np


class Embedder(ABC):
    model_id: str
    batch_size: int = 32

    @property
    @abstractmethod
    def dimension(self) -> int: ...

    @abstractmethod
    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        """Encode one batch; may return unnormalised vectors."""

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode_all(texts, True)

    def encode_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode_all(texts, False)

    def _encode_all(self, texts: list[str], is_query: bool) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        parts = [self._encode(list(texts[i : i + self.batch_size]), is_query) for i in range(0, len(texts), self.batch_size)]
        vectors = np.ascontiguousarray(np.vstack(parts), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-12)

    def describe(self) -> dict:
        """What the index manifest records, so an index is never read with another model."""
        return {"model": self.model_id, "dim": self.dimension}
