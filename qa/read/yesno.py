"""Whether the text says yes or no to a yes/no question ("西成铁路项目复工了吗？"): the answer is
the clause that states it, and a verdict only where that clause states it — the question's words
printed there without a negation before them (是), or with one (否). Otherwise no verdict."""

from __future__ import annotations

import re

from qa.read.snapping import whole_clause
from qa.text.paraphrase import printed_as
from qa.text.patterns import sentence_bounds

NEGATION = r"(?:尚未|并未|还未|没有|未能|不再|并非|不是|没|未|不|无|非|停)"
# what may stand between a negation and the verb it negates: "没有|被完全|扑灭", "未能|如期|完工"
MANNER = r"(?:被|完全|全部|彻底|全面|完整|再|曾|能够?|得到|按时|如期|及时|真正|有效|顺利|正式|立即|马上|一直)"
NEGATED_BEFORE = re.compile(rf"{NEGATION}{MANNER}*$")
ENOUGH = 0.6  # of the question's words the clause must print to state it
# a verb under a plan or an aim states no fact: "力争年底前建成西宁机场三期" says nothing of whether it is built
PLANNED_BEFORE = re.compile(r"(?:力争|争取|计划|拟|预计|将于?|确保|力求|有望|目标|准备|即将|打算)[^，,。；;]{0,6}$")


def verdict(question_words: list[str], predicate: str | None, clause: str, negated_question: bool = False) -> str | None:
    """``是`` or ``否`` where ``clause`` states the question — its ``predicate`` (the verb asked
    about: 复工, 取消) and most of ``question_words`` (its content words) are printed there — by
    whether a negation stands right before one of them (flipped for a question that is itself
    negated: "还没有复工吗？" against "已全面复工" is 否); none where the verb is planned ("力争年底前建成"). A paraphrase ("进入" for "跻身") states
    nothing here: the clause is then only support, with no verdict."""
    words = [w for w in dict.fromkeys(question_words) if len(w) >= 2]
    if not words or (predicate and predicate not in clause):
        return None
    found = [w for w in words if w in clause]
    if len(found) < ENOUGH * len(words):
        return None
    if predicate and all(PLANNED_BEFORE.search(clause[max(0, i - 8) : i]) for i in _positions(clause, predicate)):
        return None  # planned, not done
    negated = any(NEGATED_BEFORE.search(clause[max(0, i - 8) : i]) for w in found for i in _positions(clause, w))
    return "否" if negated != negated_question else "是"


def is_negated(question: str, predicate: str | None) -> bool:
    """Whether the question asks about its verb negated ("还没有复工吗")."""
    return bool(predicate) and any(NEGATED_BEFORE.search(question[max(0, i - 8) : i].rstrip("还")) for i in _positions(question, predicate))


def predicate_of(tagged: list[tuple[str, str]]) -> str | None:
    """The verb a yes/no question asks about: its last verb ("西成铁路项目复工了吗" → 复工); where it
    has none but 有, the noun had ("加州地震有人员伤亡吗" → 人员伤亡)."""
    verbs = [w for w, flag in tagged if flag.startswith("v") and len(w) >= 2]
    if verbs:
        return verbs[-1]
    had = [n for (w, _), (n, flag) in zip(tagged, tagged[1:]) if w == "有" and flag.startswith("n") and len(n) >= 2]
    return had[-1] if had else None


def _positions(text: str, word: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(word), text)]


def stated_verdict(focus: list[str], asked_verb: str | None, question: str, question_left: str, view: str, start: int, end: int) -> str:
    """是 or 否 where the sentence of ``view[start:end]`` states the yes/no question (its content
    words ``focus``, its verb ``asked_verb``; ``question_left``: the question without its 吗/是否/有没有), else "support"."""
    if not asked_verb and not re.search(r"是|有", question):
        return "support"  # no verb, no 是 or 有 ("中信昆仑了吗"): nothing asked that a clause could state
    s0, s1 = sentence_bounds(view, start, end)
    # the verb as the sentence prints it: "进入…了吗" is stated by "跻身…"
    verb = (printed_as(asked_verb, view[s0:s1]) or asked_verb) if asked_verb else None
    focus = [verb if w == asked_verb else w for w in focus]
    return verdict(focus, verb, view[s0:s1], is_negated(question_left, asked_verb)) or "support"


def with_asked_verb(asked_verb: str | None, view: str, folded: str, start: int, end: int) -> tuple[int, int]:
    """A yes/no answer's evidence reaches the clause of its sentence that prints the verb asked
    about ("西宁锂电产业集群|，跻身全国百强产业集群" for "…跻身全国百强了吗"); the ranking
    features stay those of the span the model found."""
    s0, s1 = sentence_bounds(view, start, end)
    verb = printed_as(asked_verb, folded[s0:s1]) if asked_verb else None
    if not verb or verb in folded[start:end]:
        return start, end
    at = folded.find(verb, s0, s1)
    return whole_clause(view, min(start, at), max(end, at + len(verb)))
