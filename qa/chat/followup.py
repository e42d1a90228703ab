"""Follow-up questions without a language model: rewrite a short or elliptical question into a
standalone one from the previous turns.

Rules, in order:
1. ``那X呢？`` / ``X呢？`` / ``X怎么样？`` (a new X, the rest elided) rewrites the previous
   question with X in place of what X stands for: a time replaces its time (``那3月26日呢？``),
   a place replaces its place (``那西宁呢？``), anything else replaces its subject, the noun
   phrase before its verb (``那西宁机场呢？`` after ``西成铁路项目什么时候复工？``).
2. A pronoun for the topic (它, 其, 该项目, 这个项目, 此事, 他们…) becomes the previous
   question's subject, or, when that has none, the head of the headline cited last.
3. A question that names no place or no time keeps the place and time of the previous question,
   so "直接办理了多少件？" after a 3月25日 question stays on that day.
The article cited last is also returned, so the caller can prefer it when scores are close.

Places are words jieba tags ``ns``, names ending in 省/市/县/州/区/镇/乡/村, and the cities the
open index knows (``known_places``, from the articles' inferred cities).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.text.tokenize import ChineseTokenizer

PRONOUN = re.compile(r"(?:这个|那个|该|此)(?:项目|工程|企业|公司|会议|活动|事|事件|地方|城市|文件|通告|报告|产业集群|产业|集群|行业)|它们|它|其(?![中他实次余])|他们|她们|此事")
NEW_SUBJECT = re.compile(r"^(?:那么?|那|还有|再问一下|那么)?\s*(.{1,16}?)\s*(?:呢|怎么样|如何|的情况呢|情况如何)[？?。]?$")
PLACE_SUFFIX = re.compile(r"[\u4e00-\u9fff]{1,6}?(?:省|市|县|州|区|镇|乡|村)(?![委场民长级])")
TIME = re.compile(
    r"(?:\d{4}年)?\d{1,2}月(?:\d{1,2}[日号])?(?:[上下]午)?|\d{4}年|[前去今明]年|[一二三四]季度|上半年|下半年|前[两三四五六七八九十]个月"
    r"|\d{1,2}月[—-]\d{1,2}月|[上下本]个?月|[上下本]周|昨天|今天|前天")
SCOPE = re.compile(r"^(?:全国|全省|全市|全县|全州|全区|我省|我市|我县|我州|我区)$")
SUBJECT_TAGS = ("n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "j", "eng", "m", "q", "mq", "vn", "an", "l", "i", "f", "s", "b")
QUESTION_WORDS = ("什么", "多少", "几", "哪", "谁", "怎么", "如何", "为何", "为什么", "是否", "有没有")


@dataclass
class Turn:
    question: str  # as rewritten (standalone)
    answer_article_title: str | None = None
    answer_article_id: str | None = None


class FollowUpResolver:
    """``tokenizer``: a ChineseTokenizer whose jieba dictionary tags parts of speech;
    ``known_places``: place names the index knows (its articles' cities)."""

    def __init__(self, tokenizer=None, known_places: set[str] | None = None) -> None:
        self.tokenizer = tokenizer if tokenizer is not None else ChineseTokenizer()
        self.known_places = set(known_places or ())

    def _tags(self, text: str) -> list[tuple[str, str]]:
        return [(w.word, w.flag) for w in self.tokenizer.pos.cut(text)]

    # ---- what a question is about ----
    def places(self, text: str) -> list[str]:
        found = [p for p in self.known_places if p and p in text]
        found += [w for w, f in self._tags(text) if f == "ns"]
        found += [m.group() for m in PLACE_SUFFIX.finditer(text)]
        found += [w for w, f in self._tags(text) if SCOPE.match(w)]
        # longest first, in order of appearance
        found = sorted(set(found), key=lambda p: (text.find(p), -len(p)))
        out: list[str] = []
        for p in found:
            if not any(p in q for q in out):
                out.append(p)
        return out

    def is_place(self, text: str) -> bool:
        places = self.places(text)
        return bool(places) and len(places[0]) >= len(text) - 1

    @staticmethod
    def is_time(text: str) -> bool:
        m = TIME.search(text)
        return bool(m) and len(m.group()) >= len(text) - 1

    def subject(self, question: str) -> str | None:
        """The noun phrase before the question's verb: ``西成铁路项目`` in ``西成铁路项目什么时候复工？``
        (a leading time is skipped)."""
        tags = self._tags(question)
        pos = 0
        words: list[str] = []
        for w, f in tags:
            if not words and (TIME.fullmatch(w) or f == "t"):
                pos += len(w)
                continue
            if any(w.startswith(q) for q in QUESTION_WORDS) or not (f.startswith(SUBJECT_TAGS) or f in SUBJECT_TAGS):
                break
            words.append(w)
        subject = "".join(words)
        return subject if len(subject) >= 2 else None

    # ---- rewriting ----
    def rewrite(self, question: str, history: list[Turn]) -> tuple[str, str | None]:
        """The standalone question, and the id of the article cited last (to prefer)."""
        q = question.strip()
        if not history:
            return q, None
        last = history[-1]
        prev = last.question.strip()
        m = NEW_SUBJECT.match(q)
        if m and not PRONOUN.search(q):
            return self._substitute(prev, m.group(1).strip()), last.answer_article_id
        rewritten = q
        if PRONOUN.search(q):
            topic = self.subject(prev) or (self.subject(last.answer_article_title) if last.answer_article_title else None)
            if topic:
                rewritten = PRONOUN.sub(topic, q, count=1)
        # carry over the place and time the conversation is about
        prev_places, now_places = self.places(prev), self.places(rewritten)
        if prev_places and not now_places and prev_places[0] not in rewritten:
            rewritten = prev_places[0] + rewritten
        if not TIME.search(rewritten) and (when := TIME.search(prev)):
            rewritten = when.group() + rewritten
        return rewritten, last.answer_article_id

    def _substitute(self, prev: str, new: str) -> str:
        """``prev`` with ``new`` in place of the time, place or subject it stands for."""
        if self.is_time(new) and (old := TIME.search(prev)):
            return prev.replace(old.group(), new, 1)
        if self.is_place(new) and (old_places := self.places(prev)):
            return prev.replace(old_places[0], new, 1)
        subject = self.subject(prev)
        if subject and subject not in new:
            return prev.replace(subject, new, 1)
        return f"{new}{prev}"
