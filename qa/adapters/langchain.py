"""bulletin-qa as a LangChain retriever::

    from qa import Retriever
    from qa.adapters.langchain import BulletinRetriever
    docs = BulletinRetriever(retriever=Retriever.open("/tmp/i"), k=3).invoke("西宁锂电池隔膜年产能是多少")
    docs[0].page_content, docs[0].metadata["title"], docs[0].metadata["span"]
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from qa.adapters import hit_metadata


class BulletinRetriever(BaseRetriever):
    """The ``k`` best passages, one per article; ``filters`` as for ``Retriever.search``."""

    retriever: Any
    k: int = 5
    filters: dict | None = None

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [Document(page_content=h.chunk.text, metadata=hit_metadata(h), id=h.chunk.id)
                for h in self.retriever.search(query, k=self.k, filters=self.filters)]
