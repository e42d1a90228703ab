"""What a question asks for: the expected answer type, where the question word sits (so the
answer's slot can be found in a sentence that restates the question), and the focus words."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from qa.text.clean import SearchNormalizer
from qa.text.tokenize import ChineseTokenizer

# verbs of urging someone (what they were urged is what was said after the addressee) and of replying
URGE_VERBS = "提醒|呼吁|告诫|提示|警示|倡议"
REPLY_VERBS = "回应|回复|答复|表态|评价|看待"

# Answer types, most specific first. Each pattern matches the question word or phrase.
TYPE_PATTERNS: tuple[tuple[str, str], ...] = (
    # a number that names, not counts: a telephone number, hotline, postcode ("举报电话是多少" → 12377)
    ("code", r"(?:电话|号码|热线|手机|邮编|邮政编码|传真)(?:号码?)?(?:是|为)?(?:多少|几号|什么)(?![\u4e00-\u9fff](?<![呢啊呀]))"),
    # a place in a series ("第几次会议" → 第七次, "第几号" → 第139号): the whole ordinal with its counter
    ("sequence", r"第几(?=[个次届批期轮号])"),
    ("time", r"几点(?:几分)?|什么时刻|哪个时刻|几时几分"),
    ("date", r"何时|啥时候?|多会儿|哪天|哪一天|哪几[天日]|几号(?!线|楼|门|床|码|位)|哪日|哪年|哪一年|几年|什么时候|什么时间|何年|何日|几月(?:几[日号])?|哪个月|(?:什么|哪个)(?:日子|年份|月份|年代)|哪个朝代|何年何月|日期是|(?:哪|什么)(?:段|个)?(?:时间段?|时期)"),
    ("percent", r"百分之多少|百分之几|(?:多少|几)(?:个)?百分点|比例是多少|占比(?:多少|为多少|是多少)|比重(?:是|为)?多少|增(?:长|幅)(?:了)?多少|增速(?:是|为)?多少|(?:贡献|增长|下降|占有|利用|覆盖|转化|合格|完成)率(?:是|为|达)?(?:多少|几)"),
    # a place in an order ("增速在全州排第几" → 第一): the ordinal, not the figure ranked
    ("ordinal", r"(?:排名?|名列|位列|位居|居)?第几(?:名|位)?(?![个次届批年天季期轮号])|排名(?:是)?多少|什么名次|哪个名次"),
    ("number", r"多少|(?<!哪)几(?=[\u4e00-\u9fff])|多大|多高|多长|多重|多远|多宽|多深|多厚|多快|多久|多少钱|多少年|几何|若干"),
    ("person", r"谁|哪位|哪一位|由谁|什么人|何人|哪些人|哪个人|哪名|哪几位"),
    ("place", r"哪里|哪儿|在哪(?![里儿个些一两三几种家所部条项])|何地|何处|什么地方|哪[一两三几]?[个座些]?(?:城市|省份?|市|县|区|国家?|地区|地方|洲|岛|河|山)|什么(?:城市|地区|国家)"),
    ("org", r"哪[一两三几]?[个家所些]?(?:单位|企业|公司|部门|机构|组织|学校|大学|医院|银行|政党|团队|球队|协会|报社|媒体)|什么(?:单位|企业|公司|部门|机构|组织)"),
    ("reason", r"(?<![称成名认视改定叫])(?:(?<=工作)|(?<!作))为什么|为何|什么原因|何故|因为什么"),
    # what something is like or how it goes: answered by a clause, not a word
    ("description", r"(?:怎么样|怎样了|如何了|(?:进展|情况|表现|效果|状况|形势|态势)(?:如何|怎样|怎么样)|处于什么(?:阶段|状态)"
                    r"|有?(?:哪些|什么)(?:要求|特点|意义|作用|措施|举措|影响|变化|亮点|成效|成果|目标|任务|部署|优势|好处|优点|缺点|特色|危害|经验|启示|建议)"
                    r"|(?:要求|特点|意义|目的|措施|举措|目标|成效|进展|作用|优势|好处|优点|特色)(?:是|有)(?:什么|哪些)"
                    # what someone said: the clause said, not a word of it ("詹茂伟…说了什么"; not 表示, which also means "stands for")
                    r"|(?:说|讲|谈|指出|强调|提出)(?:了|过)?(?:些)?(?:什么|哪些)(?:话|内容|意见)?$"
                    # how someone answered or sees a thing: what they said ("韩国国防部怎么回应")
                    rf"|(?:怎么|如何|怎样)(?:{REPLY_VERBS})$"
                    # what someone was reminded or urged, the addressee between ("提醒经营者什么")
                    rf"|(?:{URGE_VERBS})[\u4e00-\u9fff]{{0,8}}?(?:了|过)?(?:些)?(?:什么|哪些)(?:话|内容|事项)?$)"),
    # how something was described or named: the words used ("如何形容这份报告" → “里程碑时刻”)
    ("entity", r"(?:如何|怎么|怎样)(?:形容|称呼|定义|描述|概括|命名)"),
    ("method", r"如何|怎样|怎么|通过什么(?:方式|方法|途径)?|用什么方法"),
    ("entity", r"哪(?:[两二三四五六七八九十]+|几)[个家项位座种名条]?|什么|哪个|哪些|哪一|哪种|何种|哪项|哪部|哪本|哪条|何物|啥"),
)

# "now" in a question is when it is asked, which a page says as 目前 or not at all: no word to match
NOW_WORDS = frozenset("现在 如今 当前 眼下 目前 现今".split())
# a question that asks whether: answered by the sentence that states it (and 是/否 where it does)
YES_NO = re.compile(r"(?:了|过|没|是|有|在|的|呢)?吗$|么$|是否|有没有|是不是|能不能|能否|会不会|可不可以|对不对|有无|(?<=[\u4e00-\u9fff])(?:了)?没有$")
# a request around the question ("请问…", "我想知道…", "帮我查一下…"): not part of what is asked
REQUEST = re.compile(r"^(?:请问一下|请问|我想知道|我想问一下|我想问|想问一下|想问|能告诉我|能不能告诉我|可以告诉我|告诉我|帮我查一下|帮我查查|帮我查|"
                     r"查一下|麻烦问一下|麻烦问下|你知道|你知道吗)[，,：:\s]*")
# the head noun of a search-box query with no question word ("死亡人数", "春运开始时间",
# "中超冠军"): what kind of answer it asks for
HEAD_NOUNS: tuple[tuple[str, re.Pattern], ...] = (
    ("percent", re.compile(r"(?:增速|增幅|涨幅|降幅|增长率|比例|占比|比重|利率|税率|贡献率|失业率|出生率)$")),
    ("number", re.compile(r"(?:人数|数量|总数|次数|件数|个数|金额|总额|总量|产量|产值|规模|面积|价格|票价|售价|费用|距离|长度|高度|"
                          r"速度|温度|票房|销量|收入|利润|投资额|成交额|得分|排名|名次|年龄|时长|工期)$")),
    ("date", re.compile(r"(?:开始时间|结束时间|时间|日期|年份|时候|截止日期|开幕时间|上映时间)$")),
    ("place", re.compile(r"(?:地点|地址|起点|终点|位置|所在地|目的地|举办地|发源地|出发地|产地|总部)$")),
    ("person", re.compile(r"(?:冠军|得主|导演|作者|主持人|负责人|主角|主演|创始人|发起人|董事长|总经理|市长|书记|主席|局长|教练|队长)$")),
    ("entity", re.compile(r"(?:名字|名称|姓名|全称|简称)$")),
)

# how a search-box query is asked as a question, by the kind its head noun asks for
# ("西宁经济开发区贡献率" → "…贡献率是多少？"): the span model was trained on questions
ASKED_AS = {"number": "是多少", "percent": "是多少", "date": "是什么时候", "place": "在哪里", "person": "是谁", "entity": "是什么",
            "日期": "是哪一天", "年份": "是哪一年"}  # a day or a year, not a clock time
# head nouns that only say what is asked, and give way to the question words ("核酸检测日期" → "核酸检测是哪一天")
QUESTION_NOUNS = re.compile(r"(?:时间|日期|年份|时候|地点|地址|位置)$")
COMPILED = tuple((t, re.compile(p)) for t, p in TYPE_PATTERNS)
# The interrogative itself inside a matched phrase: the answer's slot ("贡献率是多少" → 多少).
CORE = re.compile(r"第几(?:名|位)?|啥时候?|多会儿|啥|(?:哪|什么)(?:段|个)?(?:时间段?|时期)|哪里|哪儿|在哪(?![里儿])|什么时候|什么时间|什么地方|什么人|几点(?:几分)?|几月(?:几[日号])?|几号(?!线|楼|门|床|码|位)|哪一?[年天日]|百分之(?:多少|几)|多少|几|多[大高长重远宽深厚快久]|谁|哪[一两三几]?[个家所些位座种项部本条名年天日]?|什么|何[时地处人故种年日]?|怎[么样]|如何|(?<![称成名认视改定叫])(?:(?<=工作)|(?<!作))为什么|为何|若干")
# Verbs and copulas between a restated subject and the answer: "贡献率为85.7%", "直接办理358件".
LINKERS = ("是", "为", "达", "达到", "约", "共", "有", "在", "于", "到", "了", "约为", "共计", "合计", "累计")
# a modal verb right after 为什么/如何 ("为什么|能配…"): jieba glues it to a one-character verb ("能配"), a word no
# sentence prints ("还配备了自动遮阳帘")
MODAL_AFTER_ASKING = re.compile(r"^(?:能够|能|会|要|可以)(?=[\u4e00-\u9fff])")


# an intent before 怎么/如何 ("下一步…打算怎么做"): news states the plan itself ("下一步，该委将…")
INTENT_BEFORE_ASKING = re.compile(r"(?:打算|准备|计划|想要|将要|要|应该|应当|需要|必须|应)$")


def without_modals(question: "Question") -> tuple[str, str]:
    """A question's words either side of its question word, apart (cut together, "珠江委|做" makes a
    word 委做); for a why/how question, without a modal verb right after it or an intent right before
    it: what a sentence that answers it must print."""
    if question.answer_type not in ("reason", "method"):
        return question.left, question.right
    return INTENT_BEFORE_ASKING.sub("", question.left), MODAL_AFTER_ASKING.sub("", question.right)


# how many, said vaguely ("为什么很多车的天窗…" against "许多车的天窗…"): no content a sentence must print
VAGUE_QUANTIFIERS = ("很多", "许多", "不少", "一些", "有些", "众多", "好多")
# what "…进度怎么样" asks is the state itself: the answer states it ("收获已过六成") without the word
STATE_NOUNS = ("进度", "进展", "情况", "表现", "效果", "状况", "形势", "态势")


@dataclass
class Question:
    text: str  # as asked
    normalized: str  # search copy: simplified, half-width
    answer_type: str  # one of the TYPE_PATTERNS names, or "entity" when no question word is found
    qword: str | None  # the question word or phrase as it appears in ``normalized``
    left: str  # what precedes the question word (the restated part before the slot)
    right: str  # what follows it
    focus: list[str] = field(default_factory=list)  # content words
    unit: str | None = None  # the measure word the question asks in ("多少件" → 件)


class QuestionAnalyzer:
    @staticmethod
    def _without_question_word(core: str) -> tuple[str, str | None, str, str]:
        """A question with no question word: a yes/no question ("…复工了吗"), or a search-box
        query whose head noun says what is asked ("寺庙踩踏事故死亡人数" → a number, its slot the
        head noun); else an entity."""
        if YES_NO.search(core):
            return "yesno", None, YES_NO.sub("", core), ""
        for answer_type, pattern in HEAD_NOUNS:
            if (m := pattern.search(core)) and m.start() >= 2:
                return answer_type, m.group(), core[: m.start()], ""
        return "entity", None, core, ""

    def __init__(self, tokenizer: ChineseTokenizer | None = None) -> None:
        self.tokenizer = tokenizer or ChineseTokenizer()
        self.normalizer: SearchNormalizer = self.tokenizer.normalizer

    def as_question(self, text: str) -> str:
        """``text`` as a question: without a request around it ("请问", "帮我查一下"), and a
        search-box query whose head noun says what it asks ("格尔木全员核酸检测日期") gets the
        question words for that kind."""
        if (request := REQUEST.match(text.strip())) and len(text.strip()) - request.end() >= 2:
            text = text.strip()[request.end() :]
        core = re.sub(r"[?？。!！\s]+$", "", self.normalizer.normalize(text).strip())
        if CORE.search(core) or any(p.search(core) for _, p in COMPILED) or YES_NO.search(core):
            return text  # a question word of any kind ("用哪方面数据…进行排名"): a question already
        answer_type, head, _, _ = self._without_question_word(core)
        if not head:
            return text
        subject = QUESTION_NOUNS.sub("", core) if len(QUESTION_NOUNS.sub("", core)) >= 2 else core
        return f"{subject}{ASKED_AS.get(head[-2:], ASKED_AS[answer_type])}？"

    def analyze(self, text: str) -> Question:
        norm = self.normalizer.normalize(text).strip()
        core = re.sub(r"[?？。!！\s]+$", "", norm)
        best = None
        for name, pattern in COMPILED:
            for m in pattern.finditer(core):
                # prefer the most specific type; among equals the last question word
                if best is None or (COMPILED.index((name, pattern)) < best[0]):
                    best = (COMPILED.index((name, pattern)), name, m)
                elif best[1] == name:
                    best = (best[0], name, m)
        if best is None:
            answer_type, qword, left, right = self._without_question_word(core)
        else:
            _, answer_type, m = best
            # the interrogative is the slot; a description's whole frame is ("处于什么阶段", "进展如何")
            c = CORE.search(m.group()) if answer_type != "description" else None
            start, end = (m.start() + c.start(), m.start() + c.end()) if c else m.span()
            qword, left, right = core[start:end], core[:start], core[end:]
        unit = None
        if answer_type in ("number", "percent") and right:
            u = re.match(r"(?:个)?(万|亿|千)?([\u4e00-\u9fff%])", right)
            if u and u.group(2) not in "的是在了和与":
                unit = (u.group(1) or "") + u.group(2)
        focus = [t for t in self.tokenizer.tokens(core) if (qword is None or t not in qword) and t not in NOW_WORDS]
        return Question(text, norm, answer_type, qword, left, right, focus, unit)
