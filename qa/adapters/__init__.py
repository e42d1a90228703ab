"""Adapters for other frameworks, each a thin layer over ``Retriever.search`` and
``Assistant.ask`` (install the framework itself: ``pip install "bulletin-qa[langchain]"`` etc.).
Every document they return carries the passage, its span in the article and the citation
metadata, so what an agent quotes can be checked against the bulletin.

- ``qa.adapters.langchain.BulletinRetriever``: a LangChain ``BaseRetriever`` → ``Document``s
- ``qa.adapters.llamaindex.BulletinRetriever``: a LlamaIndex ``BaseRetriever`` → ``NodeWithScore``s
- ``qa.adapters.haystack.BulletinRetriever`` / ``BulletinReader``: Haystack components →
  ``Document``s / ``ExtractedAnswer``s with offsets
"""

from __future__ import annotations


def hit_metadata(hit) -> dict:
    """What every adapter's document carries besides the passage: the citation and the offsets
    (``article_text[span[0]:span[1]] == passage``)."""
    d = hit.to_dict()
    d.pop("passage")
    return d
