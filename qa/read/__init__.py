"""Reading: a question and passages → ranked answer spans, each a slice of a passage.

Rule: this package imports ``qa.models``, ``qa.errors``, ``qa.paths``, ``qa.text`` and
``embeddings`` (for the bundled encoder) only — never ``qa.index``, ``qa.search``, ``qa.ingest``
or ``qa.chat``. ``rules`` (the explainable fallback) is imported by nothing else here.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from qa.models import Span


@runtime_checkable
class SpanReader(Protocol):
    """What the assistant needs of a reader."""

    def read(self, question: str, passages: list[str], passage_scores: list[float] | None = None, top: int = 5,
             headlines: list[str] | None = None) -> list[Span]:
        """At most ``top`` spans over ``passages``, best first: ``passages[s.passage_index][s.start:s.end] == s.text``
        and ``s.score`` in [0, 1] is the confidence that it answers the question. ``headlines``: the
        headline of each passage's article, what its sentences are about (a reader may ignore it)."""
        ...

    def warm_up(self) -> None:
        """Load whatever the reader loads lazily."""
        ...


__all__ = ["Span", "SpanReader"]
