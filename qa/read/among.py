"""Enumerations a statistics report opens with 其中： ("…重点行业保持增长。其中：A增长31.6%，B增长12.0%…"):
the whole enumeration as one answer to a 哪些 question, and the sentence it goes on from, which states
what its items are."""

from __future__ import annotations

import re
from os.path import commonprefix  # of strings, not only paths

from qa.read.lists import asked_after, asked_count
from qa.read.question import Question
from qa.text.patterns import sentence_bounds

# "…重点行业保持增长。其中：A增长31.6%，B增长12.0%…": the things a statistics report goes on to name
AMONG = re.compile(r"其中[：:]")
# the clause that sums the enumeration up ("，以上七个行业…合计占…") is not one of its items
SUMMING_UP = re.compile(r"[，,；;](?:以上|上述|合计|共计|总计)")
LONGEST_ENUMERATION = 240  # characters


def enumerated_spans(question: Question, views: list[str]) -> list[list[tuple[int, int]]] | None:
    """For "哪些重点行业增长了", what follows 其中： after a sentence that names the question's noun
    (the whole enumeration, up to its sentence's full stop and before a clause that sums it up);
    None for a question that asks for one thing or a count of things."""
    count, wanted = asked_count(question) or ("", 0)
    noun = asked_after(question)[:2]
    if count in ("", "分别") or wanted or len(noun) < 2:
        return None
    out = []
    for view in views:
        spans = []
        for m in AMONG.finditer(view):
            before = view[max(0, m.start() - 40) : m.start()]
            stop = re.compile(r"[。！？!?\n]").search(view, m.end())
            end = stop.start() if stop else len(view)
            if summed := SUMMING_UP.search(view, m.end(), end):
                end = summed.start()
            while end > m.end() and view[end - 1] in "；;，,、 \n":  # a passage that ends inside it: no trailing mark
                end -= 1
            if noun in before and 4 <= end - m.end() <= LONGEST_ENUMERATION:
                spans.append((m.end(), end))
        out.append(spans)
    return out if any(out) else None


def named_before(view: str, start: int) -> str:
    """The sentence an enumeration after 其中： goes on from."""
    s0, _ = sentence_bounds(view, max(0, start - 4), max(0, start - 4))
    return view[s0:start]


def enumeration_lead(view: str, at: int) -> str:
    """The sentence before the 其中： of the enumeration ``at`` is in ("…产品产量保持增长。其中：单晶硅
    3.6万吨，…；|铝材14.3万吨"), or "" outside one."""
    start = view.rfind("其中", max(0, at - LONGEST_ENUMERATION), at)
    if start < 0 or not AMONG.match(view, start) or re.search(r"[。！？!?\n]", view[start:at]):
        return ""
    return named_before(view, start + 3)


SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
SHARED_OPENING = 4  # characters: sentences that open with as many of the same words are items of one enumeration
PARALLEL_ITEMS = 3  # sentences: two that open alike may only share a subject ("活动内容包括…。活动内容及参与方式")


def parallel_spans(question: Question, views: list[str]) -> list[list[tuple[int, int]]] | None:
    """For "会议强调要重点监督检查哪些方面", the sentences in a row that open with the same words, four of which the
    question prints ("要重点监督检查A…。要重点监督检查B…。要重点监督检查C…"): from after the first one's opening to the
    last one's end, as one enumeration; None for a question that asks for one thing."""
    count, wanted = asked_count(question) or ("", 0)
    if count in ("", "分别"):
        return None
    asked = re.sub(r"\s", "", question.left)
    out = []
    for view in views:
        sentences = [(m.start() + len(m.group()) - len(m.group().lstrip()), m.end()) for m in SENTENCE.finditer(view) if m.group().strip()]
        spans, i = [], 0
        while i < len(sentences):
            j, opening = i + 1, ""
            while j < len(sentences) and len(shared := commonprefix([view[a:b] for a, b in sentences[i : j + 1]])) >= SHARED_OPENING:
                opening, j = shared, j + 1
            said = any(opening[k : k + SHARED_OPENING] in asked for k in range(len(opening) - SHARED_OPENING + 1))
            if opening and said and j - i >= max(PARALLEL_ITEMS, wanted):  # ("要重点监督检查" ↔ "要求巡察组重点监督检查")
                end = sentences[j - 1][1] - (view[sentences[j - 1][1] - 1] in "。！？!?")
                if end - sentences[i][0] <= 2 * LONGEST_ENUMERATION:
                    spans.append((sentences[i][0] + len(opening), end))
            i = j
        out.append(spans)
    return out if any(out) else None
