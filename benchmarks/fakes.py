"""A reader with no model, for tests and the fuzz benchmark: they exercise the assistant, the
retriever and the contract around the reader without the span model's cost."""

from __future__ import annotations

from qa.models import Span
from qa.text.patterns import NUMBER_RE


class FakeReader:
    """A ``SpanReader`` with no model, for testing the assistant's logic: every quantity printed
    in the passages is a span, in passage order, each with confidence ``score``. It records the
    questions and passages it was given."""

    def __init__(self, score: float = 0.9) -> None:
        self.score = score
        self.calls: list[tuple[str, list[str]]] = []
        self.warmed = False

    def warm_up(self) -> None:
        self.warmed = True

    def read(self, question: str, passages: list[str], passage_scores: list[float] | None = None, top: int = 5,
             headlines: list[str] | None = None) -> list[Span]:
        self.calls.append((question, list(passages)))
        spans = [Span(m.start(), m.end(), m.group(), "fake", i, score=self.score)
                 for i, p in enumerate(passages) for m in NUMBER_RE.finditer(p)]
        return spans[:top]
