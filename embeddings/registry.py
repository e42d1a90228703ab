"""Model names → embedders. The index manifest records what was used, so an index is always
reopened with the same model."""

from __future__ import annotations

import os
from pathlib import Path

from .base import Embedder
from .bundled_e5 import INT8_MODEL_ID as BUNDLED_E5_TORCH_INT8
from .bundled_e5 import MODEL_ID as BUNDLED_E5
from .bundled_e5 import bundled_e5_embedder
from .hashing import HashingEmbedder

# ONNX Runtime's per-channel int8 of the bundled e5: vectors within cosine 0.99 of fp32, its own
# id so they never mix with fp32 ones (benchmarks/speed.py compare: recall and speed)
BUNDLED_E5_ORT_INT8 = BUNDLED_E5 + "-ort-int8"
DEFAULT_MODEL = BUNDLED_E5_ORT_INT8
ENGINES = ("onnx", "torch")


def default_engine() -> str:
    """``onnx`` unless ``$BULLETIN_QA_ENGINE`` says ``torch`` (the sentence-transformers path)."""
    engine = os.environ.get("BULLETIN_QA_ENGINE", "onnx").strip().lower() or "onnx"
    if engine not in ENGINES:
        from qa.errors import ModelError

        raise ModelError(f"BULLETIN_QA_ENGINE={engine!r} is not one of {', '.join(ENGINES)}")
    return engine


def embedder_for(spec: str | None, cache_dir: Path, batch_size: int = 8, engine: str | None = None) -> Embedder:
    """``None``: ``DEFAULT_MODEL``; ``multilingual-e5-small``: the bundled model, fp32;
    ``multilingual-e5-small-ort-int8``: the same, int8 (ONNX Runtime); ``multilingual-e5-small-int8``:
    torch's int8 of it (older indexes); ``hashing[-DIM]``: the no-model test embedder; anything
    else: a sentence-transformers model name or folder. ``engine`` (default ``default_engine()``)
    picks ONNX Runtime or torch for the bundled fp32 model: the same vectors either way."""
    if spec in (None, ""):
        spec = DEFAULT_MODEL
    if spec in (BUNDLED_E5, "e5", "intfloat/multilingual-e5-small"):
        if (engine or default_engine()) == "torch":
            return bundled_e5_embedder(cache_dir, batch_size=batch_size)
        from .onnx_e5 import OnnxE5Embedder

        return OnnxE5Embedder(cache_dir, BUNDLED_E5, int8=False)
    if spec in (BUNDLED_E5_ORT_INT8, "e5-ort-int8"):
        from .onnx_e5 import OnnxE5Embedder

        return OnnxE5Embedder(cache_dir, BUNDLED_E5_ORT_INT8, int8=True)
    if spec in (BUNDLED_E5_TORCH_INT8, "e5-int8"):
        return bundled_e5_embedder(cache_dir, batch_size=batch_size, int8=True)
    if spec == "hashing" or spec.startswith("hashing-"):
        dim = int(spec.split("-", 1)[1]) if "-" in spec else 256
        return HashingEmbedder(dim)
    from .sentence_transformer import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(spec, batch_size=batch_size)
