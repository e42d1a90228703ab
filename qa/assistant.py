"""The assistant: a question (and the conversation so far) → an Answer with citations.

    from qa.assistant import Assistant
    assistant = Assistant.open()                      # the bundled sample bulletins
    answer = assistant.ask("3月25日12345热线直接办理了多少件诉求？")
    print(answer.text, answer.citations[0].title)

Every answer is a span of a retrieved passage; below the confidence threshold the assistant says
it did not find the answer and still offers the closest passages.
"""

from __future__ import annotations

import os
from pathlib import Path

from .followup import FollowUpResolver, Turn
from .models import Answer, Citation, Hit
from .question import QuestionAnalyzer
from .reader import Reader, Span
from .retriever import Retriever, SearchFilters

MAX_QUESTION_CHARS = 2000
NOT_FOUND = "没有在已收录的公报中找到这个问题的答案。下面是最相关的段落，供参考。"


class Assistant:
    """``k`` passages are read per question; an answer needs ``min_confidence`` (the reader's
    score) and a sentence that shares ``min_overlap`` of the question's content words."""

    def __init__(
        self,
        retriever: Retriever,
        reader: Reader | None = None,
        resolver: FollowUpResolver | None = None,
        k: int = 5,
        min_confidence: float = 0.5,
        min_overlap: float = 0.5,
    ) -> None:
        self.retriever = retriever
        # one jieba dictionary for search and reading
        self.reader = reader or Reader(analyzer=QuestionAnalyzer(tokenizer=retriever.tokenizer))
        self.resolver = resolver or FollowUpResolver()
        self.k = k
        self.min_confidence = min_confidence
        self.min_overlap = min_overlap

    @classmethod
    def open(cls, index_dir: str | os.PathLike | None = None, **options) -> "Assistant":
        """Open an index; with none, the bundled sample bulletins (built on first use)."""
        embedder = None
        if index_dir is None:
            from .pipeline import default_sample_index

            index_dir, embedder = default_sample_index()
        return cls(Retriever.open(Path(index_dir), embedder=embedder), **options)

    def close(self) -> None:
        self.retriever.close()

    # ---- asking ----
    def ask(self, question: str, history: list[Turn] | None = None, filters: SearchFilters | dict | None = None) -> Answer:
        text = (question or "").strip()
        if not text:
            return Answer(question=question or "", text=None, score=0.0, no_answer=True, message="问题是空的：请输入一个问题，例如“3月25日12345热线接了多少件来电？”")
        if len(text) > MAX_QUESTION_CHARS:
            return Answer(
                question=text[:200] + "…", text=None, score=0.0, no_answer=True,
                message=f"问题太长（{len(text)} 字）：请把问题精简到 {MAX_QUESTION_CHARS} 字以内，一次问一件事。",
            )
        standalone, preferred = self.resolver.rewrite(text, history or [])
        answer = self._answer(text, standalone, preferred, filters)
        answer.asked_as = standalone
        return answer

    def _answer(self, text: str, standalone: str, preferred: str | None, filters) -> Answer:
        hits = self.retriever.search(standalone, k=self.k, filters=filters)
        hits = self._prefer(hits, preferred)
        if not hits:
            return Answer(question=text, text=None, score=0.0, no_answer=True, message="索引里没有与这个问题相关的段落。" + self._rewritten_note(text, standalone))
        spans = self.reader.read(standalone, [h.chunk.text for h in hits], top=5)
        best = spans[0] if spans else None
        if best is None or not self._confident(best):
            answer = Answer(question=text, text=None, score=best.score if best else 0.0, no_answer=True, related=hits,
                            message=NOT_FOUND + self._rewritten_note(text, standalone))
            return answer
        citations = [self._citation(1, best, hits[best.passage_index])]
        for span in spans[1:]:  # the same answer printed in other articles supports it
            hit = hits[span.passage_index]
            if span.text == best.text and all(c.article_id != hit.article.id for c in citations):
                citations.append(self._citation(len(citations) + 1, span, hit))
        cited = {c.article_id for c in citations}
        return Answer(
            question=text, text=best.text, score=round(best.score, 4), no_answer=False, citations=citations,
            related=[h for h in hits if h.article.id not in cited], message=self._rewritten_note(text, standalone) or None,
        )

    def _confident(self, span: Span) -> bool:
        return span.score >= self.min_confidence and span.features.get("sentence_overlap", 0.0) >= self.min_overlap

    @staticmethod
    def _prefer(hits: list[Hit], article_id: str | None) -> list[Hit]:
        """Keep the article cited last first when it scores close to the best (a follow-up)."""
        if not article_id or not hits:
            return hits
        for i, h in enumerate(hits):
            if h.article.id == article_id and h.score >= 0.8 * hits[0].score:
                return [h] + hits[:i] + hits[i + 1 :]
        return hits

    @staticmethod
    def _rewritten_note(asked: str, standalone: str) -> str:
        return f"（按上文理解为：{standalone}）" if standalone != asked else ""

    @staticmethod
    def _citation(rank: int, span: Span, hit: Hit) -> Citation:
        a, c = hit.article, hit.chunk
        return Citation(
            rank=rank, article_id=a.id, title=a.title, source=a.source, paper=a.paper, date=a.date, page=a.page,
            byline=a.byline, passage=c.text, span=(span.start, span.end), article_span=(c.start + span.start, c.start + span.end),
        )

    @staticmethod
    def turn(answer: Answer) -> Turn:
        """The conversation record of an answer, for the next ``ask(history=…)``."""
        top = answer.citations[0] if answer.citations else None
        return Turn(answer.asked_as or answer.question, top.title if top else None, top.article_id if top else None)
