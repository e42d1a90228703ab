"""A person's post: "王宏担任什么职务", "王宏的职务是什么", or "王卫东是谁" asked of a name. News
prints a person's posts right before the name, joined by 、 ("市委常委、纪委书记、监委主任、市委巡察
工作领导小组常务副组长王宏参加会议"), so the answer is that run of posts, back to where a
preposition, a verb or a mark ends it; a name printed without posts does not answer."""

from __future__ import annotations

import re

from qa.read.question import Question

# "X担任什么职务", "X是什么身份", "X的职务是什么", "X现任何职"
ASKS_POST = re.compile(r"^(?P<name>[\u4e00-\u9fff·]{2,6}?)(?:现在|目前|现)?(?:担任|任|是|的)?(?:什么|何|哪个|哪些|啥)?"
                       r"(?:职务|职位|官职|头衔|身份|何职)(?:是|为|有)?(?:什么|啥|哪些)?$")
# "X是谁" where X is a person's name (not "市长是谁", which asks for a name)
ASKS_WHO = re.compile(r"^(?P<name>[\u4e00-\u9fff·]{2,4})是(?:谁|什么人|何人)$")
# how a post ends: the word right before the name must be one
POST_END = re.compile(r"(?:书记|主任|长|委员|常委|主席|组长|经理|董事|总监|记者|通讯员|教授|研究员|工程师|发言人|代表|专员|秘书|"
                      r"总裁|政委|司令员?|主编|大使|参赞|理事|监事|干事|院士|会计师|律师|馆员|总统|总理|首相|大臣|国王|女王|王储|议员|法官|检察官)$")
# parts of speech that end a run of posts read backwards: a preposition, a conjunction, an
# auxiliary (的, 等), a pronoun, an adverb, a numeral, a modal particle, another person's name
NOT_IN_POST = ("p", "c", "u", "r", "d", "m", "y", "nr")


def asked_person(question: Question, pos) -> str | None:
    """The name whose post the question asks for, or None. ``pos`` tags parts of speech: for
    "X是谁", X must be a person's name."""
    core = re.sub(r"[?？。!！\s]+$", "", question.normalized)
    if (m := ASKS_POST.match(core)) is not None:
        return m.group("name")
    if (m := ASKS_WHO.match(core)) is not None:
        name = m.group("name")
        if any(w.flag.startswith("nr") for w in pos.cut(name)):
            return name
    return None


def post_before(view: str, at: int, pos) -> int | None:
    """Where the posts printed right before a name at ``at`` begin, or None when none is."""
    s0 = max((view.rfind(mark, 0, at) + 1 for mark in "。！？!?\n；;，,：:（("), default=0)
    words = list(pos.cut(view[s0:at]))
    start = at
    for i, w in enumerate(reversed(words)):
        if w.word in ("、", "兼"):  # posts held together: "第一副总理兼经济发展部长"
            start -= len(w.word)
            continue
        if w.flag == "m" and w.word.startswith("第") and i:  # a post's rank ("第一副|总理"), not a count
            start -= len(w.word)
            continue
        # a verb right before the name ("看望|王宏") or of one character ("特别是|省委书记") is no post's
        verb = w.flag.startswith("v") and (i == 0 or len(w.word) == 1)
        if w.flag.startswith(NOT_IN_POST) or verb or not w.word.strip() or (w.flag == "x" and w.word != "、"):
            break
        start -= len(w.word)
    while start < at and view[start] in "、兼":
        start += 1
    if at - start < 2 or not POST_END.search(view[start:at]):
        return None
    return start


def post_spans(question: Question, views: list[str], pos) -> list[list[tuple[int, int]]] | None:
    """For a question about a person's post, the posts printed before each mention of the name
    in each passage: candidates the model scores, and the only ones that answer; None for any
    other question."""
    name = asked_person(question, pos)
    if name is None:
        return None
    out = []
    for view in views:
        spans = []
        for m in re.finditer(re.escape(name), view):
            start = post_before(view, m.start(), pos)
            if start is not None:
                spans.append((start, m.start()))
        out.append(spans)
    return out

