"""Snapping a span the model proposed to what can answer: never past its sentence, never
starting on punctuation or inside a number, exactly the quantity or date for 多少/哪天 (with its
relation word: 年底前, 3月25日起), the whole subject of "…，是…", the whole list for 哪些."""

from __future__ import annotations

import re

from qa.read.kinds import RELATIVE_DATE, TYPED
from qa.read.question import Question
from qa.text.paraphrase import variants
from qa.text.patterns import DATE_RE, DATELINE, FULL_STOPS, HAS_NUMERAL, PART_OF_DAY, SENTENCE_END, STATEMENT_END, clause_bounds, sentence_bounds

# questions answered by a clause or a sentence rather than a word: 为什么, 如何, 进展如何, 有什么要求, …吗
CLAUSE_ANSWERS = ("reason", "method", "description", "yesno")
SHORTEST_CLAUSE = 8  # a clause shorter than this is read with the rest of its sentence

TIME_RELATION = re.compile(r"(?:以前|之前|以后|之后|以来|左右|前后|期间|前|后|起)(?=[\u4e00-\u9fff])")


CLOSING_OR_SPACE = " \n”’」』》）)"  # what a clause never starts with
NEXT_QUOTE = re.compile(r"、?“[^“”。！？]{1,40}”")  # a quoted item right after another ("“走进…”“走进…”")
NEXT_TITLE = re.compile(r"(?:[、和及与]|\s)*《[^《》\n]{1,40}》")


BYLINE = re.compile(r"(?:本报讯|本报[^\s，。（(]{1,8}(?:讯|电)|新华社[^\s，。（(]{0,12}电)\s*(?:[（(][^）)\n]{0,30}[）)])?\s*")
LEADING_CONJUNCTION = re.compile(r"(?:但是?|然而|而且?|并且|可是|不过)[，,]?\s*")
CLOCK_AFTER = re.compile(rf"\s*{PART_OF_DAY}?\d{{1,2}}\s*[时点](?:\d{{1,2}}分|半)?(?:许|左右)?")
QUALIFIER_BEFORE = re.compile(r"(?:约|(?<![最附邻亲靠接将])近|将近|接近|超过|(?<![赶高])超|逾|大约|突破)$")


def past_byline(text: str, start: int, end: int) -> int:
    """An answer never starts with the report's byline ("本报讯（记者 樊娅楠）|西宁锂电产业集群，…")."""
    lead = BYLINE.match(text, start)
    return lead.end() if lead and lead.end() < end else start


def with_qualifier(text: str, start: int, asked_before: str) -> int:
    """A figure with the qualifier before it, which changes the quantity ("近|70%" → 近70%), unless the
    question says it (``asked_before``: "超过多少人" → 3000人)."""
    q = QUALIFIER_BEFORE.search(text, max(0, start - 2), start)
    return q.start() if q and not QUALIFIER_BEFORE.search(asked_before) else start


def _marks_closed(text: str, start: int, end: int, answer_type: str) -> int:
    """The end of a span whose quotation and title marks are closed: one it opens is closed with it
    ("“百强产业集群|”" → both marks; for a name or a clause, a quotation or title read to its closing mark within its
    sentence: "“走进浙里名山|，饱览浙里风景”", "《…专项行动|实施方案》"), one it closes without opening is left out ("跟着亚运 走进森林浙江|”"),
    and titles or quotations printed one after another are read together ("审议《…实施方案》《…计划草案》")."""
    for opener, closer in ("“”", "《》", "「」", "（）", "()"):
        if text.count(opener, start, end) > text.count(closer, start, end) and text[end : end + 1] == closer:
            end += 1
        elif opener in "“《" and answer_type not in TYPED and text.count(opener, start, end) > text.count(closer, start, end):
            closed = text.find(closer, end, sentence_bounds(text, start, end)[1])
            end = closed + 1 if closed > 0 and not SENTENCE_END.search(text, end, closed) else end
        while end > start + 1 and text[end - 1] == closer and text.count(closer, start, end) > text.count(opener, start, end):
            end -= 1
    for opener, closer, following in (("《", "》", NEXT_TITLE), ("“", "”", NEXT_QUOTE)):
        if text.startswith(opener, start) and text[end - 1 : end] == closer and answer_type not in TYPED:
            while (more := following.match(text, end)) is not None:
                end = more.end()
    return end


def snap(text: str, start: int, end: int, answer_type: str, asked_before: str = "", asked_after: str = "") -> tuple[int, int]:
    """Trim a span to what can answer the question: never past the end of its sentence; for a
    number, percent, date or time, the quantity (or date) it starts with, not the clause after it
    ("48.7万件，新能源汽车…" → "48.7万件"); ``asked_before``/``asked_after``: the question either side of its
    question word (a name is read with the head noun 哪个 asks for, printed after it: "哪个社区" → "数据谷|社区")."""
    # an answer never starts with punctuation ("：12377"), the 的 of what it qualifies ("新招募的|三万多名"), a byline
    while start < end and (text[start] in "：:，,、；;。" + CLOSING_OR_SPACE or (text[start] == "的" and end - start > 2)):
        start += 1
    start = past_byline(text, start, end)
    # nor with the end of the question's own words before it ("把握|好量质并重" for "把握好哪些…")
    start += next((k for k in (2, 1) if end - start > k + 1 and asked_before.endswith(text[max(0, start - 2) : start + k])
                   and start >= 2), 0)
    # a span that starts inside a number starts with it ("10.|5GWh" → "10.5GWh")
    while start > 0 and re.fullmatch(r"\d[\d.,]|[.,]\d", text[start - 1 : start + 1]):
        start -= 1
    cut = SENTENCE_END.search(text, start, end)
    if cut and cut.start() > start:
        end = cut.start()
    end = _marks_closed(text, start, end, answer_type)
    if answer_type not in TYPED and answer_type not in CLAUSE_ANSWERS:
        start, end = _name_bounds(text, start, end, answer_type)
        end += 2 if answer_type == "entity" and len(head := asked_after[:2]) == 2 and text.startswith(head, end) else 0
    pattern = TYPED.get(answer_type)
    if answer_type in ("number", "percent") and not pattern.match(text, start):
        # the counted thing before the quantity is not part of the answer ("保洁员8人" → "8人"),
        # a rate is ("每5年")
        inside = next((m for m in pattern.finditer(text, start, end) if re.match(r"\D{0,4}\d", m.group())), None)
        if inside and not re.search(r"\d|每", text[start : inside.start()]):
            start = inside.start()
    start = with_qualifier(text, start, asked_before) if answer_type in ("number", "percent") else start
    if answer_type in ("ordinal", "sequence") and not pattern.match(text, start):
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
    if answer_type in ("date", "time") and (pattern.match(text, start) is None) and re.search(r"[，,；;（(]", text[start:end]):
        # a date the model read across clauses is the date printed nearest its end ("五月初…公告，
        # 该行早在2021年" → 2021年), and one in brackets after a word for it ("今天（7月26日）" → 7月26日)
        dates = [m for m in pattern.finditer(text, start, end) if HAS_NUMERAL.search(m.group())]
        if dates:
            start, end = dates[-1].span()
    if answer_type in ("date", "time"):
        start, end = _time_in_words(text, start, end, pattern)
        # a day with its clock time is one moment ("8月1日|13时许抵达" → 8月1日13时许)
        end = clock.end() if answer_type == "date" and DATE_RE.fullmatch(text[start:end]) and text[end - 1 : end] in "日号" and (clock := CLOCK_AFTER.match(text, end)) else end
        # "年底|前建成" → 年底前: the relation is part of the time
        end = rel.end() if (rel := TIME_RELATION.match(text, end)) else end
    return start, end


def _name_bounds(text: str, start: int, end: int, answer_type: str) -> tuple[int, int]:
    """A name, place or list never takes in more than it is: for a place, body or person, the one
    clause it is said in ("…司长田立新介绍，|教育部、国家语委等八部门"; not a list whose last items a
    conjunction joins: "中国，日本和韩国") and no time after it ("吉大港地区|4日晚"); for any of
    them, not the figure that counts the noun after it (``before_count``)."""
    named = answer_type in ("place", "org", "person")
    if named:
        marks = [m.end() for m in re.finditer(r"[，,；;：:]", text[start:end]) if not _quoted(text, start + m.start())]
        if marks and end - (start + marks[-1]) >= 2 and not re.search(r"[和与及]", text[start + marks[-1] : end]):
            start += marks[-1]
    end = before_count(text, start, end)
    if named:  # (not an address's number, 人民路88号, nor a span of dates, 1500年至1850年)
        when = next((m for m in TYPED["date"].finditer(text, start, end) if m.end() == end and HAS_NUMERAL.search(m.group())
                     and re.search(r"[年月日]|午|晚|凌晨|早上", m.group())), None)
        if when is not None and when.start() - start >= 2 and not TYPED["date"].search(text, start, when.start()):
            end = when.start()
    return start, end


def _quoted(text: str, at: int) -> bool:
    """Whether ``at`` is inside a quotation, a title or brackets opened before it on its line."""
    line = text[text.rfind("\n", 0, at) + 1 : at]
    return any(line.count(o) > line.count(c) for o, c in ("“”", "《》", "「」", "（）", "()"))


def before_count(text: str, start: int, end: int) -> int:
    """Where a name or list ends that the span ends with a figure after: a figure printed right
    after a name, a noun right after it, counts that noun ("…、国防科工局|6|部门")."""
    count = re.search(r"(?<=[\u4e00-\u9fff])\s*\d+$", text[start:end])
    return start + count.start() if count and re.match(r"\s*[\u4e00-\u9fff]", text[end : end + 2]) else end


def _time_in_words(text: str, start: int, end: int, pattern: re.Pattern) -> tuple[int, int]:
    """A time said in words at the end of what the model read within a clause ("…等项目力争|年内"),
    with the numerals it is said with ("五|月初" → 五月初), where no date in figures is there."""
    if (pattern.match(text, start) is not None or re.search(r"[，,；;]", text[start:end])
            or any(HAS_NUMERAL.search(m.group()) for m in pattern.finditer(text, start, end))):
        return start, end
    said = list(RELATIVE_DATE.finditer(text, start, end))
    if not said or said[-1].start() <= start:
        return start, end
    first = said[-1].start()
    while first > start and text[first - 1] in "一二三四五六七八九十两上中下本今去明前":
        first -= 1
    return first, said[-1].end()


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
    while c0 < c1 and text[c0] in CLOSING_OR_SPACE:  # (the closing mark of the sentence before)
        c0 += 1
    lead = DATELINE.match(text, c0)
    if lead and lead.end() >= c1 and lead.end() < len(text):  # the dateline alone ("央视网消息（新闻联播）："): the clause after it
        c0, c1 = clause_bounds(text, lead.end(), lead.end(), STATEMENT_END)
    elif lead and c0 < lead.end() < c1:  # the clause is what the report says, not its dateline
        c0 = lead.end()
    while c1 > c0 and text[c1 - 1] in " \n":
        c1 -= 1
    # a conjunction that ties the clause to the one before is no part of what it says ("但|目前灾区云层很厚")
    c0 = lead.end() if (lead := LEADING_CONJUNCTION.match(text, c0, c1)) and c1 - lead.end() >= SHORTEST_CLAUSE else c0
    return (past_byline(text, c0, c1), c1) if c1 > c0 else (start, end)


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
    while previous < cut and text[previous] in CLOSING_OR_SPACE:  # (the closing mark of the sentence before)
        previous += 1
    return past_byline(text, previous, start) if previous < cut else start


# a cause or a means printed inside the clause that states what happened ("西宁一超市|因“反向抹零”|被处罚",
# "全体馆员|通过剪窗花、写春联的方式|喜迎春节")
CAUSE_WORD = r"因为|由于|因(?![此而素为])"
CAUSE_MARK = re.compile(rf"{CAUSE_WORD}|就(?=[^，,。；;]{{2,40}}一事)")  # (就…一事致歉: the matter it is for)
MEANS_MARK = re.compile(r"通过|借助|依托|依靠|凭借|利用")


def act_words(asked: str) -> str:
    """The question's words after its question word as the act asked about: no leading modal or 被, no closing particle."""
    return re.sub(r"^(?:会|要|能|被|得|了|才|就|都)+|[了呢的吗？?\s]+$", "", asked)


def cause_in_clause(text: str, start: int, end: int, asked: str, marks: re.Pattern = CAUSE_MARK) -> tuple[int, int]:
    """For "为什么被处罚" ("怎样喜迎春节"), a clause that prints the cause (the means) between its
    mark (因/由于; 通过/借助) and the words asked about is answered by it ("因“反向抹零”"); any
    other span is left as it is."""
    asked = act_words(asked)
    if len(asked) < 2:
        return start, end
    # the words asked about as the clause prints them ("缺席" ↔ 错过), not ending an item of the means listed ("缓冲带修复、")
    forms = [f for f in (asked[:3], asked[:2], *variants(asked)[1:], *variants(asked[:2])[1:]) if len(f) >= 2]
    at = next((m.start() for f in forms for m in re.finditer(re.escape(f), text[:end]) if m.start() >= start
               and text[m.end() : m.end() + 1] not in "、和及与"), -1)
    if at < 0:
        return start, end
    at -= 1 if text[at - 1 : at] == "被" else 0
    cause = None
    for m in marks.finditer(text, start, at):
        cause = m
    # (words asked listed within the cause are no result of it: "因涉嫌非法持有、|私藏枪支弹药被…拘留")
    if cause is None or at - cause.end() < 2 or re.search(r"[，,；;。]", text[cause.end() : at]) or text[at - 1] in "、和及与":
        return start, end
    return cause.start(), at


def after_topic_sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence after ``text[start:end]`` where that span is a whole sentence of its own (a
    topic sentence: "门头沟区市场监管局全面强化产品质量监管。|对受灾地区商户进行指导检查，…。"),
    without its final mark; (0, 0) where it is not, or nothing follows in its paragraph."""
    s0, s1 = sentence_bounds(text, start, end)
    if text[s0:start].strip(CLOSING_OR_SPACE) or text[end:s1].strip(CLOSING_OR_SPACE + FULL_STOPS):
        return 0, 0
    n0 = s1 + 1  # past its end mark
    while n0 < len(text) and text[n0] in CLOSING_OR_SPACE.replace("\n", ""):
        n0 += 1
    if n0 >= len(text) or text[n0] == "\n":
        return 0, 0
    n0, n1 = sentence_bounds(text, n0, n0)
    while n1 > n0 and text[n1 - 1] in FULL_STOPS + "；;" + CLOSING_OR_SPACE:
        n1 -= 1
    return (n0, n1) if n1 - n0 >= SHORTEST_CLAUSE else (0, 0)


def slot_before_noun(question: Question, text: str, start: int, end: int) -> tuple[int, int] | None:
    """For a question that asks 什么 + a noun ("要发挥审计什么作用"), the words its clause prints between the
    question's last two characters before 什么 and that noun ("有效发挥审计|“治已病、防未病”|作用", its
    quotes left out): what is asked, not the clause that holds it; None where the clause prints no such slot."""
    m = re.fullmatch(r"什么([\u4e00-\u9fff]{1,3})", question.qword or "")
    tail = re.sub(r"[^\u4e00-\u9fff]", "", question.left)[-2:]
    if not m or len(tail) < 2:
        return None
    at = text.find(tail, start, end)
    while at >= 0:
        a = at + len(tail)
        b = text.find(m.group(1), a, min(end, a + 24))
        if b - a >= 2 and not re.search(r"[，,。；;！？]", text[a:b]):
            if text[a] in "“\"「" and text[b - 1] in "”\"」" and b - a > 2:
                a, b = a + 1, b - 1
            return a, b
        at = text.find(tail, at + 1, end)
    return None
