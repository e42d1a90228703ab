"""A conversation's turns as the follow-up reader sees them, and the ways to read a new question."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Turn:
    question: str  # as rewritten (standalone)
    answer_article_title: str | None = None
    answer_article_id: str | None = None
    context: str = ""  # the passage cited (or the closest one), to tell a continuation from a new topic


@dataclass
class Reading:
    """One way to read a question in its conversation."""

    text: str  # the standalone question searched
    follow_up: bool = False  # read with the conversation's context
    carried: list[str] = field(default_factory=list)  # words taken from earlier turns
    preferred: str | None = None  # the article cited last, preferred when scores are close
    mention: str | None = None  # what a "那X呢" follow-up asks about: the answer's sentence must print it
    definite: bool = False  # a bare head noun stood for the last subject ("会议…" after "市委…第七次会议…")
