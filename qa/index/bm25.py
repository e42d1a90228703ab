"""BM25 over jieba tokens with bm25s, saved as a folder of plain files beside the chunk table."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np


class BM25Index:
    """Scores chunks by BM25. Built from token lists; ``vids`` maps bm25s rows to chunk ids."""

    def __init__(self, retriever, vids: np.ndarray) -> None:
        self._retriever = retriever
        self.vids = vids
        self._row_of = {int(v): i for i, v in enumerate(vids)}

    @classmethod
    def build(cls, vids: list[int], token_lists: list[list[str]], k1: float = 1.2, b: float = 0.75) -> "BM25Index":
        import bm25s

        retriever = bm25s.BM25(k1=k1, b=b)
        # bm25s wants at least one token per document; an empty chunk gets a placeholder
        retriever.index([t if t else ["\u2205"] for t in token_lists], show_progress=False)
        return cls(retriever, np.asarray(vids, dtype=np.int64))

    def save(self, folder: Path) -> None:
        tmp = folder.with_name(folder.name + ".tmp")
        self._retriever.save(str(tmp))
        np.save(tmp / "vids.npy", self.vids)
        if folder.exists():
            import shutil

            shutil.rmtree(folder)
        os.replace(tmp, folder)

    @classmethod
    def load(cls, folder: Path) -> "BM25Index":
        import bm25s

        retriever = bm25s.BM25.load(str(folder), mmap=False)
        return cls(retriever, np.load(folder / "vids.npy"))

    def __len__(self) -> int:
        return len(self.vids)

    def known_parts(self, tokens: list[str]) -> list[str]:
        """``tokens`` with each one the index never saw read as its longest parts it did: jieba joins
        an unknown name to the character after it, differently in each sentence ("帕利克来" in a
        question, "帕利克时" in a report), so the name itself would never match."""
        vocab = self._retriever.vocab_dict
        out = []
        for token in tokens:
            out.append(token)
            if token in vocab or len(token) < 3:
                continue
            # the longest known prefix and suffix ("帕利克|来"): what jieba's guess joined at either end
            prefix = next((token[:n] for n in range(len(token) - 1, 1, -1) if token[:n] in vocab), None)
            suffix = next((token[-n:] for n in range(len(token) - 1, 1, -1) if token[-n:] in vocab), None)
            out.extend(p for p in (prefix, suffix) if p)
        return out

    def search(self, tokens: list[str], k: int, allowed: set[int] | None = None) -> list[tuple[int, float]]:
        """Top ``k`` (chunk vid, score) with a positive score, restricted to ``allowed`` vids."""
        if not tokens or not len(self.vids):
            return []
        scores = self._retriever.get_scores(self.known_parts(tokens))
        if allowed is not None:
            mask = np.zeros(len(self.vids), dtype=bool)
            rows = [self._row_of[v] for v in allowed if v in self._row_of]
            mask[rows] = True
            scores = np.where(mask, scores, 0.0)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(self.vids[i]), float(scores[i])) for i in top if scores[i] > 0]
