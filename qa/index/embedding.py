"""The one decision of which embedding model serves an index: the model it was built with, as
its manifest records. A new index gets the model asked for (default: the bundled e5); an
existing one refuses any other, with a message saying which model to use."""

from __future__ import annotations

import os
from pathlib import Path

from embeddings.base import Embedder
from embeddings.registry import embedder_for
from qa.errors import IndexStoreError
from qa.index.store import IndexStore, check_same_model, read_manifest
from qa.paths import data_home


def recorded_embedding(index: str | os.PathLike) -> dict:
    """What the index's manifest records of its model (``model``, ``dim``, ``path``); ``{}`` for a
    folder that holds no index yet."""
    index = Path(index)
    return (read_manifest(index).get("embedding") or {}) if IndexStore.exists(index) else {}


def embedder_for_index(index: str | os.PathLike, embedder: Embedder | None = None, model: str | None = None,
                       cache_dir: Path | None = None, must_exist: bool = False) -> Embedder:
    """The embedder for ``index``: ``embedder`` (checked against the recorded model), else the
    recorded model, else ``model`` for a new index. ``must_exist``: an index without recorded
    vectors is an error (searching needs them)."""
    recorded = recorded_embedding(index)
    if must_exist and not recorded:
        raise IndexStoreError(f"{index} has no dense vectors; re-ingest it with this version of bulletin-qa")
    return embedder_for_record(recorded, lambda model_id: check_same_model(Path(index), recorded, model_id), embedder, model, cache_dir)


def embedder_for_record(recorded: dict, check, embedder: Embedder | None = None, model: str | None = None,
                        cache_dir: Path | None = None) -> Embedder:
    """The embedder for an index that recorded ``recorded`` (``{}`` for a new one); ``check(model_id)``
    raises when a model other than the recorded one is asked for."""
    if embedder is not None:
        check(embedder.model_id)
        return embedder
    spec = recorded.get("path") or recorded.get("model") or model
    chosen = embedder_for(spec, cache_dir or data_home() / "models")
    if model is not None and recorded:
        check(embedder_for(model, cache_dir or data_home() / "models").model_id)
    return chosen
