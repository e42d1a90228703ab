"""What kind of span can answer a question: the dimension of a quantity (a count is not a
duration, a price is not a percent), a date for 哪天, a telephone number for 电话, the value
after a change for 调整后, a name for 谁/哪里/哪个单位. The reader drops spans of the wrong
kind before ranking."""

from __future__ import annotations

import re

from qa.read.question import Question
from qa.text.patterns import (
    CODE_RE,
    DATE_RE,
    HAS_NUMERAL,
    LEADING_NUMBER,
    NUMBER_RE,
    ORDINAL_RE,
    PART_OF_DAY,
    SEQUENCE_RE,
    TIME_RE,
    UNIT,
    end_of_line,
    measure_word,
    paragraph,
)

# names that end like a place or an organisation, for the words jieba does not tag as one
ENTITY_ENDINGS = {
    "place": re.compile(r"(?:省|市|县|区|州|镇|乡|村|街道|社区|国|岛|湖|河|江|山|港|机场|站)$"),
    "org": re.compile(r"(?:部|局|厅|委|委员会|办|院|所|署|会|中心|公司|集团|银行|大学|学院|学校|医院|协会|基金会|报社|电视台)$"),
}
ENTITY_TAGS = {"nr": "person", "nrfg": "person", "nrt": "person", "ns": "place", "nt": "org"}
TYPED = {"number": NUMBER_RE, "percent": NUMBER_RE, "date": DATE_RE, "time": TIME_RE, "code": CODE_RE, "ordinal": ORDINAL_RE,
         "sequence": SEQUENCE_RE}
# question words that ask for a day, month or year: a clock time ("8：30") cannot answer them;
# those that ask for the day itself are not answered by a year or a month either ("2024年")
ASKS_FOR_DATE = re.compile(r"哪[一几]?[天日年]|何[年日]|几月|几号|哪个月|几年|日期|年份|月份")
# an amount said without figures ("数十人", "很多次", "大量")
VAGUE_AMOUNT = re.compile(r"数|多|余|若干|半|双|俩|许多|大量|不少|少量|全部|所有|一些")
# a date without figures: relative to the day it was printed, or a named season or holiday
RELATIVE_DATE = re.compile(r"[今昨明前后当去本上下次翌同][天日年月周]|年[初底末中内]|月[初底末中]|[上中下]旬|[春夏秋冬]季|春节|元旦|国庆|"
                           r"中秋|端午|清明|除夕|元宵|期间|之际|前夕|以来|近日|日前|目前|如今|当时")
ASKS_FOR_DAY = re.compile(r"哪[一几]?[天日]|何日|几月几[日号]|几号|日期")
# a time said without a date: an era, a period, a day counted ("明朝", "抗战时期", "第二天")
NAMED_TIME = re.compile(r"[\u4e00-\u9fff]{1,4}(?:朝|代|时期|年间|年代|时代|之后|之前|以后|以前)|第[一二三四五六七八九十\d]+[天日年月周]|当[天日年]"
                        r"|[\d一二三四五六七八九十两半]+\s*(?:年|个月|周|天|个?小时)")  # a duration answers 几年/多久
# a growth asked in plain terms is a rate ("增长了多少" → 17.4%), not the points it pulled or
# rose by, which a question asks by name ("提高了多少个百分点", "比上半年提高了多少")
ASKS_RATE = re.compile(r"(?:增长|增速|增幅|下降|降幅|涨幅)(?:了|为|是|达|约)*$")
# a question asking for several things is not answered by how many there are
ASKS_SEVERAL = re.compile(r"哪些|哪几")


# what a measure word measures: a count for 多少个 is not a duration, a sum of money or a length
# ("首批国家公园有几个" → not "三周年"); a measure word in none of these is a count
DIMENSIONS = {
    "time": "年 周年 个月 月 天 日 周 个星期 星期 小时 个小时 分钟 秒 工作日 个工作日 岁 周岁",
    "money": "元 美元 港元 欧元 日元 英镑",
    "ratio": "% ％ ‰ 倍 成 百分点 个百分点",
    "length": "公里 千米 米 厘米 毫米",
    "area": "平方米 平方公里 平方千米 亩 公顷",
    "mass": "吨 公斤 千克 克 斤",
    "energy": "GWh MWh kWh GW MW kW 吉瓦时 千瓦 千瓦时 兆瓦",
    "people": "人 名 位 人次 万人次",
    "concentration": "微克/立方米 毫克/立方米 毫克/升",
}
CLOCK_IN_WORDS = re.compile(r"[零一二两三四五六七八九十]{1,3}[点时](?:半|[零一二三四五六七八九十]{1,3}分|[一三]刻)?")  # "凌晨四点半"
PART_OF_DAY_RE = re.compile(PART_OF_DAY)
# what is measured only in its own units: a bare figure never answers "多少亩/多少公里/多少吨" (a count's
# measure word, and money's 元 after 亿, are often left out)
MEASURED_ONLY = ("length", "area", "mass", "energy")
DIMENSION_OF = {unit: name for name, units in DIMENSIONS.items() for unit in units.split()}
UNCOUNTED = {"分", "度", "点", "号", "期", "届"}  # a score, a degree, a point, a number: not a count
# the thing a question asks the amount of, printed just before its question word ("起售价是多少")
ASKED_DIMENSION = (
    ("money", re.compile(r"(?:价格?|价钱|金额|投资额?|收入|营收|费用|成本|资金|税款?|工资|薪酬|奖金|罚款|利润|销售额|营业额|市值|预算|补贴|票价|房租|租金"
                         r"|票房|贷款|产值|生产总值)(?:是|为|有|达|约|共|大概|大约)*$")),
    ("ratio", re.compile(r"(?:率|比例|比重|占比|增幅|涨幅|降幅|增速|跌幅)(?:是|为|有|达|约|大概|大约)*$")),
    ("area", re.compile(r"面积(?:是|为|有|达|约|共|大概|大约)*$")),
    # an amount of something (tonnes, units, people): any measure but a share or a span of time
    # (or the things counted: "新增确诊病例多少" → 167万例, not the 58% of the world's they were)
    ("amount", re.compile(r"(?:产量|产能|销量|数量|总量|总数|人数|件数|个数|库存|用量|吞吐量|客流量|发电量|装机容量|人口"
                          r"|病例|案例|人次|游客|旅客|乘客|患者|学生|观众|用户|参展商|车辆|航班|班列)"
                          r"(?:是|为|有|达|约|共|大概|大约)*$")),
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
    if question.qword == "多少" and question.right.startswith("钱"):  # (the analyser's 多少|钱)
        return "money"
    if (measure := measure_word(question.right)) is not None:
        return dimension(measure)
    return next((name for name, pattern in ASKED_DIMENSION if pattern.search(question.left)), None)


def other_dimension(wanted: str | None, text: str) -> bool:
    """A quantity that measures something else than the question asks: a duration for a count, a
    percent for a price. A count may still be answered by a share ("多少人" → "六成")."""
    m = NUMBER_RE.match(text.strip())
    if wanted is None or m is None:
        return False
    measure = measure_word(LEADING_NUMBER.sub("", m.group()))
    printed = dimension(measure)
    if printed is None or printed == wanted:
        return False
    if wanted == "amount":  # "钢材产量是多少" → 15.9万吨, not the 79.9% it grew by
        return printed in ("ratio", "time")
    if wanted == "count" and printed == "people" or wanted == "people" and measure == "个":
        return False  # 个 counts people too ("多少个孩子" ↔ "十几个孩子", "多少名" ↔ "30个志愿者")
    # another dimension measures something else ("多少名消防指战员" is not "53支", teams); a count may be a share
    return not (wanted in ("count", "people") and printed == "ratio")


def wrong_kind(question: Question, text: str) -> bool:
    """A span of the wrong kind for the question: a figure that is no date for a question about
    the day, month or year ("哪一天开展？" → not "8：30", not "8"), nor a span without any figure
    that names no day ("哪天结业？" → not "数据谷社区"; "今天", "春节期间" may answer), and one
    without a day for a question about the day ("哪一天" → not "2024年"); a bare measure word for a question about a
    quantity ("多少件" → not "件") or a span with no amount in it ("多少位代表" → not "李强"); a
    quantity of another dimension ("有几个" → not "三周年",
    "售价是多少" → not "14.7%"); a percent for a question about percentage points ("高于全省多少个
    百分点" → not "10.2%"); anything but a telephone number or code for
    a 电话/号码 question ("举报电话是多少？" → not "41.3万件"); a time of day for a quantity ("几轮" → not "8：30")."""
    if question.answer_type == "code":
        return CODE_RE.search(text) is None
    if question.answer_type == "ordinal":  # "排第几" is answered by 第一, not by the figure ranked
        return ORDINAL_RE.search(text) is None
    if question.answer_type == "sequence":  # "第几次会议" by 第七次, with the counter asked (not 第三轮)
        return not any(m.group().endswith(question.right[:1]) for m in SEQUENCE_RE.finditer(text))
    if question.answer_type == "time" and not (TIME_RE.search(text) or CLOCK_IN_WORDS.search(text) or PART_OF_DAY_RE.search(text)):
        return True  # "几点坐公交车？" is not answered "“荷花助农专线”"
    if question.answer_type == "date" and not (DATE_RE.search(text) or TIME_RE.search(text) or RELATIVE_DATE.search(text)
                                                or NAMED_TIME.search(text)):
        return True  # "什么时候复工？" is not answered "三期"
    if question.answer_type == "percent" and ASKS_RATE.search(question.left) and "百分点" in text and "百分点" not in question.normalized:
        return True  # a rate, not percentage points
    if question.answer_type == "entity" and ASKS_SEVERAL.search(question.qword or "") and NUMBER_RE.fullmatch(text.strip()):
        return True  # "哪些项目" is not answered "2个"
    if question.answer_type in ("number", "percent") and re.fullmatch(rf"\s*(?:[万亿千百]?{UNIT})\s*", text):
        return True  # a measure word without its number ("60|件", "60|万件"; "千亿级" is an amount)
    if question.answer_type in ("number", "percent") and not HAS_NUMERAL.search(text) and not VAGUE_AMOUNT.search(text):
        return True  # no amount at all ("约多少位代表出席？" → not "李强")
    if other_dimension(asked_dimension(question), text):
        return True
    if dimension(measure_word(question.right)) in MEASURED_ONLY and (m := NUMBER_RE.match(text.strip())) \
            and measure_word(LEADING_NUMBER.sub("", m.group())) is None and not re.search(r"[\u4e00-\u9fff]", text):
        return True  # "占地多少亩" is printed with its 亩, never as a bare figure ("41-07地块")
    if question.answer_type in ("number", "percent") and re.fullmatch(r"\s*\d{1,2}\s*[:：]\s*\d{2}\s*", text):
        return True  # a time of day is no amount ("要做几轮？" → not "8：30")
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


# a question about when a document was issued ("这份通告是哪天发布的"): its closing date line answers
ASKS_ISSUED = re.compile(r"(?:发布|印发|签发|公布|发出|下发|出台|落款)")


def closing_date(question: Question, view: str, start: int, end: int) -> bool:
    """For a question about when a notice was issued, whether the span is a date standing alone on
    its line, as a notice prints its date under the issuer's name ("…指挥部\n\n2022年11月3日"),
    not a date its text speaks of ("2022年11月4日在主城区开展"); for one about who issued it, a
    body's name standing alone on its line at the notice's end, above its date or none."""
    if not ASKS_ISSUED.search(question.normalized):
        return False
    line, line_end = _own_line(view, start, end)
    if line.strip() != view[start:end].strip():
        return False
    line = line.strip()
    if question.answer_type == "date":
        return DATE_RE.fullmatch(line) is not None
    after = view[line_end:].strip().split("\n")[0].strip()
    return (question.answer_type in ("org", "entity") and ENTITY_ENDINGS["org"].search(line) is not None
            and (not after or DATE_RE.fullmatch(after) is not None))


def number_line(question: Question, view: str, start: int, end: int) -> bool:
    """For a question about a document's number ("通告是第几号"), whether the span stands alone on
    its line, brackets aside, as a notice prints its number under its title ("（第139号）"), not a
    number its text speaks of ("方案（第九版）")."""
    if question.answer_type != "sequence":
        return False
    return re.sub(r"[\s（()）〔〕\[\]]", "", _own_line(view, start, end)[0]) == re.sub(r"\s", "", view[start:end])


def _own_line(view: str, start: int, end: int) -> tuple[str, int]:
    """The line ``view[start:end]`` is printed on, and where that line ends."""
    return paragraph(view, start, end), end_of_line(view, end)


def with_asked_measure(question: Question, view: str, start: int, end: int) -> int:
    """The end of a count with the measure word the question asks it in, where the text prints
    that word right after the number though it is no measure word of its own ("多少起案件" ↔
    "查处案件2起": 起, which after a date means "from")."""
    asked = re.match(r"[\u4e00-\u9fff]", question.right)
    if question.answer_type != "number" or not (question.qword or "").startswith(("多少", "几")) or not asked:
        return end
    return end + 1 if end > start and view[end - 1].isdigit() and view.startswith(asked.group(), end) else end


# a change printed as "从A调整为B" / "由A降至B": A is the value before it, B the value after
CHANGE_VERB = (r"(?:调整|上调|下调|降低|提高|提升|增加|减少|下降|上涨|上升|增长|缩短|缩减|压缩|延长|扩大|缩小"
               r"|降|升|增|减|涨|跌|提|改|变|调)")
# what may stand between 从/由 and the value changed from ("由过去平均1个月减少至2到3天")
CHANGED_FROM = re.compile(r"[从由](?:过去|原来|原先|以往|以前|此前|之前)?的?(?:平均|约|近|不足)?\s*$")
PUT_AS = re.compile(r"[将把][^，,。；;]{0,12}$")  # "将|举报奖励|…调整为…": what is changed, then its old value
CHANGED_TO = re.compile(rf"{CHANGE_VERB}(?:为|至|到)\s*$")
CHANGED_FROM_AFTER = re.compile(rf"\s*{CHANGE_VERB}(?:为|至|到)")
ASKS_AFTER = re.compile(rf"{CHANGE_VERB}后|现在|目前|{CHANGE_VERB}(?:为|至|到)$")
ASKS_BEFORE = re.compile(rf"{CHANGE_VERB}前|原价|原来|原先|此前|之前")


ASKS_CHANGE = re.compile(r"(?:增长|增加|减少|下降|提高|降低|上涨|上升|增幅|降幅|涨幅)(?:了|为|是|达|约)*$")
GREW_BY = re.compile(rf"{CHANGE_VERB}(?:了|约|近|超过?|达到?|为)?\s*$")


def _grew_by(view: str, start: int, end: int) -> bool:
    """The figure is a change: a share or rate, or an amount printed right after a change word
    ("增长15亿元")."""
    m = NUMBER_RE.match(view[start:end].strip())
    if m and dimension(measure_word(LEADING_NUMBER.sub("", m.group()))) == "ratio":
        return True
    return bool(GREW_BY.search(view[max(0, start - 6) : start]))


def wrong_side(question: Question, view: str, start: int, end: int) -> bool:
    """For a question about the value after a change ("调整后的起售价"), the value it changed from
    ("从36.39万元调整为34.99万元" → not 36.39万元); for one about the value before it, the value it
    changed to. Also a figure's tail cut from its number ("1000|多名"), and, for a name or thing, the asked
    noun's coordinated sibling ("总体思路|和关键举措") or the text's own count of it ("几个关键实招")."""
    if view[start : start + 1] in ("多", "余") and view[start - 1 : start].isdigit():
        return True
    # the asked noun joined after the span: the span is its sibling, not its value ("总体思路|和关键举措")
    noun = re.sub(r"^[的了\s]+", "", question.right)[:2]
    if question.answer_type not in TYPED and len(noun) == 2 and re.match(rf"[和与及、]{re.escape(noun)}", view[end : end + 3]):
        return True
    # nor the text's own words for how many there are ("必须要有|几个关键实招" for "有哪几个关键实招")
    if question.answer_type not in TYPED and len(noun) == 2 and re.search(rf"(?:几|若干|多|一些|一批)[个项条种类大批]?{re.escape(noun)}", view[start:end]):
        return True
    if question.answer_type not in ("number", "percent"):
        return False
    # the value changed from: "从|36.39万元调整为…", "将举报奖励|5万至100万元调整为…"
    before = view[max(0, start - 9) : start]
    changed_from = bool((CHANGED_FROM.search(before) or PUT_AS.search(view[max(0, start - 14) : start])) and CHANGED_FROM_AFTER.match(view, end))
    changed_to = bool(CHANGED_TO.search(view[max(0, start - 6) : start]))
    if ASKS_CHANGE.search(question.left) and measure_word(question.right) is None and not _grew_by(view, start, end):
        return True  # "铁合金增长了多少" → the 3.9% printed after 增长, not the 12.1万吨 produced
    if ASKS_AFTER.search(question.left) or ASKS_AFTER.search(question.right):
        return changed_from
    if ASKS_BEFORE.search(question.left) or ASKS_BEFORE.search(question.right):
        return changed_to
    return False


def does_asked_act(question: Question, view: str, end: int, verb: str | None) -> bool:
    """For "会议听取了什么" (the question ends with its object's slot), a span the question's verb
    is printed right after does the act rather than receives it ("李强总理|听取审计工作汇报")."""
    if not verb or re.sub(r"[了呢的?？\s]", "", question.right) or question.answer_type in TYPED:
        return False
    return view[end : end + len(verb) + 2].lstrip().lstrip("在也都还已").startswith(verb)

def past_asked_act(view: str, start: int, end: int, verb: str | None) -> int:
    """Where a name answer starts once the question's verb is left out: what "会议听取了什么" asks
    comes after 听取 ("…会议精神，听取|全市审计工作情况汇报"), so a span that prints the verb starts
    after it; one that ends with it is kept."""
    if not verb:
        return start
    at = view.rfind(verb, start, end)
    # only across clauses: within one, the model's span around the verb is its own reading
    if at <= start or end - at - len(verb) < 2 or not re.search(r"[，,；;。]", view[start:at]):
        return start
    at += len(verb)
    while at < end - 2 and (view[at].isspace() or view[at] in "了的着过"):  # "获得的|第一批专利"
        at += 1
    return at

def before_asked_words(view: str, start: int, end: int, words: list[str], pos) -> int:
    """Where a place or name answer ends once the question's own words are left out: "总仓在哪"
    is answered by 温州, not "温州设立总仓和物流配送中心". The span ends before the first of
    ``words`` it prints past its first two characters, and before the verb or preposition that
    leads to it (``pos`` tags parts of speech)."""
    # a word the span opens with, or a place, is the answer's own ("格尔木市主城区（含…格尔木工业园片区）")
    words = [w for w in words if len(w) >= 2 and not view.startswith(w, start)
             and not any(t.flag.startswith("ns") for t in pos.cut(w))]
    at = min((i for w in words if (i := view.find(w, start + 2, end)) >= 0), default=-1)
    if at < 0:
        return end
    if any(view.startswith(w, at) and at + len(w) == end and not any(t.flag.startswith("nr") for t in pos.cut(w)) for w in words):
        # the span ends with the thing the question asks about ("集装箱存放点|火灾" for "火灾发生在哪里"),
        # not with a person's name it shares ("安德鲁·杰克逊" for "杰克逊维尔以谁命名")
        return at
    tagged = list(pos.cut(view[start:at]))
    cut, acts = at, False
    while tagged and tagged[-1].flag[:1] in ("v", "p", "d", "u", "c"):
        acts = acts or tagged[-1].flag[:1] in ("v", "p")
        cut -= len(tagged.pop().word)
    # only where the span goes on into what is done there ("温州|设立|总仓"), not a name's own part ("安德鲁·|杰克逊")
    return cut if acts and cut - start >= 2 else end


def entity_kind(question: Question, text: str, pos) -> float:
    """For a 谁/哪里/哪个单位 question, whether the span names what is asked: a word jieba (``pos``,
    a part-of-speech tagger) tags as a person, place or organisation, or a name ending like one
    ("河北石家庄", "人力资源社会保障部"); 0 for other questions."""
    if question.answer_type not in ("person", "place", "org") or not text or len(text) > 30:
        return 0.0
    if any(ENTITY_TAGS.get(w.flag) == question.answer_type for w in pos.cut(text)):
        return 1.0
    ending = ENTITY_ENDINGS.get(question.answer_type)
    return float(bool(ending and ending.search(text)))


def past_leading_verbs(view: str, start: int, end: int, pos) -> int:
    """A name never opens with the verbs that act on it ("决定授权|中国工商银行（巴西）股份有限公司" for
    "…由谁担任"): where the span opens with verbs and a name follows, it starts at the name (``pos``: the tagger)."""
    at = start
    for w in pos.cut(view[start:end]):
        if not (w.flag == "v" and end - at - len(w.word) >= 2):
            return at if w.flag.startswith(("n", "j")) else start
        at += len(w.word)
    return start
