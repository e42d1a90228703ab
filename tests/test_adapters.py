"""The LangChain, LlamaIndex and Haystack adapters against the real framework classes (installed
by the test extra), over the sample index with the test reader: what each returns carries the
passage, the citation and offsets that slice the source."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("HAYSTACK_TELEMETRY_ENABLED", "False")


@pytest.fixture(scope="module")
def assistant(hashing_index):
    from benchmarks.fakes import FakeReader
    from qa.chat.assistant import Assistant
    from qa.search import Retriever

    a = Assistant(Retriever.open(hashing_index), reader=FakeReader())
    yield a
    a.close()


def sliced(assistant, metadata: dict, passage: str) -> bool:
    article = assistant.retriever.store.article(metadata["article_id"])
    return article.text[metadata["span"][0] : metadata["span"][1]] == passage


def test_langchain(assistant):
    from langchain_core.documents import Document
    from langchain_core.retrievers import BaseRetriever

    from qa.adapters.langchain import BulletinRetriever

    retriever = BulletinRetriever(retriever=assistant.retriever, k=3)
    assert isinstance(retriever, BaseRetriever)
    docs = retriever.invoke("西宁锂电池隔膜年产能是多少")
    assert len(docs) == 3 and all(isinstance(d, Document) for d in docs)
    assert docs[0].metadata["title"] and all(sliced(assistant, d.metadata, d.page_content) for d in docs)


def test_llamaindex(assistant):
    from llama_index.core.schema import NodeWithScore

    from qa.adapters.llamaindex import BulletinRetriever

    nodes = BulletinRetriever(assistant.retriever, k=2).retrieve("西宁锂电池隔膜年产能是多少")
    assert len(nodes) == 2 and all(isinstance(n, NodeWithScore) for n in nodes)
    assert nodes[0].score >= nodes[1].score and all(sliced(assistant, n.node.metadata, n.node.text) for n in nodes)


def test_haystack(assistant):
    from haystack import Pipeline
    from haystack.dataclasses import ExtractedAnswer

    from qa.adapters.haystack import BulletinReader, BulletinRetriever

    pipeline = Pipeline()
    pipeline.add_component("retriever", BulletinRetriever(assistant.retriever, top_k=2))
    docs = pipeline.run({"retriever": {"query": "西宁锂电池隔膜年产能是多少"}})["retriever"]["documents"]
    assert len(docs) == 2 and all(sliced(assistant, d.meta, d.content) for d in docs)
    answers = BulletinReader(assistant).run(query="3月25日12345热线直接办理了多少件？")["answers"]
    first = answers[0]
    assert isinstance(first, ExtractedAnswer) and first.data
    span = first.document_offset
    assert first.document.content[span.start : span.end] == first.data
    none = BulletinReader(assistant).run(query="")["answers"]
    assert none[0].data is None and none[0].meta["message"]
