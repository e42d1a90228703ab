"""The one grammar of printed quantities, dates, times and codes, and the one notion of a
sentence and a clause, shared by every stage (chunking, reading, display).

A sentence ends at ``SENTENCE_MARKS`` (。！？!?；;…) or a line break, closing quotes and
brackets after the mark staying with it; a clause ends at a comma, colon or enumeration mark
inside it. ``FULL_STOPS`` is the subset that ends a sentence beyond doubt (a page line ending
in ； may go on), which the layout uses to tell a line the layout broke from one that ends.
"""

from __future__ import annotations

import re

FULL_STOPS = "。！？…"
SENTENCE_MARKS = FULL_STOPS + "!?；;"
CLOSERS = "”’」』）)》"
SENTENCE_END = re.compile(rf"[{SENTENCE_MARKS}\n]")
# a sentence with its closing marks: "……。”" ends after the quote
SENTENCE = re.compile(rf"[^{SENTENCE_MARKS}\n]*(?:[{SENTENCE_MARKS}]+[{CLOSERS}]*|\n|$)")
CLAUSE_MARKS = "，,：:"
CLAUSE_END = re.compile(rf"[{CLAUSE_MARKS}、（({SENTENCE_MARKS}\n]")
# a clause in which an enumeration stays whole ("受理网民举报色情、赌博等违法信息1777.3万件")
STATEMENT_END = re.compile(rf"[{CLAUSE_MARKS}{SENTENCE_MARKS}\n]")

UNITS = sorted(
    """个百分点 百分点 % ％ ‰ 倍 成 件次 人次 万人次 架次 辆次 件 个 人 户 家 项 次 吨 万吨 元 亿元 万元 千元 美元 亿美元 港元 欧元 日元 英镑
    公里 千米 米 厘米 毫米 平方米 平方公里 平方千米 亩 万亩 公顷 立方米 升 毫升 套 万套 辆 台 座 所 名 位 天 年 岁 周岁 小时 分钟 分 秒
    张 份 篇 场 部 本 首 条 只 门 头 株 棵 枚 颗 块 片 层 楼 级 届 期 批 种 类 支 队 艘 架 列 趟 班 对 家次 GWh MWh kWh GW MW kW 吉瓦时 万千瓦
    千瓦 千瓦时 兆瓦 点 例 处 日 周年 周 个月 个小时 个星期 星期 工作日 个工作日 笔 宗 间 台次 箱 度 公斤 千克 克 斤 万斤 摄氏度 ℃ °c °f ° 分贝 微克/立方米 毫克/立方米 毫克/升 微克 毫克 字 户次 万户 人口 票 届 site 号 章 集 卷 册 行 码 帧 像素 比特 字节 MB GB TB 剂 剂次 万剂次 针 幅 盏 瓶 袋 盒 桶 粒 栋 幢 匹 双 顶""".split(),
    key=len,
    reverse=True,
)
NUMBER = (
    r"(?:约|近|超过|逾|将近|大约|突破|超)?"  # qualifiers that change the quantity; 达 and 共 are verbs
    # (an amount may be said in round figures: 数百, 上千, 几十, 突破亿元)
    # never from inside a number, nor the day of a date ("5月|27日" is a date, "拘留5日" a count)
    r"(?<![\d.,月])(?:\d+(?:[.,]\d+)*|[零〇一二两三四五六七八九十百千]+|[数几][十百千万]+|(?<![以之])上[百千万](?!分)|(?<=[破超逾])[万亿](?=[\u4e00-\u9fff]))(?:\.\d+)?(?:多|余|(?<=十)几)?(?: ?[万亿千百]+(?![瓦米克]))?(?:多|余)?"
)  # news items keep the space of "1123 万平方米"; cleaned pages have none
# (a magnitude is not the 千 of a unit: "160 万|千瓦时", "3|千米")
RANGE_SEP = r"(?:—|–|-|~|～|至|到)"
# SI units printed in Latin letters, a rate's denominator after / ("914mg/kg", "120km/h", "35μg/m³"), computing power ("6.6万P")
LATIN_UNIT = r"(?:[PET]FLOPS|[PET]Flops|P|[μµ]g|mg|kg|km|cm|mm|nm|ml|mL|kWh|MWh|GWh|kW|MW|GW|Wh|mAh|kV|kHz|MHz|GHz|Hz|dB|ppm|kPa|hPa|Pa|g|m|L|W|V|t)[²³]?"
LATIN_RATE = rf"{LATIN_UNIT}(?:/(?:{LATIN_UNIT}|h|s|d))?(?![A-Za-z])"
UNIT = f"(?:{LATIN_RATE}|{'|'.join(map(re.escape, UNITS))})"
# a second unit only closes a range ("5.25%至5.5%", "10-20 万元"): "5万元班费" is "5万元", not "5万元班"
# ("9倍多": more than nine times; "1个多|小时" keeps its 多 out, the unit being 小时)
# a score or a ratio is one quantity ("2：0力克拉齐奥", "以3比1获胜", "男女比例1:1.2")
SCORE = r"(?<![\d.,:：])\d{1,3}(?:\.\d+)? ?[:：比] ?\d{1,3}(?:\.\d+)?(?![\d:：%％])"
# (news items keep spaces around a range's 至 too: "5 万至 500 万元")
NUMBER_RE = re.compile(rf"(?:{SCORE}|{NUMBER}(?: ?{UNIT})?(?:(?<=倍)多)?(?: ?{RANGE_SEP} ?{NUMBER}(?: ?{UNIT})?)?)")
PART_OF_DAY = r"(?:[上下中]午|晚上?|凌晨|早上)"
# pages extracted from PDF print "2022 年 11 月 4 日": a single space may sit between a date's parts
DATE_RE = re.compile(
    rf"(?:(?:公元前?)?\d{{2,4}} ?年(?: ?\d{{1,2}} ?月(?: ?\d{{1,2}} ?[日号]{PART_OF_DAY}?)?)?(?:代|初|底|末|中)?"
    rf"|\d{{1,2}} ?月 ?\d{{1,2}} ?[日号]{PART_OF_DAY}?"
    r"|\d{1,2} ?月(?:[上中下]旬|初|底)?"
    r"|[一二三四五六七八九十]+世纪(?:[一二三四五六七八九十]+年代)?(?:初|末|中叶)?"
    r"|[今去明前后]年\d{0,2}月?"
    # a day alone, as news prints the days of its own month ("座谈会21日在京召开", "15日称")
    rf"|(?<![\d.,月])\d{{1,2}} ?[日号]{PART_OF_DAY}?(?![\d])"
    r")"
    rf"(?:{RANGE_SEP}(?:(?:\d{{2,4}}年)?\d{{1,2}}月(?:\d{{1,2}}[日号])?|\d{{1,2}}[日号]))?"
)
TIME_RE = re.compile(
    rf"{PART_OF_DAY}?\d{{1,2}}[:：]\d{{2}}(?:[-—至到]\d{{1,2}}[:：]\d{{2}})?|{PART_OF_DAY}?\d{{1,2}}[点时](?:\d{{1,2}}分|半)?"
)
# a telephone number, hotline or postcode: digits that name, so no magnitude or unit follows
CODE_RE = re.compile(rf"(?<![\d.])(?:\d{{3,4}}[-－—]\d{{7,8}}|\d{{3,11}})(?![\d.,%％]| ?(?:[万亿千百年月日号]|{UNIT}))")
# how a local paper names its own city ("我市工业…", "全市…"): the page's city is read from it at ingest,
# and a question's city is read as it where the page prints no name that begins with the city
OWN_CITY = re.compile(r"[我本全]市")
# the first months of a year as a question names them ("前两个月"): a page prints them as 1—2月, so
# they are the constraints' to check, not content words to find printed
FIRST_MONTHS = re.compile(r"前[一二两三四五六七八九十\d]{1,2}个月")
# a place in an order: 第一, 第3名, 前十 (not 第三季度, a period, nor 第五次, a count of events)
ORDINAL_RE = re.compile(r"第\s*[一二三四五六七八九十百千零两\d]+\s*(?:名|位)?(?![季届次批年天日月轮号期个])|前\s*[一二三四五六七八九十百\d]+\s*(?:名|位|强)|首位|榜首")
# a place in a series of events or issues: 第七次, 第139号, 第三轮 (asked as 第几次/第几号/第几轮)
SEQUENCE_RE = re.compile(r"第\s*[一二三四五六七八九十百千零两\d]+\s*[个次届批期轮号]")
HAS_NUMERAL = re.compile(r"\d|[一二三四五六七八九十两]|[数几上][百千万](?!分)|(?<=[破超逾])[万亿]|[百千万]+[万亿]")  # a quantity or date, not a bare unit word
QUOTED_RE = re.compile(r"《[^》]{1,40}》|“[^”]{1,30}”|「[^」]{1,30}」")
# the magnitude before a measure word (万件, 亿元) is skipped, but not the 百 of 百分点
# (个 before a unit that takes it, "个百分点"; "个项目" is 个 counting 项目, not 项)
MEASURE = re.compile(rf"(?:个(?=[万亿千百]*(?:百分点|多?月|小时|星期|工作日)))?(?:[万亿千]|百(?!分点))*({UNIT})")
LEADING_NUMBER = re.compile(r"^(?:约|近|超过|逾|将近|大约|突破|超)?(?:[数几]|上(?=[百千万]))?[\d.,零〇一二两三四五六七八九十百千万亿]+(?:多|余)?")


def measure_word(text: str) -> str | None:
    """The measure word a quantity (or the words after 多少) starts with, magnitude aside:
    "万件次…" → 件次, "件诉求" → 件."""
    m = MEASURE.match(text)
    return m.group(1) if m else None


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Half-open spans of the sentences of ``text``, closing marks kept, surrounding whitespace
    and whitespace-only pieces dropped."""
    spans = []
    for m in SENTENCE.finditer(text):
        start, end = m.span()
        piece = text[start:end]
        lead = len(piece) - len(piece.lstrip())
        if end > start and lead < len(piece):
            spans.append((start + lead, end - (len(piece) - len(piece.rstrip()))))
    return spans


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding ``text[start:end]``, its end mark left out."""
    s = max((m.end() for m in SENTENCE_END.finditer(text, 0, start)), default=0)
    m = SENTENCE_END.search(text, end)
    return s, m.start() if m else len(text)


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding ``text[start:end]`` with its end mark, as shown around an answer."""
    s, e = sentence_bounds(text, start, end)
    return s, min(e + 1, len(text))


def paragraph(text: str, start: int, end: int | None = None) -> str:
    """The line (paragraph) of ``text`` that holds ``text[start:end]`` (from its start's line to its end's)."""
    return text[text.rfind("\n", 0, start) + 1 : end_of_line(text, start if end is None else end)]


def end_of_line(text: str, at: int) -> int:
    """Where the line holding position ``at`` ends (its newline, or the text's end)."""
    found = text.find("\n", at)
    return len(text) if found < 0 else found


# a dateline lead opening a report: 本报讯（记者 张三）, 本报西宁3月26日电, 新华社北京3月5日电（记者 …）
# (and a news site's: 中新网北京新闻8月18日电, 人民网北京8月1日电, 央视网消息（新闻联播）：)
DATELINE = re.compile(r"\s*(?:本报讯|本报[^\s，。（(]{1,12}电|新华社[^\s，。（(]{1,12}电|[\u4e00-\u9fff]{1,4}[网社][^\s，。（(]{0,8}\d{1,2}月\d{1,2}日电"
                      r"|央视网消息)\s*(?:[（(][^）)\n]{0,30}[）)])?[：:]?\s*")


def clause_bounds(text: str, start: int, end: int, ends: re.Pattern = CLAUSE_END) -> tuple[int, int]:
    """The clause holding ``text[start:end]``: within its sentence, between two of ``ends``
    (commas, colons, enumeration marks… by default)."""
    s0, s1 = sentence_bounds(text, start, end)
    c0 = max((m.end() for m in ends.finditer(text, s0, start)), default=s0)
    c1 = m.start() if (m := ends.search(text, end, s1)) else s1
    return c0, c1


def bigrams(text: str) -> set[str]:
    """Character bigrams of ``text``, spaces and common punctuation aside."""
    text = re.sub(r"[\s，,。、：:；;“”\"（）()《》]", "", text)
    return {text[i : i + 2] for i in range(len(text) - 1)} or ({text} if text else set())


def soft_overlap(question_side: str, passage_side: str) -> float:
    """Share of the question side's character bigrams found in the passage side."""
    q = bigrams(question_side)
    return len(q & bigrams(passage_side)) / len(q) if q else 0.0
