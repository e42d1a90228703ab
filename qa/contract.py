"""The answer as data: the JSON contract shared by ``bulletin-qa ask --json`` and the web API,
and the sentence around a span (the CLI and the app both show it)."""

from __future__ import annotations


def answer_json(answer) -> dict:
    """The JSON contract of ``ask --json``: passage[span[0]:span[1]] == answer."""
    return {
        "question": answer.question,
        "answer": answer.text,
        "score": answer.score,
        "no_answer": answer.no_answer,
        "citations": [
            {"rank": c.rank, "article_id": c.article_id, "title": c.title, "source": c.source, "paper": c.paper,
             "date": c.date, "page": c.page, "passage": c.passage, "span": list(c.span), "article_span": list(c.article_span)}
            for c in answer.citations
        ],
        "related": [{"article_id": h.article.id, "title": h.article.title, "source": h.article.source, "passage": h.chunk.text} for h in answer.related],
        "message": answer.message,
    }


def sentence_around(passage: str, start: int, end: int) -> tuple[int, int]:
    """The sentence of ``passage`` that holds ``[start, end)``, as offsets."""
    left = max(passage.rfind(ch, 0, start) for ch in "。！？；\n") + 1
    rights = [i for i in (passage.find(ch, end) for ch in "。！？；\n") if i >= 0]
    right = min(rights) + 1 if rights else len(passage)
    return left, right
