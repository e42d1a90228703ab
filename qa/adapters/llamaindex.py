"""bulletin-qa as a LlamaIndex retriever::

    from qa import Retriever
    from qa.adapters.llamaindex import BulletinRetriever
    nodes = BulletinRetriever(Retriever.open("/tmp/i"), k=3).retrieve("西宁锂电池隔膜年产能是多少")
    nodes[0].node.text, nodes[0].score, nodes[0].node.metadata["title"]
"""

from __future__ import annotations

from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from qa.adapters import hit_metadata


class BulletinRetriever(BaseRetriever):
    def __init__(self, retriever, k: int = 5, filters: dict | None = None) -> None:
        super().__init__()
        self._bulletins = retriever
        self._k = k
        self._filters = filters

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        hits = self._bulletins.search(query_bundle.query_str, k=self._k, filters=self._filters)
        return [NodeWithScore(node=TextNode(text=h.chunk.text, id_=h.chunk.id, metadata=hit_metadata(h)), score=h.score) for h in hits]
