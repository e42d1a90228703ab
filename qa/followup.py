"""Follow-up questions without a language model: rewrite a short or elliptical question into a
standalone one from the previous turns.

Rules, in order:
1. ``那X呢？`` / ``X呢？`` (a new subject, the rest elided): the previous question with its place
   (or, if it named none, its subject) replaced by X.
2. A pronoun for the topic (它, 其, 该项目, 这个项目, 此事, 他们…): replaced by the title of the
   article cited last, shortened to its subject.
3. A question that names no place or no time keeps the place and time of the previous question
   (``3月25日`` / ``格尔木``), so "直接办理了多少件？" after a 3月25日 question stays on that day.
The last cited article is also returned, so the caller can prefer it when scores are close.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PRONOUN = re.compile(r"(?:这个|那个|该|此)(?:项目|工程|企业|公司|会议|活动|事|事件|地方|城市|文件|通告|报告)|它们|它|其(?![中他实次余])|他们|她们|此事|这些|那些")
NEW_SUBJECT = re.compile(r"^(?:那么?|那|还有|再问一下)?\s*(.{1,12}?)\s*(?:呢|怎么样|如何)[？?]?$")
PLACE = re.compile(r"(?<![\d日月年])[\u4e00-\u9fff]{2,4}?(?:省|市|县|州)(?![委场民])|格尔木|西宁|青海|海西|海东|全国|全省|全市")
TIME = re.compile(r"(?:\d{4}年)?\d{1,2}月(?:\d{1,2}[日号])?(?:[上下]午)?|\d{4}年|[前去今明]年|[一二三四]季度|上半年|下半年|前两个月|\d{1,2}月—\d{1,2}月")


@dataclass
class Turn:
    question: str  # as rewritten (standalone)
    answer_article_title: str | None = None
    answer_article_id: str | None = None


def _subject(title: str) -> str:
    """The head of a headline: the part before its verb phrase, at most 10 characters."""
    title = re.split(r"[ ，,：:！!？?]", title)[0]
    m = re.match(r"(.{2,10}?)(?:全面|加快|正式|顺利|开工|投产|召开|举行|发布|上榜|增长|启动|完成)", title)
    return (m.group(1) if m else title[:10]).strip()


class FollowUpResolver:
    def rewrite(self, question: str, history: list[Turn]) -> tuple[str, str | None]:
        """The standalone question, and the id of the article cited last (to prefer)."""
        q = question.strip()
        if not history:
            return q, None
        last = history[-1]
        prev = last.question
        m = NEW_SUBJECT.match(q)
        if m and not PRONOUN.search(q):
            new = m.group(1)
            place = PLACE.search(prev)
            if place:
                return prev.replace(place.group(), new, 1), last.answer_article_id
            return f"{new}{prev}", last.answer_article_id
        rewritten = q
        if PRONOUN.search(q) and last.answer_article_title:
            rewritten = PRONOUN.sub(_subject(last.answer_article_title), q, count=1)
        elif PRONOUN.search(q):
            rewritten = PRONOUN.sub(PLACE.search(prev).group() if PLACE.search(prev) else "", q, count=1)
        # carry over the place and time the conversation is about
        if not PLACE.search(rewritten) and (place := PLACE.search(prev)):
            rewritten = place.group() + rewritten
        if not TIME.search(rewritten) and (when := TIME.search(prev)):
            rewritten = when.group() + rewritten
        return rewritten, last.answer_article_id
