"""A tiny deterministic embedder from hashed character n-grams: no model, no download.

Used by tests that need an index fast, and available as ``--model hashing`` where no neural
model can be loaded. It captures shared wording, not meaning.
"""

from __future__ import annotations

import hashlib
import unicodedata

import numpy as np

from .base import Embedder


class HashingEmbedder(Embedder):
    def __init__(self, dimension: int = 256, ngram: tuple[int, ...] = (1, 2)) -> None:
        self._dimension = dimension
        self.ngram = ngram
        self.model_id = f"hashing-{dimension}"

    @property
    def dimension(self) -> int:
        return self._dimension

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        out = np.zeros((len(texts), self._dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            s = "".join(ch for ch in unicodedata.normalize("NFKC", text).lower() if not ch.isspace())
            for n in self.ngram:
                for i in range(len(s) - n + 1):
                    h = int.from_bytes(hashlib.blake2b(s[i : i + n].encode(), digest_size=8).digest(), "little")
                    out[row, h % self._dimension] += 1.0 if (h >> 63) & 1 else -1.0
        return out
