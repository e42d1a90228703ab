"""Where a name answer starts and ends, with the part-of-speech tagger's help: never inside a word or after
a foreign name's first syllable cut off as a word of its own (``word_start``), and with its note in brackets
read as the name (``outside_brackets``)."""

from __future__ import annotations

import re

from qa.text.patterns import sentence_bounds

# a bracket that widens the name before it ("格尔木市主城区（含农垦集团下辖…片区）") is part of the answer
SCOPE_NOTE = re.compile(r"[（(]\s*(?:含|包括|包含|不含)")
# the parts of speech that end a name read backwards: a preposition, verb, 的, conjunction, pronoun, adverb
NOT_IN_NAME = ("p", "v", "uj", "ul", "c", "r", "d", "x", "y")


# characters foreign names are spelled with, that the tagger may cut off as a word of their own
SYLLABLES = "勒尔克斯特德拉马尼诺夫卡普洛亚伊阿埃奥乌瓦巴布贝比迪菲弗格哈赫杰基库莱里罗鲁米莫纳内帕佩皮萨塞桑索塔泰图维沃谢雅耶约泽兹"


def word_start(text: str, start: int, end: int, pos) -> int:
    """A name never starts inside a word: "议|长科沙诺夫" starts at 议长, nor after the first syllable of a foreign
    name the tagger cut off ("的勒|科尔尼": 勒 tagged a verb) (``pos``: the tagger)."""
    at, words = max(0, start - 8), []
    for w in pos.cut(text[at:end]):
        if at < start < at + len(w.word) and re.fullmatch(r"[\u4e00-\u9fff]+", w.word):
            return at
        words.append(w)
        at += len(w.word)
        if at > start:
            break
    cut_off = len(words) >= 2 and len(words[-2].word) == 1 and words[-2].word in SYLLABLES and words[-1].flag == "nr"
    return start - 1 if cut_off and at - len(words[-1].word) == start else start


def outside_brackets(text: str, start: int, end: int, pos) -> tuple[int, int]:
    """A place or name whose note in brackets the model read answers with the name: "在格尔木市
    主城区（含农垦集团下辖河东、河西、园艺场片区，|格尔木工业园片区|）开展" → 格尔木市主城区 and, for a
    note of scope (含/包括), its bracket. The name is the words before the bracket back to a
    preposition, verb, 的 or punctuation (``pos``: a part-of-speech tagger). A span outside
    brackets is kept."""
    s0, s1 = sentence_bounds(text, start, end)
    opened = max(text.rfind("（", s0, start), text.rfind("(", s0, start))
    if opened < 0 or re.search(r"[）)]", text[opened:start]):
        return start, end
    # a name with a bracket inside it, read from within the bracket: "中国工商银行（|巴西）股份有限公司"
    inside = (m := re.search(r"[）)]", text[start:end])) and not re.search(r"[（(]", text[start : start + m.start()])
    close = re.compile(r"[）)]").search(text, end, s1)
    if not inside and (close is None or re.search(r"[（(]", text[end : close.start()])):
        return start, end
    head = opened
    for w in reversed(list(pos.cut(text[max(s0, opened - 24) : opened]))):
        if w.flag in NOT_IN_NAME or not w.word.strip() or re.search(r"[，,、；;。：:]", w.word):
            break
        head -= len(w.word)
    if opened - head < 2:
        return start, end
    if inside:
        return head, end
    return head, close.end() if SCOPE_NOTE.match(text, opened) else opened
