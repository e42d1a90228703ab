"""Wiring: the objects an ingest needs, built from plain options (used by the CLI and the app)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from .chunking import Chunker
from .ingest import IngestReport, Ingestor
from .store import IndexWriter


def build_ingest(
    paths: Iterable[str | os.PathLike],
    index: str | os.PathLike,
    chunk_min: int = 150,
    chunk_max: int = 350,
    overlap: int = 1,
    progress: bool | None = None,
) -> IngestReport:
    ingestor = Ingestor(chunker=Chunker(chunk_min, chunk_max, overlap), progress=progress)
    with IndexWriter(Path(index)) as writer:
        return ingestor.ingest(paths, writer)
