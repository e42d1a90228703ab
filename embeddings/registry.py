"""Model names → embedders. The index manifest records what was used, so an index is always
reopened with the same model."""

from __future__ import annotations

from pathlib import Path

from .base import Embedder
from .bundled_e5 import INT8_MODEL_ID as BUNDLED_E5_INT8
from .bundled_e5 import MODEL_ID as BUNDLED_E5
from .bundled_e5 import bundled_e5_embedder
from .hashing import HashingEmbedder
from .sentence_transformer import SentenceTransformerEmbedder

DEFAULT_MODEL = BUNDLED_E5


def embedder_for(spec: str | None, cache_dir: Path, batch_size: int = 8) -> Embedder:
    """``None``: ``DEFAULT_MODEL``; ``multilingual-e5-small``: the bundled model (fp32);
    ``multilingual-e5-small-int8``: the same, int8; ``hashing[-DIM]``: the no-model test
    embedder; anything else: a sentence-transformers model name or folder."""
    if spec in (None, ""):
        spec = DEFAULT_MODEL
    if spec in (BUNDLED_E5, "e5", "intfloat/multilingual-e5-small"):
        return bundled_e5_embedder(cache_dir, batch_size=batch_size)
    if spec in (BUNDLED_E5_INT8, "e5-int8"):
        return bundled_e5_embedder(cache_dir, batch_size=batch_size, int8=True)
    if spec == "hashing" or spec.startswith("hashing-"):
        dim = int(spec.split("-", 1)[1]) if "-" in spec else 256
        return HashingEmbedder(dim)
    return SentenceTransformerEmbedder(spec, batch_size=batch_size)

