"""The explainable features a candidate span is ranked by: the model's logits, the question's
wording around the span (its predicate before it, its words after it, in the clause and the
sentence), the measure word, the form of the span, and the passage's retrieval score."""

from __future__ import annotations

import re

from qa.models import Span
from qa.read.kinds import TYPED, dimension
from qa.read.question import LINKERS, Question
from qa.text.paraphrase import printed_as
from qa.text.patterns import (
    CLAUSE_END,
    DATELINE,
    HAS_NUMERAL,
    LEADING_NUMBER,
    MEASURE,
    NUMBER_RE,
    STATEMENT_END,
    clause_bounds,
    measure_word,
    sentence_bounds,
    soft_overlap,
)

RANK_FEATURES = ("score", "margin", "left", "adjacent", "restated", "right", "right_adjacent", "right_other", "named_after",
                 "typed_quantity", "typed_time", "typed_entity", "near", "clause", "clause_words", "clause_best", "clause_distinct",
                 "counted", "sentence", "unit", "unit_other", "passage", "passage_top")
# the longest restatement ``restated`` tells apart, in characters (spaces and linking words aside)
RESTATED = 12


def calibration_features(score: float, null_score: float, passage_score: float = 0.0, passage_top: float = 0.0) -> dict[str, float]:
    """The model's logit, its margin over the window's "no answer here" logit, and how the
    retriever rated the passage (its fused score, and whether it was the top passage)."""
    return {"margin": score - null_score, "score": score, "passage": passage_score, "passage_top": passage_top}


def item_start(text: str, start: int, c0: int, figures: list) -> int | None:
    """Where the enumeration item holding ``start`` begins: after the last 、 that follows another
    figure of the clause (``figures``: its quantities); None when no figure comes before it."""
    previous = max((m.end() for m in figures if m.end() <= start), default=None)
    if previous is None:
        return None
    mark = text.rfind("、", max(c0, previous), start)
    return mark + 1 if mark >= 0 else None


def statement_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """What a sentence says about the figure ``text[start:end]``: its comma-level clause (an
    enumeration inside it stays whole: "受理网民举报色情、赌博等违法信息1777.3万件"), cut at the
    figures printed before and after it and at the enumeration mark after it ("A接收举报37件、
    B接收举报5件": "、B接收举报" is 5件's)."""
    c0, c1 = clause_bounds(text, start, end, STATEMENT_END)
    # (a number a name holds is no figure: "PM2.5|平均浓度为55微克/立方米")
    figures = [m for m in NUMBER_RE.finditer(text, c0, c1) if HAS_NUMERAL.search(m.group()) and not re.match(r"[A-Za-z]", text[m.start() - 1 : m.start()])]
    c0 = max([c0] + [m.end() for m in figures if m.end() <= start])
    if re.match(r"\s*的", text[end:c1]) is None:
        c1 = min([c1] + [m.start() for m in figures if m.start() >= end])
    # else the figure qualifies the noun phrase after 的, figures and all ("32亿元|的海得20GWh储能…生产线")
    # after another figure, an enumeration mark starts this item: "投资32亿元的海得…生产线、|投资
    # 50亿元的中国电建" gives 50亿元 what follows the mark, not the item before it
    c0 = item_start(text, start, c0, figures) or c0
    # after the figure, an enumeration mark starts the next item ("37件|、应急局接收举报5件")
    mark = text.find("、", end, c1)
    c1 = mark if mark >= 0 else c1
    return c0, c1


# the base a question compares with ("比上半年提高了多少", "较去年同期增长多少"): its answer's
# statement prints it; a figure compared with something else (同比, 高于全州) answers another question
COMPARED_WITH = re.compile(r"(?:相比|相较|比|较)(?:于)?([^，,。？?比较]{2,8}?)(?:同期)?(?:提高|提升|增长|增加|下降|减少|降低|上升|回落|上涨|多|少|高|低|快|慢)")
COMPARING = "比|较|相比|相较|比较|高于|低于|快于|慢于|多于|少于|超过|超出|高出|领先|落后于?"  # words a comparison base follows
SAME_AS_YEAR_AGO = ("去年", "上年", "上一年")  # 比去年同期 is printed 同比


def comparison_base(question: Question) -> str | None:
    """What a 多少 question compares with, if it names a base."""
    if question.answer_type not in ("number", "percent"):
        return None
    m = COMPARED_WITH.search(question.left)
    return m.group(1) if m else None


def states_base(view: str, start: int, end: int, base: str) -> bool:
    """Whether what the sentence says of the figure ``view[start:end]`` compares with the base: it names
    the base after a comparing word ("高于|全省…13.7个百分点", "较|上半年提高", "与|去年|相比"), not as the
    whole it is a share of ("占|全省…比重为49.2%")."""
    c0, c1 = statement_bounds(view, start, end)
    said = view[min(c0, max(0, start - 16)) : max(c1, end)]
    b = re.escape(base)
    compared = re.search(rf"(?:{COMPARING})\s*{b}|[与和同跟]\s*{b}[^，,。；;]{{0,8}}相比", said)
    return compared is not None or (base in SAME_AS_YEAR_AGO and "同比" in said)


# a clause that goes on about the subject of the clause before it ("县区…增速5.4%，|较上年同期提高…，|对全市…贡献率为14.3%")
GOES_ON = re.compile(r"^\s*(?:对|较|比|占|拉动|带动|同比|环比|增长|提高|下降|回落|高于|低于|位列|位居|居|为|达到?|其)")


def subject_clauses(passage: str, start: int, end: int) -> str:
    """The span's clause and those before it that it continues, back to the one that names their
    subject ("县区规上工业增加值增速5.4%，较…，对…贡献率为14.3%" → all three for 14.3%)."""
    s0, _ = sentence_bounds(passage, start, end)
    c0 = statement_bounds(passage, start, end)[0]  # its own item of an enumeration ("、B接收举报|5件")
    while c0 > s0 and GOES_ON.match(passage[c0:start].lstrip("，,；; ")):
        cut = c0
        while cut > s0 and passage[cut - 1] in "，,；; ":  # back over the marks that closed the clause before
            cut -= 1
        previous = max(s0, max(passage.rfind(m, s0, cut) for m in "，,；;") + 1)
        if previous >= c0:
            break
        c0 = previous
    return passage[c0:end]


# a time that opens its sentence on its own ("本报讯（…）3月26日上午，|市委书记…主持召开…会议"):
# the sentence's statement happened then, so the date is said of the clause after it
TIME_OF_DAY = re.compile(r"\s*(?:上午|下午|晚上|晚间|早上|凌晨|中午|傍晚|夜间|当天|当日)?\s*(?:\d{1,2}\s*[时点](?:\s*\d{1,2}\s*分)?|\d{1,2}[:：]\d{2})?\s*$")


def opening_time(view: str, start: int, end: int, c0: int, c1: int) -> int:
    """The end of what a date or time span is said of: its clause, or, where the clause is the
    date alone at the head of the sentence (a dateline aside), the clause after it too."""
    s0, s1 = sentence_bounds(view, start, end)
    if not any(view[a:start].strip() == "" or DATELINE.fullmatch(view[a:start]) for a in (c0, s0)) or not TIME_OF_DAY.match(view[end:c1]):
        return c1
    if c1 >= s1 or view[c1] not in "，,":
        return c1
    return clause_bounds(view, c1 + 1, c1 + 1, STATEMENT_END)[1]


def context(question: Question, view: str, start: int, end: int, focus: list[str], counted: list[str] | None = None) -> dict[str, float]:
    """How much of the question surrounds the span: its wording (character bigrams) within a
    few characters either side, in the same sentence (``near``), and in the span's clause
    (``clause``); the thing the question counts or names after its question word printed just
    before the span ("多少名党员" ↔ "党员15人": ``counted``); its content words anywhere in the
    sentence (``sentence``) and in its clause (``clause_words``: "其中12345热线接收举报37件" against
    "共收到安全隐患举报60件" for "12345热线接收安全隐患举报多少件"); for a quantity, whether it
    carries the measure word the question
    asks in ("多少件" → 358件 rather than 801件次: ``unit``, else ``unit_other``); and whether the
    span has the form the question wants (``typed_quantity``, ``typed_time``)."""
    s0, s1 = sentence_bounds(view, start, end)
    asked = re.sub(r"[？?。！!\s]", "", question.left + question.right)
    near = view[max(s0, start - 24) : start] + view[end : min(s1, end + 12)]
    c0, c1 = clause_bounds(view, start, end)
    if question.answer_type in ("date", "time"):
        c1 = opening_time(view, start, end, c0, c1)
    counted = [w for w in counted or [] if len(w) >= 2]
    sentence = view[s0:start] + view[end:s1]
    words = [w for w in focus if len(w) >= 2]
    clause = view[c0:start] + view[end:c1]
    unit = unit_other = 0.0
    asked_measure = measure_word(question.right) if question.answer_type in ("number", "percent") else None
    if asked_measure:
        quantity = NUMBER_RE.match(view, start)
        printed = measure_word(LEADING_NUMBER.sub("", quantity.group())) if quantity else None
        # (个 is any count's measure word: "多少个" ↔ "220多万家农民合作社")
        unit = float(printed == asked_measure)
        unit_other = float(printed is not None and printed != asked_measure and not (asked_measure == "个" and dimension(printed) == "count"))
    # the expected form, by kind of question: a quantity for 多少, a date or time for 哪天/几点
    typed = TYPED.get(question.answer_type)
    form = float(bool(typed and typed.match(view, start)))
    before = view[max(c0, start - 8) : start]
    return {
        "near": soft_overlap(asked, near) if len(asked) >= 2 else 0.0,
        "clause": soft_overlap(asked, view[c0:start] + view[end:c1]) if len(asked) >= 2 else 0.0,
        "counted": sum(1 for w in counted if w in before) / len(counted) if counted else 0.0,
        "sentence": sum(1 for w in words if w in sentence) / len(words) if words else 0.0,
        "clause_words": sum(1 for w in words if w in clause) / len(words) if words else 0.0,
        "unit": unit,
        "unit_other": unit_other,
        "typed_quantity": form if question.answer_type in ("number", "percent") else 0.0,
        "typed_time": form if question.answer_type in ("date", "time") else 0.0,
    }


def predicate_words(left: str, tokenize, n: int = 2) -> list[str]:
    """The last ``n`` content words before the question word: its predicate ("直接办理了多少" →
    直接, 办理), without linkers (了/是/为…)."""
    words = [w for w in tokenize(re.sub(r"^.*[，,。]", "", left)) if len(w.strip()) and w not in LINKERS and w not in ("的", "了", "有")]
    return words[-n:]


# what may sit between the restated words and the answer without breaking the restatement
# ("贡献率是多少" ↔ "贡献率为 85.7%", "办理了多少件" ↔ "办理 358 件")
JOINING = re.compile(rf"(?:{'|'.join(map(re.escape, sorted((*LINKERS, '的', '：', ':'), key=len, reverse=True)))}|\s)+$")


def adjacent(question_left: str, before: str, longest: int = 4, moved: str | None = None) -> float:
    """How many characters of the question's text just before its question word are printed
    right before the span (the question restating its sentence with the question word in the
    answer's place), up to ``longest``, as a share of ``longest``: "直接办理了多少件" ↔
    "直接办理 358 件" → 1.0, ↔ "来电诉求 801 件次" → 0. A question often puts the object
    between its verb and 多少 where the sentence prints the number first ("收取班费多少元" ↔
    "收取52000元"): ``moved`` (the question's last word) may be skipped. With a larger
    ``longest`` it tells a long restatement from a short one ("工业企业增加值同比增长" against
    "销售产值，同比增长": ``restated``)."""
    q = JOINING.sub("", re.sub(r"\s", "", question_left))
    t = JOINING.sub("", re.sub(r"\s", "", before))
    tails = [q]
    if moved and len(moved) >= 2 and q.endswith(moved):
        tails.append(JOINING.sub("", q[: -len(moved)]))

    def shared(tail: str) -> int:
        n = 0
        while n < min(len(tail), len(t), longest) and tail[-1 - n] == t[-1 - n]:
            n += 1
        return n

    return max(shared(tail) for tail in tails) / longest


def leading_shared(question_right: str, after: str, longest: int = 4) -> float:
    """The share of the question's first characters after its slot (up to ``longest``) that the
    text right after the span starts with, linking words and spaces aside."""
    q = re.sub(r"^(?:的|了|\s)+", "", question_right)[:longest]
    t = re.sub(r"^(?:的|了|\s)+", "", after)
    if len(q) < 2:
        return 0.0
    n = 0
    while n < min(len(q), len(t)) and q[n] == t[n]:
        n += 1
    return n / len(q)


# a quantity with its measure word and a short predicate, then a joiner: the item before a
# coordinated quantity ("2808人死亡、")
COORDINATED = re.compile(rf"{NUMBER_RE.pattern}[\u4e00-\u9fff]{{0,4}}[、，,和及与]$")


def alignment(question: Question, view: str, start: int, end: int, tokenize=None, predicate: list[str] | None = None) -> dict[str, float]:
    """How well the span sits where the question word sits: the question's predicate words
    found just before the span (``left``), its words just after the question word found just
    after the span (``right``) or other words there (``right_other``), the thing a count is of
    printed right after it (``named_after``), and whether the span has the expected form
    (``typed``).
    ``predicate`` is ``predicate_words(question.left, tokenize)`` when the caller has it."""
    right_q = re.split(r"[，,。？?]", question.right)[0]
    typed = TYPED.get(question.answer_type)
    # the second of coordinated quantities shares the words before the first: "造成巴方2808人死亡、
    # |10950人受伤" reads as "造成巴方|10950人受伤"
    coordinated = COORDINATED.search(view, max(0, start - 24), start) if question.answer_type in ("number", "percent") else None
    shift = coordinated.end() - coordinated.start() if coordinated else 0
    before = view[max(0, start - shift - 12) : start - shift]
    if not shift:
        # the predicate of this enumeration item only ("生产线、|投资50亿元" is not the 生产线's)
        c0, _ = clause_bounds(view, start, end, STATEMENT_END)
        figures = [m for m in NUMBER_RE.finditer(view, c0, start) if HAS_NUMERAL.search(m.group())]
        item = item_start(view, start, c0, figures)
        before = view[max(item or 0, start - 12) : start]
    # the words after the slot, within its clause: "多少名党员" ↔ "15名党员", not "8人，党员…"
    after = view[end : end + 8]
    after = after[: m.start()] if (m := CLAUSE_END.search(after)) else after
    if question.answer_type in ("number", "percent"):
        # the measure word belongs to the slot, not to what follows it: "多少人|受伤" ↔ "10950人|受伤"
        right_q = right_q[m.end() :] if (m := MEASURE.match(right_q)) else right_q
        after = after[m.end() :] if (m := MEASURE.match(after)) else after
    elif re.match(r"哪(?:[两二三四五六七八九十]+|几)", question.qword or ""):
        # "哪三大产业集群" ↔ "A、B、C|三大产业集群": the count stands where the question word stood
        after = re.sub(r"^(?:等)?[两二三四五六七八九十\d]+", "", after)
    right_q = right_q[:6]
    if (question.qword or "").startswith("什么") and len(right_q) >= 2 and re.search(rf"{re.escape(right_q[:2])}[》”」]?$", view[start:end]):
        after = right_q[:2] + after  # "什么方案" ↔ "《…实施方案》": the noun asked ends the name, where it stands
    if predicate is not None or tokenize is not None:
        words = predicate if predicate is not None else predicate_words(question.left, tokenize)
        left = sum(1 for w in words if w in before) / len(words) if words else 0.0
    else:
        words = []
        left_q = re.sub(r"^.*[，,。]", "", question.left)[-8:]
        left = soft_overlap(left_q, before) if len(left_q) >= 2 else 0.0
    return {
        "left": left,
        "adjacent": adjacent(question.left, before, moved=words[-1] if words else None),
        "restated": adjacent(question.left, view[max(0, start - shift - 24) : start - shift], longest=RESTATED, moved=words[-1] if words else None),
        "right": (right := soft_overlap(right_q, after) if len(right_q) >= 2 else 0.0),
        # the question's words after its slot printed right after the span: "在哪里启动" ↔ "在河北
        # 石家庄|启动", not "人力资源社会保障部|在河北石家庄启动"
        "right_adjacent": leading_shared(right_q, after),
        # other words than the question's after its slot ("多少人受伤" ↔ "2808人|死亡"; a count's noun may end the phrase after it: "1000多名|各地…志愿者")
        "right_other": float(len(right_q) >= 2 and len(after.strip()) >= 2 and right == 0.0
                             and not (question.answer_type in ("number", "percent") and right_q in CLAUSE_END.split(view[end : end + 20])[0])),
        # what the question counts, printed after the count instead of before it: "首批国家公园有
        # 几个" ↔ "5个|国家公园"
        "named_after": float(question.answer_type in ("number", "percent") and bool(words) and len(words[-1]) >= 2
                             and words[-1] in after[: len(words[-1]) + 2]),
        "typed": float(bool(typed and typed.match(view, start))),
        # "在|客厅柜子|查获", "在卧室床下、|客厅柜子|查获"
        "after_at": float(question.answer_type == "place" and re.search(r"在(?:[^，,。；;：:在]{2,12}[、和])?$", view[max(0, start - 16) : start]) is not None),
    }



def distinct_clause_words(spans: list[Span], views: list[str], focus: list[str], dated: bool = False) -> None:
    """Sets ``clause_distinct``: the question's words in what the span's clause says of it (see
    ``statement_bounds``), each counted by how few of the candidates' clauses print it. Words
    every clause shares ("举报") tell nothing; those only one clause prints ("12345热线接收")
    point to it. Also sets ``clause_best``: the span's clause restates most of the question.
    ``dated``: the spans answer 哪天/几点 (see ``opening_time``)."""
    best = max((s.features["clause_words"] for s in spans), default=0.0)
    for s in spans:
        s.features["clause_best"] = float(best > 0 and s.features["clause_words"] == best)
    words = [w for w in dict.fromkeys(focus) if len(w) >= 2]
    clauses: dict[tuple[int, int, int], set[str]] = {}
    keys = []
    for s in spans:
        view = views[s.passage_index]
        c0, c1 = statement_bounds(view, s.start, s.end)
        if dated:  # a date heading its sentence is said of the clause after it
            c1 = opening_time(view, s.start, s.end, c0, c1)
        keys.append((s.passage_index, c0, c1))
        # and the clauses it goes on about ("制造业增加值…73.4%，同比增长…，拉动…增速|8.2个百分点")
        said = view[c0 : s.start] + view[s.end : c1] + "\n" + subject_clauses(view, s.start, s.start)
        clauses.setdefault(keys[-1], {w for w in words if w in said})
    printed_in = {w: sum(1 for found in clauses.values() if w in found) for w in words}
    for s, key in zip(spans, keys):
        s.features["clause_distinct"] = sum(1 / printed_in[w] for w in clauses[key]) / len(words) if words else 0.0


WHEN_WORD = re.compile(r"\d|[上下]半年|季度|[前今去明本上下]年|[年月日]$")


def sentence_coverage(focus: list[str], view: str, start: int, end: int, about: str = "") -> float:
    """The share of the question's content words (two characters or more, dates and periods
    aside) printed in the sentence of ``view[start:end]`` (or in ``about``, what the sentence is
    about: its article's headline): how much of the question a clause answer's sentence states."""
    words = [w for w in dict.fromkeys(focus) if len(w) >= 2 and not WHEN_WORD.search(w)]
    if not words:
        return 0.0
    s0, s1 = sentence_bounds(view, start, end)
    # a verb counts as printed in the words a report states it with ("进入" ↔ "跻身")
    return sum(1 for w in words if printed_as(w, view[s0:s1] + "\n" + about)) / len(words)


def clause_share(focus: list[str], clause: str) -> float:
    """The share of the question's content words (two characters or more) printed in ``clause``."""
    words = [w for w in dict.fromkeys(focus) if len(w) >= 2]
    return sum(1 for w in words if w in clause) / len(words) if words else 0.0
