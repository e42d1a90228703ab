"""bulletin-qa: question answering over Chinese news bulletins.

    from qa import Assistant, Retriever, build_ingest
    build_ingest(["pages/"], "/tmp/i")
    answer = Assistant.open("/tmp/i").ask("3月25日12345热线直接办理了多少件诉求？")

Stages, each a sub-package with one job (see README's module map): ``qa.text`` (characters),
``qa.ingest`` (files → articles → chunks), ``qa.index`` (the index folder), ``qa.search``
(hybrid retrieval), ``qa.read`` (question + passages → spans), ``qa.chat`` (the assistant).

The names below are imported on first use, so ``import qa.errors`` (or the CLI's start) does not
load the whole stack.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "Assistant": "qa.chat.assistant",
    "Turn": "qa.chat.followup",
    "Retriever": "qa.search",
    "SearchFilters": "qa.search",
    "build_ingest": "qa.pipeline",
    "delete_articles": "qa.pipeline",
    "migrate_to_milvus": "qa.pipeline",
    "MilvusTarget": "qa.index.milvus",
    **{name: "qa.models" for name in ("Answer", "Article", "Chunk", "Citation", "Hit", "OffsetMap", "Span")},
    **{name: "qa.errors" for name in ("BulletinQAError", "IndexStoreError", "InvalidInput", "ModelError", "UnreadableFile")},
}
__all__ = sorted(_EXPORTS)
__version__ = "0.2.0"


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'qa' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
