"""Any sentence-transformers model, by hub name (if cached) or local path, loaded lazily."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from qa.errors import ModelError

from .base import Embedder

# Per-family prompts: e5 was trained with "query: "/"passage: ", bge-zh with an instruction for
# queries only. A model folder's own config_sentence_transformers.json prompts win over these.
FAMILY_PROMPTS = (
    ("e5", "query: ", "passage: "),
    ("bge-small-zh", "为这个句子生成表示以用于检索相关文章：", ""),
    ("bge-base-zh", "为这个句子生成表示以用于检索相关文章：", ""),
    ("bge-large-zh", "为这个句子生成表示以用于检索相关文章：", ""),
)


class ModelLoadError(ModelError):
    """The model could not be loaded; the message says what to do."""


def default_prompts(model_id: str) -> tuple[str, str]:
    name = model_id.lower()
    for key, query, passage in FAMILY_PROMPTS:
        if key in name:
            return query, passage
    return "", ""


class SentenceTransformerEmbedder(Embedder):
    def __init__(
        self,
        model: str | os.PathLike,
        query_prompt: str | None = None,
        passage_prompt: str | None = None,
        batch_size: int = 8,  # on a CPU small batches pad less: 8 ran 1.5x faster than 32 here
        device: str = "cpu",
        model_id: str | None = None,
        max_seq_length: int | None = None,
    ) -> None:
        self.model_path = str(model)
        self.model_id = model_id or (Path(self.model_path).name if Path(self.model_path).exists() else self.model_path)
        q, p = default_prompts(self.model_id)
        self.query_prompt = q if query_prompt is None else query_prompt
        self.passage_prompt = p if passage_prompt is None else passage_prompt
        self.batch_size = batch_size
        self.device = device
        self.max_seq_length = max_seq_length
        self._model = None

    @property
    def model(self):
        if self._model is None:
            self._model = self._load()
        return self._model

    def _load(self):
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        # the library's per-load progress bars and reports are noise on our terminal
        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()

        local = Path(self.model_path).expanduser()
        kwargs = {"device": self.device}
        if not local.exists():
            kwargs["local_files_only"] = True  # no downloads at run time
        try:
            model = SentenceTransformer(str(local) if local.exists() else self.model_path, **kwargs)
        except Exception as exc:  # the library raises many kinds; all mean "cannot load"
            raise ModelLoadError(
                f"cannot load the embedding model '{self.model_path}' ({type(exc).__name__}: {str(exc)[:200]}). "
                "Give a local sentence-transformers folder with --model /path/to/model, or leave --model out "
                "to use the bundled multilingual-e5-small."
            ) from exc
        if self.max_seq_length:
            model.max_seq_length = self.max_seq_length
        return model

    @property
    def dimension(self) -> int:
        getter = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        return int(getter())

    def _encode_all(self, texts: list[str], is_query: bool) -> np.ndarray:
        # hand sentence-transformers every text at once: it sorts them by length before batching
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.ascontiguousarray(self._encode(list(texts), is_query), dtype=np.float32)

    def _encode(self, texts: list[str], is_query: bool) -> np.ndarray:
        prompt = self.query_prompt if is_query else self.passage_prompt
        return self.model.encode(
            [prompt + t for t in texts], batch_size=self.batch_size, convert_to_numpy=True,
            normalize_embeddings=True, show_progress_bar=False,
        )
