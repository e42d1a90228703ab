"""The default reader: the fine-tuned e5 span model proposes spans (its best ones, and every
quantity or date printed in the passages for a 多少/哪天 question); each is snapped to what can
answer and described by explainable features (the model's logits, the question's wording around
it, the measure word, the passage's retrieval score); a linear ranking over those features and a
logistic confidence in [0, 1] (``P(the span is right)``) are both fitted by
``benchmarks/calibrate_reader.py`` on held-out XQuAD questions and on questions asked against
passages that do not hold their answer. Below the assistant's threshold the answer is "not found".
"""

from __future__ import annotations

import json
import math
import re

from .question import LINKERS, Question, QuestionAnalyzer
from .reader import CODE_RE, DATE_RE, ENTITY_TAGS, HAS_NUMERAL, NUMBER_RE, TIME_RE, UNIT, Span, _soft_overlap
from .span_reader import CONFIG_FILE, SpanReaderModel

# used only until benchmarks/calibrate_reader.py has written the fitted values into span_reader.json
DEFAULT_CALIBRATION = {"margin": 0.35, "score": 0.1, "bias": -1.0}
# how a span is ranked: weights over its features (``RANK_FEATURES``), in the model's logit units.
# Used until benchmarks/calibrate_reader.py has written fitted weights into span_reader.json; these
# are the model's own logit plus the question-wording alignment.
DEFAULT_RANKING = {"score": 1.0, "left": 2.0, "adjacent": 1.0, "right": 1.0}
RANK_FEATURES = ("score", "margin", "left", "adjacent", "restated", "right", "right_adjacent", "right_other", "named_after",
                 "typed_quantity", "typed_time", "typed_entity", "near", "clause", "clause_words", "clause_best", "clause_distinct",
                 "counted", "sentence", "unit", "unit_other", "passage", "passage_top")
SENTENCE_END = re.compile(r"[。！？!?；;\n]")
CLAUSE_END = re.compile(r"[，,；;：:、。！？!?\n（(]")
# names that end like a place or an organisation, for the words jieba does not tag as one
ENTITY_ENDINGS = {
    "place": re.compile(r"(?:省|市|县|区|州|镇|乡|村|街道|社区|国|岛|湖|河|江|山|港|机场|站)$"),
    "org": re.compile(r"(?:部|局|厅|委|委员会|办|院|所|署|会|中心|公司|集团|银行|大学|学院|学校|医院|协会|基金会|报社|电视台)$"),
}
# the longest restatement ``restated`` tells apart, in characters (spaces and linking words aside)
RESTATED = 12
TIME_RELATION = re.compile(r"(?:以前|之前|以后|之后|以来|左右|前后|期间|前|后|起)(?=[\u4e00-\u9fff])")
TYPED = {"number": NUMBER_RE, "percent": NUMBER_RE, "date": DATE_RE, "time": TIME_RE, "code": CODE_RE}
# question words that ask for a day, month or year: a clock time ("8：30") cannot answer them;
# those that ask for the day itself are not answered by a year or a month either ("2024年")
ASKS_FOR_DATE = re.compile(r"哪[一几]?[天日年]|何[年日]|几月|几号|哪个月|几年|日期|年份|月份")
# an amount said without figures ("数十人", "很多次", "大量")
VAGUE_AMOUNT = re.compile(r"数|多|余|若干|半|双|俩|许多|大量|不少|少量|全部|所有|一些")
# a date without figures: relative to the day it was printed, or a named season or holiday
RELATIVE_DATE = re.compile(r"[今昨明前后当去本上下次翌同][天日年月周]|年[初底末中内]|月[初底末中]|[上中下]旬|[春夏秋冬]季|春节|元旦|国庆|"
                           r"中秋|端午|清明|除夕|元宵|期间|之际|前夕|以来|近日|日前|目前|如今|当时")
ASKS_FOR_DAY = re.compile(r"哪[一几]?[天日]|何日|几月几[日号]|几号|日期")


# what a measure word measures: a count for 多少个 is not a duration, a sum of money or a length
# ("首批国家公园有几个" → not "三周年"); a measure word in none of these is a count
DIMENSIONS = {
    "time": "年 周年 个月 月 天 日 周 小时 分钟 秒 工作日 个工作日 岁 周岁",
    "money": "元 美元 港元 欧元 日元 英镑",
    "ratio": "% ％ ‰ 倍 成 百分点 个百分点",
    "length": "公里 千米 米 厘米 毫米",
    "area": "平方米 平方公里 平方千米 亩 公顷",
    "mass": "吨 公斤 千克 克 斤",
    "energy": "GWh MWh kWh GW MW kW 吉瓦时 千瓦 千瓦时 兆瓦",
}
DIMENSION_OF = {unit: name for name, units in DIMENSIONS.items() for unit in units.split()}
UNCOUNTED = {"分", "度", "点", "号", "期", "届"}  # a score, a degree, a point, a number: not a count
# the thing a question asks the amount of, printed just before its question word ("起售价是多少")
ASKED_DIMENSION = (
    ("money", re.compile(r"(?:价格?|价钱|金额|投资额?|收入|营收|费用|成本|资金|税款?|工资|薪酬|奖金|罚款|利润|销售额|营业额|市值|预算|补贴|票价|房租|租金)(?:是|为|有|达|约|共|大概|大约)*$")),
    ("ratio", re.compile(r"(?:率|比例|比重|占比|增幅|涨幅|降幅|增速|跌幅)(?:是|为|有|达|约|大概|大约)*$")),
    ("area", re.compile(r"面积(?:是|为|有|达|约|共|大概|大约)*$")),
)
ASKED_BY_WORD = {"多久": "time", "多长时间": "time", "多少年": "time", "多少天": "time", "多远": "length", "多重": "mass", "多少钱": "money"}


def dimension(measure: str | None) -> str | None:
    if measure is None or measure in UNCOUNTED:
        return None
    return DIMENSION_OF.get(measure, "count")


def asked_dimension(question: Question) -> str | None:
    """What the question asks the amount of: from its measure word ("多少个" → count, "多少亿元" →
    money), its question word ("多久" → time) or the noun before it ("售价是多少" → money)."""
    if question.answer_type not in ("number", "percent"):
        return None
    if question.qword in ASKED_BY_WORD:
        return ASKED_BY_WORD[question.qword]
    if question.qword in ("多长", "多少") and question.right.startswith("时间"):
        return "time"
    if (measure := measure_word(question.right)) is not None:
        return dimension(measure)
    return next((name for name, pattern in ASKED_DIMENSION if pattern.search(question.left)), None)


def other_dimension(wanted: str | None, text: str) -> bool:
    """A quantity that measures something else than the question asks: a duration for a count, a
    percent for a price. A count may still be answered by a share ("多少人" → "六成")."""
    m = NUMBER_RE.match(text.strip())
    if wanted is None or m is None:
        return False
    printed = dimension(measure_word(LEADING_NUMBER.sub("", m.group())))
    if printed is None or printed == wanted:
        return False
    return not (wanted == "count" and printed == "ratio")


def wrong_kind(question: Question, text: str) -> bool:
    """A span of the wrong kind for the question: a figure that is no date for a question about
    the day, month or year ("哪一天开展？" → not "8：30", not "8"), nor a span without any figure
    that names no day ("哪天结业？" → not "数据谷社区"; "今天", "春节期间" may answer), and one
    without a day for a question about the day ("哪一天" → not "2024年"); a bare measure word for a question about a
    quantity ("多少件" → not "件") or a span with no amount in it ("多少位代表" → not "李强"); a
    quantity of another dimension ("有几个" → not "三周年",
    "售价是多少" → not "14.7%"); a percent for a question about percentage points ("高于全省多少个
    百分点" → not "10.2%"); anything but a telephone number or code for
    a 电话/号码 question ("举报电话是多少？" → not "41.3万件")."""
    if question.answer_type == "code":
        return CODE_RE.search(text) is None
    if question.answer_type in ("number", "percent") and re.fullmatch(rf"\s*(?:[万亿千百]*{UNIT})\s*", text):
        return True  # a measure word without its number ("60|件")
    if question.answer_type in ("number", "percent") and not HAS_NUMERAL.search(text) and not VAGUE_AMOUNT.search(text):
        return True  # no amount at all ("约多少位代表出席？" → not "李强")
    if other_dimension(asked_dimension(question), text):
        return True
    if question.answer_type in ("number", "percent") and measure_word(question.right) == "百分点":
        return bool(re.search(r"[%％]", text)) and "百分点" not in text
    asked = question.qword or ""
    if question.answer_type == "date" and ASKS_FOR_DATE.search(asked) and HAS_NUMERAL.search(text) is None:
        # a day, month or year is printed with figures, or named relative to the paper's day
        return RELATIVE_DATE.search(text) is None
    if question.answer_type != "date" or HAS_NUMERAL.search(text) is None:
        return False
    if ASKS_FOR_DAY.search(asked) and not re.search(r"\d ?[日号]|[一二三四五六七八九十]+[日号]", text):
        return True
    return bool(ASKS_FOR_DATE.search(asked)) and DATE_RE.search(text) is None


# a change printed as "从A调整为B" / "由A降至B": A is the value before it, B the value after
CHANGE_VERB = r"(?:调整|上调|下调|降低|提高|提升|增加|减少|下降|上涨|上升|增长|降|升|增|减|涨|跌|提|改|变|调)"
CHANGED_TO = re.compile(rf"{CHANGE_VERB}(?:为|至|到)\s*$")
CHANGED_FROM_AFTER = re.compile(rf"\s*{CHANGE_VERB}(?:为|至|到)")
ASKS_AFTER = re.compile(rf"{CHANGE_VERB}后|现在|目前|{CHANGE_VERB}(?:为|至|到)$")
ASKS_BEFORE = re.compile(rf"{CHANGE_VERB}前|原价|原来|原先|此前|之前")


def wrong_side(question: Question, view: str, start: int, end: int) -> bool:
    """For a question about the value after a change ("调整后的起售价"), the value it changed from
    ("从36.39万元调整为34.99万元" → not 36.39万元); for one about the value before it, the value it
    changed to."""
    if question.answer_type not in ("number", "percent"):
        return False
    changed_from = bool(re.search(r"[从由]\s*$", view[max(0, start - 2) : start]) and CHANGED_FROM_AFTER.match(view, end))
    changed_to = bool(CHANGED_TO.search(view[max(0, start - 6) : start]))
    if ASKS_AFTER.search(question.left) or ASKS_AFTER.search(question.right):
        return changed_from
    if ASKS_BEFORE.search(question.left) or ASKS_BEFORE.search(question.right):
        return changed_to
    return False


def calibration_features(score: float, null_score: float, passage_score: float = 0.0, passage_top: float = 0.0) -> dict[str, float]:
    """The model's logit, its margin over the window's "no answer here" logit, and how the
    retriever rated the passage (its fused score, and whether it was the top passage)."""
    return {"margin": score - null_score, "score": score, "passage": passage_score, "passage_top": passage_top}


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding ``text[start:end]``."""
    s = max((m.end() for m in SENTENCE_END.finditer(text, 0, start)), default=0)
    m = SENTENCE_END.search(text, end)
    return s, m.start() if m else len(text)


def clause_bounds(text: str, start: int, end: int, ends: re.Pattern = CLAUSE_END) -> tuple[int, int]:
    """The clause holding ``text[start:end]``: within its sentence, between two of ``ends``
    (commas, colons, enumeration marks… by default)."""
    s0, s1 = sentence_bounds(text, start, end)
    c0 = max((m.end() for m in ends.finditer(text, s0, start)), default=s0)
    c1 = m.start() if (m := ends.search(text, end, s1)) else s1
    return c0, c1


STATEMENT_END = re.compile(r"[，,；;：:。！？!?\n]")


def statement_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """What a sentence says about the figure ``text[start:end]``: its comma-level clause (an
    enumeration inside it stays whole: "受理网民举报色情、赌博等违法信息1777.3万件"), cut at the
    figures printed before and after it and at the enumeration mark after it ("A接收举报37件、
    B接收举报5件": "、B接收举报" is 5件's)."""
    c0, c1 = clause_bounds(text, start, end, STATEMENT_END)
    figures = [m for m in NUMBER_RE.finditer(text, c0, c1) if HAS_NUMERAL.search(m.group())]
    c0 = max([c0] + [m.end() for m in figures if m.end() <= start])
    c1 = min([c1] + [m.start() for m in figures if m.start() >= end])
    # after the figure, an enumeration mark starts the next item ("37件|、应急局接收举报5件")
    mark = text.find("、", end, c1)
    c1 = mark if mark >= 0 else c1
    return c0, c1


# the magnitude before a measure word (万件, 亿元) is skipped, but not the 百 of 百分点
MEASURE = re.compile(rf"(?:个)?(?:[万亿千]|百(?!分点))*({UNIT})")
LEADING_NUMBER = re.compile(r"^(?:约|近|超过|逾|将近|大约)?[\d.,零〇一二两三四五六七八九十百千]+(?:多|余)?")


def measure_word(text: str) -> str | None:
    """The measure word a quantity (or the words after 多少) starts with, magnitude aside:
    "万件次…" → 件次, "件诉求" → 件."""
    m = MEASURE.match(text)
    return m.group(1) if m else None


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
    counted = [w for w in counted or [] if len(w) >= 2]
    sentence = view[s0:start] + view[end:s1]
    words = [w for w in focus if len(w) >= 2]
    clause = view[c0:start] + view[end:c1]
    unit = unit_other = 0.0
    asked_measure = measure_word(question.right) if question.answer_type in ("number", "percent") else None
    if asked_measure:
        quantity = NUMBER_RE.match(view, start)
        printed = measure_word(LEADING_NUMBER.sub("", quantity.group())) if quantity else None
        unit = float(printed == asked_measure)
        unit_other = float(printed is not None and printed != asked_measure)
    # the expected form, by kind of question: a quantity for 多少, a date or time for 哪天/几点
    typed = TYPED.get(question.answer_type)
    form = float(bool(typed and typed.match(view, start)))
    before = view[max(c0, start - 8) : start]
    return {
        "near": _soft_overlap(asked, near) if len(asked) >= 2 else 0.0,
        "clause": _soft_overlap(asked, view[c0:start] + view[end:c1]) if len(asked) >= 2 else 0.0,
        "counted": sum(1 for w in counted if w in before) / len(counted) if counted else 0.0,
        "sentence": sum(1 for w in words if w in sentence) / len(words) if words else 0.0,
        "clause_words": sum(1 for w in words if w in clause) / len(words) if words else 0.0,
        "unit": unit,
        "unit_other": unit_other,
        "typed_quantity": form if question.answer_type in ("number", "percent") else 0.0,
        "typed_time": form if question.answer_type in ("date", "time") else 0.0,
    }


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


# a question that asks for several things ("哪两个项目", "哪些单位"): the answer is a list
PLURAL = re.compile(r"哪(?:些|几|[两二三四五六七八九十]+)[个家项位座种名条]?|分别")
COUNTS = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
# adverbs that open a predicate after a listed subject ("…工程已全面复工"): a list item ends there
PREDICATE_OPENERS = ("已", "已经", "均", "都", "正在", "正", "将", "也", "分别", "全部", "先后", "相继", "共同", "目前", "仍")
LIST_JOINERS = "、和与及"


def extend_list(text: str, start: int, end: int, question: Question, words) -> tuple[int, int]:
    """For a question asking for several things, extend a span that ends where a list goes on
    ("西成铁路项目|、西宁机场三期改扩建工程已全面复工" → both projects): add the items joined by
    、/和/与/及, each cut where the question's own words or a predicate adverb begin, up to the
    number asked for. Other questions are left alone."""
    m = PLURAL.search(question.normalized)
    if not m:
        return start, end
    wanted = COUNTS.get(re.sub(r"^哪|[个家项位座种名条]$", "", m.group()), 0) or 8  # 哪些, 分别: all
    asked = {w for w in words(question.right) if len(w) >= 2} - set(words(text[start:end]))
    items = 1
    while items < wanted and end < len(text) and text[end] in LIST_JOINERS:
        clause = re.match(r"[^，,。；;、！？!?\n和与及]{1,30}", text[end + 1 :])
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
    return start, end


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
    # the words after the slot, within its clause: "多少名党员" ↔ "15名党员", not "8人，党员…"
    after = view[end : end + 8]
    after = after[: m.start()] if (m := CLAUSE_END.search(after)) else after
    if question.answer_type in ("number", "percent"):
        # the measure word belongs to the slot, not to what follows it: "多少人|受伤" ↔ "10950人|受伤"
        right_q = right_q[m.end() :] if (m := MEASURE.match(right_q)) else right_q
        after = after[m.end() :] if (m := MEASURE.match(after)) else after
    right_q = right_q[:6]
    if predicate is not None or tokenize is not None:
        words = predicate if predicate is not None else predicate_words(question.left, tokenize)
        left = sum(1 for w in words if w in before) / len(words) if words else 0.0
    else:
        words = []
        left_q = re.sub(r"^.*[，,。]", "", question.left)[-8:]
        left = _soft_overlap(left_q, before) if len(left_q) >= 2 else 0.0
    return {
        "left": left,
        "adjacent": adjacent(question.left, before, moved=words[-1] if words else None),
        "restated": adjacent(question.left, view[max(0, start - shift - 24) : start - shift], longest=RESTATED, moved=words[-1] if words else None),
        "right": (right := _soft_overlap(right_q, after) if len(right_q) >= 2 else 0.0),
        # the question's words after its slot printed right after the span: "在哪里启动" ↔ "在河北
        # 石家庄|启动", not "人力资源社会保障部|在河北石家庄启动"
        "right_adjacent": leading_shared(right_q, after),
        # the span is followed by other words than the question's after its slot: "多少人受伤" ↔
        # "2808人|死亡"
        "right_other": float(len(right_q) >= 2 and len(after.strip()) >= 2 and right == 0.0),
        # what the question counts, printed after the count instead of before it: "首批国家公园有
        # 几个" ↔ "5个|国家公园"
        "named_after": float(question.answer_type in ("number", "percent") and bool(words) and len(words[-1]) >= 2
                             and words[-1] in after[: len(words[-1]) + 2]),
        "typed": float(bool(typed and typed.match(view, start))),
    }


class NeuralReader:
    """Same interface as the rule-based ``Reader``: ``read(question, passages) -> [Span]``."""

    def __init__(self, model: SpanReaderModel | None = None, calibration: dict[str, float] | None = None,
                 ranking: dict[str, float] | None = None, analyzer: QuestionAnalyzer | None = None,
                 guesses: int = 60) -> None:
        self.model = model or SpanReaderModel()
        self.calibration = calibration or self._load("calibration", DEFAULT_CALIBRATION)
        self.ranking = ranking if ranking is not None else self._load("ranking", DEFAULT_RANKING)
        self.analyzer = analyzer or QuestionAnalyzer()
        self.guesses = guesses  # spans the model proposes over all passages, before re-ranking

    def _words(self, text: str) -> list[str]:
        return list(self.analyzer.tokenizer.jieba.cut(text))

    def entity_kind(self, question: Question, text: str) -> float:
        """For a 谁/哪里/哪个单位 question, whether the span names what is asked: a word jieba tags
        as a person, place or organisation, or a name ending like one ("河北石家庄", "人力资源社会
        保障部"); 0 for other questions."""
        if question.answer_type not in ("person", "place", "org") or not text or len(text) > 30:
            return 0.0
        if any(ENTITY_TAGS.get(w.flag) == question.answer_type for w in self.analyzer.tokenizer.pos.cut(text)):
            return 1.0
        ending = ENTITY_ENDINGS.get(question.answer_type)
        return float(bool(ending and ending.search(text)))

    @staticmethod
    def _load(key: str, default: dict[str, float]) -> dict[str, float]:
        if CONFIG_FILE.exists():
            fitted = json.loads(CONFIG_FILE.read_text(encoding="utf-8")).get(key)
            if fitted:
                return fitted
        return dict(default)

    @property
    def available(self) -> bool:
        return self.model.available

    def confidence(self, features: dict[str, float]) -> float:
        z = self.calibration.get("bias", 0.0) + sum(w * features.get(k, 0.0) for k, w in self.calibration.items() if k != "bias")
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def candidates(self, question: str, passages: list[str], passage_scores: list[float] | None = None) -> list[Span]:
        """The model's spans, snapped to what can answer, with their features (unscored)."""
        q = self.analyzer.analyze(question)
        views = [self.model.simplified(p) for p in passages]
        # the question is lowercased ("model y"); its wording is compared with the passage's the same
        # way, where lowercasing keeps every offset
        folded = [v.lower() if len(v.lower()) == len(v) else v for v in views]
        scores = passage_scores or [0.0] * len(passages)
        top_score = max(scores) if scores else 0.0
        focus = [w for w in self._words(re.sub(r"[？?。！!\s]", "", q.left + " " + q.right)) if w not in LINKERS]
        predicate = predicate_words(q.left, self._words)
        # the thing counted or named after the question word ("多少名|党员"): news prints it just
        # before the answer ("党员15人")
        after = re.split(r"[，,。？?]", q.right)[0]
        after = after[m.end():] if (m := MEASURE.match(after)) else after
        counted = [w for w in self._words(after) if w not in LINKERS]
        seen, out = set(), []
        for g in self.model.guesses(question, passages, top=self.guesses, views=views, extra=typed_spans(q, views)):
            view = views[g.passage_index]
            start, end = extend_list(view, *snap(view, g.start, g.end, q.answer_type), q, self._words)
            if q.answer_type not in TYPED:
                start = whole_subject(view, start, end)
            if (g.passage_index, start, end) in seen or wrong_kind(q, view[start:end]) or wrong_side(q, view, start, end):
                continue
            seen.add((g.passage_index, start, end))
            passage = scores[g.passage_index]
            features = calibration_features(g.score, g.null_score, passage, float(passage_scores is not None and passage >= top_score))
            features.update(alignment(q, folded[g.passage_index], start, end, predicate=predicate))
            features.update(context(q, folded[g.passage_index], start, end, focus, counted))
            features["typed_entity"] = self.entity_kind(q, view[start:end])
            text = passages[g.passage_index][start:end]
            out.append(Span(start, end, text, "neural", g.passage_index, features=features))
        # the clause that restates most of the question, among all the candidates' clauses
        best = max((s.features["clause_words"] for s in out), default=0.0)
        for s in out:
            s.features["clause_best"] = float(best > 0 and s.features["clause_words"] == best)
        self._distinct_clause_words(out, folded, focus)
        return out

    @staticmethod
    def _distinct_clause_words(spans: list[Span], views: list[str], focus: list[str]) -> None:
        """``clause_distinct``: the question's words in what the span's clause says of it (see
        ``statement_bounds``), each counted by how few of the candidates' clauses print it. Words
        every clause shares ("举报") tell nothing; those only one clause prints ("12345热线接收")
        point to it."""
        words = [w for w in dict.fromkeys(focus) if len(w) >= 2]
        clauses: dict[tuple[int, int, int], set[str]] = {}
        keys = []
        for s in spans:
            view = views[s.passage_index]
            c0, c1 = statement_bounds(view, s.start, s.end)
            keys.append((s.passage_index, c0, c1))
            clauses.setdefault(keys[-1], {w for w in words if w in view[c0 : s.start] + view[s.end : c1]})
        printed_in = {w: sum(1 for found in clauses.values() if w in found) for w in words}
        for s, key in zip(spans, keys):
            s.features["clause_distinct"] = sum(1 / printed_in[w] for w in clauses[key]) / len(words) if words else 0.0

    def rank(self, spans: list[Span]) -> list[Span]:
        """Order by the fitted linear ranking over the span's features (the model's logit, the
        question's wording around the span, the passage's retrieval score); the confidence is
        the calibrated probability that the span is right."""
        w = self.ranking
        for s in spans:
            f = s.features
            f["aligned"] = sum(w.get(k, 0.0) * f.get(k, 0.0) for k in RANK_FEATURES)
            f["aligned_margin"] = f["aligned"] - (f["score"] - f["margin"])
            s.score = self.confidence(f)
        return sorted(spans, key=lambda s: -s.features["aligned"])

    def read(self, question: str, passages: list[str], passage_scores: list[float] | None = None, top: int = 5) -> list[Span]:
        return self.rank(self.candidates(question, passages, passage_scores))[:top]
