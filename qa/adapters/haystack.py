"""bulletin-qa as Haystack components: a retriever returning ``Document``s and a reader-like
component returning ``ExtractedAnswer``s whose offsets slice the cited passage::

    from haystack import Pipeline
    from qa import Assistant
    from qa.adapters.haystack import BulletinReader, BulletinRetriever
    assistant = Assistant.open("/tmp/i")
    docs = BulletinRetriever(assistant.retriever, top_k=3).run(query="西宁锂电池隔膜年产能是多少")["documents"]
    answers = BulletinReader(assistant).run(query="3月25日12345热线转交责任单位办理了多少件？")["answers"]
    answers[0].data, answers[0].document_offset.start, answers[0].document.content
"""

from __future__ import annotations

import os

os.environ.setdefault("HAYSTACK_TELEMETRY_ENABLED", "False")  # no usage reports leave the machine; before haystack loads

from haystack import Document, component  # noqa: E402
from haystack.dataclasses import ExtractedAnswer  # noqa: E402

from qa.adapters import hit_metadata  # noqa: E402


@component
class BulletinRetriever:
    def __init__(self, retriever, top_k: int = 5) -> None:
        self.retriever = retriever
        self.top_k = top_k

    @component.output_types(documents=list[Document])
    def run(self, query: str, top_k: int | None = None) -> dict:
        hits = self.retriever.search(query, k=top_k or self.top_k)
        return {"documents": [Document(id=h.chunk.id, content=h.chunk.text, meta=hit_metadata(h), score=h.score) for h in hits]}


@component
class BulletinReader:
    """The assistant's answer as an ``ExtractedAnswer``: ``document.content[start:end] == data``;
    a "not found" is an answer with ``data=None`` (Haystack's no-answer) and the assistant's message."""

    def __init__(self, assistant) -> None:
        self.assistant = assistant

    @component.output_types(answers=list[ExtractedAnswer])
    def run(self, query: str) -> dict:
        answer = self.assistant.ask(query)
        if answer.no_answer or not answer.citations:
            return {"answers": [ExtractedAnswer(query=query, score=answer.score, data=None, meta={"message": answer.message})]}
        out = []
        for c in answer.citations:
            meta = {k: v for k, v in c.to_dict().items() if k not in ("passage", "span")}
            document = Document(id=f"{c.article_id}:{c.article_span[0]}", content=c.passage, meta=meta)
            out.append(ExtractedAnswer(query=query, score=answer.score, data=answer.text, document=document,
                                       document_offset=ExtractedAnswer.Span(*c.span), meta={"verdict": answer.verdict}))
        return {"answers": out}
