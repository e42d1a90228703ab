"""Snapping a span the model proposed to what can answer: never past its sentence, never
starting on punctuation or inside a number, exactly the quantity or date for 多少/哪天 (with its
relation word: 年底前, 3月25日起), the whole subject of "…，是…", the whole list for 哪些."""

from __future__ import annotations

import re

from qa.read.kinds import TYPED
from qa.read.question import Question
from qa.text.patterns import DATELINE, HAS_NUMERAL, SENTENCE_END, STATEMENT_END, clause_bounds, sentence_bounds

# questions answered by a clause or a sentence rather than a word: 为什么, 如何, 进展如何, 有什么要求, …吗
CLAUSE_ANSWERS = ("reason", "method", "description", "yesno")
SHORTEST_CLAUSE = 8  # a clause shorter than this is read with the rest of its sentence

TIME_RELATION = re.compile(r"(?:以前|之前|以后|之后|以来|左右|前后|期间|前|后|起)(?=[\u4e00-\u9fff])")


def snap(text: str, start: int, end: int, answer_type: str) -> tuple[int, int]:
    """Trim a span to what can answer the question: never past the end of its sentence; for a
    number, percent, date or time, the quantity (or date) it starts with, not the clause after it
    ("48.7万件，新能源汽车…" → "48.7万件")."""
    # an answer never starts with punctuation ("：12377" → "12377")
    while start < end and text[start] in "：:，,、；;。 \n":
        start += 1
    # a span that starts inside a number starts with it ("10.|5GWh" → "10.5GWh")
    while start > 0 and re.fullmatch(r"\d[\d.,]|[.,]\d", text[start - 1 : start + 1]):
        start -= 1
    cut = SENTENCE_END.search(text, start, end)
    if cut and cut.start() > start:
        end = cut.start()
    # a quotation or title mark the span opens is closed with it ("“百强产业集群|”" → both marks)
    for opener, closer in ("“”", "《》", "「」"):
        if text.count(opener, start, end) > text.count(closer, start, end) and text[end : end + 1] == closer:
            end += 1
    pattern = TYPED.get(answer_type)
    if answer_type in ("number", "percent") and not pattern.match(text, start):
        # the counted thing before the quantity is not part of the answer ("保洁员8人" → "8人"),
        # a rate is ("每5年")
        inside = next((m for m in pattern.finditer(text, start, end) if re.match(r"\D{0,4}\d", m.group())), None)
        if inside and not re.search(r"\d|每", text[start : inside.start()]):
            start = inside.start()
    if answer_type == "ordinal" and not pattern.match(text, start):
        # "增速位列全州第一" → 第一: the place in the order the span holds
        inside = pattern.search(text, start, end)
        start = inside.start() if inside else start
    if pattern is not None:
        m = pattern.match(text, start)
        if m and m.end() > start:
            if answer_type in ("number", "percent", "code"):
                # exactly the quantity or code: "77家规模以上工业企业…" → "77家", and "801件|次" → "801件次"
                end = m.end()
            else:
                # the whole date or time, not what follows it ("11月4日|在主城区", "2013年|开始"), nor
                # less ("2017年10月至2024年|3月"); a relation word is added back below ("3月25日起")
                end = m.end()
    if answer_type in ("date", "time") and (pattern.match(text, start) is None) and re.search(r"[，,；;]", text[start:end]):
        # a date the model read across clauses is the date printed nearest its end ("五月初…公告，
        # 该行早在2021年" → 2021年)
        dates = [m for m in pattern.finditer(text, start, end) if HAS_NUMERAL.search(m.group())]
        if dates:
            start, end = dates[-1].span()
    if answer_type in ("date", "time"):  # "年底|前建成" → 年底前: the relation is part of the time
        rel = TIME_RELATION.match(text, end)
        if rel:
            end = rel.end()
    return start, end


# "X，是Y" / "X为Y": X is the subject of a copula
COPULA_AFTER = re.compile(r"[，,]?(?:就是|是|为)")


def whole_subject(text: str, start: int, end: int) -> int:
    """Where an answer that is the subject of "…，是…" starts: at its sentence's start, when the
    span leaves out no more than a short word there ("。加快|构建新发展格局，是推动高质量发展的战略基点"
    → 加快构建新发展格局). Any other span keeps its start."""
    if not COPULA_AFTER.match(text, end):
        return start
    # only a sentence's first clause is its subject: "沼鹿，又名|泽鹿，是…" keeps its start
    opening = max((m.end() for m in SENTENCE_END.finditer(text, max(0, start - 5), start)), default=0 if start <= 4 else None)
    if opening is None or not 0 < start - opening <= 4 or not re.fullmatch(r"[\u4e00-\u9fff]+", text[opening:start]):
        return start
    return opening


def typed_spans(question: Question, views: list[str], per_passage: int = 40) -> list[list[tuple[int, int]]] | None:
    """Every quantity (for 多少) or date/time (for 哪天/几点) printed in each passage: candidates
    the model scores even when its own best spans missed them."""
    pattern = TYPED.get(question.answer_type)
    if pattern is None:
        return None
    return [[m.span() for m in pattern.finditer(view) if HAS_NUMERAL.search(m.group())][:per_passage] for view in views]


# a bracket that widens the name before it ("格尔木市主城区（含农垦集团下辖…片区）") is part of the answer
SCOPE_NOTE = re.compile(r"[（(]\s*(?:含|包括|包含|不含)")
# the parts of speech that end a name read backwards: a preposition, verb, 的, conjunction, pronoun, adverb
NOT_IN_NAME = ("p", "v", "uj", "ul", "c", "r", "d", "x", "y")


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
    close = re.compile(r"[）)]").search(text, end, s1)
    if close is None or re.search(r"[（(]", text[end : close.start()]):
        return start, end
    head = opened
    for w in reversed(list(pos.cut(text[max(s0, opened - 24) : opened]))):
        if w.flag in NOT_IN_NAME or not w.word.strip() or re.search(r"[，,、；;。：:]", w.word):
            break
        head -= len(w.word)
    if opened - head < 2:
        return start, end
    return head, close.end() if SCOPE_NOTE.match(text, opened) else opened


# a question that asks for several things ("哪两个项目", "哪些单位"): the answer is a list
PLURAL = re.compile(r"哪(?:些|几|[两二三四五六七八九十]+)[个家项位座种名条]?|分别")
COUNTS = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
# adverbs that open a predicate after a listed subject ("…工程已全面复工"): a list item ends there
PREDICATE_OPENERS = ("已", "已经", "均", "都", "正在", "正", "将", "也", "分别", "全部", "先后", "相继", "共同", "目前", "仍")
LIST_JOINERS = "、和与及"


COUNTED = re.compile(r"^[大个家项位座种名条所批]?")


def _past_asked_words(view: str, start: int, first_mark: int, asked: str) -> int:
    """Where a list's first item starts: after the last of the question's words (two characters)
    printed before its first 、 ("打造|光伏制造、"), else at ``start``."""
    found = [at + 2 for i in range(len(asked) - 1) if (at := view.rfind(asked[i : i + 2], start, first_mark)) >= 0]
    return max(found, default=start)


def asked_count(question: Question) -> tuple[str, int] | None:
    """How many things a question asks for: ("三", 3) for 哪三大, ("些", 0) for 哪些 or 分别 (any
    number), None when it asks for one."""
    m = PLURAL.search(question.normalized)
    if not m:
        return None
    word = re.sub(r"^哪|[个家项位座种名条]$", "", m.group())
    return word, COUNTS.get(word, 0)


def listed_spans(question: Question, views: list[str]) -> list[list[tuple[int, int]]] | None:
    """For "哪三大产业集群", the list each passage prints before the count and the noun ("打造|光伏制造、
    锂电储能、特色化工和合金新材料|三大产业集群"): candidates the model scores even where its own best
    spans were one item or a distractor. Items are joined by 、; the first one starts at its clause
    or after the question's own last word before it (打造)."""
    count, wanted = asked_count(question) or ("", 0)
    noun = re.split(r"[，,。？?！!]", question.right)[0]
    noun = noun[COUNTED.match(noun).end() :][:4]
    if not wanted or len(noun) < 2:
        return None
    numeral = f"(?:{count}|{wanted})"
    after = re.compile(rf"{numeral}[大个家项位座种名条所批]?{re.escape(noun)}")
    out = []
    for view in views:
        spans = []
        for hit in after.finditer(view):
            end = hit.start()
            s0, _ = sentence_bounds(view, end, end)
            start = max((x.end() for x in STATEMENT_END.finditer(view, s0, end)), default=s0)
            if "、" not in view[start:end]:
                continue
            start = _past_asked_words(view, start, view.find("、", start, end), question.left[-4:])
            if 2 <= end - start <= 60:
                spans.append((start, end))
        out.append(spans)
    return out if any(out) else None


def states_list(question: Question, span) -> bool:
    """A span listing as many items as "哪三大产业集群" asks, followed by the question's words after
    its count ("光伏制造、锂电储能、特色化工和合金新材料|三大产业集群"): the text states the answer."""
    _, wanted = asked_count(question) or ("", 0)
    if not wanted or span.features.get("right_adjacent", 0.0) < 1.0:
        return False
    items = span.text.count("、") + 1
    return wanted == items or (wanted == items + 1 and re.search(r"[和及与]", span.text.rsplit("、", 1)[-1]) is not None)


def extend_list(text: str, start: int, end: int, question: Question, words) -> tuple[int, int]:
    """For a question asking for several things, extend a span that ends where a list goes on
    ("西成铁路项目|、西宁机场三期改扩建工程已全面复工" → both projects): add the items joined by
    、/和/与/及, each cut where the question's own words or a predicate adverb begin, up to the
    number asked for. Other questions are left alone."""
    if (asked := asked_count(question)) is None:
        return start, end
    wanted = asked[1] or 8  # 哪些, 分别: all
    asked = {w for w in words(question.right) if len(w) >= 2} - set(words(text[start:end]))
    items = 1
    while items < wanted and end < len(text) and text[end] in LIST_JOINERS:
        clause = re.match(r"[^，,。；;、！？!?\n和与及等]{1,30}", text[end + 1 :])  # a list ends at 等
        if not clause:
            break
        cut, pos = 0, 0
        for w in words(clause.group()):
            if w in PREDICATE_OPENERS or w in asked:
                break
            pos += len(w)
            cut = pos
        if cut == 0:
            break
        end += 1 + cut
        items += 1
    return start, _numbered_items(text, start, end, wanted - items + 1)


NUMBERED_ITEM = re.compile(r"[ \t]*(?:(\d{1,2})[.、．]|[（(](\d{1,2})[)）])")


def _numbered_items(text: str, start: int, end: int, wanted: int) -> int:
    """A span that is the head of a numbered line ("1.物业服务68件") reaches the heads of the lines
    numbered after it ("…\n2.噪音问题36件…\n3.交通秩序33件"): the list is the answer, as one slice."""
    line = text.rfind("\n", 0, start) + 1
    m = NUMBERED_ITEM.match(text, line)
    if not m or start > m.end() or text.find("\n", start, end) >= 0:
        return end
    number, items = int(m.group(1) or m.group(2)), 1
    while items < wanted and (nl := text.find("\n", end)) >= 0:
        nxt = NUMBERED_ITEM.match(text, nl + 1)
        if not nxt or int(nxt.group(1) or nxt.group(2)) != number + 1:
            break
        head = re.match(r"[^，,。；;：:\n]{1,30}", text[nxt.end() :])
        if not head:
            break
        end, number, items = nxt.end() + head.end(), number + 1, items + 1
    return end



def whole_clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause (or clauses) a span touches, for a question answered by a clause: "在钾肥和碳酸锂
    两种重点产品有力带动|下" → the whole "在钾肥和碳酸锂两种重点产品有力带动下". An enumeration
    inside a clause stays whole; a clause too short to say anything is read with its sentence."""
    c0, c1 = clause_bounds(text, start, end, STATEMENT_END)
    if len(text[c0:c1].strip()) < SHORTEST_CLAUSE:
        c0, c1 = sentence_bounds(text, start, end)
    # a clause that closes a bracket it did not open starts with the clause that opened it
    # ("…园艺场片区，格尔木工业园片区）开展全员核酸检测" → from "2022年11月4日在格尔木市主城区（含…")
    s0, _ = sentence_bounds(text, c0, c0)
    for opener, closer in ("（）", "()"):
        while text.count(closer, c0, c1) > text.count(opener, c0, c1) and (at := text.rfind(opener, s0, c0)) >= 0:
            c0 = clause_bounds(text, at, at, STATEMENT_END)[0]
    while c0 < c1 and text[c0] in " \n":
        c0 += 1
    lead = DATELINE.match(text, c0)
    if lead and c0 < lead.end() < c1:  # the clause is what the report says, not its dateline
        c0 = lead.end()
    while c1 > c0 and text[c1 - 1] in " \n":
        c1 -= 1
    return (c0, c1) if c1 > c0 else (start, end)


def with_previous_clause(text: str, start: int) -> int:
    """Where the clause before ``start`` begins, within its sentence: a clause that restates a
    如何/为什么 question is answered by the one before it ("主动向国家有关部委汇报衔接，|全力争取
    政策倾斜和资金支持" for "如何争取资金支持")."""
    s0, _ = sentence_bounds(text, start, start)
    cut = start
    while cut > s0 and text[cut - 1] in "，,；;：: ":
        cut -= 1
    marks = [m.end() for m in STATEMENT_END.finditer(text, s0, cut)]
    if cut == start and not marks:
        return start  # the sentence's first clause: what comes before it is a dateline, not a clause
    previous = max(marks, default=s0)
    return previous if previous < cut else start


def extend_list_back(text: str, start: int, question: Question) -> int:
    """For a question asking for several things, the items listed before the span with 、
    ("西成铁路项目、|西宁机场三期改扩建工程" → both), each back to its clause's start."""
    if not PLURAL.search(question.normalized):
        return start
    s0, _ = sentence_bounds(text, start, start)
    while start - 1 > s0 and text[start - 1] == "、":
        previous = max((m.end() for m in STATEMENT_END.finditer(text, s0, start - 1)), default=s0)
        item = max(previous, text.rfind("、", s0, start - 1) + 1)
        if start - 1 - item < 2:
            break
        start = item
    return start
