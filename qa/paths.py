"""Where bulletin-qa keeps its own files: the default index and the materialised model."""

from __future__ import annotations

import os
from pathlib import Path

SAMPLE_DIR = Path(__file__).parent / "sample"


def data_home() -> Path:
    """``$BULLETIN_QA_HOME``, else ``$XDG_CACHE_HOME/bulletin-qa``, else ``~/.cache/bulletin-qa``."""
    explicit = os.environ.get("BULLETIN_QA_HOME")
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "bulletin-qa"


def default_index_dir() -> Path:
    return data_home() / "sample-index"
