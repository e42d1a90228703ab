"""Short forms that Chinese statistics reports and news use side by side with the full term
("规上工业" / "规模以上工业"). A question is read in the form its passages print: the span model
matches words, so "规上工业增加值增长了多少" read against "规模以上工业企业增加值同比增长17.4％"
found the "规上工业增长21.7个百分点，增长35.3％" printed nearby instead."""

from __future__ import annotations

import re

# short form → full form; longest short forms first where one contains another
ABBREVIATIONS = (
    ("规上", "规模以上"),
    ("限上", "限额以上"),
    ("固投", "固定资产投资"),
    ("社零总额", "社会消费品零售总额"),
    ("社零", "社会消费品零售总额"),
    ("GDP", "地区生产总值"),
)
# the short names of government bodies ("市场监管局" / "城西区市场监督管理局"): spelled out only
# where no passage prints the short form, which reports use as the body's name as often
BODIES = (
    ("市场监管", "市场监督管理"),
    ("住建", "住房和城乡建设"),
    ("人社", "人力资源和社会保障"),
    ("卫健委", "卫生健康委员会"),
    ("发改委", "发展和改革委员会"),
)


# a meeting said short by leaving out the middle of its name ("动员会" for "动员部署会", "推进会" for
# "推进工作会"): the question's two characters before 会/会议, as the passages print them with more between
# (a meeting noun ends its word: not 会见, 会谈, 会员)
SHORT_MEETING = re.compile(r"[\u4e00-\u9fff]{2}(?:会议|会)(?=[是在于上召举开由的和与将已，,。？?、\s]|$)")


def said_in_full(short: str, text: str) -> str | None:
    """How ``text`` prints ``short`` with up to four characters left out after its first two
    ("动员会" → "动员部署会"), or None."""
    full = re.search(re.escape(short[:2]) + r"[\u4e00-\u9fff]{1,4}?" + re.escape(short[2:]), text) if len(short) >= 3 else None
    return full.group() if full else None


def meeting_in_full(question: str, passages: list[str]) -> str:
    """``question`` with a meeting no passage prints as asked named as the first passage prints it
    with the same head and type and at most four characters between ("巡察动员会" → "巡察动员部署会")."""
    for m in SHORT_MEETING.finditer(question):
        said = m.group()
        if any(said in p for p in passages):
            continue
        full = next((f for p in passages if (f := said_in_full(said, p))), None)
        if full:
            return question.replace(said, full, 1)
    return question


def spelled_out(question: str, passages: list[str]) -> str:
    """``question`` with each short form that the passages print in full (and the question does
    not) replaced by the full form; unchanged when no passage prints it. A meeting said short is
    named in full (``meeting_in_full``)."""
    question = meeting_in_full(question, passages)
    for short, full in ABBREVIATIONS:
        if short in question and full not in question and any(full in p for p in passages):
            question = question.replace(short, full)
    for short, full in BODIES:
        if short in question and full not in question and any(full in p for p in passages) and not any(short in p for p in passages):
            question = question.replace(short, full)
    return question
