"""A conversation's turns as the follow-up reader sees them, and the ways to read a new question."""

from __future__ import annotations

from dataclasses import dataclass, field

from qa.models import Answer

TURN_CONTEXT = 200  # characters of the article either side of the passage cited that a follow-up may go on with


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


def turn_of(answer: Answer) -> Turn:
    """The conversation record of an answer: the question as read, the article cited, and what a
    follow-up goes on with — the passage cited and its neighbourhood in the article, past the
    passage's cut ("查处了多少起案件？" after "设立卡点6个|"); for a turn that found nothing, its closest passage."""
    top = answer.citations[0] if answer.citations else None
    article = next((h.article for h in answer.hits if top and h.article.id == top.article_id), None)
    if top and article is not None:
        at = top.article_span[0] - top.span[0]  # where the passage starts in the article
        context = article.text[max(0, at - TURN_CONTEXT) : at + len(top.passage) + TURN_CONTEXT]
    else:
        context = top.passage if top else answer.related[0].chunk.text if answer.related else ""
    return Turn(answer.asked_as or answer.question, top.title if top else None, top.article_id if top else None, context)
